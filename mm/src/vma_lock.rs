//! The per-VMA lock: a reader lock that fails rather than waits, with a
//! sequence count that lets writers invalidate readers already inside a
//! fault.
//!
//! Linux's `lock_vma_under_rcu` lets a page fault run without the mmap lock
//! by read-locking just the VMA it hit. Here a writer (munmap, mprotect,
//! fork, stack growth, all under the mmap write lock) does not wait for
//! those readers: it bumps the VMA's sequence count, and a fault validates
//! its snapshot of the count under the page-table lock just before it
//! installs an entry. A fault that raced with a change therefore backs out
//! and reports `RETRY`, and the change never waits on a fault that may
//! itself be waiting for I/O.
//!
//! A VMA is never changed in place: a change replaces it with new VMAs and
//! *detaches* the old one, whose count then stays odd for good.

use core::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};

/// Why [`VmaLock::try_read`] failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TryReadError {
    /// A writer is changing the VMA right now.
    WriteLocked,
    /// The VMA was replaced and is no longer in the address space.
    Detached,
}

/// Sequence count plus reader count of one VMA.
#[derive(Debug, Default)]
pub struct VmaLock {
    /// Even: stable. Odd: a writer is active, or the VMA is detached.
    seq: AtomicU64,
    /// Faults holding the VMA through the per-VMA path.
    readers: AtomicU32,
    detached: AtomicBool,
}

impl VmaLock {
    /// An unlocked, attached VMA's lock.
    pub const fn new() -> Self {
        Self {
            seq: AtomicU64::new(0),
            readers: AtomicU32::new(0),
            detached: AtomicBool::new(false),
        }
    }

    /// Takes a read lock without waiting, returning the sequence snapshot
    /// to validate later with [`VmaLock::is_current`].
    #[inline]
    pub fn try_read(&self) -> Result<u64, TryReadError> {
        let seq = self.seq.load(Ordering::Acquire);
        if seq & 1 != 0 {
            return Err(self.why());
        }
        self.readers.fetch_add(1, Ordering::AcqRel);
        if self.seq.load(Ordering::Acquire) != seq {
            self.readers.fetch_sub(1, Ordering::AcqRel);
            return Err(self.why());
        }
        Ok(seq)
    }

    fn why(&self) -> TryReadError {
        if self.detached.load(Ordering::Acquire) {
            TryReadError::Detached
        } else {
            TryReadError::WriteLocked
        }
    }

    /// Drops a read lock taken with [`VmaLock::try_read`].
    #[inline]
    pub fn read_unlock(&self) {
        let before = self.readers.fetch_sub(1, Ordering::AcqRel);
        assert!(before > 0, "VMA read lock released more often than taken");
    }

    /// The current snapshot for a reader that holds the mmap lock (writers
    /// are excluded, so the count is stable and even).
    #[inline]
    pub fn snapshot(&self) -> u64 {
        self.seq.load(Ordering::Acquire)
    }

    /// Whether nothing changed the VMA since `seq` was taken.
    #[inline]
    pub fn is_current(&self, seq: u64) -> bool {
        self.seq.load(Ordering::Acquire) == seq
    }

    /// Faults currently holding this VMA through the per-VMA path.
    pub fn readers(&self) -> u32 {
        self.readers.load(Ordering::Acquire)
    }

    /// Whether the VMA was replaced.
    pub fn is_detached(&self) -> bool {
        self.detached.load(Ordering::Acquire)
    }

    /// Starts a change: new readers fail and current ones will fail
    /// validation. Caller holds the mmap write lock.
    pub(crate) fn write_begin(&self) {
        let old = self.seq.fetch_add(1, Ordering::AcqRel);
        debug_assert!(old & 1 == 0, "nested VMA write");
    }

    /// Ends a change started with [`VmaLock::write_begin`].
    pub(crate) fn write_end(&self) {
        let old = self.seq.fetch_add(1, Ordering::AcqRel);
        debug_assert!(old & 1 == 1, "VMA write_end without write_begin");
    }

    /// Retires the VMA: like `write_begin`, never ended.
    pub(crate) fn detach(&self) {
        self.detached.store(true, Ordering::Release);
        self.write_begin();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_writer_invalidates_a_reader_and_blocks_new_ones() {
        let l = VmaLock::new();
        let s = l.try_read().unwrap();
        assert!(l.is_current(s));
        l.write_begin();
        assert!(!l.is_current(s));
        assert_eq!(l.try_read(), Err(TryReadError::WriteLocked));
        l.write_end();
        let s2 = l.try_read().unwrap();
        assert_ne!(s, s2);
        l.read_unlock();
        l.read_unlock();
        assert_eq!(l.readers(), 0);
    }

    #[test]
    fn detached_stays_locked() {
        let l = VmaLock::new();
        l.detach();
        assert_eq!(l.try_read(), Err(TryReadError::Detached));
        assert!(l.is_detached());
    }

    #[test]
    #[should_panic(expected = "more often than taken")]
    fn unbalanced_unlock_panics() {
        VmaLock::new().read_unlock();
    }
}
