//! Where the entry code hands interruptions to Rust.
//!
//! Program interruptions go to [`program`]: stack overflow and nested
//! checks first, then a self-test's armed expectation, then the fault
//! handler for translation and protection exceptions; everything else ends
//! in an oops. SVCs from problem state go to the system-call hook. Every
//! other class (and an SVC from the kernel) is unexpected in this kernel
//! and ends the run with a report.
//!
//! Faults and system calls are the hot paths: each class has its own
//! entry, and the checks in front of the handlers are a few loads.

use kcore::println;

use crate::entry::PtRegs;
use crate::pgm::Interruption;
use crate::teid::Teid;
use crate::{expect, extable, oops};

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
    match crate::fault_hook::SYSCALL.get() {
        Some(handler) => handler(regs),
        None => unexpected(regs),
    }
    return_to_user(regs);
}

/// Restart, external, machine-check and I/O interruptions: none is enabled
/// or expected.
pub(crate) fn other(regs: &mut PtRegs) {
    unexpected(regs);
}

/// The handler may have switched tasks; whatever task is in `regs` now
/// gets its pending signals acted on before it runs again.
fn return_to_user(regs: &mut PtRegs) {
    if crate::fault_hook::user_work() && regs.user_mode() {
        if let Some(hook) = crate::fault_hook::RETURN_TO_USER.get() {
            hook(regs);
        }
    }
}

/// The program-interruption code and ILC as stored by the entry.
pub fn interruption(regs: &PtRegs) -> Interruption {
    Interruption::new((regs.int_code >> 16) as u16, regs.int_code as u16)
}

/// The TEID, for codes that store one.
pub fn teid(regs: &PtRegs) -> Option<Teid> {
    teid_of(interruption(regs), regs)
}

/// The TEID, for an interruption already decoded.
pub(crate) fn teid_of(int: Interruption, regs: &PtRegs) -> Option<Teid> {
    int.code().stores_teid().then_some(Teid(regs.teid))
}

fn program_check(regs: &mut PtRegs) {
    let int = interruption(regs);
    let fault = int.is_fault();
    if regs.flags & PtRegs::FLAG_BAD_STACK != 0 {
        oops::die(regs, "kernel stack overflow");
    }
    match crate::lc_read!(pgm_depth) {
        1 => crate::lc_write!(pgm_regs, regs as *const PtRegs as u64),
        _ => nested(regs, int, fault),
    }
    if expect::catch(int, regs) {
        return;
    }
    if fault {
        if let Some(handler) = crate::fault_hook::get() {
            handler(regs, int);
            return;
        }
    }
    not_a_resolvable_fault(regs, int, fault);
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

/// Every program check the fault handler does not take.
#[cold]
fn not_a_resolvable_fault(regs: &mut PtRegs, int: Interruption, fault: bool) {
    // No fault handler yet: a kernel user-access can still fail cleanly
    // through its exception-table fixup.
    if fault && !regs.user_mode() && extable::fixup(regs) {
        return;
    }
    if regs.user_mode() {
        if let Some(handler) = crate::fault_hook::USER_EXCEPTION.get() {
            handler(regs);
            return;
        }
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
