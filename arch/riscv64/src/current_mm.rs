//! The user address space this hart runs in: the root `satp` holds, and
//! the same space as the fault handler resolves it (a `karch::MmSlot`),
//! switched together.

use alloc::sync::Arc;

use karch::MmSlot;

use crate::fault::UserMm;
use crate::kspace;

static CURRENT: MmSlot<UserMm> = MmSlot::new();

/// Makes `mm` the user address space (`satp`, and the fault handler's
/// view), or the kernel's own tables with `None`. The previous space's
/// reference is dropped after the switch, so a last reference frees a
/// tree the hart no longer translates with.
pub fn switch_mm(mm: Option<Arc<UserMm>>) {
    kspace::set_root(mm.as_ref().map(|m| m.root().0));
    CURRENT.replace(mm);
}

/// The current user address space, if any (a new reference).
pub fn current_mm() -> Option<Arc<UserMm>> {
    CURRENT.current()
}

/// Runs `f` on the current user address space without taking a reference.
/// `f` must not switch address spaces.
#[inline(always)]
pub(crate) fn with_current_mm<R>(f: impl FnOnce(&UserMm) -> R) -> Option<R> {
    // SAFETY: the callers (the fault handler, the contract's
    // with_current_mm under its own caller's promise) never switch
    // address spaces inside `f`.
    unsafe { CURRENT.with(f) }
}
