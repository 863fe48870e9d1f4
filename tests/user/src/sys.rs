//! Linux s390x system calls: number in %r1 with `svc 0`, arguments in
//! %r2-%r7, result in %r2 (negative errno on failure).

use core::arch::asm;

pub use s390x_linux_abi::mman::{
    MAP_ANONYMOUS, MAP_FIXED, MAP_PRIVATE, PROT_EXEC, PROT_READ, PROT_WRITE,
};
pub use s390x_linux_abi::nr;
pub use s390x_linux_abi::signal::{BUS_ADRERR, SA_RESTORER, SA_SIGINFO, SEGV_ACCERR, SEGV_MAPERR};

/// Issues system call `n` with up to six arguments.
#[inline(always)]
pub fn syscall(n: u64, a: [u64; 6]) -> i64 {
    let r2: i64;
    // SAFETY: the kernel preserves every register but %r2.
    unsafe {
        asm!("svc 0",
             in("r1") n,
             inlateout("r2") a[0] => r2,
             in("r3") a[1], in("r4") a[2], in("r5") a[3], in("r6") a[4], in("r7") a[5],
             options(nostack));
    }
    r2
}

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

/// `mmap` through s390x's `old_mmap`: the six arguments in a memory block.
pub fn mmap(addr: u64, len: u64, prot: u64, flags: u64, fd: i64, off: u64) -> i64 {
    let block = [addr, len, prot, flags, fd as u64, off];
    syscall(nr::MMAP, [block.as_ptr() as u64, 0, 0, 0, 0, 0])
}

pub fn munmap(addr: u64, len: u64) -> i64 {
    syscall(nr::MUNMAP, [addr, len, 0, 0, 0, 0])
}

pub fn mprotect(addr: u64, len: u64, prot: u64) -> i64 {
    syscall(nr::MPROTECT, [addr, len, prot, 0, 0, 0])
}

pub fn fork() -> i64 {
    syscall(nr::FORK, [0; 6])
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

/// The kernel's `struct sigaction` on s390x (flags before the restorer).
#[repr(C)]
pub struct KSigaction {
    pub handler: u64,
    pub flags: u64,
    pub restorer: u64,
    pub mask: u64,
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

/// The start of `ucontext_t` on s390x, up to the signal mask.
#[repr(C)]
pub struct Ucontext {
    pub flags: u64,
    pub link: u64,
    pub stack: [u64; 3],
    pub psw_mask: u64,
    pub psw_addr: u64,
    pub gprs: [u64; 16],
    pub acrs: [u32; 16],
    pub fpc: u32,
    pub pad: u32,
    pub fprs: [u64; 16],
    /// The signal mask sigreturn restores (the first 64 signals).
    pub sigmask: u64,
}

const _: () = assert!(core::mem::offset_of!(Ucontext, sigmask) == 384);

/// A `SA_SIGINFO` handler.
pub type Handler = extern "C" fn(i32, &Siginfo, &mut Ucontext);

/// Installs `handler` for `sig` with `SA_SIGINFO`; the kernel provides the
/// return path (no restorer), as it does on Linux.
pub fn sigaction(sig: u64, handler: Handler) -> i64 {
    let act = KSigaction {
        handler: handler as usize as u64,
        flags: SA_SIGINFO,
        restorer: 0,
        mask: 0,
    };
    syscall(
        nr::RT_SIGACTION,
        [sig, &act as *const KSigaction as u64, 0, 8, 0, 0],
    )
}
