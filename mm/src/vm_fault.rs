//! `VmFault`: what `handle_mm_fault` reports back to the architecture.
//!
//! The values are Linux's (`enum vm_fault_reason`, `include/linux/mm_types.h`)
//! so that traces from this kernel and from Linux compare one to one.
//!
//! The type is a set of *reasons*, not an error code. Most bits carry
//! information (the fault needed I/O, the lock was dropped, ...) and only the
//! bits of the single policy mask [`VmFault::ERROR`] mean failure. Linux's
//! list of information bits grows over time, so every constructor here keeps
//! bits it does not know ([`VmFault::from_bits_retain`]) and an architecture
//! must treat anything outside [`VmFault::ERROR`] as success. This is the
//! contract whose violation (an s390 handler that treated every nonzero value
//! as an error and `BUG()`ed on bits it did not know) is the story behind
//! this project.
//!
//! No architecture adds private bits to this type: arch-local outcomes (no
//! VMA, wrong access) travel as a typed signal (see
//! [`crate::fault_driver::AccessError`] and [`crate::SignalKind`]).

use core::fmt;

use bitflags::bitflags;
use static_assertions::{const_assert, const_assert_eq};

bitflags! {
    /// The outcome of one call to `handle_mm_fault`: a set of reasons.
    ///
    /// Only [`VmFault::ERROR`] bits mean failure; see the module docs.
    #[derive(Clone, Copy, PartialEq, Eq, Hash)]
    pub struct VmFault: u32 {
        /// Set: no memory could be had to resolve the fault. A user fault
        /// takes the out-of-memory path; a kernel fault takes an
        /// exception-table fixup or oopses. Clear: memory was not the
        /// problem. An error bit.
        const OOM = 0x0001;
        /// Set: the access is to memory that does not exist, such as a page
        /// of a file mapping beyond the end of the file: `SIGBUS`
        /// (`BUS_ADRERR`). Clear: the backing exists. An error bit.
        const SIGBUS = 0x0002;
        /// Set: resolving the fault needed I/O (a page was read in); count
        /// it as a major fault. Clear: a minor fault. Information only.
        const MAJOR = 0x0004;
        /// Set: the frame behind the page is poisoned (uncorrectable memory
        /// error): treated as `SIGBUS`. Clear: no poison seen. An error bit.
        const HWPOISON = 0x0010;
        /// Set: as [`VmFault::HWPOISON`] for a huge page, whose index is in
        /// the `HINDEX` field ([`VmFault::hindex`]). Clear: no huge-page
        /// poison. An error bit.
        const HWPOISON_LARGE = 0x0020;
        /// Set: the access is not allowed by the mapping (or the fault
        /// flags were contradictory): `SIGSEGV`. Clear: the access was
        /// allowed. An error bit.
        const SIGSEGV = 0x0040;
        /// Set: the handler installed the page-table entry itself; nothing
        /// more to do. Clear: the core installed it (or nothing was
        /// needed). Information only.
        const NOPAGE = 0x0100;
        /// Set: the page was returned locked. Clear: it was not.
        /// Information only.
        const LOCKED = 0x0200;
        /// Set: the core dropped the lock it was given (mmap lock or VMA
        /// lock) and did not finish; do not unlock again. Retry under the
        /// mmap lock with `TRIED`, unless a signal is pending. Clear: the
        /// lock is still held unless [`VmFault::COMPLETED`] is set. Control.
        const RETRY = 0x0400;
        /// Set: a huge-page attempt failed and the caller should fall back
        /// to base pages. In the error *policy* mask, but an architecture
        /// never expects it: it reports "unexpected fault flags". Clear: no
        /// huge-page fallback.
        const FALLBACK = 0x0800;
        /// Set: the fault handler already did the copy-on-write into the
        /// private copy (Linux: `->fault` filled `cow_page`). Clear: it did
        /// not. Information only.
        const DONE_COW = 0x1000;
        /// Set: the page needs a synchronous flush before it may be written
        /// (DAX `MAP_SYNC`). Clear: no flush needed. Information only.
        const NEEDDSYNC = 0x2000;
        /// Set: the fault is fully done and the lock is already released;
        /// return without touching the lock or the VMA. Clear: the lock is
        /// still held unless [`VmFault::RETRY`] is set. Control.
        const COMPLETED = 0x4000;
    }
}

