//! The kernel heap: `linked_list_allocator` over one physical range, behind
//! `#[global_allocator]`. Exhaustion reaches the panic handler through
//! `handle_alloc_error` ("memory allocation of N bytes failed").

use linked_list_allocator::LockedHeap;

#[global_allocator]
static HEAP: LockedHeap = LockedHeap::empty();

/// Hands `start..start+size` to the heap.
///
/// # Safety
/// The range must be identity-mapped RAM used by nothing else, forever.
pub unsafe fn init(start: u64, size: u64) {
    // SAFETY: per the caller's guarantee.
    unsafe { HEAP.lock().init(start as *mut u8, size as usize) };
}

/// Bytes of heap in use and free.
pub fn usage() -> (usize, usize) {
    let h = HEAP.lock();
    (h.used(), h.free())
}
