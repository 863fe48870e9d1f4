//! The lock a fault holds: the per-VMA read lock or the mmap read lock.
//!
//! `handle_mm_fault` may drop that lock (`RETRY`, `COMPLETED`). Rather
//! than trusting every caller to remember whether it still holds it, the
//! lock travels in a [`FaultGuard`] that `handle_mm_fault` releases in
//! place; dropping the guard afterwards releases the lock only if it is
//! still held. "Do not unlock again" is then true by construction.

use alloc::sync::Arc;
use core::fmt;

use crate::arch::Arch;
use crate::counters::Event;
use crate::mm::{Lookup, Mm};
use crate::mmap_lock::MmapReadGuard;
use crate::vma::Vma;
use crate::vma_lock::TryReadError;

enum Held<'m> {
    Vma,
    Mmap(MmapReadGuard<'m>),
    Released,
}

/// A fault's hold on one VMA: the VMA, the sequence snapshot validated
/// before any entry is installed, and the lock that keeps it.
pub struct FaultGuard<'m, A: Arch> {
    vma: Arc<Vma<A>>,
    seq: u64,
    held: Held<'m>,
}

impl<'m, A: Arch> FaultGuard<'m, A> {
    pub(crate) fn with_mmap_lock(vma: Arc<Vma<A>>, lock: MmapReadGuard<'m>) -> Self {
        let seq = vma.lock.snapshot();
        Self {
            vma,
            seq,
            held: Held::Mmap(lock),
        }
    }

    /// The VMA the fault is in.
    pub fn vma(&self) -> &Arc<Vma<A>> {
        &self.vma
    }

    pub(crate) fn seq(&self) -> u64 {
        self.seq
    }

    /// Whether the lock is still held.
    pub fn is_held(&self) -> bool {
        !matches!(self.held, Held::Released)
    }

    /// Whether the lock held is the per-VMA lock.
    pub fn holds_vma_lock(&self) -> bool {
        matches!(self.held, Held::Vma)
    }

    /// Whether the lock held is the mmap read lock.
    pub fn holds_mmap_lock(&self) -> bool {
        matches!(self.held, Held::Mmap(_))
    }

    /// Releases the lock if still held; a second call does nothing.
    pub fn release(&mut self) {
        match core::mem::replace(&mut self.held, Held::Released) {
            Held::Vma => self.vma.lock.read_unlock(),
            Held::Mmap(g) => drop(g),
            Held::Released => {}
        }
    }
}

impl<A: Arch> Drop for FaultGuard<'_, A> {
    fn drop(&mut self) {
        self.release();
    }
}

impl<A: Arch> fmt::Debug for FaultGuard<'_, A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let held = match self.held {
            Held::Vma => "vma lock",
            Held::Mmap(_) => "mmap lock",
            Held::Released => "released",
        };
        write!(f, "FaultGuard({:?}, seq {}, {held})", self.vma, self.seq)
    }
}

/// How often a lookup that found a just-replaced VMA looks again before
/// giving up on the per-VMA path.
const MISS_RETRIES: usize = 3;

impl<A: Arch> Mm<A> {
    /// Read-locks the VMA containing `addr` without taking the mmap lock,
    /// as Linux's `lock_vma_under_rcu`: it never waits. `None` (counted as
    /// an abort) when no VMA contains `addr` or a writer holds it; the
    /// caller then takes the mmap-lock path. Finding a VMA that a writer
    /// has just replaced counts as a miss and looks again.
    pub fn lock_vma(&self, addr: u64) -> Option<FaultGuard<'_, A>> {
        for _ in 0..MISS_RETRIES {
            let cached = self
                .vma_cache
                .read()
                .as_ref()
                .filter(|v| v.contains(addr))
                .cloned();
            let vma = match cached {
                Some(v) => v,
                None => {
                    let Some(tree) = self.vmas.try_read() else {
                        break;
                    };
                    match Self::lookup_in(&tree, addr) {
                        Lookup::Inside(v) => {
                            // Under the tree's read lock: see `vma_cache`.
                            *self.vma_cache.write() = Some(v.clone());
                            v
                        }
                        _ => break,
                    }
                }
            };
            match vma.lock.try_read() {
                Ok(seq) => {
                    return Some(FaultGuard {
                        vma,
                        seq,
                        held: Held::Vma,
                    })
                }
                Err(TryReadError::Detached) => self.counters.count(Event::VmaLockMiss),
                Err(TryReadError::WriteLocked) => break,
            }
        }
        self.counters.count(Event::VmaLockAbort);
        None
    }

    /// Takes the mmap lock for reading and holds the VMA containing `addr`
    /// with it; `None` (lock dropped) when no VMA contains `addr`. The
    /// fallback path's way in, also usable directly by tests.
    pub fn lock_mmap(&self, addr: u64) -> Option<FaultGuard<'_, A>> {
        let lock = self.mmap_lock.read();
        match self.lookup(addr) {
            Lookup::Inside(v) => Some(FaultGuard::with_mmap_lock(v, lock)),
            _ => None,
        }
    }
}
