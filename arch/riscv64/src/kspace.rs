//! The kernel's own address space: the upper half of every tree.
//!
//! [`init`] replaces the boot table of `_start` (1 GiB leaves, all RWX,
//! and an identity entry in the user half) with the kernel's tables:
//!
//! - the image W^X: text read-execute, read-only data read-only, data,
//!   BSS and stacks read-write (2 MiB leaves where a range allows, else
//!   4 KiB), and the guard page below each stack left unmapped, so an
//!   overflow faults instead of corrupting what lies below;
//! - the rest of RAM read-write, no-execute (1 GiB and 2 MiB leaves where
//!   alignment allows);
//! - the device pages the kernel uses (UART, test device, RTC) read-write;
//! - nothing in the lower half: it belongs to user space.
//!
//! Every user tree starts with a copy of this root's entries 256..511
//! (`mmu::set_kernel_root`), so the kernel stays mapped whatever tree
//! `satp` points at; the kernel half's tables below the root are shared
//! and never change after boot.

use core::ops::Range;
use core::sync::atomic::{AtomicU64, Ordering};

use mm::frame::FrameAllocator;

use crate::csr::{self, satp};
use crate::layout::{phys_to_virt, virt_to_phys, FIRMWARE_RESERVED};
use crate::mmu;
use crate::sv39_table::KernelPerm;

extern "C" {
    static __text_start: u8;
    static __text_end: u8;
    static __rodata_end: u8;
    static __kernel_end: u8;
    static __boot_stack_guard: u8;
    static __panic_stack_guard: u8;
}

/// The frame allocator the kernel tables came from.
static FRAMES: spin::Once<&'static FrameAllocator> = spin::Once::new();

/// The frame allocator (after [`init`]).
pub fn frames() -> &'static FrameAllocator {
    FRAMES.get().expect("kernel space used before init")
}

/// The kernel root table's physical address (0 before [`init`]).
static KERNEL_ROOT: AtomicU64 = AtomicU64::new(0);

fn sym(s: &u8) -> u64 {
    s as *const u8 as u64
}

const PAGE: u64 = mm::PAGE_SIZE;

/// Builds the kernel's tables over the physical RAM `ram` and the device
/// pages `devices` (physical page addresses), and switches to them.
pub fn init(frames: &'static FrameAllocator, ram: Range<u64>, devices: &[u64]) {
    FRAMES.call_once(|| frames);
    // SAFETY: only the addresses of linker symbols are taken.
    let (text, text_end, ro_end, end) = unsafe {
        (
            sym(&__text_start),
            sym(&__text_end),
            sym(&__rodata_end),
            sym(&__kernel_end),
        )
    };
    // SAFETY: as above.
    let guards = unsafe { [sym(&__boot_stack_guard), sym(&__panic_stack_guard)] };

    let root = frames.alloc().expect("no frame for the kernel root table").addr();
    mm::arch::Arch::zero_frame(&mmu::Riscv64Mmu, mm::frame::PhysFrame::containing(root));
    let map = |va: Range<u64>, perm: KernelPerm| {
        if va.start < va.end {
            mmu::map_kernel(root, va.start, virt_to_phys(va.start), va.end - va.start, perm, frames)
                .expect("no frames for the kernel page tables");
        }
    };
    let kernel = virt_to_phys(text)..virt_to_phys(end);
    // RAM below the image is the firmware's (PMP keeps S-mode out).
    map(phys_to_virt(ram.start + FIRMWARE_RESERVED)..text, KernelPerm::ReadWrite);
    map(text..text_end, KernelPerm::ReadExecute);
    map(text_end..ro_end, KernelPerm::ReadOnly);
    // Data up to the end of the image, skipping each guard page.
    let mut at = ro_end;
    for g in guards {
        map(at..g, KernelPerm::ReadWrite);
        at = g + PAGE;
    }
    map(at..end, KernelPerm::ReadWrite);
    map(phys_to_virt(kernel.end)..phys_to_virt(ram.end), KernelPerm::ReadWrite);
    for &pa in devices {
        let page = pa & !(PAGE - 1);
        map(phys_to_virt(page)..phys_to_virt(page) + PAGE, KernelPerm::ReadWrite);
    }
    mmu::set_kernel_root(root);
    KERNEL_ROOT.store(root, Ordering::Relaxed);
    set_root(None);
}

/// The kernel root table's physical address, once [`init`] ran.
pub fn kernel_root() -> Option<u64> {
    match KERNEL_ROOT.load(Ordering::Relaxed) {
        0 => None,
        r => Some(r),
    }
}

/// Translates through the user tree at physical address `user_root`, or
/// the kernel's own tables with `None`.
pub fn set_root(user_root: Option<u64>) {
    let root = user_root.unwrap_or_else(|| KERNEL_ROOT.load(Ordering::Relaxed));
    // SAFETY: every tree the kernel builds holds the kernel half
    // (the kernel root's entries, copied into each user root), so the
    // code, the stack and every kernel address stay mapped alike.
    unsafe { csr::write_satp(satp::MODE_SV39 | (root >> 12) & satp::PPN_MASK) };
}

/// The root table `satp` points at now.
pub fn current_root() -> u64 {
    (csr::read_satp() & satp::PPN_MASK) << 12
}
