//! The generic fault driver: docs/fault-model.md §5 steps 3-5, written once
//! for every architecture.
//!
//! An architecture's handler decodes its hardware state into an address
//! and [`FaultFlags`] (steps 1-2), calls [`Mm::fault`],
//! and acts on the typed [`FaultOutcome`] (step 6). The driver never reads
//! [`VmFault`] bits as errors itself: it only follows the two *control*
//! bits (`RETRY`, `COMPLETED`) that say who holds the lock, and hands the
//! value on. The architecture then does
//!
//! ```text
//! if !fault.intersects(VmFault::ERROR) { return; }
//! // OOM, then SIGSEGV, then SIGBUS / HWPOISON / HWPOISON_LARGE,
//! // then "unexpected fault flags".
//! ```

use crate::arch::Arch;
use crate::counters::Event;
use crate::fault_guard::FaultGuard;
use crate::fault_policy::SignalKind;
use crate::mm::{Lookup, Mm};
use crate::vma::VmaFlags;
use crate::{FaultFlags, VmFault};

/// An arch-local failure: reported as a signal ([`AccessError::signal`]),
/// never as fault bits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccessError {
    /// No VMA covers the address and no stack can grow to it:
    /// `SIGSEGV`/`SEGV_MAPERR`.
    NoVma,
    /// A VMA covers the address but lacks the access:
    /// `SIGSEGV`/`SEGV_ACCERR`.
    BadAccess,
}

impl AccessError {
    /// The signal a user fault refused this way ends in.
    pub const fn signal(self) -> SignalKind {
        match self {
            AccessError::NoVma => SignalKind::SegvMapErr,
            AccessError::BadAccess => SignalKind::SegvAccErr,
        }
    }
}

/// What the driver did with a fault. Every variant leaves no lock held.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FaultOutcome {
    /// `handle_mm_fault` ran and answered this. The architecture
    /// classifies it: no bit of [`VmFault::ERROR`] means success, whatever
    /// else is set (`COMPLETED` included).
    Fault(VmFault),
    /// The access was refused before `handle_mm_fault`.
    Access(AccessError),
    /// `handle_mm_fault` dropped the lock (`RETRY`) and a signal is
    /// pending: return so that it is delivered (a kernel-mode fault takes
    /// its fixup or oopses instead).
    SignalPending,
}

impl<A: Arch> Mm<A> {
    /// Resolves a fault at `address`: the per-VMA path first (user faults
    /// only), then the mmap-lock path, retrying with `TRIED` as long as
    /// `handle_mm_fault` answers `RETRY`.
    ///
    /// `flags` starts from [`FaultFlags::DEFAULT`] plus `USER`/`WRITE`/
    /// `INSTRUCTION` as the hardware said. `access` is the architecture's
    /// rule for that access: the VMA must have at least one of its flags
    /// (Linux's `!(vma->vm_flags & access)` check), or the answer is
    /// [`AccessError::BadAccess`]. Which flags let a load through differs
    /// between architectures (s390: any of `READ`/`WRITE`/`EXEC`; RISC-V:
    /// `READ`, or `EXEC` with MXR); a store needs `WRITE` and an
    /// instruction fetch `EXEC` everywhere, so for those `access` must be
    /// exactly that flag (checked in debug builds: the core relies on it).
    /// `signal_pending` is asked after a `RETRY`.
    pub fn fault(
        &self,
        address: u64,
        flags: FaultFlags,
        access: VmaFlags,
        signal_pending: &mut dyn FnMut() -> bool,
    ) -> FaultOutcome {
        debug_assert!(
            VmaFlags::ACCESS.contains(access)
                && (!flags.contains(FaultFlags::WRITE) || access == VmaFlags::WRITE)
                && (!flags.contains(FaultFlags::INSTRUCTION) || access == VmaFlags::EXEC),
            "access {access:?} for {flags:?}"
        );
        let mut flags = flags;
        if flags.contains(FaultFlags::USER) {
            if let Some(mut g) = self.lock_vma(address) {
                if !g.vma().flags().intersects(access) {
                    drop(g);
                    self.counters.count(Event::VmaLockSuccess);
                    return FaultOutcome::Access(AccessError::BadAccess);
                }
                let fault = self.handle(&mut g, address, flags | FaultFlags::VMA_LOCK);
                // Releases the VMA lock unless RETRY/COMPLETED already did.
                drop(g);
                if !fault.contains(VmFault::RETRY) {
                    self.counters.count(Event::VmaLockSuccess);
                    return FaultOutcome::Fault(fault);
                }
                self.counters.count(Event::VmaLockRetry);
                if signal_pending() {
                    return FaultOutcome::SignalPending;
                }
            }
        }
        loop {
            let Some(mut g) = self.lock_mmap_or_grow(address) else {
                return FaultOutcome::Access(AccessError::NoVma);
            };
            if !g.vma().flags().intersects(access) {
                return FaultOutcome::Access(AccessError::BadAccess);
            }
            let fault = self.handle(&mut g, address, flags);
            drop(g);
            if fault.contains(VmFault::RETRY) && signal_pending() {
                return FaultOutcome::SignalPending;
            }
            if fault.contains(VmFault::COMPLETED) {
                return FaultOutcome::Fault(fault);
            }
            if fault.contains(VmFault::RETRY) {
                flags |= FaultFlags::TRIED;
                continue;
            }
            return FaultOutcome::Fault(fault);
        }
    }

    /// The driver's call into the core. Its guards come from a lookup of
    /// `address` under the lock its flags name, so only the flags (the
    /// architecture's, plus `VMA_LOCK` or `TRIED` added here) can be wrong.
    #[inline]
    fn handle(&self, g: &mut FaultGuard<'_, A>, address: u64, flags: FaultFlags) -> VmFault {
        if flags.contradiction().is_some() {
            return VmFault::SIGSEGV;
        }
        self.handle_mm_fault_prechecked(g, address, flags)
    }

    /// The mmap-lock path's lookup: the VMA containing `address` under the
    /// mmap read lock, growing a `GROWSDOWN` VMA just above it under the
    /// write lock first.
    fn lock_mmap_or_grow(&self, address: u64) -> Option<FaultGuard<'_, A>> {
        let lock = self.mmap_lock.read();
        match self.lookup(address) {
            Lookup::Inside(v) => return Some(FaultGuard::with_mmap_lock(v, lock)),
            Lookup::Below(v, _) if v.flags().contains(VmaFlags::GROWSDOWN) => {}
            _ => return None,
        }
        drop(lock);
        let write = self.mmap_lock.write();
        let grown = self.expand_stack_locked(address)?;
        Some(FaultGuard::with_mmap_lock(grown, write.downgrade()))
    }
}
