//! Each translation and protection exception the fault path routes,
//! provoked for real and checked against the observations in
//! docs/s390x.md "Program interruptions, observed": code, ILC, TEID fields, and where the old PSW points.

use kcore::{kassert, kassert_eq, kskip, ktest};

use super::{ScratchPage, SCRATCH};
use crate::dat::Prot;
use crate::expect::{catch_pgm, catch_pgm_resume, Caught, Resume};
use crate::facilities::{has, Facility};
use crate::pgm::PgmCode;
use crate::probe;
use crate::teid::{Access, Protection, Space};

fn caught(c: Option<Caught>) -> Result<Caught, kcore::ktest::Failure> {
    c.ok_or_else(|| kcore::ktest::Failure::Fail("no program interruption".into()))
}

ktest! {
    suite = "s390x_faults";

    /// A load from an unmapped page: 0x11, the page address, fetch, and
    /// the old PSW at the LG itself (nullifying).
    fn load_from_unmapped_page() {
        let _p = ScratchPage::new(SCRATCH, Prot::RW)?;
        let va = SCRATCH + 0x1000 + 0x18;
        // SAFETY: va is unmapped; the expectation catches the fault.
        let c = caught(catch_pgm(|| unsafe { probe::load(va); }))?;
        kassert_eq!(c.int.code(), PgmCode::PageTranslation);
        kassert_eq!(c.int.ilc(), probe::LOAD_STORE_ILC);
        let t = c.teid.unwrap();
        kassert_eq!(t.address(), SCRATCH + 0x1000);
        kassert_eq!(t.access(), Access::Fetch);
        kassert_eq!(t.space(), Space::Home);
        // Nullified: the PSW still points at the 6-byte LG (e3 .. 04).
        // SAFETY: kernel text is mapped readable.
        let op = unsafe { core::ptr::read_volatile(c.old_psw.addr as *const u8) };
        kassert_eq!(op, 0xe3);
        Ok(())
    }

    /// A store to an unmapped page carries the store indication.
    fn store_to_unmapped_page() {
        let _p = ScratchPage::new(SCRATCH, Prot::RW)?;
        // SAFETY: unmapped, expectation armed.
        let c = caught(catch_pgm(|| unsafe { probe::store(SCRATCH + 0x1008, 1) }))?;
        kassert_eq!(c.int.code(), PgmCode::PageTranslation);
        kassert_eq!(c.teid.unwrap().address(), SCRATCH + 0x1000);
        kassert_eq!(c.teid.unwrap().access(), Access::Store);
        Ok(())
    }

    /// Fetching an instruction from an unmapped page: 0x11 with the old
    /// PSW at the branch target.
    fn fetch_from_unmapped_page() {
        let _p = ScratchPage::new(SCRATCH, Prot::RX)?;
        let target = SCRATCH + 0x2000;
        // SAFETY: the fetch faults; the expectation resumes at %r14.
        let c = caught(catch_pgm_resume(Resume::ReturnR14, || unsafe { probe::call(target) }))?;
        kassert_eq!(c.int.code(), PgmCode::PageTranslation);
        kassert_eq!(c.old_psw.addr, target);
        kassert_eq!(c.teid.unwrap().address(), target);
        kassert_eq!(c.teid.unwrap().access(), Access::Fetch);
        Ok(())
    }

    /// An address whose segment entry is invalid: 0x10.
    fn invalid_segment() {
        let _p = ScratchPage::new(SCRATCH, Prot::RW)?;
        let va = SCRATCH + (5 << 20);
        // SAFETY: unmapped, expectation armed.
        let c = caught(catch_pgm(|| unsafe { probe::store(va, 0); }))?;
        kassert_eq!(c.int.code(), PgmCode::SegmentTranslation);
        kassert_eq!(c.teid.unwrap().address(), va);
        kassert_eq!(c.teid.unwrap().access(), Access::Store);
        Ok(())
    }

    /// An address whose region-third entry is invalid: 0x3b.
    fn invalid_region_third() {
        let va = SCRATCH + (7 << 31);
        // SAFETY: no table covers va; expectation armed.
        let c = caught(catch_pgm(|| unsafe { probe::load(va); }))?;
        kassert_eq!(c.int.code(), PgmCode::RegionThirdTranslation);
        kassert_eq!(c.teid.unwrap().address(), va);
        Ok(())
    }

    /// An address beyond the 4 TiB a region-third ASCE reaches: 0x38.
    fn beyond_asce_reach() {
        let va = 5u64 << 40;
        // SAFETY: untranslatable; expectation armed.
        let c = caught(catch_pgm(|| unsafe { probe::load(va); }))?;
        kassert_eq!(c.int.code(), PgmCode::AsceType);
        kassert_eq!(c.teid.unwrap().address(), va);
        Ok(())
    }

    /// A store to a DAT-protected page: 0x04 (suppressing: the PSW is past
    /// the STG), DAT protection kind, store indication.
    fn dat_protected_store() {
        let p = ScratchPage::new(SCRATCH, Prot::RO)?;
        // SAFETY: read-only page; expectation armed.
        let c = caught(catch_pgm(|| unsafe { probe::store(p.va + 0x10, 7) }))?;
        kassert_eq!(c.int.code(), PgmCode::Protection);
        let t = c.teid.unwrap();
        kassert_eq!(t.protection(), Protection::Dat);
        kassert_eq!(t.access(), Access::Store);
        kassert_eq!(t.address(), p.va);
        // Suppressed: rewinding by the ILC lands on the STG (e3 .. 24).
        let at = c.old_psw.addr - c.int.rewind();
        // SAFETY: kernel text is readable.
        kassert_eq!(unsafe { core::ptr::read_volatile(at as *const u8) }, 0xe3);
        // SAFETY: the page is mapped; the store did not happen.
        kassert_eq!(unsafe { probe::load(p.va + 0x10) }, 0);
        Ok(())
    }

    /// A store into lowcore bytes 0-511: 0x04 with the low-address kind.
    fn low_address_protected_store() {
        let addr = 0x100;
        // Store back what is there, so nothing changes even if LAP failed.
        // SAFETY: the lowcore is mapped; the value is unchanged.
        let old = unsafe { probe::load(addr) };
        // SAFETY: as above; the armed expectation catches the exception.
        let c = caught(catch_pgm(|| unsafe { probe::store(addr, old) }))?;
        kassert_eq!(c.int.code(), PgmCode::Protection);
        kassert_eq!(c.teid.unwrap().protection(), Protection::LowAddress);
        kassert_eq!(c.teid.unwrap().access(), Access::Store);
        Ok(())
    }

    /// A branch into a no-exec page: 0x04 with the IEP kind and a fetch.
    fn branch_into_no_exec_page() {
        if !has(Facility::InstructionExecutionProtection) {
            kskip!("facility 130 (IEP) not installed");
        }
        let p = ScratchPage::new(SCRATCH, Prot::RW)?;
        // SAFETY: the page is ours and mapped writable.
        unsafe { core::ptr::write_volatile(p.va as *mut u16, probe::RETURN_INSN) };
        // SAFETY: the fetch faults (IEP); the expectation resumes at %r14.
        let c = caught(catch_pgm_resume(Resume::ReturnR14, || unsafe { probe::call(p.va) }))?;
        kassert_eq!(c.int.code(), PgmCode::Protection);
        let t = c.teid.unwrap();
        kassert_eq!(t.protection(), Protection::Iep);
        kassert_eq!(t.access(), Access::Fetch);
        kassert_eq!(t.address(), p.va);
        Ok(())
    }

    /// The same code on an executable page runs.
    fn branch_into_exec_page_runs() {
        let p = ScratchPage::new(SCRATCH, Prot::RWX)?;
        // SAFETY: the page is ours and mapped writable.
        unsafe { core::ptr::write_volatile(p.va as *mut u16, probe::RETURN_INSN) };
        // SAFETY: the page holds BR %r14.
        let c = catch_pgm_resume(Resume::ReturnR14, || unsafe { probe::call(p.va) });
        kassert!(c.is_none(), "unexpected {:?}", c.map(|c| c.int));
        Ok(())
    }

    /// A PTE with reserved bit 52 set: translation-specification 0x12.
    fn reserved_pte_bit() {
        let p = ScratchPage::new(SCRATCH, Prot::RW)?;
        let bad = crate::dat::Pte(crate::dat::Pte::new(p.frame.addr(), Prot::RW).0 | crate::dat::Pte::RESERVED);
        crate::kspace::kernel_space().lock().set_pte(p.va, bad).unwrap();
        // SAFETY: the access faults; expectation armed.
        let c = caught(catch_pgm(|| unsafe { probe::load(p.va); }))?;
        kassert_eq!(c.int.code(), PgmCode::TranslationSpecification);
        Ok(())
    }
}
