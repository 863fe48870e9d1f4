//! Where the entry code hands interruptions to Rust.
//!
//! Program interruptions go to [`program`]: stack overflow and nested
//! checks first, then (self-test builds only) a self-test's armed
//! expectation, then the fault handler for translation and protection
//! exceptions; from problem state, any other program check becomes the
//! signal Linux sends for it; in the kernel it is an oops. SVCs from
//! problem state go to the task layer's system-call entry, the clock
//! comparator's external interruption from problem state to its tick.
//! Every other class (and an SVC or external interruption in the kernel)
//! is unexpected in this kernel and ends the run with a report.
//!
//! Faults and system calls are the hot paths: each class has its own
//! entry, and the checks in front of the handlers are a few loads.

use karch::{TaskLayerOps, TaskLayerSlot};
use kcore::println;

use crate::entry::PtRegs;
use crate::exception_signal::exception_signal;
use crate::pgm::Interruption;
use crate::teid::Teid;
use crate::{extable, fault, oops, timer};

/// The task layer: the kernel's one way into system calls, signals and
/// the return to user mode, registered once at boot.
pub(crate) static TASK_LAYER: TaskLayerSlot<PtRegs> = TaskLayerSlot::new();

/// The registered task layer. An interruption from user mode implies one:
/// only the task layer enters user mode.
#[inline(always)]
pub(crate) fn task_layer() -> &'static TaskLayerOps<PtRegs> {
    TASK_LAYER.get()
}

/// Program interruptions.
pub(crate) fn program(regs: &mut PtRegs) {
    let from_user = regs.user_mode();
    program_check(regs);
    if from_user {
        return_to_user(regs);
    }
}

/// Supervisor calls: system calls from problem state.
pub(crate) fn svc(regs: &mut PtRegs) {
    if !regs.user_mode() {
        unexpected(regs);
    }
    task_layer().syscall(regs);
    return_to_user(regs);
}

/// External interruptions: the clock comparator, the task layer's timer
/// ([`crate::timer`]), which is enabled only in problem state. Any other
/// (or one in the kernel) is unexpected.
pub(crate) fn external(regs: &mut PtRegs) {
    if regs.user_mode() && regs.int_code as u16 == timer::EXT_CLOCK_COMPARATOR {
        task_layer().tick(regs);
        return return_to_user(regs);
    }
    unexpected(regs);
}

/// Restart, machine-check and I/O interruptions: none is enabled or
/// expected.
pub(crate) fn other(regs: &mut PtRegs) {
    unexpected(regs);
}

/// The handler may have switched tasks; whatever task is in `regs` now
/// gets its pending signals acted on before it runs again.
#[inline]
fn return_to_user(regs: &mut PtRegs) {
    if karch::user_work() && regs.user_mode() {
        task_layer().return_to_user(regs);
    }
}

/// The TEID, for codes that store one.
pub fn teid(regs: &PtRegs) -> Option<Teid> {
    teid_of(regs.program_interruption(), regs)
}

/// The TEID, for an interruption already decoded.
pub(crate) fn teid_of(int: Interruption, regs: &PtRegs) -> Option<Teid> {
    int.code().stores_teid().then_some(Teid(regs.teid))
}

fn program_check(regs: &mut PtRegs) {
    let int = regs.program_interruption();
    let fault = int.is_fault();
    if regs.flags & PtRegs::FLAG_BAD_STACK != 0 {
        oops::die(regs, "kernel stack overflow");
    }
    match crate::lc_read!(pgm_depth) {
        1 => crate::lc_write!(pgm_regs, regs as *const PtRegs as u64),
        _ => nested(regs, int, fault),
    }
    // Self-tests arm an expected program check and read it back; a
    // production build has no such path.
    #[cfg(feature = "selftest")]
    if crate::expect::catch(int, regs) {
        return;
    }
    if fault {
        fault::handle_fault(regs, int);
    } else {
        not_a_fault(regs, int);
    }
}

/// A program check inside the handler is fatal, except a fault on a
/// user-access instruction (delivering a signal writes the user stack
/// from the handler): that one is resolved or fixed up like any other.
#[cold]
fn nested(regs: &PtRegs, int: Interruption, fault: bool) {
    let uaccess = fault
        && !regs.user_mode()
        && extable::search(regs.psw.addr - int.rewind()).is_some();
    if !uaccess {
        oops::nested(regs);
    }
}

/// A program check that is not a translation or protection exception:
/// from problem state, the signal Linux sends; in the kernel, the
/// exception-table fixup of an instruction that tests a user-supplied
/// value (`SFPC` of a signal frame's FPC), else an oops.
#[cold]
fn not_a_fault(regs: &mut PtRegs, int: Interruption) {
    if regs.user_mode() {
        if let Some(info) = exception_signal(regs) {
            task_layer().force_signal(regs, info);
        }
        return;
    }
    if extable::fixup(regs) {
        return;
    }
    oops::die(regs, &alloc::format!("{}", int.code()));
}

fn unexpected(regs: &PtRegs) -> ! {
    oops::prepare();
    let kind = regs.kind();
    println!(
        "Unexpected {} interruption: code {:#010x}, parameter {:#010x}",
        kind.name(),
        regs.int_code,
        regs.int_parm
    );
    println!("Old PSW: {:?}", regs.psw);
    oops::show_regs(regs);
    println!("---[ end unexpected interruption ]---");
    crate::machine::exit(false)
}
