//! Sv39 trees in memory, over any way of reaching physical memory: the
//! kernel's direct map (`mmu.rs`), or a simulated arena in host tests, so
//! that the same code runs `mm`'s generic self-tests on the host.
//!
//! This file only reads and writes entries; it never fences. Every
//! `sfence.vma` is the caller's (see `mmu.rs`), which knows whether the
//! tree is live on a hart.
//!
//! A user tree is a root table whose entries 0..255 (the lower half,
//! `0..USER_END`) belong to the tree: pointers to level-1 tables, whose
//! pointers lead to level-0 tables of 4 KiB leaves. Entries 256..511 are
//! copies of the kernel root's, so that the kernel stays mapped whatever
//! user tree a hart runs; they point at the kernel's tables, which a user
//! tree never frees, counts or scans. The kernel tree itself (built by
//! [`Sv39Tables::map_kernel`]) uses 1 GiB, 2 MiB and 4 KiB leaves.
//!
//! Every entry is read and written with one 8-byte access (the hardware
//! may walk the tables at any time, so an entry must never be seen half
//! written), and a new table is filled completely before the pointer to
//! it is stored, so a walk finds either nothing or a whole subtree.

use core::fmt;
use core::ops::Range;

use mm::arch::{Pte as GenericPte, PteSlot, WalkError};
use mm::frame::{FrameAllocator, OutOfFrames, PhysFrame};

use crate::layout::USER_END;
use crate::sv39::{
    decode, encode, is_canonical, Defect, Entry, Level, ENTRIES, KERNEL_ROOT_FIRST, PAGE_SIZE,
};

/// How the table code reaches physical memory.
pub trait TableMemory {
    /// The 8-byte word at physical address `pa` (8-aligned), read with
    /// one access.
    fn load(&self, pa: u64) -> u64;
    /// Stores the 8-byte word at physical address `pa` (8-aligned) with
    /// one access.
    fn store(&self, pa: u64, value: u64);
    /// Replaces the 8-byte word at physical address `pa` (8-aligned) by
    /// `value` and returns what it held, atomically with respect to the
    /// hardware's own updates of the word (the A and D bits it sets in a
    /// valid leaf), so that none is lost between the read and the write.
    fn swap(&self, pa: u64, value: u64) -> u64;
    /// Fills `frame` with zeros.
    fn zero(&self, frame: PhysFrame);
}

/// Kernel mapping permissions. Every kernel leaf is also global (G: it is
/// the same in every address space) and has A and D preset, so the
/// hardware never has to update a kernel entry (nor fault, where it
/// leaves A and D to software).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum KernelPerm {
    /// Read-only data.
    ReadOnly,
    /// Text.
    ReadExecute,
    /// Data, stacks, the direct map of RAM.
    ReadWrite,
}

impl KernelPerm {
    /// The leaf bits of this permission (V apart).
    pub const fn bits(self) -> u64 {
        let rwx = match self {
            KernelPerm::ReadOnly => Entry::R,
            KernelPerm::ReadExecute => Entry::R | Entry::X,
            KernelPerm::ReadWrite => Entry::R | Entry::W,
        };
        rwx | Entry::G | Entry::A | Entry::D
    }
}

/// Where [`Sv39Tables::describe_walk`] stopped, as the hardware's walk
/// would (the steps of the spec's translation process).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum WalkEnd {
    /// Bits 63..39 of the address are not all equal to bit 38.
    NotCanonical,
    /// The entry at this level has V clear.
    Invalid(Level),
    /// The entry at this level is valid but malformed.
    Defect(Level, Defect),
    /// A pointer at level 0, where only leaves may be.
    PointerAtLevel0,
    /// A leaf above level 0 whose physical address is not aligned to its
    /// size.
    MisalignedSuperpage(Level),
    /// The table this level's entry is read from (the root, or the table
    /// the entry above points to) is not in RAM; the software walk does
    /// not read it.
    TableOutsideRam(Level, u64),
    /// A leaf: the walk translates `va` to `pa`, permissions apart.
    Leaf {
        /// The level of the leaf (its page size).
        level: Level,
        /// The physical address `va` translates to.
        pa: u64,
    },
}

