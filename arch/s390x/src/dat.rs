//! Dynamic address translation: table entry formats and address spaces.
//!
//! This kernel translates with a region-third table at the top, so an ASCE
//! reaches 2048 x 2 GiB = 4 TiB, with 4 KiB pages (EDAT is absent in QEMU's
//! CPU models):
//!
//! ```text
//! va bits  63..42 | 41..31 (RTX) | 30..20 (SX) | 19..12 (PX) | 11..0
//!          must be 0 (else ASCE-type exception 0x38)
//! ASCE -> region-third table (2048 x 8 B, 16 KiB)
//!      -> segment table       (2048 x 8 B, 16 KiB, one per 2 GiB)
//!      -> page table          ( 256 x 8 B,  2 KiB, one per 1 MiB)
//!      -> 4 KiB frame
//! ```
//!
//! Entry formats follow the PoP "Translation Tables"; bit values are given
//! LSB-first as masks. The PTE's low byte is ignored by the hardware and
//! holds software bits (young, dirty).

use core::fmt;

use mm::arch::{Pte as GenericPte, PteFlags};
use mm::frame::PhysFrame;

/// Bytes per page.
pub const PAGE_SIZE: u64 = 4096;
const PAGE_SHIFT: u32 = 12;
const SEGMENT_SHIFT: u32 = 20;
const REGION3_SHIFT: u32 = 31;
/// Bytes one ASCE with a region-third table can translate: 4 TiB.
pub const ASCE_REACH: u64 = 1 << 42;
/// Entries in a region or segment table (table length 3: four 4 KiB pages).
pub const CRST_ENTRIES: usize = 2048;
/// Entries in a page table.
pub const PT_ENTRIES: usize = 256;
/// Frames in one region or segment table.
pub const CRST_FRAMES: usize = CRST_ENTRIES * 8 / PAGE_SIZE as usize;

/// Index into the region-third table (RTX, va bits 31-41).
pub const fn rtx(va: u64) -> usize {
    ((va >> REGION3_SHIFT) & 0x7ff) as usize
}
/// Index into a segment table (SX, va bits 20-30).
pub const fn sx(va: u64) -> usize {
    ((va >> SEGMENT_SHIFT) & 0x7ff) as usize
}
/// Index into a page table (PX, va bits 12-19).
pub const fn px(va: u64) -> usize {
    ((va >> PAGE_SHIFT) & 0xff) as usize
}

/// Address-space-control element (CR1, CR7, CR13).
#[derive(Clone, Copy, PartialEq, Eq, Default)]
#[repr(transparent)]
pub struct Asce(pub u64);

impl Asce {
    /// Bits 0-51: origin of the top table.
    pub const ORIGIN: u64 = !0xfff;
    /// Bit 55 (P): private-space control. In a private space, low-address
    /// protection does not apply (nor do common-segment TLB entries).
    pub const PRIVATE_SPACE: u64 = 0x100;
    /// Bit 58 (R): real-space designation (no translation).
    pub const REAL_SPACE: u64 = 0x20;
    /// Bits 60-61 (DT): designation type mask.
    pub const DT_MASK: u64 = 0x0c;
    /// DT 01: the origin is a region-third table.
    pub const DT_REGION_THIRD: u64 = 0x04;
    /// Bits 62-63 (TL): table length in 4 KiB units, minus one.
    pub const TL_MASK: u64 = 0x03;

    /// An ASCE for a full-length region-third table at `origin`.
    pub const fn region_third(origin: u64) -> Self {
        Self((origin & Self::ORIGIN) | Self::DT_REGION_THIRD | Self::TL_MASK)
    }

    /// This ASCE with the private-space control set, as every user
    /// address space has it: Linux sets it in user ASCEs, so a user store
    /// to the first 512 bytes is a translation fault (`SEGV_MAPERR`, or
    /// success on a mapped page 0), never low-address protection. The
    /// kernel's own ASCE (CR13) stays without it, so its low-address
    /// protection still catches kernel NULL-pointer stores.
    pub const fn private(self) -> Self {
        Self(self.0 | Self::PRIVATE_SPACE)
    }

    /// The top table's origin.
    pub const fn origin(self) -> u64 {
        self.0 & Self::ORIGIN
    }

    /// Designation type name.
    pub fn kind(self) -> &'static str {
        if self.0 & Self::REAL_SPACE != 0 {
            return "real-space";
        }
        match self.0 & Self::DT_MASK {
            0x0c => "region-first",
            0x08 => "region-second",
            0x04 => "region-third",
            _ => "segment",
        }
    }
}

