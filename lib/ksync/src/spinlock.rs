//! A spin lock on a 32-bit lock word.
//!
//! Why not `spin::Mutex`: it spins on an `AtomicBool`, and z/Architecture
//! has no byte-wide compare-and-swap. Every acquisition of a byte lock
//! becomes a `CS` on the containing word wrapped in rotates and masks,
//! about fourteen instructions; the fault path takes two to four locks.
//! A word-sized lock is one `CS` (`LHI`, `LHI`, `CS`, branch) and a plain
//! store to release. `lock_api` supplies the guard and the rest of the
//! `Mutex` interface around the raw lock.
//!
//! With the feature `held-count` (the kernel's self-test builds), every
//! acquisition and release also counts in [`held_count`], so that the
//! kernel can check, at the end of a run, that no path left a lock held
//! (a guard leaked, or skipped by a jump out of a system call). Without
//! it the lock costs nothing more than its word.

use core::sync::atomic::{AtomicU32, AtomicUsize, Ordering};

/// Spin locks held right now, all locks together (the kernel is
/// single-CPU: one counter, updated after the lock word).
static HELD_LOCKS: AtomicUsize = AtomicUsize::new(0);

/// How many spin locks are held now: outside any lock, e.g. after the
/// first task has exited, 0 unless a lock was leaked. `None` when this
/// build does not count (without the feature `held-count`).
pub fn held_count() -> Option<usize> {
    cfg!(any(test, feature = "held-count")).then(|| HELD_LOCKS.load(Ordering::Relaxed))
}

#[inline(always)]
fn count_held(delta: isize) {
    if cfg!(any(test, feature = "held-count")) {
        if delta > 0 {
            HELD_LOCKS.fetch_add(1, Ordering::Relaxed);
        } else {
            HELD_LOCKS.fetch_sub(1, Ordering::Relaxed);
        }
    }
}

/// The raw lock: 0 free, 1 held.
pub struct RawSpinLock(AtomicU32);

const FREE: u32 = 0;
const HELD: u32 = 1;

// SAFETY: `lock` returns only after this thread changed the word from FREE
// to HELD (Acquire), so at most one holder exists; `unlock` (Release) is
// called only by that holder, as lock_api guarantees.
unsafe impl lock_api::RawMutex for RawSpinLock {
    const INIT: Self = RawSpinLock(AtomicU32::new(FREE));

    type GuardMarker = lock_api::GuardSend;

    #[inline]
    fn lock(&self) {
        if !self.try_lock() {
            self.lock_contended();
        }
    }

    #[inline]
    fn try_lock(&self) -> bool {
        let taken = self
            .0
            .compare_exchange(FREE, HELD, Ordering::Acquire, Ordering::Relaxed)
            .is_ok();
        if taken {
            count_held(1);
        }
        taken
    }

    #[inline]
    unsafe fn unlock(&self) {
        count_held(-1);
        self.0.store(FREE, Ordering::Release);
    }

    fn is_locked(&self) -> bool {
        self.0.load(Ordering::Relaxed) != FREE
    }
}

impl RawSpinLock {
    /// The wait, out of line so that every lock site stays one `CS`.
    #[cold]
    #[inline(never)]
    fn lock_contended(&self) {
        loop {
            // Wait with plain loads, so that waiters do not keep taking the
            // line exclusive while the holder works.
            while self.0.load(Ordering::Relaxed) != FREE {
                core::hint::spin_loop();
            }
            if self
                .0
                .compare_exchange_weak(FREE, HELD, Ordering::Acquire, Ordering::Relaxed)
                .is_ok()
            {
                count_held(1);
                return;
            }
        }
    }
}

/// A value behind a [`RawSpinLock`]; `lock()` spins until it is free.
pub type SpinLock<T> = lock_api::Mutex<RawSpinLock, T>;

/// The guard [`SpinLock::lock`] returns; dropping it releases the lock.
pub type SpinLockGuard<'a, T> = lock_api::MutexGuard<'a, RawSpinLock, T>;

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn try_lock_fails_while_held() {
        let l = SpinLock::new(5);
        let g = l.lock();
        assert!(l.try_lock().is_none());
        assert!(l.is_locked());
        drop(g);
        assert_eq!(*l.try_lock().expect("free again"), 5);
        assert!(!l.is_locked());
    }

    #[test]
    fn excludes_across_threads() {
        // A non-atomic read-modify-write under the lock: any overlap of two
        // holders loses increments.
        let l = Arc::new(SpinLock::new(0u64));
        let threads: Vec<_> = (0..4)
            .map(|_| {
                let l = l.clone();
                std::thread::spawn(move || {
                    for _ in 0..20_000 {
                        let mut g = l.lock();
                        let v = *g;
                        std::hint::black_box(&v);
                        *g = v + 1;
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        assert_eq!(*l.lock(), 80_000);
    }

    #[test]
    fn held_count_follows_lock_and_unlock() {
        // Other tests run in parallel threads and take locks too: hold
        // two here and check the count never reads below them.
        let a = SpinLock::new(());
        let b = SpinLock::new(());
        let ga = a.lock();
        let gb = b.try_lock().expect("free");
        assert!(held_count().expect("tests count") >= 2);
        drop(ga);
        drop(gb);
    }

    #[test]
    fn usable_in_a_static() {
        static S: SpinLock<u32> = SpinLock::new(7);
        *S.lock() += 1;
        assert_eq!(*S.lock(), 8);
    }
}