/// One entry a walk read.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct WalkStep {
    /// The level of the table.
    pub level: Level,
    /// The table's physical address.
    pub table: u64,
    /// The entry's index in it (VPN[level]).
    pub index: usize,
    /// The entry.
    pub entry: Entry,
}

/// The entries a software walk met for one address, for the oops.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Walk {
    /// The address walked.
    pub va: u64,
    /// The root table walked.
    pub root: u64,
    /// The entries read, root first (`None` below where the walk
    /// stopped).
    pub steps: [Option<WalkStep>; 3],
    /// Why the walk stopped.
    pub end: WalkEnd,
}

impl fmt::Display for Walk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Sv39 walk of {:#018x}, root table {:#x}:",
            self.va, self.root
        )?;
        for s in self.steps.iter().flatten() {
            writeln!(
                f,
                "  L{}[{:3}] @ {:#x}: {:016x} {:?}",
                s.level.number(),
                s.index,
                s.table + s.index as u64 * 8,
                s.entry.0,
                s.entry
            )?;
        }
        match self.end {
            WalkEnd::NotCanonical => write!(f, "  not canonical: bits 63..39 differ from bit 38"),
            WalkEnd::Invalid(l) => write!(f, "  stops at level {}: not valid", l.number()),
            WalkEnd::TableOutsideRam(l, t) => write!(
                f,
                "  stops at level {}: its table {t:#x} is not in RAM",
                l.number()
            ),
            WalkEnd::Defect(l, d) => write!(f, "  stops at level {}: {d}", l.number()),
            WalkEnd::PointerAtLevel0 => write!(f, "  stops at level 0: a pointer, not a leaf"),
            WalkEnd::MisalignedSuperpage(l) => write!(
                f,
                "  stops at level {}: misaligned {} superpage",
                l.number(),
                l.page_name()
            ),
            WalkEnd::Leaf { level, pa } => {
                write!(f, "  {} leaf: pa {pa:#x}", level.page_name())
            }
        }
    }
}

/// The first address above `va` that is a multiple of `level`'s size.
fn next_boundary(va: u64, level: Level) -> u64 {
    (va | (level.size() - 1)) + 1
}

/// Sv39 tables reached through `M`.
pub struct Sv39Tables<M> {
    /// How tables are reached.
    pub mem: M,
}

impl<M: TableMemory> Sv39Tables<M> {
    /// Tables reached through `mem`.
    pub const fn new(mem: M) -> Self {
        Self { mem }
    }

    /// Entry `index` of the table at `table`.
    #[inline(always)]
    pub fn read(&self, table: u64, index: usize) -> Entry {
        Entry(self.mem.load(table + index as u64 * 8))
    }

    /// Writes entry `index` of the table at `table` with one store.
    #[inline(always)]
    pub fn write(&self, table: u64, index: usize, e: Entry) {
        self.mem.store(table + index as u64 * 8, e.0)
    }

    fn new_table(&self, frames: &FrameAllocator) -> Result<u64, OutOfFrames> {
        let f = frames.alloc()?;
        self.mem.zero(f);
        Ok(f.addr())
    }

    // ----- User trees -----

    /// A new user root: empty below [`USER_END`], with entries 256..511
    /// copied from `kernel_root` if given.
    pub fn create_root(
        &self,
        frames: &FrameAllocator,
        kernel_root: Option<u64>,
    ) -> Result<u64, OutOfFrames> {
        let root = self.new_table(frames)?;
        if let Some(k) = kernel_root {
            for i in KERNEL_ROOT_FIRST..ENTRIES {
                self.write(root, i, self.read(k, i));
            }
        }
        Ok(root)
    }

