//! The single hook that translation and protection exceptions reach.
//!
//! The architecture decodes the interruption; what to do about the fault
//! (resolve it through the generic mm, signal a task, take an exception-
//! table fixup, oops) belongs to the fault handler that registers here.
//! Until one registers, such faults oops.

use core::sync::atomic::{AtomicUsize, Ordering};

use crate::entry::PtRegs;

/// A fault handler: gets the saved state with the decoded interruption
/// available through [`crate::traps`], may change the PSW to resume
/// elsewhere, and returns to resume.
pub type FaultHandler = fn(&mut PtRegs);

static HOOK: AtomicUsize = AtomicUsize::new(0);

/// Installs the fault handler.
pub fn set(handler: FaultHandler) {
    HOOK.store(handler as usize, Ordering::Release);
}

/// The installed fault handler, if any.
pub fn get() -> Option<FaultHandler> {
    match HOOK.load(Ordering::Acquire) {
        0 => None,
        // SAFETY: only `set` stores here, always a `FaultHandler`.
        p => Some(unsafe { core::mem::transmute::<usize, FaultHandler>(p) }),
    }
}
