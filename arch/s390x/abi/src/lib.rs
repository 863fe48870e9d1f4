//! The numbers of Linux's s390x user ABI, in one place for both sides of
//! it: the kernel's system-call table and the user programs in
//! `tests/user` (which must stay runnable on Linux, so they depend on
//! nothing else of this kernel). Values are Linux's
//! (arch/s390/kernel/syscalls/syscall.tbl, 64-bit; include/uapi).
//!
//! What every architecture shares (errno, signal numbers, si_codes, mmap
//! flags, wait status, `siginfo_t`, auxv tags) is defined once in the
//! `linux-abi` crate and re-exported here, so that a program sees the whole
//! s390x ABI through this crate; what is s390x's own (the system-call
//! numbers, `SA_RESTORER`) is defined here.
#![no_std]
#![warn(missing_docs)]

pub use linux_abi::{auxv, errno, mman, wait, Siginfo};

/// System-call numbers.
pub mod nr {
    /// `exit`.
    pub const EXIT: u64 = 1;
    /// `fork`.
    pub const FORK: u64 = 2;
    /// `write`.
    pub const WRITE: u64 = 4;
    /// `getpid`.
    pub const GETPID: u64 = 20;
    /// `kill`.
    pub const KILL: u64 = 37;
    /// `brk`.
    pub const BRK: u64 = 45;
    /// `getppid`.
    pub const GETPPID: u64 = 64;
    /// `getrusage`.
    pub const GETRUSAGE: u64 = 77;
    /// `reboot`.
    pub const REBOOT: u64 = 88;
    /// `mmap` (s390x `old_mmap`: arguments in a memory block).
    pub const MMAP: u64 = 90;
    /// `munmap`.
    pub const MUNMAP: u64 = 91;
    /// `wait4`.
    pub const WAIT4: u64 = 114;
    /// `sigreturn`.
    pub const SIGRETURN: u64 = 119;
    /// `clone` (s390: newsp first, then flags).
    pub const CLONE: u64 = 120;
    /// `mprotect`.
    pub const MPROTECT: u64 = 125;
    /// `rt_sigreturn`.
    pub const RT_SIGRETURN: u64 = 173;
    /// `rt_sigaction`.
    pub const RT_SIGACTION: u64 = 174;
    /// `rt_sigprocmask`.
    pub const RT_SIGPROCMASK: u64 = 175;
    /// `exit_group`.
    pub const EXIT_GROUP: u64 = 248;
    /// `clock_gettime`.
    pub const CLOCK_GETTIME: u64 = 260;
}

/// Signal numbers, `sa_flags` and `si_code` values: the shared ones, and
/// `SA_RESTORER`, which s390x has and not every architecture does.
pub mod signal {
    pub use linux_abi::signal::*;

    /// `sa_flags`: `sa_restorer` is the handler's return path.
    pub const SA_RESTORER: u64 = 0x0400_0000;
}

/// The kernel's `struct sigaction` on s390x: handler, flags, restorer,
/// mask, each 8 bytes, big-endian (the order differs from the C library's
/// `struct sigaction`, and riscv64's has no restorer).
pub mod sigaction {
    /// Size of the structure in user memory.
    pub const SIZE: usize = 32;

    /// A signal action.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
    pub struct SigAction {
        /// `SIG_DFL`, `SIG_IGN` or a handler address.
        pub handler: u64,
        /// `SA_*` flags.
        pub flags: u64,
        /// Return path with `SA_RESTORER`.
        pub restorer: u64,
        /// Signals blocked while the handler runs.
        pub mask: u64,
    }

    impl SigAction {
        /// The action as a program wrote it.
        pub fn from_bytes(b: &[u8; SIZE]) -> Self {
            let w = |i: usize| {
                let mut word = [0u8; 8];
                word.copy_from_slice(&b[i * 8..i * 8 + 8]);
                u64::from_be_bytes(word)
            };
            Self {
                handler: w(0),
                flags: w(1),
                restorer: w(2),
                mask: w(3),
            }
        }

        /// The action as a program reads it.
        pub fn to_bytes(&self) -> [u8; SIZE] {
            let mut b = [0u8; SIZE];
            for (i, w) in [self.handler, self.flags, self.restorer, self.mask]
                .iter()
                .enumerate()
            {
                b[i * 8..i * 8 + 8].copy_from_slice(&w.to_be_bytes());
            }
            b
        }
    }
}

/// How s390x passes the arguments of calls whose convention is its own.
pub mod conventions {
    /// `mmap` (`nr::MMAP`, the old `old_mmap`) takes one argument: the
    /// address of a block of six 8-byte words (addr, len, prot, flags, fd,
    /// offset).
    pub const MMAP_ARGS_IN_MEMORY: bool = true;

    /// `clone` takes (newsp, flags, ...): the stack before the flags.
    pub const CLONE_STACK_FIRST: bool = true;
}
