//! What every backend's fault handler does after the generic driver:
//! docs/fault-model.md §5 step 6 (only `VmFault::ERROR` bits are errors)
//! and the user half of the error sink, written once.
//!
//! A backend decodes its syndrome (steps 1-2), calls `Mm::fault` (steps
//! 3-5), and hands the outcome to [`finish`]; an error goes to
//! [`error_sink`]. What is left for it is the kernel half of the error
//! sink, which is the machine's own: its exception-table fixup, else its
//! oops ([`KernelError`]). The counters
//! (`mm::fault_stats::STATS`) are counted here, each where its event is
//! decided.

use core::fmt;
use core::sync::atomic::Ordering::Relaxed;

use mm::fault_policy::{classify, FaultAction, Mode};
use mm::fault_stats::STATS;
use mm::{FaultOutcome, FaultSignal, SignalKind, VmFault};

use crate::{fault_siginfo, TaskLayerOps};

/// A fault the kernel itself took and could not resolve: the backend's
/// turn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[must_use]
pub enum KernelError {
    /// The error sink: the exception-table fixup of the faulting
    /// instruction, else an oops.
    FixupOrOops,
    /// An error bit no handler expects (`FALLBACK`): an oops saying
    /// "unexpected fault flags" with these bits.
    UnexpectedFlags(VmFault),
}

/// Where a fault happened, as the error sink reports it.
#[derive(Clone, Copy)]
pub struct FaultSite<D: fmt::Debug> {
    /// The faulting address.
    pub address: u64,
    /// Taken in user mode.
    pub user: bool,
    /// The backend's decoded syndrome, for the debug log line of a user
    /// fault signal.
    pub syndrome: D,
}

/// Step 6: what the generic driver's answer means for a fault taken in
/// user mode (`user`) or in the kernel (`None`: there was no user address
/// space to resolve it in). Resolved faults only count and give `Ok`;
/// anything else is the action for [`error_sink`]. Kept free of the
/// frame and the syndrome, so that the resolved path, the hot one, costs
/// nothing more.
#[inline(always)]
pub fn finish(outcome: Option<FaultOutcome>, user: bool) -> Result<(), FaultAction> {
    let mode = if user { Mode::User } else { Mode::Kernel };
    match outcome {
        Some(FaultOutcome::Fault(fault)) => match classify(fault, mode) {
            FaultAction::Done | FaultAction::Retry => {
                STATS.resolved.fetch_add(1, Relaxed);
                Ok(())
            }
            FaultAction::Completed => {
                STATS.completed.fetch_add(1, Relaxed);
                Ok(())
            }
            action => Err(action),
        },
        None => Err(FaultAction::Signal(SignalKind::SegvMapErr)),
        Some(FaultOutcome::Access(e)) => Err(FaultAction::Signal(e.signal())),
        Some(FaultOutcome::SignalPending) => {
            STATS.signal_pending.fetch_add(1, Relaxed);
            match user {
                true => Ok(()),
                false => Err(FaultAction::KernelFixupOrOops),
            }
        }
    }
}

/// The error sink for `action`: from user mode the OOM kill or a fault
/// signal at the site's address (any other action is
/// `SIGSEGV`/`SEGV_MAPERR`); from the kernel,
/// [`KernelError::UnexpectedFlags`] for `FaultAction::Unexpected` and
/// [`KernelError::FixupOrOops`] for the rest. Backends call it directly for
/// errors their syndrome decides before the generic driver (a kernel
/// access to user memory it must not make, a fetch from a no-exec page).
#[cold]
pub fn error_sink<F: 'static, D: fmt::Debug>(
    frame: &mut F,
    action: FaultAction,
    site: FaultSite<D>,
    layer: &TaskLayerOps<F>,
) -> Result<(), KernelError> {
    if let FaultAction::Unexpected(bits) = action {
        return Err(KernelError::UnexpectedFlags(bits));
    }
    if !site.user {
        return Err(KernelError::FixupOrOops);
    }
    let kind = match action {
        FaultAction::OomKill => {
            STATS.oom.fetch_add(1, Relaxed);
            layer.oom_kill(frame);
            return Ok(());
        }
        FaultAction::Signal(kind) => kind,
        _ => SignalKind::SegvMapErr,
    };
    STATS.count_signal(kind);
    let addr = site.address;
    kcore::pr_debug!("fault: {kind:?} at {addr:#x}: {:?}", site.syndrome);
    layer.force_signal(frame, fault_siginfo(FaultSignal { kind, addr }));
    Ok(())
}
