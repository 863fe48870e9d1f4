//! Program-interruption codes (PoP "Program-Interruption Conditions").
//!
//! The halfword the machine stores at lowcore 0x8e carries the exception
//! code in its low bits, plus two modifiers that can accompany any code:
//! 0x80 when a PER event is reported together with it, and 0x200 when the
//! interruption aborted a transaction. [`PgmCode::decode`] keeps them apart.
//!
//! | code | exception                | kind        | old PSW points at     |
//! |------|--------------------------|-------------|-----------------------|
//! | 0x04 | protection               | suppressing | the next instruction  |
//! | 0x10 | segment translation      | nullifying  | the failing one       |
//! | 0x11 | page translation         | nullifying  | the failing one       |
//! | 0x12 | translation specification| suppressing | the next instruction  |
//! | 0x38 | ASCE type                | nullifying  | the failing one       |
//! | 0x39-0x3b | region translation  | nullifying  | the failing one       |
//!
//! To retry a suppressed instruction, rewind the PSW by the ILC; to retry a
//! nullified one, just return.

use core::fmt;

/// PER event indication added to the code (bit 8 of the halfword).
pub const PER_EVENT: u16 = 0x80;
/// Transactional-execution abort indication (bit 6 of the halfword).
pub const TX_ABORT: u16 = 0x200;

