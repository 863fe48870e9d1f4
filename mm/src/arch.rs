//! The architecture contract: page tables and physical-memory access.
//!
//! The generic code in this crate never touches a page table or a frame's
//! contents directly. It goes through [`Arch`], which each backend
//! implements: the s390x backend over hardware DAT tables reached through
//! the kernel's identity mapping, the riscv64 backend over Sv39 tables
//! reached through its direct map, and the host backend (`arch/host`) over
//! a software radix tree in a simulated memory arena.
//!
//! # Entries
//!
//! The generic code speaks in [`Pte`]s: a frame plus generic [`PteFlags`].
//! The backend translates them to and from its hardware format. It must
//! read back exactly what was written, for *every* `Pte`, present or not:
//! a non-present entry with a frame is how the generic code keeps a page
//! whose access was taken away (`PROTNONE`), as Linux keeps `PROT_NONE`
//! pages in invalid entries.
//!
//! # Growing a tree
//!
//! A tree may start small and grow a level on top when a mapping needs
//! more room, as s390x starts a user space with a region-third table
//! (4 TiB) and adds region-second and region-first tables on demand. The
//! generic code never maps at or beyond [`Arch::va_limit_max`]; before it
//! installs a VMA ending beyond [`Arch::root_reach`] of its current root,
//! it calls [`Arch::grow_root`] and uses the root that returns from then
//! on. A backend whose trees always reach `va_limit_max` returns its root
//! unchanged.
//!
//! # Locking
//!
//! The generic code serialises every change to one tree (it holds its
//! page-table lock around `walk_alloc`, `set_pte`, `clear_pte` and `scan`),
//! and it never frees a table while a tree is in use: tables are freed
//! only by [`Arch::destroy`]. A backend may therefore walk without locks of
//! its own; it only has to make the entry stores themselves single
//! accesses (the hardware, or another host thread, may read concurrently).

use core::fmt;
use core::ops::Range;

use bitflags::bitflags;

use crate::frame::{FrameAllocator, OutOfFrames, PhysFrame};

/// An opaque handle on the top-level table of one translation tree. The
/// backend chooses its meaning; both existing backends store the top
/// table's physical address.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct TableRoot(pub u64);

/// Where one leaf entry lives: the physical address of its table and its
/// index there. Valid until the tree is destroyed, because tables are never
/// freed before that.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct PteSlot {
    /// Physical address of the leaf table.
    pub table: u64,
    /// Index of the entry in the table.
    pub index: usize,
}

bitflags! {
    /// Generic leaf-entry flags. A backend maps them onto its hardware
    /// bits and software bits; all of them must survive a round trip.
    #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
    pub struct PteFlags: u32 {
        /// Set: the hardware may translate through this entry. Clear: any
        /// access faults (the entry may still hold a frame, see
        /// `PROTNONE`).
        const PRESENT = 1 << 0;
        /// Set: stores are allowed. Clear: a store raises a protection
        /// fault.
        const WRITE = 1 << 1;
        /// Set: instruction fetches are allowed. Clear: a fetch raises a
        /// protection fault where the hardware can tell (else ignored).
        const EXEC = 1 << 2;
        /// Set: the page was written since the entry was made. Software
        /// bit on backends without a hardware dirty bit.
        const DIRTY = 1 << 3;
        /// Set: the page was accessed since the bit was last cleared.
        /// Software bit on backends without a hardware referenced bit.
        const YOUNG = 1 << 4;
        /// Set: a user-mode page. Backends without the distinction (s390x
        /// separates spaces by ASCE instead) just keep the bit.
        const USER = 1 << 5;
        /// Set (with `PRESENT` clear): the entry still owns its frame but
        /// every access faults, as after `mprotect(PROT_NONE)`. Clear: a
        /// non-present entry holds nothing.
        const PROTNONE = 1 << 6;
    }
}

/// One leaf entry in generic form.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Pte {
    /// The frame the entry maps (or keeps, when `PROTNONE`). Meaningless
    /// for [`Pte::EMPTY`].
    pub frame: PhysFrame,
    /// The entry's flags.
    pub flags: PteFlags,
}

impl Pte {
    /// The entry of an unmapped page.
    pub const EMPTY: Self = Self {
        frame: PhysFrame::containing(0),
        flags: PteFlags::empty(),
    };

    /// An entry for `frame` with `flags`.
    pub const fn new(frame: PhysFrame, flags: PteFlags) -> Self {
        Self { frame, flags }
    }

