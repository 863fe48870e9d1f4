//! Time slices: the timer the task layer arms, and the tick that ends a
//! slice.
//!
//! Each task switched in gets [`SLICE_NS`] of CPU ([`start_slice`]). The
//! timer (`karch::Arch::set_timer`) is armed for the end of that slice, or
//! for the earliest sleeper's deadline if that comes first. It interrupts
//! only user mode, so the kernel itself is never preempted: a deadline
//! that passes while the kernel runs is taken at the next entry to user
//! mode. At the tick ([`tick`]) the sleepers whose deadline passed are
//! woken; the running task goes to the back of the run queue if its slice
//! is over, or if a sleeper woke, and there is another task to run (a
//! round robin among runnable tasks); else its slice goes on, or a new one
//! starts; a fork lengthens the parent's slice once ([`forked`]). A task
//! that never leaves user mode (`for (;;);`, or a loop of
//! system calls that never block) thus cannot keep the CPU from its
//! parent's `wait4`, a `kill`, or the end of the run; a signal sent to it
//! meanwhile takes effect when it is switched in again, on its return to
//! user mode.
//!
//! Nothing on the fault or system-call path touches the timer: it is armed
//! only where the running task changes and at the tick.

use core::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use arch::Arch;
use karch::{Arch as _, TIMER_OFF};

use super::block;
use super::switch::yield_current;
use super::table;
use super::Frame;

/// The time slice: 10 ms, one tick of Linux s390's `HZ=100`, which is also
/// what a CPU-bound task gets from Linux's scheduler with a few others
/// runnable (its `sched_latency` of 6 ms to 24 ms shared among them).
pub const SLICE_NS: u64 = 10_000_000;

/// When the running task's slice ends (`Arch::clock_ns`).
static SLICE_END: AtomicU64 = AtomicU64::new(TIMER_OFF);

/// Whether a fork already lengthened the running task's slice
/// ([`forked`]).
static LENGTHENED: AtomicBool = AtomicBool::new(false);

/// Ticks taken since boot, for the self-tests.
static TICKS: AtomicU64 = AtomicU64::new(0);

/// Ticks taken since boot.
pub fn ticks() -> u64 {
    TICKS.load(Ordering::Relaxed)
}

/// A task was switched in: its slice starts now. Arms the timer for the
/// slice's end or the earliest sleeper's deadline (`next_deadline`, from
/// [`block::wake_sleepers`]), whichever comes first.
pub fn start_slice(next_deadline: Option<u64>) {
    let end = Arch::clock_ns().saturating_add(SLICE_NS);
    SLICE_END.store(end, Ordering::Relaxed);
    LENGTHENED.store(false, Ordering::Relaxed);
    arm(end, next_deadline);
}

/// The running task forked: as on Linux, the parent goes on and the child
/// waits its turn. Linux places a new child a slice behind the others on
/// its timeline (CFS's `START_DEBIT`), so a parent whose slice was nearly
/// over is not preempted for the child at once; here the parent's slice
/// is lengthened to a full one from now, once per slice, so that a task
/// forking in a loop is still preempted after at most two. The timer
/// stays armed for the old end: the tick there finds the slice not over
/// and arms again.
pub fn forked() {
    if LENGTHENED.swap(true, Ordering::Relaxed) {
        return;
    }
    let end = Arch::clock_ns().saturating_add(SLICE_NS);
    SLICE_END.fetch_max(end, Ordering::Relaxed);
}

/// No task runs any more (the end of a run): nothing to interrupt.
pub fn stop() {
    SLICE_END.store(TIMER_OFF, Ordering::Relaxed);
    Arch::set_timer(TIMER_OFF);
}

fn arm(slice_end: u64, next_deadline: Option<u64>) {
    Arch::set_timer(next_deadline.map_or(slice_end, |d| d.min(slice_end)));
}

/// The timer interrupted user mode (`karch::TaskLayer::tick`).
pub fn tick(regs: &mut Frame) {
    TICKS.fetch_add(1, Ordering::Relaxed);
    let (switch, next_deadline) = {
        let mut s = table::lock();
        let queued = s.run_queue.len();
        let next_deadline = block::wake_sleepers(&mut s);
        let woke = s.run_queue.len() > queued;
        let over = Arch::clock_ns() >= SLICE_END.load(Ordering::Relaxed);
        ((over || woke) && !s.run_queue.is_empty(), next_deadline)
    };
    if switch {
        // Another task runs; switching to it starts its slice.
        return yield_current(regs);
    }
    let mut end = SLICE_END.load(Ordering::Relaxed);
    let now = Arch::clock_ns();
    if now >= end {
        // Nobody else to run: this task goes on, with a new slice.
        end = now.saturating_add(SLICE_NS);
        SLICE_END.store(end, Ordering::Relaxed);
        LENGTHENED.store(false, Ordering::Relaxed);
    }
    arm(end, next_deadline);
}
