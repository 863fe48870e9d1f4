//! The s390x backend of the generic memory manager: `mm::arch::Arch` over
//! real DAT tables.
//!
//! Tables are reached through the kernel's identity mapping, so a table's
//! physical origin is also a pointer to it. The tree is the one `dat.rs`
//! describes: region-third table (16 KiB), segment tables (16 KiB, one per
//! 2 GiB), page tables (2 KiB of a 4 KiB frame, one per 1 MiB).
//!
//! Generic entries are stored in the hardware format by
//! `dat::encode`/`dat::decode`.

use core::ops::Range;

use mm::arch::{Arch, Pte as GenericPte, PteSlot, TableRoot, WalkError};
use mm::frame::{FrameAllocator, OutOfFrames, PhysFrame};

use crate::dat::{
    decode, encode, px, rtx, sx, Pte, RegionEntry, SegmentEntry, ASCE_REACH, CRST_ENTRIES,
    CRST_FRAMES, PT_ENTRIES,
};
use crate::facilities::{self, Facility};

const REGION_SIZE: u64 = 1 << 31;
const SEGMENT_SIZE: u64 = 1 << 20;

fn entry_ptr(table: u64, index: usize) -> *mut u64 {
    (table + index as u64 * 8) as *mut u64
}

/// Reads entry `index` of the table at `table`.
#[inline(always)]
pub(crate) fn read(table: u64, index: usize) -> u64 {
    // SAFETY: every table origin handled here points at a live,
    // identity-mapped table of at least index+1 entries (module invariant:
    // origins come from entries this module wrote, or from a root it made).
    unsafe { entry_ptr(table, index).read_volatile() }
}

/// Writes entry `index` of the table at `table` with one store.
#[inline(always)]
pub(crate) fn write(table: u64, index: usize, value: u64) {
    // SAFETY: as for `read`; the owner of the tree serialises writers.
    unsafe { entry_ptr(table, index).write_volatile(value) }
}

fn fill(table: u64, entries: usize, value: u64) {
    for i in 0..entries {
        write(table, i, value);
    }
}

fn free_crst(frames: &FrameAllocator, origin: u64) {
    for k in 0..CRST_FRAMES as u64 {
        frames.free(PhysFrame::containing(origin + k * 4096));
    }
}

/// A new, empty region-third table.
pub(crate) fn create_root(frames: &FrameAllocator) -> Result<u64, OutOfFrames> {
    let r3 = frames.alloc_contiguous(CRST_FRAMES, CRST_FRAMES)?;
    fill(r3.addr(), CRST_ENTRIES, RegionEntry::EMPTY.0);
    Ok(r3.addr())
}

/// The page table covering `va`, if it exists.
#[inline(always)]
pub(crate) fn page_table(root: u64, va: u64) -> Option<u64> {
    if va >= ASCE_REACH {
        return None;
    }
    let rte = RegionEntry(read(root, rtx(va)));
    if rte.invalid() {
        return None;
    }
    let ste = SegmentEntry(read(rte.origin(), sx(va)));
    (!ste.invalid()).then(|| ste.origin())
}

