//! The trap syndrome: `scause` and `stval`, decoded into a typed cause.
//!
//! `scause` has the interrupt flag in bit 63 and the exception or
//! interrupt code below it (privileged spec, "Supervisor Cause Register",
//! table of codes); `stval` holds the faulting virtual address for
//! address-misaligned, access-fault and page-fault exceptions, and the
//! instruction bits (or 0) for an illegal instruction.

use core::fmt;

use mm::VmaFlags;

/// `scause` bit 63: the trap is an interrupt.
pub const INTERRUPT: u64 = 1 << 63;

/// The synchronous exceptions of the privileged spec.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exception {
    /// 0: instruction address misaligned.
    InstructionMisaligned,
    /// 1: instruction access fault (PMP or bus error on a fetch).
    InstructionAccessFault,
    /// 2: illegal instruction.
    IllegalInstruction,
    /// 3: breakpoint (`ebreak`).
    Breakpoint,
    /// 4: load address misaligned.
    LoadMisaligned,
    /// 5: load access fault.
    LoadAccessFault,
    /// 6: store/AMO address misaligned.
    StoreMisaligned,
    /// 7: store/AMO access fault.
    StoreAccessFault,
    /// 8: environment call from U-mode (a system call).
    UserEcall,
    /// 9: environment call from S-mode (goes to the SBI firmware, so never
    /// seen here).
    SupervisorEcall,
    /// 12: instruction page fault.
    InstructionPageFault,
    /// 13: load page fault.
    LoadPageFault,
    /// 15: store/AMO page fault.
    StorePageFault,
}

/// A decoded `scause`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Cause {
    /// A synchronous exception.
    Exception(Exception),
    /// An interrupt, by code (1 software, 5 timer, 9 external).
    Interrupt(u64),
    /// A code the spec reserves or leaves to platforms: never expected.
    Unknown(u64),
}

/// The kind of access a page fault was for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// An instruction fetch.
    Fetch,
    /// A load.
    Load,
    /// A store or atomic memory operation.
    Store,
}

impl Access {
    /// The VMA access flags of which a fault of this access needs one, by
    /// RISC-V's rule (privileged spec, "Virtual Address Translation
    /// Process"): a store needs `W`, a fetch `X`, a load `R`, or `X` when
    /// `sstatus.MXR` (`mxr`) makes executable pages readable.
    #[inline]
    pub fn vma_access(self, mxr: bool) -> VmaFlags {
        match self {
            Access::Store => VmaFlags::WRITE,
            Access::Fetch => VmaFlags::EXEC,
            Access::Load if mxr => VmaFlags::READ | VmaFlags::EXEC,
            Access::Load => VmaFlags::READ,
        }
    }
}

impl Cause {
    /// Decodes a raw `scause`.
    pub const fn decode(scause: u64) -> Cause {
        if scause & INTERRUPT != 0 {
            return Cause::Interrupt(scause & !INTERRUPT);
        }
        use Exception::*;
        Cause::Exception(match scause {
            0 => InstructionMisaligned,
            1 => InstructionAccessFault,
            2 => IllegalInstruction,
            3 => Breakpoint,
            4 => LoadMisaligned,
            5 => LoadAccessFault,
            6 => StoreMisaligned,
            7 => StoreAccessFault,
            8 => UserEcall,
            9 => SupervisorEcall,
            12 => InstructionPageFault,
            13 => LoadPageFault,
            15 => StorePageFault,
            other => return Cause::Unknown(other),
        })
    }

    /// For a page fault, the access it was for.
    pub const fn page_fault(self) -> Option<Access> {
        match self {
            Cause::Exception(Exception::InstructionPageFault) => Some(Access::Fetch),
            Cause::Exception(Exception::LoadPageFault) => Some(Access::Load),
            Cause::Exception(Exception::StorePageFault) => Some(Access::Store),
            _ => None,
        }
    }

    /// Whether `stval` holds the faulting address for this cause.
    pub const fn stval_is_address(self) -> bool {
        matches!(
            self,
            Cause::Exception(
                Exception::InstructionMisaligned
                    | Exception::InstructionAccessFault
                    | Exception::LoadMisaligned
                    | Exception::LoadAccessFault
                    | Exception::StoreMisaligned
                    | Exception::StoreAccessFault
                    | Exception::InstructionPageFault
                    | Exception::LoadPageFault
                    | Exception::StorePageFault
            )
        )
    }

