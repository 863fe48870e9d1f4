//! Expected program interruptions, for self-tests (in the style of
//! kvm-unit-tests' `expect_pgm_int`): a test arms an expectation, touches
//! memory, and reads back what happened. The handler records the
//! interruption and moves the PSW past the failing instruction, whether the
//! exception nullified or suppressed it, so the test continues.

use kcore::expect::Expectation;

use crate::entry::PtRegs;
use crate::pgm::Interruption;
use crate::psw::Psw;
use crate::teid::Teid;

/// What the handler recorded.
#[derive(Clone, Copy, Debug)]
pub struct Caught {
    /// The decoded interruption.
    pub int: Interruption,
    /// The TEID, when the code stores one.
    pub teid: Option<Teid>,
    /// The old PSW as the machine stored it.
    pub old_psw: Psw,
}

/// Where the interrupted code resumes after a caught interruption.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resume {
    /// After the failing instruction.
    Skip,
    /// At the address in %r14: for a branch-and-link into a page that
    /// cannot be fetched, where the "failing instruction" is the target.
    ReturnR14,
    /// Nowhere: the handler faults itself (a wild load), for the crash
    /// boot that checks the nested-fault report.
    FaultInHandler,
}

static EXPECT: Expectation<Resume, Caught> = Expectation::new();

/// Arms the expectation: the next exception is recorded instead of being
/// handled.
pub fn arm(resume: Resume) {
    EXPECT.arm(resume);
}

/// Disarms and returns what was caught, if anything.
pub fn take() -> Option<Caught> {
    EXPECT.take()
}

/// Called by the program-check handler: if armed, records the
/// interruption, advances the PSW past the instruction and returns true.
pub(crate) fn catch(int: Interruption, regs: &mut PtRegs) -> bool {
    let Some(resume) = EXPECT.catch(|| Caught {
        int,
        teid: crate::traps::teid_of(int, regs),
        old_psw: regs.psw,
    }) else {
        return false;
    };
    match resume {
        Resume::Skip => regs.psw.addr += int.skip(),
        Resume::ReturnR14 => regs.psw.addr = regs.gprs[14],
        Resume::FaultInHandler => {
            // SAFETY: deliberately faults inside the program-check handler;
            // the nested-check report ends the run.
            unsafe { crate::probe::load(crate::crash::WILD_POINTER) };
        }
    }
    true
}

/// Runs `f` with an expectation armed and returns the interruption it
/// raised, if any.
pub fn catch_pgm(f: impl FnOnce()) -> Option<Caught> {
    catch_pgm_resume(Resume::Skip, f)
}

/// As [`catch_pgm`], resuming as `resume` says.
pub fn catch_pgm_resume(resume: Resume, f: impl FnOnce()) -> Option<Caught> {
    arm(resume);
    f();
    take()
}
