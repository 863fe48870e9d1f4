//! The task layer's timer (`timer.rs`): armed, it makes the supervisor
//! timer interrupt pending at the deadline, and the kernel, which runs
//! with `sstatus.SIE` clear, is not interrupted; disarmed, nothing is
//! pending. That it is taken in U-mode is the generic `preempt` suite's
//! part: its programs hang without it.

use karch::{Arch as _, TIMER_OFF};
use kcore::{kassert, kassert_eq, ktest};

use super::fail;
use crate::csr::{self, sie, sstatus};
use crate::{clock, sbi, timer, Arch};

/// How long a test waits for the interrupt to become pending: far more
/// than the 100 ns of one `time` tick.
const WAIT_NS: u64 = 50_000_000;

/// Spins until the supervisor timer interrupt is pending, or `WAIT_NS`
/// passed (then fails).
fn wait_for_pending() -> Result<(), kcore::ktest::Failure> {
    let give_up = Arch::clock_ns() + WAIT_NS;
    while csr::read_sip() & sie::STIE == 0 {
        if Arch::clock_ns() > give_up {
            return Err(fail("the timer interrupt never became pending"));
        }
        core::hint::spin_loop();
    }
    Ok(())
}

ktest! {
    suite = "riscv64_timer";

    /// The timer interrupt is enabled in `sie`, and the kernel runs with
    /// interrupts off (`sstatus.SIE` clear), so it is taken only in U-mode.
    fn enabled_for_user_mode_only() {
        kassert!(csr::read_sie() & sie::STIE != 0);
        kassert_eq!(csr::read_sstatus() & sstatus::SIE, 0);
        Ok(())
    }

    /// QEMU 7.2's default CPU has Sstc and OpenSBI v1.1 lets S-mode write
    /// `stimecmp`: the timer is set without a call into the firmware, and
    /// `stimecmp` holds the deadline's tick.
    fn stimecmp_holds_the_deadline() {
        kassert!(timer::uses_sstc());
        let deadline = Arch::clock_ns() + 1_000_000_000;
        Arch::set_timer(deadline);
        let armed = csr::read_stimecmp();
        Arch::set_timer(TIMER_OFF);
        kassert_eq!(armed, timer::ticks_for(deadline, clock::timebase_hz()));
        kassert_eq!(csr::read_stimecmp(), timer::NEVER);
        Ok(())
    }

    /// Armed for now, the interrupt becomes pending and the kernel goes on
    /// (it is not taken in S-mode); disarmed, it is no longer pending.
    fn pending_in_the_kernel_is_not_taken() {
        Arch::set_timer(Arch::clock_ns());
        let pending = wait_for_pending();
        Arch::set_timer(TIMER_OFF);
        pending?;
        kassert_eq!(csr::read_sip() & sie::STIE, 0);
        Ok(())
    }

    /// The firmware's timer call (the path of a hart without Sstc) does
    /// the same: pending at the deadline, withdrawn by a later one.
    fn sbi_set_timer_pends_and_withdraws() {
        let now = timer::ticks_for(Arch::clock_ns(), clock::timebase_hz());
        sbi::set_timer(now);
        let pending = wait_for_pending();
        sbi::set_timer(timer::NEVER);
        pending?;
        kassert_eq!(csr::read_sip() & sie::STIE, 0);
        Ok(())
    }
}
