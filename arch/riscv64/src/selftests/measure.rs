//! What QEMU 7.2 (with its OpenSBI) does where the privileged spec
//! leaves a choice: which entries the hart caches, whether it updates A
//! and D itself, what `stval` holds for traps that are not page faults.
//! Each test logs what it measured (docs/riscv64.md "QEMU behaviours,
//! measured" records it) and asserts only what the kernel relies on, or
//! what the document states.

use kcore::{kassert, kassert_eq, ktest, pr_info};

use super::{caught, ScratchPage, SCRATCH};
use crate::csr::{self, sstatus};
use crate::expect::{arm, catch_exception, take, Resume};
use crate::probe;
use crate::scause::{Cause, Exception, Syndrome};
use crate::sv39::Entry;
use crate::sv39_table::KernelPerm;

const ROUNDS: usize = 200;

/// `csrr t0, mstatus`: an M-mode CSR, illegal in S-mode.
const CSRR_MSTATUS: u32 = 0x3000_22f3;
/// `fmv.x.d t0, ft0`: a D-extension instruction, illegal with `FS` off.
const FMV_X_D: u32 = 0xe200_02d3;

/// How many of `ROUNDS` loads saw the page although its leaf had just
/// been made invalid without a fence (`fence`: with one).
fn stale_valid_hits(p: &ScratchPage, fence: bool) -> usize {
    let leaf = p.leaf().expect("the scratch leaf");
    let sound = leaf.get();
    let mut stale = 0;
    for _ in 0..ROUNDS {
        leaf.set(sound);
        // SAFETY: mapped; this caches the translation.
        unsafe { probe::load(p.va) };
        if fence {
            leaf.set(Entry::EMPTY);
        } else {
            leaf.set_unfenced(Entry::EMPTY);
        }
        arm(Resume::Skip);
        // SAFETY: the load either hits a stale translation or faults with
        // the expectation armed.
        let v = unsafe { probe::load(p.va) };
        if take().is_none() && v == 0x5eed {
            stale += 1;
        }
    }
    leaf.set(sound);
    stale
}

/// How many of `ROUNDS` loads faulted although the leaf had just been
/// made valid without a fence, after a load had faulted on it invalid.
fn stale_invalid_hits(p: &ScratchPage) -> usize {
    let leaf = p.leaf().expect("the scratch leaf");
    let sound = leaf.get();
    let mut faults = 0;
    for _ in 0..ROUNDS {
        leaf.set(Entry::EMPTY);
        // SAFETY: invalid; expectation armed.
        let c = catch_exception(|| unsafe { probe::load(p.va); });
        assert!(c.is_some(), "a load through an invalid leaf did not fault");
        leaf.set_unfenced(sound);
        // SAFETY: valid now; a fault (a cached invalid entry) is caught.
        if catch_exception(|| unsafe { probe::load(p.va); }).is_some() {
            faults += 1;
        }
    }
    leaf.set(sound);
    faults
}

/// Executes the 32-bit instruction `insn` (planted in an executable
/// scratch page followed by `ret`), with `t0` clobbered, and returns the
/// exception it raised.
fn run_insn(insn: u32) -> Result<Option<crate::expect::Caught>, kcore::ktest::Failure> {
    let p = ScratchPage::new(SCRATCH, KernelPerm::ReadExecute)?;
    // SAFETY: the frame is ours, writable at its alias.
    unsafe {
        core::ptr::write_volatile(p.alias() as *mut u32, insn);
        core::ptr::write_volatile((p.alias() + 4) as *mut u32, probe::RETURN_INSN);
    }
    crate::tlb::fence_i();
    // SAFETY: the page holds `insn; ret`; t0 is caller-saved, so
    // `probe::call` lets it be clobbered; a trap on `insn` is stepped over.
    Ok(catch_exception(|| unsafe { probe::call(p.va) }))
}

