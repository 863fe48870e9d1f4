//! The signal for a program check from problem state that is not a page
//! fault, as Linux 6.1 maps it (its program-check table and
//! `arch/s390/kernel/traps.c`), code by code:
//!
//! | code | exception                    | signal  | `si_code`      |
//! |------|------------------------------|---------|----------------|
//! | 0x01 | operation                    | SIGILL  | `ILL_ILLOPC`   |
//! | 0x02 | privileged operation         | SIGILL  | `ILL_PRVOPC`   |
//! | 0x03 | execute                      | SIGILL  | `ILL_ILLOPN`   |
//! | 0x05 | addressing                   | SIGILL  | `ILL_ILLADR`   |
//! | 0x06 | specification                | SIGILL  | `ILL_ILLOPN`   |
//! | 0x07 | data                         | by the DXC, below           |
//! | 0x08, 0x0a | fixed-point, decimal overflow | SIGFPE | `FPE_INTOVF` |
//! | 0x09, 0x0b | fixed-point, decimal divide   | SIGFPE | `FPE_INTDIV` |
//! | 0x0c | HFP exponent overflow        | SIGFPE  | `FPE_FLTOVF`   |
//! | 0x0d | HFP exponent underflow       | SIGFPE  | `FPE_FLTUND`   |
//! | 0x0e | HFP significance             | SIGFPE  | `FPE_FLTRES`   |
//! | 0x0f | HFP divide                   | SIGFPE  | `FPE_FLTDIV`   |
//! | 0x13 | special operation            | SIGILL  | `ILL_ILLOPN`   |
//! | 0x15 | operand                      | SIGILL  | `ILL_ILLOPN`   |
//! | 0x18 | transaction constraint       | SIGILL  | `ILL_ILLOPN`   |
//! | 0x1b | vector processing            | SIGFPE  | by the VIC     |
//! | 0x1c | space-switch event           | SIGILL  | `ILL_PRVOPC`   |
//! | 0x1d | HFP square root              | SIGFPE  | `FPE_FLTINV`   |
//! | 0x40 | monitor event                | none: a user's is ignored   |
//! | 0x80 | PER event                    | none without a tracer       |
//! | else | (no user can cause these)    | SIGSEGV | `SI_KERNEL`    |
//!
//! A data exception is SIGFPE when the FPC holds a DXC (the machine puts
//! it there), with the IEEE reason when it names one and 0 otherwise (e.g.
//! compare-and-trap's 0xff); without one it is SIGILL `ILL_ILLOPN`.
//!
//! The PSW stays where the machine left it (past a suppressed or completed
//! instruction), and `si_addr` is that address minus the instruction
//! length: the instruction itself, as Linux's `get_trap_ip` reports it.

use linux_abi::signal::{
    FPE_FLTDIV, FPE_FLTINV, FPE_FLTOVF, FPE_FLTRES, FPE_FLTUND, FPE_INTDIV, FPE_INTOVF, ILL_ILLADR,
    ILL_ILLOPC, ILL_ILLOPN, ILL_PRVOPC, SIGFPE, SIGILL, SIGSEGV, SI_KERNEL,
};
#[cfg(target_arch = "s390x")]
use linux_abi::Siginfo;

#[cfg(target_arch = "s390x")]
use crate::entry::PtRegs;
use crate::pgm::PgmCode;

/// The data-exception code's byte in the FPC (bits 16-23).
const FPC_DXC_MASK: u32 = 0x0000_ff00;
/// DXC bits 6-7: zero for an IEEE exception (PoP "Data-Exception Code").
const DXC_NOT_IEEE: u32 = 0x0000_0300;
/// The IEEE exception a DXC names, in Linux's order of precedence.
const DXC_IEEE: [(u32, i32); 5] = [
    (0x8000, FPE_FLTINV),
    (0x4000, FPE_FLTDIV),
    (0x2000, FPE_FLTOVF),
    (0x1000, FPE_FLTUND),
    (0x0800, FPE_FLTRES),
];
/// The vector-interruption code (VIC) in the FPC's DXC byte, and the
/// `si_code` for VIC 1-5 (invalid, divide, overflow, underflow, inexact).
const FPC_VIC_MASK: u32 = 0x0000_0f00;
const VIC_CODES: [i32; 5] = [FPE_FLTINV, FPE_FLTDIV, FPE_FLTOVF, FPE_FLTUND, FPE_FLTRES];

