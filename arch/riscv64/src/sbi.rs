//! Calls into the SBI firmware (OpenSBI): only what the kernel needs when
//! the machine gives it nothing better (no UART in the device tree; a hart
//! without Sstc, whose timer only M-mode can set).

use core::arch::asm;

/// Legacy extension "Console Putchar" (SBI v0.1, EID 0x01): still
/// implemented by OpenSBI, and needs no device the kernel must find first.
const EID_CONSOLE_PUTCHAR: u64 = 0x01;

/// Writes `s` through the firmware's console, byte by byte: the console
/// of last resort, for a device tree that names no UART (or cannot be
/// read, which is what there is to report then).
pub fn console_write(s: &str) {
    for &b in s.as_bytes() {
        // SAFETY: an SBI call traps to M-mode and returns; the legacy
        // console call clobbers only a0 (its error code), declared here.
        unsafe {
            asm!("ecall", inlateout("a0") b as u64 => _, in("a7") EID_CONSOLE_PUTCHAR,
                 options(nostack));
        }
    }
}

/// The SBI timer extension ("TIME", SBI v0.2 and later).
const EID_TIME: u64 = 0x5449_4d45;
/// Its function 0, `sbi_set_timer(stime_value)`.
const FID_SET_TIMER: u64 = 0;

/// Programs the supervisor timer: the timer interrupt becomes pending when
/// `time` reaches `stime` (`u64::MAX`: never), and a pending one is
/// cleared (SBI specification, "Timer Extension").
pub fn set_timer(stime: u64) {
    // SAFETY: an SBI call traps to M-mode and returns; it clobbers a0 and
    // a1 (error and value), declared here.
    unsafe {
        asm!("ecall", inlateout("a0") stime => _, lateout("a1") _, in("a6") FID_SET_TIMER,
             in("a7") EID_TIME, options(nostack));
    }
}
