//! `mm::arch::Arch` over the Sv39 table code and simulated RAM, so that
//! `mm`'s generic self-tests run against the Sv39 format on the host, as
//! they run in QEMU against `mmu::Riscv64Mmu`. Only the memory and the
//! fences differ: the host has no address-translation cache to fence.

use core::ops::Range;

use arch_host::phys::PhysArena;
use mm::arch::{Arch, Pte, PteSlot, TableRoot, WalkError};
use mm::frame::{FrameAllocator, OutOfFrames, PhysFrame};

use crate::layout::USER_END;
use crate::sv39_table::{KernelPerm, Sv39Tables};

/// A simulated riscv64 machine: RAM, and a kernel root that every user
/// root copies its upper half from.
pub(crate) struct HostSv39 {
    tables: Sv39Tables<PhysArena>,
    kernel_root: u64,
}

impl HostSv39 {
    /// `nframes` frames of RAM at QEMU virt's address, the first taken by a
    /// kernel root that maps one 2 MiB page, and the allocator of the rest.
    pub(crate) fn new(nframes: usize) -> (Self, FrameAllocator) {
        let ram = crate::sv39_table::tests::RAM;
        let tables = Sv39Tables::new(PhysArena::new(ram, nframes));
        let kernel_ram = ram..ram + 2 * 4096;
        let kframes = FrameAllocator::new(&[kernel_ram]);
        let kernel_root = tables.create_root(&kframes, None).unwrap();
        tables
            .map_kernel(
                kernel_root,
                crate::layout::DIRECT_MAP + ram,
                ram,
                2 << 20,
                KernelPerm::ReadWrite,
                &kframes,
            )
            .unwrap();
        let user_ram = ram + 2 * 4096..ram + nframes as u64 * 4096;
        let frames = FrameAllocator::new(&[user_ram]);
        (
            Self {
                tables,
                kernel_root,
            },
            frames,
        )
    }
}

impl Arch for HostSv39 {
    fn va_limit_max(&self) -> u64 {
        USER_END
    }
    fn root_reach(&self, _root: TableRoot) -> u64 {
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
    fn create_root(&self, frames: &FrameAllocator) -> Result<TableRoot, OutOfFrames> {
        self.tables
            .create_root(frames, Some(self.kernel_root))
            .map(TableRoot)
    }
    fn walk(&self, root: TableRoot, va: u64) -> Option<PteSlot> {
        self.tables.walk(root.0, va)
    }
    fn walk_alloc(
        &self,
        root: TableRoot,
        va: u64,
        frames: &FrameAllocator,
    ) -> Result<PteSlot, WalkError> {
        self.tables.walk_alloc(root.0, va, frames).map(|(s, _)| s)
    }
    fn read_pte(&self, slot: PteSlot) -> Pte {
        self.tables.read_pte(slot)
    }
    fn set_pte(&self, _root: TableRoot, slot: PteSlot, _va: u64, pte: Pte) {
        self.tables.write_pte(slot, pte)
    }
    fn clear_pte(&self, _root: TableRoot, slot: PteSlot, _va: u64) -> Pte {
        self.tables.take_pte(slot)
    }
    fn flush(&self, _root: TableRoot, _va: u64) {
        // Nothing caches translations on the host.
    }
    fn scan(&self, root: TableRoot, range: Range<u64>, visit: &mut dyn FnMut(u64, PteSlot, Pte)) {
        self.tables.scan(root.0, range, visit)
    }
    fn destroy(&self, root: TableRoot, frames: &FrameAllocator) {
        self.tables.destroy(root.0, frames)
    }
    fn table_frames(&self, root: TableRoot) -> usize {
        self.tables.table_frames(root.0)
    }
    fn zero_frame(&self, frame: PhysFrame) {
        self.tables.mem.zero(frame)
    }
    fn copy_frame(&self, dst: PhysFrame, src: PhysFrame) {
        self.tables.mem.copy(dst, src)
    }
    fn read_phys(&self, pa: u64, buf: &mut [u8]) {
        self.tables.mem.read(pa, buf)
    }
    fn write_phys(&self, pa: u64, buf: &[u8]) {
        self.tables.mem.write(pa, buf)
    }
}

#[test]
fn every_generic_self_test_passes_on_sv39_tables() {
    use alloc::format;
    use alloc::sync::Arc;
    use alloc::vec::Vec;

    let (arch, frames) = HostSv39::new(1024);
    let kernel_root = arch.kernel_root;
    let kernel_half: Vec<u64> = (256..512)
        .map(|i| arch.tables.read(kernel_root, i).0)
        .collect();
    let frames = Arc::new(frames);
    let mem = mm::Memory::new(arch, frames.clone()).expect("the zero page");
    let cases = mm::selftest::cases::<HostSv39>();
    assert!(cases.len() > 30, "only {} cases", cases.len());
    let mut failed = Vec::new();
    for (name, case) in &cases {
        if let Err(why) = mm::selftest::run(&mem, *case) {
            failed.push(format!("{name}: {why}"));
        }
    }
    assert!(
        failed.is_empty(),
        "failed self-tests:\n{}",
        failed.join("\n")
    );
    // Only the zero page is still allocated, and the kernel's tables were
    // never touched by the user trees.
    assert_eq!(
        frames.free_count() + frames.quarantined(),
        frames.total() - 1
    );
    let after: Vec<u64> = (256..512)
        .map(|i| mem.arch().tables.read(kernel_root, i).0)
        .collect();
    assert_eq!(after, kernel_half);
}
