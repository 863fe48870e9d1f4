//! The task layer's timer (`karch::Arch::set_timer`): the supervisor
//! timer interrupt (`scause` interrupt 5).
//!
//! The interrupt is pending while the `time` CSR is at or past the
//! comparison value, which S-mode writes itself in `stimecmp` where the
//! hart has Sstc (the device tree's `riscv,isa` names `sstc`; QEMU 7.2's
//! default CPU does, and OpenSBI v1.1 lets S-mode reach the CSR), and
//! through the SBI timer extension otherwise. Writing a later value
//! withdraws the pending interrupt, so after a tick nothing more arrives
//! until the task layer arms the timer again.
//!
//! `sie.STIE` is set once at boot ([`init`]). The kernel runs with
//! `sstatus.SIE` clear, so the interrupt is never taken in S-mode; in
//! U-mode, S-mode interrupts are always enabled (privileged spec,
//! "Supervisor Status Register": interrupts for a higher privilege mode
//! than the current one are globally enabled whatever its xIE bit), so
//! the interrupt arrives at the first user instruction after the
//! deadline.

use core::sync::atomic::{AtomicBool, Ordering};

/// The supervisor timer interrupt's number in `scause`.
pub const SUPERVISOR_TIMER: u64 = 5;

/// A comparison value `time` never reaches.
pub const NEVER: u64 = u64::MAX;

/// Whether the hart has Sstc (`stimecmp`).
static SSTC: AtomicBool = AtomicBool::new(false);

/// Whether the `riscv,isa` string `isa` names the Sstc extension: the
/// multi-letter extensions follow the single letters, each after a `_`.
pub fn has_sstc(isa: &str) -> bool {
    isa.split('_')
        .skip(1)
        .any(|ext| ext.eq_ignore_ascii_case("sstc"))
}

/// The `time` value at which `deadline` (nanoseconds of the clock) is
/// reached, for a timer at `hz`: the first tick whose nanoseconds read as
/// `deadline` or later. `karch::TIMER_OFF`, and a deadline beyond the
/// counter's range, are [`NEVER`].
pub fn ticks_for(deadline: u64, hz: u64) -> u64 {
    if deadline == karch::TIMER_OFF {
        return NEVER;
    }
    let ticks = (deadline as u128 * hz as u128).div_ceil(1_000_000_000);
    u64::try_from(ticks).unwrap_or(NEVER)
}

/// Enables the supervisor timer interrupt with the timer set to never.
/// At boot, after the clock knows its frequency.
#[cfg(target_arch = "riscv64")]
pub fn init(isa: &str) {
    SSTC.store(has_sstc(isa), Ordering::Relaxed);
    write(NEVER);
    // SAFETY: the timer interrupt is taken only in U-mode (the kernel runs
    // with sstatus.SIE clear), where `traps::trap` hands it to the task
    // layer.
    unsafe { crate::csr::set_sie(crate::csr::sie::STIE) };
}

/// Whether the timer is set through `stimecmp` (Sstc) rather than SBI.
pub fn uses_sstc() -> bool {
    SSTC.load(Ordering::Relaxed)
}

/// Arms the timer for `deadline` (`karch::Arch::set_timer`).
#[cfg(target_arch = "riscv64")]
#[inline]
pub fn set(deadline: u64) {
    write(ticks_for(deadline, crate::clock::timebase_hz()));
}

#[cfg(target_arch = "riscv64")]
fn write(ticks: u64) {
    if uses_sstc() {
        crate::csr::write_stimecmp(ticks);
    } else {
        crate::sbi::set_timer(ticks);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sstc_in_qemus_isa_string() {
        assert!(has_sstc(
            "rv64imafdch_zicsr_zifencei_zihintpause_zba_zbb_zbc_zbs_sstc"
        ));
        assert!(!has_sstc("rv64imafdch_zicsr_zifencei"));
        // Single letters are not extensions named `sstc`.
        assert!(!has_sstc("rv64imafdcsstc"));
    }

    #[test]
    fn the_deadline_tick_reads_as_the_deadline() {
        let hz = 10_000_000;
        for deadline in [0u64, 1, 99, 100, 101, 10_000_000, 3_917_000_123_456_789] {
            let t = ticks_for(deadline, hz);
            let ns = |t: u64| (t as u128 * 1_000_000_000 / hz as u128) as u64;
            assert!(ns(t) >= deadline, "{deadline}");
            if t > 0 {
                assert!(ns(t - 1) < deadline, "{deadline}");
            }
        }
        assert_eq!(ticks_for(karch::TIMER_OFF, hz), NEVER);
        assert_eq!(ticks_for(u64::MAX - 1, 1 << 40), NEVER);
    }
}
