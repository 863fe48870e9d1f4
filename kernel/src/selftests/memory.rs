//! Memory detection, the frame allocator and the heap.

use alloc::boxed::Box;
use alloc::collections::BTreeMap;
use alloc::vec::Vec;

use kcore::cmdline::{parse_size, Cmdline};
use kcore::{kassert, kassert_eq, kskip, ktest};

use arch::Arch;
use karch::Arch as _;

use crate::memory;

ktest! {
    suite = "mem";

    /// The detected RAM size equals the `-m` the harness booted with.
    fn detects_ram_size() {
        let cmdline = Cmdline::new(Arch::cmdline());
        let Some(expect) = cmdline.get("ktest.expect_mem") else {
            kskip!("no ktest.expect_mem= on the command line");
        };
        let Some(expect) = parse_size(expect) else {
            kskip!("ktest.expect_mem={expect} is not a size");
        };
        let ram = &memory::layout().ram;
        kassert_eq!(ram.end - ram.start, expect);
        Ok(())
    }

    /// Frames come back in the free count, never overlap the reserved low
    /// memory,
    /// the kernel image or the heap, and are real, writable RAM.
    fn frames_are_usable_and_returned() {
        let frames = memory::frames();
        let layout = memory::layout();
        let before = frames.free_count();
        let mut got = Vec::new();
        for _ in 0..256 {
            let f = frames.alloc().map_err(|_| kcore::ktest::Failure::Fail("out of frames".into()))?;
            let a = f.addr();
            let ram = &layout.ram;
            kassert!(a >= ram.start + Arch::RESERVED_LOW, "frame {:#x} in the reserved low memory", a);
            kassert!(!layout.kernel.contains(&a), "frame {:#x} in the kernel image", a);
            kassert!(!layout.heap.contains(&a), "frame {:#x} in the heap", a);
            if let Some(r) = &layout.initrd {
                kassert!(!r.contains(&a), "frame {:#x} in the initrd", a);
            }
            kassert!(a + mm::PAGE_SIZE <= ram.end, "frame {:#x} beyond RAM", a);
            // SAFETY: the frame is RAM we own until we free it, reached
            // through the kernel's linear map.
            unsafe { core::ptr::write_volatile(Arch::phys_to_virt(a) as *mut u64, a ^ 0x5a5a) };
            got.push(f);
        }
        for f in &got {
            // SAFETY: as above.
            let v = unsafe { core::ptr::read_volatile(Arch::phys_to_virt(f.addr()) as *const u64) };
            kassert_eq!(v, f.addr() ^ 0x5a5a);
        }
        kassert_eq!(frames.free_count(), before - 256);
        for f in got {
            frames.free(f);
        }
        kassert_eq!(frames.free_count(), before);
        Ok(())
    }

    /// Every frame of RAM outside the reserved low memory, the kernel and
    /// the heap is managed.
    fn allocator_covers_all_usable_memory() {
        let layout = memory::layout();
        let expect: u64 = layout.usable.iter().map(|r| (r.end - r.start) / mm::PAGE_SIZE).sum();
        kassert_eq!(memory::frames().total() as u64, expect);
        Ok(())
    }

    /// Vec, Box and BTreeMap work on the heap, and memory is returned.
    fn heap_collections() {
        let (used_before, _) = crate::heap::usage();
        {
            let v: Vec<u64> = (0..10_000).collect();
            kassert_eq!(v.iter().sum::<u64>(), 10_000 * 9_999 / 2);
            let b = Box::new([7u8; 4096]);
            kassert_eq!(b[4095], 7);
            let mut m = BTreeMap::new();
            for i in 0..1000u32 {
                m.insert(i.wrapping_mul(2_654_435_761), i);
            }
            kassert_eq!(m.len(), 1000);
        }
        kassert_eq!(crate::heap::usage().0, used_before);
        Ok(())
    }
}
