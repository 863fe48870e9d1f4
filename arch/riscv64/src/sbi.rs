//! Calls into the SBI firmware (OpenSBI): only what the kernel needs when
//! the device tree gave it nothing better.

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