impl VmFault {
    /// The policy mask of bits that mean failure:
    /// `OOM | SIGBUS | SIGSEGV | HWPOISON | HWPOISON_LARGE | FALLBACK`
    /// (`0x873`, Linux's `VM_FAULT_ERROR`).
    ///
    /// It is a *policy*, not a class of bits: `FALLBACK` is in it although
    /// it is not an error to report to a task, and Linux adds information
    /// bits over time that are, by design, outside it. An architecture
    /// returns early unless `fault.intersects(VmFault::ERROR)`, and only
    /// then checks the error bits, in a fixed order.
    pub const ERROR: Self = Self::from_bits_retain(
        Self::OOM.bits()
            | Self::SIGBUS.bits()
            | Self::SIGSEGV.bits()
            | Self::HWPOISON.bits()
            | Self::HWPOISON_LARGE.bits()
            | Self::FALLBACK.bits(),
    );

    /// The huge-page index field (`VM_FAULT_HINDEX_MASK`, bits 16-19). Data,
    /// never an error, and deliberately not a named flag.
    pub const HINDEX: Self = Self::from_bits_retain(0x000f_0000);

    const HINDEX_SHIFT: u32 = 16;

    /// Every named bit outside [`VmFault::ERROR`]: the information and
    /// control bits known today. Not a whitelist: unknown bits are also
    /// non-errors.
    const KNOWN_NON_ERROR: Self = Self::from_bits_retain(Self::all().bits() & !Self::ERROR.bits());

    /// The `HINDEX` field holding huge-page index `index` (Linux's
    /// `VM_FAULT_SET_HINDEX`). Only the low four bits of `index` fit.
    pub const fn set_hindex(index: u32) -> Self {
        Self::from_bits_retain((index << Self::HINDEX_SHIFT) & Self::HINDEX.bits())
    }

    /// The huge-page index in the `HINDEX` field (Linux's
    /// `VM_FAULT_GET_HINDEX`).
    pub const fn hindex(self) -> u32 {
        (self.bits() & Self::HINDEX.bits()) >> Self::HINDEX_SHIFT
    }

    /// `self` with its `HINDEX` field replaced by `index`.
    pub const fn with_hindex(self, index: u32) -> Self {
        Self::from_bits_retain(
            (self.bits() & !Self::HINDEX.bits()) | Self::set_hindex(index).bits(),
        )
    }

    /// Whether any bit of the policy mask [`VmFault::ERROR`] is set. The
    /// only test an architecture needs before its ordered error checks.
    pub const fn is_error(self) -> bool {
        self.bits() & Self::ERROR.bits() != 0
    }

    /// Bits that are neither named nor part of `HINDEX`: reasons this
    /// kernel does not know (yet). They are kept and are not errors.
    pub const fn unknown(self) -> Self {
        Self::from_bits_retain(self.bits() & !Self::all().bits() & !Self::HINDEX.bits())
    }
}

/// Names in bit order, for `Display`. Kept beside the flags so a new bit
/// without a name fails the exhaustiveness assertion below.
const NAMES: [(VmFault, &str); 13] = [
    (VmFault::OOM, "OOM"),
    (VmFault::SIGBUS, "SIGBUS"),
    (VmFault::MAJOR, "MAJOR"),
    (VmFault::HWPOISON, "HWPOISON"),
    (VmFault::HWPOISON_LARGE, "HWPOISON_LARGE"),
    (VmFault::SIGSEGV, "SIGSEGV"),
    (VmFault::NOPAGE, "NOPAGE"),
    (VmFault::LOCKED, "LOCKED"),
    (VmFault::RETRY, "RETRY"),
    (VmFault::FALLBACK, "FALLBACK"),
    (VmFault::DONE_COW, "DONE_COW"),
    (VmFault::NEEDDSYNC, "NEEDDSYNC"),
    (VmFault::COMPLETED, "COMPLETED"),
];

const fn names_cover_all() -> bool {
    let mut acc = 0;
    let mut i = 0;
    while i < NAMES.len() {
        acc |= NAMES[i].0.bits();
        i += 1;
    }
    acc == VmFault::all().bits()
}

