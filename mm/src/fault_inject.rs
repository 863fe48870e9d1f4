//! Fault injection: make `handle_mm_fault` return chosen values.
//!
//! A deliberate test facility, not a debugging leftover. The dispatch code
//! of an architecture must treat every bit outside `VmFault::ERROR` as
//! success, including bits nobody has defined yet, and must report
//! `FALLBACK` as unexpected. Real faults rarely produce those values, so
//! a test queues them here and then touches memory: the next calls to
//! `handle_mm_fault` on that address space return the queued values, in
//! order, without looking at page tables.
//!
//! An injected value keeps the lock contract: if it has `RETRY` or
//! `COMPLETED`, the lock the caller handed in is released, exactly as a
//! real `RETRY`/`COMPLETED` would.

use alloc::collections::VecDeque;
use core::sync::atomic::{AtomicUsize, Ordering};

use ksync::SpinLock;

use crate::VmFault;

/// A queue of values for the next `handle_mm_fault` calls.
#[derive(Default)]
pub struct FaultInjector {
    queue: SpinLock<VecDeque<VmFault>>,
    /// Queue length, read without the lock: every fault asks, and almost
    /// always nothing is queued.
    len: AtomicUsize,
}

impl FaultInjector {
    /// Queues `value` as the result of one future `handle_mm_fault`.
    pub fn push(&self, value: VmFault) {
        let mut q = self.queue.lock();
        q.push_back(value);
        self.len.store(q.len(), Ordering::Release);
    }

    /// Takes the next queued value, if any.
    #[inline]
    pub(crate) fn take(&self) -> Option<VmFault> {
        if self.len.load(Ordering::Acquire) == 0 {
            return None;
        }
        self.take_queued()
    }

    /// The rare half of [`FaultInjector::take`], out of line so that the
    /// fault path carries only the length check.
    #[cold]
    #[inline(never)]
    fn take_queued(&self) -> Option<VmFault> {
        let mut q = self.queue.lock();
        let v = q.pop_front();
        self.len.store(q.len(), Ordering::Release);
        v
    }

    /// Values still queued.
    pub fn pending(&self) -> usize {
        self.queue.lock().len()
    }

    /// Drops every queued value.
    pub fn clear(&self) {
        let mut q = self.queue.lock();
        q.clear();
        self.len.store(0, Ordering::Release);
    }
}
