//! A 4-level software radix tree in simulated physical memory.
//!
//! ```text
//! va bits 47..39 | 38..30 | 29..21 | 20..12 | 11..0
//!         level 0  level 1  level 2  level 3 (leaf)
//! ```
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

const LEVELS: usize = 4;
const ENTRIES: usize = 512;
const INDEX_BITS: u32 = 9;
/// A table entry's "next level exists" bit.
const TABLE_VALID: u64 = 1;
const ADDR_MASK: u64 = !(PAGE_SIZE - 1);
const FLAGS_MASK: u64 = PAGE_SIZE - 1;

/// First address the tree cannot translate: 2^48.
pub const VA_LIMIT: u64 = 1 << (12 + INDEX_BITS * LEVELS as u32);

/// Bytes one entry of `level` covers.
const fn span(level: usize) -> u64 {
    1 << (12 + INDEX_BITS * (LEVELS - 1 - level) as u32)
}

const fn index(va: u64, level: usize) -> usize {
    ((va / span(level)) % ENTRIES as u64) as usize
}

fn entry_pa(table: u64, i: usize) -> u64 {
    table + i as u64 * 8
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
        self.new_table(frames).map(TableRoot)
    }

    /// See [`mm::arch::Arch::walk`].
    pub fn walk(&self, root: TableRoot, va: u64) -> Option<PteSlot> {
        if va >= VA_LIMIT {
            return None;
        }
        let mut table = root.0;
        for level in 0..LEVELS - 1 {
            let e = self.load(table, index(va, level));
            if e & TABLE_VALID == 0 {
                return None;
            }
            table = e & ADDR_MASK;
        }
        Some(PteSlot {
            table,
            index: index(va, LEVELS - 1),
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
        if va >= VA_LIMIT {
            return Err(WalkError::BeyondReach);
        }
        let mut table = root.0;
        let mut level = 0;
        while level < LEVELS - 1 {
            let e = self.load(table, index(va, level));
            if e & TABLE_VALID == 0 {
                break;
            }
            table = e & ADDR_MASK;
            level += 1;
        }
        let missing = LEVELS - 1 - level;
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
        // Link the new chain bottom-up inside the fresh tables, then
        // publish it with one store into the existing tree.
        for k in (1..fresh.len()).rev() {
            self.store(fresh[k - 1], index(va, level + k), fresh[k] | TABLE_VALID);
        }
        if let Some(&top) = fresh.first() {
            self.store(table, index(va, level), top | TABLE_VALID);
            table = *fresh.last().unwrap_or(&top);
        }
        Ok(PteSlot {
            table,
            index: index(va, LEVELS - 1),
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
        let end = range.end.min(VA_LIMIT);
        if range.start < end {
            self.scan_level(root.0, 0, 0, range.start..end, visit);
        }
    }

    fn scan_level(
        &self,
        table: u64,
        level: usize,
        base: u64,
        range: Range<u64>,
        visit: &mut dyn FnMut(u64, PteSlot, Pte),
    ) {
        let s = span(level);
        let first = ((range.start.max(base) - base) / s) as usize;
        for i in first..ENTRIES {
            let va = base + i as u64 * s;
            if va >= range.end {
                break;
            }
            if level == LEVELS - 1 {
                let slot = PteSlot { table, index: i };
                let pte = self.read_pte(slot);
                if pte != Pte::EMPTY {
                    visit(va, slot, pte);
                }
            } else {
                let e = self.load(table, i);
                if e & TABLE_VALID != 0 {
                    self.scan_level(e & ADDR_MASK, level + 1, va, range.clone(), visit);
                }
            }
        }
    }

    /// See [`mm::arch::Arch::destroy`].
    pub fn destroy(&self, root: TableRoot, frames: &FrameAllocator) {
        self.free_level(root.0, 0, frames);
    }

    fn free_level(&self, table: u64, level: usize, frames: &FrameAllocator) {
        if level < LEVELS - 1 {
            for i in 0..ENTRIES {
                let e = self.load(table, i);
                if e & TABLE_VALID != 0 {
                    self.free_level(e & ADDR_MASK, level + 1, frames);
                }
            }
        }
        frames.free(PhysFrame::containing(table));
    }

    /// See [`mm::arch::Arch::table_frames`].
    pub fn table_frames(&self, root: TableRoot) -> usize {
        self.count_level(root.0, 0)
    }

    fn count_level(&self, table: u64, level: usize) -> usize {
        let mut n = 1;
        if level < LEVELS - 1 {
            for i in 0..ENTRIES {
                let e = self.load(table, i);
                if e & TABLE_VALID != 0 {
                    n += self.count_level(e & ADDR_MASK, level + 1);
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
        let root = t.create_root(&frames).unwrap();
        let va = 0x7f12_3456_7000;
        assert_eq!(t.walk(root, va), None);
        let slot = t.walk_alloc(root, va, &frames).unwrap();
        assert_eq!(t.table_frames(root), 4);
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
        let (mem, frames) = setup(3);
        let t = RadixTables { mem: &mem };
        let root = t.create_root(&frames).unwrap();
        // Two frames left, three levels needed.
        assert_eq!(
            t.walk_alloc(root, 0x1000, &frames),
            Err(WalkError::OutOfFrames)
        );
        assert_eq!(frames.free_count(), 2);
        assert_eq!(t.table_frames(root), 1);
        assert_eq!(t.walk(root, 0x1000), None);
        t.destroy(root, &frames);
        assert_eq!(frames.free_count(), 3);
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
    }

    #[test]
    fn scan_visits_populated_entries_in_order_within_the_range() {
        let (mem, frames) = setup(32);
        let t = RadixTables { mem: &mem };
        let root = t.create_root(&frames).unwrap();
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
}
