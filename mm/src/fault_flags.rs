//! `FaultFlags`: what the faulting access was, as the architecture saw it.
//!
//! The input side of the arch/core boundary (the output side is
//! [`crate::VmFault`]). Values are Linux's `enum fault_flag`.

use core::fmt;

use bitflags::bitflags;
use static_assertions::const_assert_eq;

bitflags! {
    /// Flags describing one fault, passed to `handle_mm_fault`.
    #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
    pub struct FaultFlags: u32 {
        /// Set: the access was a store. Clear: a fetch (load or
        /// instruction).
        const WRITE = 1 << 0;
        /// Set: `->page_mkwrite` is being called for an existing page.
        /// Clear: an ordinary fault.
        const MKWRITE = 1 << 1;
        /// Set: the core may drop the lock and return `RETRY`. Clear: it
        /// must finish (waiting if need be) with the lock held.
        const ALLOW_RETRY = 1 << 2;
        /// Set: on a would-block condition return `RETRY` at once, without
        /// waiting. Clear: wait after dropping the lock.
        const RETRY_NOWAIT = 1 << 3;
        /// Set: waits may be interrupted by a fatal signal. Clear: they may
        /// not.
        const KILLABLE = 1 << 4;
        /// Set: this fault has already been retried once. Clear: first try.
        const TRIED = 1 << 5;
        /// Set: the access came from user mode (problem state). Clear: from
        /// the kernel.
        const USER = 1 << 6;
        /// Set: the fault is on behalf of another address space (GUP on a
        /// foreign mm). Clear: on the current one.
        const REMOTE = 1 << 7;
        /// Set: the access was an instruction fetch. Clear: a data access.
        const INSTRUCTION = 1 << 8;
        /// Set: waits may be interrupted by any signal. Clear: only as
        /// `KILLABLE` says.
        const INTERRUPTIBLE = 1 << 9;
        /// Set: unshare a shared (COW) page without writing to it. Clear:
        /// no unshare request.
        const UNSHARE = 1 << 10;
        /// Set: the caller captured the original PTE. Clear: it did not.
        const ORIG_PTE_VALID = 1 << 11;
        /// Set: the caller holds the per-VMA read lock, not the mmap lock.
        /// Clear: it holds the mmap lock for reading.
        const VMA_LOCK = 1 << 12;
    }
}

impl FaultFlags {
    /// Where every architecture's handler starts:
    /// `ALLOW_RETRY | KILLABLE | INTERRUPTIBLE` (Linux's
    /// `FAULT_FLAG_DEFAULT`).
    pub const DEFAULT: Self = Self::from_bits_retain(
        Self::ALLOW_RETRY.bits() | Self::KILLABLE.bits() | Self::INTERRUPTIBLE.bits(),
    );

    /// The contradiction in these flags, if any. `handle_mm_fault` answers
    /// a contradictory request with `SIGSEGV` (Linux's
    /// `sanitize_fault_flags`).
    pub const fn contradiction(self) -> Option<FlagContradiction> {
        if self.contains(Self::TRIED) && !self.contains(Self::ALLOW_RETRY) {
            Some(FlagContradiction::TriedWithoutAllowRetry)
        } else if self.contains(Self::UNSHARE) && self.contains(Self::WRITE) {
            Some(FlagContradiction::UnshareWithWrite)
        } else if self.contains(Self::VMA_LOCK) && self.contains(Self::RETRY_NOWAIT) {
            Some(FlagContradiction::VmaLockWithRetryNowait)
        } else {
            None
        }
    }

    /// Whether the core may drop the lock and wait on this try (Linux's
    /// `fault_flag_allow_retry_first`).
    pub const fn allow_retry_first(self) -> bool {
        self.contains(Self::ALLOW_RETRY) && !self.contains(Self::TRIED)
    }
}

/// A combination of [`FaultFlags`] that makes no sense.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FlagContradiction {
    /// `TRIED` without `ALLOW_RETRY`: a retry that was never allowed.
    TriedWithoutAllowRetry,
    /// `UNSHARE` with `WRITE`: a write breaks sharing anyway.
    UnshareWithWrite,
    /// `VMA_LOCK` with `RETRY_NOWAIT`: the per-VMA path always drops its
    /// lock on `RETRY`.
    VmaLockWithRetryNowait,
}

impl fmt::Display for FlagContradiction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::TriedWithoutAllowRetry => "TRIED without ALLOW_RETRY",
            Self::UnshareWithWrite => "UNSHARE with WRITE",
            Self::VmaLockWithRetryNowait => "VMA_LOCK with RETRY_NOWAIT",
        })
    }
}

const_assert_eq!(FaultFlags::WRITE.bits(), 1 << 0);
const_assert_eq!(FaultFlags::MKWRITE.bits(), 1 << 1);
const_assert_eq!(FaultFlags::ALLOW_RETRY.bits(), 1 << 2);
const_assert_eq!(FaultFlags::RETRY_NOWAIT.bits(), 1 << 3);
const_assert_eq!(FaultFlags::KILLABLE.bits(), 1 << 4);
const_assert_eq!(FaultFlags::TRIED.bits(), 1 << 5);
const_assert_eq!(FaultFlags::USER.bits(), 1 << 6);
const_assert_eq!(FaultFlags::REMOTE.bits(), 1 << 7);
const_assert_eq!(FaultFlags::INSTRUCTION.bits(), 1 << 8);
const_assert_eq!(FaultFlags::INTERRUPTIBLE.bits(), 1 << 9);
const_assert_eq!(FaultFlags::UNSHARE.bits(), 1 << 10);
const_assert_eq!(FaultFlags::ORIG_PTE_VALID.bits(), 1 << 11);
const_assert_eq!(FaultFlags::VMA_LOCK.bits(), 1 << 12);
const_assert_eq!(FaultFlags::DEFAULT.bits(), 0x214);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_is_linuxs() {
        assert_eq!(
            FaultFlags::DEFAULT,
            FaultFlags::ALLOW_RETRY | FaultFlags::KILLABLE | FaultFlags::INTERRUPTIBLE
        );
        assert_eq!(FaultFlags::DEFAULT.contradiction(), None);
        assert!(FaultFlags::DEFAULT.allow_retry_first());
        assert!(!(FaultFlags::DEFAULT | FaultFlags::TRIED).allow_retry_first());
    }

    #[test]
    fn the_three_contradictions() {
        use FlagContradiction::*;
        assert_eq!(
            FaultFlags::TRIED.contradiction(),
            Some(TriedWithoutAllowRetry)
        );
        assert_eq!(
            (FaultFlags::DEFAULT | FaultFlags::UNSHARE | FaultFlags::WRITE).contradiction(),
            Some(UnshareWithWrite)
        );
        assert_eq!(
            (FaultFlags::DEFAULT | FaultFlags::VMA_LOCK | FaultFlags::RETRY_NOWAIT).contradiction(),
            Some(VmaLockWithRetryNowait)
        );
        let ok = FaultFlags::DEFAULT | FaultFlags::TRIED | FaultFlags::USER | FaultFlags::WRITE;
        assert_eq!(ok.contradiction(), None);
    }

    #[test]
    fn every_combination_of_the_low_13_bits_is_classified_consistently() {
        for raw in 0..(1u32 << 13) {
            let f = FaultFlags::from_bits_retain(raw);
            let bad = (raw & 0x20 != 0 && raw & 0x4 == 0)
                || (raw & 0x400 != 0 && raw & 0x1 != 0)
                || (raw & 0x1000 != 0 && raw & 0x8 != 0);
            assert_eq!(f.contradiction().is_some(), bad, "{raw:#x}");
        }
    }
}
