//! The first program, as Linux starts it from an initramfs: QEMU's
//! `-initrd` is unpacked as the root file system (cpio newc archives,
//! gzip-compressed or not), and `rdinit=` names the program (default
//! `/init`), which runs with that path as `argv[0]`, the command-line
//! words after `--` as its arguments and Linux's `HOME=/` and
//! `TERM=linux` as its environment. Its exit status decides QEMU's.
//!
//! An `-initrd` that is a bare static ELF (this kernel's form before it
//! had a file system) is still accepted: it becomes `/init` of the base
//! tree and runs as `init`, as it always did.

use alloc::string::String;
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::ops::Range;

use arch::Arch;
use karch::Arch as _;
use kcore::cmdline::Cmdline;
use kcore::{pr_info, println};
use linux_abi::errno;
use mm::Contents;

use crate::fs::initramfs::{self, UnpackError};
use crate::fs::lookup::lookup_existing;
use crate::fs::NodeRef;
use crate::invariants;
use crate::task;

/// The first program when `rdinit=` is not given.
const DEFAULT_INIT: &str = "/init";

/// Linux's environment for the first program (`envp_init`).
const ENVP_INIT: [&[u8]; 2] = [b"HOME=/", b"TERM=linux"];

/// The initrd QEMU loaded, in place.
struct Initrd(&'static [u8]);

impl Contents for Initrd {
    fn bytes(&self) -> &[u8] {
        self.0
    }
}

/// Unpacks the initrd, runs the first program and ends the run with its
/// verdict, after checking that the run gave back everything it took
/// (`invariants.rs`): a broken invariant fails the run.
pub fn run(initrd: Range<u64>, cmdline: &Cmdline) -> ! {
    // The zero page is the kernel's for good: made before the baseline.
    crate::task::memory();
    let before = invariants::snapshot();
    let status = run_first(initrd, cmdline);
    let hold = invariants::check(before);
    let ok = if status == 0 {
        println!("init: exited with status 0");
        true
    } else if status & 0x7f != 0 {
        println!("init: killed by signal {}", status & 0x7f);
        false
    } else {
        println!("init: exited with status {}", (status >> 8) & 0xff);
        false
    };
    if !hold {
        println!("init: the kernel's invariants are broken after the run");
    }
    Arch::exit(ok && hold)
}

/// Unpacks the initrd and runs the first program: its wait status. What
/// the run made (the root file system, its page caches) is dropped on
/// return.
fn run_first(initrd: Range<u64>, cmdline: &Cmdline) -> i32 {
    // SAFETY: QEMU loaded the initrd into this RAM range, which the frame
    // allocator and heap never hand out (memory.rs), and nothing writes it
    // for as long as the kernel runs, so it can be shared as 'static.
    let bytes: &'static [u8] = unsafe {
        core::slice::from_raw_parts(
            Arch::phys_to_virt(initrd.start) as *const u8,
            (initrd.end - initrd.start) as usize,
        )
    };
    let data: Arc<dyn Contents> = Arc::new(Initrd(bytes));
    let bare_elf = bytes.starts_with(b"\x7fELF");
    let fs = if bare_elf {
        initramfs::with_init(data)
    } else {
        match initramfs::unpack(data, inflate_limit()) {
            Ok(fs) => fs,
            Err(e) => fail(&unpack_failure(&e)),
        }
    };
    let fs = Arc::new(fs);
    let path = cmdline.get("rdinit").unwrap_or(DEFAULT_INIT);
    // A bare ELF keeps the argv[0] and the name it always had, unless
    // rdinit= named a path.
    let compat = bare_elf && cmdline.get("rdinit").is_none();
    let (argv0, label) = if compat {
        ("init", "the initrd program")
    } else {
        (path, path)
    };
    let root = NodeRef::root(&fs);
    let file = match lookup_existing(&fs, root.ino, path.as_bytes(), true) {
        Ok(ino) => root.at(ino),
        Err(e) => fail(&alloc::format!("cannot run {label}: {}", errno_name(e))),
    };
    if let Err(e) = task::exec::check_executable(&file) {
        fail(&alloc::format!("cannot run {label}: {}", errno_name(e)));
    }
    let args: Vec<String> = cmdline.init_args().collect();
    let mut argv: Vec<&[u8]> = alloc::vec![argv0.as_bytes()];
    argv.extend(args.iter().map(|a| a.as_bytes()));
    pr_info!(
        "init: running {label} ({} bytes) with {:?}",
        file.stat().size,
        &args
    );
    match task::run_file(&file, &argv, &ENVP_INIT, |_| {}) {
        Ok(status) => {
            // The counters are for whoever reads the kernel's log; at
            // `loglevel=warn` the console keeps to the program's output
            // and the verdict below.
            if kcore::log::enabled(kcore::log::Level::Info) {
                crate::report();
            }
            status
        }
        Err(task::RunError::Exec(e)) => fail(&alloc::format!("cannot run {label}: {e}")),
        Err(e) => fail(&alloc::format!("cannot run {label}: {e:?}")),
    }
}

/// How much memory inflating may use: half of the free heap, so that the
/// kernel keeps room to run what it unpacked.
fn inflate_limit() -> usize {
    crate::heap::usage().1 / 2
}

fn unpack_failure(e: &UnpackError) -> String {
    alloc::format!("the initrd cannot be unpacked: {e}")
}

/// A lookup or exec errno as a reader wants it.
fn errno_name(e: i64) -> &'static str {
    match e {
        errno::ENOENT => "No such file or directory (ENOENT)",
        errno::ENOTDIR => "Not a directory (ENOTDIR)",
        errno::ELOOP => "Too many levels of symbolic links (ELOOP)",
        errno::ENAMETOOLONG => "File name too long (ENAMETOOLONG)",
        errno::EACCES => "Permission denied (EACCES): not an executable regular file",
        _ => "error",
    }
}

fn fail(why: &str) -> ! {
    println!("init: {why}");
    Arch::exit(false)
}
