//! What the generic signal code hands a backend to build a frame, and
//! what it gets back from a sigreturn.

use linux_abi::signal::{BUS_ADRERR, SEGV_ACCERR, SEGV_MAPERR, SIGBUS, SIGSEGV};
use linux_abi::Siginfo;
use mm::{FaultSignal, SignalKind};

/// A handler invocation, decided by the generic signal code, for the
/// backend to lay out on the user stack in its Linux frame format.
#[derive(Clone, Copy, Debug)]
pub struct SignalDelivery {
    /// The signal and its information.
    pub info: Siginfo,
    /// The handler's address.
    pub handler: u64,
    /// `sa_flags`.
    pub flags: u64,
    /// `sa_restorer` (used where the architecture has `SA_RESTORER` and
    /// the flag is set).
    pub restorer: u64,
    /// Where the kernel mapped its `rt_sigreturn` trampoline
    /// ([`crate::Arch::SIGRETURN_TRAMPOLINE`]).
    pub trampoline: u64,
    /// The signal mask to restore at sigreturn.
    pub saved_mask: u64,
}

/// A sigreturn frame that could not be read, or that asks for state a user
/// may not set. The task gets `SIGSEGV` (`SI_KERNEL`), as on Linux.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BadSigreturn;

/// The `siginfo` of a fault signal `mm`'s classification asked for:
/// `SIGSEGV` or `SIGBUS` with Linux's `si_code` and the address.
pub fn fault_siginfo(sig: FaultSignal) -> Siginfo {
    let (signo, code) = match sig.kind {
        SignalKind::SegvMapErr => (SIGSEGV, SEGV_MAPERR),
        SignalKind::SegvAccErr => (SIGSEGV, SEGV_ACCERR),
        SignalKind::BusAdrErr => (SIGBUS, BUS_ADRERR),
    };
    Siginfo::fault(signo, code, sig.addr)
}
