//! Machine-wide counters of what an architecture's fault handler decided,
//! printed at the end of a run.
//!
//! The handler counts each event once, where it is decided: every fault
//! on entry, then exactly one outcome. (The per-address-space counters of
//! the generic path are [`crate::counters`].)

use core::fmt;
use core::sync::atomic::{AtomicU64, Ordering::Relaxed};

use crate::fault_policy::SignalKind;

/// Outcomes of the architecture's fault handler, updated without locks.
#[derive(Debug, Default)]
pub struct FaultStats {
    /// Every fault the handler saw.
    pub total: AtomicU64,
    /// Resolved by the generic path (no error bit).
    pub resolved: AtomicU64,
    /// `COMPLETED` answers.
    pub completed: AtomicU64,
    /// Returned for a pending signal after `RETRY`.
    pub signal_pending: AtomicU64,
    /// SIGSEGV requested (MAPERR, ACCERR or from `VmFault::SIGSEGV`).
    pub segv: AtomicU64,
    /// SIGBUS requested (SIGBUS, HWPOISON).
    pub bus: AtomicU64,
    /// OOM kills requested.
    pub oom: AtomicU64,
    /// Kernel faults resolved by an exception-table fixup.
    pub fixups: AtomicU64,
}

/// The fault handler's counters.
pub static STATS: FaultStats = FaultStats::new();

impl FaultStats {
    /// All counters at zero.
    pub const fn new() -> Self {
        Self {
            total: AtomicU64::new(0),
            resolved: AtomicU64::new(0),
            completed: AtomicU64::new(0),
            signal_pending: AtomicU64::new(0),
            segv: AtomicU64::new(0),
            bus: AtomicU64::new(0),
            oom: AtomicU64::new(0),
            fixups: AtomicU64::new(0),
        }
    }

    /// Counts one user fault signal of `kind` (`segv` or `bus`).
    #[inline]
    pub fn count_signal(&self, kind: SignalKind) {
        let c = match kind {
            SignalKind::SegvMapErr | SignalKind::SegvAccErr => &self.segv,
            SignalKind::BusAdrErr => &self.bus,
        };
        c.fetch_add(1, Relaxed);
    }

    /// The counters now.
    pub fn snapshot(&self) -> FaultStatsSnapshot {
        let l = |a: &AtomicU64| a.load(Relaxed);
        FaultStatsSnapshot {
            total: l(&self.total),
            resolved: l(&self.resolved),
            completed: l(&self.completed),
            signal_pending: l(&self.signal_pending),
            segv: l(&self.segv),
            bus: l(&self.bus),
            oom: l(&self.oom),
            fixups: l(&self.fixups),
        }
    }
}

/// A copy of [`FaultStats`] at one moment. Its `Display` is the report
/// line: `fault counters: total .. fixups ..`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FaultStatsSnapshot {
    /// See [`FaultStats::total`].
    pub total: u64,
    /// See [`FaultStats::resolved`].
    pub resolved: u64,
    /// See [`FaultStats::completed`].
    pub completed: u64,
    /// See [`FaultStats::signal_pending`].
    pub signal_pending: u64,
    /// See [`FaultStats::segv`].
    pub segv: u64,
    /// See [`FaultStats::bus`].
    pub bus: u64,
    /// See [`FaultStats::oom`].
    pub oom: u64,
    /// See [`FaultStats::fixups`].
    pub fixups: u64,
}

impl fmt::Display for FaultStatsSnapshot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "fault counters: total {} resolved {} completed {} signal-pending {} sigsegv {} sigbus {} oom {} fixups {}",
            self.total,
            self.resolved,
            self.completed,
            self.signal_pending,
            self.segv,
            self.bus,
            self.oom,
            self.fixups
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signals_count_by_kind_and_the_report_names_every_counter() {
        let s = FaultStats::new();
        s.count_signal(SignalKind::SegvMapErr);
        s.count_signal(SignalKind::SegvAccErr);
        s.count_signal(SignalKind::BusAdrErr);
        s.total.fetch_add(3, Relaxed);
        let snap = s.snapshot();
        assert_eq!((snap.segv, snap.bus, snap.total), (2, 1, 3));
        assert_eq!(
            alloc::format!("{snap}"),
            "fault counters: total 3 resolved 0 completed 0 signal-pending 0 \
             sigsegv 2 sigbus 1 oom 0 fixups 0"
        );
    }
}
