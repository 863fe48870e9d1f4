//! `Mm`: one address space, its VMAs, its page tables and its locks.
//!
//! # Locks, outermost first
//!
//! - `mmap_lock` ([`crate::mmap_lock`], reader/writer, writer-fair): writers (mmap, munmap, mprotect, fork,
//!   stack growth) hold it for the whole change; faults on the fallback
//!   path hold it for reading.
//! - the per-VMA lock ([`crate::vma_lock`]): faults on the fast path take
//!   it *instead of* the mmap lock, and never wait for it.
//! - `vmas` (reader/writer): guards the tree's structure only, held for a
//!   lookup or a swap of entries, never across a fault. It plays the part
//!   of RCU for the lock-free lookup.
//! - `vma_cache` (reader/writer, a leaf: nothing is taken inside it;
//!   faults only read it, so they do not serialise on it): the VMA
//!   the last per-VMA lookup found. It is filled only under `vmas` (read)
//!   with a VMA found in the tree, and emptied under `vmas` (write) by
//!   every change that can remove one (`Mm::edit_vmas`), so whatever it
//!   holds is in the tree, exactly as if the tree had just been searched.
//!   Like a tree hit, it may be retired a moment later: the per-VMA lock
//!   then fails, as it would for the tree's answer.
//! - `ptl` (the page-table lock): every read-modify-write of this space's
//!   page tables, the root of those tables (which [`Arch::grow_root`] may
//!   replace), and a fault's final validation of its VMA snapshot. A
//!   `ksync::SpinLock`, whose lock word is 32 bits: every architecture has
//!   a native compare-and-swap for that (a byte-sized lock word costs a
//!   compare-and-swap loop on machines without byte atomics, s390x among
//!   them), and every fault takes this lock.
//!
//! Page tables are freed only when the space is dropped, so a slot found
//! under the page-table lock stays valid for the life of the space.

use alloc::collections::{BTreeMap, BTreeSet};
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::fmt;
use core::ops::Range;
use core::sync::atomic::{AtomicU64, Ordering};

use ksync::SpinLock;
use spin::{RwLock, RwLockWriteGuard};

use crate::mmap_lock::MmapLock;

use crate::arch::{Arch, TableRoot};
use crate::counters::{CounterSnapshot, MmCounters};
use crate::error::MmError;
#[cfg(feature = "fault-injection")]
use crate::fault_inject::FaultInjector;
use crate::frame::PhysFrame;
use crate::memory::Memory;
use crate::vma::{Vma, VmaFlags};
#[cfg(feature = "fault-injection")]
use crate::VmFault;
use crate::PAGE_SIZE;

/// Tunables of an address space. Defaults follow Linux.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest size a `GROWSDOWN` VMA may grow to (`RLIMIT_STACK`, 8 MiB).
    pub stack_limit: u64,
    /// Free space that must stay between a growing stack and the mapping
    /// below it (`stack_guard_gap`, 256 pages).
    pub stack_guard_gap: u64,
    /// Lowest address the kernel places a mapping at by itself, and where
    /// a stack may grow to (`mmap_min_addr`, Linux's default 4 KiB), so
    /// that a NULL dereference never meets a mapping nobody asked for.
    pub mmap_min_addr: u64,
    /// Lowest address a mapping may be placed at when the caller names it
    /// (`MAP_FIXED`, `mremap`'s target): `mmap_min_addr` for an ordinary
    /// task, 0 for one Linux would allow below it (`CAP_SYS_RAWIO`).
    pub fixed_min_addr: u64,
    /// Where placement without a usable hint starts searching.
    pub mmap_base: u64,
    /// Most VMAs a space may have (`vm.max_map_count`, Linux's default
    /// `DEFAULT_MAX_MAP_COUNT`: 65,535 less a margin of 5 for core
    /// dumps). Checked where Linux checks it: a split needs fewer than
    /// this many (`split_vma`, so mprotect and munmap stop at exactly
    /// this many), a new mapping needs no more than this many already
    /// (`do_mmap` and `brk` test `map_count > max`, so they may take the
    /// space one past it); fork copies whatever the parent has.
    pub max_map_count: usize,
}

/// Linux's `DEFAULT_MAX_MAP_COUNT` (`USHRT_MAX - MAPCOUNT_ELF_CORE_MARGIN`).
pub const DEFAULT_MAX_MAP_COUNT: usize = 65_530;

impl Default for Limits {
    fn default() -> Self {
        Self {
            stack_limit: 8 << 20,
            stack_guard_gap: 256 * PAGE_SIZE,
            mmap_min_addr: 0x1000,
            fixed_min_addr: 0x1000,
            mmap_base: 0x1_0000_0000,
            max_map_count: DEFAULT_MAX_MAP_COUNT,
        }
    }
}

/// State guarded by the page-table lock besides the tables themselves.
pub(crate) struct PtState {
    /// The root of the tables. It changes only when the tree grows
    /// ([`Mm::reach`]), and every walk reads it under this lock, so a walk
    /// always starts from the current root.
    pub(crate) root: TableRoot,
    /// Pages whose frame was poisoned and unmapped: like Linux's hwpoison
    /// swap entries, a fault on one is `HWPOISON`.
    pub(crate) hwpoison: BTreeSet<u64>,
}

