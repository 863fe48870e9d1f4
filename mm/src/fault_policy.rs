//! What an architecture does with the `VmFault` that `handle_mm_fault`
//! returned: one pure function, [`classify`], tested on the host over
//! every value of the low 20 bits.
//!
//! The rule that the 2023 s390 bug broke is the first one below: only bits
//! in [`VmFault::ERROR`] mean failure. Everything else, including bits no
//! kernel has defined yet, is information, and an access that produced
//! only information is finished.
//!
//! Order of decisions (docs/fault-model.md §5, steps 5 and 6):
//! 1. `COMPLETED`: the core finished the fault and released the lock.
//! 2. `RETRY`: the core dropped the lock and did not finish; retry.
//! 3. No bit of `VmFault::ERROR`: done.
//! 4. `OOM`, then `SIGSEGV`, then `SIGBUS`/`HWPOISON`/`HWPOISON_LARGE`.
//! 5. Any other error bit (`FALLBACK`): "unexpected fault flags".
//!
//! Signals are named by kind ([`SignalKind`]), not by number: each
//! architecture converts a kind to its ABI's signal number and `si_code`.

use crate::VmFault;

/// The mode the faulting access ran in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// User mode: errors become signals.
    User,
    /// Kernel mode: errors go to the exception table, else oops.
    Kernel,
}

/// Which signal a user fault ends in. Each kind stands for one Linux
/// signal number and `si_code`; the architecture supplies the numbers of
/// its ABI.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignalKind {
    /// Linux `SIGSEGV` with `si_code` `SEGV_MAPERR`: nothing is mapped at
    /// the address (no VMA, or `handle_mm_fault` answered
    /// `VmFault::SIGSEGV`).
    SegvMapErr,
    /// Linux `SIGSEGV` with `si_code` `SEGV_ACCERR`: a mapping is there but
    /// does not allow the access.
    SegvAccErr,
    /// Linux `SIGBUS` with `si_code` `BUS_ADRERR`: the mapping has no
    /// usable memory behind the address (`VmFault::SIGBUS`, `HWPOISON`,
    /// `HWPOISON_LARGE`).
    BusAdrErr,
}

/// A signal a fault asks to deliver to the faulting task.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FaultSignal {
    /// Which signal (and `si_code`).
    pub kind: SignalKind,
    /// `si_addr`: the failing address, as precisely as the hardware
    /// reports it (some report only the page).
    pub addr: u64,
}

/// What to do after `handle_mm_fault`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FaultAction {
    /// Success: return and re-run the access.
    Done,
    /// `RETRY`: the lock is gone; retry (with `TRIED`) unless a signal is
    /// pending.
    Retry,
    /// `COMPLETED`: return at once, touching neither the lock nor the VMA.
    Completed,
    /// User out of memory: the OOM path kills the task.
    OomKill,
    /// Send this signal, with the fault address, to the task.
    Signal(SignalKind),
    /// Kernel mode error: exception-table fixup, else oops.
    KernelFixupOrOops,
    /// An error bit no arch handler expects (`FALLBACK`): oops with
    /// "unexpected fault flags".
    Unexpected(VmFault),
}

