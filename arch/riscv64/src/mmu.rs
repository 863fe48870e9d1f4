//! The riscv64 backend of the generic memory manager: `mm::arch::Arch`
//! over real Sv39 tables, and the kernel's own tables.
//!
//! Tables and frames are reached through the direct map (physical +
//! [`crate::layout::DIRECT_MAP`]), so everything here works once the kernel runs on its
//! own tables (or on boot tables that map the direct map the same way).
//! The tree code is `sv39_table.rs`, shared with the host tests; this
//! file adds the memory access and every `sfence.vma`.
//!
//! A [`TableRoot`] is the physical address of a user root table. Its
//! entries 256..511 are copies of the kernel root's (registered once with
//! [`set_kernel_root`]), taken when the root is made: so the kernel must
//! have created every root entry of its half it will ever use (the direct
//! map of all RAM does) before the first user root, as later ones would
//! not reach existing user roots.
//!
//! # Fences
//!
//! The kernel uses no ASIDs (every satp write is followed by a global
//! fence), and the `Arch` methods get a root, not an ASID; so every fence
//! here names no address space (`rs2 = x0`), which is right whatever
//! address space the tree runs under. Where a fence is needed and why is
//! said at each use.

use core::ops::Range;
use core::sync::atomic::{AtomicU64, Ordering};

use mm::arch::{Arch, Pte, PteFlags, PteSlot, TableRoot, WalkError};
use mm::frame::{FrameAllocator, OutOfFrames, PhysFrame};

use crate::layout::{phys_to_virt, USER_END};
use crate::sv39::{Entry, PAGE_SIZE};
use crate::sv39_table::{KernelPerm, Sv39Tables, TableMemory, Walk};
use crate::tlb;

/// Physical memory through the direct map.
#[derive(Clone, Copy, Debug, Default)]
pub struct DirectMap;

impl TableMemory for DirectMap {
    #[inline(always)]
    fn load(&self, pa: u64) -> u64 {
        // SAFETY: the table code only reads entries of tables it made or
        // was given (frames of RAM, 8-aligned slots), and all RAM is
        // mapped read-write at phys_to_virt.
        unsafe { (phys_to_virt(pa) as *const u64).read_volatile() }
    }

    #[inline(always)]
    fn store(&self, pa: u64, value: u64) {
        // SAFETY: as for `load`; the owner of the tree serialises writers
        // and the store is one 8-byte access, so a walk never sees half an
        // entry.
        unsafe { (phys_to_virt(pa) as *mut u64).write_volatile(value) }
    }

    #[inline(always)]
    fn swap(&self, pa: u64, value: u64) -> u64 {
        let p = phys_to_virt(pa) as *mut u64;
        // SAFETY: as for `load`: an aligned, mapped table slot. The
        // hardware updates A and D with atomic accesses to the whole
        // entry, so an AMO swap (amoswap.d) never loses one of its
        // updates, as a load followed by a store could on another hart.
        unsafe { AtomicU64::from_ptr(p) }.swap(value, Ordering::AcqRel)
    }

    #[inline]
    fn zero(&self, frame: PhysFrame) {
        // SAFETY: a frame of RAM the caller owns, mapped at phys_to_virt.
        unsafe { crate::blockops::zero_page(phys_to_virt(frame.addr())) }
    }
}

/// The tables, through the direct map.
const TABLES: Sv39Tables<DirectMap> = Sv39Tables::new(DirectMap);

/// The kernel root's physical address (0: not registered yet).
static KERNEL_ROOT: AtomicU64 = AtomicU64::new(0);

/// Registers the kernel's root table, whose entries 256..511 every user
/// root made from then on copies. Called once, by the kernel-space code,
/// after it mapped the kernel half and before any user root is made.
///
/// # Panics
/// If `pa` is not a page-aligned table address, or a different root was
/// registered before.
pub fn set_kernel_root(pa: u64) {
    assert!(
        pa != 0 && pa.is_multiple_of(PAGE_SIZE),
        "kernel root {pa:#x} is not a table address"
    );
    if let Err(old) = KERNEL_ROOT.compare_exchange(0, pa, Ordering::AcqRel, Ordering::Acquire) {
        assert_eq!(old, pa, "kernel root registered twice");
    }
}

/// The registered kernel root, if any.
pub fn kernel_root() -> Option<u64> {
    match KERNEL_ROOT.load(Ordering::Acquire) {
        0 => None,
        pa => Some(pa),
    }
}

