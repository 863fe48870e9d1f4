//! The translation-exception identification (TEID), stored at lowcore
//! 0xa8 for translation and protection exceptions (PoP "Translation-
//! Exception Identification"; bit numbers are MSB-0 of the doubleword).
//!
//! | PoP bits | field                                  | accessor |
//! |----------|----------------------------------------|----------|
//! | 0-51     | failing page address                   | [`Teid::address`] |
//! | 52-53    | fetch/store indication (facility 75)   | [`Teid::access`] |
//! | 56,60,61 | protection code (ESOP-2, facility 131) | [`Teid::protection`] |
//! | 62-63    | ASCE used for the access               | [`Teid::space`] |

use core::fmt;

/// Bits 0-51: the page that failed.
const ADDR_MASK: u64 = !0xfff;
/// Bits 52-53: fetch/store indication.
const FSI_MASK: u64 = 0xc00;
/// FSI 0b01: the access was a store.
const FSI_STORE: u64 = 0x400;
/// FSI 0b10: the access was a fetch.
const FSI_FETCH: u64 = 0x800;
/// Bit 56: protection-code bit (low-address / IEP).
const B56: u64 = 0x80;
/// Bit 60: protection-code bit (key / access-list).
const B60: u64 = 0x08;
/// Bit 61: protection-code bit (DAT / access-list / IEP).
const B61: u64 = 0x04;
/// Bits 62-63: address-space indication.
const AS_MASK: u64 = 0x3;

/// A raw TEID with typed accessors.
#[derive(Clone, Copy, PartialEq, Eq, Default)]
pub struct Teid(pub u64);

/// Bits 52-53: whether the failing access fetched or stored. Only
/// meaningful when facility 75 is installed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// 0b00: the machine did not say.
    Unknown,
    /// 0b01: a store.
    Store,
    /// 0b10: a fetch (operand or instruction).
    Fetch,
    /// 0b11: reserved; treated as unknown.
    Reserved,
}

/// Bits 62-63: which ASCE translated the failing address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Space {
    /// 00: primary ASCE (CR1).
    Primary,
    /// 01: an access-register-specified ASCE.
    AccessRegister,
    /// 10: secondary ASCE (CR7).
    Secondary,
    /// 11: home ASCE (CR13).
    Home,
}

/// Bits 56, 60, 61 of a protection exception's TEID (ESOP-2 encoding).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Protection {
    /// 000: no indication; address and space are unpredictable.
    Unpredictable,
    /// 001: DAT protection (page or segment protect bit).
    Dat,
    /// 010: key-controlled protection; address unpredictable.
    Key,
    /// 011: access-list-controlled protection.
    AccessList,
    /// 100: low-address protection (real 0-511, 4096-4607).
    LowAddress,
    /// 101: instruction-execution protection (no-exec page).
    Iep,
    /// 110, 111: reserved codes.
    Reserved(u8),
}

impl Teid {
    /// Bits 0-51: the failing page address.
    pub const fn address(self) -> u64 {
        self.0 & ADDR_MASK
    }

    /// Bits 52-53 decoded.
    pub const fn access(self) -> Access {
        match self.0 & FSI_MASK {
            0 => Access::Unknown,
            FSI_STORE => Access::Store,
            FSI_FETCH => Access::Fetch,
            _ => Access::Reserved,
        }
    }

    /// A store, per the fetch/store indication.
    pub const fn is_store(self) -> bool {
        matches!(self.access(), Access::Store)
    }

    /// A fetch, per the fetch/store indication.
    pub const fn is_fetch(self) -> bool {
        matches!(self.access(), Access::Fetch)
    }

    /// Bits 62-63 decoded.
    pub const fn space(self) -> Space {
        match self.0 & AS_MASK {
            0 => Space::Primary,
            1 => Space::AccessRegister,
            2 => Space::Secondary,
            _ => Space::Home,
        }
    }

    /// The 3-bit protection code (b56 b60 b61).
    pub const fn protection_code(self) -> u8 {
        (((self.0 & B56) != 0) as u8) << 2
            | (((self.0 & B60) != 0) as u8) << 1
            | ((self.0 & B61) != 0) as u8
    }

