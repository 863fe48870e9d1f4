//! Entering U-mode and coming back.
//!
//! The kernel is single-hart and runs to completion: it never blocks
//! inside a handler. [`run_user`] saves the calling kernel context (the
//! callee-saved registers, `ra` and `sp`), makes its stack pointer the
//! kernel stack top for traps from U-mode (`sscratch`), and returns to
//! user mode through the trap exit with the given frame. Every trap from
//! U-mode then enters on that stack, is handled, and normally returns
//! straight to user mode. The task layer may rewrite the frame (and
//! `satp`) to switch tasks. When it has no task left to run, it calls
//! [`leave_user`], which abandons the trap frame and returns from
//! `run_user` with a value.

use core::cell::UnsafeCell;
use core::sync::atomic::{AtomicBool, Ordering};

use crate::regs::PtRegs;
use crate::traps::DEPTH;

/// Callee-saved kernel state across a stay in user mode: `ra`, `sp`,
/// `s0`-`s11`.
#[repr(C)]
struct KernelContext {
    regs: [u64; 14],
}

#[cfg(target_arch = "riscv64")]
core::arch::global_asm!(
    r#"
    .section .text, "ax"
    .globl __enter_user
    .type __enter_user, @function
# a0 = &PtRegs (the user state), a1 = &KernelContext
__enter_user:
    sd      ra, 0(a1)
    sd      sp, 8(a1)
    sd      s0, 16(a1)
    sd      s1, 24(a1)
    sd      s2, 32(a1)
    sd      s3, 40(a1)
    sd      s4, 48(a1)
    sd      s5, 56(a1)
    sd      s6, 64(a1)
    sd      s7, 72(a1)
    sd      s8, 80(a1)
    sd      s9, 88(a1)
    sd      s10, 96(a1)
    sd      s11, 104(a1)
    # Copy the frame to the top of the kernel stack, where the trap exit
    # expects it; the exit sets sscratch to just above it.
    addi    sp, sp, -{frame}
    andi    sp, sp, -16
    li      t0, 0
1:  add     t1, a0, t0
    ld      t2, 0(t1)
    add     t1, sp, t0
    sd      t2, 0(t1)
    addi    t0, t0, 8
    li      t1, {frame}
    bltu    t0, t1, 1b
    tail    trap_return
    .size __enter_user, . - __enter_user

    .globl __exit_to_kernel
    .type __exit_to_kernel, @function
# a0 = &KernelContext, a1 = the value __enter_user returns
__exit_to_kernel:
    ld      ra, 0(a0)
    ld      sp, 8(a0)
    ld      s0, 16(a0)
    ld      s1, 24(a0)
    ld      s2, 32(a0)
    ld      s3, 40(a0)
    ld      s4, 48(a0)
    ld      s5, 56(a0)
    ld      s6, 64(a0)
    ld      s7, 72(a0)
    ld      s8, 80(a0)
    ld      s9, 88(a0)
    ld      s10, 96(a0)
    ld      s11, 104(a0)
    mv      a0, a1
    ret
    .size __exit_to_kernel, . - __exit_to_kernel
"#,
    frame = const crate::entry::FRAME,
);

#[cfg(target_arch = "riscv64")]
extern "C" {
    fn __enter_user(regs: *const PtRegs, ctx: *mut KernelContext) -> u64;
    fn __exit_to_kernel(ctx: *const KernelContext, value: u64) -> !;
}

/// The kernel context the stay in user mode in progress saved.
struct SavedContext(UnsafeCell<KernelContext>);

// SAFETY: one hart, and the context is touched only by `run_user` (before
// entering user mode) and by `leave_user` (from a trap of that same stay):
// never at once.
unsafe impl Sync for SavedContext {}

static KERNEL_CTX: SavedContext = SavedContext(UnsafeCell::new(KernelContext { regs: [0; 14] }));

/// Whether a stay in user mode is in progress (`run_user` is not
/// reentrant: a second one would overwrite the saved context).
static IN_USER: AtomicBool = AtomicBool::new(false);

/// Runs user code from `regs` until the task layer calls [`leave_user`];
/// returns the value it passed. `satp` must hold the address space
/// `regs` belongs to (`switch_mm`). Panics on a frame that would return
/// to S-mode, or if a stay is already in progress.
#[cfg(target_arch = "riscv64")]
pub fn run_user(regs: &PtRegs) -> u64 {
    assert!(regs.user_mode(), "run_user with a supervisor frame");
    assert!(
        !IN_USER.swap(true, Ordering::Acquire),
        "run_user is not reentrant"
    );
    // SAFETY: the frame returns to U-mode (checked), so nothing it runs
    // can touch kernel state but through traps; the context lives forever
    // and no other stay uses it (IN_USER). The only way back is
    // `leave_user`, whose caller guarantees it runs from this stay.
    let value = unsafe { __enter_user(regs, KERNEL_CTX.0.get()) };
    IN_USER.store(false, Ordering::Release);
    value
}

/// Leaves the current trap and returns `value` from the [`run_user`] in
/// progress.
///
/// # Safety
/// Must be called from a handler of a trap taken in user mode during
/// [`run_user`]. The kernel stack below that call is abandoned, so nothing
/// on it may need dropping.
#[cfg(target_arch = "riscv64")]
pub unsafe fn leave_user(value: u64) -> ! {
    debug_assert!(IN_USER.load(Ordering::Relaxed), "leave_user outside run_user");
    // The abandoned handler never decrements its exception depth: a stay
    // in user mode starts and ends at depth 0.
    DEPTH.store(0, Ordering::Relaxed);
    // SAFETY: per the caller's guarantee, run_user saved the context and
    // its frame is live below the trap's.
    unsafe { __exit_to_kernel(KERNEL_CTX.0.get(), value) }
}
