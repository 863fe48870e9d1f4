//! Per-address-space fault counters.

use core::fmt;
use core::sync::atomic::{AtomicU64, Ordering};

/// Event counters of one address space, updated without locks.
#[derive(Debug, Default)]
pub struct MmCounters {
    minor: AtomicU64,
    major: AtomicU64,
    cow: AtomicU64,
    retries: AtomicU64,
    vma_lock_success: AtomicU64,
    vma_lock_retry: AtomicU64,
    vma_lock_abort: AtomicU64,
    vma_lock_miss: AtomicU64,
}

/// A copy of [`MmCounters`] at one moment.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CounterSnapshot {
    /// Faults resolved without I/O.
    pub minor: u64,
    /// Faults that read a page in (`MAJOR`).
    pub major: u64,
    /// Pages copied to break copy-on-write (including zero-page breaks).
    pub cow: u64,
    /// `handle_mm_fault` calls that returned `RETRY`.
    pub retries: u64,
    /// Per-VMA path: the fault was handled under the VMA lock.
    pub vma_lock_success: u64,
    /// Per-VMA path: `RETRY`, so the fault fell back to the mmap lock.
    pub vma_lock_retry: u64,
    /// Per-VMA path: no VMA could be locked (none there, or a writer had
    /// it), so the fault went to the mmap lock.
    pub vma_lock_abort: u64,
    /// Per-VMA path: the VMA found was detached by a writer meanwhile.
    pub vma_lock_miss: u64,
}

/// The counters one event bumps.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Event {
    Minor,
    Major,
    Cow,
    Retry,
    VmaLockSuccess,
    VmaLockRetry,
    VmaLockAbort,
    VmaLockMiss,
}

impl MmCounters {
    #[inline]
    pub(crate) fn count(&self, e: Event) {
        let c = match e {
            Event::Minor => &self.minor,
            Event::Major => &self.major,
            Event::Cow => &self.cow,
            Event::Retry => &self.retries,
            Event::VmaLockSuccess => &self.vma_lock_success,
            Event::VmaLockRetry => &self.vma_lock_retry,
            Event::VmaLockAbort => &self.vma_lock_abort,
            Event::VmaLockMiss => &self.vma_lock_miss,
        };
        c.fetch_add(1, Ordering::Relaxed);
    }

    /// The counters now.
    pub fn snapshot(&self) -> CounterSnapshot {
        let l = |c: &AtomicU64| c.load(Ordering::Relaxed);
        CounterSnapshot {
            minor: l(&self.minor),
            major: l(&self.major),
            cow: l(&self.cow),
            retries: l(&self.retries),
            vma_lock_success: l(&self.vma_lock_success),
            vma_lock_retry: l(&self.vma_lock_retry),
            vma_lock_abort: l(&self.vma_lock_abort),
            vma_lock_miss: l(&self.vma_lock_miss),
        }
    }
}

impl fmt::Display for CounterSnapshot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "minor {} major {} cow {} retry {} vma-lock success {} retry {} abort {} miss {}",
            self.minor,
            self.major,
            self.cow,
            self.retries,
            self.vma_lock_success,
            self.vma_lock_retry,
            self.vma_lock_abort,
            self.vma_lock_miss
        )
    }
}