ktest! {
    suite = "riscv64_measure";

    /// A valid leaf cleared without `sfence.vma` stays usable (QEMU's TLB
    /// keeps the translation, as the spec allows); with the fence the next
    /// load faults, every time (what `mmu.rs` relies on).
    fn cleared_leaf_needs_a_fence() {
        let p = ScratchPage::new(SCRATCH, KernelPerm::ReadWrite)?;
        p.poke(0, 0x5eed);
        let fenced = stale_valid_hits(&p, true);
        let unfenced = stale_valid_hits(&p, false);
        pr_info!("stale hits after clearing a leaf, in {ROUNDS}: unfenced {unfenced}, fenced {fenced}");
        kassert_eq!(fenced, 0);
        Ok(())
    }

    /// An invalid leaf is not cached: made valid without a fence, the
    /// next load works (QEMU caches only successful translations; the
    /// spec would allow the fault, so `mmu.rs` fences anyway).
    fn invalid_entries_are_not_cached() {
        let p = ScratchPage::new(SCRATCH, KernelPerm::ReadWrite)?;
        let faults = stale_invalid_hits(&p);
        pr_info!("faults through a just-validated unfenced leaf, in {ROUNDS}: {faults}");
        kassert_eq!(faults, 0);
        Ok(())
    }

    /// The hart sets A on the first access and D on the first store
    /// itself (no page fault): the hardware-update scheme.
    fn accessed_and_dirty_set_by_hardware() {
        let p = ScratchPage::new(SCRATCH, KernelPerm::ReadWrite)?;
        let leaf = p.leaf()?;
        let sound = leaf.get();
        leaf.set(Entry(sound.0 & !(Entry::A | Entry::D)));
        // SAFETY: mapped; a fault is caught.
        let c = catch_exception(|| unsafe { probe::load(p.va); });
        kassert!(c.is_none(), "load with A clear: {:?}", c.map(|c| c.syndrome));
        kassert!(leaf.get().has(Entry::A) && !leaf.get().has(Entry::D), "after a load: {:?}", leaf.get());
        // SAFETY: as above.
        let c = catch_exception(|| unsafe { probe::store(p.va, 1) });
        kassert!(c.is_none(), "store with D clear: {:?}", c.map(|c| c.syndrome));
        kassert!(leaf.get().has(Entry::A | Entry::D), "after a store: {:?}", leaf.get());
        leaf.set(sound);
        Ok(())
    }

    /// A valid pointer with D, A or U set (reserved in a pointer, for
    /// software to clear): QEMU 7.2 refuses it with a page fault, as the
    /// software walk (`Entry::defect`) says it would.
    fn pointer_with_reserved_dau() {
        let p = ScratchPage::new(SCRATCH, KernelPerm::ReadWrite)?;
        let root = super::kernel_root()?;
        let walk = crate::mmu::describe_walk(root, p.va, &crate::boot::memory());
        let step = walk.steps[1].ok_or_else(|| super::fail("no level-1 step"))?;
        let slot = crate::layout::phys_to_virt(step.table + step.index as u64 * 8) as *mut u64;
        let sound = step.entry;
        kassert!(sound.is_pointer());
        let mut outcome = alloc::vec::Vec::new();
        for (name, bit) in [("D", Entry::D), ("A", Entry::A), ("U", Entry::U)] {
            // SAFETY: the level-1 entry over the scratch gigabyte, which
            // only tests use; restored below.
            unsafe { core::ptr::write_volatile(slot, sound.0 | bit) };
            crate::tlb::fence_all();
            kassert!(Entry(sound.0 | bit).defect().is_some());
            // SAFETY: mapped below that pointer; a fault is caught.
            let c = catch_exception(|| unsafe { probe::load(p.va); });
            outcome.push((name, c.map(|c| c.syndrome)));
        }
        // SAFETY: as above: the entry as it was.
        unsafe { core::ptr::write_volatile(slot, sound.0) };
        crate::tlb::fence_all();
        pr_info!("pointer with reserved bits: {:?}", outcome);
        for (name, syndrome) in outcome {
            let want = Syndrome { cause: Cause::Exception(Exception::LoadPageFault), stval: p.va };
            kassert!(syndrome == Some(want), "{}: {:?}", name, syndrome);
        }
        // SAFETY: sound again.
        kassert_eq!(unsafe { probe::load(p.va) }, 0);
        Ok(())
    }

    /// An illegal instruction: `stval` holds its bits (OpenSBI, which
    /// takes the trap first, reads them and passes them on), and `sepc`
    /// the instruction. The all-zero instruction gives 0.
    fn illegal_instruction_stval_has_the_bits() {
        let c = caught(run_insn(CSRR_MSTATUS)?)?;
        kassert_eq!(c.syndrome.cause, Cause::Exception(Exception::IllegalInstruction));
        kassert_eq!(c.syndrome.stval, CSRR_MSTATUS as u64);
        kassert_eq!(c.pc, SCRATCH);
        let c = caught(catch_exception(probe::invalid_opcode))?;
        kassert_eq!(c.syndrome.cause, Cause::Exception(Exception::IllegalInstruction));
        kassert_eq!(c.syndrome.stval, 0);
        Ok(())
    }

    /// The kernel runs with `sstatus.FS` off, so a stray floating-point
    /// instruction is an illegal instruction.
    fn fp_instruction_traps_with_fs_off() {
        kassert_eq!(csr::read_sstatus() & sstatus::FS, 0);
        let c = caught(run_insn(FMV_X_D)?)?;
        kassert_eq!(c.syndrome.cause, Cause::Exception(Exception::IllegalInstruction));
        kassert_eq!(c.syndrome.stval, FMV_X_D as u64);
        Ok(())
    }

    /// `ebreak`: a breakpoint, `sepc` at it, `stval` 0 (the spec allows
    /// 0 or the address; QEMU 7.2 gives 0).
    fn ebreak_is_a_breakpoint() {
        /// `ebreak`.
        const EBREAK: u32 = 0x0010_0073;
        let c = caught(run_insn(EBREAK)?)?;
        kassert_eq!(c.syndrome.cause, Cause::Exception(Exception::Breakpoint));
        kassert_eq!(c.pc, SCRATCH);
        kassert_eq!(c.syndrome.stval, 0);
        Ok(())
    }

    /// A valid mapping of a physical address with no memory or device
    /// behind it: an access fault (not a page fault), `stval` the virtual
    /// address.
    fn unbacked_physical_address_is_an_access_fault() {
        /// 8 GiB: above RAM (at most 2 GiB + 512 MiB here) and below the
        /// virt machine's high PCIe window.
        const NOTHING: u64 = 0x2_0000_0000;
        let p = ScratchPage::unbacked(SCRATCH, NOTHING)?;
        // SAFETY: nothing answers there; expectation armed.
        let c = caught(catch_exception(|| unsafe { probe::load(p.va + 8); }))?;
        kassert_eq!(c.syndrome.cause, Cause::Exception(Exception::LoadAccessFault));
        kassert_eq!(c.syndrome.stval, p.va + 8);
        // SAFETY: as above.
        let c = caught(catch_exception(|| unsafe { probe::store(p.va + 16, 0) }))?;
        kassert_eq!(c.syndrome.cause, Cause::Exception(Exception::StoreAccessFault));
        kassert_eq!(c.syndrome.stval, p.va + 16);
        Ok(())
    }
}