    /// Whether the hardware may translate through the entry.
    pub const fn is_present(self) -> bool {
        self.flags.contains(PteFlags::PRESENT)
    }

    /// Whether the entry holds a frame (present, or kept with `PROTNONE`).
    pub const fn is_populated(self) -> bool {
        self.flags
            .intersects(PteFlags::PRESENT.union(PteFlags::PROTNONE))
    }
}

/// Why a walk that allocates could not reach the leaf.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum WalkError {
    /// The frame allocator ran dry. Every table allocated by the failing
    /// call has been freed again.
    OutOfFrames,
    /// The address is beyond what the tree can translate
    /// ([`Arch::root_reach`], or [`Arch::va_limit_max`] for a growth).
    BeyondReach,
}

impl From<OutOfFrames> for WalkError {
    fn from(_: OutOfFrames) -> Self {
        WalkError::OutOfFrames
    }
}

impl fmt::Display for WalkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            WalkError::OutOfFrames => "out of frames for a page table",
            WalkError::BeyondReach => "address beyond the page tables' reach",
        })
    }
}

/// What an architecture provides to the generic memory manager.
///
/// A backend is a *value* (held by [`crate::Memory`]), so a software
/// backend can own its simulated memory; a hardware backend is typically a
/// zero-sized type or a `&'static` reference to one.
///
/// All addresses given to the page-table methods are page-aligned virtual
/// addresses below [`Arch::va_limit_max`] (and, for `walk_alloc`, `set_pte`
/// and `clear_pte`, below [`Arch::root_reach`] of the root given); all physical addresses are those of
/// frames from the [`FrameAllocator`] the generic code passes in (or of the
/// tables the backend itself allocated from it).
pub trait Arch: Send + Sync {
    /// First virtual address no tree of this backend can translate, however
    /// far it grows: the top of a user address space (Linux's
    /// `TASK_SIZE`). The generic code refuses mappings at or beyond it.
    fn va_limit_max(&self) -> u64;

    /// First virtual address the tree `root` can translate as it is now.
    /// [`Arch::create_root`] makes the smallest tree; [`Arch::grow_root`]
    /// raises this up to [`Arch::va_limit_max`]. Never called on the fault
    /// path: faults only meet addresses of VMAs, which are within reach.
    fn root_reach(&self, root: TableRoot) -> u64;

    /// A root whose tree reaches at least `needed_end` (at most
    /// [`Arch::va_limit_max`]): `root` itself if it already does, else a
    /// new top (one level or several) above the old tree, which becomes
    /// part of the new one: every slot `root` translated stays valid and
    /// translates the same address through the new root. From then on the
    /// caller uses only the new root (it is what [`Arch::destroy`] gets);
    /// the backend makes any CPU translating through `root` now use the
    /// new root before returning, so later accesses beyond the old reach
    /// translate.
    ///
    /// The generic code calls it with the mmap lock held for writing and
    /// the page-table lock held, before it installs a VMA ending beyond
    /// [`Arch::root_reach`] (mmap, brk, mremap) and when fork builds a
    /// child as large as its parent. On error (`OutOfFrames`, or
    /// `BeyondReach` for a `needed_end` above [`Arch::va_limit_max`])
    /// nothing changed and nothing leaked.
    fn grow_root(
        &self,
        root: TableRoot,
        needed_end: u64,
        frames: &FrameAllocator,
    ) -> Result<TableRoot, WalkError>;

    // ----- Page tables -----

    /// Allocates an empty tree (its top-level table) from `frames`.
    fn create_root(&self, frames: &FrameAllocator) -> Result<TableRoot, OutOfFrames>;

    /// The leaf slot for `va` if every level above it exists; never
    /// allocates.
    fn walk(&self, root: TableRoot, va: u64) -> Option<PteSlot>;

    /// The leaf slot for `va`, allocating missing intermediate levels from
    /// `frames` (new tables hold only empty entries). If the allocator runs
    /// dry midway, every table this call allocated is freed again and
    /// linked nowhere before the error is returned: a failed call leaks
    /// nothing and changes nothing.
    fn walk_alloc(
        &self,
        root: TableRoot,
        va: u64,
        frames: &FrameAllocator,
    ) -> Result<PteSlot, WalkError>;

    /// The entry in `slot`, exactly as last written ([`Pte::EMPTY`] if
    /// never written).
    fn read_pte(&self, slot: PteSlot) -> Pte;

