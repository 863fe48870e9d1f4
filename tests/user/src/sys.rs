//! Linux system calls, the same functions on every architecture; the
//! entry instruction, `_start`, the calls whose convention differs
//! (`mmap`, `fork`) and the signal frame are the architecture's
//! (`sys/<arch>.rs`). The result of a call is a negative errno on failure.

#[cfg(target_arch = "riscv64")]
#[path = "sys/riscv64.rs"]
mod arch;
#[cfg(target_arch = "s390x")]
#[path = "sys/s390x.rs"]
mod arch;

pub use crate::abi::mman::{
    MAP_ANONYMOUS, MAP_FIXED, MAP_PRIVATE, PROT_EXEC, PROT_READ, PROT_WRITE,
};
pub use crate::abi::nr;
pub use crate::abi::signal::{BUS_ADRERR, SA_SIGINFO, SEGV_ACCERR, SEGV_MAPERR};
pub use arch::{fork, mmap, syscall, KSigaction, Ucontext};

pub const SIGBUS: u64 = 7;
pub const SIGKILL: u64 = 9;
pub const SIGSEGV: u64 = 11;
pub const SIGCHLD: u64 = 17;

pub fn write(fd: u64, buf: &[u8]) -> i64 {
    syscall(
        nr::WRITE,
        [fd, buf.as_ptr() as u64, buf.len() as u64, 0, 0, 0],
    )
}

pub fn exit_group(code: i32) -> ! {
    syscall(nr::EXIT_GROUP, [code as u64, 0, 0, 0, 0, 0]);
    // exit_group does not return; if a kernel got it wrong, do not run on.
    loop {
        syscall(nr::EXIT, [code as u64, 0, 0, 0, 0, 0]);
    }
}

pub fn getpid() -> i64 {
    syscall(nr::GETPID, [0; 6])
}

pub fn getppid() -> i64 {
    syscall(nr::GETPPID, [0; 6])
}

pub fn munmap(addr: u64, len: u64) -> i64 {
    syscall(nr::MUNMAP, [addr, len, 0, 0, 0, 0])
}

pub fn mprotect(addr: u64, len: u64, prot: u64) -> i64 {
    syscall(nr::MPROTECT, [addr, len, prot, 0, 0, 0])
}

pub fn wait4(pid: i64, status: &mut i32) -> i64 {
    syscall(
        nr::WAIT4,
        [pid as u64, status as *mut i32 as u64, 0, 0, 0, 0],
    )
}

pub fn kill(pid: i64, sig: u64) -> i64 {
    syscall(nr::KILL, [pid as u64, sig, 0, 0, 0, 0])
}

/// `struct timespec`.
#[repr(C)]
#[derive(Default, Clone, Copy)]
pub struct Timespec {
    pub sec: i64,
    pub nsec: i64,
}

pub fn clock_gettime(clock: u64) -> Timespec {
    let mut t = Timespec::default();
    syscall(
        nr::CLOCK_GETTIME,
        [clock, &mut t as *mut Timespec as u64, 0, 0, 0, 0],
    );
    t
}

/// `siginfo_t` fields used for faults.
#[repr(C)]
pub struct Siginfo {
    pub signo: i32,
    pub errno: i32,
    pub code: i32,
    _pad: i32,
    pub addr: u64,
}

/// A `SA_SIGINFO` handler.
pub type Handler = extern "C" fn(i32, &Siginfo, &mut Ucontext);

/// Installs `handler` for `sig` with `SA_SIGINFO`; the kernel provides the
/// return path (no restorer), as it does on Linux.
pub fn sigaction(sig: u64, handler: Handler) -> i64 {
    let act = KSigaction::new(handler as usize as u64, SA_SIGINFO);
    syscall(
        nr::RT_SIGACTION,
        [sig, &act as *const KSigaction as u64, 0, 8, 0, 0],
    )
}
