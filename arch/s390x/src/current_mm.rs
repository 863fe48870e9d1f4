//! The user address space this CPU runs in: what CR1/CR7 hold, and the
//! same space as the fault handler resolves it, switched together.
//!
//! The lowcore's `user_mm` field holds one strong reference to the current
//! [`UserMm`] (`Arc::into_raw`), so the fault handler reaches it with one
//! load and no lock or reference-count traffic. That borrow is sound
//! because only [`switch_mm`] changes the field, on this CPU and with
//! interruptions disabled, and nothing the fault handler calls switches
//! address spaces: the space stays alive for the whole fault.

use alloc::sync::Arc;

use crate::fault::UserMm;
use crate::kspace::set_user_asce;
use crate::mmu::root_asce;

fn raw() -> *const UserMm {
    crate::lc_read!(user_mm) as *const UserMm
}

/// Makes `mm` the user address space (CR1 and CR7, and the fault
/// handler's view), or the kernel's own with `None`. The previous space's
/// reference is dropped here, after the switch, so a last reference frees
/// a space that no control register points at any more.
pub fn switch_mm(mm: Option<Arc<UserMm>>) {
    set_user_asce(mm.as_ref().map(|m| root_asce(m.root().0)));
    let old = raw();
    let new = mm.map_or(core::ptr::null(), Arc::into_raw);
    crate::lc_write!(user_mm, new as u64);
    if !old.is_null() {
        // SAFETY: `old` came from `Arc::into_raw` in an earlier call and
        // the field no longer holds it: this takes that reference back.
        drop(unsafe { Arc::from_raw(old) });
    }
}

/// The current user address space, if any (a new reference).
pub fn current_mm() -> Option<Arc<UserMm>> {
    let p = raw();
    if p.is_null() {
        return None;
    }
    // SAFETY: the field holds a reference made by `Arc::into_raw`; adding
    // one before `from_raw` leaves the field's own reference in place.
    unsafe {
        Arc::increment_strong_count(p);
        Some(Arc::from_raw(p))
    }
}

/// Runs `f` on the current user address space without taking a reference.
/// `f` must not switch address spaces (see the module comment).
pub(crate) fn with_current_mm<R>(f: impl FnOnce(&UserMm) -> R) -> Option<R> {
    // SAFETY: the field's reference keeps the space alive until the next
    // `switch_mm`, which `f` does not call.
    unsafe { raw().as_ref() }.map(f)
}
