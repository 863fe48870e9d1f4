//! The user half of the error sink (docs/fault-model.md §5 step 6),
//! written once for every backend.
//!
//! A backend decodes its syndrome (steps 1-2), calls `Mm::fault` (steps
//! 3-5) and matches `mm::fault_policy::classify`'s answer inline (its hot
//! path: a resolved fault only counts); an error action goes to
//! [`error_sink`]. What is left for it is the kernel half of the error
//! sink, which is the machine's own: its exception-table fixup, else its
//! oops ([`KernelError`]). The counters
//! (`mm::fault_stats::STATS`) are counted here, each where its event is
//! decided.

use core::fmt;
use core::sync::atomic::Ordering::Relaxed;

use mm::fault_policy::FaultAction;
use mm::fault_stats::STATS;
use mm::{FaultSignal, SignalKind, VmFault};

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

/// The error sink for `action` on a fault at `address`: from user mode
/// (`user`) the OOM kill or a fault signal (any other action is
/// `SIGSEGV`/`SEGV_MAPERR`), with a debug log line that shows what
/// `describe` makes of the frame (the backend's syndrome, formatted only
/// when the line is printed); from the kernel,
/// [`KernelError::UnexpectedFlags`] for `FaultAction::Unexpected` and
/// [`KernelError::FixupOrOops`] for the rest. Backends call it directly for
/// errors their syndrome decides before the generic driver (a kernel
/// access to user memory it must not make, a fetch from a no-exec page).
pub fn error_sink<F: 'static, D: fmt::Debug>(
    frame: &mut F,
    action: FaultAction,
    user: bool,
    address: u64,
    describe: impl FnOnce(&F) -> D,
    layer: &TaskLayerOps<F>,
) -> Result<(), KernelError> {
    if let FaultAction::Unexpected(bits) = action {
        return Err(KernelError::UnexpectedFlags(bits));
    }
    if !user {
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
    kcore::pr_debug!("fault: {kind:?} at {address:#x}: {:?}", describe(frame));
    let info = fault_siginfo(FaultSignal {
        kind,
        addr: address,
    });
    layer.force_signal(frame, info);
    Ok(())
}
