//! System calls that wait: a task blocks until what it waits for changes
//! (data in a pipe, a child's exit, a deadline), then runs its call again
//! from the start, as Linux's sleeping calls loop on their condition.
//!
//! A call that cannot complete yet returns one of Linux's internal
//! "restart" errnos ([`ERESTARTSYS`], [`ERESTARTNOHAND`]) after putting the
//! task on the [`WaitQueue`] (or the sleep list) that will wake it. The
//! system-call layer then ([`wait`]):
//! - with no signal to act on: marks the task [`State::Blocked`] and
//!   switches away. Its saved state still holds the call's number and
//!   arguments (no result was stored), so when it is switched in again
//!   [`resume`] runs the call once more before anything else; it may
//!   complete, or wait again.
//! - with a signal to act on: the call is interrupted. Delivery decides,
//!   as Linux's does ([`Interrupted::resolve`]): a handler makes the call
//!   return `-EINTR`, except that `ERESTARTSYS` with `SA_RESTART` runs the
//!   call again after the handler; a signal with no handler to run lets
//!   the call run again at once.
//!
//! A task sleeping until a deadline is woken by the timer tick at that
//! deadline if another task is running in user mode then (the timer is
//! armed for the earliest sleeper's deadline, `preempt.rs`), and otherwise
//! at the first scheduling point after it; when no task can run, the CPU
//! waits in the scheduler for the earliest deadline.

use alloc::vec::Vec;

use arch::Arch;
use karch::{Arch as _, TrapFrame};
use ksync::SpinLock;
use linux_abi::errno;
use linux_abi::signal::SA_RESTART;

use super::switch::block_current;
use super::table::{self, Pid, Scheduler, State};
use super::Frame;

/// Internal errno: wait, and if a signal interrupts, return `-EINTR` when a
/// handler without `SA_RESTART` runs, else run the call again (pipe reads
/// and writes, `wait4`). Never seen by a task.
pub const ERESTARTSYS: i64 = 512;
/// Internal errno: wait, and if a signal interrupts, return `-EINTR` when
/// any handler runs, else run the call again (`nanosleep`, whose Linux
/// code `ERESTART_RESTARTBLOCK` acts the same way for a task).
pub const ERESTARTNOHAND: i64 = 514;

/// Whether `e` is one of the internal restart codes.
#[inline]
pub fn is_restart(e: i64) -> bool {
    e == ERESTARTSYS || e == ERESTARTNOHAND
}

/// A system call interrupted by a signal, with its restart code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Interrupted(i64);

impl Interrupted {
    /// What the interrupted call does, given the `sa_flags` of the handler
    /// about to run (`None`: no handler runs). The frame still holds the
    /// call's arguments and points past it. Returns whether the call runs
    /// again (else it returned `-EINTR`).
    pub fn resolve(self, regs: &mut Frame, handler_flags: Option<u64>) -> bool {
        let restart = match handler_flags {
            None => true,
            Some(flags) => self.0 == ERESTARTSYS && flags & SA_RESTART != 0,
        };
        if restart {
            regs.restart_syscall();
        } else {
            regs.set_return((-errno::EINTR) as u64);
        }
        restart
    }
}

/// The state of a task's system call across a wait.
#[derive(Clone, Copy, Debug, Default)]
pub struct BlockState {
    /// The task blocked in a call that runs again when it is switched in.
    pub resume: bool,
    /// The call was interrupted by a signal; delivery resolves it.
    pub interrupted: Option<Interrupted>,
    /// The deadline of a sleep (`nanosleep`), in the clock of
    /// `Arch::clock_ns`, kept while the call is run again.
    pub deadline: Option<u64>,
    /// Bytes a blocking write has already transferred (a pipe write larger
    /// than the room in the pipe). The call resumes after them.
    pub progress: u64,
    /// The signal mask `rt_sigsuspend` replaced while it waits: the mask a
    /// handler's frame saves (restored at its `rt_sigreturn`), or restored
    /// at once if no handler runs (Linux's `saved_sigmask`).
    pub saved_mask: Option<u64>,
}

/// Tasks waiting for one object to change (a pipe's data or room). Waking
/// makes each of them runnable; a task woken for nothing runs its call
/// again and waits again.
#[derive(Default)]
pub struct WaitQueue {
    pids: SpinLock<Vec<Pid>>,
}

impl WaitQueue {
    /// An empty queue.
    pub const fn new() -> Self {
        Self {
            pids: SpinLock::new(Vec::new()),
        }
    }

    /// Puts the current task on the queue (once). The caller then returns
    /// a restart code, and the system-call layer blocks the task.
    pub fn add_current(&self) {
        let Some(pid) = table::current_pid() else {
            return;
        };
        let mut q = self.pids.lock();
        if !q.contains(&pid) {
            q.push(pid);
        }
    }

    /// Wakes every task on the queue.
    pub fn wake_all(&self) {
        let pids = core::mem::take(&mut *self.pids.lock());
        if pids.is_empty() {
            return;
        }
        let mut s = table::lock();
        for pid in pids {
            wake(&mut s, pid);
        }
    }
}

/// Makes `pid` runnable if it is blocked (a task woken by a signal or
/// another queue meanwhile is left alone).
pub fn wake(s: &mut Scheduler, pid: Pid) {
    if let Some(t) = s.get_mut(pid) {
        if t.state == State::Blocked {
            t.state = State::Runnable;
            s.run_queue.push_back(pid);
        }
    }
}

/// Tasks sleeping until a deadline: (deadline, pid).
static SLEEPERS: SpinLock<Vec<(u64, Pid)>> = SpinLock::new(Vec::new());

/// Puts the current task on the sleep list until `deadline` (a value of
/// `Arch::clock_ns`). The caller then returns a restart code.
pub fn sleep_until(deadline: u64) {
    let Some(pid) = table::current_pid() else {
        return;
    };
    let mut sl = SLEEPERS.lock();
    sl.retain(|&(_, p)| p != pid);
    sl.push((deadline, pid));
}

/// Wakes every sleeper whose deadline has passed; returns the earliest
/// deadline still ahead, if any. Called with the table locked.
pub fn wake_sleepers(s: &mut Scheduler) -> Option<u64> {
    let now = Arch::clock_ns();
    let mut sl = SLEEPERS.lock();
    let mut next = None::<u64>;
    sl.retain(|&(deadline, pid)| {
        let alive = s
            .get(pid)
            .is_some_and(|t| t.state == State::Blocked && t.block.deadline.is_some());
        if !alive {
            return false;
        }
        if deadline <= now {
            wake(s, pid);
            return false;
        }
        next = Some(next.map_or(deadline, |n| n.min(deadline)));
        true
    });
    next
}

/// Forgets every sleeper (the end of a run).
pub fn clear_sleepers() {
    // Its buffer too: a run leaves no heap behind (`invariants.rs`).
    *SLEEPERS.lock() = Vec::new();
}

/// The system-call layer's side of a call that returned the restart code
/// `code`: block the task, or mark the call interrupted if a signal is
/// there to act on (see the module documentation).
pub fn wait(regs: &mut Frame, code: i64) {
    {
        let mut s = table::lock();
        let Some(t) = s.current() else { return };
        if t.signals.has_deliverable() {
            t.block.interrupted = Some(Interrupted(code));
            karch::request_user_work(true);
            return;
        }
        t.block.resume = true;
        t.state = State::Blocked;
    }
    block_current(regs);
}

/// Whether the current task has a signal to act on: a call that has
/// already done part of its work returns that part rather than wait.
pub fn signal_pending() -> bool {
    table::with_current(|t| t.signals.has_deliverable()).unwrap_or(false)
}
