//! The s390x fault handler: docs/fault-model.md §5 on real hardware state.
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
//! 3. to 5. The generic driver (`Mm::fault`): per-VMA path, mmap-lock
//!    path, stack growth, `RETRY` with `TRIED`, `COMPLETED`.
//! 6. [`classify`]: only `VmFault::ERROR` bits reach the error sink
//!    (`karch::fault::error_sink` for its user half).
//!
//! Error sink: a kernel PSW takes its exception-table fixup, else oopses;
//! a user PSW gets a signal (`signo`, `si_code`, page address) handed to
//! the task layer (`karch::TaskLayer::force_signal`). Arch-local outcomes
//! (no VMA, wrong access, no-exec, low-address protection) travel as an
//! explicit [`SignalKind`], never as fault bits.
//!
//! The counters are `mm`'s [`STATS`], each counted once, where its event
//! is decided.

use core::sync::atomic::Ordering::Relaxed;

use kcore::println;
use karch::fault::KernelError;
use mm::fault_policy::{classify, FaultAction, Mode};
use mm::fault_stats::STATS;
use mm::{FaultFlags, FaultOutcome, Mm, SignalKind, VmaFlags};

use crate::current_mm::with_current_mm;
use crate::entry::PtRegs;
use crate::mmu::S390xMmu;
use crate::pgm::Interruption;
use crate::teid::{Protection, Space, Teid};
use crate::traps::task_layer;
use crate::{extable, oops};

/// A user address space as the fault handler resolves it.
pub type UserMm = Mm<S390xMmu>;

/// The fault handler: a translation or protection exception (`int`, with
/// the state saved in `regs`) to [`do_protection_exception`] or
/// [`do_dat_exception`]. `traps` calls it for every such exception.
#[inline]
pub fn handle_fault(regs: &mut PtRegs, int: Interruption) {
    STATS.total.fetch_add(1, Relaxed);
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
            kernel_error(
                regs,
                Some("low-address protection: write through a NULL pointer"),
            )
        }
        Protection::Iep => {
            // A fetch from a no-exec page: nothing to resolve. As Linux
            // does, the PSW stays rewound and the fault address is the
            // rewound PSW's page (for an instruction that straddles into a
            // no-exec page, the page it starts on, not the TEID's).
            if regs.user_mode() {
                let addr = regs.psw.addr & !(crate::dat::PAGE_SIZE - 1);
                return user_signal(regs, SignalKind::SegvAccErr, addr);
            }
            kernel_error(regs, Some("instruction fetch from a no-exec page"))
        }
        Protection::Dat | Protection::AccessList => do_exception(regs, true),
    }
}

/// Steps 1-6 of docs/fault-model.md §5. `store` is set when the exception
/// itself proves a store (a protection exception); otherwise the TEID's
/// fetch/store indication decides.
fn do_exception(regs: &mut PtRegs, store: bool) {
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
    let mut pending = || task_layer().signal_pending();
    let outcome = with_current_mm(|mm| mm.fault(address, flags, access, &mut pending));

    // 6. Only VM_FAULT_ERROR bits are errors.
    let Some(outcome) = outcome else {
        return error_sink(regs, FaultAction::Signal(SignalKind::SegvMapErr), address);
    };
    let mode = if user { Mode::User } else { Mode::Kernel };
    match outcome {
        FaultOutcome::Fault(fault) => match classify(fault, mode) {
            FaultAction::Done | FaultAction::Retry => {
                STATS.resolved.fetch_add(1, Relaxed);
            }
            FaultAction::Completed => {
                STATS.completed.fetch_add(1, Relaxed);
            }
            action => error_sink(regs, action, address),
        },
        FaultOutcome::Access(e) => error_sink(regs, FaultAction::Signal(e.signal()), address),
        FaultOutcome::SignalPending => {
            STATS.signal_pending.fetch_add(1, Relaxed);
            if !user {
                error_sink(regs, FaultAction::KernelFixupOrOops, address);
            }
        }
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

/// What a fault's debug log line shows of an s390x fault: the
/// interruption, the TEID and the PSW.
#[derive(Clone, Copy)]
struct Syndrome(Interruption, Teid, crate::psw::Psw);

impl core::fmt::Debug for Syndrome {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{:?}, {:?}, PSW {:?}", self.0, self.1, self.2)
    }
}

/// The error sink (`karch::fault::error_sink`): a user signal or the OOM
/// kill, or this kernel's fixup or oops.
fn error_sink(regs: &mut PtRegs, action: FaultAction, address: u64) {
    let user = regs.user_mode();
    let describe = |r: &PtRegs| Syndrome(r.program_interruption(), Teid(r.teid), r.psw);
    match karch::fault::error_sink(regs, action, user, address, describe, task_layer()) {
        Ok(()) => {}
        Err(KernelError::FixupOrOops) => kernel_error(regs, None),
        Err(KernelError::UnexpectedFlags(bits)) => {
            crate::oops::prepare();
            println!("Unexpected fault flags: {:08x} ({})", bits.bits(), bits);
            oops::die(regs, "unexpected fault flags");
        }
    }
}

/// Hands the user fault signal `kind` at `addr` to the task layer.
fn user_signal(regs: &mut PtRegs, kind: SignalKind, addr: u64) {
    error_sink(regs, FaultAction::Signal(kind), addr);
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
    let code = alloc::format!("{}", regs.program_interruption().code());
    oops::die(regs, why.unwrap_or(&code));
}