macro_rules! codes {
    ($( $(#[$m:meta])* $name:ident = $val:literal, $text:literal, $kind:ident; )*) => {
        /// A program-interruption code without its PER/transaction modifiers.
        #[non_exhaustive]
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum PgmCode {
            $( $(#[$m])* $name, )*
            /// A code this kernel has no name for.
            Unknown(u16),
        }

        impl PgmCode {
            /// Decodes by `match`; [`PgmCode::from_u16`] uses a table
            /// built from this at compile time, because the handler
            /// decodes on every program check.
            const fn decode_slow(v: u16) -> Self {
                match v {
                    $( $val => Self::$name, )*
                    other => Self::Unknown(other),
                }
            }

            /// The numeric value.
            pub const fn value(self) -> u16 {
                match self {
                    $( Self::$name => $val, )*
                    Self::Unknown(v) => v,
                }
            }

            /// The PoP name of the exception.
            pub const fn name(self) -> &'static str {
                match self {
                    $( Self::$name => $text, )*
                    Self::Unknown(_) => "unknown program exception",
                }
            }

            /// How the instruction ends, which decides where the old PSW
            /// points.
            pub const fn ending(self) -> Ending {
                match self {
                    $( Self::$name => Ending::$kind, )*
                    // Most exceptions suppress; assume the PSW moved on.
                    Self::Unknown(_) => Ending::Suppressing,
                }
            }
        }
    };
}

codes! {
    /// Operation exception: unknown or uninstalled opcode.
    Operation = 0x01, "operation", Suppressing;
    /// Privileged-operation exception.
    PrivilegedOperation = 0x02, "privileged operation", Suppressing;
    /// Execute exception.
    Execute = 0x03, "execute", Suppressing;
    /// Protection exception (key, low-address, DAT, IEP, access-list).
    Protection = 0x04, "protection", Suppressing;
    /// Addressing exception: beyond the configured storage.
    Addressing = 0x05, "addressing", Suppressing;
    /// Specification exception.
    Specification = 0x06, "specification", Suppressing;
    /// Data exception.
    Data = 0x07, "data", Suppressing;
    /// Fixed-point overflow.
    FixedPointOverflow = 0x08, "fixed-point overflow", Completing;
    /// Fixed-point divide.
    FixedPointDivide = 0x09, "fixed-point divide", Suppressing;
    /// Decimal overflow.
    DecimalOverflow = 0x0a, "decimal overflow", Completing;
    /// Decimal divide.
    DecimalDivide = 0x0b, "decimal divide", Suppressing;
    /// HFP exponent overflow.
    HfpExponentOverflow = 0x0c, "HFP exponent overflow", Completing;
    /// HFP exponent underflow.
    HfpExponentUnderflow = 0x0d, "HFP exponent underflow", Completing;
    /// HFP significance.
    HfpSignificance = 0x0e, "HFP significance", Completing;
    /// HFP floating-point divide.
    HfpDivide = 0x0f, "HFP floating-point divide", Suppressing;
    /// Segment-translation exception: invalid segment-table entry.
    SegmentTranslation = 0x10, "segment translation", Nullifying;
    /// Page-translation exception: invalid page-table entry.
    PageTranslation = 0x11, "page translation", Nullifying;
    /// Translation-specification exception: malformed table entry.
    TranslationSpecification = 0x12, "translation specification", Suppressing;
    /// Special-operation exception.
    SpecialOperation = 0x13, "special operation", Suppressing;
    /// Operand exception.
    Operand = 0x15, "operand", Suppressing;
    /// Trace-table exception.
    TraceTable = 0x16, "trace table", Nullifying;
    /// Transaction-constraint exception.
    TransactionConstraint = 0x18, "transaction constraint", Suppressing;
    /// Vector-processing exception.
    VectorProcessing = 0x1b, "vector processing", Suppressing;
    /// Space-switch event.
    SpaceSwitch = 0x1c, "space-switch event", Completing;
    /// HFP square-root exception.
    HfpSquareRoot = 0x1d, "HFP square root", Suppressing;
    /// PC-translation-specification exception.
    PcTranslationSpecification = 0x1f, "PC-translation specification", Nullifying;
    /// AFX-translation exception.
    AfxTranslation = 0x20, "AFX translation", Nullifying;
    /// ASX-translation exception.
    AsxTranslation = 0x21, "ASX translation", Nullifying;
    /// LX-translation exception.
    LxTranslation = 0x22, "LX translation", Nullifying;
    /// EX-translation exception.
    ExTranslation = 0x23, "EX translation", Nullifying;
    /// Primary-authority exception.
    PrimaryAuthority = 0x24, "primary authority", Nullifying;
    /// Secondary-authority exception.
    SecondaryAuthority = 0x25, "secondary authority", Nullifying;
    /// ALET-specification exception.
    AletSpecification = 0x28, "ALET specification", Nullifying;
    /// ALEN-translation exception.
    AlenTranslation = 0x29, "ALEN translation", Nullifying;
    /// ALE-sequence exception.
    AleSequence = 0x2a, "ALE sequence", Nullifying;
    /// ASTE-validity exception.
    AsteValidity = 0x2b, "ASTE validity", Nullifying;
    /// ASTE-sequence exception.
    AsteSequence = 0x2c, "ASTE sequence", Nullifying;
    /// Extended-authority exception.
    ExtendedAuthority = 0x2d, "extended authority", Nullifying;
    /// LSTE-sequence exception.
    LsteSequence = 0x2e, "LSTE sequence", Nullifying;
    /// ASTE-instance exception.
    AsteInstance = 0x2f, "ASTE instance", Nullifying;
    /// Stack-full exception.
    StackFull = 0x30, "stack full", Nullifying;
    /// Stack-empty exception.
    StackEmpty = 0x31, "stack empty", Nullifying;
    /// Stack-specification exception.
    StackSpecification = 0x32, "stack specification", Nullifying;
    /// Stack-type exception.
    StackType = 0x33, "stack type", Nullifying;
    /// Stack-operation exception.
    StackOperation = 0x34, "stack operation", Nullifying;
    /// ASCE-type exception: the address is beyond the ASCE's reach.
    AsceType = 0x38, "ASCE type", Nullifying;
    /// Region-first-translation exception.
    RegionFirstTranslation = 0x39, "region-first translation", Nullifying;
    /// Region-second-translation exception.
    RegionSecondTranslation = 0x3a, "region-second translation", Nullifying;
    /// Region-third-translation exception.
    RegionThirdTranslation = 0x3b, "region-third translation", Nullifying;
    /// Monitor event.
    MonitorEvent = 0x40, "monitor event", Completing;
    /// PER event reported alone.
    Per = 0x80, "PER event", Completing;
    /// Crypto-operation exception.
    CryptoOperation = 0x119, "crypto operation", Nullifying;
}

/// Every code below 0x200, decoded once at compile time.
const TABLE: [PgmCode; 0x200] = {
    let mut t = [PgmCode::Unknown(0); 0x200];
    let mut i = 0;
    while i < 0x200 {
        t[i] = PgmCode::decode_slow(i as u16);
        i += 1;
    }
    t
};

impl PgmCode {
    /// The code from its numeric value (modifiers already removed).
    pub const fn from_u16(v: u16) -> Self {
        if (v as usize) < TABLE.len() {
            TABLE[v as usize]
        } else {
            Self::Unknown(v)
        }
    }
}

/// A raw program-interruption code split into the exception and its two
/// modifiers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DecodedCode {
    /// The exception.
    pub code: PgmCode,
    /// A PER event was reported with it (code bit 0x80).
    pub per: bool,
    /// It aborted a transaction (code bit 0x200).
    pub tx_abort: bool,
}

/// How an instruction ends when it raises the exception.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ending {
    /// The instruction had no effect and the PSW points at it: returning
    /// retries it.
    Nullifying,
    /// The instruction had no effect, but the PSW points past it: rewind
    /// by the ILC to retry.
    Suppressing,
    /// The instruction completed; the PSW points past it.
    Completing,
}

/// A program interruption as the machine stored it: the ILC halfword
/// (lowcore 0x8c) and the code halfword (0x8e), decoded on demand. The
/// fault path asks only [`Interruption::is_fault`], a bit test on the raw
/// code; the full decode ([`Interruption::code`]) is a table lookup that
/// reports and rarer paths pay for.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Interruption {
    ilc: u16,
    raw: u16,
}

