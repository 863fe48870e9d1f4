//! Expected exceptions, for self-tests (in the style of kvm-unit-tests'
//! `expect_pgm_int`): a test arms an expectation, touches memory, and
//! reads back what happened. The handler records the trap and moves the
//! program counter past the failing instruction, so the test continues.

use kcore::expect::Expectation;

use crate::regs::{PtRegs, PC, RA};
use crate::scause::{Cause, Syndrome};

/// What the handler recorded.
#[derive(Clone, Copy, Debug)]
pub struct Caught {
    /// `scause` and `stval`.
    pub syndrome: Syndrome,
    /// `sepc`: the failing instruction.
    pub pc: u64,
}

/// Where the interrupted code resumes after a caught exception.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resume {
    /// After the failing instruction.
    Skip,
    /// At the address in `ra`: for a call into a page that cannot be
    /// fetched, where the "failing instruction" is the target.
    ReturnRa,
    /// Nowhere: the handler faults itself (a wild load), for the crash
    /// boot that checks the nested-exception report.
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

/// The length of the instruction at `pc`: 2 for a compressed one (low
/// bits not `11`), else 4.
fn insn_len(pc: u64) -> u64 {
    // SAFETY: `pc` is the kernel instruction that just trapped (kernel
    // text, readable); only its first halfword is read.
    let low = unsafe { core::ptr::read_volatile(pc as *const u16) };
    if low & 0b11 == 0b11 {
        4
    } else {
        2
    }
}

/// Called by the trap handler: if armed, records the exception, moves the
/// program counter as armed and returns true.
pub(crate) fn catch(cause: Cause, regs: &mut PtRegs) -> bool {
    let Some(resume) = EXPECT.catch(|| Caught {
        syndrome: Syndrome {
            cause,
            stval: regs.stval,
        },
        pc: regs.regs[PC],
    }) else {
        return false;
    };
    match resume {
        Resume::Skip => regs.regs[PC] += insn_len(regs.regs[PC]),
        Resume::ReturnRa => regs.regs[PC] = regs.regs[RA],
        Resume::FaultInHandler => {
            // SAFETY: deliberately faults inside the trap handler; the
            // nested-exception report ends the run.
            unsafe { crate::probe::load(crate::crash::WILD_POINTER) };
        }
    }
    true
}

/// Runs `f` with an expectation armed and returns the exception it
/// raised, if any.
pub fn catch_exception(f: impl FnOnce()) -> Option<Caught> {
    catch_exception_resume(Resume::Skip, f)
}

/// As [`catch_exception`], resuming as `resume` says.
pub fn catch_exception_resume(resume: Resume, f: impl FnOnce()) -> Option<Caught> {
    arm(resume);
    f();
    take()
}
