//! The task layer's timer (`timer.rs`): the clock comparator, whose
//! external interruption is enabled in CR0 and taken only in problem
//! state. That it arrives there is the generic `preempt` suite's part: its
//! programs hang without it.

use karch::{Arch as _, TIMER_OFF};
use kcore::{kassert, kassert_eq, ktest};

use crate::psw::{Psw, PswBits};
use crate::usermode::USER_PSW_MASK;
use crate::{asm, timer, Arch};

/// How far past an armed deadline the kernel spins to show that it is not
/// interrupted.
const PAST_NS: u64 = 2_000_000;

ktest! {
    suite = "s390x_timer";

    /// CR0 enables the clock-comparator subclass; the user PSW enables
    /// external interruptions and no new PSW does, so the interruption is
    /// taken in problem state only, never inside a handler.
    fn enabled_in_problem_state_only() {
        kassert!(asm::store_cr::<0>() & timer::CR0_CLOCK_COMPARATOR_SUBMASK != 0);
        kassert!(USER_PSW_MASK & PswBits::EXT.bits() != 0);
        let psws: [Psw; 6] = [
            crate::lc_read!(restart_new_psw),
            crate::lc_read!(external_new_psw),
            crate::lc_read!(svc_new_psw),
            crate::lc_read!(program_new_psw),
            crate::lc_read!(mcck_new_psw),
            crate::lc_read!(io_new_psw),
        ];
        for psw in psws {
            kassert!(!psw.bits().contains(PswBits::EXT), "new PSW {:?}", psw);
        }
        Ok(())
    }

    /// Armed, the comparator holds the deadline's TOD value; the kernel
    /// spins past it uninterrupted (a clock-comparator interruption in the
    /// kernel would end the run as unexpected); disarmed, it is never.
    fn armed_deadline_passes_in_the_kernel() {
        let deadline = Arch::clock_ns();
        Arch::set_timer(deadline);
        let armed = asm::clock_comparator();
        while Arch::clock_ns() < deadline + PAST_NS {
            core::hint::spin_loop();
        }
        Arch::set_timer(TIMER_OFF);
        kassert_eq!(armed, timer::comparator_for(deadline));
        kassert_eq!(asm::clock_comparator(), timer::NEVER);
        Ok(())
    }
}
