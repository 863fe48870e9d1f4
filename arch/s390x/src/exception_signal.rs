//! The signal for a program check from problem state that is not a page
//! fault, as Linux maps it: an operation or privileged-operation exception
//! is SIGILL, a divide or overflow exception SIGFPE, a monitor or PER
//! event SIGTRAP; anything else SIGSEGV with `SI_KERNEL`. The PSW stays
//! past the instruction, and `si_addr` is that PSW address.

use linux_abi::signal::{SIGFPE, SIGILL, SIGSEGV, SIGTRAP, SI_KERNEL};
use linux_abi::Siginfo;

use crate::entry::PtRegs;
use crate::pgm::PgmCode;

/// The `si_code` these signals carry here (`ILL_ILLOPC`, `FPE_INTDIV`,
/// `TRAP_BRKPT` all have the value 1).
const CODE_GENERIC: i32 = 1;

/// The signal for the program check in `regs`.
pub fn exception_signal(regs: &PtRegs) -> Siginfo {
    use PgmCode::*;
    let (signo, code) = match regs.program_interruption().code() {
        Operation | PrivilegedOperation | Execute | SpecialOperation => (SIGILL, CODE_GENERIC),
        FixedPointDivide | FixedPointOverflow | DecimalDivide | DecimalOverflow | HfpDivide => {
            (SIGFPE, CODE_GENERIC)
        }
        MonitorEvent | Per => (SIGTRAP, CODE_GENERIC),
        _ => (SIGSEGV, SI_KERNEL),
    };
    Siginfo::fault(signo, code, regs.psw.addr)
}
