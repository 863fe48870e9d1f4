//! The kernel address space enforces what `kspace.rs` promises.

use kcore::{kassert_eq, kskip, ktest};

use crate::expect::{catch_pgm, catch_pgm_resume, Resume};
use crate::facilities::{has, Facility};
use crate::pgm::PgmCode;
use crate::probe;
use crate::teid::Protection;

extern "C" {
    static __boot_stack_guard: u8;
}

#[used]
static mut DATA_RETURN: u16 = probe::RETURN_INSN;

ktest! {
    suite = "s390x_kspace";

    /// Kernel text is DAT-protected.
    fn kernel_text_is_read_only() {
        let addr = kernel_text_is_read_only as *const () as u64 & !7;
        // SAFETY: text is mapped; the same value is stored back.
        let c = catch_pgm(|| unsafe { probe::store(addr, probe::load(addr)) });
        let c = c.ok_or_else(|| kcore::ktest::Failure::Fail("store to text succeeded".into()))?;
        kassert_eq!(c.int.code(), PgmCode::Protection);
        kassert_eq!(c.teid.unwrap().protection(), Protection::Dat);
        Ok(())
    }

    /// Kernel data is no-execute.
    fn kernel_data_is_no_exec() {
        if !has(Facility::InstructionExecutionProtection) {
            kskip!("facility 130 (IEP) not installed");
        }
        let addr = core::ptr::addr_of!(DATA_RETURN) as u64;
        // SAFETY: the fetch faults; the expectation resumes at %r14.
        let c = catch_pgm_resume(Resume::ReturnR14, || unsafe { probe::call(addr) });
        let c = c.ok_or_else(|| kcore::ktest::Failure::Fail("data executed".into()))?;
        kassert_eq!(c.int.code(), PgmCode::Protection);
        kassert_eq!(c.teid.unwrap().protection(), Protection::Iep);
        Ok(())
    }

    /// The guard page below the boot stack is unmapped.
    fn stack_guard_is_unmapped() {
        let guard = core::ptr::addr_of!(__boot_stack_guard) as u64;
        // SAFETY: the load faults; expectation armed.
        let c = catch_pgm(|| unsafe { probe::load(guard + 0x800); });
        let c = c.ok_or_else(|| kcore::ktest::Failure::Fail("guard page readable".into()))?;
        kassert_eq!(c.int.code(), PgmCode::PageTranslation);
        kassert_eq!(c.teid.unwrap().address(), guard);
        Ok(())
    }

    /// All of RAM is identity-mapped: the last page translates to itself.
    fn ram_is_identity_mapped() {
        let space = crate::kspace::kernel_space().lock();
        let ram = crate::sclp::memory_size().map_err(|e| kcore::ktest::Failure::Fail(alloc::format!("{e:?}")))?;
        for va in [0x2000, (ram / 2) & !0xfff, ram - 4096] {
            let pte = space.pte(va).ok_or_else(|| kcore::ktest::Failure::Fail(alloc::format!("no PTE for {va:#x}")))?;
            kassert_eq!(pte.frame(), va);
        }
        Ok(())
    }
}
