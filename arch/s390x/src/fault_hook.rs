//! The hooks through which the architecture hands decoded interruptions to
//! the rest of the kernel.
//!
//! Translation and protection exceptions reach the single fault handler:
//! what to do about a fault (resolve it through the generic mm, signal a
//! task, take an exception-table fixup, oops) belongs to it. Until one
//! registers, such faults oops (or take a fixup). System calls and other
//! program checks from problem state go to the task layer's hooks; without
//! one they are unexpected.

use core::marker::PhantomData;
use core::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use crate::entry::PtRegs;
use crate::pgm::Interruption;

/// A fault handler: gets the saved state and its decoded interruption, may
/// change the PSW to resume elsewhere, and returns to resume.
pub type FaultHandler = fn(&mut PtRegs, Interruption);

/// A hook for system calls, other user exceptions and the return to user
/// mode: gets the saved state, may change it, returns to resume.
pub type RegsHook = fn(&mut PtRegs);

/// A hook slot holding an optional function pointer of type `F`.
pub struct Hook<F>(AtomicUsize, PhantomData<F>);

impl<F: Copy> Hook<F> {
    const fn new() -> Self {
        const { assert!(core::mem::size_of::<F>() == core::mem::size_of::<usize>()) };
        Self(AtomicUsize::new(0), PhantomData)
    }

    /// Installs the handler.
    pub fn set(&self, handler: F) {
        // SAFETY: `F` is a function-pointer type of the size of usize (the
        // statics below are the only instances).
        let p = unsafe { core::mem::transmute_copy::<F, usize>(&handler) };
        self.0.store(p, Ordering::Release);
    }

    /// The installed handler, if any.
    pub fn get(&self) -> Option<F> {
        match self.0.load(Ordering::Acquire) {
            0 => None,
            // SAFETY: only `set` stores here, always an `F`.
            p => Some(unsafe { core::mem::transmute_copy::<usize, F>(&p) }),
        }
    }
}

/// Translation and protection exceptions (codes 0x04, 0x10, 0x11, 0x38,
/// 0x39-0x3b), from either mode.
pub static FAULT: Hook<FaultHandler> = Hook::new();
/// `SVC` from problem state: the system-call entry.
pub static SYSCALL: Hook<RegsHook> = Hook::new();
/// Any other program check from problem state (SIGILL, SIGFPE, ...).
pub static USER_EXCEPTION: Hook<RegsHook> = Hook::new();
/// Runs last before a return to problem state while [`user_work`] is set:
/// where pending signals are delivered (or kill the task).
pub static RETURN_TO_USER: Hook<RegsHook> = Hook::new();

/// Whether a return to problem state must call [`RETURN_TO_USER`] first.
static USER_WORK: AtomicBool = AtomicBool::new(false);

/// Asks (or stops asking) for [`RETURN_TO_USER`] on the way back to problem
/// state. Kept here rather than in the hook's owner so that a return with
/// nothing to do costs one load, not a call.
pub fn set_user_work(on: bool) {
    USER_WORK.store(on, Ordering::Relaxed);
}

/// Whether [`set_user_work`] asked for the hook.
pub fn user_work() -> bool {
    USER_WORK.load(Ordering::Relaxed)
}

/// Installs the fault handler.
pub fn set(handler: FaultHandler) {
    FAULT.set(handler);
}

/// The installed fault handler, if any.
pub fn get() -> Option<FaultHandler> {
    FAULT.get()
}
