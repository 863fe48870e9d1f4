//! A software radix tree of 3 or 4 levels in simulated physical memory.
//!
//! ```text
//! va bits 47..39 | 38..30 | 29..21 | 20..12 | 11..0
//!        height 3  height 2 height 1 height 0 (leaf)
//! ```
//!
//! A tree starts with 3 levels (it reaches 2^39) and grows a fourth on top
//! when a mapping needs more (2^48), the way s390x adds region tables: the
//! new top's first entry points at the old top. The root handle is the top
//! table's address plus, in its low bits, the number of levels above 3.
//!
//! Every table is one 4 KiB frame of 512 eight-byte entries, allocated
//! from the same frame allocator as data pages, so leak checks see tables
//! too. An entry is the physical address of a frame (bits 12..63) plus
//! flags in bits 0..11: for a table entry bit 0 says "next level exists";
//! for a leaf it holds the generic [`PteFlags`] bits unchanged, so every
//! `Pte` reads back exactly as written.

use std::ops::Range;
use std::sync::atomic::Ordering;

use mm::arch::{Pte, PteFlags, PteSlot, TableRoot, WalkError};
use mm::frame::{FrameAllocator, OutOfFrames, PhysFrame};
use mm::PAGE_SIZE;

use crate::phys::PhysArena;

/// Levels of a new tree.
const MIN_LEVELS: usize = 3;
/// Levels of a fully grown tree.
const MAX_LEVELS: usize = 4;
const ENTRIES: usize = 512;
const INDEX_BITS: u32 = 9;
/// A table entry's "next level exists" bit.
const TABLE_VALID: u64 = 1;
const ADDR_MASK: u64 = !(PAGE_SIZE - 1);
const FLAGS_MASK: u64 = PAGE_SIZE - 1;

/// First address a tree of `levels` levels cannot translate.
const fn reach(levels: usize) -> u64 {
    1 << (12 + INDEX_BITS * levels as u32)
}

/// First address a fully grown tree cannot translate: 2^48.
pub const VA_LIMIT: u64 = reach(MAX_LEVELS);

/// Bytes one entry of a table at `height` (0: leaf) covers.
const fn span(height: usize) -> u64 {
    1 << (12 + INDEX_BITS * height as u32)
}

const fn index(va: u64, height: usize) -> usize {
    ((va / span(height)) % ENTRIES as u64) as usize
}

fn entry_pa(table: u64, i: usize) -> u64 {
    table + i as u64 * 8
}

/// The levels of the tree `root` designates.
fn levels(root: TableRoot) -> usize {
    MIN_LEVELS + (root.0 & FLAGS_MASK) as usize
}

/// The top table of `root`.
fn top(root: TableRoot) -> u64 {
    root.0 & ADDR_MASK
}

/// The handle of a tree of `levels` levels with top table `table`.
fn handle(table: u64, levels: usize) -> TableRoot {
    TableRoot(table | (levels - MIN_LEVELS) as u64)
}

/// The page-table half of the host backend.
pub struct RadixTables<'a> {
    /// Where tables live.
    pub mem: &'a PhysArena,
}

