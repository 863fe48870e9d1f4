//! Address spaces own their tables; invalidation takes effect at once.

use kcore::{kassert, kassert_eq, ktest, pr_info};

use super::{ScratchPage, SCRATCH};
use crate::dat::{Prot, Pte, WalkStop};
use crate::expect::{arm, take, Resume};
use crate::kspace::frames;
use crate::space::AddressSpace;

/// IPTE for `va` in page table `pto`, then a load from `va` in the same
/// instruction sequence (so QEMU cannot end the translation block between
/// them). Returns the loaded value, or `sentinel` if the load faulted.
fn ipte_then_load(pto: u64, va: u64, local: bool, sentinel: u64) -> u64 {
    let mut v = sentinel;
    // SAFETY: pto is the page table holding va's PTE in the loaded kernel
    // space; the load either hits the old frame (the bug under test) or
    // faults with an expectation armed, which skips it.
    unsafe {
        if local {
            core::arch::asm!(".insn rrf,0xb2210000,{pto},{va},0,1", "lg {v},0({va})",
                pto = in(reg_addr) pto, va = in(reg_addr) va, v = inout(reg) v, options(nostack));
        } else {
            core::arch::asm!(".insn rrf,0xb2210000,{pto},{va},0,0", "lg {v},0({va})",
                pto = in(reg_addr) pto, va = in(reg_addr) va, v = inout(reg) v, options(nostack));
        }
    }
    v
}

fn stale_hits(local: bool, rounds: usize) -> Result<usize, kcore::ktest::Failure> {
    let p = ScratchPage::new(SCRATCH, Prot::RW)?;
    // SAFETY: our page, mapped writable.
    unsafe { core::ptr::write_volatile(p.va as *mut u64, 0x5eed) };
    let pto = crate::kspace::kernel_space()
        .lock()
        .walk(p.va)
        .ste
        .unwrap()
        .origin();
    let mut stale = 0;
    for _ in 0..rounds {
        crate::kspace::kernel_space()
            .lock()
            .map(p.va, p.frame.addr(), Prot::RW)
            .unwrap();
        // SAFETY: mapped; this fills the TLB entry.
        let warm = unsafe { crate::probe::load(p.va) };
        kassert_eq!(warm, 0x5eed);
        arm(Resume::Skip);
        let v = ipte_then_load(pto, p.va, local, 0);
        let faulted = take().is_some();
        if v == 0x5eed && !faulted {
            stale += 1;
        }
    }
    Ok(stale)
}

