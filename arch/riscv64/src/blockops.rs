//! Page-sized clears and copies, eight doublewords per loop iteration:
//! the fault path clears a page for every first write to anonymous
//! memory and copies one for every copy-on-write, and `make bench`
//! counts their instructions (`memset`/`memcpy` from compiler-builtins
//! take about three times as many).

use core::arch::asm;

/// Zeroes the 4 KiB page at kernel address `addr`.
///
/// # Safety
/// `addr` is the address of a whole, mapped frame the caller owns.
pub unsafe fn zero_page(addr: u64) {
    // SAFETY: per the caller: 4096 writable bytes from `addr`.
    unsafe {
        asm!(
            "li {end}, 4096",
            "add {end}, {end}, {p}",
            "1:",
            "sd zero, 0({p})",
            "sd zero, 8({p})",
            "sd zero, 16({p})",
            "sd zero, 24({p})",
            "sd zero, 32({p})",
            "sd zero, 40({p})",
            "sd zero, 48({p})",
            "sd zero, 56({p})",
            "addi {p}, {p}, 64",
            "bne {p}, {end}, 1b",
            p = inout(reg) addr => _,
            end = out(reg) _,
            options(nostack)
        )
    }
}

/// Copies the 4 KiB page at kernel address `src` to `dst`.
///
/// # Safety
/// `dst` and `src` are the addresses of two whole, mapped, distinct
/// frames; the caller owns `dst`.
pub unsafe fn copy_page(dst: u64, src: u64) {
    // SAFETY: per the caller: 4096 readable bytes at `src`, 4096
    // writable ones at `dst`, not overlapping.
    unsafe {
        asm!(
            "li {end}, 4096",
            "add {end}, {end}, {s}",
            "1:",
            "ld {t0}, 0({s})",
            "ld {t1}, 8({s})",
            "ld {t2}, 16({s})",
            "ld {t3}, 24({s})",
            "sd {t0}, 0({d})",
            "sd {t1}, 8({d})",
            "sd {t2}, 16({d})",
            "sd {t3}, 24({d})",
            "ld {t0}, 32({s})",
            "ld {t1}, 40({s})",
            "ld {t2}, 48({s})",
            "ld {t3}, 56({s})",
            "sd {t0}, 32({d})",
            "sd {t1}, 40({d})",
            "sd {t2}, 48({d})",
            "sd {t3}, 56({d})",
            "addi {s}, {s}, 64",
            "addi {d}, {d}, 64",
            "bne {s}, {end}, 1b",
            d = inout(reg) dst => _,
            s = inout(reg) src => _,
            end = out(reg) _,
            t0 = out(reg) _,
            t1 = out(reg) _,
            t2 = out(reg) _,
            t3 = out(reg) _,
            options(nostack)
        )
    }
}
