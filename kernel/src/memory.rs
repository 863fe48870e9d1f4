//! Physical memory at boot: detect the size, carve out the heap, and give
//! every other usable frame to the frame allocator.
//!
//! ```text
//! RAM start ..
//!   + RESERVED_LOW       kept by the architecture (`karch::Arch::RESERVED_LOW`)
//! .. kernel start        free frames
//! kernel image           text, data, BSS, stacks
//! kernel end .. initrd   free frames (when QEMU loaded an -initrd)
//! initrd                 the initial RAM disk, kept for the first task
//! .. +heap               kernel heap, after the kernel and the initrd
//! heap end .. RAM end    free frames
//! ```
//!
//! Addresses here are physical; the kernel reaches them through the
//! architecture's linear map (`karch::Arch::phys_to_virt`).

use core::ops::Range;

use kcore::pr_info;
use mm::frame::FrameAllocator;
use spin::Once;

use arch::Arch;
use karch::Arch as _;

use crate::heap;

static FRAMES: Once<FrameAllocator> = Once::new();
static LAYOUT: Once<Layout> = Once::new();

/// What [`init`] decided.
#[derive(Debug, Clone)]
pub struct Layout {
    /// Detected RAM: its physical address range.
    pub ram: Range<u64>,
    /// The kernel image.
    pub kernel: Range<u64>,
    /// The heap.
    pub heap: Range<u64>,
    /// The initial RAM disk QEMU loaded, if any.
    pub initrd: Option<Range<u64>>,
    /// Ranges handed to the frame allocator.
    pub usable: [Range<u64>; 3],
}

const MIB: u64 = 1 << 20;

/// Heap size: an eighth of RAM, between 4 and 64 MiB. The frame
/// allocator's bitmaps and reference counts live on the heap (5 bytes per
/// 4 KiB frame), so this scales with RAM.
fn heap_size(ram: u64) -> u64 {
    (ram / 8).clamp(4 * MIB, 64 * MIB)
}

/// Detects memory and sets up the heap and the frame allocator.
pub fn init() {
    let ram = match Arch::memory() {
        Ok(ram) => ram,
        Err(e) => panic!("cannot detect the memory size: {e}"),
    };
    let kernel = Arch::kernel_image();
    let initrd = Arch::initrd();
    let reserved_end = initrd
        .as_ref()
        .map_or(kernel.end, |r| r.end.max(kernel.end));
    let heap_start = reserved_end.next_multiple_of(mm::PAGE_SIZE);
    let size = ram.end - ram.start;
    let heap = heap_start..heap_start + heap_size(size);
    assert!(
        heap.end < ram.end,
        "{} MiB of RAM is too small: the kernel and its heap need {} MiB",
        size / MIB,
        (heap.end - ram.start).div_ceil(MIB)
    );
    // SAFETY: the heap range lies above the kernel image and inside RAM,
    // and is excluded from the frame allocator below.
    unsafe { heap::init(Arch::phys_to_virt(heap.start), heap.end - heap.start) };
    let below_initrd = match &initrd {
        Some(r) if r.start >= kernel.end => kernel.end..r.start,
        _ => 0..0,
    };
    let usable = [
        ram.start + Arch::RESERVED_LOW..kernel.start,
        below_initrd,
        heap.end..ram.end,
    ];
    FRAMES.call_once(|| FrameAllocator::new(&usable));
    pr_info!(
        "memory: {} MiB, kernel {:#x}..{:#x}, heap {} MiB, {} free frames",
        size / MIB,
        kernel.start,
        kernel.end,
        (heap.end - heap.start) / MIB,
        frames().free_count()
    );
    if let Some(r) = &initrd {
        pr_info!(
            "initrd: {:#x}..{:#x} ({} KiB)",
            r.start,
            r.end,
            (r.end - r.start) / 1024
        );
    }
    LAYOUT.call_once(|| Layout {
        ram,
        kernel,
        heap,
        initrd,
        usable,
    });
}

/// The physical frame allocator.
pub fn frames() -> &'static FrameAllocator {
    FRAMES
        .get()
        .expect("frame allocator used before memory::init")
}

/// The boot memory layout.
pub fn layout() -> &'static Layout {
    LAYOUT
        .get()
        .expect("memory layout used before memory::init")
}
