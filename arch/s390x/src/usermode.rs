//! Entering problem state and coming back.
//!
//! The kernel is single-CPU and runs to completion: it never blocks inside
//! a handler. [`enter_user`] saves the calling kernel context, points the
//! lowcore's `kernel_stack` just below the caller's frame, and loads the
//! user state with `LPSWE`. Every SVC or program check from problem state
//! then enters on that stack, is handled, and normally returns straight to
//! user mode through the ordinary entry exit. The task layer may rewrite
//! the saved `PtRegs` (and CR1) to switch to another task. When it has no
//! task left to run, it calls [`exit_to_kernel`], which abandons the
//! interruption frame and returns from `enter_user` with a value.

use crate::entry::PtRegs;

/// Callee-saved kernel state across a stay in user mode: %r6-%r15 and the
/// program-check depth at entry.
#[repr(C)]
#[derive(Default)]
pub struct KernelContext {
    gprs: [u64; 10],
    pgm_depth: u64,
}

impl KernelContext {
    /// An empty context, filled by `enter_user`.
    pub const fn new() -> Self {
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

/// Runs user code from `regs` until the task layer calls
/// [`exit_to_kernel`] with `ctx`; returns the value it passed.
///
/// # Safety
/// `regs.psw` must be a problem-state PSW and CR1 must hold the ASCE of the
/// address space its addresses refer to. `ctx` must stay alive, and the
/// task layer must end the stay with `exit_to_kernel(ctx, ..)` from an
/// interruption taken in user mode.
pub unsafe fn enter_user(regs: &PtRegs, ctx: &mut KernelContext) -> u64 {
    debug_assert!(regs.psw.is_user(), "enter_user with a supervisor PSW");
    // SAFETY: per the caller's guarantee.
    unsafe { __enter_user(regs, ctx) }
}

/// Leaves the current interruption and returns `value` from the
/// `enter_user` that saved `ctx`.
///
/// # Safety
/// Must be called from a handler of an interruption taken in user mode
/// during `enter_user(.., ctx)`, with `ctx` the context it saved.
pub unsafe fn exit_to_kernel(ctx: &KernelContext, value: u64) -> ! {
    // SAFETY: per the caller's guarantee the saved frame is live.
    unsafe { __exit_to_kernel(ctx, value) }
}