    /// The level-0 table covering user address `va`, if the levels above
    /// exist.
    #[inline(always)]
    pub fn leaf_table(&self, root: u64, va: u64) -> Option<u64> {
        if va >= USER_END {
            return None;
        }
        let l2 = self.read(root, Level::L2.index(va));
        if !l2.is_pointer() {
            return None;
        }
        let l1 = self.read(l2.pa(), Level::L1.index(va));
        l1.is_pointer().then(|| l1.pa())
    }

    /// The leaf slot of user address `va`, if the levels above exist.
    #[inline(always)]
    pub fn walk(&self, root: u64, va: u64) -> Option<PteSlot> {
        self.leaf_table(root, va).map(|table| PteSlot {
            table,
            index: Level::L0.index(va),
        })
    }

    /// The leaf slot of user address `va`, allocating the missing level-1
    /// and level-0 tables, and whether a pointer was stored (a non-leaf
    /// entry changed, which the caller must fence for). The missing chain
    /// is built completely and linked with one store; if the allocator
    /// runs dry, what this call allocated is freed and nothing changed.
    pub fn walk_alloc(
        &self,
        root: u64,
        va: u64,
        frames: &FrameAllocator,
    ) -> Result<(PteSlot, bool), WalkError> {
        if va >= USER_END {
            return Err(WalkError::BeyondReach);
        }
        let slot = |table| PteSlot {
            table,
            index: Level::L0.index(va),
        };
        let (i2, i1) = (Level::L2.index(va), Level::L1.index(va));
        let l2 = self.read(root, i2);
        if l2.is_pointer() {
            let l1 = self.read(l2.pa(), i1);
            if l1.is_pointer() {
                return Ok((slot(l1.pa()), false));
            }
            assert!(
                l1 == Entry::EMPTY,
                "user level-1 entry of {va:#x} is {l1:?}"
            );
            let l0 = self.new_table(frames)?;
            self.write(l2.pa(), i1, Entry::pointer(l0));
            return Ok((slot(l0), true));
        }
        assert!(l2 == Entry::EMPTY, "user root entry of {va:#x} is {l2:?}");
        let l1 = self.new_table(frames)?;
        let l0 = match self.new_table(frames) {
            Ok(t) => t,
            Err(e) => {
                frames.free(PhysFrame::containing(l1));
                return Err(e.into());
            }
        };
        self.write(l1, i1, Entry::pointer(l0));
        // Publish the chain only once it is complete.
        self.write(root, i2, Entry::pointer(l1));
        Ok((slot(l0), true))
    }

    /// The generic entry in `slot`.
    #[inline(always)]
    pub fn read_pte(&self, slot: PteSlot) -> GenericPte {
        decode(self.read(slot.table, slot.index))
    }

    /// Empties `slot` and returns the entry it held, with any A or D bit
    /// the hardware set up to that moment.
    #[inline(always)]
    pub fn take_pte(&self, slot: PteSlot) -> GenericPte {
        decode(Entry(
            self.mem
                .swap(slot.table + slot.index as u64 * 8, Entry::EMPTY.0),
        ))
    }

    /// Stores `pte` in `slot` with one store.
    #[inline(always)]
    pub fn write_pte(&self, slot: PteSlot, pte: GenericPte) {
        self.write(slot.table, slot.index, encode(pte))
    }

    /// Calls `visit` for every non-empty leaf entry of the user tree in
    /// `range` (clipped to [`USER_END`]), in address order, skipping
    /// tables that do not exist.
    pub fn scan(
        &self,
        root: u64,
        range: Range<u64>,
        visit: &mut dyn FnMut(u64, PteSlot, GenericPte),
    ) {
        let end = range.end.min(USER_END);
        let mut va = range.start & !(Level::L0.size() - 1);
        while va < end {
            let l2 = self.read(root, Level::L2.index(va));
            if !l2.is_pointer() {
                va = next_boundary(va, Level::L2);
                continue;
            }
            let l1 = self.read(l2.pa(), Level::L1.index(va));
            if !l1.is_pointer() {
                va = next_boundary(va, Level::L1);
                continue;
            }
            let slot = PteSlot {
                table: l1.pa(),
                index: Level::L0.index(va),
            };
            let e = self.read(slot.table, slot.index);
            if e != Entry::EMPTY {
                visit(va, slot, decode(e));
            }
            va += Level::L0.size();
        }
    }

