//! The mmap lock: a reader/writer spin lock that does not starve writers.
//!
//! Faults take it for reading all the time (every fault that misses the
//! per-VMA path), while munmap, mprotect, fork and stack growth need it
//! for writing. A plain reader-preferring spin lock lets a steady stream
//! of faults keep a writer out forever; here a waiting writer raises a
//! flag that stops new readers, as Linux's rwsem hands the lock to a
//! waiting writer. Readers must therefore never take it recursively.

use core::sync::atomic::{AtomicU32, Ordering};

const WRITER: u32 = 1 << 31;
const WRITER_WAITING: u32 = 1 << 30;
const READERS: u32 = WRITER_WAITING - 1;

/// The lock.
#[derive(Debug, Default)]
pub struct MmapLock {
    state: AtomicU32,
}

/// Proof of holding the lock for reading; released on drop.
#[derive(Debug)]
pub struct MmapReadGuard<'a> {
    lock: &'a MmapLock,
}

/// Proof of holding the lock for writing; released on drop.
#[derive(Debug)]
pub struct MmapWriteGuard<'a> {
    lock: &'a MmapLock,
}

impl MmapLock {
    /// An unlocked lock.
    pub const fn new() -> Self {
        Self {
            state: AtomicU32::new(0),
        }
    }

    /// Takes the lock for reading, without waiting; `None` if a writer
    /// holds it or waits for it.
    pub fn try_read(&self) -> Option<MmapReadGuard<'_>> {
        let s = self.state.load(Ordering::Relaxed);
        if s & (WRITER | WRITER_WAITING) != 0 || s & READERS == READERS {
            return None;
        }
        self.state
            .compare_exchange_weak(s, s + 1, Ordering::Acquire, Ordering::Relaxed)
            .ok()
            .map(|_| MmapReadGuard { lock: self })
    }

    /// Takes the lock for reading, spinning while a writer holds it or
    /// waits for it.
    pub fn read(&self) -> MmapReadGuard<'_> {
        loop {
            if let Some(g) = self.try_read() {
                return g;
            }
            core::hint::spin_loop();
        }
    }

    /// Takes the lock for writing, spinning until the readers are gone;
    /// new readers are held off meanwhile.
    pub fn write(&self) -> MmapWriteGuard<'_> {
        loop {
            let s = self.state.load(Ordering::Relaxed);
            if s & (WRITER | READERS) == 0 {
                // Clearing WRITER_WAITING here is harmless: another waiting
                // writer raises it again on its next turn.
                if self
                    .state
                    .compare_exchange_weak(s, WRITER, Ordering::Acquire, Ordering::Relaxed)
                    .is_ok()
                {
                    return MmapWriteGuard { lock: self };
                }
            } else if s & WRITER_WAITING == 0 {
                self.state.fetch_or(WRITER_WAITING, Ordering::Relaxed);
            }
            core::hint::spin_loop();
        }
    }
}

impl<'a> MmapWriteGuard<'a> {
    /// Turns the write lock into a read lock without letting a writer in
    /// between.
    pub fn downgrade(self) -> MmapReadGuard<'a> {
        let lock = self.lock;
        core::mem::forget(self);
        lock.state.fetch_add(1, Ordering::Acquire);
        lock.state.fetch_and(!WRITER, Ordering::Release);
        MmapReadGuard { lock }
    }
}

impl Drop for MmapReadGuard<'_> {
    fn drop(&mut self) {
        self.lock.state.fetch_sub(1, Ordering::Release);
    }
}

impl Drop for MmapWriteGuard<'_> {
    fn drop(&mut self) {
        self.lock.state.fetch_and(!WRITER, Ordering::Release);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readers_share_writers_exclude() {
        let l = MmapLock::new();
        let a = l.read();
        let b = l.try_read();
        assert!(b.is_some());
        drop((a, b));
        let w = l.write();
        assert!(l.try_read().is_none());
        let r = w.downgrade();
        assert!(l.try_read().is_some());
        drop(r);
        assert_eq!(l.state.load(Ordering::Relaxed), 0);
    }

    #[test]
    fn a_waiting_writer_holds_off_new_readers() {
        let l = MmapLock::new();
        let r = l.read();
        // What write() does while it waits for `r`.
        l.state.fetch_or(WRITER_WAITING, Ordering::Relaxed);
        assert!(l.try_read().is_none());
        drop(r);
        let w = l.write();
        drop(w);
        assert!(l.try_read().is_some());
    }
}