/// The signal for the program check in `regs`, or `None` when Linux sends
/// none (a monitor event or PER event from a user nobody traces).
#[cfg(target_arch = "s390x")]
pub fn exception_signal(regs: &PtRegs) -> Option<Siginfo> {
    let int = regs.program_interruption();
    let (signo, code) = classify(
        int.code(),
        crate::user_state::current_fpc,
        crate::user_state::has_vector(),
    )?;
    Some(Siginfo::fault(
        signo,
        code,
        trap_address(regs.psw.addr, int.ilc() as u64),
    ))
}

/// The address of the instruction that caused the check: the PSW less the
/// instruction length the ILC gives, whatever the exception's ending (a
/// transaction abort would need the TDB's address; no machine this kernel
/// runs on has transactional execution).
pub const fn trap_address(psw_addr: u64, rewind: u64) -> u64 {
    psw_addr.wrapping_sub(rewind)
}

/// Signal and `si_code` for `code` (see the module table); `fpc` reads the
/// task's FPC (asked only for data and vector exceptions), `vector` says
/// whether tasks have vector registers.
pub fn classify(code: PgmCode, fpc: impl FnOnce() -> u32, vector: bool) -> Option<(i32, i32)> {
    use PgmCode::*;
    Some(match code {
        Operation => (SIGILL, ILL_ILLOPC),
        PrivilegedOperation | SpaceSwitch => (SIGILL, ILL_PRVOPC),
        Execute | Specification | SpecialOperation | Operand | TransactionConstraint => {
            (SIGILL, ILL_ILLOPN)
        }
        Addressing => (SIGILL, ILL_ILLADR),
        Data => data_exception(fpc()),
        FixedPointOverflow | DecimalOverflow => (SIGFPE, FPE_INTOVF),
        FixedPointDivide | DecimalDivide => (SIGFPE, FPE_INTDIV),
        HfpExponentOverflow => (SIGFPE, FPE_FLTOVF),
        HfpExponentUnderflow => (SIGFPE, FPE_FLTUND),
        HfpSignificance => (SIGFPE, FPE_FLTRES),
        HfpDivide => (SIGFPE, FPE_FLTDIV),
        HfpSquareRoot => (SIGFPE, FPE_FLTINV),
        VectorProcessing if vector => (SIGFPE, vector_code(fpc())),
        VectorProcessing => (SIGILL, ILL_ILLOPN),
        MonitorEvent | Per => return None,
        _ => (SIGSEGV, SI_KERNEL),
    })
}

/// Linux's `data_exception`: with a DXC in the FPC, SIGFPE (its IEEE
/// reason, or 0 for a non-IEEE code); without one, SIGILL `ILL_ILLOPN`.
fn data_exception(fpc: u32) -> (i32, i32) {
    if fpc & FPC_DXC_MASK == 0 {
        return (SIGILL, ILL_ILLOPN);
    }
    let code = if fpc & DXC_NOT_IEEE == 0 {
        DXC_IEEE
            .iter()
            .find(|(bit, _)| fpc & bit != 0)
            .map_or(0, |&(_, c)| c)
    } else {
        0
    };
    (SIGFPE, code)
}

