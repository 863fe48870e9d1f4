//! The program-status word (PoP "Program-Status Word", 16-byte format).
//!
//! Mask bit numbers below are PoP MSB-0 numbers of the 64-bit mask.

use core::fmt;

use bitflags::bitflags;

bitflags! {
    /// Single-bit controls of the PSW mask.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub struct PswBits: u64 {
        /// Bit 1 (R): PER events can cause interruptions.
        const PER = 1 << 62;
        /// Bit 5 (T): dynamic address translation is on.
        const DAT = 1 << 58;
        /// Bit 6 (IO): I/O interruptions are enabled.
        const IO = 1 << 57;
        /// Bit 7 (EX): external interruptions are enabled.
        const EXT = 1 << 56;
        /// Bit 13 (M): machine-check interruptions are enabled.
        const MCHECK = 1 << 50;
        /// Bit 14 (W): wait state.
        const WAIT = 1 << 49;
        /// Bit 15 (P): problem state (user mode); clear in supervisor state.
        const PROBLEM = 1 << 48;
        /// Bit 31 (EA): extended addressing (with BA: 64-bit mode).
        const EA = 1 << 32;
        /// Bit 32 (BA): basic addressing (31-bit unless EA is also set).
        const BA = 1 << 31;
    }
}

/// PSW bits 16-17: which address space DAT translates instruction and
/// data addresses in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AddressSpaceControl {
    /// 00: primary space (CR1).
    Primary = 0,
    /// 01: access-register mode.
    AccessRegister = 1,
    /// 10: secondary space (CR7).
    Secondary = 2,
    /// 11: home space (CR13).
    Home = 3,
}

impl AddressSpaceControl {
    /// The mode's name as the oops prints it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Primary => "primary",
            Self::AccessRegister => "access-register",
            Self::Secondary => "secondary",
            Self::Home => "home",
        }
    }
}

const KEY_SHIFT: u32 = 52; // bits 8-11
const ASC_SHIFT: u32 = 46; // bits 16-17
const CC_SHIFT: u32 = 44; // bits 18-19
const PM_SHIFT: u32 = 40; // bits 20-23

/// A 16-byte PSW as stored in the lowcore: mask doubleword, then address.
#[derive(Clone, Copy, PartialEq, Eq, Default)]
#[repr(C, align(8))]
pub struct Psw {
    /// PSW bits 0-63.
    pub mask: u64,
    /// PSW bits 64-127: the instruction address.
    pub addr: u64,
}

static_assertions::assert_eq_size!(Psw, [u8; 16]);

impl Psw {
    /// The mask of a 64-bit supervisor-state PSW with every interruption
    /// class disabled and DAT off: what the kernel's new PSWs start with.
    pub const KERNEL_MASK: u64 = PswBits::EA.bits() | PswBits::BA.bits();
    /// A disabled-wait mask: the CPU stops and QEMU (with
    /// `-action panic=exit-failure`) ends the run.
    pub const DISABLED_WAIT_MASK: u64 = Self::KERNEL_MASK | PswBits::WAIT.bits();

    /// A PSW with the given mask and address.
    pub const fn new(mask: u64, addr: u64) -> Self {
        Self { mask, addr }
    }

    /// The single-bit controls.
    pub fn bits(&self) -> PswBits {
        PswBits::from_bits_truncate(self.mask)
    }

    /// Problem state (user mode).
    pub fn is_user(&self) -> bool {
        self.bits().contains(PswBits::PROBLEM)
    }

    /// DAT on.
    pub fn dat(&self) -> bool {
        self.bits().contains(PswBits::DAT)
    }

    /// Bits 8-11: the storage access key.
    pub fn key(&self) -> u8 {
        ((self.mask >> KEY_SHIFT) & 0xf) as u8
    }

    /// Bits 16-17: the address-space control.
    pub fn asc(&self) -> AddressSpaceControl {
        match (self.mask >> ASC_SHIFT) & 3 {
            0 => AddressSpaceControl::Primary,
            1 => AddressSpaceControl::AccessRegister,
            2 => AddressSpaceControl::Secondary,
            _ => AddressSpaceControl::Home,
        }
    }

    /// The mask with the address-space control replaced.
    pub const fn with_asc(mask: u64, asc: AddressSpaceControl) -> u64 {
        (mask & !(3 << ASC_SHIFT)) | ((asc as u64) << ASC_SHIFT)
    }

    /// Bits 18-19: the condition code.
    pub fn cc(&self) -> u8 {
        ((self.mask >> CC_SHIFT) & 3) as u8
    }

    /// Bits 20-23: the program mask.
    pub fn program_mask(&self) -> u8 {
        ((self.mask >> PM_SHIFT) & 0xf) as u8
    }

    /// Addressing mode in bits: 24, 31 or 64 (EA/BA; EA without BA is
    /// invalid and reported as 0).
    pub fn addressing_mode(&self) -> u8 {
        let b = self.bits();
        match (b.contains(PswBits::EA), b.contains(PswBits::BA)) {
            (true, true) => 64,
            (false, true) => 31,
            (false, false) => 24,
            (true, false) => 0,
        }
    }
}

impl fmt::Debug for Psw {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x} {:016x} (", self.mask, self.addr)?;
        let b = self.bits();
        let flag = |on: bool, s: &'static str| if on { s } else { "-" };
        write!(
            f,
            "{} {} {} {} {} {} {} key:{} as:{} cc:{} pm:{:x} {}-bit)",
            flag(b.contains(PswBits::PER), "R"),
            flag(b.contains(PswBits::DAT), "T"),
            flag(b.contains(PswBits::IO), "IO"),
            flag(b.contains(PswBits::EXT), "EX"),
            flag(b.contains(PswBits::MCHECK), "M"),
            flag(b.contains(PswBits::WAIT), "W"),
            if self.is_user() { "P" } else { "S" },
            self.key(),
            self.asc().name(),
            self.cc(),
            self.program_mask(),
            self.addressing_mode(),
        )
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use std::format;

    #[test]
    fn linux_user_mask_decodes() {
        // The user PSW mask Linux saves in a signal frame (docs/fault-model.md §7).
        let p = Psw::new(0x0705_0001_8000_0000, 0x1000);
        assert!(p.dat() && p.is_user());
        assert!(p
            .bits()
            .contains(PswBits::IO | PswBits::EXT | PswBits::MCHECK));
        assert_eq!(p.asc(), AddressSpaceControl::Primary);
        assert_eq!(p.addressing_mode(), 64);
        assert_eq!(p.key(), 0);
    }

    #[test]
    fn fields() {
        let p = Psw::new(
            0x0000_0001_8000_0000 | (0xa << 52) | (3 << 46) | (2 << 44) | (5 << 40),
            0,
        );
        assert_eq!(p.key(), 0xa);
        assert_eq!(p.asc(), AddressSpaceControl::Home);
        assert_eq!(p.cc(), 2);
        assert_eq!(p.program_mask(), 5);
        assert!(!p.is_user());
        assert_eq!(
            Psw::with_asc(p.mask, AddressSpaceControl::Secondary) >> 46 & 3,
            2
        );
    }

    #[test]
    fn disabled_wait_mask_matches_notes() {
        assert_eq!(Psw::DISABLED_WAIT_MASK, 0x0002_0001_8000_0000);
    }

    #[test]
    fn debug_names_everything() {
        let s = format!("{:?}", Psw::new(0x0705_0001_8000_0000, 0x1234));
        assert!(s.contains("T IO EX M - P"), "{s}");
        assert!(s.contains("as:primary") && s.contains("64-bit"), "{s}");
    }
}
