//! The task layer's timer (`karch::Arch::set_timer`): the clock
//! comparator.
//!
//! The clock comparator raises an external interruption (code
//! [`EXT_CLOCK_COMPARATOR`]) when the TOD clock passes the value set with
//! `SCKC`, if the clock-comparator subclass is enabled in CR0 and the
//! external mask in the PSW. The subclass is enabled once at boot
//! ([`init`]); the external mask is on only in the user PSW (Linux's user
//! mask, [`crate::usermode::USER_PSW_MASK`]), never in the kernel's, so
//! the interruption is taken only in problem state, at the first user
//! instruction after the deadline. Setting a new value withdraws an
//! interruption the old one made pending and did not deliver (QEMU 7.2:
//! `update_ckc_timer`), so after a tick nothing more arrives until the
//! task layer arms the timer again.
//!
//! It is the clock comparator rather than the CPU timer because the task
//! layer's deadlines (a slice's end, a sleeper's) are points on the same
//! clock as `karch::Arch::clock_ns`, the TOD clock.

/// The external-interruption code of the clock comparator (PoP "Clock
/// Comparator", lowcore 0x86).
pub const EXT_CLOCK_COMPARATOR: u16 = 0x1004;

/// CR0 PoP bit 52: the clock-comparator subclass mask (Linux's bit 11).
pub const CR0_CLOCK_COMPARATOR_SUBMASK: u64 = 1 << 11;

/// The TOD clock advances 4096 units per microsecond (bit 51 is 1 µs).
const TOD_UNITS_PER_US: u128 = 4096;

/// A clock-comparator value no TOD clock value exceeds: never.
pub const NEVER: u64 = u64::MAX;

/// Nanoseconds of `karch::Arch::clock_ns` as a TOD clock value.
pub fn ns_to_tod(ns: u64) -> u128 {
    ns as u128 * TOD_UNITS_PER_US / 1000
}

/// TOD clock units as the nanoseconds of `karch::Arch::clock_ns`.
pub fn tod_to_ns(tod: u64) -> u64 {
    (tod as u128 * 1000 / TOD_UNITS_PER_US) as u64
}

/// The clock-comparator value for `deadline` (nanoseconds of the TOD
/// clock): the interruption condition is "TOD clock > comparator", so the
/// comparator is the last TOD value still before the deadline, and the
/// first value that interrupts reads as `deadline` or later. A deadline
/// beyond the clock's range (`karch::TIMER_OFF`) is [`NEVER`].
pub fn comparator_for(deadline: u64) -> u64 {
    let tod = ns_to_tod(deadline);
    // ceil(deadline in TOD units) - 1: the TOD values above it are the
    // ones whose nanoseconds reach the deadline.
    let first = if tod_to_ns_wide(tod) < deadline as u128 {
        tod + 1
    } else {
        tod
    };
    u64::try_from(first.saturating_sub(1)).unwrap_or(NEVER)
}

fn tod_to_ns_wide(tod: u128) -> u128 {
    tod * 1000 / TOD_UNITS_PER_US
}

/// Enables the clock-comparator subclass, with the comparator set to
/// never. At boot, before any task runs.
#[cfg(target_arch = "s390x")]
pub fn init() {
    crate::asm::set_clock_comparator(NEVER);
    // SAFETY: the subclass enables only clock-comparator interruptions,
    // which `traps::external` handles; the kernel's PSW keeps every
    // external interruption disabled.
    unsafe { crate::asm::load_cr::<0>(crate::asm::store_cr::<0>() | CR0_CLOCK_COMPARATOR_SUBMASK) };
}

/// Arms the timer for `deadline` (`karch::Arch::set_timer`).
#[cfg(target_arch = "s390x")]
#[inline]
pub fn set(deadline: u64) {
    crate::asm::set_clock_comparator(comparator_for(deadline));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_interrupting_tod_value_reaches_the_deadline() {
        for deadline in [
            0u64,
            1,
            243,
            244,
            245,
            1000,
            10_000_000,
            3_917_000_123_456_789,
        ] {
            let c = comparator_for(deadline);
            // TOD values above the comparator interrupt.
            assert!(tod_to_ns(c + 1) >= deadline, "{deadline}: {c}");
            // The comparator itself does not, and it reads before it.
            if deadline > 0 {
                assert!(tod_to_ns(c) < deadline, "{deadline}: {c}");
            }
        }
    }

    #[test]
    fn off_is_never() {
        assert_eq!(comparator_for(u64::MAX), NEVER);
    }
}