// Linux's values, one by one (include/linux/mm_types.h).
const_assert_eq!(VmFault::OOM.bits(), 0x0001);
const_assert_eq!(VmFault::SIGBUS.bits(), 0x0002);
const_assert_eq!(VmFault::MAJOR.bits(), 0x0004);
const_assert_eq!(VmFault::HWPOISON.bits(), 0x0010);
const_assert_eq!(VmFault::HWPOISON_LARGE.bits(), 0x0020);
const_assert_eq!(VmFault::SIGSEGV.bits(), 0x0040);
const_assert_eq!(VmFault::NOPAGE.bits(), 0x0100);
const_assert_eq!(VmFault::LOCKED.bits(), 0x0200);
const_assert_eq!(VmFault::RETRY.bits(), 0x0400);
const_assert_eq!(VmFault::FALLBACK.bits(), 0x0800);
const_assert_eq!(VmFault::DONE_COW.bits(), 0x1000);
const_assert_eq!(VmFault::NEEDDSYNC.bits(), 0x2000);
const_assert_eq!(VmFault::COMPLETED.bits(), 0x4000);
const_assert_eq!(VmFault::HINDEX.bits(), 0x000f_0000);
const_assert_eq!(VmFault::ERROR.bits(), 0x0873);
// The error mask and the information/control bits are disjoint.
const_assert_eq!(VmFault::ERROR.bits() & VmFault::KNOWN_NON_ERROR.bits(), 0);
const_assert_eq!(VmFault::RETRY.bits() & VmFault::ERROR.bits(), 0,);
const_assert_eq!(VmFault::COMPLETED.bits() & VmFault::ERROR.bits(), 0);
// HINDEX is data: it overlaps no named bit and is not an error.
const_assert_eq!(VmFault::HINDEX.bits() & VmFault::all().bits(), 0);
const_assert_eq!(VmFault::HINDEX.bits() & VmFault::ERROR.bits(), 0);
// Every named bit has a name for Display.
const_assert!(names_cover_all());

impl fmt::Display for VmFault {
    /// Names each set bit (`MAJOR|RETRY`), then `HINDEX(n)`, then any
    /// unknown bits in hex; an empty set prints `0`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut sep = "";
        for (bit, name) in NAMES {
            if self.contains(bit) {
                write!(f, "{sep}{name}")?;
                sep = "|";
            }
        }
        if self.intersects(Self::HINDEX) {
            write!(f, "{sep}HINDEX({})", self.hindex())?;
            sep = "|";
        }
        let unknown = self.unknown();
        if !unknown.is_empty() {
            write!(f, "{sep}{:#x}", unknown.bits())?;
            sep = "|";
        }
        if sep.is_empty() {
            f.write_str("0")?;
        }
        Ok(())
    }
}

impl fmt::Debug for VmFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "VmFault({:#x}: {})", self.bits(), self)
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use std::format;

    #[test]
    fn error_mask_is_linuxs() {
        assert_eq!(VmFault::ERROR.bits(), 0x873);
        for bit in [0x1, 0x2, 0x10, 0x20, 0x40, 0x800] {
            assert!(VmFault::from_bits_retain(bit).is_error(), "{bit:#x}");
        }
    }

    #[test]
    fn every_bit_outside_the_mask_is_not_an_error() {
        for shift in 0..32 {
            let v = VmFault::from_bits_retain(1 << shift);
            assert_eq!(v.is_error(), 0x873 & (1 << shift) != 0, "bit {shift}");
        }
    }

    #[test]
    fn unknown_bits_are_kept() {
        let raw = 0x8 | 0x80 | 0x8000 | 0x10_0000 | 0x8000_0000;
        let v = VmFault::from_bits_retain(raw) | VmFault::MAJOR;
        assert_eq!(v.bits(), raw | 0x4);
        assert_eq!(v.unknown().bits(), raw);
        assert!(!v.is_error());
    }

    #[test]
    fn display_names_bits_and_hex_for_unknown() {
        assert_eq!(format!("{}", VmFault::empty()), "0");
        assert_eq!(
            format!("{}", VmFault::MAJOR | VmFault::NOPAGE),
            "MAJOR|NOPAGE"
        );
        assert_eq!(
            format!("{}", VmFault::HWPOISON_LARGE | VmFault::set_hindex(3)),
            "HWPOISON_LARGE|HINDEX(3)"
        );
        assert_eq!(
            format!("{}", VmFault::from_bits_retain(0x8 | 0x400)),
            "RETRY|0x8"
        );
        assert_eq!(
            format!("{}", VmFault::from_bits_retain(0x10_0080)),
            "0x100080"
        );
        assert_eq!(format!("{:?}", VmFault::OOM), "VmFault(0x1: OOM)");
    }

    #[test]
    fn hindex_round_trips_and_is_not_an_error() {
        for i in 0..16 {
            let v = VmFault::HWPOISON_LARGE.with_hindex(i);
            assert_eq!(v.hindex(), i);
            assert!(v.contains(VmFault::HWPOISON_LARGE));
            assert!(!VmFault::set_hindex(i).is_error());
        }
        assert_eq!(VmFault::set_hindex(0x1f).hindex(), 0xf);
    }
}