    /// Calls `table(pa)` for every level-1 and level-0 table of the user
    /// tree (each level-0 table before its level-1 table); the kernel's
    /// half of the root is never followed.
    fn for_each_user_table(&self, root: u64, table: &mut dyn FnMut(u64)) {
        for i in 0..KERNEL_ROOT_FIRST {
            let l2 = self.read(root, i);
            if !l2.is_pointer() {
                continue;
            }
            for j in 0..ENTRIES {
                let l1 = self.read(l2.pa(), j);
                if l1.is_pointer() {
                    table(l1.pa());
                }
            }
            table(l2.pa());
        }
    }

    /// Frees the user tree's tables and its root (never a kernel table).
    pub fn destroy(&self, root: u64, frames: &FrameAllocator) {
        self.for_each_user_table(root, &mut |t| frames.free(PhysFrame::containing(t)));
        frames.free(PhysFrame::containing(root));
    }

    /// Frames the user tree's tables occupy, its root included.
    pub fn table_frames(&self, root: u64) -> usize {
        let mut n = 1;
        self.for_each_user_table(root, &mut |_| n += 1);
        n
    }

    // ----- The kernel tree -----

    /// Maps `va..va + len` to `pa..` in the tree `root` with `perm`, as
    /// global leaves with A and D set: 1 GiB and 2 MiB leaves where `va`,
    /// `pa` and the remaining length allow and no table is there already,
    /// 4 KiB leaves elsewhere. Missing tables are allocated from `frames`
    /// (and stay, even on failure: the kernel cannot run without them).
    ///
    /// # Panics
    /// If an address, the physical address or the length is not
    /// page-aligned, if the range is not in the canonical upper half, or
    /// if part of it is mapped already: all bugs of the caller.
    pub fn map_kernel(
        &self,
        root: u64,
        va: u64,
        pa: u64,
        len: u64,
        perm: KernelPerm,
        frames: &FrameAllocator,
    ) -> Result<(), OutOfFrames> {
        let page = Level::L0.size();
        assert!(
            (va | pa | len).is_multiple_of(page),
            "map_kernel({va:#x}, {pa:#x}, {len:#x}): not page-aligned"
        );
        assert!(
            is_canonical(va)
                && Level::L2.index(va) >= KERNEL_ROOT_FIRST
                && va
                    .checked_add(len)
                    .is_some_and(|end| len == 0 || end == 0 || is_canonical(end - 1)),
            "map_kernel({va:#x}, len {len:#x}): not in the kernel half"
        );
        let mut done = 0;
        while done < len {
            done += self.map_kernel_leaf(root, va + done, pa + done, len - done, perm, frames)?;
        }
        Ok(())
    }

    /// Maps the largest leaf that fits at `va` (at most `len` bytes) and
    /// returns its size.
    fn map_kernel_leaf(
        &self,
        root: u64,
        va: u64,
        pa: u64,
        len: u64,
        perm: KernelPerm,
        frames: &FrameAllocator,
    ) -> Result<u64, OutOfFrames> {
        let mut table = root;
        for level in Level::WALK {
            let i = level.index(va);
            let e = self.read(table, i);
            let size = level.size();
            let fits = size <= len && (va | pa) & (size - 1) == 0;
            if e == Entry::EMPTY && fits {
                self.write(table, i, Entry::leaf(pa, perm.bits()));
                return Ok(size);
            }
            if e.is_pointer() && level != Level::L0 {
                table = e.pa();
                continue;
            }
            assert!(
                e == Entry::EMPTY,
                "map_kernel: {va:#x} is already mapped at level {} by {e:?}",
                level.number()
            );
            let t = self.new_table(frames)?;
            self.write(table, i, Entry::pointer(t));
            table = t;
        }
        unreachable!("a page-aligned address always fits a level-0 leaf")
    }

