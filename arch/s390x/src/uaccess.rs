//! Kernel access to user memory.
//!
//! The kernel runs in home-space mode (CR13); the current user address
//! space is in CR1 (primary). `MVCOS` (move with optional specifications)
//! names an address space per operand, so one instruction copies between
//! the two without switching modes. Every `MVCOS` here has an exception-
//! table entry: a fault on the user operand goes to the fault handler,
//! which pages the memory in and retries, or, if it cannot, resumes at the
//! fixup, which makes the copy return `Err(Efault)`.

use core::arch::asm;

pub use karch::Efault;

/// Operand-access control for MVCOS: address-space bits 8-9 of the OAC
/// halfword, plus the A bit (15) saying they are valid.
const OAC_PRIMARY: u64 = 0x0001;
const OAC_HOME: u64 = 0x00c1;
/// MVCOS moves at most this many bytes per execution.
const MVCOS_MAX: u64 = 4096;

/// Copies `len` bytes with MVCOS. `oac` is OAC1 (destination) in bits
/// 32-47 and OAC2 (source) in bits 48-63 of GR0.
///
/// # Safety
/// The kernel-side operand must be valid for `len` bytes.
unsafe fn mvcos(dst: u64, src: u64, len: u64, oac: u64) -> Result<(), Efault> {
    // A range that wraps past the top of the 64-bit space is no user
    // buffer (the machine would wrap to page 0); refusing it here also
    // keeps the sums below from overflowing.
    if dst.checked_add(len).is_none() || src.checked_add(len).is_none() {
        return Err(Efault);
    }
    let mut failed: u64 = 0;
    let mut done = 0;
    while done < len {
        let chunk = (len - done).min(MVCOS_MAX);
        // SAFETY: per the caller for the kernel operand; a fault on the user
        // operand is resolved or fixed up through the exception table.
        unsafe {
            asm!(
                "0: .insn ssf,0xc80000000000,0({d}),0({s}),{l}",
                "1:",
                ".pushsection .ex_table, \"a\"",
                ".balign 8",
                ".quad 0b, 2f",
                ".popsection",
                ".pushsection .text.fixup, \"ax\"",
                "2: lghi {f}, 1",
                "   jg 1b",
                ".popsection",
                d = in(reg_addr) dst + done,
                s = in(reg_addr) src + done,
                l = in(reg) chunk,
                f = inout(reg) failed,
                in("r0") oac,
                options(nostack)
            );
        }
        if failed != 0 {
            return Err(Efault);
        }
        done += chunk;
    }
    Ok(())
}

/// Copies from user address `src` into `dst`.
pub fn copy_from_user(dst: &mut [u8], src: u64) -> Result<(), Efault> {
    // SAFETY: dst is a valid kernel buffer of dst.len() bytes.
    unsafe {
        mvcos(
            dst.as_mut_ptr() as u64,
            src,
            dst.len() as u64,
            OAC_HOME << 16 | OAC_PRIMARY,
        )
    }
}

/// Copies `src` to user address `dst`.
pub fn copy_to_user(dst: u64, src: &[u8]) -> Result<(), Efault> {
    // SAFETY: src is a valid kernel buffer of src.len() bytes.
    unsafe {
        mvcos(
            dst,
            src.as_ptr() as u64,
            src.len() as u64,
            OAC_PRIMARY << 16 | OAC_HOME,
        )
    }
}