    /// Writes `pte` into `slot`, which the generic code guarantees is not
    /// present (it clears a present entry with [`Arch::clear_pte`] first,
    /// "break before make", as s390x requires before changing a valid
    /// entry). `va` is the address the slot translates.
    fn set_pte(&self, root: TableRoot, slot: PteSlot, va: u64, pte: Pte);

    /// Makes `slot` empty and returns what it held. A backend whose
    /// hardware invalidates and purges in one instruction (s390x IPTE) may
    /// do both here; the generic code still calls [`Arch::flush`] after it.
    fn clear_pte(&self, root: TableRoot, slot: PteSlot, va: u64) -> Pte;

    /// Drops any cached translation of `va` in the tree `root`, so the
    /// next access uses the entry as it is now. Called after an entry was
    /// cleared and before its frame is reused.
    fn flush(&self, root: TableRoot, va: u64);

    /// Calls `visit(va, slot, pte)` for every leaf entry in `range` that is
    /// not [`Pte::EMPTY`], in address order, skipping levels that do not
    /// exist. `visit` may clear or set the entry it is given (the generic
    /// code does, while tearing down or write-protecting), but not others.
    fn scan(&self, root: TableRoot, range: Range<u64>, visit: &mut dyn FnMut(u64, PteSlot, Pte));

    /// Frees every table of the tree, the root included, back to `frames`.
    /// The generic code has already cleared every leaf entry and released
    /// the frames they mapped; the tree is not used again.
    fn destroy(&self, root: TableRoot, frames: &FrameAllocator);

    /// Tables (in frames) the tree currently owns, for leak checks.
    fn table_frames(&self, root: TableRoot) -> usize;

    // ----- Physical memory -----

    /// Fills `frame` with zeros.
    fn zero_frame(&self, frame: PhysFrame);

    /// Copies the contents of `src` to `dst`.
    fn copy_frame(&self, dst: PhysFrame, src: PhysFrame);

    /// Reads `buf.len()` bytes at physical address `pa` (within one frame).
    fn read_phys(&self, pa: u64, buf: &mut [u8]);

    /// Writes `buf` at physical address `pa` (within one frame).
    fn write_phys(&self, pa: u64, buf: &[u8]);
}

impl<T: Arch + ?Sized> Arch for &T {
    fn va_limit_max(&self) -> u64 {
        (**self).va_limit_max()
    }
    fn root_reach(&self, root: TableRoot) -> u64 {
        (**self).root_reach(root)
    }
    fn grow_root(
        &self,
        root: TableRoot,
        needed_end: u64,
        frames: &FrameAllocator,
    ) -> Result<TableRoot, WalkError> {
        (**self).grow_root(root, needed_end, frames)
    }
    fn create_root(&self, frames: &FrameAllocator) -> Result<TableRoot, OutOfFrames> {
        (**self).create_root(frames)
    }
    fn walk(&self, root: TableRoot, va: u64) -> Option<PteSlot> {
        (**self).walk(root, va)
    }
    fn walk_alloc(
        &self,
        root: TableRoot,
        va: u64,
        frames: &FrameAllocator,
    ) -> Result<PteSlot, WalkError> {
        (**self).walk_alloc(root, va, frames)
    }
    fn read_pte(&self, slot: PteSlot) -> Pte {
        (**self).read_pte(slot)
    }
    fn set_pte(&self, root: TableRoot, slot: PteSlot, va: u64, pte: Pte) {
        (**self).set_pte(root, slot, va, pte)
    }
    fn clear_pte(&self, root: TableRoot, slot: PteSlot, va: u64) -> Pte {
        (**self).clear_pte(root, slot, va)
    }
    fn flush(&self, root: TableRoot, va: u64) {
        (**self).flush(root, va)
    }
    fn scan(&self, root: TableRoot, range: Range<u64>, visit: &mut dyn FnMut(u64, PteSlot, Pte)) {
        (**self).scan(root, range, visit)
    }
    fn destroy(&self, root: TableRoot, frames: &FrameAllocator) {
        (**self).destroy(root, frames)
    }
    fn table_frames(&self, root: TableRoot) -> usize {
        (**self).table_frames(root)
    }
    fn zero_frame(&self, frame: PhysFrame) {
        (**self).zero_frame(frame)
    }
    fn copy_frame(&self, dst: PhysFrame, src: PhysFrame) {
        (**self).copy_frame(dst, src)
    }
    fn read_phys(&self, pa: u64, buf: &mut [u8]) {
        (**self).read_phys(pa, buf)
    }
    fn write_phys(&self, pa: u64, buf: &[u8]) {
        (**self).write_phys(pa, buf)
    }
}