impl PtState {
    /// Whether the page at `va` holds a poison marker. Every fault asks,
    /// and almost always nothing was ever poisoned.
    #[inline]
    pub(crate) fn is_hwpoison(&self, va: u64) -> bool {
        !self.hwpoison.is_empty() && self.hwpoison.contains(&va)
    }
}

/// Where an address falls among the VMAs.
pub(crate) enum Lookup<A: Arch> {
    /// Inside this VMA.
    Inside(Arc<Vma<A>>),
    /// In the gap below this VMA (the candidate for stack growth), with
    /// the end of the VMA below the gap, if any.
    Below(Arc<Vma<A>>, Option<u64>),
    /// Above every VMA.
    Nothing,
}

/// One address space.
pub struct Mm<A: Arch> {
    pub(crate) mem: Arc<Memory<A>>,
    pub(crate) mmap_lock: MmapLock,
    pub(crate) vmas: RwLock<BTreeMap<u64, Arc<Vma<A>>>>,
    pub(crate) vma_cache: RwLock<Option<Arc<Vma<A>>>>,
    pub(crate) ptl: SpinLock<PtState>,
    pub(crate) counters: MmCounters,
    #[cfg(feature = "fault-injection")]
    pub(crate) injector: FaultInjector,
    pub(crate) limits: Limits,
    /// The stack limit in force (`RLIMIT_STACK`): Linux reads the
    /// process's limit at each stack growth, so `setrlimit` changes it for
    /// the space already running. Starts at `limits.stack_limit`.
    pub(crate) stack_limit: AtomicU64,
}

impl<A: Arch> Mm<A> {
    /// An empty address space with default [`Limits`].
    pub fn new(mem: Arc<Memory<A>>) -> Result<Self, MmError> {
        Self::with_limits(mem, Limits::default())
    }

    /// An empty address space with the given limits.
    pub fn with_limits(mem: Arc<Memory<A>>, limits: Limits) -> Result<Self, MmError> {
        let root = mem
            .arch()
            .create_root(mem.frames())
            .map_err(|_| MmError::OutOfMemory)?;
        Ok(Self {
            mem,
            mmap_lock: MmapLock::new(),
            vmas: RwLock::new(BTreeMap::new()),
            vma_cache: RwLock::new(None),
            ptl: SpinLock::new(PtState {
                root,
                hwpoison: BTreeSet::new(),
            }),
            counters: MmCounters::default(),
            #[cfg(feature = "fault-injection")]
            injector: FaultInjector::default(),
            stack_limit: AtomicU64::new(limits.stack_limit),
            limits,
        })
    }

    /// The machine memory this space uses.
    pub fn memory(&self) -> &Arc<Memory<A>> {
        &self.mem
    }

    /// The root of this space's page tables now (for an architecture to
    /// load into its MMU). It changes when a mapping beyond its reach
    /// grows the tree (see [`Arch::grow_root`]).
    pub fn root(&self) -> TableRoot {
        self.ptl.lock().root
    }

    /// First address the tables can translate without growing
    /// ([`Arch::root_reach`] of the current root).
    pub fn reach_now(&self) -> u64 {
        let root = self.root();
        self.mem.arch().root_reach(root)
    }

    /// Makes the tables reach `end` (at most [`Arch::va_limit_max`]),
    /// growing the tree if needed. Callers hold the mmap lock for writing
    /// and call it before they install a VMA ending at `end`, so no fault
    /// ever meets a VMA beyond the tables' reach. Nothing changes on
    /// failure.
    pub(crate) fn reach(&self, end: u64) -> Result<(), MmError> {
        let arch = self.mem.arch();
        let mut ptl = self.ptl.lock();
        if end <= arch.root_reach(ptl.root) {
            return Ok(());
        }
        ptl.root = arch
            .grow_root(ptl.root, end, self.mem.frames())
            .map_err(|e| match e {
                crate::arch::WalkError::OutOfFrames => MmError::OutOfMemory,
                crate::arch::WalkError::BeyondReach => MmError::OutOfRange,
            })?;
        Ok(())
    }

    /// The limits in force: those this space was made with, and the
    /// current stack limit.
    pub fn limits(&self) -> Limits {
        Limits {
            stack_limit: self.stack_limit(),
            ..self.limits
        }
    }

    /// The largest size a `GROWSDOWN` VMA may grow to now.
    pub fn stack_limit(&self) -> u64 {
        self.stack_limit.load(Ordering::Relaxed)
    }

    /// Sets the stack limit (`setrlimit(RLIMIT_STACK)`): stack growth from
    /// now on is checked against `bytes`; a stack already larger keeps its
    /// pages, as on Linux.
    pub fn set_stack_limit(&self, bytes: u64) {
        self.stack_limit.store(bytes, Ordering::Relaxed);
    }

