//! The s390x backend of the generic memory manager: `mm::arch::Arch` over
//! real DAT tables.
//!
//! Tables are reached through the kernel's identity mapping, so a table's
//! physical origin is also a pointer to it. The tree is the one `dat.rs`
//! describes: a region-first or region-second table on top where the space
//! has grown (16 KiB each), region-third tables (16 KiB, one per 4 TiB),
//! segment tables (16 KiB, one per 2 GiB), page tables (2 KiB of a 4 KiB
//! frame, one per 1 MiB).
//!
//! A [`TableRoot`] is the top table's origin (16 KiB aligned) plus, in its
//! low bits, the [`RegionLevel`] of that table: 0 for region-third, so a
//! new user space's root and the kernel's are plain origins, and the walk
//! a fault takes in a space under 4 TiB tests one bit pair more than a
//! fixed three-level walk would. [`root_asce`] turns a root into the ASCE
//! the control registers take.
//!
//! Generic entries are stored in the hardware format by
//! `dat::encode`/`dat::decode`.

use core::ops::Range;

use mm::arch::{Arch, Pte as GenericPte, PteSlot, TableRoot, WalkError};
use mm::frame::{FrameAllocator, OutOfFrames, PhysFrame};

use crate::dat::{
    decode, encode, px, rtx, sx, Asce, Pte, RegionEntry, RegionLevel, SegmentEntry, ASCE_REACH,
    CRST_ENTRIES, CRST_FRAMES, PT_ENTRIES, TASK_SIZE,
};
use crate::facilities::{self, Facility};

const SEGMENT_SHIFT: u32 = 20;
const REGION3_SHIFT: u32 = 31;

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

/// The low bits of a root that hold its top table's [`RegionLevel`].
const ROOT_LEVEL: u64 = 0x3;
/// The I bit, at the same place in region and segment entries.
const ENTRY_INVALID: u64 = RegionEntry::INVALID;
const _: () = assert!(RegionEntry::INVALID == SegmentEntry::INVALID);

/// The level of the top table of `root`.
#[inline]
pub(crate) fn root_level(root: u64) -> RegionLevel {
    RegionLevel::from_index(root & ROOT_LEVEL).unwrap_or(RegionLevel::Third)
}

/// The origin of the top table of `root`.
#[inline]
pub(crate) const fn root_origin(root: u64) -> u64 {
    root & !ROOT_LEVEL
}

/// The root of a top table of `level` at `origin`.
const fn make_root(origin: u64, level: RegionLevel) -> u64 {
    origin | level as u64
}

/// The ASCE that designates the user tree `root` (for CR1/CR7): a
/// private space, as Linux's user ASCEs are, so that low-address
/// protection never applies to user space.
pub fn root_asce(root: u64) -> Asce {
    Asce::of_type(root_origin(root), root_level(root)).private()
}

/// A new, empty region-third table.
pub(crate) fn create_root(frames: &FrameAllocator) -> Result<u64, OutOfFrames> {
    let r3 = frames.alloc_contiguous(CRST_FRAMES, CRST_FRAMES)?;
    fill(r3.addr(), CRST_ENTRIES, RegionEntry::EMPTY.0);
    Ok(r3.addr())
}

/// The region-third table covering `va` under a root with region-second
/// or region-first tables on top, if it exists. Out of line and cold: only
/// spaces grown beyond 4 TiB come here, and the hint lets the compiler
/// keep the common walk's values where a call would not need them.
#[cold]
#[inline(never)]
fn region_third_table(root: u64, va: u64) -> Option<u64> {
    let mut level = root_level(root);
    if va >= level.reach() {
        return None;
    }
    let mut table = root_origin(root);
    while let Some(below) = level.below() {
        let e = RegionEntry(read(table, level.index(va)));
        if e.invalid() {
            return None;
        }
        table = e.origin();
        level = below;
    }
    Some(table)
}

/// The page table covering `va`, if it exists.
#[inline(always)]
pub(crate) fn page_table(root: u64, va: u64) -> Option<u64> {
    let r3 = if root & ROOT_LEVEL == 0 {
        if va >= ASCE_REACH {
            return None;
        }
        root
    } else {
        region_third_table(root, va)?
    };
    let rte = RegionEntry(read(r3, rtx(va)));
    if rte.invalid() {
        return None;
    }
    let ste = SegmentEntry(read(rte.origin(), sx(va)));
    (!ste.invalid()).then(|| ste.origin())
}

// Tables by height: 0 is a segment table, 1 + l a region table of level
// `RegionLevel` l. An entry at height h designates a table at h - 1, or a
// page table at height 0.

