//! Dynamic address translation: table entry formats and address spaces.
//!
//! An address space starts with a region-third table at the top, so its
//! ASCE reaches 2048 x 2 GiB = 4 TiB, with 4 KiB pages (EDAT is absent in
//! QEMU's CPU models). A user space grows on demand, as Linux's does: a
//! region-second table on top reaches 8 PiB, a region-first table all of
//! the 64-bit space. The kernel's own space stays region-third.
//!
//! ```text
//! va bits  63..53 (RFX) | 52..42 (RSX) | 41..31 (RTX) | 30..20 (SX) | 19..12 (PX) | 11..0
//!          bits above the top table's reach must be 0 (else ASCE-type
//!          exception 0x38)
//! ASCE -> region-first table  (2048 x 8 B, 16 KiB)            [5 levels]
//!      -> region-second table (2048 x 8 B, 16 KiB, one per 8 PiB) [4 levels]
//!      -> region-third table  (2048 x 8 B, 16 KiB, one per 4 TiB) [3 levels]
//!      -> segment table       (2048 x 8 B, 16 KiB, one per 2 GiB)
//!      -> page table          ( 256 x 8 B,  2 KiB, one per 1 MiB)
//!      -> 4 KiB frame
//! ```
//!
//! An entry of a region table names its own table's type in its TT field
//! (and the ASCE names the top table's in DT); a mismatch is a
//! translation-specification exception, so empty entries carry it too.
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
const REGION2_SHIFT: u32 = 42;
const REGION1_SHIFT: u32 = 53;
/// Bytes one ASCE with a region-third table can translate: 4 TiB.
pub const ASCE_REACH: u64 = 1 << REGION2_SHIFT;
/// Bytes one ASCE with a region-second table can translate: 8 PiB.
pub const REGION2_REACH: u64 = 1 << REGION1_SHIFT;
/// The top of a user address space (Linux's s390x `TASK_SIZE_MAX`): the
/// last page of the 64-bit space stays unmapped, so no range ends at 2^64.
pub const TASK_SIZE: u64 = 0u64.wrapping_sub(PAGE_SIZE);
/// Entries in a region or segment table (table length 3: four 4 KiB pages).
pub const CRST_ENTRIES: usize = 2048;
/// Entries in a page table.
pub const PT_ENTRIES: usize = 256;
/// Frames in one region or segment table.
pub const CRST_FRAMES: usize = CRST_ENTRIES * 8 / PAGE_SIZE as usize;

