//! Address spaces for the kernel's own use: an ASCE and the DAT tables it
//! owns, with a `Prot`-based interface (the kernel identity map, scratch
//! mappings in tests). User address spaces are `mm::Mm`s over the same
//! tables through `mmu.rs`, which this type shares its table code with.
//! Dropping an address space frees every table it allocated.

use mm::arch::WalkError;
use mm::frame::{FrameAllocator, OutOfFrames};

use crate::dat::{px, Asce, Prot, Pte, Walk};
use crate::mmu::{self, read, write};

/// Why a mapping could not be made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MapError {
    /// No frame for a table.
    OutOfFrames,
    /// The address is beyond what the ASCE translates.
    BeyondReach,
}

impl From<WalkError> for MapError {
    fn from(e: WalkError) -> Self {
        match e {
            WalkError::OutOfFrames => MapError::OutOfFrames,
            WalkError::BeyondReach => MapError::BeyondReach,
        }
    }
}

/// One address space.
pub struct AddressSpace {
    asce: Asce,
    frames: &'static FrameAllocator,
}

/// Walks the tables of `asce` for `va` in software, reading entries the
/// way the CPU would. Used by the oops and by tests; it never faults as
/// long as the tables are in identity-mapped memory.
pub fn walk(asce: Asce, va: u64) -> Walk {
    use crate::dat::{rtx, sx, RegionEntry, RegionLevel, SegmentEntry};
    let mut w = Walk {
        asce,
        upper: [None; 2],
        rte: None,
        ste: None,
        pte: None,
    };
    // Only region-table ASCEs are walked (the kernel never makes others).
    let Some(mut level) = asce.level() else {
        return w;
    };
    // The hardware checks the reach of the whole 64-bit address (a
    // region-first table reaches all of it).
    if level != RegionLevel::First && va >= level.reach() {
        return w;
    }
    let mut table = asce.origin();
    while let Some(below) = level.below() {
        let e = RegionEntry(read(table, level.index(va)));
        w.upper[RegionLevel::First as usize - level as usize] = Some(e);
        if e.invalid() {
            return w;
        }
        table = e.origin();
        level = below;
    }
    let rte = RegionEntry(read(table, rtx(va)));
    w.rte = Some(rte);
    if rte.invalid() {
        return w;
    }
    let ste = SegmentEntry(read(rte.origin(), sx(va)));
    w.ste = Some(ste);
    if ste.invalid() {
        return w;
    }
    w.pte = Some(Pte(read(ste.origin(), px(va))));
    w
}

impl AddressSpace {
    /// An empty address space: every region invalid.
    pub fn new(frames: &'static FrameAllocator) -> Result<Self, OutOfFrames> {
        let root = mmu::create_root(frames)?;
        Ok(Self {
            asce: Asce::region_third(root),
            frames,
        })
    }

    /// The ASCE to load into a control register.
    pub fn asce(&self) -> Asce {
        self.asce
    }

    /// Walks the tables for `va`.
    pub fn walk(&self, va: u64) -> Walk {
        walk(self.asce, va)
    }

    /// The PTE for `va`, if its page table exists.
    pub fn pte(&self, va: u64) -> Option<Pte> {
        self.walk(va).pte
    }

    /// Installs `pte` for `va`, returning the previous entry. A valid
    /// previous entry is invalidated with IPTE first, as the architecture
    /// requires before changing a valid PTE.
    pub fn set_pte(&mut self, va: u64, pte: Pte) -> Result<Pte, MapError> {
        let pt = mmu::page_table_alloc(self.asce.origin(), va, self.frames)?;
        let old = Pte(read(pt, px(va)));
        if !old.invalid() {
            mmu::invalidate(pt, va);
        }
        write(pt, px(va), pte.0);
        Ok(old)
    }

    /// Maps the page at `va` to `frame`.
    pub fn map(&mut self, va: u64, frame: u64, prot: Prot) -> Result<(), MapError> {
        self.set_pte(va, Pte::new(frame, prot)).map(|_| ())
    }

    /// Maps `start..end` (page-aligned) to `phys..` with `prot`, fetching
    /// each page table once per 256 pages, which keeps building the
    /// kernel's identity map of all RAM fast.
    pub fn map_range(
        &mut self,
        start: u64,
        end: u64,
        phys: u64,
        prot: Prot,
    ) -> Result<(), MapError> {
        let mut va = start;
        let mut pt = None;
        while va < end {
            let table = match pt {
                Some(t) if px(va) != 0 => t,
                _ => mmu::page_table_alloc(self.asce.origin(), va, self.frames)?,
            };
            pt = Some(table);
            if !Pte(read(table, px(va))).invalid() {
                mmu::invalidate(table, va);
            }
            write(table, px(va), Pte::new(phys + (va - start), prot).0);
            va += crate::dat::PAGE_SIZE;
        }
        Ok(())
    }

    /// Unmaps `va`, returning the entry it had if it was valid.
    pub fn unmap(&mut self, va: u64) -> Option<Pte> {
        let pt = mmu::page_table(self.asce.origin(), va)?;
        let old = Pte(read(pt, px(va)));
        if old.invalid() {
            return None;
        }
        mmu::invalidate(pt, va);
        write(pt, px(va), Pte::EMPTY.0);
        Some(old)
    }

    /// Frames the tables of this space occupy (for leak checks).
    pub fn table_frames(&self) -> usize {
        mmu::table_frames(self.asce.origin())
    }
}

impl Drop for AddressSpace {
    fn drop(&mut self) {
        mmu::destroy(self.asce.origin(), self.frames);
    }
}