    /// The event counters.
    pub fn counters(&self) -> CounterSnapshot {
        self.counters.snapshot()
    }

    /// Queues `value` as the result of the next `handle_mm_fault` on this
    /// space (see [`crate::fault_inject`]). Several calls queue several
    /// values, returned in order.
    #[cfg(feature = "fault-injection")]
    pub fn inject_fault(&self, value: VmFault) {
        self.injector.push(value);
    }

    /// The fault-injection queue.
    #[cfg(feature = "fault-injection")]
    pub fn injector(&self) -> &FaultInjector {
        &self.injector
    }

    /// The VMA containing `addr`, if any (takes the mmap lock for reading).
    pub fn find_vma(&self, addr: u64) -> Option<Arc<Vma<A>>> {
        let _m = self.mmap_lock.read();
        match self.lookup(addr) {
            Lookup::Inside(v) => Some(v),
            _ => None,
        }
    }

    /// Every VMA, in address order, as `(range, flags)`.
    pub fn vmas(&self) -> Vec<(Range<u64>, VmaFlags)> {
        let _m = self.mmap_lock.read();
        self.vmas
            .read()
            .values()
            .map(|v| (v.range(), v.flags()))
            .collect()
    }

    /// Number of VMAs.
    pub fn vma_count(&self) -> usize {
        self.vmas.read().len()
    }

    /// Page-table frames this space holds now (for leak checks).
    pub fn table_frames(&self) -> usize {
        let ptl = self.ptl.lock();
        self.mem.arch().table_frames(ptl.root)
    }

    /// Faults currently inside the per-VMA path of this space (should be
    /// zero whenever no fault runs: a nonzero value is a leaked VMA lock).
    pub fn vma_readers(&self) -> u32 {
        self.vmas.read().values().map(|v| v.lock.readers()).sum()
    }

    /// Where `addr` falls among the VMAs: O(log n) in the number of VMAs.
    pub(crate) fn lookup(&self, addr: u64) -> Lookup<A> {
        let tree = self.vmas.read();
        Self::lookup_in(&tree, addr)
    }

    pub(crate) fn lookup_in(tree: &BTreeMap<u64, Arc<Vma<A>>>, addr: u64) -> Lookup<A> {
        let below = tree.range(..=addr).next_back().map(|(_, v)| v);
        if let Some(v) = below {
            if v.contains(addr) {
                return Lookup::Inside(v.clone());
            }
        }
        match tree.range(addr..).next() {
            Some((_, v)) => Lookup::Below(v.clone(), below.map(|b| b.end())),
            None => Lookup::Nothing,
        }
    }

    /// The VMA tree for a change, with the lookup cache emptied (see the
    /// lock order above): every insertion or removal goes through here.
    pub(crate) fn edit_vmas(&self) -> RwLockWriteGuard<'_, BTreeMap<u64, Arc<Vma<A>>>> {
        let tree = self.vmas.write();
        *self.vma_cache.write() = None;
        tree
    }

    /// Clears every entry in `range`, returning the frames whose
    /// references the entries held; the caller puts them once the lock is
    /// dropped (those the heap has no room to list are put at once).
    /// Poison markers in the range go too.
    pub(crate) fn zap(&self, range: Range<u64>) -> Vec<PhysFrame> {
        let arch = self.mem.arch();
        let zero = self.mem.zero_page();
        let mut out = Vec::new();
        let mut ptl = self.ptl.lock();
        let root = ptl.root;
        let frames = self.mem.frames();
        arch.scan(root, range.clone(), &mut |va, slot, pte| {
            arch.clear_pte(root, slot, va);
            arch.flush(root, va);
            if pte.is_populated() && pte.frame != zero {
                // Tearing down must not fail for want of heap: without
                // room in the list, the frame goes back at once (its
                // entry is already cleared and flushed, on the one CPU).
                if out.try_reserve(1).is_ok() {
                    out.push(pte.frame);
                } else {
                    frames.put(pte.frame);
                }
            }
        });
        let gone: Vec<u64> = ptl.hwpoison.range(range).copied().collect();
        for a in gone {
            ptl.hwpoison.remove(&a);
        }
        out
    }

    /// Drops the references `zap` collected.
    pub(crate) fn put_frames(&self, frames: Vec<PhysFrame>) {
        for f in frames {
            self.mem.frames().put(f);
        }
    }
}

impl<A: Arch> fmt::Debug for Mm<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mm")
            .field("root", &self.ptl.lock().root)
            .field("vmas", &self.vmas.read().values().collect::<Vec<_>>())
            .finish()
    }
}

impl<A: Arch> Drop for Mm<A> {
    /// Exit: every page is released, then every table.
    fn drop(&mut self) {
        *self.vma_cache.get_mut() = None;
        let vmas = core::mem::take(self.vmas.get_mut());
        for v in vmas.values() {
            v.lock.detach();
            let frames = self.zap(v.range());
            self.put_frames(frames);
        }
        let root = self.ptl.get_mut().root;
        self.mem.arch().destroy(root, self.mem.frames());
    }
}
