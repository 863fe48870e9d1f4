//! Each page fault the fault path routes, provoked for real and checked
//! against docs/riscv64.md "Traps, observed": the exact `scause`, `stval`
//! (the faulting address itself, not its page), where `sepc` points, and
//! that the kernel carries on afterwards.

use kcore::{kassert, kassert_eq, ktest};

use super::{caught, fail, insn_at, ScratchPage, SCRATCH};
use crate::csr::{self, sstatus};
use crate::expect::{catch_exception, catch_exception_resume, Resume};
use crate::probe;
use crate::scause::{Cause, Exception};
use crate::sv39::Entry;
use crate::sv39_table::KernelPerm;

const LOAD_PF: Cause = Cause::Exception(Exception::LoadPageFault);
const STORE_PF: Cause = Cause::Exception(Exception::StorePageFault);
const FETCH_PF: Cause = Cause::Exception(Exception::InstructionPageFault);

/// The major opcodes of the base loads and stores, and `funct3` of the
/// doubleword ones (`ld`, `sd`), which the probes use.
const OP_LOAD: u32 = 0x03;
const OP_STORE: u32 = 0x23;
const FUNCT3_DOUBLE: u32 = 3;

fn is_insn(pc: u64, opcode: u32) -> bool {
    let i = insn_at(pc);
    i & 0x7f == opcode && (i >> 12) & 7 == FUNCT3_DOUBLE
}

/// `sstatus.SUM` as it is now.
fn sum_is_set() -> bool {
    csr::read_sstatus() & sstatus::SUM != 0
}

/// Runs `f` with `bits` set in `sstatus`, then clears them again.
fn with_sstatus<R>(bits: u64, f: impl FnOnce() -> R) -> R {
    // SAFETY: only SUM or MXR, around accesses to the tests' own kernel
    // scratch pages; both are cleared again before returning.
    unsafe { csr::set_sstatus(bits) };
    let r = f();
    // SAFETY: turning them off restores the kernel's normal state.
    unsafe { csr::clear_sstatus(bits) };
    r
}