/// Bit `n` set: exception code `n` is a translation or protection
/// exception, from [`PgmCode::is_fault`] (all of them are below 64).
const FAULT_CODES: u64 = {
    let mut mask = 0u64;
    let mut code = 0;
    while code < 64 {
        if PgmCode::from_u16(code).is_fault() {
            mask |= 1 << code;
        }
        code += 1;
    }
    mask
};

impl PgmCode {
    /// Splits a raw code into the exception and its modifiers.
    pub const fn decode(raw: u16) -> DecodedCode {
        let base = raw & !(PER_EVENT | TX_ABORT);
        // A PER event alone has code 0x80 with nothing else.
        let (code, per) = if raw & !TX_ABORT == PER_EVENT {
            (PgmCode::Per, true)
        } else {
            (PgmCode::from_u16(base), raw & PER_EVENT != 0)
        };
        DecodedCode {
            code,
            per,
            tx_abort: raw & TX_ABORT != 0,
        }
    }

    /// Whether the machine stores a translation-exception identification
    /// for this code (only these may read lowcore 0xa8).
    pub const fn stores_teid(self) -> bool {
        matches!(
            self,
            Self::Protection
                | Self::SegmentTranslation
                | Self::PageTranslation
                | Self::AsceType
                | Self::RegionFirstTranslation
                | Self::RegionSecondTranslation
                | Self::RegionThirdTranslation
        )
    }

    /// Whether this is a translation or protection exception, the ones the
    /// fault handler resolves (docs/fault-model.md §3).
    pub const fn is_fault(self) -> bool {
        self.stores_teid()
    }
}

impl Interruption {
    /// The interruption with this ILC halfword and code halfword.
    pub const fn new(ilc: u16, raw_code: u16) -> Self {
        Self { ilc, raw: raw_code }
    }

    /// The exception, without its modifiers.
    pub const fn code(&self) -> PgmCode {
        PgmCode::decode(self.raw).code
    }

    /// A PER event was reported with it.
    pub const fn per(&self) -> bool {
        self.raw & PER_EVENT != 0
    }

    /// It aborted a transaction.
    pub const fn tx_abort(&self) -> bool {
        self.raw & TX_ABORT != 0
    }

    /// Instruction length in bytes (0, 2, 4 or 6; 0 when not available).
    pub const fn ilc(&self) -> u8 {
        // The machine stores the length in bytes in bits 13-14 of the
        // halfword; docs/s390x.md "Lowcore" records it equal to the length.
        (self.ilc & 0x6) as u8
    }

    /// Whether this is a translation or protection exception, the ones
    /// the fault handler resolves: `code().is_fault()`, tested on the raw
    /// code. A PER event alone (0x80) leaves base code 0, not a fault.
    pub const fn is_fault(&self) -> bool {
        let base = self.raw & !(PER_EVENT | TX_ABORT);
        base < 64 && FAULT_CODES >> base & 1 != 0
    }

    /// Whether this is a protection exception (`code() == Protection`,
    /// tested on the raw code): the one fault that suppresses.
    pub const fn is_protection(&self) -> bool {
        self.raw & !(PER_EVENT | TX_ABORT) == PgmCode::Protection.value()
    }

