//! The signal for a trap from U-mode that is not a page fault, as Linux
//! 6.1 maps it: its exception vector table (arch/riscv/kernel/entry.S,
//! indexed by the `scause` exception code, anything past the table going
//! to `do_trap_unknown`) and the handlers in arch/riscv/kernel/traps.c:
//!
//! | code | exception                       | signal  | `si_code`     |
//! |------|---------------------------------|---------|---------------|
//! | 0    | instruction address misaligned  | SIGBUS  | `BUS_ADRALN`  |
//! | 1    | instruction access fault        | SIGSEGV | `SEGV_ACCERR` |
//! | 2    | illegal instruction             | SIGILL  | `ILL_ILLOPC`  |
//! | 3    | breakpoint (`ebreak`)           | SIGTRAP | `TRAP_BRKPT`  |
//! | 4    | load address misaligned         | SIGBUS  | `BUS_ADRALN`  |
//! | 5    | load access fault               | SIGSEGV | `SEGV_ACCERR` |
//! | 6    | store/AMO address misaligned    | SIGBUS  | `BUS_ADRALN`  |
//! | 7    | store/AMO access fault          | SIGSEGV | `SEGV_ACCERR` |
//! | 8    | `ecall` from U-mode             | SIGILL  | `ILL_ILLTRP`  |
//! | 9    | `ecall` from S-mode             | SIGILL  | `ILL_ILLTRP`  |
//! | 11   | `ecall` from M-mode             | SIGILL  | `ILL_ILLTRP`  |
//! | 10, 14, 16 and up | reserved or unknown    | SIGILL  | `ILL_ILLTRP`  |
//! | 12, 13, 15 | instruction, load, store page fault | none here: the fault path's |
//! | interrupt | (`scause` bit 63)          | none: not an exception |
//!
//! `si_addr` is the pc of the trapping instruction (`sepc`) in every row,
//! the access faults and misaligned accesses included: Linux's
//! `DO_ERROR_INFO` passes `regs->epc`, not `stval`. The pc is left where
//! the trap put it, so a handler that returns runs the instruction again.
//!
//! Row 8 is the system-call path, which never asks this table; Linux's
//! table names `do_trap_ecall_u`, whose own body is the SIGILL above.
//! Rows 9 and 11 cannot come from U-mode. The page faults go to
//! `do_page_fault` in Linux and to the fault path (`mm`'s classification)
//! here; this table answers `None` for them, as for an interrupt.

use linux_abi::signal::{
    BUS_ADRALN, ILL_ILLOPC, ILL_ILLTRP, SEGV_ACCERR, SIGBUS, SIGILL, SIGSEGV, SIGTRAP, TRAP_BRKPT,
};
use linux_abi::Siginfo;

use crate::regs::{PtRegs, PC};
use crate::scause::{Cause, Exception};

/// Signal and `si_code` for a trap with this `scause` (the module table),
/// `None` for an interrupt or a page fault.
pub fn classify(scause: u64) -> Option<(i32, i32)> {
    use Exception::*;
    let e = match Cause::decode(scause) {
        Cause::Interrupt(_) => return None,
        // Reserved and custom codes, and `ecall` from M-mode.
        Cause::Unknown(_) => return Some((SIGILL, ILL_ILLTRP)),
        Cause::Exception(e) => e,
    };
    Some(match e {
        InstructionMisaligned | LoadMisaligned | StoreMisaligned => (SIGBUS, BUS_ADRALN),
        InstructionAccessFault | LoadAccessFault | StoreAccessFault => (SIGSEGV, SEGV_ACCERR),
        IllegalInstruction => (SIGILL, ILL_ILLOPC),
        Breakpoint => (SIGTRAP, TRAP_BRKPT),
        UserEcall | SupervisorEcall => (SIGILL, ILL_ILLTRP),
        InstructionPageFault | LoadPageFault | StorePageFault => return None,
    })
}

/// The signal Linux sends for the trap `regs` records (from U-mode, not a
/// page fault), with `si_addr` = the trapping pc.
pub fn exception_signal(regs: &PtRegs) -> Option<Siginfo> {
    let (signo, code) = classify(regs.scause)?;
    Some(Siginfo::fault(signo, code, regs.regs[PC]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use karch::TrapFrame;

    fn trap(scause: u64, pc: u64, stval: u64) -> PtRegs {
        let mut r = PtRegs::new_user(pc, 0x1000);
        r.scause = scause;
        r.stval = stval;
        r
    }

    #[test]
    fn every_row() {
        let rows: [(u64, Option<(i32, i32)>); 16] = [
            (0, Some((SIGBUS, BUS_ADRALN))),
            (1, Some((SIGSEGV, SEGV_ACCERR))),
            (2, Some((SIGILL, ILL_ILLOPC))),
            (3, Some((SIGTRAP, TRAP_BRKPT))),
            (4, Some((SIGBUS, BUS_ADRALN))),
            (5, Some((SIGSEGV, SEGV_ACCERR))),
            (6, Some((SIGBUS, BUS_ADRALN))),
            (7, Some((SIGSEGV, SEGV_ACCERR))),
            (8, Some((SIGILL, ILL_ILLTRP))),
            (9, Some((SIGILL, ILL_ILLTRP))),
            (10, Some((SIGILL, ILL_ILLTRP))),
            (11, Some((SIGILL, ILL_ILLTRP))),
            (12, None),
            (13, None),
            (14, Some((SIGILL, ILL_ILLTRP))),
            (15, None),
        ];
        for (code, want) in rows {
            assert_eq!(classify(code), want, "scause {code}");
        }
        // Past the table: do_trap_unknown.
        for code in [16, 18, 19, 24, 63] {
            assert_eq!(classify(code), Some((SIGILL, ILL_ILLTRP)), "scause {code}");
        }
    }

    #[test]
    fn interrupts_send_nothing() {
        for irq in [1, 5, 9] {
            assert_eq!(classify(crate::scause::INTERRUPT | irq), None);
        }
    }

    #[test]
    fn si_addr_is_the_pc_not_stval() {
        // A load access fault at pc 0x1_0040 on address 0x8000_0000.
        let s = exception_signal(&trap(5, 0x1_0040, 0x8000_0000)).unwrap();
        assert_eq!(
            (s.signo, s.code, s.addr()),
            (SIGSEGV, SEGV_ACCERR, 0x1_0040)
        );
        // An illegal instruction: stval holds its bits, not an address.
        let s = exception_signal(&trap(2, 0x2_0000, 0xffff_ffff)).unwrap();
        assert_eq!((s.signo, s.code, s.addr()), (SIGILL, ILL_ILLOPC, 0x2_0000));
        // A misaligned AMO.
        let s = exception_signal(&trap(6, 0x2_0004, 0x3001)).unwrap();
        assert_eq!((s.signo, s.code, s.addr()), (SIGBUS, BUS_ADRALN, 0x2_0004));
        let s = exception_signal(&trap(3, 0x2_0008, 0)).unwrap();
        assert_eq!((s.signo, s.code, s.addr()), (SIGTRAP, TRAP_BRKPT, 0x2_0008));
    }

    #[test]
    fn page_faults_are_not_this_tables() {
        for code in [12, 13, 15] {
            assert!(exception_signal(&trap(code, 0x1000, 0x10)).is_none());
        }
    }
}
