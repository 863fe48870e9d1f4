//! The user address space this hart runs in: the root `satp` holds, and
//! the same space as the fault handler resolves it, switched together.
//!
//! [`CURRENT`] holds one strong reference to the current [`UserMm`]
//! (`Arc::into_raw`), so the fault handler reaches it with one load and no
//! lock or reference-count traffic. That borrow is sound because only
//! [`switch_mm`] changes it, on this hart with interrupts off, and nothing
//! the fault handler calls switches address spaces.

use alloc::sync::Arc;
use core::sync::atomic::{AtomicPtr, Ordering};

use crate::fault::UserMm;
use crate::kspace;

static CURRENT: AtomicPtr<UserMm> = AtomicPtr::new(core::ptr::null_mut());

fn raw() -> *const UserMm {
    CURRENT.load(Ordering::Relaxed)
}

/// Makes `mm` the user address space (`satp`, and the fault handler's
/// view), or the kernel's own tables with `None`. The previous space's
/// reference is dropped after the switch, so a last reference frees a
/// tree the hart no longer translates with.
pub fn switch_mm(mm: Option<Arc<UserMm>>) {
    kspace::set_root(mm.as_ref().map(|m| m.root().0));
    let new = mm.map_or(core::ptr::null_mut(), |m| Arc::into_raw(m).cast_mut());
    let old = CURRENT.swap(new, Ordering::Relaxed);
    if !old.is_null() {
        // SAFETY: `old` came from `Arc::into_raw` in an earlier call and
        // CURRENT no longer holds it: this takes that reference back.
        drop(unsafe { Arc::from_raw(old) });
    }
}

/// The current user address space, if any (a new reference).
pub fn current_mm() -> Option<Arc<UserMm>> {
    let p = raw();
    if p.is_null() {
        return None;
    }
    // SAFETY: CURRENT holds a reference made by `Arc::into_raw`; adding one
    // before `from_raw` leaves CURRENT's own reference in place.
    unsafe {
        Arc::increment_strong_count(p);
        Some(Arc::from_raw(p))
    }
}

/// Runs `f` on the current user address space without taking a reference.
/// `f` must not switch address spaces (see the module comment).
pub(crate) fn with_current_mm<R>(f: impl FnOnce(&UserMm) -> R) -> Option<R> {
    // SAFETY: CURRENT's reference keeps the space alive until the next
    // `switch_mm`, which `f` does not call.
    unsafe { raw().as_ref() }.map(f)
}
