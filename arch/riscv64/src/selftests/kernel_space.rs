//! The kernel address space enforces what `kspace.rs` promises: W^X
//! image, guard pages, RAM read-write and no-execute, firmware memory
//! and the lower half unmapped.

use kcore::{kassert, kassert_eq, ktest};
use mm::arch::Arch as _;

use super::{caught, fail, kernel_root, Leaf};
use crate::expect::{catch_exception, catch_exception_resume, Resume};
use crate::layout::{phys_to_virt, virt_to_phys, FIRMWARE_RESERVED, KERNEL_PHYS_BASE};
use crate::mmu::{self, Riscv64Mmu};
use crate::probe;
use crate::scause::{Cause, Exception};
use crate::sv39::{Entry, ENTRIES, KERNEL_ROOT_FIRST};
use crate::sv39_table::WalkEnd;

extern "C" {
    static __text_start: u8;
    static __text_end: u8;
    static __rodata_end: u8;
    static __kernel_end: u8;
    static __boot_stack_guard: u8;
    static __boot_stack_low: u8;
    static __panic_stack_guard: u8;
    static __panic_stack_low: u8;
}

/// A `ret` in writable data, which must not be executable.
#[used]
static mut DATA_RETURN: u32 = probe::RETURN_INSN;

/// A constant in read-only data.
#[used]
static RODATA_WORD: u64 = 0x0123_4567_89ab_cdef;

fn addr(s: &u8) -> u64 {
    s as *const u8 as u64
}

/// The kernel root's entry `i`.
fn root_entry(root: u64, i: usize) -> Entry {
    // SAFETY: the kernel root is a table frame in RAM, read through the
    // direct map.
    Entry(unsafe { core::ptr::read_volatile((phys_to_virt(root) + i as u64 * 8) as *const u64) })
}

/// The leaf translating `va` in the kernel tables: its entry and the
/// physical address.
fn translate(va: u64) -> Result<(Entry, u64), kcore::ktest::Failure> {
    let walk = mmu::describe_walk(kernel_root()?, va, &crate::boot::memory());
    match walk.end {
        WalkEnd::Leaf { level, pa } => Ok((walk.steps[2 - level.number()].unwrap().entry, pa)),
        _ => Err(fail(alloc::format!("{va:#x} does not translate: {walk}"))),
    }
}

