//! Time: the `time` CSR for the monotonic clock, and the Goldfish RTC of
//! QEMU's `virt` machine for the time of day, read once at boot.

use core::sync::atomic::{AtomicU64, Ordering};

use crate::csr;
use crate::layout::phys_to_virt;

/// Ticks per second of the `time` CSR (the device tree's
/// `timebase-frequency`).
static TIMEBASE_HZ: AtomicU64 = AtomicU64::new(1);
/// Nanoseconds since the Unix epoch at `clock_ns() == 0`.
static EPOCH_OFFSET_NS: AtomicU64 = AtomicU64::new(0);

/// Goldfish RTC registers: nanoseconds since the epoch, low word first
/// (reading it latches the high word).
const RTC_TIME_LOW: u64 = 0x00;
const RTC_TIME_HIGH: u64 = 0x04;

/// Sets the timer frequency, and reads the RTC at physical address `rtc`
/// (if the machine has one) to anchor the time of day.
pub fn init(timebase_hz: u64, rtc: Option<u64>) {
    TIMEBASE_HZ.store(timebase_hz, Ordering::Relaxed);
    if let Some(pa) = rtc {
        let base = phys_to_virt(pa);
        // SAFETY: the device tree names a Goldfish RTC here, mapped in the
        // boot table and the kernel's tables; these are its registers.
        let unix = unsafe {
            let low = core::ptr::read_volatile((base + RTC_TIME_LOW) as *const u32);
            let high = core::ptr::read_volatile((base + RTC_TIME_HIGH) as *const u32);
            (high as u64) << 32 | low as u64
        };
        EPOCH_OFFSET_NS.store(unix.saturating_sub(clock_ns()), Ordering::Relaxed);
    }
}

/// Ticks per second of the `time` CSR.
pub fn timebase_hz() -> u64 {
    TIMEBASE_HZ.load(Ordering::Relaxed)
}

/// Nanoseconds since reset.
pub fn clock_ns() -> u64 {
    let hz = TIMEBASE_HZ.load(Ordering::Relaxed) as u128;
    (csr::read_time() as u128 * 1_000_000_000 / hz) as u64
}

/// Nanoseconds since the Unix epoch.
pub fn unix_time_ns() -> u64 {
    EPOCH_OFFSET_NS.load(Ordering::Relaxed) + clock_ns()
}