/// The page table covering `va`, allocating the segment table and page
/// table on the way. On failure, what this call allocated is freed and
/// nothing was linked.
pub(crate) fn page_table_alloc(
    root: u64,
    va: u64,
    frames: &FrameAllocator,
) -> Result<u64, WalkError> {
    if va >= ASCE_REACH {
        return Err(WalkError::BeyondReach);
    }
    let mut rte = RegionEntry(read(root, rtx(va)));
    let mut new_segment_table = None;
    if rte.invalid() {
        let st = frames.alloc_contiguous(CRST_FRAMES, CRST_FRAMES)?;
        fill(st.addr(), CRST_ENTRIES, SegmentEntry::EMPTY.0);
        rte = RegionEntry::new(st.addr());
        new_segment_table = Some(st.addr());
    }
    let ste = SegmentEntry(read(rte.origin(), sx(va)));
    let pt = if ste.invalid() {
        let pt = match frames.alloc() {
            Ok(f) => f.addr(),
            Err(e) => {
                if let Some(st) = new_segment_table {
                    free_crst(frames, st);
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
    // Publish a new segment table only once it is complete.
    if new_segment_table.is_some() {
        write(root, rtx(va), rte.0);
    }
    Ok(pt)
}

/// Invalidates the valid PTE for `va` in page table `pt` and its TLB
/// entries on this CPU: IPTE with local clearing where installed, else a
/// plain IPTE and PTLB (QEMU 7.2 keeps a plain IPTE's stale entry usable
/// until the end of the translation block; see docs/s390x.md "QEMU 7.2 IPTE quirk").
#[inline]
pub(crate) fn invalidate(pt: u64, va: u64) {
    let local = facilities::has(Facility::LocalTlbClearing);
    // SAFETY: pt is a live page table and va's entry in it is the one
    // being invalidated.
    unsafe { crate::asm::ipte(pt, va, local) };
    if !local {
        crate::asm::ptlb();
    }
}

/// Entries per 256-byte row, the unit [`blockops::equal_256`] compares.
const ROW: usize = 32;
/// A row of empty region-third entries.
static EMPTY_RTE_ROW: [u64; ROW] = [RegionEntry::EMPTY.0; ROW];
/// A row of empty segment entries.
static EMPTY_STE_ROW: [u64; ROW] = [SegmentEntry::EMPTY.0; ROW];

/// The indices of the entries of the region or segment table at `table`
/// that may be valid: rows of 32 entries still as `empty` made them are
/// skipped with one compare each. A space uses a few regions and
/// segments of 2048, so exit and leak checks need not read every entry.
fn maybe_valid(table: u64, empty: &'static [u64; ROW]) -> impl Iterator<Item = usize> {
    (0..CRST_ENTRIES / ROW)
        .filter(move |&r| !crate::blockops::equal_256(table + (r * ROW * 8) as u64, empty))
        .flat_map(|r| r * ROW..(r + 1) * ROW)
}

/// Calls `pt(origin)` for every page table and then `seg(origin)` for its
/// segment table, so a tree can be torn down or counted.
fn for_each_table(root: u64, mut seg: impl FnMut(u64), mut pt: impl FnMut(u64)) {
    for i in maybe_valid(root, &EMPTY_RTE_ROW) {
        let rte = RegionEntry(read(root, i));
        if rte.invalid() {
            continue;
        }
        for j in maybe_valid(rte.origin(), &EMPTY_STE_ROW) {
            let ste = SegmentEntry(read(rte.origin(), j));
            if !ste.invalid() {
                pt(ste.origin());
            }
        }
        seg(rte.origin());
    }
}

/// Frees every table of the tree, the root included.
pub(crate) fn destroy(root: u64, frames: &FrameAllocator) {
    for_each_table(
        root,
        |st| free_crst(frames, st),
        |pt| frames.free(PhysFrame::containing(pt)),
    );
    free_crst(frames, root);
    // Nothing may translate through freed tables.
    crate::asm::ptlb();
}

/// Frames the tree's tables occupy.
pub(crate) fn table_frames(root: u64) -> usize {
    let (mut segment_tables, mut page_tables) = (0, 0);
    for_each_table(root, |_| segment_tables += 1, |_| page_tables += 1);
    CRST_FRAMES * (1 + segment_tables) + page_tables
}

/// The s390x implementation of the generic memory manager's contract.
#[derive(Clone, Copy, Debug, Default)]
pub struct S390xMmu;

impl Arch for S390xMmu {
    fn va_limit(&self) -> u64 {
        ASCE_REACH
    }

    fn create_root(&self, frames: &FrameAllocator) -> Result<TableRoot, OutOfFrames> {
        create_root(frames).map(TableRoot)
    }

    #[inline(always)]
    fn walk(&self, root: TableRoot, va: u64) -> Option<PteSlot> {
        page_table(root.0, va).map(|table| PteSlot {
            table,
            index: px(va),
        })
    }

    fn walk_alloc(
        &self,
        root: TableRoot,
        va: u64,
        frames: &FrameAllocator,
    ) -> Result<PteSlot, WalkError> {
        page_table_alloc(root.0, va, frames).map(|table| PteSlot {
            table,
            index: px(va),
        })
    }

    #[inline(always)]
    fn read_pte(&self, slot: PteSlot) -> GenericPte {
        decode(read(slot.table, slot.index))
    }

    #[inline(always)]
    fn set_pte(&self, _root: TableRoot, slot: PteSlot, _va: u64, pte: GenericPte) {
        // The generic code guarantees the slot is not valid, so no TLB
        // entry can exist for it and a plain store suffices.
        write(slot.table, slot.index, encode(pte));
    }

    #[inline]
    fn clear_pte(&self, _root: TableRoot, slot: PteSlot, va: u64) -> GenericPte {
        let old = read(slot.table, slot.index);
        if old & Pte::INVALID == 0 {
            // IPTE invalidates the entry in storage and purges the TLB in
            // one instruction, as the architecture requires.
            invalidate(slot.table, va);
        }
        write(slot.table, slot.index, Pte::EMPTY.0);
        let old = decode(old);
        if old.is_present() && old.flags.contains(mm::arch::PteFlags::EXEC) {
            crate::blockops::forget_code(old.frame.addr());
        }
        old
    }

    #[inline]
    fn flush(&self, _root: TableRoot, _va: u64) {
        // clear_pte already purged with IPTE; invalid entries are never
        // cached, so there is nothing left to drop.
    }

    fn scan(
        &self,
        root: TableRoot,
        range: Range<u64>,
        visit: &mut dyn FnMut(u64, PteSlot, GenericPte),
    ) {
        let end = range.end.min(ASCE_REACH);
        let mut va = range.start & !0xfff;
        while va < end {
            let rte = RegionEntry(read(root.0, rtx(va)));
            if rte.invalid() {
                va = (va & !(REGION_SIZE - 1)) + REGION_SIZE;
                continue;
            }
            let ste = SegmentEntry(read(rte.origin(), sx(va)));
            if ste.invalid() {
                va = (va & !(SEGMENT_SIZE - 1)) + SEGMENT_SIZE;
                continue;
            }
            let v = read(ste.origin(), px(va));
            if v != Pte::EMPTY.0 {
                visit(
                    va,
                    PteSlot {
                        table: ste.origin(),
                        index: px(va),
                    },
                    decode(v),
                );
            }
            va += 4096;
        }
    }

    fn destroy(&self, root: TableRoot, frames: &FrameAllocator) {
        destroy(root.0, frames)
    }

    fn table_frames(&self, root: TableRoot) -> usize {
        table_frames(root.0)
    }

    #[inline]
    fn zero_frame(&self, frame: PhysFrame) {
        crate::blockops::zero_page(frame.addr());
    }

    #[inline]
    fn copy_frame(&self, dst: PhysFrame, src: PhysFrame) {
        crate::blockops::copy_page(dst.addr(), src.addr());
    }

    fn read_phys(&self, pa: u64, buf: &mut [u8]) {
        // SAFETY: pa..pa+len lies in one frame of RAM, identity-mapped.
        unsafe { core::ptr::copy_nonoverlapping(pa as *const u8, buf.as_mut_ptr(), buf.len()) }
    }

    fn write_phys(&self, pa: u64, buf: &[u8]) {
        // SAFETY: as for read_phys; the caller owns the frame.
        unsafe { core::ptr::copy_nonoverlapping(buf.as_ptr(), pa as *mut u8, buf.len()) }
    }
}