/// Decides what a fault result means. Total: every `u32` has an answer and
/// none panics.
pub fn classify(fault: VmFault, mode: Mode) -> FaultAction {
    if fault.contains(VmFault::COMPLETED) {
        return FaultAction::Completed;
    }
    if fault.contains(VmFault::RETRY) {
        return FaultAction::Retry;
    }
    if !fault.intersects(VmFault::ERROR) {
        return FaultAction::Done;
    }
    let user = mode == Mode::User;
    if fault.contains(VmFault::OOM) {
        return if user {
            FaultAction::OomKill
        } else {
            FaultAction::KernelFixupOrOops
        };
    }
    if fault.contains(VmFault::SIGSEGV) {
        return if user {
            FaultAction::Signal(SignalKind::SegvMapErr)
        } else {
            FaultAction::KernelFixupOrOops
        };
    }
    if fault.intersects(VmFault::SIGBUS | VmFault::HWPOISON | VmFault::HWPOISON_LARGE) {
        return if user {
            FaultAction::Signal(SignalKind::BusAdrErr)
        } else {
            FaultAction::KernelFixupOrOops
        };
    }
    FaultAction::Unexpected(fault)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONTROL: u32 = VmFault::RETRY.bits() | VmFault::COMPLETED.bits();

    fn error_actions(mode: Mode) -> [(VmFault, FaultAction); 6] {
        let k = FaultAction::KernelFixupOrOops;
        let u = mode == Mode::User;
        let segv = FaultAction::Signal(SignalKind::SegvMapErr);
        let bus = FaultAction::Signal(SignalKind::BusAdrErr);
        [
            (VmFault::OOM, if u { FaultAction::OomKill } else { k }),
            (VmFault::SIGSEGV, if u { segv } else { k }),
            (VmFault::SIGBUS, if u { bus } else { k }),
            (VmFault::HWPOISON, if u { bus } else { k }),
            (VmFault::HWPOISON_LARGE, if u { bus } else { k }),
            (
                VmFault::FALLBACK,
                FaultAction::Unexpected(VmFault::FALLBACK),
            ),
        ]
    }

    /// Every value of the low 20 bits, in both modes.
    #[test]
    fn all_low_20_bit_values() {
        for mode in [Mode::User, Mode::Kernel] {
            let singles = error_actions(mode);
            for v in 0u32..1 << 20 {
                let f = VmFault::from_bits_retain(v);
                let a = classify(f, mode);
                let errors = v & VmFault::ERROR.bits();
                // Control bits win, as the lock protocol requires.
                if v & VmFault::COMPLETED.bits() != 0 {
                    assert_eq!(a, FaultAction::Completed, "{v:#x}");
                    continue;
                }
                if v & VmFault::RETRY.bits() != 0 {
                    assert_eq!(a, FaultAction::Retry, "{v:#x}");
                    continue;
                }
                // Without an error bit, nothing is an error: this is the
                // line whose absence was the 2023 bug.
                if errors == 0 {
                    assert_eq!(a, FaultAction::Done, "{v:#x}");
                    continue;
                }
                // Information and unknown bits never change the decision.
                let only_errors = VmFault::from_bits_retain(errors);
                let unexpected_stripped = match a {
                    FaultAction::Unexpected(_) => FaultAction::Unexpected(only_errors),
                    other => other,
                };
                assert_eq!(unexpected_stripped, classify(only_errors, mode), "{v:#x}");
                // The first error bit in the documented order decides.
                let first = singles
                    .iter()
                    .find(|(bit, _)| errors & bit.bits() != 0)
                    .unwrap();
                match (first.1, a) {
                    (FaultAction::Unexpected(_), FaultAction::Unexpected(got)) => {
                        assert_eq!(got, f)
                    }
                    (want, got) => assert_eq!(got, want, "{v:#x}"),
                }
            }
        }
    }

    /// High bits (HINDEX and beyond, undefined today) are information.
    #[test]
    fn high_bits_are_information() {
        let samples = [
            0x0010_0000u32,
            0x0080_0000,
            0x0100_0000,
            0x8000_0000,
            0xfff0_0000,
            0x000f_0000,
        ];
        for mode in [Mode::User, Mode::Kernel] {
            for hi in samples {
                for low in [0u32, 0x4, 0x8, 0x80, 0x100, 0x8000] {
                    assert_eq!(
                        classify(VmFault::from_bits_retain(hi | low), mode),
                        FaultAction::Done
                    );
                }
                for (bit, want) in error_actions(mode) {
                    let got = classify(VmFault::from_bits_retain(hi | bit.bits()), mode);
                    match want {
                        FaultAction::Unexpected(_) => {
                            assert!(matches!(got, FaultAction::Unexpected(_)))
                        }
                        w => assert_eq!(got, w),
                    }
                }
                assert_eq!(
                    classify(VmFault::from_bits_retain(hi | CONTROL), mode),
                    FaultAction::Completed
                );
            }
        }
    }

    #[test]
    fn documented_order_for_combinations() {
        let u = Mode::User;
        let f = |b: VmFault| classify(b, u);
        assert_eq!(
            f(VmFault::OOM | VmFault::SIGSEGV | VmFault::SIGBUS),
            FaultAction::OomKill
        );
        assert_eq!(
            f(VmFault::SIGSEGV | VmFault::SIGBUS),
            FaultAction::Signal(SignalKind::SegvMapErr)
        );
        assert_eq!(
            f(VmFault::SIGBUS | VmFault::FALLBACK),
            FaultAction::Signal(SignalKind::BusAdrErr)
        );
        assert_eq!(f(VmFault::RETRY | VmFault::SIGSEGV), FaultAction::Retry);
        assert_eq!(
            f(VmFault::MAJOR | VmFault::NOPAGE | VmFault::DONE_COW),
            FaultAction::Done
        );
    }
}
