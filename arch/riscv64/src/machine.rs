//! Ending the run through the SiFive test device of QEMU's `virt`
//! machine: writing `FINISHER_PASS` makes QEMU exit 0, `FINISHER_FAIL`
//! with a code in the upper half makes it exit with that code.

use core::sync::atomic::{AtomicU64, Ordering};

use crate::layout::phys_to_virt;

/// `FINISHER_PASS`.
const FINISHER_PASS: u32 = 0x5555;
/// `FINISHER_FAIL`; the exit code goes in bits 31-16.
const FINISHER_FAIL: u32 = 0x3333;
/// QEMU exits with this code for a failed run, as the s390x runs do.
const FAILURE_CODE: u32 = 1;

/// Where the test device is on QEMU's `virt` machine (its memory map),
/// used if the device tree could not be read.
pub const VIRT_TEST_DEVICE: u64 = 0x10_0000;

static TEST_DEVICE: AtomicU64 = AtomicU64::new(VIRT_TEST_DEVICE);

/// Uses the test device at physical address `pa`.
pub fn init(pa: u64) {
    TEST_DEVICE.store(pa, Ordering::Relaxed);
}

/// The test device's physical address.
pub fn test_device() -> u64 {
    TEST_DEVICE.load(Ordering::Relaxed)
}

/// Ends the run: QEMU exits 0 for `true`, 1 for `false`.
pub fn exit(success: bool) -> ! {
    let value = if success {
        FINISHER_PASS
    } else {
        FINISHER_FAIL | FAILURE_CODE << 16
    };
    let reg = phys_to_virt(TEST_DEVICE.load(Ordering::Relaxed)) as *mut u32;
    // SAFETY: the device page is mapped in the boot table and in the
    // kernel's own tables (kspace.rs); writing its one register stops QEMU.
    unsafe { core::ptr::write_volatile(reg, value) };
    // QEMU stops at the store; should a machine not, wait without
    // running anything.
    loop {
        // SAFETY: `wfi` only waits for an interrupt, which are off.
        unsafe { core::arch::asm!("wfi", options(nomem, nostack)) };
    }
}
