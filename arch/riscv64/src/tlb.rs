//! `sfence.vma`: making this hart's address translation agree with the
//! page tables as they are now.
//!
//! The privileged spec lets a hart cache any entry its walks read (and
//! walk speculatively, at any time, for any address), *including entries
//! with V clear*, and it orders the hart's own stores to the tables
//! before its later implicit reads of them only through SFENCE.VMA:
//! - `rs1 = va`, `rs2 = x0`: orders and drops the *leaf* entries of `va`,
//!   in every address space, global mappings included;
//! - `rs1 = rs2 = x0`: orders and drops entries at every level, in every
//!   address space.
//!
//! The fence is local to the hart. This kernel runs one hart; a second
//! one would need the same fence sent to it (Linux's remote
//! `sfence.vma` through SBI).
//!
//! Each caller says why its fence is needed and why this one is enough.

use core::arch::asm;

/// `sfence.vma va, x0`: later translations of `va` on this hart use its
/// leaf entry as it is now, in every address space (global mappings
/// too). Enough after a change to a leaf entry only.
#[inline(always)]
pub fn fence_page(va: u64) {
    // SAFETY: SFENCE.VMA writes no register and no memory and cannot
    // trap in S-mode (satp.MODE is writable on this machine, and an
    // invalid address in rs1 makes it a no-op). It only discards cached
    // translations, so later accesses translate through the tables as
    // they are; no memory access of this program relies on a stale one.
    // It is not `nomem`: the compiler must keep the table stores before
    // it.
    unsafe { asm!("sfence.vma {0}, zero", in(reg) va, options(nostack, preserves_flags)) };
}

/// `sfence.vma x0, x0`: later translations on this hart use the tables as
/// they are now, at every level, in every address space. Needed after a
/// change to a non-leaf entry.
#[inline(always)]
pub fn fence_all() {
    // SAFETY: as for `fence_page`.
    unsafe { asm!("sfence.vma zero, zero", options(nostack, preserves_flags)) };
}

/// `fence.i`: later instruction fetches on this hart see every store made
/// before it. RISC-V does not keep instruction fetches coherent with
/// stores (the unprivileged spec, "Zifencei"): a page the kernel filled
/// (a program's text read from its file, a copy-on-write copy of code)
/// must be fenced before this hart may execute it.
#[inline(always)]
pub fn fence_i() {
    // SAFETY: FENCE.I writes no register and no memory and never traps;
    // it only orders stores before later fetches. Not `nomem`, so that
    // the compiler keeps the stores that filled the page before it.
    unsafe { asm!("fence.i", options(nostack, preserves_flags)) };
}
