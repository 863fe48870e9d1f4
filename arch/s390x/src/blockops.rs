//! Page-sized clears and copies with the block instructions QEMU runs
//! fastest: `XC` of an area with itself (zero) and `MVC`, 256 bytes each,
//! and the sweep that keeps QEMU 7.2 from running stale translated code.

use core::arch::asm;

/// Zeroes the 4 KiB page at `addr`.
pub fn zero_page(addr: u64) {
    // SAFETY: callers pass the address of a whole, identity-mapped frame
    // they own; XC of an operand with itself stores zeros.
    unsafe {
        asm!(
            "lghi {n}, 16",
            "0: xc 0(256, {p}), 0({p})",
            "la {p}, 256({p})",
            "brctg {n}, 0b",
            p = inout(reg_addr) addr => _,
            n = out(reg) _,
            options(nostack)
        )
    }
}

/// Copies the 4 KiB page at `src` to `dst`.
pub fn copy_page(dst: u64, src: u64) {
    // SAFETY: callers pass two whole, identity-mapped, distinct frames.
    unsafe {
        asm!(
            "lghi {n}, 16",
            "0: mvc 0(256, {d}), 0({s})",
            "la {d}, 256({d})",
            "la {s}, 256({s})",
            "brctg {n}, 0b",
            d = inout(reg_addr) dst => _,
            s = inout(reg_addr) src => _,
            n = out(reg) _,
            options(nostack)
        )
    }
}

/// Whether the 256 bytes at `addr` equal those at `template`: one `CLC`,
/// so a caller can skip a whole row of empty table entries at once.
pub fn equal_256(addr: u64, template: &[u64; 32]) -> bool {
    let equal: u64;
    // SAFETY: callers pass 256 readable, identity-mapped bytes at `addr`;
    // `template` is a 256-byte reference. CLC only reads both.
    unsafe {
        asm!(
            "lghi {r}, 0",
            "clc 0(256, {a}), 0({t})",
            "jne 0f",
            "lghi {r}, 1",
            "0:",
            a = in(reg_addr) addr,
            t = in(reg_addr) template.as_ptr(),
            r = out(reg) equal,
            options(nostack, readonly)
        )
    }
    equal != 0
}

/// Makes QEMU forget translated code from the 4 KiB page at `addr` by
/// storing every doubleword back unchanged.
///
/// QEMU 7.2's block-store helpers (MVC, XC, MVCOS, ...) invalidate only the
/// translation blocks that cover the *first* byte they store to a page, so
/// a frame that once held executed code, freed and then filled with new
/// code by those instructions, can keep running the old code. Ordinary
/// 8-byte stores invalidate what they cover. The backend calls this when
/// an executable mapping of a frame goes away, so no frame is reused with
/// stale translations (found by running two different user programs in a
/// row; the second executed the first one's code).
pub fn forget_code(addr: u64) {
    // SAFETY: callers pass a whole, identity-mapped frame; each doubleword
    // is stored back with the value just loaded, so memory is unchanged
    // even if the frame is still mapped elsewhere.
    unsafe {
        asm!(
            "lghi {n}, 512",
            "0: lg {v}, 0({p})",
            "stg {v}, 0({p})",
            "la {p}, 8({p})",
            "brctg {n}, 0b",
            p = inout(reg_addr) addr => _,
            n = out(reg) _,
            v = out(reg) _,
            options(nostack)
        )
    }
}
