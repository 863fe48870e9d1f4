//! The numbers of Linux's riscv64 user ABI (filled in by the ABI work).
//!
//! Until then this holds only what the user programs of `tests/user`
//! need, with the module and item names of `s390x-linux-abi`: the
//! system-call numbers they make (asm-generic's, from
//! include/uapi/asm-generic/unistd.h) and the shared signal numbers.
#![no_std]
#![warn(missing_docs)]

pub use linux_abi::{auxv, errno, fcntl, fs, mman, wait, Siginfo};

/// System-call numbers (asm-generic, 64-bit; riscv64 has no `fork`, no
/// `old_mmap`).
pub mod nr {
    /// `write`.
    pub const WRITE: u64 = 64;
    /// `exit`.
    pub const EXIT: u64 = 93;
    /// `exit_group`.
    pub const EXIT_GROUP: u64 = 94;
    /// `clock_gettime`.
    pub const CLOCK_GETTIME: u64 = 113;
    /// `kill`.
    pub const KILL: u64 = 129;
    /// `rt_sigaction`.
    pub const RT_SIGACTION: u64 = 134;
    /// `rt_sigreturn`.
    pub const RT_SIGRETURN: u64 = 139;
    /// `reboot`.
    pub const REBOOT: u64 = 142;
    /// `getpid`.
    pub const GETPID: u64 = 172;
    /// `getppid`.
    pub const GETPPID: u64 = 173;
    /// `munmap`.
    pub const MUNMAP: u64 = 215;
    /// `clone` (flags, newsp, parent_tid, tls, child_tid).
    pub const CLONE: u64 = 220;
    /// `mmap` (six arguments in registers).
    pub const MMAP: u64 = 222;
    /// `mprotect`.
    pub const MPROTECT: u64 = 226;
    /// `wait4`.
    pub const WAIT4: u64 = 260;
}

/// Signal numbers, `sa_flags` and `si_code` values: riscv64 has only the
/// shared ones (no `SA_RESTORER`: the kernel's vDSO trampoline returns).
pub mod signal {
    pub use linux_abi::signal::*;
}
