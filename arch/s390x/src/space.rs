//! Address spaces: an ASCE and the DAT tables it owns.
//!
//! Tables live in frames from the kernel's frame allocator and are reached
//! through the kernel's identity mapping (or with DAT off, directly), so a
//! table's origin is also a usable pointer. Dropping an address space
//! frees every table it allocated.

use mm::frame::{FrameAllocator, OutOfFrames, PhysFrame};

use crate::dat::{
    px, rtx, sx, Asce, Prot, Pte, RegionEntry, SegmentEntry, Walk, ASCE_REACH, CRST_ENTRIES,
    CRST_FRAMES, PT_ENTRIES,
};
use crate::facilities::{self, Facility};

/// Why a mapping could not be made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MapError {
    /// No frame for a table.
    OutOfFrames,
    /// The address is beyond what the ASCE translates.
    BeyondReach,
}

impl From<OutOfFrames> for MapError {
    fn from(_: OutOfFrames) -> Self {
        MapError::OutOfFrames
    }
}

/// One address space.
pub struct AddressSpace {
    asce: Asce,
    frames: &'static FrameAllocator,
}

fn entry_ptr(table: u64, index: usize) -> *mut u64 {
    (table + index as u64 * 8) as *mut u64
}

fn read(table: u64, index: usize) -> u64 {
    // SAFETY: every table origin this module passes points at a live,
    // identity-mapped table of at least index+1 entries.
    unsafe { entry_ptr(table, index).read_volatile() }
}

fn write(table: u64, index: usize, value: u64) {
    // SAFETY: as for `read`; the owner of the address space serialises
    // writers (it holds `&mut AddressSpace`).
    unsafe { entry_ptr(table, index).write_volatile(value) }
}

fn fill(table: u64, entries: usize, value: u64) {
    for i in 0..entries {
        write(table, i, value);
    }
}

