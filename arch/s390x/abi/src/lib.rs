//! The numbers of Linux's s390x user ABI, in one place for both sides of
//! it: the kernel's system-call table and the user programs in
//! `tests/user` (which must stay runnable on Linux, so they depend on
//! nothing else of this kernel). Values are Linux's
//! (arch/s390/kernel/syscalls/syscall.tbl, 64-bit; include/uapi).
#![no_std]

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

/// `mmap`/`mprotect` protections and flags.
pub mod mman {
    /// Pages may be read.
    pub const PROT_READ: u64 = 1;
    /// Pages may be written.
    pub const PROT_WRITE: u64 = 2;
    /// Pages may be executed.
    pub const PROT_EXEC: u64 = 4;
    /// Shared mapping.
    pub const MAP_SHARED: u64 = 0x01;
    /// Private (copy-on-write) mapping.
    pub const MAP_PRIVATE: u64 = 0x02;
    /// Exactly at the address given.
    pub const MAP_FIXED: u64 = 0x10;
    /// Not backed by a file.
    pub const MAP_ANONYMOUS: u64 = 0x20;
    /// A stack that grows down.
    pub const MAP_GROWSDOWN: u64 = 0x0100;
    /// No swap reservation (accepted, meaningless here).
    pub const MAP_NORESERVE: u64 = 0x4000;
    /// Populate the pages now (accepted; pages come on demand).
    pub const MAP_POPULATE: u64 = 0x8000;
    /// Exactly at the address, failing if it is in use.
    pub const MAP_FIXED_NOREPLACE: u64 = 0x10_0000;
}

/// Signal numbers, `sa_flags` and `si_code` values.
pub mod signal {
    /// Illegal instruction.
    pub const SIGILL: i32 = 4;
    /// Trace trap.
    pub const SIGTRAP: i32 = 5;
    /// Bus error.
    pub const SIGBUS: i32 = 7;
    /// Floating-point exception.
    pub const SIGFPE: i32 = 8;
    /// Kill.
    pub const SIGKILL: i32 = 9;
    /// Segmentation violation.
    pub const SIGSEGV: i32 = 11;
    /// Child status changed.
    pub const SIGCHLD: i32 = 17;
    /// The handler takes (signo, siginfo, ucontext).
    pub const SA_SIGINFO: u64 = 0x4;
    /// `sa_restorer` is the return path.
    pub const SA_RESTORER: u64 = 0x0400_0000;
    /// SIGSEGV: address not mapped.
    pub const SEGV_MAPERR: i32 = 1;
    /// SIGSEGV: invalid permissions for a mapped object.
    pub const SEGV_ACCERR: i32 = 2;
    /// SIGBUS: nonexistent physical address.
    pub const BUS_ADRERR: i32 = 2;
}

/// `errno` values (returned negated).
pub mod errno {
    /// No such process.
    pub const ESRCH: i64 = 3;
    /// Bad file descriptor.
    pub const EBADF: i64 = 9;
    /// No child processes.
    pub const ECHILD: i64 = 10;
    /// Out of memory.
    pub const ENOMEM: i64 = 12;
    /// Permission denied.
    pub const EACCES: i64 = 13;
    /// Bad address.
    pub const EFAULT: i64 = 14;
    /// Invalid argument.
    pub const EINVAL: i64 = 22;
    /// Function not implemented.
    pub const ENOSYS: i64 = 38;
}