/// Maps `va..va + len` to `pa..` in the kernel tree `root_pa` with `perm`
/// (global, A and D set; 1 GiB, 2 MiB or 4 KiB leaves as alignment and
/// length allow). Missing tables come from `frames`.
///
/// # Panics
/// On unaligned arguments, a range outside the kernel half, or one that
/// overlaps an existing mapping (see [`Sv39Tables::map_kernel`]).
pub fn map_kernel(
    root_pa: u64,
    va: u64,
    pa: u64,
    len: u64,
    perm: KernelPerm,
    frames: &FrameAllocator,
) -> Result<(), OutOfFrames> {
    let r = TABLES.map_kernel(root_pa, va, pa, len, perm, frames);
    // Needed: if the tree is live, invalid entries along the new range
    // may be cached (the spec allows it), and pointers were stored
    // (non-leaf entries changed, which only an rs1=x0 fence orders); the
    // leaves are global, so rs2 must be x0. Sufficient: x0,x0 orders
    // every level in every address space. Runs at boot, so its cost does
    // not matter; on failure, what was mapped stays and is fenced too.
    tlb::fence_all();
    r
}

/// Unmaps the 4 KiB kernel page at `va` in the kernel tree `root_pa` (a
/// guard page), splitting a 2 MiB or 1 GiB leaf around it first, and
/// returns the entry that mapped it (`None` if none did).
pub fn unmap_kernel_page(
    root_pa: u64,
    va: u64,
    frames: &FrameAllocator,
) -> Result<Option<Entry>, OutOfFrames> {
    let r = TABLES.unmap_kernel_page(root_pa, va, frames);
    // Needed: the page's leaf went from valid to invalid, and a split
    // replaced a leaf by a pointer (a non-leaf change); the mapping is
    // global, so rs2 must be x0. Sufficient: x0,x0 orders every level.
    // Even a split that ran out of frames midway changed only entries
    // that translate as before, but fencing costs nothing here.
    tlb::fence_all();
    r
}

/// The walk the hardware takes for `va` from the root `root_pa`: the
/// entries met at each level and where it stops, for the oops. Only
/// tables inside `ram` are read.
pub fn describe_walk(root_pa: u64, va: u64, ram: &Range<u64>) -> Walk {
    TABLES.describe_walk(root_pa, va, ram)
}

/// The riscv64 implementation of the generic memory manager's contract.
#[derive(Clone, Copy, Debug, Default)]
pub struct Riscv64Mmu;

impl Arch for Riscv64Mmu {
    fn va_limit_max(&self) -> u64 {
        USER_END
    }

    fn root_reach(&self, _root: TableRoot) -> u64 {
        // Every user root is a whole Sv39 root: its lower half is all of
        // user space.
        USER_END
    }

    fn grow_root(
        &self,
        root: TableRoot,
        needed_end: u64,
        _frames: &FrameAllocator,
    ) -> Result<TableRoot, WalkError> {
        if needed_end > USER_END {
            return Err(WalkError::BeyondReach);
        }
        Ok(root)
    }

    /// A zeroed root with the kernel half copied from the registered
    /// kernel root.
    ///
    /// # Panics
    /// If no kernel root was registered: a user tree without the kernel
    /// mapped would crash the first trap taken on it.
    fn create_root(&self, frames: &FrameAllocator) -> Result<TableRoot, OutOfFrames> {
        let kernel = kernel_root().expect("create_root before set_kernel_root");
        // No fence: nothing translates through the new root yet.
        TABLES.create_root(frames, Some(kernel)).map(TableRoot)
    }

    #[inline(always)]
    fn walk(&self, root: TableRoot, va: u64) -> Option<PteSlot> {
        TABLES.walk(root.0, va)
    }

    fn walk_alloc(
        &self,
        root: TableRoot,
        va: u64,
        frames: &FrameAllocator,
    ) -> Result<PteSlot, WalkError> {
        let (slot, linked) = TABLES.walk_alloc(root.0, va, frames)?;
        if linked {
            // Needed: a pointer went from invalid to valid, and this hart
            // may hold the invalid entry from an earlier (possibly
            // speculative) walk; the spec orders a non-leaf change only
            // with rs1=x0, and the generic fault path would take a fault
            // through that stale entry as "nothing to do" and fault
            // again forever. Sufficient: x0,x0 orders every level in every
            // address space. Rare: once per 2 MiB of user space first
            // touched.
            tlb::fence_all();
        }
        Ok(slot)
    }