impl fmt::Debug for Asce {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "ASCE {:016x} ({} table at {:#x}, tl {})",
            self.0,
            self.kind(),
            self.origin(),
            self.0 & Self::TL_MASK
        )
    }
}

/// A region-third-table entry: designates a segment table.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(transparent)]
pub struct RegionEntry(pub u64);

impl RegionEntry {
    /// Bits 0-51: segment-table origin.
    pub const ORIGIN: u64 = !0xfff;
    /// Bit 54 (P): DAT protection for the whole region.
    pub const PROTECT: u64 = 0x200;
    /// Bit 58 (I): region invalid.
    pub const INVALID: u64 = 0x20;
    /// Bits 60-61 (TT) = 01: this is a region-third entry.
    pub const TT_REGION_THIRD: u64 = 0x04;
    /// Bits 62-63 (TL): segment-table length, full.
    pub const TL_FULL: u64 = 0x03;

    /// The empty entry.
    pub const EMPTY: Self = Self(Self::INVALID | Self::TT_REGION_THIRD);

    /// A valid entry for a full-length segment table at `origin`.
    pub const fn new(origin: u64) -> Self {
        Self((origin & Self::ORIGIN) | Self::TT_REGION_THIRD | Self::TL_FULL)
    }
    /// Whether the entry is invalid.
    pub const fn invalid(self) -> bool {
        self.0 & Self::INVALID != 0
    }
    /// Segment-table origin.
    pub const fn origin(self) -> u64 {
        self.0 & Self::ORIGIN
    }
}

/// A segment-table entry: designates a page table.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(transparent)]
pub struct SegmentEntry(pub u64);

impl SegmentEntry {
    /// Bits 0-52: page-table origin (2 KiB aligned).
    pub const ORIGIN: u64 = !0x7ff;
    /// Bit 54 (P): DAT protection for the whole segment.
    pub const PROTECT: u64 = 0x200;
    /// Bit 58 (I): segment invalid.
    pub const INVALID: u64 = 0x20;

    /// The empty entry.
    pub const EMPTY: Self = Self(Self::INVALID);

    /// A valid entry for the page table at `origin`.
    pub const fn new(origin: u64) -> Self {
        Self(origin & Self::ORIGIN)
    }
    /// Whether the entry is invalid.
    pub const fn invalid(self) -> bool {
        self.0 & Self::INVALID != 0
    }
    /// Page-table origin.
    pub const fn origin(self) -> u64 {
        self.0 & Self::ORIGIN
    }
}

/// Page permissions as this kernel maps them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Prot {
    /// Stores allowed (clear: DAT protection).
    pub write: bool,
    /// Instruction fetch allowed (clear: IEP no-exec).
    pub exec: bool,
}

impl Prot {
    /// Read-only, no-exec.
    pub const RO: Prot = Prot {
        write: false,
        exec: false,
    };
    /// Read-write, no-exec.
    pub const RW: Prot = Prot {
        write: true,
        exec: false,
    };
    /// Read-only, executable.
    pub const RX: Prot = Prot {
        write: false,
        exec: true,
    };
    /// Read-write, executable.
    pub const RWX: Prot = Prot {
        write: true,
        exec: true,
    };
}

/// A page-table entry.
#[derive(Clone, Copy, PartialEq, Eq)]
#[repr(transparent)]
pub struct Pte(pub u64);

impl Pte {
    /// Bits 0-51: page-frame real address.
    pub const FRAME: u64 = !0xfff;
    /// Bit 52: must be zero, else translation-specification exception.
    pub const RESERVED: u64 = 0x800;
    /// Bit 53 (I): page invalid.
    pub const INVALID: u64 = 0x400;
    /// Bit 54 (P): DAT protection (no stores).
    pub const PROTECT: u64 = 0x200;
    /// Bit 55 (IEP): no instruction execution, with CR0 IEP control set.
    pub const NOEXEC: u64 = 0x100;
    /// Software bit: the page was written since it was mapped.
    pub const SW_DIRTY: u64 = 0x08;
    /// Software bit: the page was accessed since it was mapped.
    pub const SW_YOUNG: u64 = 0x04;

    /// The empty entry.
    pub const EMPTY: Self = Self(Self::INVALID);

