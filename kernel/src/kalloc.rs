//! Fallible allocation of the kernel objects a task's request makes.
//!
//! Stable Rust has no `Box::try_new`, so [`try_box`] allocates through
//! the global allocator itself, which answers null instead of panicking.
//! Both helpers first check the heap's budget for tasks
//! ([`mm::kmem::take`]), so that a task never eats into the reserve the
//! kernel keeps for tearing tasks down (see `heap.rs`).

use alloc::boxed::Box;
use core::alloc::Layout;

use linux_abi::errno;

/// `value` in a new box, or `ENOMEM` when the heap has no room for it
/// beyond its reserve.
pub fn try_box<T>(value: T) -> Result<Box<T>, i64> {
    let layout = Layout::new::<T>();
    if layout.size() == 0 {
        // A zero-sized box allocates nothing.
        return Ok(Box::new(value));
    }
    mm::kmem::take(layout.size()).map_err(|_| errno::ENOMEM)?;
    // SAFETY: the layout has a non-zero size (checked above).
    let p = unsafe { alloc::alloc::alloc(layout) }.cast::<T>();
    if p.is_null() {
        return Err(errno::ENOMEM);
    }
    // SAFETY: `p` is a fresh allocation with `T`'s layout, so it is valid
    // for a write of a `T`, and once written it holds an initialised `T`
    // allocated by the global allocator with `Layout::new::<T>()`: what
    // `Box::from_raw` requires to own and later free it.
    unsafe {
        p.write(value);
        Ok(Box::from_raw(p))
    }
}

/// Checks that a request may take `bytes` more of kernel heap: `ENOMEM`
/// when that would reach into the reserve.
#[inline]
pub fn take(bytes: usize) -> Result<(), i64> {
    mm::kmem::take(bytes).map_err(|_| errno::ENOMEM)
}
