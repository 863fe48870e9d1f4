//! Entering problem state and coming back.
//!
//! The kernel is single-CPU and runs to completion: it never blocks inside
//! a handler. [`run_user`] saves the calling kernel context, points the
//! lowcore's `kernel_stack` just below the caller's frame, and loads the
//! user state with `LPSWE`. Every SVC or program check from problem state
//! then enters on that stack, is handled, and normally returns straight to
//! user mode through the ordinary entry exit. The task layer may rewrite
//! the saved `PtRegs` (and CR1) to switch to another task. When it has no
//! task left to run, it calls [`leave_user`], which abandons the
//! interruption frame and returns from `run_user` with a value.

use core::cell::UnsafeCell;
use core::sync::atomic::{AtomicBool, Ordering};

use crate::entry::PtRegs;

/// Callee-saved kernel state across a stay in user mode: %r6-%r15 and the
/// program-check depth at entry.
#[repr(C)]
struct KernelContext {
    gprs: [u64; 10],
    pgm_depth: u64,
}

impl KernelContext {
    /// An empty context, filled by `__enter_user`.
    const fn new() -> Self {
        Self {
            gprs: [0; 10],
            pgm_depth: 0,
        }
    }
}

/// The user PSW mask Linux gives tasks: DAT, I/O, external, machine check,
/// problem state, primary space, 64-bit.
pub const USER_PSW_MASK: u64 = 0x0705_0001_8000_0000;

core::arch::global_asm!(
    r#"
    .section .text, "ax"
    .globl __enter_user
    .type __enter_user, @function
# %r2 = &PtRegs (user state), %r3 = &KernelContext
__enter_user:
    stmg    %r6, %r15, 0(%r3)
    lg      %r0, {pgm_depth}
    stg     %r0, 80(%r3)
    stg     %r15, {kernel_stack}
    mvc     {return_psw}(16), {pt_psw}(%r2)
    lmg     %r0, %r15, {pt_gprs}(%r2)
    lpswe   {return_psw}
    .size __enter_user, . - __enter_user

    .globl __exit_to_kernel
    .type __exit_to_kernel, @function
# %r2 = &KernelContext, %r3 = value returned by __enter_user
__exit_to_kernel:
    lg      %r0, 80(%r2)
    stg     %r0, {pgm_depth}
    lgr     %r1, %r2
    lgr     %r2, %r3
    lmg     %r6, %r15, 0(%r1)
    br      %r14
    .size __exit_to_kernel, . - __exit_to_kernel
"#,
    pgm_depth = const crate::lowcore::off::PGM_DEPTH,
    kernel_stack = const crate::lowcore::off::KERNEL_STACK,
    return_psw = const crate::lowcore::off::RETURN_PSW,
    pt_psw = const core::mem::offset_of!(PtRegs, psw),
    pt_gprs = const core::mem::offset_of!(PtRegs, gprs),
);

extern "C" {
    fn __enter_user(regs: *const PtRegs, ctx: *mut KernelContext) -> u64;
    fn __exit_to_kernel(ctx: *const KernelContext, value: u64) -> !;
}

/// The kernel context the stay in user mode in progress saved: where
/// [`leave_user`] returns to.
struct SavedContext(UnsafeCell<KernelContext>);

// SAFETY: one CPU, and the context is touched only by `run_user` (before
// entering user mode, with no other access possible) and by the entry of
// `leave_user` (from an interruption of that same stay): never at once.
unsafe impl Sync for SavedContext {}

static KERNEL_CTX: SavedContext = SavedContext(UnsafeCell::new(KernelContext::new()));

/// Whether a stay in user mode is in progress (`run_user` is not
/// reentrant: a second one would overwrite the saved context).
static IN_USER: AtomicBool = AtomicBool::new(false);

/// Runs user code from `regs` until the task layer calls [`leave_user`];
/// returns the value it passed.
///
/// CR1 must hold the address space `regs` belongs to (`switch_mm`).
/// Panics if called while another stay is in progress, or with a
/// supervisor-state PSW.
pub fn run_user(regs: &PtRegs) -> u64 {
    assert!(regs.psw.is_user(), "run_user with a supervisor PSW");
    assert!(
        !IN_USER.swap(true, Ordering::Acquire),
        "run_user is not reentrant"
    );
    // SAFETY: `regs` is a problem-state PSW (checked), so nothing it runs
    // can touch kernel state but through interruptions; the context lives
    // forever and no other stay uses it (IN_USER). The only way back is
    // `leave_user`, whose caller guarantees it runs from this stay.
    let value = unsafe { __enter_user(regs, KERNEL_CTX.0.get()) };
    IN_USER.store(false, Ordering::Release);
    value
}

/// Leaves the current interruption and returns `value` from the
/// [`run_user`] in progress.
///
/// # Safety
/// Must be called from a handler of an interruption taken in user mode
/// during [`run_user`]. The kernel stack below that call is abandoned, so
/// nothing on it may need dropping.
pub unsafe fn leave_user(value: u64) -> ! {
    debug_assert!(IN_USER.load(Ordering::Relaxed), "leave_user outside run_user");
    // SAFETY: per the caller's guarantee, run_user saved the context and
    // its frame is live below the interruption's.
    unsafe { __exit_to_kernel(KERNEL_CTX.0.get(), value) }
}
