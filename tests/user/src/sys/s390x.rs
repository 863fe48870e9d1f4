//! s390x: the system call is `svc 0` with the number in %r1, arguments in
//! %r2-%r7 and the result in %r2; `mmap` is the `old_mmap` with its
//! arguments in memory; the kernel's `struct sigaction` has a restorer.

use core::arch::asm;

use super::nr;

core::arch::global_asm!(
    r#"
    .section .text.start, "ax"
    .globl _start
_start:
    lgr     %r2, %r15           # argc, argv... as the kernel left them
    aghi    %r15, -160
    xc      0(8, %r15), 0(%r15)
    brasl   %r14, __user_start
    j       .
"#
);

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

/// `mmap` through s390x's `old_mmap`: the six arguments in a memory block.
pub fn mmap(addr: u64, len: u64, prot: u64, flags: u64, fd: i64, off: u64) -> i64 {
    let block = [addr, len, prot, flags, fd as u64, off];
    syscall(nr::MMAP, [block.as_ptr() as u64, 0, 0, 0, 0, 0])
}

pub fn fork() -> i64 {
    syscall(nr::FORK, [0; 6])
}

/// The kernel's `struct sigaction` on s390x (flags before the restorer).
#[repr(C)]
pub struct KSigaction {
    pub handler: u64,
    pub flags: u64,
    pub restorer: u64,
    pub mask: u64,
}

impl KSigaction {
    /// `handler` with `flags`, no restorer (the kernel provides the return
    /// path, as Linux does), nothing blocked.
    pub fn new(handler: u64, flags: u64) -> Self {
        Self {
            handler,
            flags,
            restorer: 0,
            mask: 0,
        }
    }
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