/// Linux's `vector_exception`: the reason from the VIC, 0 if unknown.
fn vector_code(fpc: u32) -> i32 {
    let vic = ((fpc & FPC_VIC_MASK) >> 8) as usize;
    match vic {
        1..=5 => VIC_CODES[vic - 1],
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn never() -> u32 {
        panic!("FPC read for a code that does not need it")
    }

    #[test]
    fn ieee_traps_are_sigfpe_with_their_reason() {
        // Division by zero as Linux 6.1 reported it: mask on, DXC 0x40.
        assert_eq!(
            classify(PgmCode::Data, || 0x4000_4000, true),
            Some((SIGFPE, FPE_FLTDIV))
        );
        assert_eq!(data_exception(0x8000), (SIGFPE, FPE_FLTINV));
        assert_eq!(data_exception(0x0800), (SIGFPE, FPE_FLTRES));
        // Invalid takes precedence over inexact; overflow (0x28 with its
        // inexact bit) is overflow.
        assert_eq!(data_exception(0x8800), (SIGFPE, FPE_FLTINV));
        assert_eq!(data_exception(0x2800), (SIGFPE, FPE_FLTOVF));
        // A non-IEEE DXC (compare and trap, 0xff) is SIGFPE without a reason.
        assert_eq!(data_exception(0xff00), (SIGFPE, 0));
        assert_eq!(data_exception(0x0200), (SIGFPE, 0));
        // No DXC: a decimal-data exception.
        assert_eq!(data_exception(0), (SIGILL, ILL_ILLOPN));
    }

    #[test]
    fn vector_exceptions() {
        // VXC 0x12: element 1, VIC 2 (divide), as Linux 6.1 reported it.
        assert_eq!(
            classify(PgmCode::VectorProcessing, || 0x4000_1200, true),
            Some((SIGFPE, FPE_FLTDIV))
        );
        assert_eq!(
            classify(PgmCode::VectorProcessing, || 0x0900, true),
            Some((SIGFPE, 0))
        );
        assert_eq!(
            classify(PgmCode::VectorProcessing, || 0, false),
            Some((SIGILL, ILL_ILLOPN))
        );
    }

    #[test]
    fn every_user_code_has_linux_signal() {
        let cases = [
            (PgmCode::Operation, SIGILL, ILL_ILLOPC),
            (PgmCode::PrivilegedOperation, SIGILL, ILL_PRVOPC),
            (PgmCode::Execute, SIGILL, ILL_ILLOPN),
            (PgmCode::Addressing, SIGILL, ILL_ILLADR),
            (PgmCode::Specification, SIGILL, ILL_ILLOPN),
            (PgmCode::FixedPointOverflow, SIGFPE, FPE_INTOVF),
            (PgmCode::FixedPointDivide, SIGFPE, FPE_INTDIV),
            (PgmCode::DecimalOverflow, SIGFPE, FPE_INTOVF),
            (PgmCode::DecimalDivide, SIGFPE, FPE_INTDIV),
            (PgmCode::HfpExponentOverflow, SIGFPE, FPE_FLTOVF),
            (PgmCode::HfpExponentUnderflow, SIGFPE, FPE_FLTUND),
            (PgmCode::HfpSignificance, SIGFPE, FPE_FLTRES),
            (PgmCode::HfpDivide, SIGFPE, FPE_FLTDIV),
            (PgmCode::SpecialOperation, SIGILL, ILL_ILLOPN),
            (PgmCode::Operand, SIGILL, ILL_ILLOPN),
            (PgmCode::TransactionConstraint, SIGILL, ILL_ILLOPN),
            (PgmCode::SpaceSwitch, SIGILL, ILL_PRVOPC),
            (PgmCode::HfpSquareRoot, SIGFPE, FPE_FLTINV),
            (PgmCode::StackFull, SIGSEGV, SI_KERNEL),
        ];
        for (code, signo, si_code) in cases {
            assert_eq!(
                classify(code, never, true),
                Some((signo, si_code)),
                "{code:?}"
            );
        }
    }

    #[test]
    fn monitor_and_per_events_send_nothing() {
        assert_eq!(classify(PgmCode::MonitorEvent, never, true), None);
        assert_eq!(classify(PgmCode::Per, never, true), None);
    }

    #[test]
    fn si_addr_is_the_instruction() {
        // PTLB (4 bytes) at 0x1000: the PSW is past it, si_addr at it.
        assert_eq!(trap_address(0x1004, 4), 0x1000);
        // QEMU leaves the PSW at a vector instruction that raised a
        // vector-processing exception; Linux still subtracts the length.
        assert_eq!(trap_address(0x1000, 6), 0xffa);
    }
}
