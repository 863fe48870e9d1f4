//! The riscv64 fault handler: docs/fault-model.md §5 on real hardware
//! state.
//!
//! [`handle_fault`] takes an instruction, load or store/AMO page fault:
//!
//! 1. An address in the kernel's half, or no user address space, goes
//!    straight to the error sink; so does a kernel access to user memory
//!    outside the user-access helpers (`sstatus.SUM` clear at the trap):
//!    that is a kernel bug, never something to resolve.
//! 2. `FaultFlags::DEFAULT`, plus `USER` from U-mode, `WRITE` for a store,
//!    `INSTRUCTION` for a fetch; the VMA access RISC-V's rule asks for
//!    ([`Access::vma_access`]).
//! 3. to 5. The generic driver (`Mm::fault`): per-VMA path, mmap-lock
//!    path, stack growth, `RETRY` with `TRIED`, `COMPLETED`.
//! 6. `classify`: only `VmFault::ERROR` bits reach the error sink.
//!
//! Error sink (`karch::fault::error_sink`): from U-mode, a signal handed
//! to the task layer, or the OOM kill; from the kernel, this backend's
//! exception-table fixup, else its oops.
//! Page faults are precise on RISC-V: `sepc` is the faulting instruction
//! and `stval` the faulting address, so nothing is rewound.

use core::sync::atomic::Ordering::Relaxed;

use kcore::println;
use karch::fault::KernelError;
use mm::fault_policy::{classify, FaultAction, Mode};
use mm::fault_stats::STATS;
use mm::{FaultFlags, FaultOutcome, Mm, SignalKind};

use crate::csr::sstatus;
use crate::current_mm::with_current_mm;
use crate::layout::USER_END;
use crate::mmu::Riscv64Mmu;
use crate::regs::PtRegs;
use crate::scause::{Access, Syndrome};
use crate::traps::task_layer;
use crate::{extable, oops};

/// A user address space as the fault handler resolves it.
pub type UserMm = Mm<Riscv64Mmu>;

/// The fault handler for a page fault of `access` (the state saved in
/// `regs`, the address in `stval`). `traps` calls it for every page fault.
pub fn handle_fault(regs: &mut PtRegs, access: Access) {
    STATS.total.fetch_add(1, Relaxed);
    let address = regs.stval;
    let user = regs.user_mode();

    // 1. Faults the generic mm cannot resolve.
    let maperr = FaultAction::Signal(SignalKind::SegvMapErr);
    if address >= USER_END {
        if user {
            return error_sink(regs, maperr, address, None);
        }
        return kernel_half_fault(regs, access);
    }
    if !user && access == Access::Fetch {
        return error_sink(regs, maperr, address, Some("kernel fetch from user memory"));
    }
    if !user && regs.sstatus & sstatus::SUM == 0 {
        return error_sink(
            regs,
            maperr,
            address,
            Some("kernel access to user memory without SUM"),
        );
    }

    // 2. The flags, and the access the VMA must allow.
    let mut flags = FaultFlags::DEFAULT;
    if user {
        flags |= FaultFlags::USER;
    }
    match access {
        Access::Store => flags |= FaultFlags::WRITE,
        Access::Fetch => flags |= FaultFlags::INSTRUCTION,
        Access::Load => {}
    }
    let vma = access.vma_access(regs.sstatus & sstatus::MXR != 0);

    // 3-5. The generic driver, which returns with no lock held.
    let mut pending = || task_layer().signal_pending();
    let outcome = with_current_mm(|mm| mm.fault(address, flags, vma, &mut pending));

    // 6. Only VM_FAULT_ERROR bits are errors.
    let Some(outcome) = outcome else {
        return error_sink(regs, FaultAction::Signal(SignalKind::SegvMapErr), address, None);
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
            action => error_sink(regs, action, address, None),
        },
        FaultOutcome::Access(e) => error_sink(regs, FaultAction::Signal(e.signal()), address, None),
        FaultOutcome::SignalPending => {
            STATS.signal_pending.fetch_add(1, Relaxed);
            if !user {
                error_sink(regs, FaultAction::KernelFixupOrOops, address, None);
            }
        }
    }
}

/// The error sink (`karch::fault::error_sink`): a user signal or the OOM
/// kill, or this kernel's fixup or oops (`why` names a kernel error the
/// decoded cause alone would not explain).
fn error_sink(regs: &mut PtRegs, action: FaultAction, address: u64, why: Option<&str>) {
    let user = regs.user_mode();
    let describe = |r: &PtRegs| (Syndrome::new(r.scause, r.stval), r.regs[crate::regs::PC]);
    match karch::fault::error_sink(regs, action, user, address, describe, task_layer()) {
        Ok(()) => {}
        Err(KernelError::FixupOrOops) => kernel_error(regs, why),
        Err(KernelError::UnexpectedFlags(bits)) => {
            oops::prepare();
            println!("Unexpected fault flags: {:08x} ({})", bits.bits(), bits);
            oops::die(regs, "unexpected fault flags");
        }
    }
}

/// A kernel-mode page fault on a kernel or non-canonical address, which
/// nothing resolves: the exception table if the instruction has an entry,
/// else an oops naming what the walk of the address found (a corrupt
/// entry, the permission the leaf lacks, no mapping).
#[cold]
fn kernel_half_fault(regs: &mut PtRegs, access: Access) {
    if extable::fixup(regs) {
        STATS.fixups.fetch_add(1, Relaxed);
        return;
    }
    let why = alloc::format!("{}", oops::refusal(regs, access));
    oops::die(regs, &why);
}

/// A kernel-mode error: the exception table if the instruction has an
/// entry, else an oops (which never returns) naming `why`, or the decoded
/// cause.
#[cold]
fn kernel_error(regs: &mut PtRegs, why: Option<&str>) {
    if extable::fixup(regs) {
        STATS.fixups.fetch_add(1, Relaxed);
        return;
    }
    let cause = alloc::format!("{:?}", Syndrome::new(regs.scause, regs.stval).cause);
    oops::die(regs, why.unwrap_or(&cause));
}