    /// A valid entry mapping `frame` with `prot`.
    pub const fn new(frame: u64, prot: Prot) -> Self {
        let mut v = frame & Self::FRAME;
        if !prot.write {
            v |= Self::PROTECT;
        }
        if !prot.exec {
            v |= Self::NOEXEC;
        }
        Self(v)
    }
    /// Whether the hardware treats the entry as invalid.
    pub const fn invalid(self) -> bool {
        self.0 & Self::INVALID != 0
    }
    /// The frame address.
    pub const fn frame(self) -> u64 {
        self.0 & Self::FRAME
    }
    /// The permissions.
    pub const fn prot(self) -> Prot {
        Prot {
            write: self.0 & Self::PROTECT == 0,
            exec: self.0 & Self::NOEXEC == 0,
        }
    }
}

impl fmt::Debug for Pte {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)?;
        if self.invalid() {
            return write!(f, " invalid");
        }
        let p = self.prot();
        write!(
            f,
            " frame {:#x} {}{}",
            self.frame(),
            if p.write { "rw" } else { "ro" },
            if p.exec { "x" } else { "-nx" }
        )?;
        if self.0 & Self::RESERVED != 0 {
            write!(f, " RESERVED-BIT-52")?;
        }
        Ok(())
    }
}

// ---- Generic (mm::arch) entries in the hardware format ----
//
// The hardware decides only on the I, P and IEP bits of a valid entry;
// the low byte is left to software. Generic flags map as follows, so that
// every `mm::arch::Pte` reads back exactly as written:
//
// | generic | present entry     | non-present entry |
// |---------|-------------------|-------------------|
// | PRESENT | I (0x400) clear   | I set             |
// | WRITE   | P (0x200) clear   | SW_WRITE (0x20)   |
// | EXEC    | IEP (0x100) clear | SW_EXEC (0x40)    |
// | DIRTY, YOUNG, USER, PROTNONE | software bits 0x08, 0x04, 0x10, 0x02 |
//
// An all-clear non-present entry is the hardware's empty entry 0x400.

const SW_PROTNONE: u64 = 0x02;
const SW_YOUNG: u64 = 0x04;
const SW_DIRTY: u64 = 0x08;
const SW_USER: u64 = 0x10;
const SW_WRITE: u64 = 0x20;
const SW_EXEC: u64 = 0x40;

const SW_FLAGS: [(PteFlags, u64); 4] = [
    (PteFlags::DIRTY, SW_DIRTY),
    (PteFlags::YOUNG, SW_YOUNG),
    (PteFlags::USER, SW_USER),
    (PteFlags::PROTNONE, SW_PROTNONE),
];

/// Encodes a generic entry in the hardware format.
#[inline(always)]
pub fn encode(pte: GenericPte) -> u64 {
    let f = pte.flags;
    let mut v = pte.frame.addr();
    if f.contains(PteFlags::PRESENT) {
        if !f.contains(PteFlags::WRITE) {
            v |= Pte::PROTECT;
        }
        if !f.contains(PteFlags::EXEC) {
            v |= Pte::NOEXEC;
        }
    } else {
        v |= Pte::INVALID;
        if f.contains(PteFlags::WRITE) {
            v |= SW_WRITE;
        }
        if f.contains(PteFlags::EXEC) {
            v |= SW_EXEC;
        }
    }
    for (flag, bit) in SW_FLAGS {
        if f.contains(flag) {
            v |= bit;
        }
    }
    v
}

/// Decodes a hardware entry written by [`encode`].
#[inline(always)]
pub fn decode(v: u64) -> GenericPte {
    // An empty slot, what every first touch finds, needs no unpacking.
    if v == Pte::EMPTY.0 {
        return GenericPte::EMPTY;
    }
    let mut f = PteFlags::empty();
    if v & Pte::INVALID == 0 {
        f |= PteFlags::PRESENT;
        if v & Pte::PROTECT == 0 {
            f |= PteFlags::WRITE;
        }
        if v & Pte::NOEXEC == 0 {
            f |= PteFlags::EXEC;
        }
    } else {
        if v & SW_WRITE != 0 {
            f |= PteFlags::WRITE;
        }
        if v & SW_EXEC != 0 {
            f |= PteFlags::EXEC;
        }
    }
    for (flag, bit) in SW_FLAGS {
        if v & bit != 0 {
            f |= flag;
        }
    }
    GenericPte::new(PhysFrame::containing(v & Pte::FRAME), f)
}

/// Where a software walk of the tables stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WalkStop {
    /// The address is beyond the ASCE's reach (0x38 in hardware).
    BeyondReach,
    /// The region-third entry is invalid (0x3b).
    Region,
    /// The segment entry is invalid (0x10).
    Segment,
    /// The page-table entry is invalid (0x11).
    Page,
}

