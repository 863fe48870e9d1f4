//! The hooks through which the architecture hands decoded interruptions to
//! the rest of the kernel.
//!
//! Translation and protection exceptions reach the single fault handler:
//! what to do about a fault (resolve it through the generic mm, signal a
//! task, take an exception-table fixup, oops) belongs to it. Until one
//! registers, such faults oops (or take a fixup). System calls and other
//! program checks from problem state go to the task layer's hooks; without
//! one they are unexpected.

use core::sync::atomic::{AtomicUsize, Ordering};

use crate::entry::PtRegs;

/// A fault handler: gets the saved state with the decoded interruption
/// available through [`crate::traps`], may change the PSW to resume
/// elsewhere, and returns to resume.
pub type FaultHandler = fn(&mut PtRegs);

/// A hook slot holding an optional `fn(&mut PtRegs)`.
pub struct Hook(AtomicUsize);

impl Hook {
    const fn new() -> Self {
        Self(AtomicUsize::new(0))
    }

    /// Installs the handler.
    pub fn set(&self, handler: FaultHandler) {
        self.0.store(handler as usize, Ordering::Release);
    }

    /// The installed handler, if any.
    pub fn get(&self) -> Option<FaultHandler> {
        match self.0.load(Ordering::Acquire) {
            0 => None,
            // SAFETY: only `set` stores here, always a `FaultHandler`.
            p => Some(unsafe { core::mem::transmute::<usize, FaultHandler>(p) }),
        }
    }
}

/// Translation and protection exceptions (codes 0x04, 0x10, 0x11, 0x38,
/// 0x39-0x3b), from either mode.
pub static FAULT: Hook = Hook::new();
/// `SVC` from problem state: the system-call entry.
pub static SYSCALL: Hook = Hook::new();
/// Any other program check from problem state (SIGILL, SIGFPE, ...).
pub static USER_EXCEPTION: Hook = Hook::new();
/// Runs last before every return to problem state: where pending signals
/// are delivered (or kill the task).
pub static RETURN_TO_USER: Hook = Hook::new();

/// Installs the fault handler.
pub fn set(handler: FaultHandler) {
    FAULT.set(handler);
}

/// The installed fault handler, if any.
pub fn get() -> Option<FaultHandler> {
    FAULT.get()
}