ktest! {
    suite = "riscv64_faults";

    /// A load from an unmapped page: a load page fault, `stval` the exact
    /// address, `sepc` at the `ld`; the next load of a mapped page works.
    fn load_from_unmapped_page() {
        let p = ScratchPage::new(SCRATCH, KernelPerm::ReadWrite)?;
        let va = SCRATCH + 0x1000 + 0x18;
        // SAFETY: va is unmapped; the expectation catches the fault.
        let c = caught(catch_exception(|| unsafe { probe::load(va); }))?;
        kassert_eq!(c.syndrome.cause, LOAD_PF);
        kassert_eq!(c.syndrome.stval, va);
        kassert!(is_insn(c.pc, OP_LOAD), "sepc {:#x} is not the ld: {:#x}", c.pc, insn_at(c.pc));
        p.poke(0x18, 0x5eed);
        // SAFETY: mapped.
        kassert_eq!(unsafe { probe::load(p.va + 0x18) }, 0x5eed);
        Ok(())
    }

    /// A store to an unmapped page: a store/AMO page fault with the exact
    /// address, `sepc` at the `sd`.
    fn store_to_unmapped_page() {
        let _p = ScratchPage::new(SCRATCH, KernelPerm::ReadWrite)?;
        let va = SCRATCH + 0x1000 + 0x7f8;
        // SAFETY: unmapped, expectation armed.
        let c = caught(catch_exception(|| unsafe { probe::store(va, 1) }))?;
        kassert_eq!(c.syndrome.cause, STORE_PF);
        kassert_eq!(c.syndrome.stval, va);
        kassert!(is_insn(c.pc, OP_STORE), "sepc {:#x} is not the sd", c.pc);
        Ok(())
    }

    /// Fetching from an unmapped page: an instruction page fault with
    /// `sepc` and `stval` at the call's target; resumed at `ra`, the
    /// caller goes on.
    fn fetch_from_unmapped_page() {
        let _p = ScratchPage::new(SCRATCH, KernelPerm::ReadExecute)?;
        let target = SCRATCH + 0x2000;
        // SAFETY: the fetch faults; the expectation resumes at ra.
        let c = caught(catch_exception_resume(Resume::ReturnRa, || unsafe { probe::call(target) }))?;
        kassert_eq!(c.syndrome.cause, FETCH_PF);
        kassert_eq!(c.syndrome.stval, target);
        kassert_eq!(c.pc, target);
        Ok(())
    }

    /// A store to a read-only page: a store/AMO page fault; the store did
    /// not happen; loads still work.
    fn store_to_read_only_page() {
        let p = ScratchPage::new(SCRATCH, KernelPerm::ReadOnly)?;
        p.poke(0x10, 0x5eed);
        // SAFETY: read-only page; expectation armed.
        let c = caught(catch_exception(|| unsafe { probe::store(p.va + 0x10, 7) }))?;
        kassert_eq!(c.syndrome.cause, STORE_PF);
        kassert_eq!(c.syndrome.stval, p.va + 0x10);
        kassert_eq!(p.peek(0x10), 0x5eed);
        // SAFETY: mapped readable.
        kassert_eq!(unsafe { probe::load(p.va + 0x10) }, 0x5eed);
        Ok(())
    }

    /// A call into a non-executable (read-write) page holding a `ret`: an
    /// instruction page fault at the target.
    fn fetch_from_non_executable_page() {
        let p = ScratchPage::new(SCRATCH, KernelPerm::ReadWrite)?;
        p.plant_return();
        // SAFETY: the fetch faults; the expectation resumes at ra.
        let c = caught(catch_exception_resume(Resume::ReturnRa, || unsafe { probe::call(p.va) }))?;
        kassert_eq!(c.syndrome.cause, FETCH_PF);
        kassert_eq!(c.syndrome.stval, p.va);
        kassert_eq!(c.pc, p.va);
        Ok(())
    }

    /// The same `ret` on an executable page runs and returns.
    fn fetch_from_executable_page_runs() {
        let p = ScratchPage::new(SCRATCH, KernelPerm::ReadExecute)?;
        p.plant_return();
        // SAFETY: the page holds `ret`.
        let c = catch_exception_resume(Resume::ReturnRa, || unsafe { probe::call(p.va) });
        kassert!(c.is_none(), "unexpected {:?}", c.map(|c| c.syndrome));
        Ok(())
    }

    /// Addresses whose bits 63..39 are not all equal to bit 38 (beyond
    /// Sv39's range): a page fault of the access's kind, `stval` the whole
    /// 64-bit address.
    fn non_canonical_addresses_fault() {
        for va in [1u64 << 38, 0xffff_ff80_0000_0000, 0x8000_0000_0000_0000, 0x0000_0100_dead_0008] {
            // SAFETY: untranslatable; expectation armed.
            let c = caught(catch_exception(|| unsafe { probe::load(va); }))?;
            kassert_eq!(c.syndrome.cause, LOAD_PF);
            kassert_eq!(c.syndrome.stval, va);
            // SAFETY: as above.
            let c = caught(catch_exception(|| unsafe { probe::store(va, 0) }))?;
            kassert_eq!(c.syndrome.cause, STORE_PF);
            kassert_eq!(c.syndrome.stval, va);
        }
        let target = 0x0000_8000_0000_0000;
        // SAFETY: the fetch faults; resumed at ra.
        let c = caught(catch_exception_resume(Resume::ReturnRa, || unsafe { probe::call(target) }))?;
        kassert_eq!(c.syndrome.cause, FETCH_PF);
        kassert_eq!(c.syndrome.stval, target);
        Ok(())
    }

    /// A U page (here in the kernel half) is out of the kernel's reach
    /// without `sstatus.SUM`, which the kernel runs with clear: loads and
    /// stores fault. With SUM set the load and the store work; a fetch
    /// faults even then (S-mode never executes U pages).
    fn user_page_needs_sum() {
        kassert!(!sum_is_set(), "the kernel runs with SUM set");
        let p = ScratchPage::new(SCRATCH, KernelPerm::ReadExecute)?;
        p.plant_return();
        p.poke(8, 0x5eed);
        let leaf = p.leaf()?;
        let kernel_leaf = leaf.get();
        leaf.set(Entry(kernel_leaf.0 | Entry::U | Entry::W));
        // SAFETY: a U page without SUM; expectation armed.
        let c = caught(catch_exception(|| unsafe { probe::load(p.va + 8); }))?;
        kassert_eq!(c.syndrome.cause, LOAD_PF);
        kassert_eq!(c.syndrome.stval, p.va + 8);
        // SAFETY: as above.
        let c = caught(catch_exception(|| unsafe { probe::store(p.va + 16, 1) }))?;
        kassert_eq!(c.syndrome.cause, STORE_PF);
        kassert_eq!(c.syndrome.stval, p.va + 16);
        kassert_eq!(p.peek(16), 0);
        let (v, c) = with_sstatus(sstatus::SUM, || {
            let mut v = 0;
            // SAFETY: with SUM the U page is the kernel's to read and
            // write; a fault is caught.
            let c = catch_exception(|| unsafe {
                v = probe::load(p.va + 8);
                probe::store(p.va + 16, 2);
            });
            (v, c)
        });
        kassert!(c.is_none(), "with SUM: {:?}", c.map(|c| c.syndrome));
        kassert_eq!(v, 0x5eed);
        kassert_eq!(p.peek(16), 2);
        let c = with_sstatus(sstatus::SUM, || {
            // SAFETY: the fetch faults whatever SUM says; resumed at ra.
            catch_exception_resume(Resume::ReturnRa, || unsafe { probe::call(p.va) })
        });
        let c = caught(c)?;
        kassert_eq!(c.syndrome.cause, FETCH_PF);
        kassert_eq!(c.syndrome.stval, p.va);
        kassert!(!sum_is_set());
        leaf.set(kernel_leaf);
        Ok(())
    }

    /// An execute-only page: loads fault unless `sstatus.MXR` makes
    /// executable pages readable.
    fn execute_only_page_is_readable_with_mxr() {
        let p = ScratchPage::new(SCRATCH, KernelPerm::ReadExecute)?;
        p.poke(0, 0x5eed);
        let leaf = p.leaf()?;
        let kernel_leaf = leaf.get();
        leaf.set(Entry(kernel_leaf.0 & !Entry::R));
        // SAFETY: X without R, MXR clear; expectation armed.
        let c = caught(catch_exception(|| unsafe { probe::load(p.va); }))?;
        kassert_eq!(c.syndrome.cause, LOAD_PF);
        kassert_eq!(c.syndrome.stval, p.va);
        let mut v = 0;
        // SAFETY: with MXR the page is readable.
        let c = with_sstatus(sstatus::MXR, || catch_exception(|| unsafe { v = probe::load(p.va) }));
        kassert!(c.is_none(), "with MXR: {:?}", c.map(|c| c.syndrome));
        kassert_eq!(v, 0x5eed);
        leaf.set(kernel_leaf);
        Ok(())
    }

    /// W without R is a reserved encoding: loads and stores both fault.
    fn write_without_read_faults() {
        let p = ScratchPage::new(SCRATCH, KernelPerm::ReadWrite)?;
        let leaf = p.leaf()?;
        let kernel_leaf = leaf.get();
        leaf.set(Entry(kernel_leaf.0 & !Entry::R));
        // SAFETY: a reserved encoding; expectation armed.
        let c = caught(catch_exception(|| unsafe { probe::load(p.va); }))?;
        kassert_eq!(c.syndrome.cause, LOAD_PF);
        // SAFETY: as above.
        let c = caught(catch_exception(|| unsafe { probe::store(p.va, 1) }))?;
        kassert_eq!(c.syndrome.cause, STORE_PF);
        kassert_eq!(p.peek(0), 0);
        leaf.set(kernel_leaf);
        Ok(())
    }

    /// Each reserved bit 54..63 of a valid leaf makes the walk fault (a
    /// page fault of the access's kind, as for an invalid entry); the
    /// software walk names the bits.
    fn reserved_pte_bits_fault() {
        let p = ScratchPage::new(SCRATCH, KernelPerm::ReadWrite)?;
        let leaf = p.leaf()?;
        let sound = leaf.get();
        for bit in 54..64 {
            let bad = Entry(sound.0 | 1 << bit);
            leaf.set(bad);
            kassert_eq!(bad.reserved_bits(), 1 << bit);
            // SAFETY: the walk meets the bit; expectation armed.
            let c = catch_exception(|| unsafe { probe::load(p.va); });
            let c = c.ok_or_else(|| fail(alloc::format!("bit {bit}: no fault")))?;
            kassert_eq!(c.syndrome.cause, LOAD_PF);
            kassert_eq!(c.syndrome.stval, p.va);
        }
        leaf.set(sound);
        // SAFETY: sound again.
        kassert_eq!(unsafe { probe::load(p.va) }, 0);
        Ok(())
    }

    /// A trap the kernel did not expect leaves it working: after every
    /// kind above, the exception depth is back to zero.
    fn depth_returns_to_zero() {
        // SAFETY: unmapped; expectation armed.
        let c = catch_exception(|| unsafe { probe::load(crate::crash::WILD_POINTER); });
        kassert!(c.is_some());
        kassert_eq!(crate::traps::DEPTH.load(core::sync::atomic::Ordering::Relaxed), 0);
        Ok(())
    }
}