    /// How far to move the PSW back to point at the failing instruction:
    /// the ILC for suppressing/completing exceptions, 0 for nullifying.
    pub const fn rewind(&self) -> u64 {
        match self.code().ending() {
            Ending::Nullifying => 0,
            Ending::Suppressing | Ending::Completing => self.ilc() as u64,
        }
    }

    /// How far to move the PSW forward to skip the failing instruction
    /// (the expected-fault protocol of the self-tests).
    pub const fn skip(&self) -> u64 {
        match self.code().ending() {
            Ending::Nullifying => self.ilc() as u64,
            Ending::Suppressing | Ending::Completing => 0,
        }
    }
}

impl fmt::Display for PgmCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} exception (code {:#06x})", self.name(), self.value())
    }
}

impl fmt::Debug for Interruption {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}, ilc:{}", self.code(), self.ilc())?;
        if self.per() {
            write!(f, " +PER")?;
        }
        if self.tx_abort() {
            write!(f, " +transaction abort")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use std::format;

    #[test]
    fn modifiers_are_kept_apart() {
        assert_eq!(
            PgmCode::decode(0x11),
            DecodedCode {
                code: PgmCode::PageTranslation,
                per: false,
                tx_abort: false
            }
        );
        assert_eq!(
            PgmCode::decode(0x91),
            DecodedCode {
                code: PgmCode::PageTranslation,
                per: true,
                tx_abort: false
            }
        );
        assert_eq!(
            PgmCode::decode(0x211),
            DecodedCode {
                code: PgmCode::PageTranslation,
                per: false,
                tx_abort: true
            }
        );
        assert_eq!(
            PgmCode::decode(0x291),
            DecodedCode {
                code: PgmCode::PageTranslation,
                per: true,
                tx_abort: true
            }
        );
        assert_eq!(
            PgmCode::decode(0x80),
            DecodedCode {
                code: PgmCode::Per,
                per: true,
                tx_abort: false
            }
        );
        assert_eq!(
            PgmCode::decode(0x119),
            DecodedCode {
                code: PgmCode::CryptoOperation,
                per: false,
                tx_abort: false
            }
        );
    }

    #[test]
    fn every_value_roundtrips_and_is_named() {
        for v in 0..0x200u16 {
            let c = PgmCode::from_u16(v);
            assert_eq!(c.value(), v);
            assert!(!c.name().is_empty());
        }
        assert_eq!(PgmCode::from_u16(0x14), PgmCode::Unknown(0x14));
        assert!(format!("{}", PgmCode::from_u16(0x14)).contains("0x0014"));
    }

    #[test]
    fn endings_match_the_notes() {
        // docs/s390x.md "Program interruptions, observed".
        for c in [0x10, 0x11, 0x38, 0x39, 0x3a, 0x3b] {
            assert_eq!(PgmCode::from_u16(c).ending(), Ending::Nullifying, "{c:#x}");
        }
        for c in [0x04, 0x05, 0x06, 0x12] {
            assert_eq!(PgmCode::from_u16(c).ending(), Ending::Suppressing, "{c:#x}");
        }
    }

    #[test]
    fn fault_codes_route_to_the_fault_handler() {
        let routed: std::vec::Vec<u16> = (0..0x200)
            .filter(|&v| PgmCode::from_u16(v).is_fault())
            .collect();
        assert_eq!(routed, [0x04, 0x10, 0x11, 0x38, 0x39, 0x3a, 0x3b]);
    }

    #[test]
    fn raw_fault_test_agrees_with_the_decode() {
        for raw in 0..0x400u16 {
            let int = Interruption::new(4, raw);
            assert_eq!(int.is_fault(), int.code().is_fault(), "{raw:#x}");
            let prot = int.code() == PgmCode::Protection;
            assert_eq!(int.is_protection(), prot, "{raw:#x}");
            assert_eq!(int.per(), PgmCode::decode(raw).per, "{raw:#x}");
            assert_eq!(int.tx_abort(), PgmCode::decode(raw).tx_abort, "{raw:#x}");
        }
    }

    #[test]
    fn rewind_and_skip() {
        let prot = Interruption::new(4, 0x04);
        assert_eq!((prot.rewind(), prot.skip()), (4, 0));
        let page = Interruption::new(6, 0x11);
        assert_eq!((page.rewind(), page.skip()), (0, 6));
    }
}