    /// Removes the 4 KiB kernel mapping of `va` (a guard page) from the
    /// tree `root` and returns the leaf that mapped it (`None` if nothing
    /// did). A 2 MiB or 1 GiB leaf around it is first split into a table
    /// of equivalent smaller leaves (allocated from `frames`), filled
    /// before it replaces the leaf, so every other address keeps its
    /// translation throughout. The caller fences: a non-leaf entry may
    /// have changed.
    pub fn unmap_kernel_page(
        &self,
        root: u64,
        va: u64,
        frames: &FrameAllocator,
    ) -> Result<Option<Entry>, OutOfFrames> {
        let mut table = root;
        for level in Level::WALK {
            let i = level.index(va);
            let e = self.read(table, i);
            if !e.is_valid() {
                return Ok(None);
            }
            if level == Level::L0 {
                self.write(table, i, Entry::EMPTY);
                return Ok(Some(e));
            }
            if e.is_pointer() {
                table = e.pa();
                continue;
            }
            // A superpage: split it one level down.
            let below = level.below().unwrap_or(Level::L0);
            let t = self.new_table(frames)?;
            let low_bits = e.0 & !(Entry::PPN | Entry::RESERVED);
            for k in 0..ENTRIES {
                let part = e.pa() + k as u64 * below.size();
                self.write(t, k, Entry::leaf(part, low_bits));
            }
            self.write(table, i, Entry::pointer(t));
            table = t;
        }
        unreachable!("the walk ends at level 0")
    }