    /// Bits 56, 60, 61 decoded; meaningful only for a protection exception.
    pub const fn protection(self) -> Protection {
        match self.protection_code() {
            0b000 => Protection::Unpredictable,
            0b001 => Protection::Dat,
            0b010 => Protection::Key,
            0b011 => Protection::AccessList,
            0b100 => Protection::LowAddress,
            0b101 => Protection::Iep,
            other => Protection::Reserved(other),
        }
    }

    /// Whether the address and space bits can be trusted for a protection
    /// exception: for low-address, key and unpredictable codes they are not.
    pub const fn protection_address_valid(self) -> bool {
        matches!(
            self.protection(),
            Protection::Dat | Protection::AccessList | Protection::Iep
        )
    }
}

impl Space {
    /// The name the oops prints.
    pub fn name(self) -> &'static str {
        match self {
            Space::Primary => "primary",
            Space::AccessRegister => "access-register",
            Space::Secondary => "secondary",
            Space::Home => "home",
        }
    }
}

impl fmt::Debug for Teid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "TEID {:#x}: address {:#x}, {:?}, {} space, protection {:?}",
            self.0,
            self.address(),
            self.access(),
            self.space().name(),
            self.protection()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every TEID observed in docs/s390x.md "Observed TEID values".
    #[test]
    fn observed_values() {
        let load = Teid(0x300800);
        assert_eq!(load.address(), 0x300000);
        assert_eq!(load.access(), Access::Fetch);
        assert_eq!(load.space(), Space::Primary);

        let store = Teid(0x301400);
        assert_eq!((store.address(), store.access()), (0x301000, Access::Store));

        let seg = Teid(0x500400);
        assert_eq!((seg.address(), seg.access()), (0x500000, Access::Store));

        let dat = Teid(0x302404);
        assert_eq!(dat.address(), 0x302000);
        assert_eq!(dat.access(), Access::Store);
        assert_eq!(dat.protection(), Protection::Dat);
        assert!(dat.protection_address_valid());

        let lap = Teid(0x480);
        assert_eq!(lap.protection(), Protection::LowAddress);
        assert_eq!(lap.access(), Access::Store);
        assert!(!lap.protection_address_valid());

        let iep = Teid(0x7000_0884);
        assert_eq!(iep.address(), 0x7000_0000);
        assert_eq!(iep.access(), Access::Fetch);
        assert_eq!(iep.protection(), Protection::Iep);
    }

    /// Every combination of the bit fields decodes each field on its own.
    #[test]
    fn every_field_combination() {
        let addrs = [0u64, 0x1000, 0x7fff_ffff_f000, 0xffff_ffff_ffff_f000];
        for addr in addrs {
            for fsi in 0..4u64 {
                for code in 0..8u64 {
                    for asce in 0..4u64 {
                        for junk in [0u64, 0x370] {
                            // junk: bits 54-55, 57-59 are not fields.
                            let raw = addr
                                | fsi << 10
                                | (code >> 2 & 1) << 7
                                | (code >> 1 & 1) << 3
                                | (code & 1) << 2
                                | asce
                                | junk;
                            let t = Teid(raw);
                            assert_eq!(t.address(), addr);
                            assert_eq!(
                                t.access(),
                                [
                                    Access::Unknown,
                                    Access::Store,
                                    Access::Fetch,
                                    Access::Reserved
                                ][fsi as usize]
                            );
                            assert_eq!(t.protection_code() as u64, code);
                            assert_eq!(
                                t.space(),
                                [
                                    Space::Primary,
                                    Space::AccessRegister,
                                    Space::Secondary,
                                    Space::Home
                                ][asce as usize]
                            );
                            let p = t.protection();
                            match code {
                                6 | 7 => assert_eq!(p, Protection::Reserved(code as u8)),
                                _ => assert_ne!(p, Protection::Reserved(code as u8)),
                            }
                            assert_eq!(t.is_store(), fsi == 1);
                            assert_eq!(t.is_fetch(), fsi == 2);
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn debug_decodes() {
        extern crate std;
        let s = std::format!("{:?}", Teid(0x302404));
        assert!(
            s.contains("0x302000") && s.contains("Store") && s.contains("Dat"),
            "{s}"
        );
        assert!(s.contains("primary space"), "{s}");
    }
}
