//! Single accesses with a known instruction, for self-tests and crash
//! scenarios that provoke exceptions on purpose. Each is one instruction
//! (4 bytes, or 2 for the illegal one), so the expected-exception protocol
//! in `expect.rs` can step over it.

use core::arch::asm;

/// Loads the doubleword at `addr` with `ld`.
///
/// # Safety
/// `addr` must be readable memory, or a fault there must be expected (an
/// armed expectation, or a deliberate crash).
pub unsafe fn load(addr: u64) -> u64 {
    let v: u64;
    // SAFETY: per the caller's guarantee.
    unsafe {
        asm!(".option push", ".option norvc", "ld {v}, 0({a})", ".option pop",
             v = out(reg) v, a = in(reg) addr, options(nostack, readonly))
    };
    v
}

/// Stores `value` at `addr` with `sd`.
///
/// # Safety
/// `addr` must be memory the caller may overwrite, or a fault there must
/// be expected.
pub unsafe fn store(addr: u64, value: u64) {
    // SAFETY: per the caller's guarantee.
    unsafe {
        asm!(".option push", ".option norvc", "sd {v}, 0({a})", ".option pop",
             v = in(reg) value, a = in(reg) addr, options(nostack))
    };
}

/// Calls the code at `addr` with `jalr ra` (it must return with `ret`, or
/// fault on the instruction fetch and be resumed at `ra`).
///
/// # Safety
/// `addr` must hold a function that clobbers nothing but the caller-saved
/// registers, or its fetch must fault with an expectation armed to resume
/// at `ra`.
pub unsafe fn call(addr: u64) {
    // SAFETY: per the caller's guarantee.
    unsafe { asm!("jalr ra, 0({a})", a = in(reg) addr, clobber_abi("C")) };
}

/// The bytes of `ret` (`jalr x0, 0(ra)`), to plant as a function that
/// returns at once.
pub const RETURN_INSN: u32 = 0x0000_8067;

/// Executes the all-zero halfword, which the ISA defines as an illegal
/// (16-bit) instruction. It is one halfword: `.word 0` would be two such
/// instructions, and stepping over the first would land on the second.
pub fn invalid_opcode() {
    // SAFETY: raises an illegal-instruction exception; nothing is accessed.
    unsafe { asm!(".2byte 0", options(nostack)) };
}
