//! The s390x fault handler: FAULT-MODEL.md §5 on real hardware state.
//!
//! [`handle_fault`] routes an exception to `do_dat_exception` (codes 0x10,
//! 0x11, 0x38-0x3b, nullifying) or `do_protection_exception` (0x04,
//! suppressing), thin entries to one `do_exception`:
//!
//! 1. A fault through the kernel's ASCE (home space), or with no user
//!    address space, goes straight to the error sink.
//! 2. `FaultFlags::DEFAULT`, plus `USER` for a problem-state PSW and
//!    `WRITE` for a store (TEID fetch/store indication, or a protection
//!    exception); the VMA access s390's rule asks for (`vma_access`).
//! 3-5. The generic driver (`Mm::fault`): per-VMA path, mmap-lock path,
//!    stack growth, `RETRY` with `TRIED`, `COMPLETED`.
//! 6. [`classify`]: only `VmFault::ERROR` bits reach the error sink.
//!
//! Error sink: a kernel PSW takes its exception-table fixup, else oopses;
//! a user PSW gets a signal (`signo`, `si_code`, page address) handed to
//! the task layer. Arch-local outcomes (no VMA, wrong access, no-exec,
//! low-address protection) travel as an explicit [`SignalKind`], never as
//! fault bits; [`linux_signal`] gives its numbers.
//!
//! The counters are `mm`'s [`STATS`], each counted once, where its event
//! is decided.

use core::sync::atomic::Ordering::Relaxed;

use kcore::println;
use ksync::SpinLock;
use mm::fault_policy::{classify, FaultAction, Mode};
use mm::fault_stats::STATS;
use mm::{FaultFlags, FaultOutcome, Mm, SignalKind, VmaFlags};
use s390x_linux_abi::signal::{BUS_ADRERR, SEGV_ACCERR, SEGV_MAPERR, SIGBUS, SIGSEGV};
use spin::Once;

use crate::current_mm::with_current_mm;
use crate::entry::PtRegs;
use crate::mmu::S390xMmu;
use crate::pgm::Interruption;
use crate::teid::{Protection, Space, Teid};
use crate::traps::interruption;
use crate::{extable, oops};

/// A user address space as the fault handler resolves it.
pub type UserMm = Mm<S390xMmu>;

/// A signal the error sink asks the task layer to deliver: an
/// [`mm::FaultSignal`] in the numbers of Linux's s390x ABI
/// ([`linux_signal`]), the form the task layer takes for now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FaultSignal {
    /// Signal number.
    pub signo: i32,
    /// `si_code`.
    pub code: i32,
    /// `si_addr`: the failing page (the TEID holds only the page).
    pub addr: u64,
}

impl From<mm::FaultSignal> for FaultSignal {
    fn from(s: mm::FaultSignal) -> Self {
        let (signo, code) = linux_signal(s.kind);
        Self {
            signo,
            code,
            addr: s.addr,
        }
    }
}

/// The signal number and `si_code` of Linux's s390x ABI for `kind`.
pub const fn linux_signal(kind: SignalKind) -> (i32, i32) {
    match kind {
        SignalKind::SegvMapErr => (SIGSEGV, SEGV_MAPERR),
        SignalKind::SegvAccErr => (SIGSEGV, SEGV_ACCERR),
        SignalKind::BusAdrErr => (SIGBUS, BUS_ADRERR),
    }
}

/// What the fault handler needs from the task layer.
#[derive(Clone, Copy)]
pub struct TaskContext {
    /// Whether the current task has a signal to act on.
    pub signal_pending: fn() -> bool,
    /// Deliver a fault signal to the current task.
    pub signal: fn(&mut PtRegs, FaultSignal),
    /// The current task is out of memory: kill it.
    pub oom_kill: fn(&mut PtRegs),
}

static CONTEXT: Once<TaskContext> = Once::new();

/// Connects the fault handler to the task layer and installs it as the
/// architecture's fault hook.
pub fn init(ctx: TaskContext) {
    CONTEXT.call_once(|| ctx);
    crate::fault_hook::set(handle_fault);
}

/// The last user fault signal requested while no task layer was attached
/// (self-tests read it).
pub static LAST_SIGNAL: SpinLock<Option<FaultSignal>> = SpinLock::new(None);

/// The fault handler: a translation or protection exception (`int`, with
/// the state saved in `regs`) to [`do_protection_exception`] or
/// [`do_dat_exception`]. Registered as the fault hook by [`init`].
pub fn handle_fault(regs: &mut PtRegs, int: Interruption) {
    if int.is_protection() {
        do_protection_exception(regs, int);
    } else {
        do_dat_exception(regs);
    }
}

/// Segment, page, ASCE-type and region translation exceptions. They
/// nullify: the PSW already points at the instruction to retry.
pub fn do_dat_exception(regs: &mut PtRegs) {
    do_exception(regs, false);
}

/// Protection exceptions. They suppress: the PSW points past the
/// instruction, so rewind it by the ILC to retry (an aborted transaction
/// already points at the right place).
pub fn do_protection_exception(regs: &mut PtRegs, int: Interruption) {
    let teid = Teid(regs.teid);
    if !int.tx_abort() {
        regs.psw.addr -= int.rewind();
    }
    match teid.protection() {
        Protection::LowAddress
        | Protection::Unpredictable
        | Protection::Key
        | Protection::Reserved(_) => {
            // The TEID's address is not reliable here. In the kernel, a
            // low-address store is a write through a NULL pointer.
            if regs.user_mode() {
                return user_signal(regs, SignalKind::SegvAccErr, teid.address());
            }
            return kernel_error(
                regs,
                Some("low-address protection: write through a NULL pointer"),
            );
        }
        Protection::Iep => {
            // A fetch from a no-exec page: nothing to resolve. Report at the
            // PSW the machine stored, as Linux does.
            regs.psw.addr += int.rewind();
            if regs.user_mode() {
                return user_signal(regs, SignalKind::SegvAccErr, teid.address());
            }
            return kernel_error(regs, Some("instruction fetch from a no-exec page"));
        }
        Protection::Dat | Protection::AccessList => do_exception(regs, true),
    }
}