    /// The walk the hardware would take for `va` from `root`: the entries
    /// it reads and where it stops (permissions apart). Only tables inside
    /// `ram` are read, so a corrupt pointer cannot make the walk itself
    /// fault.
    pub fn describe_walk(&self, root: u64, va: u64, ram: &Range<u64>) -> Walk {
        let mut w = Walk {
            va,
            root,
            steps: [None; 3],
            end: WalkEnd::NotCanonical,
        };
        if !is_canonical(va) {
            return w;
        }
        let mut table = root;
        for (k, level) in Level::WALK.into_iter().enumerate() {
            if !(ram.contains(&table) && ram.contains(&(table + PAGE_SIZE - 1))) {
                w.end = WalkEnd::TableOutsideRam(level, table);
                return w;
            }
            let index = level.index(va);
            let entry = self.read(table, index);
            w.steps[k] = Some(WalkStep {
                level,
                table,
                index,
                entry,
            });
            if !entry.is_valid() {
                w.end = WalkEnd::Invalid(level);
                return w;
            }
            if let Some(d) = entry.defect() {
                w.end = WalkEnd::Defect(level, d);
                return w;
            }
            if entry.is_leaf() {
                let offset = va & (level.size() - 1);
                w.end = if entry.pa() & (level.size() - 1) != 0 {
                    WalkEnd::MisalignedSuperpage(level)
                } else {
                    WalkEnd::Leaf {
                        level,
                        pa: entry.pa() | offset,
                    }
                };
                return w;
            }
            table = entry.pa();
        }
        w.end = WalkEnd::PointerAtLevel0;
        w
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use alloc::format;
    use alloc::vec::Vec;
    use core::sync::atomic::Ordering;

    use arch_host::phys::PhysArena;
    use mm::arch::PteFlags;

    use crate::layout::{phys_to_virt, DIRECT_MAP, KERNEL_PHYS_BASE};

    impl TableMemory for PhysArena {
        fn load(&self, pa: u64) -> u64 {
            PhysArena::load(self, pa, Ordering::Relaxed)
        }
        fn store(&self, pa: u64, value: u64) {
            PhysArena::store(self, pa, value, Ordering::Relaxed)
        }
        fn swap(&self, pa: u64, value: u64) -> u64 {
            // No hardware walker updates the simulated tables; the
            // generic code serialises the writers.
            let old = PhysArena::load(self, pa, Ordering::Relaxed);
            PhysArena::store(self, pa, value, Ordering::Relaxed);
            old
        }
        fn zero(&self, frame: PhysFrame) {
            PhysArena::zero(self, frame)
        }
    }

    /// Simulated RAM where QEMU's virt machine has it.
    pub(crate) const RAM: u64 = 0x8000_0000;
    /// The RAM of the largest machine here, for the walks.
    const ARENA: Range<u64> = RAM..RAM + 64 * 4096;

    fn machine(nframes: usize) -> (Sv39Tables<PhysArena>, FrameAllocator) {
        let mem = PhysArena::new(RAM, nframes);
        let frames = FrameAllocator::new(&[mem.range()]);
        (Sv39Tables::new(mem), frames)
    }

    fn page(n: u64) -> PhysFrame {
        PhysFrame::containing(RAM + n * 4096)
    }

    #[test]
    fn user_tree_walk_set_scan_destroy() {
        let (t, frames) = machine(64);
        let free = frames.free_count();
        let root = t.create_root(&frames, None).unwrap();
        let vas = [0x1000u64, 0x20_1000, 0x4000_0000, USER_END - 0x1000];
        assert!(t.walk(root, vas[0]).is_none());
        for (k, &va) in vas.iter().enumerate() {
            let (slot, linked) = t.walk_alloc(root, va, &frames).unwrap();
            assert!(linked);
            assert_eq!(t.walk(root, va), Some(slot));
            assert_eq!(t.walk_alloc(root, va, &frames).unwrap(), (slot, false));
            let pte = GenericPte::new(
                page(40 + k as u64),
                PteFlags::PRESENT | PteFlags::USER | PteFlags::YOUNG,
            );
            t.write_pte(slot, pte);
            assert_eq!(t.read_pte(slot), pte);
        }
        let (slot, _) = t.walk_alloc(root, vas[1], &frames).unwrap();
        let pte = t.read_pte(slot);
        assert_eq!(t.take_pte(slot), pte);
        assert_eq!(t.read_pte(slot), GenericPte::EMPTY);
        t.write_pte(slot, pte);
        // 0x1000 and 0x20_1000 share a level-1 table; 0x4000_0000 and
        // the last page need their own chains: 1 root, 3 level-1, 4 level-0.
        assert_eq!(t.table_frames(root), 8);
        let mut seen = Vec::new();
        t.scan(root, 0..u64::MAX, &mut |va, slot, pte| {
            assert_eq!(t.read_pte(slot), pte);
            seen.push(va)
        });
        assert_eq!(seen, vas);
        let mut seen = Vec::new();
        t.scan(root, 0x2000..0x4000_1000, &mut |va, _, _| seen.push(va));
        assert_eq!(seen, [0x20_1000, 0x4000_0000]);
        assert_eq!(
            t.walk_alloc(root, USER_END, &frames),
            Err(WalkError::BeyondReach)
        );
        t.destroy(root, &frames);
        assert_eq!(frames.free_count(), free);
    }

    #[test]
    fn failed_walk_alloc_frees_what_it_took() {
        let (t, frames) = machine(3);
        let root = t.create_root(&frames, None).unwrap();
        let hold = frames.alloc().unwrap();
        // One frame left: the level-1 table fits, the level-0 one not.
        assert_eq!(
            t.walk_alloc(root, 0x1000, &frames),
            Err(WalkError::OutOfFrames)
        );
        assert_eq!(frames.free_count(), 1);
        assert_eq!(t.read(root, 0), Entry::EMPTY);
        assert_eq!(t.table_frames(root), 1);
        frames.free(hold);
        assert!(t.walk_alloc(root, 0x1000, &frames).is_ok());
    }

    #[test]
    fn kernel_mappings_use_the_largest_leaves_and_stay_out_of_user_trees() {
        let (t, frames) = machine(64);
        let kroot = t.create_root(&frames, None).unwrap();
        // 1 GiB + 2 MiB + 4 KiB, all aligned: one leaf of each size.
        let va = DIRECT_MAP + (1 << 30);
        t.map_kernel(
            kroot,
            va,
            0x4000_0000,
            (1 << 30) + (2 << 20) + 4096,
            KernelPerm::ReadWrite,
            &frames,
        )
        .unwrap();
        let w = t.describe_walk(kroot, va + 0x1234, &ARENA);
        assert_eq!(
            w.end,
            WalkEnd::Leaf {
                level: Level::L2,
                pa: 0x4000_1234
            }
        );
        let w = t.describe_walk(kroot, va + (1 << 30) + 0x5000, &ARENA);
        assert_eq!(
            w.end,
            WalkEnd::Leaf {
                level: Level::L1,
                pa: 0x8000_5000
            }
        );
        let w = t.describe_walk(kroot, va + (1 << 30) + (2 << 20), &ARENA);
        assert_eq!(
            w.end,
            WalkEnd::Leaf {
                level: Level::L0,
                pa: 0x8020_0000
            }
        );
        assert_eq!(
            t.describe_walk(kroot, va + (1 << 30) + (2 << 20) + 4096, &ARENA)
                .end,
            WalkEnd::Invalid(Level::L0)
        );
        let leaf = w.steps[2].unwrap().entry;
        assert!(leaf.has(Entry::V | Entry::R | Entry::W | Entry::G | Entry::A | Entry::D));
        assert!(!leaf.has(Entry::X) && !leaf.has(Entry::U));
        // Text at the image's address: 4 KiB pages next to what exists.
        let text = phys_to_virt(KERNEL_PHYS_BASE) + (2 << 20);
        t.map_kernel(
            kroot,
            text,
            KERNEL_PHYS_BASE + (2 << 20),
            0x3000,
            KernelPerm::ReadExecute,
            &frames,
        )
        .unwrap();
        let w = t.describe_walk(kroot, text + 0x2008, &ARENA);
        assert_eq!(
            w.end,
            WalkEnd::Leaf {
                level: Level::L0,
                pa: KERNEL_PHYS_BASE + (2 << 20) + 0x2008
            }
        );
        assert!(w.steps[2].unwrap().entry.has(Entry::X));

        // A user root shares the kernel half and owns only its own tables.
        let before = frames.free_count();
        let uroot = t.create_root(&frames, Some(kroot)).unwrap();
        assert_eq!(
            t.read(uroot, KERNEL_ROOT_FIRST + 1),
            t.read(kroot, KERNEL_ROOT_FIRST + 1)
        );
        assert_eq!(t.table_frames(uroot), 1);
        let mut n = 0;
        t.scan(uroot, 0..u64::MAX, &mut |_, _, _| n += 1);
        assert_eq!(n, 0);
        t.walk_alloc(uroot, 0x1000, &frames).unwrap();
        t.destroy(uroot, &frames);
        assert_eq!(frames.free_count(), before);
        assert_eq!(
            t.describe_walk(kroot, va, &ARENA).end,
            WalkEnd::Leaf {
                level: Level::L2,
                pa: 0x4000_0000
            }
        );
    }

    #[test]
    #[should_panic(expected = "already mapped")]
    fn overlapping_kernel_mappings_are_refused() {
        let (t, frames) = machine(8);
        let kroot = t.create_root(&frames, None).unwrap();
        t.map_kernel(kroot, DIRECT_MAP, 0, 2 << 20, KernelPerm::ReadOnly, &frames)
            .unwrap();
        t.map_kernel(
            kroot,
            DIRECT_MAP + 0x1000,
            0,
            0x1000,
            KernelPerm::ReadOnly,
            &frames,
        )
        .unwrap();
    }

    #[test]
    fn guard_pages_split_superpages() {
        let (t, frames) = machine(8);
        let kroot = t.create_root(&frames, None).unwrap();
        let va = DIRECT_MAP + 0x8000_0000;
        t.map_kernel(
            kroot,
            va,
            0x8000_0000,
            1 << 30,
            KernelPerm::ReadWrite,
            &frames,
        )
        .unwrap();
        let guard = va + (3 << 21) + 0x5000;
        let old = t.unmap_kernel_page(kroot, guard, &frames).unwrap().unwrap();
        assert_eq!(old.pa(), 0x8060_5000);
        assert!(old.is_leaf() && old.has(Entry::G | Entry::A | Entry::D | Entry::W));
        assert_eq!(
            t.describe_walk(kroot, guard, &ARENA).end,
            WalkEnd::Invalid(Level::L0)
        );
        for (probe, level) in [
            (guard - 0x1000, Level::L0),
            (guard + 0x1000, Level::L0),
            (va + (3 << 21) - 8, Level::L1),
            (va + (4 << 21), Level::L1),
            (va + (1 << 30) - 8, Level::L1),
        ] {
            assert_eq!(
                t.describe_walk(kroot, probe, &ARENA).end,
                WalkEnd::Leaf {
                    level,
                    pa: probe - va + 0x8000_0000
                },
                "{probe:#x}"
            );
        }
        assert_eq!(t.unmap_kernel_page(kroot, guard, &frames), Ok(None));
    }

    #[test]
    fn walk_names_where_it_stops() {
        let (t, frames) = machine(8);
        let root = t.create_root(&frames, None).unwrap();
        assert_eq!(
            t.describe_walk(root, 0x40_0000_0000, &ARENA).end,
            WalkEnd::NotCanonical
        );
        assert_eq!(
            t.describe_walk(root, 0x1000, &ARENA).end,
            WalkEnd::Invalid(Level::L2)
        );
        let (slot, _) = t.walk_alloc(root, 0x1000, &frames).unwrap();
        let good = Entry::leaf(RAM + 0x3000, Entry::R | Entry::U | Entry::A);
        t.write(slot.table, slot.index, Entry(good.0 | 1 << 62));
        let w = t.describe_walk(root, 0x1008, &ARENA);
        assert_eq!(
            w.end,
            WalkEnd::Defect(Level::L0, Defect::ReservedBits(1 << 62))
        );
        let text = format!("{w}");
        assert!(text.contains("reserved bits 0x4000000000000000"), "{text}");
        assert!(text.contains("L2[  0]"), "{text}");
        t.write(slot.table, slot.index, good);
        let text = format!("{}", t.describe_walk(root, 0x1008, &ARENA));
        assert!(text.ends_with("4 KiB leaf: pa 0x80003008"), "{text}");
        // A pointer where a leaf must be, and a misaligned megapage.
        t.write(slot.table, slot.index, Entry::pointer(RAM));
        assert_eq!(
            t.describe_walk(root, 0x1000, &ARENA).end,
            WalkEnd::PointerAtLevel0
        );
        let l1 = t.read(root, 0).pa();
        t.write(l1, 1, Entry::leaf(RAM + 0x1000, Entry::R));
        // A pointer out of RAM is reported, not followed.
        t.write(l1, 2, Entry::pointer(0x1000));
        let w = t.describe_walk(root, 0x40_0000, &ARENA);
        assert_eq!(w.end, WalkEnd::TableOutsideRam(Level::L0, 0x1000));
        assert!(w.steps[2].is_none());
        assert!(format!("{w}").ends_with("stops at level 0: its table 0x1000 is not in RAM"));
        assert_eq!(
            t.describe_walk(root, 0x20_0000, &ARENA).end,
            WalkEnd::MisalignedSuperpage(Level::L1)
        );
    }
}