ktest! {
    suite = "riscv64_kspace";

    /// The image sits at its link address, loaded at 0x8020_0000.
    fn image_at_its_load_address() {
        // SAFETY: only the symbol's address is taken.
        let text = addr(unsafe { &__text_start });
        kassert_eq!(virt_to_phys(text), KERNEL_PHYS_BASE);
        kassert_eq!(translate(text)?.1, KERNEL_PHYS_BASE);
        Ok(())
    }

    /// Kernel text is read-execute: a store faults, and changes nothing.
    fn text_is_read_only() {
        let at = text_is_read_only as *const () as u64 & !7;
        let (e, _) = translate(at)?;
        kassert!(e.has(Entry::R | Entry::X | Entry::G) && !e.has(Entry::W), "{:?}", e);
        // SAFETY: text is mapped; the same value would be stored back.
        let c = caught(catch_exception(|| unsafe { probe::store(at, probe::load(at)) }))?;
        kassert_eq!(c.syndrome.cause, Cause::Exception(Exception::StorePageFault));
        kassert_eq!(c.syndrome.stval, at);
        Ok(())
    }

    /// Read-only data is read-only and not executable.
    fn rodata_is_read_only() {
        let at = core::ptr::addr_of!(RODATA_WORD) as u64;
        // SAFETY: only the symbols' addresses are taken.
        let (lo, hi) = unsafe { (addr(&__text_end), addr(&__rodata_end)) };
        kassert!((lo..hi).contains(&at), "{:#x} not in .rodata {:#x}..{:#x}", at, lo, hi);
        let (e, _) = translate(at)?;
        kassert!(e.has(Entry::R) && !e.has(Entry::W) && !e.has(Entry::X), "{:?}", e);
        // SAFETY: read-only; expectation armed.
        let c = caught(catch_exception(|| unsafe { probe::store(at, 0) }))?;
        kassert_eq!(c.syndrome.cause, Cause::Exception(Exception::StorePageFault));
        kassert_eq!(c.syndrome.stval, at);
        kassert_eq!(core::hint::black_box(&RODATA_WORD), &0x0123_4567_89ab_cdef);
        Ok(())
    }

    /// Writable data is not executable: a call into a `ret` there faults
    /// on the fetch.
    fn data_is_no_exec() {
        let at = core::ptr::addr_of!(DATA_RETURN) as u64;
        // SAFETY: only the symbols' addresses are taken.
        let (lo, hi) = unsafe { (addr(&__rodata_end), addr(&__kernel_end)) };
        kassert!((lo..hi).contains(&at), "{:#x} not in data {:#x}..{:#x}", at, lo, hi);
        let (e, _) = translate(at)?;
        kassert!(e.has(Entry::R | Entry::W) && !e.has(Entry::X), "{:?}", e);
        // SAFETY: the fetch faults; the expectation resumes at ra.
        let c = caught(catch_exception_resume(Resume::ReturnRa, || unsafe { probe::call(at) }))?;
        kassert_eq!(c.syndrome.cause, Cause::Exception(Exception::InstructionPageFault));
        kassert_eq!(c.syndrome.stval, at);
        Ok(())
    }

    /// The guard pages below the boot and emergency stacks are unmapped;
    /// the stacks above them are mapped.
    fn stack_guards_are_unmapped() {
        // SAFETY: only the symbols' addresses are taken.
        let stacks = unsafe {
            [(addr(&__boot_stack_guard), addr(&__boot_stack_low)), (addr(&__panic_stack_guard), addr(&__panic_stack_low))]
        };
        for (guard, low) in stacks {
            kassert_eq!(low, guard + mm::PAGE_SIZE);
            // SAFETY: the load faults; expectation armed.
            let c = caught(catch_exception(|| unsafe { probe::load(guard + 0x800); }))?;
            kassert_eq!(c.syndrome.cause, Cause::Exception(Exception::LoadPageFault));
            kassert_eq!(c.syndrome.stval, guard + 0x800);
            let (e, _) = translate(low)?;
            kassert!(e.has(Entry::R | Entry::W) && !e.has(Entry::X), "{:?}", e);
        }
        Ok(())
    }

    /// The kernel root maps nothing in the lower half: it is user space.
    fn lower_half_is_empty() {
        let root = kernel_root()?;
        for i in 0..KERNEL_ROOT_FIRST {
            kassert_eq!(root_entry(root, i), Entry::EMPTY);
        }
        // SAFETY: the kernel has no user address; expectation armed.
        let c = caught(catch_exception(|| unsafe { probe::load(0x1000); }))?;
        kassert_eq!(c.syndrome.cause, Cause::Exception(Exception::LoadPageFault));
        kassert_eq!(c.syndrome.stval, 0x1000);
        Ok(())
    }

    /// RAM from the kernel image to its end is in the direct map,
    /// read-write, not executable, global; the firmware's 2 MiB below the
    /// kernel are not mapped at all.
    fn ram_is_direct_mapped() {
        let ram = crate::boot::memory();
        // SAFETY: only the symbol's address is taken.
        let end = virt_to_phys(addr(unsafe { &__kernel_end }));
        for pa in [end, ((ram.start + ram.end) / 2) & !0xfff, ram.end - mm::PAGE_SIZE] {
            let (e, to) = translate(phys_to_virt(pa))?;
            kassert_eq!(to, pa);
            kassert!(e.has(Entry::R | Entry::W | Entry::G | Entry::A | Entry::D) && !e.has(Entry::X | Entry::U), "{:?}", e);
        }
        for pa in [ram.start, ram.start + FIRMWARE_RESERVED - mm::PAGE_SIZE] {
            kassert!(translate(phys_to_virt(pa)).is_err(), "firmware page {:#x} mapped", pa);
        }
        let va = phys_to_virt(ram.start);
        // SAFETY: unmapped; expectation armed.
        let c = caught(catch_exception(|| unsafe { probe::load(va); }))?;
        kassert_eq!(c.syndrome.cause, Cause::Exception(Exception::LoadPageFault));
        Ok(())
    }

    /// A new user root holds the kernel root's entries 256..511 and
    /// nothing below; destroying it frees only its own frame.
    fn user_roots_share_the_kernel_half() {
        let frames = crate::kspace::frames();
        let before = frames.free_count();
        let kroot = kernel_root()?;
        let root = Riscv64Mmu.create_root(frames).map_err(|_| fail("out of frames"))?;
        for i in 0..ENTRIES {
            let want = if i < KERNEL_ROOT_FIRST { Entry::EMPTY } else { root_entry(kroot, i) };
            kassert_eq!(root_entry(root.0, i), want);
        }
        kassert_eq!(Riscv64Mmu.table_frames(root), 1);
        Riscv64Mmu.destroy(root, frames);
        kassert_eq!(frames.free_count(), before);
        Ok(())
    }

    /// Every page of the image is mapped W^X (text and read-only data by
    /// 4 KiB leaves, the data also by 2 MiB ones where aligned), global
    /// with A and D preset (so the hardware never writes a kernel entry);
    /// only the two guard pages are unmapped.
    fn image_leaves_are_global_accessed_dirty() {
        // SAFETY: only the symbols' addresses are taken.
        let (start, end) = unsafe { (addr(&__text_start), addr(&__kernel_end)) };
        let mut va = start;
        let mut mapped = 0;
        while va < end {
            if let Some(e) = Leaf::mapping(va)? {
                kassert!(e.has(Entry::G | Entry::A | Entry::D) && !e.has(Entry::U), "{:#x}: {:?}", va, e);
                kassert!(!e.has(Entry::W | Entry::X), "{:#x} writable and executable: {:?}", va, e);
                mapped += 1;
            }
            va += mm::PAGE_SIZE;
        }
        // Everything but the two guard pages.
        kassert_eq!(mapped, (end - start) / mm::PAGE_SIZE - 2);
        Ok(())
    }
}