/// Steps 1-6 of FAULT-MODEL.md §5. `store` is set when the exception
/// itself proves a store (a protection exception); otherwise the TEID's
/// fetch/store indication decides.
fn do_exception(regs: &mut PtRegs, store: bool) {
    STATS.total.fetch_add(1, Relaxed);
    let teid = Teid(regs.teid);
    let address = teid.address();
    let user = regs.user_mode();

    // 1. Faults the generic mm cannot resolve: through the kernel's own
    //    ASCE, or (below) without a user address space.
    let maperr = FaultAction::Signal(SignalKind::SegvMapErr);
    if teid.space() == Space::Home {
        return error_sink(regs, maperr, address);
    }

    // 2. The flags, and the access the VMA must allow.
    let mut flags = FaultFlags::DEFAULT;
    if user {
        flags |= FaultFlags::USER;
    }
    if store || teid.is_store() {
        flags |= FaultFlags::WRITE;
    }
    let access = vma_access(flags);

    // 3-5. The generic driver, which returns with no lock held.
    let mut pending = || CONTEXT.get().is_some_and(|c| (c.signal_pending)());
    let Some(outcome) =
        with_current_mm(|mm| mm.fault(address, flags, access, &mut pending))
    else {
        return error_sink(regs, maperr, address);
    };

    // 6. Only VM_FAULT_ERROR bits are errors.
    let mode = if user { Mode::User } else { Mode::Kernel };
    match outcome {
        FaultOutcome::SignalPending => {
            STATS.signal_pending.fetch_add(1, Relaxed);
            if !user {
                error_sink(regs, FaultAction::KernelFixupOrOops, address);
            }
        }
        FaultOutcome::Access(e) => error_sink(regs, FaultAction::Signal(e.signal()), address),
        FaultOutcome::Fault(fault) => match classify(fault, mode) {
            FaultAction::Done | FaultAction::Retry => {
                STATS.resolved.fetch_add(1, Relaxed);
            }
            FaultAction::Completed => {
                STATS.completed.fetch_add(1, Relaxed);
            }
            FaultAction::Unexpected(bits) => {
                crate::oops::prepare();
                println!("Unexpected fault flags: {:08x} ({})", bits.bits(), bits);
                oops::die(regs, "unexpected fault flags");
            }
            action => error_sink(regs, action, address),
        },
    }
}

/// The VMA access flags of which a fault with `flags` needs one, by s390's
/// rule: a store needs `WRITE`, an instruction fetch `EXEC`, and anything
/// else any of `READ`, `WRITE` and `EXEC`. s390 page-table entries have
/// no read bit (every valid page can be read), and a DAT exception on a
/// fetch does not tell a load from an instruction fetch.
#[inline]
fn vma_access(flags: FaultFlags) -> VmaFlags {
    if flags.contains(FaultFlags::WRITE) {
        VmaFlags::WRITE
    } else if flags.contains(FaultFlags::INSTRUCTION) {
        VmaFlags::EXEC
    } else {
        VmaFlags::READ | VmaFlags::WRITE | VmaFlags::EXEC
    }
}

/// The error sink: user signal, OOM kill, or kernel fixup/oops.
fn error_sink(regs: &mut PtRegs, action: FaultAction, address: u64) {
    match (regs.user_mode(), action) {
        (true, FaultAction::OomKill) => {
            STATS.oom.fetch_add(1, Relaxed);
            match CONTEXT.get() {
                Some(c) => (c.oom_kill)(regs),
                None => kernel_error(
                    regs,
                    Some("out of memory in user mode without a task layer"),
                ),
            }
        }
        (true, FaultAction::Signal(kind)) => user_signal(regs, kind, address),
        (true, _) => user_signal(regs, SignalKind::SegvMapErr, address),
        (false, _) => kernel_error(regs, None),
    }
}

/// Hands the user fault signal `kind` at `addr` to the task layer, in the
/// ABI's numbers.
fn user_signal(regs: &mut PtRegs, kind: SignalKind, addr: u64) {
    STATS.count_signal(kind);
    let sig = FaultSignal::from(mm::FaultSignal { kind, addr });
    kcore::pr_debug!(
        "fault: signal {}/{} at {addr:#x}: {:?}, {:?}, PSW {:?} r14 {:#x} r15 {:#x}",
        sig.signo,
        sig.code,
        interruption(regs),
        Teid(regs.teid),
        regs.psw,
        regs.gprs[14],
        regs.gprs[15]
    );
    match CONTEXT.get() {
        Some(c) => (c.signal)(regs, sig),
        None => *LAST_SIGNAL.lock() = Some(sig),
    }
}

/// A kernel-mode error: the exception table if the instruction has an
/// entry, else an oops (which never returns) naming `why`, or the decoded
/// exception. The PSW points at the failing instruction here: DAT
/// exceptions nullify, and protection exceptions were rewound.
fn kernel_error(regs: &mut PtRegs, why: Option<&str>) {
    if extable::fixup_at(regs, regs.psw.addr) {
        STATS.fixups.fetch_add(1, Relaxed);
        return;
    }
    let code = alloc::format!("{}", interruption(regs).code());
    oops::die(regs, why.unwrap_or(&code));
}

/// Prints the counters (at the end of a run).
pub fn report() {
    println!("# {}", STATS.snapshot());
}