/// The entries a walk visited, for the oops.
#[derive(Clone, Copy, Debug)]
pub struct Walk {
    /// The ASCE walked.
    pub asce: Asce,
    /// The region-third entry, if the address is within reach.
    pub rte: Option<RegionEntry>,
    /// The segment entry, if the region is valid.
    pub ste: Option<SegmentEntry>,
    /// The PTE, if the segment is valid.
    pub pte: Option<Pte>,
}

impl Walk {
    /// Where the walk stopped, or `None` if it reached a valid PTE.
    pub fn stop(&self) -> Option<WalkStop> {
        match (self.rte, self.ste, self.pte) {
            (None, ..) => Some(WalkStop::BeyondReach),
            (Some(r), ..) if r.invalid() => Some(WalkStop::Region),
            (_, Some(s), _) if s.invalid() => Some(WalkStop::Segment),
            (_, _, Some(p)) if p.invalid() => Some(WalkStop::Page),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_split_matches_the_notes() {
        let va = (5u64 << 31) | (7 << 20) | (9 << 12) | 0x123;
        assert_eq!((rtx(va), sx(va), px(va)), (5, 7, 9));
        assert_eq!(rtx(ASCE_REACH - 1), 2047);
        assert_eq!(ASCE_REACH, 4 << 40);
    }

    #[test]
    fn entry_encodings_match_the_notes() {
        assert_eq!(Asce::region_third(0x12_3000).0, 0x12_3007);
        assert_eq!(Asce::region_third(0x12_3000).private().0, 0x12_3107);
        assert_eq!(Asce::region_third(0x12_3000).private().origin(), 0x12_3000);
        assert_eq!(RegionEntry::new(0x45_6000).0, 0x45_6007);
        assert_eq!(RegionEntry::EMPTY.0, 0x24);
        assert!(RegionEntry::EMPTY.invalid());
        assert_eq!(SegmentEntry::new(0x78_9800).origin(), 0x78_9800);
        assert!(SegmentEntry::EMPTY.invalid());
        assert_eq!(Pte::new(0x1000, Prot::RW).0, 0x1100);
        assert_eq!(Pte::new(0x1000, Prot::RX).0, 0x1200);
        assert_eq!(Pte::new(0x1000, Prot::RWX).0, 0x1000);
        assert_eq!(Pte::new(0x1000, Prot::RO).prot(), Prot::RO);
        assert!(Pte::EMPTY.invalid());
    }

    /// Every generic entry reads back exactly as written, and the
    /// hardware sees what the flags say.
    #[test]
    fn generic_entries_round_trip() {
        for bits in 0..(1u32 << 7) {
            let flags = PteFlags::from_bits_truncate(bits);
            for frame in [0u64, 0x1000, 0x7fff_f000, 0x3ff_ffff_f000] {
                let g = GenericPte::new(PhysFrame::containing(frame), flags);
                let hw = encode(g);
                assert_eq!(decode(hw), g, "{flags:?} at {frame:#x}");
                assert_eq!(hw & Pte::RESERVED, 0);
                let hwpte = Pte(hw);
                assert_eq!(hwpte.invalid(), !flags.contains(PteFlags::PRESENT));
                if !hwpte.invalid() {
                    assert_eq!(hwpte.frame(), frame);
                    assert_eq!(hwpte.prot().write, flags.contains(PteFlags::WRITE));
                    assert_eq!(hwpte.prot().exec, flags.contains(PteFlags::EXEC));
                }
            }
        }
        assert_eq!(encode(GenericPte::EMPTY), Pte::EMPTY.0);
        assert_eq!(decode(Pte::EMPTY.0), GenericPte::EMPTY);
    }

    #[test]
    fn walk_stop_reasons() {
        let asce = Asce::region_third(0);
        let w = |rte, ste, pte| {
            Walk {
                asce,
                rte,
                ste,
                pte,
            }
            .stop()
        };
        assert_eq!(w(None, None, None), Some(WalkStop::BeyondReach));
        assert_eq!(
            w(Some(RegionEntry::EMPTY), None, None),
            Some(WalkStop::Region)
        );
        let r = Some(RegionEntry::new(0x4000));
        assert_eq!(
            w(r, Some(SegmentEntry::EMPTY), None),
            Some(WalkStop::Segment)
        );
        let s = Some(SegmentEntry::new(0x8000));
        assert_eq!(w(r, s, Some(Pte::EMPTY)), Some(WalkStop::Page));
        assert_eq!(w(r, s, Some(Pte::new(0x1000, Prot::RW))), None);
    }
}
