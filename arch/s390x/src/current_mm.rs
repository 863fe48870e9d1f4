//! The user address space this CPU runs in: what CR1/CR7 hold, and the
//! same space as the fault handler resolves it (a `karch::MmSlot`),
//! switched together.

use alloc::sync::Arc;

use karch::MmSlot;

use crate::fault::UserMm;
use crate::kspace::set_user_asce;
use crate::mmu::root_asce;

static CURRENT: MmSlot<UserMm> = MmSlot::new();

/// Makes `mm` the user address space (CR1 and CR7, and the fault
/// handler's view), or the kernel's own with `None`. The previous space's
/// reference is dropped here, after the switch, so a last reference frees
/// a space that no control register points at any more.
pub fn switch_mm(mm: Option<Arc<UserMm>>) {
    set_user_asce(mm.as_ref().map(|m| root_asce(m.root().0)));
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
