//! Kernel memory taken on behalf of a task: the budget that every
//! allocation a task's request makes is checked against first.
//!
//! The kernel heap is shared by every task and by the kernel itself, and
//! Rust's collections (`BTreeMap`, `Arc`) have no fallible constructors
//! on stable Rust: an allocation that fails inside one is a panic. So
//! the kernel's allocator publishes how much it could still hand out
//! beyond a reserve it keeps for itself ([`set_spare`]), and each
//! operation a task asks for (an mmap, an mprotect, a fork, a page-cache
//! page) first takes the most it may allocate from that figure
//! ([`take`]); when it does not fit, the operation fails with
//! [`MmError::OutOfMemory`] (`-ENOMEM`) before it changes anything. The
//! reserve is what tearing a task down and telling its parent need.
//!
//! The kernel runs one CPU to completion, and no interrupt allocates, so
//! nothing else allocates between a check and the allocations of the
//! operation that made it. Free bytes are not one free block, so the
//! reserve also absorbs fragmentation and the estimates below being
//! estimates. Until an allocator publishes a figure (on the host, in
//! `cargo test`), every request fits.

use core::sync::atomic::{AtomicIsize, Ordering};

use crate::error::MmError;

/// Bytes the kernel heap can still hand out to tasks: its free bytes less
/// its reserve (negative when the kernel itself is into the reserve).
static SPARE: AtomicIsize = AtomicIsize::new(isize::MAX);

/// What one VMA may cost the heap: the VMA with its `Arc` header, and a
/// B-tree insertion, which may split a node on each level of the tree
/// (generous: a leaf node of `BTreeMap<u64, Arc<_>>` is under 200 bytes).
pub const VMA_COST: usize = 1024;

/// What one page-cache entry may cost the heap (a B-tree insertion).
pub const CACHE_ENTRY_COST: usize = 512;

/// Publishes the bytes tasks may still take (the allocator calls it
/// after each allocation and free that changes its free space).
#[inline]
pub fn set_spare(bytes: isize) {
    SPARE.store(bytes, Ordering::Relaxed);
}

/// What the allocator does to make more room when a request does not
/// fit (give back memory it keeps cached), republishing the figure.
static RECLAIM: spin::Once<fn()> = spin::Once::new();

/// Registers the allocator's reclaim (see [`take`]).
pub fn set_reclaim(reclaim: fn()) {
    RECLAIM.call_once(|| reclaim);
}

/// Bytes tasks may still take (negative when the kernel is using its
/// reserve).
#[inline]
pub fn spare() -> isize {
    SPARE.load(Ordering::Relaxed)
}

/// Checks that an operation may allocate up to `bytes` of kernel heap on
/// behalf of a task: [`MmError::OutOfMemory`] if that would reach into the
/// reserve.
/// The figure errs low (an allocator may keep freed memory cached), so a
/// request that does not fit first has the allocator reclaim and looks
/// again.
#[inline]
pub fn take(bytes: usize) -> Result<(), MmError> {
    let bytes = bytes.min(isize::MAX as usize) as isize;
    if spare() >= bytes {
        return Ok(());
    }
    take_after_reclaim(bytes)
}

#[cold]
fn take_after_reclaim(bytes: isize) -> Result<(), MmError> {
    if let Some(reclaim) = RECLAIM.get() {
        reclaim();
    }
    if spare() >= bytes {
        Ok(())
    } else {
        Err(MmError::OutOfMemory)
    }
}

/// [`take`] for `n` VMAs.
#[inline]
pub fn take_vmas(n: usize) -> Result<(), MmError> {
    take(n.saturating_mul(VMA_COST))
}
