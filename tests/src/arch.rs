//! What the harness does differently per architecture: QEMU and its
//! machine, the symbol reader, where the user programs are, the boot list
//! and how the boots are named.

use std::path::PathBuf;

use crate::boots::{self, Boot};
use crate::qemu::Machine;

/// An architecture the kernel is built for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arch {
    S390x,
    Riscv64,
}

impl Arch {
    /// Every architecture, in the order a run boots them.
    pub const ALL: [Arch; 2] = [Arch::S390x, Arch::Riscv64];

    /// What the file-system fixture's hand-made executables are for this
    /// architecture: its ELF machine and its exit(42) code.
    pub fn testfs_target(self) -> kcore::testfs::Target<'static> {
        match self {
            Arch::S390x => kcore::testfs::Target {
                machine: 22,
                big_endian: true,
                exit42: &s390x_linux_abi::fixture::EXIT_42,
            },
            Arch::Riscv64 => kcore::testfs::Target {
                machine: 243,
                big_endian: false,
                exit42: &riscv64_linux_abi::fixture::EXIT_42,
            },
        }
    }

    /// The name `make ARCH=` and `--kernel NAME=PATH` use.
    pub fn name(self) -> &'static str {
        match self {
            Arch::S390x => "s390x",
            Arch::Riscv64 => "riscv64",
        }
    }

    /// `s390x`, `riscv64`.
    pub fn from_name(name: &str) -> Option<Arch> {
        Arch::ALL.into_iter().find(|a| a.name() == name)
    }

    /// What a boot's name starts with in the results: nothing for s390x,
    /// whose names predate a second architecture (`make test BOOT=main`
    /// keeps working), `riscv64/` for riscv64.
    pub fn prefix(self) -> &'static str {
        match self {
            Arch::S390x => "",
            Arch::Riscv64 => "riscv64/",
        }
    }

    /// QEMU and the machine options every boot of this architecture has.
    pub fn machine(self, qemu_override: Option<&str>) -> Machine {
        let (bin, args): (&str, &'static [&'static str]) = match self {
            // A failed boot ends in a disabled wait, which -action turns
            // into exit status 1.
            Arch::S390x => (
                "qemu-system-s390x",
                &[
                    "-M",
                    "s390-ccw-virtio",
                    "-nographic",
                    "-action",
                    "panic=exit-failure",
                ],
            ),
            // QEMU's bundled OpenSBI loads the kernel at 0x80200000; the
            // kernel ends every run through the SiFive test device, with
            // the exit status it writes there.
            Arch::Riscv64 => (
                "qemu-system-riscv64",
                &["-M", "virt", "-nographic", "-bios", "default"],
            ),
        };
        Machine {
            bin: qemu_override.unwrap_or(bin).to_string(),
            args,
        }
    }

    /// The binutils `nm` that reads this architecture's kernel.
    pub fn nm(self) -> &'static str {
        match self {
            Arch::S390x => "s390x-linux-gnu-nm",
            Arch::Riscv64 => "riscv64-linux-gnu-nm",
        }
    }

    /// Where the Makefile put this architecture's user programs.
    pub fn user_dir(self) -> PathBuf {
        PathBuf::from("target/user").join(self.name())
    }

    /// The boots `make test` runs on this architecture.
    pub fn boots(self) -> Vec<&'static Boot> {
        let own = match self {
            Arch::S390x => boots::S390X,
            Arch::Riscv64 => boots::RISCV64,
        };
        boots::COMMON.iter().chain(own).collect()
    }

    /// Whether there is a Linux of this architecture here to compare
    /// with (the busybox and differential suites): only s390x's.
    pub fn has_linux_peer(self) -> bool {
        self == Arch::S390x
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_only_riscv64_is_prefixed() {
        for a in Arch::ALL {
            assert_eq!(Arch::from_name(a.name()), Some(a));
        }
        assert_eq!(Arch::from_name("x86_64"), None);
        assert_eq!(Arch::S390x.prefix(), "");
        assert_eq!(Arch::Riscv64.prefix(), "riscv64/");
    }

    #[test]
    fn machines() {
        let m = Arch::Riscv64.machine(None);
        assert_eq!(m.bin, "qemu-system-riscv64");
        assert_eq!(m.args.join(" "), "-M virt -nographic -bios default");
        let m = Arch::S390x.machine(Some("/opt/qemu"));
        assert_eq!(m.bin, "/opt/qemu");
        assert!(m.args.contains(&"s390-ccw-virtio"));
    }
}
