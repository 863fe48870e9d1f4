//! The address space a CPU translates with, as its fault handler sees it.

use alloc::sync::Arc;
use core::sync::atomic::{AtomicPtr, Ordering};

/// Holds one strong reference (`Arc::into_raw`) to the current user
/// address space, so that the fault handler reaches it with one load and
/// no lock or reference-count traffic ([`MmSlot::with`]).
///
/// That borrow is sound because only [`MmSlot::replace`] changes the slot,
/// on this CPU with interrupts off, and nothing a fault handler calls
/// switches address spaces: the space stays alive for the whole fault.
/// A backend keeps one slot per CPU (one CPU today: a static) and changes
/// its translation root in the same breath as the slot (its `switch_mm`).
pub struct MmSlot<T> {
    ptr: AtomicPtr<T>,
}

impl<T> MmSlot<T> {
    /// An empty slot: no user address space.
    pub const fn new() -> Self {
        Self {
            ptr: AtomicPtr::new(core::ptr::null_mut()),
        }
    }

    /// Makes `mm` the current space and drops the previous one's
    /// reference, after the slot no longer holds it (so a last reference
    /// frees a space nobody translates with any more: the backend switches
    /// its hardware root first).
    pub fn replace(&self, mm: Option<Arc<T>>) {
        let new = mm.map_or(core::ptr::null_mut(), |m| Arc::into_raw(m).cast_mut());
        let old = self.ptr.swap(new, Ordering::Relaxed);
        if !old.is_null() {
            // SAFETY: `old` came from `Arc::into_raw` in an earlier call
            // and the slot no longer holds it: this takes that reference
            // back.
            drop(unsafe { Arc::from_raw(old) });
        }
    }

    /// The current space, if any (a new reference).
    pub fn current(&self) -> Option<Arc<T>> {
        let p = self.ptr.load(Ordering::Relaxed);
        if p.is_null() {
            return None;
        }
        // SAFETY: the slot holds a reference made by `Arc::into_raw`;
        // adding one before `from_raw` leaves the slot's own in place.
        unsafe {
            Arc::increment_strong_count(p);
            Some(Arc::from_raw(p))
        }
    }

    /// Runs `f` on the current space without taking a reference.
    ///
    /// # Safety
    /// `f` must not call [`MmSlot::replace`] on this slot (nor anything
    /// that may, such as the backend's `switch_mm`): the space lives only
    /// as long as the slot holds it.
    #[inline(always)]
    pub unsafe fn with<R>(&self, f: impl FnOnce(&T) -> R) -> Option<R> {
        // SAFETY: the slot's reference keeps the space alive until the
        // next `replace`, which `f` does not call (the caller's promise).
        unsafe { self.ptr.load(Ordering::Relaxed).as_ref() }.map(f)
    }
}

impl<T> Default for MmSlot<T> {
    fn default() -> Self {
        Self::new()
    }
}

// The slot only ever hands out `&T` and `Arc<T>`, which are Send and Sync
// when `T` is.
// SAFETY: see above; the pointer itself is atomic.
unsafe impl<T: Send + Sync> Sync for MmSlot<T> {}
// SAFETY: as above.
unsafe impl<T: Send + Sync> Send for MmSlot<T> {}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;

    #[test]
    fn holds_exactly_one_reference() {
        let slot = MmSlot::new();
        let a = Arc::new(5);
        slot.replace(Some(a.clone()));
        assert_eq!(Arc::strong_count(&a), 2);
        let c = slot.current().unwrap();
        assert_eq!(Arc::strong_count(&a), 3);
        drop(c);
        // SAFETY: the closure does not touch the slot.
        assert_eq!(unsafe { slot.with(|v| *v) }, Some(5));
        slot.replace(None);
        assert_eq!(Arc::strong_count(&a), 1);
        assert!(slot.current().is_none());
        // SAFETY: as above.
        assert_eq!(unsafe { slot.with(|v| *v) }, None);
    }
}
