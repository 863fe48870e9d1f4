//! The console: a 16550-compatible UART, polled.
//!
//! QEMU's `virt` machine has an NS16550A at the address the device tree's
//! `/chosen/stdout-path` names; QEMU needs no line setup, and the kernel
//! only transmits.

use core::sync::atomic::{AtomicU64, AtomicU32, Ordering};

use crate::dtb::Uart;
use crate::layout::phys_to_virt;

/// Transmit holding register (write).
const THR: u64 = 0;
/// Line status register.
const LSR: u64 = 5;
/// LSR: the transmit holding register is empty.
const LSR_THRE: u8 = 1 << 5;

/// The UART's kernel address (0 until [`init`]).
static BASE: AtomicU64 = AtomicU64::new(0);
static SHIFT: AtomicU32 = AtomicU32::new(0);

/// Uses `uart` for the console from now on.
pub fn init(uart: Uart) {
    SHIFT.store(uart.shift, Ordering::Relaxed);
    BASE.store(phys_to_virt(uart.base), Ordering::Release);
}

fn reg(n: u64) -> *mut u8 {
    (BASE.load(Ordering::Acquire) + (n << SHIFT.load(Ordering::Relaxed))) as *mut u8
}

fn put(b: u8) {
    // SAFETY: `init` set BASE to the direct-map address of the UART the
    // device tree names; the boot table and the kernel's own tables map
    // that page (kspace.rs), and these are its documented registers.
    unsafe {
        while core::ptr::read_volatile(reg(LSR)) & LSR_THRE == 0 {}
        core::ptr::write_volatile(reg(THR), b);
    }
}

/// Writes `s`, with `\n` as `\r\n` as a terminal expects.
pub fn console_write(s: &str) {
    for &b in s.as_bytes() {
        if b == b'\n' {
            put(b'\r');
        }
        put(b);
    }
}