/// Index into the region-first table (RFX, va bits 53-63).
pub const fn r1x(va: u64) -> usize {
    ((va >> REGION1_SHIFT) & 0x7ff) as usize
}
/// Index into a region-second table (RSX, va bits 42-52).
pub const fn r2x(va: u64) -> usize {
    ((va >> REGION2_SHIFT) & 0x7ff) as usize
}
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
    /// DT 10: the origin is a region-second table.
    pub const DT_REGION_SECOND: u64 = 0x08;
    /// DT 11: the origin is a region-first table.
    pub const DT_REGION_FIRST: u64 = 0x0c;
    /// Bits 62-63 (TL): table length in 4 KiB units, minus one.
    pub const TL_MASK: u64 = 0x03;

    /// An ASCE for a full-length region-third table at `origin`.
    pub const fn region_third(origin: u64) -> Self {
        Self::of_type(origin, RegionLevel::Third)
    }

    /// An ASCE for a full-length region table of `level` at `origin`.
    pub const fn of_type(origin: u64, level: RegionLevel) -> Self {
        Self((origin & Self::ORIGIN) | level.tt() | Self::TL_MASK)
    }

    /// The type of the top table, if it is a region table.
    pub const fn level(self) -> Option<RegionLevel> {
        if self.0 & Self::REAL_SPACE != 0 {
            return None;
        }
        RegionLevel::from_tt(self.0 & Self::DT_MASK)
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

/// The three region-table levels, top first. The discriminant is the
/// number of region levels above the region-third table.
#[derive(Clone, Copy, PartialEq, Eq, Debug, PartialOrd, Ord)]
pub enum RegionLevel {
    /// Region-third table: 2048 entries of 2 GiB, each a segment table.
    Third = 0,
    /// Region-second table: 2048 entries of 4 TiB, each a region-third table.
    Second = 1,
    /// Region-first table: 2048 entries of 8 PiB, each a region-second table.
    First = 2,
}

impl RegionLevel {
    /// The TT (entry) and DT (ASCE) code of a table of this level.
    pub const fn tt(self) -> u64 {
        match self {
            Self::Third => RegionEntry::TT_REGION_THIRD,
            Self::Second => RegionEntry::TT_REGION_SECOND,
            Self::First => RegionEntry::TT_REGION_FIRST,
        }
    }

    /// The level a TT or DT code names (`None` for a segment table).
    pub const fn from_tt(tt: u64) -> Option<Self> {
        match tt & Asce::DT_MASK {
            RegionEntry::TT_REGION_THIRD => Some(Self::Third),
            RegionEntry::TT_REGION_SECOND => Some(Self::Second),
            RegionEntry::TT_REGION_FIRST => Some(Self::First),
            _ => None,
        }
    }

    /// The level from its discriminant (the low bits of a user root).
    pub const fn from_index(i: u64) -> Option<Self> {
        match i {
            0 => Some(Self::Third),
            1 => Some(Self::Second),
            2 => Some(Self::First),
            _ => None,
        }
    }

    /// The level below (`None` under a region-third table: segments).
    pub const fn below(self) -> Option<Self> {
        match self {
            Self::Third => None,
            Self::Second => Some(Self::Third),
            Self::First => Some(Self::Second),
        }
    }

    /// The level above (`None` above a region-first table).
    pub const fn above(self) -> Option<Self> {
        match self {
            Self::Third => Some(Self::Second),
            Self::Second => Some(Self::First),
            Self::First => None,
        }
    }

    /// log2 of the bytes one entry of a table of this level covers.
    pub const fn entry_shift(self) -> u32 {
        match self {
            Self::Third => REGION3_SHIFT,
            Self::Second => REGION2_SHIFT,
            Self::First => REGION1_SHIFT,
        }
    }

    /// The index of `va` in a table of this level.
    pub const fn index(self, va: u64) -> usize {
        ((va >> self.entry_shift()) & 0x7ff) as usize
    }

    /// First address an ASCE with a top table of this level cannot
    /// translate, capped at [`TASK_SIZE`] (a region-first table reaches
    /// all of 2^64).
    pub const fn reach(self) -> u64 {
        match self {
            Self::Third => ASCE_REACH,
            Self::Second => REGION2_REACH,
            Self::First => TASK_SIZE,
        }
    }

    /// The manual's short name of an entry of this level (for the oops).
    pub const fn entry_name(self) -> &'static str {
        match self {
            Self::Third => "R3E",
            Self::Second => "R2E",
            Self::First => "R1E",
        }
    }
}

/// A region-table entry: in a region-third table it designates a segment
/// table, in a region-second (first) table a region-third (second) table.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[repr(transparent)]
pub struct RegionEntry(pub u64);

impl RegionEntry {
    /// Bits 0-51: origin of the next lower table.
    pub const ORIGIN: u64 = !0xfff;
    /// Bit 54 (P): DAT protection for the whole region.
    pub const PROTECT: u64 = 0x200;
    /// Bit 58 (I): region invalid.
    pub const INVALID: u64 = 0x20;
    /// Bits 60-61 (TT) = 01: this is a region-third entry.
    pub const TT_REGION_THIRD: u64 = 0x04;
    /// Bits 60-61 (TT) = 10: this is a region-second entry.
    pub const TT_REGION_SECOND: u64 = 0x08;
    /// Bits 60-61 (TT) = 11: this is a region-first entry.
    pub const TT_REGION_FIRST: u64 = 0x0c;
    /// Bits 62-63 (TL): next lower table's length, full (with TF, bits
    /// 56-57, zero: the table starts at its first 4 KiB).
    pub const TL_FULL: u64 = 0x03;

    /// The empty region-third entry.
    pub const EMPTY: Self = Self::empty(RegionLevel::Third);

    /// The empty entry of a table of `level`.
    pub const fn empty(level: RegionLevel) -> Self {
        Self(Self::INVALID | level.tt())
    }

    /// A valid region-third entry for a full-length segment table at
    /// `origin`.
    pub const fn new(origin: u64) -> Self {
        Self::at(origin, RegionLevel::Third)
    }

    /// A valid entry of a table of `level` for the full-length next lower
    /// table at `origin`.
    pub const fn at(origin: u64, level: RegionLevel) -> Self {
        Self((origin & Self::ORIGIN) | level.tt() | Self::TL_FULL)
    }