ktest! {
    suite = "s390x_dat";

    /// Regression test for the QEMU 7.2 IPTE quirk: with local clearing,
    /// the very next access after IPTE faults, every time.
    fn ipte_local_clearing_takes_effect_at_once() {
        let local = stale_hits(true, 1000)?;
        // For the record: how often a plain IPTE is still seen stale.
        let plain = stale_hits(false, 1000)?;
        pr_info!("IPTE stale hits in 1000 tries: local {local}, plain {plain}");
        kassert_eq!(local, 0);
        Ok(())
    }

    /// unmap() (the kernel's invalidation path) leaves no stale entry.
    fn unmap_invalidates() {
        let p = ScratchPage::new(SCRATCH, Prot::RW)?;
        for _ in 0..100 {
            crate::kspace::kernel_space().lock().map(p.va, p.frame.addr(), Prot::RW).unwrap();
            // SAFETY: mapped.
            unsafe { crate::probe::load(p.va) };
            crate::kspace::kernel_space().lock().unmap(p.va);
            // SAFETY: unmapped; expectation armed.
            let c = crate::expect::catch_pgm(|| unsafe { crate::probe::load(p.va); });
            kassert!(c.is_some(), "load after unmap did not fault");
        }
        Ok(())
    }

    /// Tables come from the frame allocator and all return on drop.
    fn dropping_a_space_frees_its_tables() {
        let before = frames().free_count();
        {
            let mut s = AddressSpace::new(frames()).unwrap();
            let f = frames().alloc().unwrap();
            let addrs = [0u64, 0x1000, 0x10_0000, 0x7fff_f000, 1 << 31, 3 << 40, (4 << 40) - 4096];
            for va in addrs {
                s.map(va, f.addr(), Prot::RW).unwrap();
                kassert_eq!(s.pte(va).map(|p| p.frame()), Some(f.addr()));
            }
            // A region-third table, segment tables for regions 0, 1, 1536
            // and 2047 (4 frames each), and 6 page tables.
            kassert_eq!(s.table_frames(), 4 + 4 * 4 + 6);
            kassert_eq!(frames().free_count(), before - s.table_frames() - 1);
            kassert_eq!(s.walk(2 << 31).stop(), Some(WalkStop::Region));
            kassert_eq!(s.walk(0x20_0000).stop(), Some(WalkStop::Segment));
            kassert_eq!(s.walk(0x2000).stop(), Some(WalkStop::Page));
            kassert_eq!(s.walk(4 << 40).stop(), Some(WalkStop::BeyondReach));
            kassert_eq!(s.unmap(0x1000).map(|p| p.frame()), Some(f.addr()));
            kassert_eq!(s.pte(0x1000), Some(Pte::EMPTY));
            frames().free(f);
        }
        kassert_eq!(frames().free_count(), before);
        Ok(())
    }

    /// A map that runs out of frames midway frees what it allocated: the
    /// segment table is had, the page table is not.
    fn failed_map_leaks_nothing() {
        let mut s = AddressSpace::new(frames()).unwrap();
        let mut held = alloc::vec::Vec::new();
        while let Ok(f) = frames().alloc() {
            held.push(f);
        }
        // Give back exactly one aligned run of 4: a segment table fits,
        // then nothing is left for the page table.
        held.sort();
        let run = held
            .windows(4)
            .position(|w| w[0].number() % 4 == 0 && w[3].number() == w[0].number() + 3);
        let Some(i) = run else {
            for f in held {
                frames().free(f);
            }
            kcore::kskip!("no aligned run of 4 free frames");
        };
        for f in held.drain(i..i + 4) {
            frames().free(f);
        }
        let before = frames().free_count();
        let r = s.map(1 << 35, 0, Prot::RW);
        let after = frames().free_count();
        for f in held {
            frames().free(f);
        }
        kassert!(r.is_err(), "map succeeded without frames");
        kassert_eq!(before, 4);
        kassert_eq!(after, before);
        Ok(())
    }

    /// A user space grows from a region-third to a region-first table on
    /// demand: pages at 4 TiB (region-second), 8 PiB and two pages below
    /// 2^64 (region-first) are written and read back with
    /// copy_to_user/copy_from_user, which fault them in through the fault
    /// handler with CR1 following the grown root; the walk sees every
    /// level; fork's child reaches as far; and every frame comes back when
    /// the spaces go.
    fn user_space_grows_to_region_first() {
        use alloc::sync::Arc;
        use mm::{Backing, Memory, Placement, VmaFlags};
        use crate::dat::{RegionLevel, TASK_SIZE};
        use crate::fault::UserMm;
        use crate::kspace::user_asce;
        use crate::uaccess::{copy_from_user, copy_to_user};

        let count = || frames().free_count() + frames().quarantined();
        let before = count();
        let previous = crate::current_mm::current_mm();
        {
            let mem = Memory::new(crate::mmu::S390xMmu, frames()).unwrap();
            let mm = Arc::new(UserMm::new(mem.clone()).unwrap());
            crate::current_mm::switch_mm(Some(mm.clone()));
            kassert_eq!(user_asce().level(), Some(RegionLevel::Third));
            // 2^64 - 2 pages: the last mappable page.
            let top = TASK_SIZE - 4096;
            let pages = [
                (1u64 << 42, RegionLevel::Second),
                (1u64 << 53, RegionLevel::First),
                (top, RegionLevel::First),
            ];
            for (va, level) in pages {
                let r = mm.mmap(Placement::Fixed(va), 4096, VmaFlags::rw(), Backing::Anon);
                kassert_eq!(r, Ok(va));
                kassert_eq!(user_asce().level(), Some(level));
                kassert_eq!(copy_to_user(va + 8, &va.to_be_bytes()), Ok(()));
            }
            for (va, _) in pages {
                let mut b = [0u8; 8];
                kassert_eq!(copy_from_user(&mut b, va + 8), Ok(()));
                kassert_eq!(u64::from_be_bytes(b), va);
                kassert_eq!(crate::space::walk(user_asce(), va).stop(), None);
            }
            // Unmapped: an invalid region-first entry (0x39), an invalid
            // region-second entry under a valid one (0x3a).
            let w = crate::space::walk(user_asce(), 1 << 60);
            kassert_eq!(w.stop(), Some(WalkStop::RegionFirst));
            let w = crate::space::walk(user_asce(), (1 << 53) + (1 << 42));
            kassert_eq!(w.stop(), Some(WalkStop::RegionSecond));
            // The last page stays unmappable, as on Linux.
            let last = mm.mmap(Placement::Fixed(TASK_SIZE), 4096, VmaFlags::rw(), Backing::Anon);
            kassert!(last.is_err());
            let child = mm.fork().unwrap();
            kassert_eq!(child.reach_now(), TASK_SIZE);
            kassert_eq!(crate::mmu::root_asce(child.root().0).level(), Some(RegionLevel::First));
            drop(child);
            crate::current_mm::switch_mm(previous);
            drop(mm);
            drop(mem);
        }
        kassert_eq!(count(), before);
        Ok(())
    }
}
