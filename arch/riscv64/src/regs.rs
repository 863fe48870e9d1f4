//! The trap frame: the register state a trap saved.
//!
//! Its first 32 words are Linux's `struct user_regs_struct` (the program
//! counter in place of the always-zero `x0`, then `x1`-`x31`), so that a
//! signal frame's `sc_regs` is a plain copy of them.

use core::mem::{offset_of, size_of};

use static_assertions::const_assert_eq;

/// The ABI names of the 32 slots of [`PtRegs::regs`]: slot 0 is the
/// program counter, slot `n` is register `xn`.
pub const REG_NAMES: [&str; 32] = [
    "pc", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
    "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5",
    "t6",
];

/// Slot of the program counter (`sepc` at the trap).
pub const PC: usize = 0;
/// Slot of the return address `x1`.
pub const RA: usize = 1;
/// Slot of the stack pointer `x2`.
pub const SP: usize = 2;
/// Slot of the thread pointer `x4`.
pub const TP: usize = 4;
/// Slot of `a0` (`x10`): first argument and return value.
pub const A0: usize = 10;
/// Slot of `a7` (`x17`): the system-call number.
pub const A7: usize = 17;

/// The machine state saved at a trap.
#[repr(C)]
#[derive(Clone, Debug, Default)]
pub struct PtRegs {
    /// `pc` (the trap's `sepc`), then `x1`-`x31`.
    pub regs: [u64; 32],
    /// `sstatus` at the trap (its SPP says where the trap came from, SPIE
    /// the interrupt enable to return with, FS the user's FP state).
    pub sstatus: u64,
    /// `stval` at the trap: the faulting address, or the instruction bits
    /// of an illegal instruction.
    pub stval: u64,
    /// `scause` at the trap.
    pub scause: u64,
    /// `a0` as the system call received it: the return value overwrites
    /// `a0`, and a restarted call needs its first argument back.
    pub orig_a0: u64,
}

/// Byte offsets the entry assembly uses.
pub mod off {
    use super::*;
    /// `regs[n]`.
    pub const fn reg(n: usize) -> usize {
        offset_of!(PtRegs, regs) + n * 8
    }
    /// `sstatus`.
    pub const SSTATUS: usize = offset_of!(PtRegs, sstatus);
    /// `stval`.
    pub const STVAL: usize = offset_of!(PtRegs, stval);
    /// `scause`.
    pub const SCAUSE: usize = offset_of!(PtRegs, scause);
    /// `orig_a0`.
    pub const ORIG_A0: usize = offset_of!(PtRegs, orig_a0);
}

const_assert_eq!(size_of::<PtRegs>(), 36 * 8);
const_assert_eq!(off::SSTATUS, 256);
// The entry keeps the stack 16-byte aligned (the psABI's rule).
const_assert_eq!(size_of::<PtRegs>() % 16, 0);
