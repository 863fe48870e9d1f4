//! The Sv39 page-table entry and address split, with the privileged
//! specification's terms (RISC-V Privileged Architecture, "Sv32" and
//! "Sv39": addressing and memory protection, the address-translation
//! process).
//!
//! ```text
//! PTE  63..54     53..28  27..19  18..10  9..8  7 6 5 4 3 2 1 0
//!      reserved   PPN[2]  PPN[1]  PPN[0]  RSW   D A G U X W R V
//! VA   63..39     38..30  29..21  20..12  11..0
//!      = bit 38   VPN[2]  VPN[1]  VPN[0]  page offset
//! ```
//!
//! Facts this file relies on:
//! - V=0: every other bit is a don't-care, free for software.
//! - V=1 and R=W=X=0: a pointer to the next level's table. Any other
//!   R/W/X is a leaf; W=1 with R=0 is a reserved encoding (page fault).
//! - Bits 63..54 are reserved (63 for Svnapot, 62..61 for Svpbmt, 60..54
//!   for future use); software must zero them, and a walk that meets one
//!   set raises a page fault. This kernel uses neither extension.
//! - In a pointer, D, A and U are reserved and must be cleared.
//! - A leaf above level 0 is a superpage and must be aligned to its size
//!   (its low PPN fields zero), else a page fault.
//! - Virtual addresses must have bits 63..39 equal to bit 38.

use core::fmt;

use mm::arch::{Pte as GenericPte, PteFlags};
use mm::frame::PhysFrame;

/// Bytes in a base page, and in a page table.
pub const PAGE_SIZE: u64 = 4096;
/// log2 of [`PAGE_SIZE`].
pub const PAGE_SHIFT: u32 = 12;
/// Entries in one page table (2^9 PTEs of eight bytes).
pub const ENTRIES: usize = 512;
/// Bits of a virtual address that Sv39 translates.
pub const VA_BITS: u32 = 39;
/// The first root-table index of the upper half (virtual addresses with
/// bit 38 set), which the kernel keeps for itself.
pub const KERNEL_ROOT_FIRST: usize = ENTRIES / 2;

/// One Sv39 page-table entry, exactly as the hardware reads it.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
#[repr(transparent)]
pub struct Entry(pub u64);

static_assertions::assert_eq_size!(Entry, u64);

impl Entry {
    /// V: the entry is valid.
    pub const V: u64 = 1 << 0;
    /// R: readable.
    pub const R: u64 = 1 << 1;
    /// W: writable.
    pub const W: u64 = 1 << 2;
    /// X: executable.
    pub const X: u64 = 1 << 3;
    /// U: accessible to user mode (S-mode only with `sstatus.SUM`, and
    /// never for fetches).
    pub const U: u64 = 1 << 4;
    /// G: a global mapping, in every address space.
    pub const G: u64 = 1 << 5;
    /// A: accessed.
    pub const A: u64 = 1 << 6;
    /// D: dirty.
    pub const D: u64 = 1 << 7;
    /// RSW: two bits reserved for supervisor software; the hardware
    /// ignores them.
    pub const RSW: u64 = 0b11 << 8;
    /// The RSW bit this kernel uses for `PROTNONE` (in non-valid
    /// entries).
    pub const SW_PROTNONE: u64 = 1 << 8;
    /// The R, W and X permission bits; all clear in a pointer.
    pub const RWX: u64 = Self::R | Self::W | Self::X;
    /// Where the PPN field starts.
    pub const PPN_SHIFT: u32 = 10;
    /// The PPN field (PPN[2..0], 44 bits).
    pub const PPN: u64 = ((1 << 44) - 1) << Self::PPN_SHIFT;
    /// Bits 63..54: reserved (Svnapot's N, Svpbmt's PBMT, and bits for
    /// future use); a page fault if set in an entry a walk reads.
    pub const RESERVED: u64 = !0 << 54;
    /// The bits that are reserved in a pointer (non-leaf) entry.
    pub const POINTER_RESERVED: u64 = Self::D | Self::A | Self::U;

    /// The entry of nothing: zero, what a fresh table holds.
    pub const EMPTY: Self = Self(0);

