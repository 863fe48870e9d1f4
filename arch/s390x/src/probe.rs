//! Single accesses with a known instruction and length, for self-tests and
//! crash scenarios that provoke program interruptions on purpose.
//!
//! Each is one instruction, so the expected-fault protocol in `expect.rs`
//! can step over it, and the TEID and ILC it produces are predictable.

use core::arch::asm;

/// ILC of [`load`] and [`store`] (`LG`/`STG`, RXY format).
pub const LOAD_STORE_ILC: u8 = 6;

/// Loads the doubleword at `addr` with `LG`.
///
/// # Safety
/// `addr` must be readable memory, or a fault there must be expected (an
/// armed expectation, or a deliberate crash).
pub unsafe fn load(addr: u64) -> u64 {
    let v: u64;
    // SAFETY: per the caller's guarantee.
    unsafe {
        asm!("lg {v}, 0({a})", v = out(reg) v, a = in(reg_addr) addr, options(nostack, readonly))
    };
    v
}

/// Stores `value` at `addr` with `STG`.
///
/// # Safety
/// `addr` must be memory the caller may overwrite, or a fault there must
/// be expected.
pub unsafe fn store(addr: u64, value: u64) {
    // SAFETY: per the caller's guarantee.
    unsafe { asm!("stg {v}, 0({a})", v = in(reg) value, a = in(reg_addr) addr, options(nostack)) };
}

/// Calls the code at `addr` with `BASR %r14` (it must return with
/// `BR %r14`, or fault on the instruction fetch and be resumed at %r14).
///
/// # Safety
/// `addr` must hold a function that preserves every register but r0, r1
/// and r14, or its fetch must fault with an expectation armed to resume at
/// %r14.
pub unsafe fn call(addr: u64) {
    // SAFETY: per the caller's guarantee.
    unsafe {
        asm!("basr %r14, {a}", a = in(reg_addr) addr, out("r14") _, out("r0") _, out("r1") _)
    };
}

/// The bytes of `BR %r14`, to plant as a function that returns at once.
pub const RETURN_INSN: u16 = 0x07fe;

/// Executes `SVC n`.
pub fn svc<const N: u8>() {
    // SAFETY: the SVC handler returns, or ends the run as unexpected.
    unsafe { asm!("svc {n}", n = const N) };
}

/// Executes the invalid opcode 0x0000 (operation exception, ILC 2).
pub fn invalid_opcode() {
    // SAFETY: raises an operation exception; nothing is accessed.
    unsafe { asm!(".short 0x0000", options(nostack)) };
}
