//! The signal for a program check from problem state that is not a page
//! fault, as Linux maps it: an operation or privileged-operation exception
//! is SIGILL, a divide or overflow exception SIGFPE, a monitor or PER
//! event SIGTRAP; a data exception is SIGFPE when it reports an IEEE
//! exception (its code, which the CPU also puts in byte 2 of the FPC, says
//! which) and SIGILL otherwise; a vector-processing exception is SIGFPE
//! with the vector-interruption code's reason; anything else SIGSEGV with
//! `SI_KERNEL`. The PSW stays past the instruction, and `si_addr` is that
//! PSW address.

use linux_abi::signal::{
    FPE_FLTDIV, FPE_FLTINV, FPE_FLTOVF, FPE_FLTRES, FPE_FLTUND, ILL_ILLOPN, SIGFPE, SIGILL,
    SIGSEGV, SIGTRAP, SI_KERNEL,
};
#[cfg(target_arch = "s390x")]
use linux_abi::Siginfo;

#[cfg(target_arch = "s390x")]
use crate::entry::PtRegs;
use crate::pgm::PgmCode;

/// The `si_code` these signals carry here (`ILL_ILLOPC`, `FPE_INTDIV`,
/// `TRAP_BRKPT` all have the value 1).
const CODE_GENERIC: i32 = 1;

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

/// The signal for the program check in `regs`.
#[cfg(target_arch = "s390x")]
pub fn exception_signal(regs: &PtRegs) -> Siginfo {
    let (signo, code) = classify(
        regs.program_interruption().code(),
        crate::user_state::current_fpc,
        crate::user_state::has_vector(),
    );
    Siginfo::fault(signo, code, regs.psw.addr)
}

/// Signal and `si_code` for `code`; `fpc` reads the task's FPC (asked only
/// for data and vector exceptions), `vector` says whether tasks have
/// vector registers.
pub fn classify(code: PgmCode, fpc: impl FnOnce() -> u32, vector: bool) -> (i32, i32) {
    use PgmCode::*;
    match code {
        Operation | PrivilegedOperation | Execute | SpecialOperation => (SIGILL, CODE_GENERIC),
        FixedPointDivide | FixedPointOverflow | DecimalDivide | DecimalOverflow | HfpDivide => {
            (SIGFPE, CODE_GENERIC)
        }
        MonitorEvent | Per => (SIGTRAP, CODE_GENERIC),
        Data => data_exception(fpc()),
        VectorProcessing if vector => (SIGFPE, vector_code(fpc())),
        VectorProcessing => (SIGILL, ILL_ILLOPN),
        _ => (SIGSEGV, SI_KERNEL),
    }
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

    #[test]
    fn ieee_traps_are_sigfpe_with_their_reason() {
        // Division by zero as Linux 6.1 reported it: mask on, DXC 0x40.
        assert_eq!(
            classify(PgmCode::Data, || 0x4000_4000, true),
            (SIGFPE, FPE_FLTDIV)
        );
        assert_eq!(data_exception(0x8000), (SIGFPE, FPE_FLTINV));
        assert_eq!(data_exception(0x0800), (SIGFPE, FPE_FLTRES));
        // Invalid takes precedence over inexact.
        assert_eq!(data_exception(0x8800), (SIGFPE, FPE_FLTINV));
        // A non-IEEE DXC (e.g. 0x02, AFP register) is SIGFPE without a reason.
        assert_eq!(data_exception(0x0200), (SIGFPE, 0));
        // No DXC: a decimal-data exception.
        assert_eq!(data_exception(0), (SIGILL, ILL_ILLOPN));
    }

    #[test]
    fn vector_exceptions() {
        assert_eq!(
            classify(PgmCode::VectorProcessing, || 0x0200, true),
            (SIGFPE, FPE_FLTDIV)
        );
        assert_eq!(
            classify(PgmCode::VectorProcessing, || 0x0900, true),
            (SIGFPE, 0)
        );
        assert_eq!(
            classify(PgmCode::VectorProcessing, || 0, false),
            (SIGILL, ILL_ILLOPN)
        );
    }

    #[test]
    fn other_codes_keep_their_signal() {
        let never = || -> u32 { panic!("FPC read for a code that does not need it") };
        assert_eq!(
            classify(PgmCode::Operation, never, true),
            (SIGILL, CODE_GENERIC)
        );
        assert_eq!(
            classify(PgmCode::Specification, never, true),
            (SIGSEGV, SI_KERNEL)
        );
    }
}