    /// A pointer to the next-level table at physical address `table`.
    pub const fn pointer(table: u64) -> Self {
        Self(Self::ppn_field(table) | Self::V)
    }

    /// A leaf mapping physical address `pa` with the bits `bits` (V is
    /// added).
    pub const fn leaf(pa: u64, bits: u64) -> Self {
        Self(Self::ppn_field(pa) | bits | Self::V)
    }

    const fn ppn_field(pa: u64) -> u64 {
        ((pa >> PAGE_SHIFT) << Self::PPN_SHIFT) & Self::PPN
    }

    /// Whether every bit in `bits` is set.
    pub const fn has(self, bits: u64) -> bool {
        self.0 & bits == bits
    }

    /// V is set.
    pub const fn is_valid(self) -> bool {
        self.has(Self::V)
    }

    /// Valid, with R, W or X set: the end of a walk.
    pub const fn is_leaf(self) -> bool {
        self.is_valid() && self.0 & Self::RWX != 0
    }

    /// Valid with R=W=X=0: a pointer to the next level's table.
    pub const fn is_pointer(self) -> bool {
        self.is_valid() && self.0 & Self::RWX == 0
    }

    /// The physical page number.
    pub const fn ppn(self) -> u64 {
        (self.0 & Self::PPN) >> Self::PPN_SHIFT
    }

    /// The physical address the PPN designates (a table for a pointer,
    /// the start of the page for a leaf).
    pub const fn pa(self) -> u64 {
        self.ppn() << PAGE_SHIFT
    }

    /// The reserved bits 63..54 that are set (zero in a sound entry). A
    /// valid entry with any of them makes the hardware raise a page fault;
    /// the oops and the fault handler name them.
    pub const fn reserved_bits(self) -> u64 {
        self.0 & Self::RESERVED
    }

    /// What makes this entry one the hardware refuses (or one software
    /// must not write), if anything. A non-valid entry has no defects:
    /// its other bits are software's.
    pub const fn defect(self) -> Option<Defect> {
        if !self.is_valid() {
            None
        } else if self.reserved_bits() != 0 {
            Some(Defect::ReservedBits(self.reserved_bits()))
        } else if self.has(Self::W) && !self.has(Self::R) {
            Some(Defect::WriteWithoutRead)
        } else if self.is_pointer() && self.0 & Self::POINTER_RESERVED != 0 {
            Some(Defect::PointerDAU(self.0 & Self::POINTER_RESERVED))
        } else {
            None
        }
    }
}

/// Why an entry is not one the hardware would accept.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Defect {
    /// Some of bits 63..54 are set (the value is those bits).
    ReservedBits(u64),
    /// W=1 with R=0, an encoding reserved for future use.
    WriteWithoutRead,
    /// D, A or U set in a pointer, where they are reserved (the value is
    /// those bits).
    PointerDAU(u64),
}

impl fmt::Display for Defect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Defect::ReservedBits(b) => write!(f, "reserved bits {b:#x}"),
            Defect::WriteWithoutRead => f.write_str("reserved encoding W without R"),
            Defect::PointerDAU(b) => write!(f, "reserved D/A/U bits {b:#x} in a pointer"),
        }
    }
}

/// The flag names in the order of their bits, for [`Entry`]'s `Debug`.
const NAMES: [(u64, &str); 8] = [
    (Entry::V, "V"),
    (Entry::R, "R"),
    (Entry::W, "W"),
    (Entry::X, "X"),
    (Entry::U, "U"),
    (Entry::G, "G"),
    (Entry::A, "A"),
    (Entry::D, "D"),
];

/// Decodes the entry: `empty`, `table 0x… V` for a pointer, `pa 0x… V R
/// X A G`-style for a leaf (flags in bit order), `invalid` with what the
/// software bits hold for a non-valid entry, and any [`Defect`].
impl fmt::Debug for Entry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if *self == Self::EMPTY {
            return f.write_str("empty");
        }
        if !self.is_valid() {
            f.write_str("invalid, ")?;
        }
        let what = if self.is_pointer() { "table" } else { "pa" };
        write!(f, "{what} {:#x}", self.pa())?;
        for (bit, name) in NAMES {
            if self.has(bit) {
                write!(f, " {name}")?;
            }
        }
        let rsw = (self.0 & Self::RSW) >> 8;
        if rsw != 0 {
            write!(f, " RSW={rsw}")?;
        }
        if let Some(d) = self.defect() {
            write!(f, " {d}")?;
        } else if !self.is_valid() && self.reserved_bits() != 0 {
            write!(f, " reserved bits {:#x}", self.reserved_bits())?;
        }
        Ok(())
    }
}

