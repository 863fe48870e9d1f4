//! riscv64: the system call is `ecall` with the number in a7, arguments
//! in a0-a5 and the result in a0 (asm-generic numbers); there is no `fork`
//! and no `old_mmap`: `clone(SIGCHLD)` and the six-register `mmap`; the
//! kernel's `struct sigaction` has no restorer (Linux returns through its
//! vDSO's `rt_sigreturn`).

use core::arch::asm;

use super::{nr, SIGCHLD};

core::arch::global_asm!(
    r#"
    .section .text.start, "ax"
    .globl _start
_start:
    mv      a0, sp              # argc, argv... as the kernel left them
    andi    sp, sp, -16         # the psABI's stack alignment
    li      ra, 0               # the end of the frame chain
    li      s0, 0
    call    __user_start
    unimp
"#
);

/// Issues system call `n` with up to six arguments.
#[inline(always)]
pub fn syscall(n: u64, a: [u64; 6]) -> i64 {
    let a0: i64;
    // SAFETY: the kernel preserves every register but a0.
    unsafe {
        asm!("ecall",
             in("a7") n,
             inlateout("a0") a[0] => a0,
             in("a1") a[1], in("a2") a[2], in("a3") a[3], in("a4") a[4], in("a5") a[5],
             options(nostack));
    }
    a0
}

/// `mmap`: six arguments in registers.
pub fn mmap(addr: u64, len: u64, prot: u64, flags: u64, fd: i64, off: u64) -> i64 {
    syscall(nr::MMAP, [addr, len, prot, flags, fd as u64, off])
}

/// `fork` as glibc makes it here: `clone(SIGCHLD, 0, ...)`, a child with a
/// copy of the address space that signals its parent when it ends.
pub fn fork() -> i64 {
    syscall(nr::CLONE, [SIGCHLD, 0, 0, 0, 0, 0])
}

/// The kernel's `struct sigaction` on riscv64 (asm-generic, no restorer).
#[repr(C)]
pub struct KSigaction {
    pub handler: u64,
    pub flags: u64,
    pub mask: u64,
}

impl KSigaction {
    /// `handler` with `flags`, nothing blocked.
    pub fn new(handler: u64, flags: u64) -> Self {
        Self {
            handler,
            flags,
            mask: 0,
        }
    }
}

/// `struct ucontext` on riscv64 (arch/riscv/include/uapi/asm/ucontext.h)
/// with its `struct sigcontext` in the D-extension layout of
/// `union __riscv_fp_state`.
#[repr(C)]
pub struct Ucontext {
    pub flags: u64,
    pub link: u64,
    pub stack: [u64; 3],
    /// The signal mask sigreturn restores (the first 64 signals).
    pub sigmask: u64,
    /// Room for a larger `sigset_t` (1024 bits in all), then 8 bytes of
    /// padding: `uc_mcontext` is 16-byte aligned (its Q-extension layout
    /// is).
    pub unused: [u8; 128],
    /// `sc_regs`: pc, then x1 (ra) to x31.
    pub regs: [u64; 32],
    /// f0-f31.
    pub fpregs: [u64; 32],
    pub fcsr: u32,
    /// The rest of the Q-extension layout's 64 registers and its fcsr.
    pub pad: [u32; 64],
    /// `q.reserved`: zero on delivery; sigreturn refuses a frame where
    /// they are not (Linux's restore_fp_state).
    pub reserved: [u32; 3],
}

const _: () = {
    use core::mem::{offset_of, size_of};
    assert!(offset_of!(Ucontext, sigmask) == 40);
    assert!(offset_of!(Ucontext, regs) == 176);
    assert!(offset_of!(Ucontext, fpregs) == 432);
    assert!(offset_of!(Ucontext, fcsr) == 688);
    assert!(offset_of!(Ucontext, reserved) == 948);
    assert!(size_of::<Ucontext>() == 960);
};
