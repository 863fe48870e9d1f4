//! Software page tables and frames for running the generic `mm` on the
//! host.
//!
//! [`HostArch`] implements [`mm::arch::Arch`] over a simulated physical
//! memory arena ([`phys::PhysArena`]) and a 4-level software radix tree
//! ([`page_table`]), so `cargo test` on the host drives exactly the generic
//! fault path that runs in the kernel.

#![forbid(unsafe_code)]

pub mod page_table;
pub mod phys;

use std::ops::Range;
use std::sync::Arc;

use mm::arch::{Arch, Pte, PteSlot, TableRoot, WalkError};
use mm::frame::{FrameAllocator, OutOfFrames, PhysFrame};
use mm::{Memory, PAGE_SIZE};

use page_table::{RadixTables, VA_LIMIT};
use phys::PhysArena;

/// Where the simulated RAM starts: not at 0, so a stray zero "physical
/// address" in the generic code cannot alias a real frame.
pub const ARENA_BASE: u64 = 0x100_0000;

/// The host backend: owns its simulated memory.
pub struct HostArch {
    mem: PhysArena,
}

impl HostArch {
    /// A backend with `nframes` frames of simulated RAM at [`ARENA_BASE`].
    pub fn new(nframes: usize) -> Self {
        Self {
            mem: PhysArena::new(ARENA_BASE, nframes),
        }
    }

    /// The physical range of the simulated RAM (hand it to a
    /// [`FrameAllocator`]).
    pub fn ram(&self) -> Range<u64> {
        self.mem.range()
    }

    fn tables(&self) -> RadixTables<'_> {
        RadixTables { mem: &self.mem }
    }
}

/// A host machine with `nframes` frames: its memory (zero page already
/// allocated) and its frame allocator, to check for leaks.
pub fn machine(nframes: usize) -> (Arc<Memory<HostArch>>, Arc<FrameAllocator>) {
    let arch = HostArch::new(nframes);
    let frames = Arc::new(FrameAllocator::new(&[arch.ram()]));
    let mem = Memory::new(arch, frames.clone()).expect("a host machine needs at least one frame");
    (mem, frames)
}

impl Arch for HostArch {
    fn va_limit_max(&self) -> u64 {
        VA_LIMIT
    }

    fn root_reach(&self, root: TableRoot) -> u64 {
        self.tables().root_reach(root)
    }

    fn grow_root(
        &self,
        root: TableRoot,
        needed_end: u64,
        frames: &FrameAllocator,
    ) -> Result<TableRoot, WalkError> {
        self.tables().grow_root(root, needed_end, frames)
    }

    fn create_root(&self, frames: &FrameAllocator) -> Result<TableRoot, OutOfFrames> {
        self.tables().create_root(frames)
    }

    fn walk(&self, root: TableRoot, va: u64) -> Option<PteSlot> {
        self.tables().walk(root, va)
    }

    fn walk_alloc(
        &self,
        root: TableRoot,
        va: u64,
        frames: &FrameAllocator,
    ) -> Result<PteSlot, WalkError> {
        self.tables().walk_alloc(root, va, frames)
    }

    fn read_pte(&self, slot: PteSlot) -> Pte {
        self.tables().read_pte(slot)
    }

    fn set_pte(&self, _root: TableRoot, slot: PteSlot, _va: u64, pte: Pte) {
        self.tables().write_pte(slot, pte)
    }

    fn clear_pte(&self, _root: TableRoot, slot: PteSlot, _va: u64) -> Pte {
        let old = self.tables().read_pte(slot);
        self.tables().write_pte(slot, Pte::EMPTY);
        old
    }

    fn flush(&self, _root: TableRoot, _va: u64) {
        // The software MMU has no TLB: every access walks the tree.
    }

    fn scan(&self, root: TableRoot, range: Range<u64>, visit: &mut dyn FnMut(u64, PteSlot, Pte)) {
        self.tables().scan(root, range, visit)
    }

    fn destroy(&self, root: TableRoot, frames: &FrameAllocator) {
        self.tables().destroy(root, frames)
    }

    fn table_frames(&self, root: TableRoot) -> usize {
        self.tables().table_frames(root)
    }

    fn zero_frame(&self, frame: PhysFrame) {
        self.mem.zero(frame)
    }

    fn copy_frame(&self, dst: PhysFrame, src: PhysFrame) {
        self.mem.copy(dst, src)
    }

    fn read_phys(&self, pa: u64, buf: &mut [u8]) {
        debug_assert!(pa % PAGE_SIZE + buf.len() as u64 <= PAGE_SIZE);
        self.mem.read(pa, buf)
    }

    fn write_phys(&self, pa: u64, buf: &[u8]) {
        debug_assert!(pa % PAGE_SIZE + buf.len() as u64 <= PAGE_SIZE);
        self.mem.write(pa, buf)
    }
}