/// A level of the Sv39 tree, named by the spec's `i`: the root table is
/// level 2, and its leaves would map 1 GiB; level 0 maps 4 KiB pages.
#[derive(Clone, Copy, PartialEq, Eq, Debug, PartialOrd, Ord)]
pub enum Level {
    /// The page tables: 4 KiB pages.
    L0 = 0,
    /// The middle tables: 2 MiB megapages.
    L1 = 1,
    /// The root table: 1 GiB gigapages.
    L2 = 2,
}

impl Level {
    /// The levels in walk order, root first.
    pub const WALK: [Level; 3] = [Level::L2, Level::L1, Level::L0];

    /// The spec's `i`.
    pub const fn number(self) -> usize {
        self as usize
    }

    /// The level below, if any.
    pub const fn below(self) -> Option<Level> {
        match self {
            Level::L2 => Some(Level::L1),
            Level::L1 => Some(Level::L0),
            Level::L0 => None,
        }
    }

    /// log2 of the bytes one entry of this level maps.
    pub const fn shift(self) -> u32 {
        PAGE_SHIFT + 9 * self as u32
    }

    /// The bytes one entry of this level maps: 1 GiB, 2 MiB or 4 KiB.
    pub const fn size(self) -> u64 {
        1 << self.shift()
    }

    /// VPN[i] of `va`: its index in this level's table.
    pub const fn index(self, va: u64) -> usize {
        ((va >> self.shift()) as usize) & (ENTRIES - 1)
    }

    /// The size of a leaf at this level, for messages.
    pub const fn page_name(self) -> &'static str {
        match self {
            Level::L2 => "1 GiB",
            Level::L1 => "2 MiB",
            Level::L0 => "4 KiB",
        }
    }
}

/// Whether `va` is canonical for Sv39: bits 63..39 all equal bit 38.
/// Any other address raises a page fault whatever the tables hold.
pub const fn is_canonical(va: u64) -> bool {
    let shift = 64 - VA_BITS;
    (((va << shift) as i64) >> shift) as u64 == va
}

// ---- Generic (mm::arch) entries in the hardware format ----
//
// | generic  | bits                                    |
// |----------|-----------------------------------------|
// | PRESENT  | V and R (a present page is readable)    |
// | WRITE    | W                                       |
// | EXEC     | X                                       |
// | DIRTY    | D                                       |
// | YOUNG    | A                                       |
// | USER     | U                                       |
// | PROTNONE | RSW bit 8                               |
//
// A non-present entry has V clear, so the hardware ignores the rest and
// they keep the generic flags as they are; a present one has R set, so
// W never appears without R. The empty entry is 0.

/// Generic flags and the Sv39 bits that hold them, V and R apart.
const FLAG_BITS: [(PteFlags, u64); 6] = [
    (PteFlags::WRITE, Entry::W),
    (PteFlags::EXEC, Entry::X),
    (PteFlags::DIRTY, Entry::D),
    (PteFlags::YOUNG, Entry::A),
    (PteFlags::USER, Entry::U),
    (PteFlags::PROTNONE, Entry::SW_PROTNONE),
];

/// Encodes a generic entry in the Sv39 format.
#[inline(always)]
pub fn encode(pte: GenericPte) -> Entry {
    debug_assert!(
        pte.frame.addr() >> (PAGE_SHIFT + 44) == 0,
        "frame {:#x} beyond Sv39's 56-bit physical addresses",
        pte.frame.addr()
    );
    let f = pte.flags;
    let mut v = Entry::ppn_field(pte.frame.addr());
    if f.contains(PteFlags::PRESENT) {
        v |= Entry::V | Entry::R;
    }
    for (flag, bit) in FLAG_BITS {
        if f.contains(flag) {
            v |= bit;
        }
    }
    Entry(v)
}