    /// The spec's name of the cause.
    pub const fn name(self) -> &'static str {
        use Exception::*;
        match self {
            Cause::Exception(e) => match e {
                InstructionMisaligned => "instruction address misaligned",
                InstructionAccessFault => "instruction access fault",
                IllegalInstruction => "illegal instruction",
                Breakpoint => "breakpoint",
                LoadMisaligned => "load address misaligned",
                LoadAccessFault => "load access fault",
                StoreMisaligned => "store/AMO address misaligned",
                StoreAccessFault => "store/AMO access fault",
                UserEcall => "environment call from U-mode",
                SupervisorEcall => "environment call from S-mode",
                InstructionPageFault => "instruction page fault",
                LoadPageFault => "load page fault",
                StorePageFault => "store/AMO page fault",
            },
            Cause::Interrupt(1) => "supervisor software interrupt",
            Cause::Interrupt(5) => "supervisor timer interrupt",
            Cause::Interrupt(9) => "supervisor external interrupt",
            Cause::Interrupt(_) => "interrupt",
            Cause::Unknown(_) => "unknown cause",
        }
    }

    /// The raw `scause` value this cause decodes from.
    pub const fn raw(self) -> u64 {
        use Exception::*;
        match self {
            Cause::Interrupt(n) => n | INTERRUPT,
            Cause::Unknown(n) => n,
            Cause::Exception(e) => match e {
                InstructionMisaligned => 0,
                InstructionAccessFault => 1,
                IllegalInstruction => 2,
                Breakpoint => 3,
                LoadMisaligned => 4,
                LoadAccessFault => 5,
                StoreMisaligned => 6,
                StoreAccessFault => 7,
                UserEcall => 8,
                SupervisorEcall => 9,
                InstructionPageFault => 12,
                LoadPageFault => 13,
                StorePageFault => 15,
            },
        }
    }
}

/// `scause 0xd (load page fault)`, `scause 0x8000000000000005 (supervisor
/// timer interrupt)`, `scause 0x18 (unknown cause 24)`.
impl fmt::Debug for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "scause {:#x} ({}", self.raw(), self.name())?;
        match self {
            Cause::Unknown(n) => write!(f, " {n})"),
            Cause::Interrupt(n) if !matches!(n, 1 | 5 | 9) => write!(f, " {n})"),
            _ => f.write_str(")"),
        }
    }
}

impl fmt::Display for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}

/// A trap's syndrome: the cause with its `stval`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Syndrome {
    /// The decoded `scause`.
    pub cause: Cause,
    /// `stval`.
    pub stval: u64,
}

impl Syndrome {
    /// Decodes `scause` and keeps `stval`.
    pub const fn new(scause: u64, stval: u64) -> Self {
        Self {
            cause: Cause::decode(scause),
            stval,
        }
    }
}

/// `scause 0xf (store/AMO page fault), stval 0x10 (address)`.
impl fmt::Debug for Syndrome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = if self.cause.stval_is_address() {
            "address"
        } else if self.cause == Cause::Exception(Exception::IllegalInstruction) {
            "instruction bits"
        } else {
            "no meaning"
        };
        write!(f, "{:?}, stval {:#x} ({what})", self.cause, self.stval)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_round_trips() {
        for raw in (0..64).chain([INTERRUPT | 1, INTERRUPT | 5, INTERRUPT | 9, INTERRUPT | 3]) {
            assert_eq!(Cause::decode(raw).raw(), raw, "{raw:#x}");
        }
    }

    #[test]
    fn reserved_codes_are_unknown() {
        for raw in [10, 11, 14, 16, 24, 63] {
            assert_eq!(Cause::decode(raw), Cause::Unknown(raw));
        }
    }

    #[test]
    fn page_faults_name_their_access() {
        assert_eq!(Cause::decode(12).page_fault(), Some(Access::Fetch));
        assert_eq!(Cause::decode(13).page_fault(), Some(Access::Load));
        assert_eq!(Cause::decode(15).page_fault(), Some(Access::Store));
        assert_eq!(Cause::decode(5).page_fault(), None);
        assert_eq!(Cause::decode(INTERRUPT | 13).page_fault(), None);
    }

    #[test]
    fn riscv_access_rules() {
        assert_eq!(Access::Store.vma_access(false), VmaFlags::WRITE);
        assert_eq!(Access::Fetch.vma_access(true), VmaFlags::EXEC);
        assert_eq!(Access::Load.vma_access(false), VmaFlags::READ);
        assert_eq!(
            Access::Load.vma_access(true),
            VmaFlags::READ | VmaFlags::EXEC
        );
    }

    #[test]
    fn debug_decodes() {
        assert_eq!(
            alloc::format!("{:?}", Syndrome::new(15, 0x10)),
            "scause 0xf (store/AMO page fault), stval 0x10 (address)"
        );
        assert_eq!(
            alloc::format!("{:?}", Syndrome::new(2, 0x0000_0073)),
            "scause 0x2 (illegal instruction), stval 0x73 (instruction bits)"
        );
        assert_eq!(
            format!("{:?}", Cause::decode(24)),
            "scause 0x18 (unknown cause 24)"
        );
        assert_eq!(
            format!("{:?}", Cause::decode(INTERRUPT | 5)),
            "scause 0x8000000000000005 (supervisor timer interrupt)"
        );
    }
}