/// Walks the tables of `asce` for `va` in software, reading entries the
/// way the CPU would. Used by the oops and by tests; it never faults as
/// long as the tables are in identity-mapped memory.
pub fn walk(asce: Asce, va: u64) -> Walk {
    let mut w = Walk {
        asce,
        rte: None,
        ste: None,
        pte: None,
    };
    if va >= ASCE_REACH {
        return w;
    }
    let rte = RegionEntry(read(asce.origin(), rtx(va)));
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
        let r3 = frames.alloc_contiguous(CRST_FRAMES, CRST_FRAMES)?;
        fill(r3.addr(), CRST_ENTRIES, RegionEntry::EMPTY.0);
        Ok(Self {
            asce: Asce::region_third(r3.addr()),
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

    fn free_crst(&self, origin: u64) {
        for k in 0..CRST_FRAMES as u64 {
            self.frames.free(PhysFrame::containing(origin + k * 4096));
        }
    }

    /// The page table for `va`, allocating the segment table and page
    /// table on the way. If an allocation fails, what this call allocated
    /// is freed again, so a failed map leaks nothing.
    fn page_table(&mut self, va: u64) -> Result<u64, MapError> {
        if va >= ASCE_REACH {
            return Err(MapError::BeyondReach);
        }
        let r3 = self.asce.origin();
        let mut rte = RegionEntry(read(r3, rtx(va)));
        let mut new_segment_table = None;
        if rte.invalid() {
            let st = self.frames.alloc_contiguous(CRST_FRAMES, CRST_FRAMES)?;
            fill(st.addr(), CRST_ENTRIES, SegmentEntry::EMPTY.0);
            rte = RegionEntry::new(st.addr());
            new_segment_table = Some(st.addr());
        }
        let ste = SegmentEntry(read(rte.origin(), sx(va)));
        let pt = if ste.invalid() {
            let pt = match self.frames.alloc() {
                Ok(f) => f.addr(),
                Err(e) => {
                    if let Some(st) = new_segment_table {
                        self.free_crst(st);
                    }
                    return Err(e.into());
                }
            };
            fill(pt, PT_ENTRIES, Pte::EMPTY.0);
            write(rte.origin(), sx(va), SegmentEntry::new(pt).0);
            pt
        } else {
            ste.origin()
        };
        // Publish the segment table only once it is complete.
        if new_segment_table.is_some() {
            write(r3, rtx(va), rte.0);
        }
        Ok(pt)
    }

    /// Installs `pte` for `va`, returning the previous entry. A valid
    /// previous entry is invalidated with IPTE first, as the architecture
    /// requires before changing a valid PTE.
    pub fn set_pte(&mut self, va: u64, pte: Pte) -> Result<Pte, MapError> {
        let pt = self.page_table(va)?;
        let old = Pte(read(pt, px(va)));
        if !old.invalid() {
            invalidate(pt, va);
        }
        write(pt, px(va), pte.0);
        Ok(old)
    }

    /// Maps the page at `va` to `frame`.
    pub fn map(&mut self, va: u64, frame: u64, prot: Prot) -> Result<(), MapError> {
        self.set_pte(va, Pte::new(frame, prot)).map(|_| ())
    }

    /// Maps `start..end` (page-aligned) to the same physical addresses
    /// plus `offset`, with `prot`. Fetches each page table once per 256
    /// pages, which keeps building the kernel's identity map of all RAM
    /// fast.
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
                _ => self.page_table(va)?,
            };
            pt = Some(table);
            let old = Pte(read(table, px(va)));
            if !old.invalid() {
                invalidate(table, va);
            }
            write(table, px(va), Pte::new(phys + (va - start), prot).0);
            va += crate::dat::PAGE_SIZE;
        }
        Ok(())
    }

    /// Unmaps `va`, returning the entry it had if it was valid.
    pub fn unmap(&mut self, va: u64) -> Option<Pte> {
        let w = self.walk(va);
        let pt = w.ste.filter(|s| !s.invalid())?.origin();
        let old = w.pte?;
        if old.invalid() {
            return None;
        }
        invalidate(pt, va);
        write(pt, px(va), Pte::EMPTY.0);
        Some(old)
    }

    /// Frames the tables of this space occupy (for leak checks).
    pub fn table_frames(&self) -> usize {
        let mut n = CRST_FRAMES;
        let r3 = self.asce.origin();
        for i in 0..CRST_ENTRIES {
            let rte = RegionEntry(read(r3, i));
            if rte.invalid() {
                continue;
            }
            n += CRST_FRAMES;
            for j in 0..CRST_ENTRIES {
                if !SegmentEntry(read(rte.origin(), j)).invalid() {
                    n += 1;
                }
            }
        }
        n
    }
}

/// Invalidates one PTE and its TLB entries on this CPU. Uses IPTE with
/// local clearing where installed; otherwise a plain IPTE followed by PTLB,
/// because QEMU 7.2 lets a plain IPTE's stale entry live on until the end
/// of the translation block.
fn invalidate(pt: u64, va: u64) {
    let local = facilities::has(Facility::LocalTlbClearing);
    // SAFETY: pt is a live page table of this address space and va's
    // entry in it is the one being changed.
    unsafe { crate::asm::ipte(pt, va, local) };
    if !local {
        crate::asm::ptlb();
    }
}

impl Drop for AddressSpace {
    fn drop(&mut self) {
        let r3 = self.asce.origin();
        for i in 0..CRST_ENTRIES {
            let rte = RegionEntry(read(r3, i));
            if rte.invalid() {
                continue;
            }
            for j in 0..CRST_ENTRIES {
                let ste = SegmentEntry(read(rte.origin(), j));
                if !ste.invalid() {
                    self.frames.free(PhysFrame::containing(ste.origin()));
                }
            }
            self.free_crst(rte.origin());
        }
        self.free_crst(r3);
        // Nothing may use translations through freed tables.
        crate::asm::ptlb();
    }
}