fn region_at(height: usize) -> RegionLevel {
    RegionLevel::from_index(height as u64 - 1).unwrap_or(RegionLevel::First)
}

fn index_at(height: usize, va: u64) -> usize {
    if height == 0 {
        sx(va)
    } else {
        region_at(height).index(va)
    }
}

fn empty_at(height: usize) -> u64 {
    if height == 0 {
        SegmentEntry::EMPTY.0
    } else {
        RegionEntry::empty(region_at(height)).0
    }
}

fn link_at(height: usize, child: u64) -> u64 {
    if height == 0 {
        SegmentEntry::new(child).0
    } else {
        RegionEntry::at(child, region_at(height)).0
    }
}

/// The page table covering `va`, allocating the missing region, segment
/// and page tables on the way. The missing chain is built completely and
/// then linked with one store; on failure, what this call allocated is
/// freed and nothing was linked.
pub(crate) fn page_table_alloc(
    root: u64,
    va: u64,
    frames: &FrameAllocator,
) -> Result<u64, WalkError> {
    let level = root_level(root);
    if va >= level.reach() {
        return Err(WalkError::BeyondReach);
    }
    let mut table = root_origin(root);
    let mut height = level as usize + 1;
    loop {
        let e = read(table, index_at(height, va));
        if e & ENTRY_INVALID != 0 {
            break;
        }
        if height == 0 {
            return Ok(SegmentEntry(e).origin());
        }
        table = RegionEntry(e).origin();
        height -= 1;
    }
    // Missing: tables at heights height-1 down to 0, and a page table.
    let mut fresh = [0u64; 4];
    for k in 0..height {
        match frames.alloc_contiguous(CRST_FRAMES, CRST_FRAMES) {
            Ok(f) => fresh[k] = f.addr(),
            Err(e) => {
                for &t in &fresh[..k] {
                    free_crst(frames, t);
                }
                return Err(e.into());
            }
        }
    }
    let pt = match frames.alloc() {
        Ok(f) => f.addr(),
        Err(e) => {
            for &t in &fresh[..height] {
                free_crst(frames, t);
            }
            return Err(e.into());
        }
    };
    fill(pt, PT_ENTRIES, Pte::EMPTY.0);
    let mut child = pt;
    for (k, &t) in fresh[..height].iter().enumerate() {
        fill(t, CRST_ENTRIES, empty_at(k));
        write(t, index_at(k, va), link_at(k, child));
        child = t;
    }
    // Publish the new chain only once it is complete.
    write(table, index_at(height, va), link_at(height, child));
    Ok(pt)
}