impl RadixTables<'_> {
    fn load(&self, table: u64, i: usize) -> u64 {
        self.mem.load(entry_pa(table, i), Ordering::Acquire)
    }

    fn store(&self, table: u64, i: usize, v: u64) {
        self.mem.store(entry_pa(table, i), v, Ordering::Release)
    }

    fn new_table(&self, frames: &FrameAllocator) -> Result<u64, OutOfFrames> {
        let f = frames.alloc()?;
        self.mem.zero(f);
        Ok(f.addr())
    }

    /// See [`mm::arch::Arch::create_root`].
    pub fn create_root(&self, frames: &FrameAllocator) -> Result<TableRoot, OutOfFrames> {
        self.new_table(frames).map(|t| handle(t, MIN_LEVELS))
    }

    /// See [`mm::arch::Arch::root_reach`].
    pub fn root_reach(&self, root: TableRoot) -> u64 {
        reach(levels(root))
    }

    /// See [`mm::arch::Arch::grow_root`]: new tops are allocated and
    /// chained first, so a failure links nothing.
    pub fn grow_root(
        &self,
        root: TableRoot,
        needed_end: u64,
        frames: &FrameAllocator,
    ) -> Result<TableRoot, WalkError> {
        if needed_end > VA_LIMIT {
            return Err(WalkError::BeyondReach);
        }
        let (mut table, mut n) = (top(root), levels(root));
        let mut fresh = Vec::new();
        while reach(n) < needed_end {
            match self.new_table(frames) {
                Ok(t) => {
                    self.store(t, 0, table | TABLE_VALID);
                    fresh.push(t);
                    table = t;
                    n += 1;
                }
                Err(_) => {
                    for t in fresh {
                        frames.free(PhysFrame::containing(t));
                    }
                    return Err(WalkError::OutOfFrames);
                }
            }
        }
        Ok(handle(table, n))
    }

    /// See [`mm::arch::Arch::walk`].
    pub fn walk(&self, root: TableRoot, va: u64) -> Option<PteSlot> {
        if va >= self.root_reach(root) {
            return None;
        }
        let mut table = top(root);
        for height in (1..levels(root)).rev() {
            let e = self.load(table, index(va, height));
            if e & TABLE_VALID == 0 {
                return None;
            }
            table = e & ADDR_MASK;
        }
        Some(PteSlot {
            table,
            index: index(va, 0),
        })
    }

    /// See [`mm::arch::Arch::walk_alloc`]. Missing levels are all allocated
    /// before any is linked, so a failure leaves the tree untouched.
    pub fn walk_alloc(
        &self,
        root: TableRoot,
        va: u64,
        frames: &FrameAllocator,
    ) -> Result<PteSlot, WalkError> {
        if va >= self.root_reach(root) {
            return Err(WalkError::BeyondReach);
        }
        let mut table = top(root);
        let mut height = levels(root) - 1;
        while height > 0 {
            let e = self.load(table, index(va, height));
            if e & TABLE_VALID == 0 {
                break;
            }
            table = e & ADDR_MASK;
            height -= 1;
        }
        // Tables missing at heights height-1 down to 0.
        let missing = height;
        let mut fresh: Vec<u64> = Vec::with_capacity(missing);
        for _ in 0..missing {
            match self.new_table(frames) {
                Ok(t) => fresh.push(t),
                Err(_) => {
                    for t in fresh {
                        frames.free(PhysFrame::containing(t));
                    }
                    return Err(WalkError::OutOfFrames);
                }
            }
        }
        // fresh[k] sits at height (height - 1 - k). Link the new chain
        // bottom-up inside the fresh tables, then publish it with one store
        // into the existing tree.
        for k in (1..fresh.len()).rev() {
            self.store(fresh[k - 1], index(va, height - k), fresh[k] | TABLE_VALID);
        }
        if let Some(&first) = fresh.first() {
            self.store(table, index(va, height), first | TABLE_VALID);
            table = *fresh.last().unwrap_or(&first);
        }
        Ok(PteSlot {
            table,
            index: index(va, 0),
        })
    }

    /// See [`mm::arch::Arch::read_pte`].
    pub fn read_pte(&self, slot: PteSlot) -> Pte {
        let e = self.load(slot.table, slot.index);
        Pte::new(
            PhysFrame::containing(e & ADDR_MASK),
            PteFlags::from_bits_retain((e & FLAGS_MASK) as u32),
        )
    }

    /// Stores a leaf entry.
    pub fn write_pte(&self, slot: PteSlot, pte: Pte) {
        self.store(
            slot.table,
            slot.index,
            pte.frame.addr() | u64::from(pte.flags.bits()) & FLAGS_MASK,
        );
    }

    /// See [`mm::arch::Arch::scan`].
    pub fn scan(
        &self,
        root: TableRoot,
        range: Range<u64>,
        visit: &mut dyn FnMut(u64, PteSlot, Pte),
    ) {
        let end = range.end.min(self.root_reach(root));
        if range.start < end {
            self.scan_level(top(root), levels(root) - 1, 0, range.start..end, visit);
        }
    }

    fn scan_level(
        &self,
        table: u64,
        height: usize,
        base: u64,
        range: Range<u64>,
        visit: &mut dyn FnMut(u64, PteSlot, Pte),
    ) {
        let s = span(height);
        let first = ((range.start.max(base) - base) / s) as usize;
        for i in first..ENTRIES {
            let va = base + i as u64 * s;
            if va >= range.end {
                break;
            }
            if height == 0 {
                let slot = PteSlot { table, index: i };
                let pte = self.read_pte(slot);
                if pte != Pte::EMPTY {
                    visit(va, slot, pte);
                }
            } else {
                let e = self.load(table, i);
                if e & TABLE_VALID != 0 {
                    self.scan_level(e & ADDR_MASK, height - 1, va, range.clone(), visit);
                }
            }
        }
    }

    /// See [`mm::arch::Arch::destroy`].
    pub fn destroy(&self, root: TableRoot, frames: &FrameAllocator) {
        self.free_level(top(root), levels(root) - 1, frames);
    }

    fn free_level(&self, table: u64, height: usize, frames: &FrameAllocator) {
        if height > 0 {
            for i in 0..ENTRIES {
                let e = self.load(table, i);
                if e & TABLE_VALID != 0 {
                    self.free_level(e & ADDR_MASK, height - 1, frames);
                }
            }
        }
        frames.free(PhysFrame::containing(table));
    }

    /// See [`mm::arch::Arch::table_frames`].
    pub fn table_frames(&self, root: TableRoot) -> usize {
        self.count_level(top(root), levels(root) - 1)
    }

    fn count_level(&self, table: u64, height: usize) -> usize {
        let mut n = 1;
        if height > 0 {
            for i in 0..ENTRIES {
                let e = self.load(table, i);
                if e & TABLE_VALID != 0 {
                    n += self.count_level(e & ADDR_MASK, height - 1);
                }
            }
        }
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup(nframes: usize) -> (PhysArena, FrameAllocator) {
        let mem = PhysArena::new(0x10_0000, nframes);
        let frames = FrameAllocator::new(&[mem.range()]);
        (mem, frames)
    }

    fn frame(a: u64) -> PhysFrame {
        PhysFrame::containing(a)
    }

    #[test]
    fn walk_alloc_builds_three_levels_and_round_trips_entries() {
        let (mem, frames) = setup(16);
        let t = RadixTables { mem: &mem };
        let small = t.create_root(&frames).unwrap();
        let va = 0x7f12_3456_7000;
        assert_eq!(t.walk(small, va), None);
        assert_eq!(
            t.walk_alloc(small, va, &frames),
            Err(WalkError::BeyondReach)
        );
        let root = t.grow_root(small, va + PAGE_SIZE, &frames).unwrap();
        assert_eq!(t.table_frames(root), 2);
        let slot = t.walk_alloc(root, va, &frames).unwrap();
        // The old top (unused by va) and three levels for va.
        assert_eq!(t.table_frames(root), 5);
        assert_eq!(t.walk(root, va), Some(slot));
        for flags in [
            PteFlags::empty(),
            PteFlags::PROTNONE | PteFlags::DIRTY,
            PteFlags::all(),
        ] {
            let pte = Pte::new(frame(0x10_5000), flags);
            t.write_pte(slot, pte);
            assert_eq!(t.read_pte(slot), pte);
        }
        t.destroy(root, &frames);
        assert_eq!(frames.free_count(), 16);
    }

    #[test]
    fn walk_alloc_out_of_frames_midway_leaks_and_changes_nothing() {
        let (mem, frames) = setup(2);
        let t = RadixTables { mem: &mem };
        let root = t.create_root(&frames).unwrap();
        // One frame left, two levels needed below a new tree's top.
        assert_eq!(
            t.walk_alloc(root, 0x1000, &frames),
            Err(WalkError::OutOfFrames)
        );
        assert_eq!(frames.free_count(), 1);
        assert_eq!(t.table_frames(root), 1);
        assert_eq!(t.walk(root, 0x1000), None);
        t.destroy(root, &frames);
        assert_eq!(frames.free_count(), 2);
    }

    #[test]
    fn beyond_reach_is_an_error_not_a_panic() {
        let (mem, frames) = setup(4);
        let t = RadixTables { mem: &mem };
        let root = t.create_root(&frames).unwrap();
        assert_eq!(
            t.walk_alloc(root, VA_LIMIT, &frames),
            Err(WalkError::BeyondReach)
        );
        assert_eq!(t.walk(root, ADDR_MASK), None);
        assert_eq!(
            t.grow_root(root, VA_LIMIT + PAGE_SIZE, &frames),
            Err(WalkError::BeyondReach)
        );
        assert_eq!(t.grow_root(root, reach(MIN_LEVELS), &frames), Ok(root));
    }

    #[test]
    fn scan_visits_populated_entries_in_order_within_the_range() {
        let (mem, frames) = setup(32);
        let t = RadixTables { mem: &mem };
        let root = t.create_root(&frames).unwrap();
        let root = t.grow_root(root, VA_LIMIT, &frames).unwrap();
        let vas = [
            0x1000,
            0x20_0000,
            0x4000_0000,
            0x80_0000_0000,
            0x80_0000_1000,
        ];
        for &va in &vas {
            let s = t.walk_alloc(root, va, &frames).unwrap();
            t.write_pte(s, Pte::new(frame(0x10_0000), PteFlags::PRESENT));
        }
        let mut seen = Vec::new();
        t.scan(root, 0x2000..0x80_0000_1000, &mut |va, _, _| seen.push(va));
        assert_eq!(seen, [0x20_0000, 0x4000_0000, 0x80_0000_0000]);
    }

    #[test]
    fn growing_keeps_the_old_slots_and_rolls_back_out_of_frames() {
        let (mem, frames) = setup(8);
        let t = RadixTables { mem: &mem };
        let root = t.create_root(&frames).unwrap();
        let low = t.walk_alloc(root, 0x1000, &frames).unwrap();
        assert_eq!(t.root_reach(root), 1 << 39);
        let hold: Vec<_> = (0..frames.free_count())
            .map(|_| frames.alloc().unwrap())
            .collect();
        assert_eq!(
            t.grow_root(root, 1 << 40, &frames),
            Err(WalkError::OutOfFrames)
        );
        assert_eq!(t.table_frames(root), 3);
        for f in hold {
            frames.free(f);
        }
        let grown = t.grow_root(root, 1 << 40, &frames).unwrap();
        assert_eq!(t.root_reach(grown), VA_LIMIT);
        assert_eq!(t.walk(grown, 0x1000), Some(low));
        assert_eq!(t.table_frames(grown), 4);
        t.destroy(grown, &frames);
        assert_eq!(frames.free_count(), 8);
    }
}