/// Decodes an entry written by [`encode`].
#[inline(always)]
pub fn decode(e: Entry) -> GenericPte {
    if e == Entry::EMPTY {
        return GenericPte::EMPTY;
    }
    let mut f = PteFlags::empty();
    if e.is_valid() {
        f |= PteFlags::PRESENT;
    }
    for (flag, bit) in FLAG_BITS {
        if e.has(bit) {
            f |= flag;
        }
    }
    GenericPte::new(PhysFrame::containing(e.pa()), f)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;

    /// Every combination of the 7 generic flags, with frames from 0 to
    /// the top of the 56-bit physical space, reads back exactly; and the
    /// hardware sees what the flags say.
    #[test]
    fn every_generic_entry_round_trips() {
        let frames = [
            0u64,
            0x1000,
            0x8020_1000,
            0x1234_5678_9000,
            (1u64 << 56) - PAGE_SIZE,
        ];
        for bits in 0..(1u32 << 7) {
            let flags = PteFlags::from_bits(bits).unwrap();
            for frame in frames {
                let g = GenericPte::new(PhysFrame::containing(frame), flags);
                let e = encode(g);
                assert_eq!(decode(e), g, "{flags:?} at {frame:#x}: {e:?}");
                assert_eq!(e.reserved_bits(), 0);
                let present = flags.contains(PteFlags::PRESENT);
                assert_eq!(e.is_valid(), present);
                if present {
                    assert!(e.is_leaf(), "a present entry is a leaf: {e:?}");
                    assert_eq!(e.defect(), None, "{e:?}");
                    assert_eq!(e.pa(), frame);
                    assert_eq!(e.has(Entry::W), flags.contains(PteFlags::WRITE));
                    assert_eq!(e.has(Entry::X), flags.contains(PteFlags::EXEC));
                    assert_eq!(e.has(Entry::U), flags.contains(PteFlags::USER));
                }
            }
        }
        assert_eq!(encode(GenericPte::EMPTY), Entry::EMPTY);
        assert_eq!(decode(Entry::EMPTY), GenericPte::EMPTY);
    }

    #[test]
    fn bit_positions_are_the_specs() {
        assert_eq!(
            [
                Entry::V,
                Entry::R,
                Entry::W,
                Entry::X,
                Entry::U,
                Entry::G,
                Entry::A,
                Entry::D
            ],
            [1, 2, 4, 8, 0x10, 0x20, 0x40, 0x80]
        );
        assert_eq!(Entry::RSW, 0x300);
        assert_eq!(Entry::PPN, 0x003f_ffff_ffff_fc00);
        assert_eq!(Entry::RESERVED, 0xffc0_0000_0000_0000);
        assert_eq!(Entry::RESERVED & Entry::PPN, 0);
        assert_eq!(Entry::RESERVED | Entry::PPN | 0x3ff, !0);
        assert_eq!(Entry::pointer(0x8020_3000).0, (0x80203 << 10) | 1);
        assert_eq!(
            Entry::leaf(0x8020_1000, Entry::R | Entry::X).0,
            (0x80201 << 10) | 0b1011
        );
    }

    #[test]
    fn leaves_and_pointers() {
        let p = Entry::pointer(0x8020_3000);
        assert!(p.is_pointer() && !p.is_leaf());
        assert_eq!(p.pa(), 0x8020_3000);
        for rwx in [Entry::R, Entry::X, Entry::R | Entry::W, Entry::RWX] {
            let e = Entry::leaf(0x4000, rwx);
            assert!(e.is_leaf() && !e.is_pointer());
            assert_eq!(e.defect(), None);
        }
        // Not valid: neither, whatever the other bits say.
        let e = Entry(Entry::R | Entry::W | (5 << 10));
        assert!(!e.is_leaf() && !e.is_pointer());
    }

    #[test]
    fn defects_are_found_only_in_valid_entries() {
        assert_eq!(
            Entry::leaf(0x1000, Entry::W).defect(),
            Some(Defect::WriteWithoutRead)
        );
        assert_eq!(
            Entry::leaf(0x1000, Entry::W | Entry::X).defect(),
            Some(Defect::WriteWithoutRead)
        );
        let bad = Entry(Entry::leaf(0x1000, Entry::R).0 | 1 << 63 | 1 << 54);
        assert_eq!(bad.reserved_bits(), 0x8040_0000_0000_0000);
        assert_eq!(
            bad.defect(),
            Some(Defect::ReservedBits(0x8040_0000_0000_0000))
        );
        assert_eq!(
            Entry(Entry::pointer(0x2000).0 | Entry::A | Entry::U).defect(),
            Some(Defect::PointerDAU(Entry::A | Entry::U))
        );
        // G is allowed in a pointer; D/A/U in a leaf.
        assert_eq!(Entry(Entry::pointer(0x2000).0 | Entry::G).defect(), None);
        assert_eq!(Entry(1 << 60 | Entry::W).defect(), None);
        assert_eq!(Entry(1 << 60).reserved_bits(), 1 << 60);
    }

    #[test]
    fn levels_index_and_size() {
        let va = (5u64 << 30) | (7 << 21) | (9 << 12) | 0x123;
        assert_eq!(
            (
                Level::L2.index(va),
                Level::L1.index(va),
                Level::L0.index(va)
            ),
            (5, 7, 9)
        );
        assert_eq!(Level::L2.size(), 1 << 30);
        assert_eq!(Level::L1.size(), 2 << 20);
        assert_eq!(Level::L0.size(), 4096);
        let top = 0xffff_ffff_ffff_f000u64;
        assert_eq!(
            (
                Level::L2.index(top),
                Level::L1.index(top),
                Level::L0.index(top)
            ),
            (511, 511, 511)
        );
        // The upper half starts at root entry 256.
        assert_eq!(
            Level::L2.index(crate::layout::DIRECT_MAP),
            KERNEL_ROOT_FIRST
        );
        assert_eq!(Level::L2.index(crate::layout::USER_END - 1), 255);
        assert_eq!(Level::L2.below(), Some(Level::L1));
        assert_eq!(Level::L0.below(), None);
    }

    #[test]
    fn canonical_addresses() {
        for va in [
            0,
            0x3f_ffff_ffff,
            crate::layout::DIRECT_MAP,
            0xffff_ffff_ffff_ffff,
        ] {
            assert!(is_canonical(va), "{va:#x}");
        }
        for va in [
            crate::layout::USER_END,
            0x80_0000_0000,
            0xffff_ffbf_ffff_ffff,
            0x8000_0000_0000_0000,
            0x7fff_ffff_ffff_ffff,
        ] {
            assert!(!is_canonical(va), "{va:#x}");
        }
    }

    #[test]
    fn debug_decodes_the_entry() {
        let leaf = Entry::leaf(0x8020_1000, Entry::R | Entry::X | Entry::A | Entry::G);
        assert_eq!(format!("{leaf:?}"), "pa 0x80201000 V R X G A");
        assert_eq!(
            format!("{:?}", Entry::pointer(0x8020_3000)),
            "table 0x80203000 V"
        );
        assert_eq!(format!("{:?}", Entry::EMPTY), "empty");
        let protnone = encode(GenericPte::new(
            PhysFrame::containing(0x8040_0000),
            PteFlags::PROTNONE | PteFlags::USER | PteFlags::WRITE,
        ));
        assert_eq!(format!("{protnone:?}"), "invalid, pa 0x80400000 W U RSW=1");
        let corrupt = Entry(leaf.0 | 1 << 61);
        assert_eq!(
            format!("{corrupt:?}"),
            "pa 0x80201000 V R X G A reserved bits 0x2000000000000000"
        );
        assert_eq!(
            format!("{:?}", Entry::leaf(0x1000, Entry::W)),
            "pa 0x1000 V W reserved encoding W without R"
        );
        assert_eq!(
            format!("{:?}", Entry(1 << 58 | 0x3000 >> 2)),
            "invalid, pa 0x3000 reserved bits 0x400000000000000"
        );
    }
}