    /// The table type the entry's TT field names.
    pub const fn level(self) -> Option<RegionLevel> {
        RegionLevel::from_tt(self.0)
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
    /// The region-first entry is invalid (0x39).
    RegionFirst,
    /// The region-second entry is invalid (0x3a).
    RegionSecond,
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
    /// The region-first and region-second entries, where the ASCE's
    /// tables have those levels and the walk got there.
    pub upper: [Option<RegionEntry>; 2],
    /// The region-third entry, if the walk got there.
    pub rte: Option<RegionEntry>,
    /// The segment entry, if the region is valid.
    pub ste: Option<SegmentEntry>,
    /// The PTE, if the segment is valid.
    pub pte: Option<Pte>,
}

impl Walk {
    /// Where the walk stopped, or `None` if it reached a valid PTE.
    pub fn stop(&self) -> Option<WalkStop> {
        match self.upper {
            [Some(r), _] if r.invalid() => return Some(WalkStop::RegionFirst),
            [_, Some(r)] if r.invalid() => return Some(WalkStop::RegionSecond),
            _ => {}
        }
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
                upper: [None; 2],
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

    #[test]
    fn region_indices_and_reach() {
        let va = (3u64 << 53) | (5 << 42) | (7 << 31);
        assert_eq!((r1x(va), r2x(va), rtx(va)), (3, 5, 7));
        assert_eq!(r1x(u64::MAX), 2047);
        assert_eq!(RegionLevel::First.index(va), 3);
        assert_eq!(RegionLevel::Second.index(va), 5);
        assert_eq!(RegionLevel::Third.index(va), 7);
        assert_eq!(RegionLevel::Third.reach(), 4 << 40);
        assert_eq!(RegionLevel::Second.reach(), 8 << 50);
        assert_eq!(RegionLevel::First.reach(), 0xffff_ffff_ffff_f000);
        assert_eq!(TASK_SIZE, 0u64.wrapping_sub(4096));
    }

    /// TT and DT codes follow the PoP: 11 region-first, 10 region-second,
    /// 01 region-third; TL 11 is a full table.
    #[test]
    fn region_entry_and_asce_types() {
        assert_eq!(RegionEntry::at(0x45_6000, RegionLevel::First).0, 0x45_600f);
        assert_eq!(RegionEntry::at(0x45_6000, RegionLevel::Second).0, 0x45_600b);
        assert_eq!(
            RegionEntry::at(0x45_6000, RegionLevel::Third),
            RegionEntry::new(0x45_6000)
        );
        assert_eq!(RegionEntry::empty(RegionLevel::First).0, 0x2c);
        assert_eq!(RegionEntry::empty(RegionLevel::Second).0, 0x28);
        for l in [RegionLevel::First, RegionLevel::Second, RegionLevel::Third] {
            assert!(RegionEntry::empty(l).invalid());
            assert_eq!(RegionEntry::empty(l).level(), Some(l));
            let e = RegionEntry::at(0x8000, l);
            assert!(!e.invalid());
            assert_eq!((e.origin(), e.level()), (0x8000, Some(l)));
            let a = Asce::of_type(0x1_0000, l);
            assert_eq!(a.level(), Some(l));
            assert_eq!(a.origin(), 0x1_0000);
            assert_eq!(a.0 & Asce::TL_MASK, 3);
            assert_eq!(RegionLevel::from_index(l as u64), Some(l));
        }
        assert_eq!(Asce::of_type(0x12_3000, RegionLevel::First).0, 0x12_300f);
        assert_eq!(Asce::of_type(0x12_3000, RegionLevel::Second).0, 0x12_300b);
        assert_eq!(
            Asce::of_type(0x12_3000, RegionLevel::Second).kind(),
            "region-second"
        );
        assert_eq!(Asce(0x12_3000).level(), None);
        assert_eq!(RegionLevel::Third.above(), Some(RegionLevel::Second));
        assert_eq!(RegionLevel::First.above(), None);
        assert_eq!(RegionLevel::First.below(), Some(RegionLevel::Second));
        assert_eq!(RegionLevel::Third.below(), None);
    }

    #[test]
    fn walk_stops_at_upper_levels() {
        let w = |upper| Walk {
            asce: Asce::of_type(0, RegionLevel::First),
            upper,
            rte: None,
            ste: None,
            pte: None,
        };
        let bad1 = RegionEntry::empty(RegionLevel::First);
        let ok1 = RegionEntry::at(0x4000, RegionLevel::First);
        let bad2 = RegionEntry::empty(RegionLevel::Second);
        assert_eq!(w([Some(bad1), None]).stop(), Some(WalkStop::RegionFirst));
        assert_eq!(
            w([Some(ok1), Some(bad2)]).stop(),
            Some(WalkStop::RegionSecond)
        );
        assert_eq!(w([None, Some(bad2)]).stop(), Some(WalkStop::RegionSecond));
    }
}
