//! Preemption: `tests/c/preempt.c`, whose cases each hang (until the
//! harness's timeout) without a timer tick that ends a time slice, run as
//! tasks; the tick arrives only in user mode (the backends' `*_timer`
//! suites check that the kernel is not interrupted).

use kcore::{kassert, kassert_eq, ktest};

use super::user::run;
use crate::task::preempt;

/// Runs one case of `preempt` and expects exit status 0.
fn case(name: &str) -> kcore::ktest::TestResult {
    let status = run("preempt", &["preempt", name])?;
    kassert_eq!(status, 0);
    Ok(())
}

ktest! {
    suite = "preempt";

    /// A child in `for (;;);` is killed by its parent after the parent's
    /// nanosleep: the sleeper wakes at its deadline from the tick, and the
    /// spinner, switched in again, dies of SIGKILL on its return to user
    /// mode. Ticks were taken.
    fn parent_kills_spinning_child_after_sleeping() {
        let before = preempt::ticks();
        case("sleep_kill")?;
        kassert!(preempt::ticks() > before, "no tick during the run");
        Ok(())
    }

    /// A parent's wait4 for a child with work to do returns while another
    /// child spins.
    fn wait4_for_a_sibling_of_a_spinner() {
        case("wait_sibling")
    }

    /// A child looping on getppid dies of its sibling's SIGKILL.
    fn sibling_kills_a_system_call_loop() {
        case("kill_sibling")
    }

    /// A child whose SIGSEGV handler is rt_sigreturn faults for ever, as
    /// on Linux, and its parent still runs and kills it.
    fn sigreturn_as_sigsegv_handler_is_killable() {
        case("segv_sigreturn")
    }

    /// Two tasks computing without system calls share the CPU, and every
    /// register survives being preempted at any instruction.
    fn computing_tasks_interleave_with_their_registers_intact() {
        case("interleave")
    }
}