    #[inline(always)]
    fn read_pte(&self, slot: PteSlot) -> Pte {
        TABLES.read_pte(slot)
    }

    #[inline(always)]
    fn set_pte(&self, _root: TableRoot, slot: PteSlot, va: u64, pte: Pte) {
        TABLES.write_pte(slot, pte);
        if pte.is_present() {
            // Needed: the leaf went from invalid to valid (the generic
            // code never sets over a present entry), and the spec lets the
            // hart keep the invalid entry; the lazy alternative (fence on
            // the spurious fault) would need the generic fault path to
            // fence when it finds the entry already allows the access,
            // which it does not. Sufficient: only this leaf changed (the
            // levels above were fenced by walk_alloc when linked), and
            // rs1=va orders the leaf of va in every address space.
            tlb::fence_page(va);
            if pte.flags.contains(PteFlags::EXEC) {
                // Needed: the frame may have just been filled with code
                // (read from a file, copied for copy-on-write), and
                // instruction fetches are not coherent with stores.
                // Sufficient: one hart, and the fence orders every store
                // before it; the fetches that follow this entry come
                // after it.
                tlb::fence_i();
            }
        }
        // A non-present entry needs no fence: the slot held no valid
        // entry before (and any older valid one was fenced by `flush`
        // after `clear_pte`), so whatever the hart cached faults, as the
        // new entry does.
    }

    #[inline]
    fn clear_pte(&self, _root: TableRoot, slot: PteSlot, _va: u64) -> Pte {
        // One atomic swap, so an A or D bit the hardware sets up to the
        // clear is in the entry returned. No fence here: the generic code calls `flush` right after,
        // before the frame is reused or the entry remade.
        TABLES.take_pte(slot)
    }

    #[inline]
    fn flush(&self, _root: TableRoot, va: u64) {
        // Needed: a leaf of va was cleared (valid to invalid), and the
        // hart may still translate through the old one until a fence.
        // Sufficient: only that leaf changed, and rs1=va drops the leaf of
        // va in every address space.
        tlb::fence_page(va);
    }

    fn scan(&self, root: TableRoot, range: Range<u64>, visit: &mut dyn FnMut(u64, PteSlot, Pte)) {
        TABLES.scan(root.0, range, visit)
    }

    fn destroy(&self, root: TableRoot, frames: &FrameAllocator) {
        TABLES.destroy(root.0, frames);
        // Needed: while the tree was live the hart may have cached any of
        // its non-leaf entries (walks are allowed to run speculatively);
        // the frames just freed may hold data next, and a walk through a
        // cached pointer into them would read that data as entries. The
        // satp switch away from the tree already fenced, but this keeps
        // freeing tables independent of how spaces are switched.
        // Sufficient: x0,x0 drops cached entries of every level and
        // address space. Once per address space, at its end.
        tlb::fence_all();
    }

    fn table_frames(&self, root: TableRoot) -> usize {
        TABLES.table_frames(root.0)
    }

    #[inline]
    fn zero_frame(&self, frame: PhysFrame) {
        DirectMap.zero(frame)
    }

    #[inline]
    fn copy_frame(&self, dst: PhysFrame, src: PhysFrame) {
        // SAFETY: two distinct frames of RAM (the caller owns dst),
        // mapped at phys_to_virt.
        unsafe { crate::blockops::copy_page(phys_to_virt(dst.addr()), phys_to_virt(src.addr())) }
    }

    fn read_phys(&self, pa: u64, buf: &mut [u8]) {
        debug_assert!(pa % PAGE_SIZE + buf.len() as u64 <= PAGE_SIZE);
        // SAFETY: pa..pa+len lies in one frame of RAM, mapped at
        // phys_to_virt.
        unsafe {
            core::ptr::copy_nonoverlapping(
                phys_to_virt(pa) as *const u8,
                buf.as_mut_ptr(),
                buf.len(),
            )
        }
    }

    fn write_phys(&self, pa: u64, buf: &[u8]) {
        debug_assert!(pa % PAGE_SIZE + buf.len() as u64 <= PAGE_SIZE);
        // SAFETY: as for read_phys; the caller owns the frame.
        unsafe {
            core::ptr::copy_nonoverlapping(buf.as_ptr(), phys_to_virt(pa) as *mut u8, buf.len())
        }
    }
}
