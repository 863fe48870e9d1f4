//! The QEMU boots `make test` runs on each architecture, and what each
//! must show.

use std::path::Path;

/// What a boot must produce.
pub enum Expect {
    /// A complete KTAP report with every test passing, and exit status 0.
    /// `also` are lines the console must contain (each counted as a test).
    Ktap {
        also: &'static [(&'static str, &'static str)],
    },
    /// A deliberate crash: a failure exit and every listed text in the
    /// output, in order. Counted as one test.
    Crash { texts: &'static [&'static str] },
    /// A clean exit (status 0) with every listed text in the output.
    Clean { texts: &'static [&'static str] },
    /// The boot must hang and be killed by a timeout of `seconds`, and the
    /// harness must name `last_started` as the test that was running.
    Timeout {
        seconds: u64,
        last_started: &'static str,
    },
}

/// What QEMU loads as `-initrd` (the first user program).
pub enum Initrd {
    /// A user program of the architecture booted (`target/user/ARCH/NAME`).
    Program(&'static str),
    /// These bytes, written to a file in the log directory first.
    Bytes(&'static [u8]),
    /// Bytes made at test time (`initrds.rs`) from the architecture's user
    /// programs (the directory given), written to the log directory first
    /// (so that the same file can be booted on Linux).
    Made(fn(&Path) -> Result<Vec<u8>, String>),
}

/// Device trees the harness makes for a boot: QEMU's own for the
/// machine, dumped (`-machine dumpdtb=`) and then damaged (`dtbs.rs`).
#[derive(Clone, Copy, Debug)]
pub enum Dtb {
    /// The `/memory` node renamed, so the tree has no memory.
    NoMemory,
}

/// One QEMU boot.
pub struct Boot {
    pub name: &'static str,
    pub mem: &'static str,
    pub append: &'static str,
    pub initrd: Option<Initrd>,
    /// More QEMU options (a CPU model, say).
    pub qemu_args: &'static [&'static str],
    /// A device tree made at test time instead of QEMU's own (`-dtb`).
    pub dtb: Option<Dtb>,
    pub expect: Expect,
}

/// The boots every architecture runs alike, in the order they run.
pub const COMMON: &[Boot] = &[
    Boot {
        name: "main",
        mem: "512M",
        append: "loglevel=info ktest.expect_mem=512M bogus.option=1",
        initrd: None,
        qemu_args: &[],
        dtb: None,
        expect: Expect::Ktap {
            also: &[(
                "unknown_option_reported",
                "unknown command-line option 'bogus.option' ignored",
            )],
        },
    },
    Boot {
        name: "mem-64M",
        mem: "64M",
        append: "ktest.filter=mem ktest.expect_mem=64M",
        initrd: None,
        qemu_args: &[],
        dtb: None,
        expect: Expect::Ktap { also: &[] },
    },
    Boot {
        name: "limits-64M",
        mem: "64M",
        append: "ktest.filter=limits loglevel=warn",
        initrd: None,
        qemu_args: &[],
        dtb: None,
        expect: Expect::Ktap { also: &[] },
    },
    Boot {
        name: "mem-4G",
        mem: "4G",
        append: "ktest.filter=mem ktest.expect_mem=4G",
        initrd: None,
        qemu_args: &[],
        dtb: None,
        expect: Expect::Ktap { also: &[] },
    },
    Boot {
        name: "crash-panic",
        mem: "128M",
        append: "crash=panic",
        initrd: None,
        qemu_args: &[],
        dtb: None,
        expect: Expect::Crash {
            texts: &[
                "Kernel panic at kernel/src/crash.rs",
                "deliberate panic from crash=panic",
            ],
        },
    },
    Boot {
        name: "crash-heap-exhaustion",
        mem: "128M",
        append: "crash=heap-exhaustion",
        initrd: None,
        qemu_args: &[],
        dtb: None,
        expect: Expect::Crash {
            texts: &["Kernel panic at", "memory allocation of"],
        },
    },
    Boot {
        name: "crash-test-panic",
        mem: "128M",
        append: "crash=test-panic",
        initrd: None,
        qemu_args: &[],
        dtb: None,
        expect: Expect::Crash {
            texts: &[
                "ok 1 passes",
                "ktest.panics panicked: deliberate panic inside a test",
                "not ok 2 panics",
                "not ok 1 ktest",
            ],
        },
    },
    Boot {
        name: "crash-test-hang",
        mem: "128M",
        append: "crash=test-hang",
        initrd: None,
        qemu_args: &[],
        dtb: None,
        expect: Expect::Timeout {
            seconds: 5,
            last_started: "ktest.hangs",
        },
    },
    Boot {
        name: "init-program",
        mem: "256M",
        append: "loglevel=warn -- first second",
        initrd: Some(Initrd::Program("hello")),
        qemu_args: &[],
        dtb: None,
        expect: Expect::Clean {
            texts: &[
                "hello from user space, pid 1",
                "argv[0] = init",
                "argv[1] = first",
                "argv[2] = second",
                "init: exited with status 0",
            ],
        },
    },
    Boot {
        name: "init-failing-program",
        mem: "256M",
        append: "loglevel=warn -- no_such_case",
        initrd: Some(Initrd::Program("faults")),
        qemu_args: &[],
        dtb: None,
        expect: Expect::Crash {
            texts: &["unknown case 'no_such_case'", "init: exited with status 2"],
        },
    },
    Boot {
        // Two gzip members with padding between them; rdinit= names a
        // symbolic link; quotes group the arguments after `--`.
        name: "initramfs-gzip-rdinit",
        mem: "256M",
        append: "loglevel=warn rdinit=/bin/hi -- one \"two words\" three",
        initrd: Some(Initrd::Made(crate::initrds::hello_gz)),
        qemu_args: &[],
        dtb: None,
        expect: Expect::Clean {
            texts: &[
                "argv[0] = /bin/hi",
                "argv[1] = one",
                "argv[2] = two words",
                "argv[3] = three",
                "envp[0] = HOME=/",
                "envp[1] = TERM=linux",
                "init: exited with status 0",
            ],
        },
    },
    Boot {
        name: "initramfs-rdinit-missing",
        mem: "256M",
        append: "loglevel=warn rdinit=/bin/nope",
        initrd: Some(Initrd::Made(crate::initrds::hello_gz)),
        qemu_args: &[],
        dtb: None,
        expect: Expect::Crash {
            texts: &["init: cannot run /bin/nope: No such file or directory (ENOENT)"],
        },
    },
    Boot {
        name: "initramfs-rdinit-directory",
        mem: "256M",
        append: "loglevel=warn rdinit=/bin",
        initrd: Some(Initrd::Made(crate::initrds::hello_gz)),
        qemu_args: &[],
        dtb: None,
        expect: Expect::Crash {
            texts: &["init: cannot run /bin: Permission denied (EACCES)"],
        },
    },
    Boot {
        name: "initramfs-corrupt-gzip",
        mem: "256M",
        append: "loglevel=warn",
        initrd: Some(Initrd::Made(crate::initrds::corrupt_gzip)),
        qemu_args: &[],
        dtb: None,
        expect: Expect::Crash {
            texts: &["init: the initrd cannot be unpacked: gzip data at offset"],
        },
    },
    Boot {
        name: "initramfs-truncated-cpio",
        mem: "256M",
        append: "loglevel=warn",
        initrd: Some(Initrd::Made(crate::initrds::truncated_cpio)),
        qemu_args: &[],
        dtb: None,
        expect: Expect::Crash {
            texts: &["init: the initrd cannot be unpacked: damaged cpio archive (starting at 0)"],
        },
    },
    Boot {
        // The fuzzer (tests/c/fuzz.c): seeds 1-3 for 20 s each, and seed 4 at
        // 64 MiB; the run passes if the fuzzer found nothing and the
        // kernel's invariants hold once it has exited (`make fuzz` runs it
        // longer).
        name: "fuzz-seed-1",
        mem: "512M",
        append: "loglevel=warn -- 1 20",
        initrd: Some(Initrd::Program("fuzz")),
        qemu_args: &[],
        dtb: None,
        expect: Expect::Clean { texts: FUZZ_PASSES },
    },
    Boot {
        // As fuzz-seed-1.
        name: "fuzz-seed-2",
        mem: "512M",
        append: "loglevel=warn -- 2 20",
        initrd: Some(Initrd::Program("fuzz")),
        qemu_args: &[],
        dtb: None,
        expect: Expect::Clean { texts: FUZZ_PASSES },
    },
    Boot {
        // As fuzz-seed-1.
        name: "fuzz-seed-3",
        mem: "512M",
        append: "loglevel=warn -- 3 20",
        initrd: Some(Initrd::Program("fuzz")),
        qemu_args: &[],
        dtb: None,
        expect: Expect::Clean { texts: FUZZ_PASSES },
    },
    Boot {
        // As fuzz-seed-1, with little memory.
        name: "fuzz-64M",
        mem: "64M",
        append: "loglevel=warn -- 4 20",
        initrd: Some(Initrd::Program("fuzz")),
        qemu_args: &[],
        dtb: None,
        expect: Expect::Clean { texts: FUZZ_PASSES },
    },
];

/// What a fuzzer boot must print: the fuzzer's verdict, then the kernel's
/// invariants (every frame and heap byte back, no task, no lock held).
const FUZZ_PASSES: &[&str] = &[
    "fuzz: done, nothing wrong",
    "invariants: frames",
    "tasks 0 locks 0: all hold",
    "init: exited with status 0",
];

/// The boots of s390x alone (its crash texts, its CPU check), after
/// [`COMMON`].
pub const S390X: &[Boot] = &[
    Boot {
        name: "list",
        mem: "128M",
        append: "ktest.list",
        initrd: None,
        qemu_args: &[],
        dtb: None,
        expect: Expect::Clean {
            texts: &[
                "# test: mem.detects_ram_size",
                "# test: s390x_boot.new_psws_point_at_handlers",
            ],
        },
    },
    Boot {
        name: "oops-wild-load",
        mem: "128M",
        append: "crash=wild-load",
        initrd: None,
        qemu_args: &[],
        dtb: None,
        expect: Expect::Crash {
            texts: &[
                "Unable to handle kernel pointer dereference in virtual kernel address space",
                "Oops: region-third translation exception (code 0x003b)",
                "ilc:6",
                "Failing address: 000001deadbee000 TEID: 000001deadbee803",
                "Fault in home space mode while using kernel ASCE.",
                "R3E[ 957] : ",
                " invalid",
                "Krnl PSW : ",
                "GPRS  0- 3:",
                "Call Trace:",
                "kernel::crash::run",
                "---[ end trace ]---",
            ],
        },
    },
    Boot {
        name: "oops-text-store",
        mem: "128M",
        append: "crash=text-store",
        initrd: None,
        qemu_args: &[],
        dtb: None,
        expect: Expect::Crash {
            texts: &[
                "Unable to handle kernel pointer dereference in virtual kernel address space",
                "Oops: protection exception (code 0x0004)",
                "protection Dat",
                "Fault in home space mode while using kernel ASCE.",
                "PTE[",
                "rox",
                "Call Trace:",
                "---[ end trace ]---",
            ],
        },
    },
    Boot {
        name: "oops-stack-overflow",
        mem: "128M",
        append: "crash=stack-overflow",
        initrd: None,
        qemu_args: &[],
        dtb: None,
        expect: Expect::Crash {
            texts: &[
                "Oops: kernel stack overflow",
                "Krnl PSW : ",
                "---[ end trace ]---",
            ],
        },
    },
    Boot {
        name: "oops-bad-pte",
        mem: "128M",
        append: "crash=bad-pte",
        initrd: None,
        qemu_args: &[],
        dtb: None,
        expect: Expect::Crash {
            texts: &[
                "Oops: translation specification exception (code 0x0012)",
                "Krnl PSW : ",
            ],
        },
    },
    Boot {
        name: "oops-nested-fault",
        mem: "128M",
        append: "crash=nested-fault",
        initrd: None,
        qemu_args: &[],
        dtb: None,
        expect: Expect::Crash {
            texts: &[
                "Oops: nested program check inside the program-check handler",
                "Nested: region-third translation exception",
                "Nested PSW : ",
                "Outer: region-third translation exception",
                "Outer  PSW : ",
            ],
        },
    },
    Boot {
        name: "unexpected-svc",
        mem: "128M",
        append: "crash=svc",
        initrd: None,
        qemu_args: &[],
        dtb: None,
        expect: Expect::Crash {
            texts: &[
                "Unexpected supervisor call interruption: code 0x0002002a",
                "Old PSW: ",
            ],
        },
    },
    Boot {
        name: "oops-invalid-opcode",
        mem: "128M",
        append: "crash=invalid-opcode",
        initrd: None,
        qemu_args: &[],
        dtb: None,
        expect: Expect::Crash {
            texts: &[
                "Oops: operation exception (code 0x0001)",
                "ilc:2",
                "Krnl PSW : ",
            ],
        },
    },
    Boot {
        name: "oops-unexpected-fault-flags",
        mem: "128M",
        append: "crash=fallback",
        initrd: None,
        qemu_args: &[],
        dtb: None,
        expect: Expect::Crash {
            texts: &[
                "Unexpected fault flags: 00000800 (FALLBACK)",
                "Unable to handle kernel paging request in virtual user address space",
                "Oops: unexpected fault flags",
                "Fault in primary space mode while using user ASCE.",
            ],
        },
    },
    Boot {
        name: "init-malformed-elf",
        mem: "256M",
        append: "loglevel=warn",
        initrd: Some(Initrd::Bytes(
            b"\x7fELF\x02\x02\x01 this is not a complete ELF header",
        )),
        qemu_args: &[],
        dtb: None,
        expect: Expect::Crash {
            texts: &["init: cannot run the initrd program: not a valid 64-bit ELF file"],
        },
    },
    Boot {
        // The kernel is compiled for the z196; _start must stop an older
        // CPU before any compiled code runs (QEMU names the wait PSW).
        name: "old-cpu",
        mem: "128M",
        append: "",
        initrd: None,
        qemu_args: &["-cpu", "z900", "-d", "guest_errors"],
        dtb: None,
        expect: Expect::Crash {
            texts: &["disabled-wait", "0x0000000000000196"],
        },
    },
];

/// What riscv64's crash boots must print, in order, in one place: the
/// riscv64 backend's oops lines.
pub mod riscv64_oops {
    /// `crash=wild-load`: a kernel load from an unmapped kernel address.
    pub const WILD_LOAD: &[&str] = &[
        "Unable to handle kernel paging request at virtual address ffffffffdead0000",
        "Oops: kernel address not mapped (level 2 entry not valid)",
        "scause 0xd (load page fault), stval 0xffffffffdead0000 (address)",
        "stops at level 2: not valid",
        "Krnl pc : ",
        "Call Trace:",
        "kernel::crash::run",
        "---[ end trace ]---",
    ];
    /// `crash=text-store`: a store to the kernel's read-only text.
    pub const TEXT_STORE: &[&str] = &[
        "Unable to handle kernel paging request at virtual address",
        "Oops: store to a read-only page",
        "scause 0xf (store/AMO page fault)",
        "V R X G A D",
        "Krnl pc : ",
        "Call Trace:",
        "---[ end trace ]---",
    ];
    /// `crash=stack-overflow`: the guard page below a kernel stack.
    pub const STACK_OVERFLOW: &[&str] = &[
        "Oops: kernel stack overflow",
        "scause 0xf (store/AMO page fault)",
        "Krnl pc : ",
        "---[ end trace ]---",
    ];
    /// `crash=bad-pte`: a PTE with reserved bit 60 set, which the walk
    /// names.
    pub const BAD_PTE: &[&str] = &[
        "Oops: corrupt page-table entry at level 0: reserved bits 0x1000000000000000",
        "scause 0xd (load page fault), stval 0xffffffe000000000 (address)",
        "stops at level 0: reserved bits 0x1000000000000000",
        "---[ end trace ]---",
    ];
    /// `crash=nested-fault`: a fault inside the trap handler.
    pub const NESTED_FAULT: &[&str] = &[
        "Oops: nested exception inside the trap handler",
        "Nested: scause 0xd (load page fault), stval 0xffffffffdead0000 (address)",
        "Outer: scause 0xd (load page fault)",
        "---[ end trace ]---",
    ];
    /// `crash=invalid-opcode`: an illegal instruction in the kernel.
    pub const INVALID_OPCODE: &[&str] = &[
        "Oops: scause 0x2 (illegal instruction)",
        "scause 0x2 (illegal instruction), stval 0x0 (instruction bits)",
        "Krnl pc : ",
        "---[ end trace ]---",
    ];
    /// `crash=fallback`: `handle_mm_fault` answering FALLBACK on a user
    /// access (the generic part of the text is the s390x boot's).
    pub const FALLBACK: &[&str] = &[
        "Unexpected fault flags: 00000800 (FALLBACK)",
        "Unable to handle kernel paging request at virtual address 0000000010000000",
        "Oops: unexpected fault flags",
        "Page-table walk (user address):",
    ];
}

/// The boots of riscv64 alone, after [`COMMON`]: s390x's own less the
/// ones that test s390x itself (an unexpected SVC, a pre-z196 CPU), with
/// riscv64's oops texts, and a device tree without memory. The names get
/// the prefix `riscv64/`.
pub const RISCV64: &[Boot] = &[
    Boot {
        name: "list",
        mem: "128M",
        append: "ktest.list",
        initrd: None,
        qemu_args: &[],
        dtb: None,
        expect: Expect::Clean {
            texts: &["# test: mem.detects_ram_size"],
        },
    },
    Boot {
        name: "oops-wild-load",
        mem: "128M",
        append: "crash=wild-load",
        initrd: None,
        qemu_args: &[],
        dtb: None,
        expect: Expect::Crash {
            texts: riscv64_oops::WILD_LOAD,
        },
    },
    Boot {
        name: "oops-text-store",
        mem: "128M",
        append: "crash=text-store",
        initrd: None,
        qemu_args: &[],
        dtb: None,
        expect: Expect::Crash {
            texts: riscv64_oops::TEXT_STORE,
        },
    },
    Boot {
        name: "oops-stack-overflow",
        mem: "128M",
        append: "crash=stack-overflow",
        initrd: None,
        qemu_args: &[],
        dtb: None,
        expect: Expect::Crash {
            texts: riscv64_oops::STACK_OVERFLOW,
        },
    },
    Boot {
        name: "oops-bad-pte",
        mem: "128M",
        append: "crash=bad-pte",
        initrd: None,
        qemu_args: &[],
        dtb: None,
        expect: Expect::Crash {
            texts: riscv64_oops::BAD_PTE,
        },
    },
    Boot {
        name: "oops-nested-fault",
        mem: "128M",
        append: "crash=nested-fault",
        initrd: None,
        qemu_args: &[],
        dtb: None,
        expect: Expect::Crash {
            texts: riscv64_oops::NESTED_FAULT,
        },
    },
    Boot {
        name: "oops-invalid-opcode",
        mem: "128M",
        append: "crash=invalid-opcode",
        initrd: None,
        qemu_args: &[],
        dtb: None,
        expect: Expect::Crash {
            texts: riscv64_oops::INVALID_OPCODE,
        },
    },
    Boot {
        name: "oops-unexpected-fault-flags",
        mem: "128M",
        append: "crash=fallback",
        initrd: None,
        qemu_args: &[],
        dtb: None,
        expect: Expect::Crash {
            texts: riscv64_oops::FALLBACK,
        },
    },
    Boot {
        name: "init-malformed-elf",
        mem: "256M",
        append: "loglevel=warn",
        initrd: Some(Initrd::Bytes(
            b"\x7fELF\x02\x01\x01 this is not a complete ELF header",
        )),
        qemu_args: &[],
        dtb: None,
        expect: Expect::Crash {
            texts: &["init: cannot run the initrd program: not a valid 64-bit ELF file"],
        },
    },
    Boot {
        // The firmware's device tree without a /memory node: one line
        // naming it, and a failure exit.
        name: "dtb-without-memory",
        mem: "128M",
        append: "loglevel=info",
        initrd: None,
        qemu_args: &[],
        dtb: Some(Dtb::NoMemory),
        expect: Expect::Crash {
            texts: &[
                "riscv64: cannot use the device tree at 0x",
                ": the device tree has no /memory node with a size",
            ],
        },
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_per_architecture() {
        for list in [S390X, RISCV64] {
            let mut names: Vec<&str> = list.iter().map(|b| b.name).collect();
            names.sort_unstable();
            let n = names.len();
            names.dedup();
            assert_eq!(names.len(), n);
        }
    }

    #[test]
    fn riscv64_has_no_s390x_only_boot() {
        for b in RISCV64 {
            assert!(
                !matches!(b.name, "unexpected-svc" | "old-cpu"),
                "{}",
                b.name
            );
            assert!(!b.append.contains("crash=svc"));
        }
        // Every other s390x boot has a riscv64 twin.
        for b in S390X {
            if !matches!(b.name, "unexpected-svc" | "old-cpu") {
                assert!(RISCV64.iter().any(|r| r.name == b.name), "{}", b.name);
            }
        }
    }
}
