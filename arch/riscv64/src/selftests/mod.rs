//! In-kernel self-tests of the riscv64 backend (run in QEMU): each trap
//! the fault path routes, provoked for real and checked against
//! docs/riscv64.md; the kernel's own mappings; user access; boot state;
//! the timer.

mod boot;
mod faults;
mod kernel_space;
mod measure;
mod timer;
mod uaccess;

use kcore::ktest::Failure;
use mm::frame::PhysFrame;

use crate::expect::Caught;
use crate::layout::{phys_to_virt, DIRECT_MAP};
use crate::sv39::{Entry, Level};
use crate::sv39_table::KernelPerm;
use crate::{kspace, mmu, tlb};

/// Where tests map scratch pages: 160 GiB into the kernel half, far from
/// the direct map of RAM (which starts 2 GiB in) and from the crash
/// scenarios' page (128 GiB in). Root entry 416 is the kernel root's
/// own: tests run on the kernel tables, never on a user tree.
pub const SCRATCH: u64 = DIRECT_MAP + (160 << 30);

/// A failure with a message.
pub fn fail(msg: impl Into<alloc::string::String>) -> Failure {
    Failure::Fail(msg.into())
}

/// The exception a probe was expected to raise, or a failure saying
/// none came.
pub fn caught(c: Option<Caught>) -> Result<Caught, Failure> {
    c.ok_or_else(|| fail("no exception"))
}

/// The kernel root table, which must be the one `satp` points at.
pub fn kernel_root() -> Result<u64, Failure> {
    let root = kspace::kernel_root().ok_or_else(|| fail("no kernel root"))?;
    if kspace::current_root() != root {
        return Err(fail("satp is not on the kernel root"));
    }
    Ok(root)
}

/// One page mapped in the kernel half for a test, over a fresh zeroed
/// frame; unmapped and freed on drop. The frame is also reachable,
/// writable, at [`ScratchPage::alias`] (the direct map).
pub struct ScratchPage {
    /// The test's mapping.
    pub va: u64,
    /// The frame behind it.
    pub frame: PhysFrame,
}

impl ScratchPage {
    /// Maps `va` with `perm` over a new zeroed frame.
    pub fn new(va: u64, perm: KernelPerm) -> Result<Self, Failure> {
        let frame = kspace::frames().alloc().map_err(|_| fail("out of frames"))?;
        // SAFETY: the frame is ours; RAM is mapped read-write at its
        // direct-map address.
        unsafe { core::ptr::write_bytes(phys_to_virt(frame.addr()) as *mut u8, 0, 4096) };
        Self::over(va, frame, frame.addr(), perm)
    }

    /// Maps `va` with `perm` to the physical page `pa` (which may be no
    /// RAM at all); `frame` is what drop frees.
    fn over(va: u64, frame: PhysFrame, pa: u64, perm: KernelPerm) -> Result<Self, Failure> {
        let root = kernel_root()?;
        mmu::map_kernel(root, va, pa, mm::PAGE_SIZE, perm, kspace::frames())
            .map_err(|_| fail("out of frames for scratch tables"))?;
        Ok(Self { va, frame })
    }

    /// Maps `va` read-write to the physical address `pa`, which is not
    /// RAM (an unassigned bus address); a frame is held only so that drop
    /// has one to free.
    pub fn unbacked(va: u64, pa: u64) -> Result<Self, Failure> {
        let frame = kspace::frames().alloc().map_err(|_| fail("out of frames"))?;
        Self::over(va, frame, pa, KernelPerm::ReadWrite)
    }

    /// The frame's direct-map address (read-write, no-execute).
    pub fn alias(&self) -> u64 {
        phys_to_virt(self.frame.addr())
    }

    /// Writes `value` at byte `offset` of the page, through the alias.
    pub fn poke(&self, offset: u64, value: u64) {
        // SAFETY: the frame is ours and mapped read-write at the alias.
        unsafe { core::ptr::write_volatile((self.alias() + offset) as *mut u64, value) };
    }

    /// Reads the doubleword at byte `offset`, through the alias.
    pub fn peek(&self, offset: u64) -> u64 {
        // SAFETY: as for `poke`.
        unsafe { core::ptr::read_volatile((self.alias() + offset) as *const u64) }
    }

    /// Plants `ret` at the start of the page (through the alias) and makes
    /// the instruction fetches see it.
    pub fn plant_return(&self) {
        // SAFETY: as for `poke`.
        unsafe { core::ptr::write_volatile(self.alias() as *mut u32, crate::probe::RETURN_INSN) };
        tlb::fence_i();
    }

    /// The page's leaf entry in the kernel tables.
    pub fn leaf(&self) -> Result<Leaf, Failure> {
        Leaf::of(self.va)
    }
}

impl Drop for ScratchPage {
    fn drop(&mut self) {
        if let Ok(root) = kernel_root() {
            let _ = mmu::unmap_kernel_page(root, self.va, kspace::frames());
        }
        kspace::frames().free(self.frame);
    }
}

/// The level-0 entry mapping a kernel address, to read and rewrite as a
/// test needs (each write is followed by the fence the spec asks for).
pub struct Leaf {
    va: u64,
    slot: *mut u64,
}

impl Leaf {
    /// The leaf of `va` in the kernel tables (a 4 KiB page).
    pub fn of(va: u64) -> Result<Self, Failure> {
        let walk = mmu::describe_walk(kernel_root()?, va, &crate::boot::memory());
        let step = walk
            .steps
            .iter()
            .flatten()
            .find(|s| s.level == Level::L0)
            .ok_or_else(|| fail(alloc::format!("no level-0 entry for {va:#x}: {walk}")))?;
        let slot = phys_to_virt(step.table + step.index as u64 * 8) as *mut u64;
        Ok(Self { va, slot })
    }

    /// The entry that maps `va` in the kernel tables, at whatever level
    /// (`None` where nothing does).
    pub fn mapping(va: u64) -> Result<Option<Entry>, Failure> {
        let walk = mmu::describe_walk(kernel_root()?, va, &crate::boot::memory());
        Ok(walk
            .steps
            .iter()
            .flatten()
            .last()
            .map(|s| s.entry)
            .filter(|e| e.is_leaf()))
    }

    /// The entry now.
    pub fn get(&self) -> Entry {
        // SAFETY: `slot` is an entry of a kernel table, in RAM, reached
        // through the direct map.
        Entry(unsafe { core::ptr::read_volatile(self.slot) })
    }

    /// Writes the entry and fences the page, so the next access walks
    /// the tables again.
    pub fn set(&self, e: Entry) {
        self.set_unfenced(e);
        tlb::fence_page(self.va);
    }

    /// Writes the entry without a fence (for the measurements of what
    /// the hart keeps cached).
    pub fn set_unfenced(&self, e: Entry) {
        // SAFETY: as for `get`; the entry maps only a test's scratch page,
        // which nothing else uses.
        unsafe { core::ptr::write_volatile(self.slot, e.0) };
    }
}


/// The 32-bit instruction at `pc` (kernel text).
pub fn insn_at(pc: u64) -> u32 {
    // SAFETY: `pc` is a kernel instruction address (text is readable);
    // the instruction may be only 2-aligned, so two halfwords are read.
    unsafe {
        let lo = core::ptr::read_volatile(pc as *const u16) as u32;
        let hi = core::ptr::read_volatile((pc + 2) as *const u16) as u32;
        lo | hi << 16
    }
}