/// A root reaching at least `needed_end`: region tables added on top of
/// `root` (whose top becomes entry 0 of the new one) until it does.
/// Nothing is linked into the old tree, so a failure just frees the new
/// tables.
pub(crate) fn grow_root(
    root: u64,
    needed_end: u64,
    frames: &FrameAllocator,
) -> Result<u64, WalkError> {
    if needed_end > TASK_SIZE {
        return Err(WalkError::BeyondReach);
    }
    let (mut origin, mut level) = (root_origin(root), root_level(root));
    let mut fresh = [0u64; 2];
    let mut n = 0;
    while level.reach() < needed_end {
        let Some(up) = level.above() else {
            break;
        };
        let Ok(t) = frames.alloc_contiguous(CRST_FRAMES, CRST_FRAMES) else {
            for &t in &fresh[..n] {
                free_crst(frames, t);
            }
            return Err(WalkError::OutOfFrames);
        };
        fill(t.addr(), CRST_ENTRIES, RegionEntry::empty(up).0);
        write(t.addr(), 0, RegionEntry::at(origin, up).0);
        fresh[n] = t.addr();
        n += 1;
        origin = t.addr();
        level = up;
    }
    Ok(make_root(origin, level))
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
/// A row of empty region-first entries.
static EMPTY_R1E_ROW: [u64; ROW] = [RegionEntry::empty(RegionLevel::First).0; ROW];
/// A row of empty region-second entries.
static EMPTY_R2E_ROW: [u64; ROW] = [RegionEntry::empty(RegionLevel::Second).0; ROW];
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

/// Calls `pt(origin)` for every page table and `crst(origin)` for every
/// region and segment table below the top table `table` of `level` (each
/// after the tables below it), so a tree can be torn down or counted.
fn for_each_table(
    table: u64,
    level: RegionLevel,
    crst: &mut dyn FnMut(u64),
    pt: &mut dyn FnMut(u64),
) {
    let empty = match level {
        RegionLevel::First => &EMPTY_R1E_ROW,
        RegionLevel::Second => &EMPTY_R2E_ROW,
        RegionLevel::Third => &EMPTY_RTE_ROW,
    };
    for i in maybe_valid(table, empty) {
        let e = RegionEntry(read(table, i));
        if e.invalid() {
            continue;
        }
        match level.below() {
            Some(below) => for_each_table(e.origin(), below, crst, pt),
            None => {
                for j in maybe_valid(e.origin(), &EMPTY_STE_ROW) {
                    let ste = SegmentEntry(read(e.origin(), j));
                    if !ste.invalid() {
                        pt(ste.origin());
                    }
                }
            }
        }
        crst(e.origin());
    }
}

/// Frees every table of the tree, the root included.
pub(crate) fn destroy(root: u64, frames: &FrameAllocator) {
    for_each_table(
        root_origin(root),
        root_level(root),
        &mut |t| free_crst(frames, t),
        &mut |pt| frames.free(PhysFrame::containing(pt)),
    );
    free_crst(frames, root_origin(root));
    // Nothing may translate through freed tables.
    crate::asm::ptlb();
}

/// Frames the tree's tables occupy.
pub(crate) fn table_frames(root: u64) -> usize {
    let (mut crsts, mut page_tables) = (0, 0);
    for_each_table(
        root_origin(root),
        root_level(root),
        &mut |_| crsts += 1,
        &mut |_| page_tables += 1,
    );
    CRST_FRAMES * (1 + crsts) + page_tables
}

/// The first address above `va` that is a multiple of `1 << shift`, if
/// it is below 2^64.
fn next_boundary(va: u64, shift: u32) -> Option<u64> {
    (va | ((1u64 << shift) - 1)).checked_add(1)
}

/// [`Arch::scan`] of `start..end` in the table at `table` of `level`,
/// for a space grown beyond 4 TiB.
#[inline(never)]
fn scan_tables(
    table: u64,
    level: RegionLevel,
    start: u64,
    end: u64,
    visit: &mut dyn FnMut(u64, PteSlot, GenericPte),
) {
    let Some(below) = level.below() else {
        return scan_region_third(table, start, end, visit);
    };
    let mut va = start;
    while va < end {
        let next = next_boundary(va, level.entry_shift());
        let e = RegionEntry(read(table, level.index(va)));
        if !e.invalid() {
            let sub_end = next.map_or(end, |n| n.min(end));
            scan_tables(e.origin(), below, va, sub_end, visit);
        }
        match next {
            Some(n) => va = n,
            None => break,
        }
    }
}

/// [`Arch::scan`] of `start..end` within the 4 TiB the region-third table
/// at `r3` covers: one loop, as every space under 4 TiB scans.
#[inline(always)]
fn scan_region_third(
    r3: u64,
    start: u64,
    end: u64,
    visit: &mut dyn FnMut(u64, PteSlot, GenericPte),
) {
    let mut va = start;
    while va < end {
        let rte = RegionEntry(read(r3, rtx(va)));
        if rte.invalid() {
            match next_boundary(va, REGION3_SHIFT) {
                Some(n) => va = n,
                None => break,
            }
            continue;
        }
        let ste = SegmentEntry(read(rte.origin(), sx(va)));
        if ste.invalid() {
            match next_boundary(va, SEGMENT_SHIFT) {
                Some(n) => va = n,
                None => break,
            }
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

/// The s390x implementation of the generic memory manager's contract.
#[derive(Clone, Copy, Debug, Default)]
pub struct S390xMmu;

impl Arch for S390xMmu {
    fn va_limit_max(&self) -> u64 {
        TASK_SIZE
    }

    fn root_reach(&self, root: TableRoot) -> u64 {
        root_level(root.0).reach()
    }

    /// Adds region tables on top (Linux's `crst_table_upgrade`) and, if
    /// this CPU's user ASCE is the old root's, loads the new one into CR1
    /// and CR7, so that the access the growth was for translates. (Another
    /// CPU running this space would need the same reload; this kernel
    /// runs one.)
    fn grow_root(
        &self,
        root: TableRoot,
        needed_end: u64,
        frames: &FrameAllocator,
    ) -> Result<TableRoot, WalkError> {
        let new = grow_root(root.0, needed_end, frames)?;
        if new != root.0 && crate::kspace::user_asce().origin() == root_origin(root.0) {
            crate::kspace::set_user_asce(Some(root_asce(new)));
        }
        Ok(TableRoot(new))
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
        let start = range.start & !0xfff;
        if root.0 & ROOT_LEVEL == 0 {
            scan_region_third(root.0, start, range.end.min(ASCE_REACH), visit);
        } else {
            let level = root_level(root.0);
            let end = range.end.min(level.reach());
            scan_tables(root_origin(root.0), level, start, end, visit);
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
