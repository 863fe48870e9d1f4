//! Where the entry code hands traps to Rust.
//!
//! A system call from U-mode goes to the task layer, and so does the
//! supervisor timer interrupt from U-mode (the only interrupt enabled,
//! never taken in S-mode). Every other trap is an exception: a stack
//! overflow or a nested exception is reported first, then (self-test
//! builds only) an armed expectation, then page faults go to the fault
//! handler; from U-mode any other exception becomes the signal Linux
//! sends for it; in the kernel it is an oops (after the exception-table
//! fixup, for an instruction that has one).

use core::sync::atomic::{AtomicPtr, AtomicU32, Ordering};

use karch::{TaskLayerOps, TaskLayerSlot};

use crate::regs::PtRegs;
use crate::scause::{Cause, Exception};
use crate::{entry, exception_signal, extable, fault, oops, timer};

/// The task layer: the kernel's one way into system calls, signals and
/// the return to user mode, registered once at boot.
pub(crate) static TASK_LAYER: TaskLayerSlot<PtRegs> = TaskLayerSlot::new();

/// The registered task layer.
#[inline(always)]
pub(crate) fn task_layer() -> &'static TaskLayerOps<PtRegs> {
    TASK_LAYER.get()
}

/// Exceptions being handled: 1 in an ordinary handler, 2 for an
/// exception inside one (reported, unless it is a user access that the
/// exception table covers), 3 when even that report faulted (the run
/// stops at once). System calls do not count: a page fault in a system
/// call is an ordinary first-level exception.
pub(crate) static DEPTH: AtomicU32 = AtomicU32::new(0);

/// The frame of the first-level exception being handled, for the report
/// of a nested one.
static OUTER: AtomicPtr<PtRegs> = AtomicPtr::new(core::ptr::null_mut());

/// The first-level exception's frame while a nested one is handled.
pub(crate) fn outer_regs() -> Option<&'static PtRegs> {
    // SAFETY: the first-level handler stored a pointer to its frame, which
    // stays on its stack until it returns; a nested exception is handled
    // (and the run ended) before that.
    (DEPTH.load(Ordering::Relaxed) >= 2)
        .then(|| unsafe { OUTER.load(Ordering::Relaxed).as_ref() })
        .flatten()
}

/// `ecall` is 4 bytes long (no compressed form).
const ECALL_LEN: u64 = 4;

/// Every trap.
pub(crate) fn trap(regs: &mut PtRegs) {
    let cause = Cause::decode(regs.scause);
    if cause == Cause::Exception(Exception::UserEcall) {
        return syscall(regs);
    }
    if let Cause::Interrupt(n) = cause {
        return interrupt(regs, n);
    }
    let depth = DEPTH.fetch_add(1, Ordering::Relaxed) + 1;
    let from_user = regs.user_mode();
    if depth >= 3 {
        // Reporting the nested exception faulted too: stop before
        // anything else can.
        crate::machine::exit(false);
    }
    if entry::take_bad_stack() {
        oops::die(regs, "kernel stack overflow");
    }
    match depth {
        1 => OUTER.store(regs, Ordering::Relaxed),
        _ => nested(regs, cause),
    }
    exception(regs, cause);
    DEPTH.fetch_sub(1, Ordering::Relaxed);
    if from_user {
        return_to_user(regs);
    }
}

/// A system call: `sepc` points at the `ecall`; the task resumes after
/// it (the task layer steps back to restart one).
#[inline]
fn syscall(regs: &mut PtRegs) {
    regs.regs[crate::regs::PC] += ECALL_LEN;
    task_layer().syscall(regs);
    return_to_user(regs);
}

/// An interrupt: the supervisor timer's from U-mode is the task layer's
/// tick ([`crate::timer`]); it is the only one enabled, and the kernel
/// runs with interrupts off, so any other is an oops naming it.
#[cold]
fn interrupt(regs: &mut PtRegs, n: u64) {
    if n == timer::SUPERVISOR_TIMER && regs.user_mode() {
        task_layer().tick(regs);
        return return_to_user(regs);
    }
    oops::die(regs, &alloc::format!("{:?}", Cause::Interrupt(n)));
}

fn exception(regs: &mut PtRegs, cause: Cause) {
    #[cfg(feature = "selftest")]
    if crate::expect::catch(cause, regs) {
        return;
    }
    if let Some(access) = cause.page_fault() {
        return fault::handle_fault(regs, access);
    }
    not_a_fault(regs, cause);
}

/// The handler may have switched tasks; whatever task is in `regs` now
/// gets its pending signals acted on before it runs again.
#[inline]
fn return_to_user(regs: &mut PtRegs) {
    if karch::user_work() && regs.user_mode() {
        task_layer().return_to_user(regs);
    }
}

/// An exception inside the handler is fatal, except a page fault on a
/// user-access instruction (delivering a signal writes the user stack
/// from the handler): that one is resolved or fixed up like any other.
#[cold]
fn nested(regs: &PtRegs, cause: Cause) {
    let uaccess = cause.page_fault().is_some()
        && !regs.user_mode()
        && extable::search(regs.regs[crate::regs::PC]).is_some();
    if !uaccess {
        oops::nested(regs);
    }
}

/// An exception that is not a page fault: from U-mode, the signal Linux
/// sends; in the kernel, the exception-table fixup, else an oops naming
/// the cause (an unknown `scause` by its number).
#[cold]
fn not_a_fault(regs: &mut PtRegs, cause: Cause) {
    if regs.user_mode() {
        if let Some(info) = exception_signal::exception_signal(regs) {
            task_layer().force_signal(regs, info);
        }
        return;
    }
    if extable::fixup(regs) {
        return;
    }
    oops::die(regs, &alloc::format!("{cause:?}"));
}
