//! Job control, as Linux does it for a process: a stop signal's default
//! action stops the task, `SIGCONT` (or `SIGKILL`) makes it run again, and
//! the parent hears of both, through `SIGCHLD` (`CLD_STOPPED`,
//! `CLD_CONTINUED`) and through `wait4` (`WUNTRACED`, `WCONTINUED`).
//!
//! The sender's side ([`prepare_signal`]) acts at once, whatever the
//! target's mask: `SIGCONT` discards pending stop signals and resumes a
//! stopped task, a stop signal discards a pending `SIGCONT`. The stop
//! itself happens in the task, when it dequeues the signal on its way to
//! user mode ([`stop_current`]); the `CLD_CONTINUED` notice is sent by the
//! continued task too, when it next runs ([`notify_continued`]), as Linux's
//! `get_signal` sends it.
//!
//! Signals are sent to a process and stops are of a whole process (Linux's
//! group stop); with one task per process the task is the process. A
//! later issue that adds threads stops every thread of the group here.

use linux_abi::signal::{
    CLD_CONTINUED, CLD_STOPPED, SA_NOCLDSTOP, SIGCHLD, SIGCONT, SIGKILL, SIGTSTP, SIGTTIN, SIGTTOU,
    SIG_IGN,
};
use linux_abi::Siginfo;

use super::block;
use super::signal::{bit, default_is_stop, STOP_MASK};
use super::switch::block_current;
use super::table::{self, Pid, Scheduler, State};
use super::Frame;

/// What a task's parent has yet to hear about its stops and continues.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct JobCtl {
    /// The signal that stopped the task, until a `WUNTRACED` wait reports
    /// it (0: nothing to report). Linux's `group_exit_code` while stopped.
    pub stop_report: i32,
    /// Continued since it stopped, until a `WCONTINUED` wait reports it
    /// (Linux's `SIGNAL_STOP_CONTINUED`).
    pub continued_report: bool,
    /// Continued, and the parent not yet sent `CLD_CONTINUED` (Linux's
    /// `SIGNAL_CLD_CONTINUED`): the task sends it when it next runs.
    pub notify_continued: bool,
}

/// The sender's side of signal `sig` to the live task `pid` (Linux's
/// `prepare_signal`), before the signal is queued. Called with the table
/// locked.
pub fn prepare_signal(s: &mut Scheduler, pid: Pid, sig: i32) {
    let Some(t) = s.get_mut(pid) else { return };
    if default_is_stop(sig) {
        t.signals.discard_mask(bit(SIGCONT));
    } else if sig == SIGCONT {
        t.signals.discard_mask(STOP_MASK);
        if t.state == State::Stopped {
            t.jobctl = JobCtl {
                stop_report: 0,
                continued_report: true,
                notify_continued: true,
            };
            resume(s, pid);
        }
    } else if sig == SIGKILL && t.state == State::Stopped {
        // SIGKILL wakes a stopped task (to die); other signals wait in
        // its queue until it is continued.
        resume(s, pid);
    }
}

/// Makes the stopped task `pid` runnable.
fn resume(s: &mut Scheduler, pid: Pid) {
    if let Some(t) = s.get_mut(pid) {
        if t.state == State::Stopped {
            t.state = State::Runnable;
            s.run_queue.push_back(pid);
        }
    }
}

/// Stops the current task with stop signal `sig`, tells its parent, and
/// switches to the next runnable task, rewriting `regs`. Returns `false`
/// (and does nothing) for a terminal stop signal (`SIGTSTP`, `SIGTTIN`,
/// `SIGTTOU`) in an orphaned process group, which Linux discards: nobody
/// outside the group could continue it.
pub fn stop_current(regs: &mut Frame, sig: i32) -> bool {
    {
        let mut s = table::lock();
        let Some(t) = s.current() else { return false };
        let (pid, ppid, pgid) = (t.pid, t.ppid, t.attrs.pgid);
        if matches!(sig, SIGTSTP | SIGTTIN | SIGTTOU) && pgrp_orphaned(&s, pgid) {
            return false;
        }
        let Some(t) = s.current() else { return false };
        t.state = State::Stopped;
        t.jobctl = JobCtl {
            stop_report: sig,
            continued_report: false,
            notify_continued: false,
        };
        notify_parent(&mut s, pid, ppid, CLD_STOPPED, sig);
    }
    block_current(regs);
    true
}

/// For the task just switched in: if it was continued since it last ran,
/// tells its parent (`CLD_CONTINUED`) now.
pub fn notify_continued(s: &mut Scheduler) {
    let Some(t) = s.current() else { return };
    if !core::mem::take(&mut t.jobctl.notify_continued) {
        return;
    }
    let (pid, ppid) = (t.pid, t.ppid);
    notify_parent(s, pid, ppid, CLD_CONTINUED, SIGCONT);
}

/// `SIGCHLD` to `ppid` about child `pid` stopping or continuing (`code`),
/// unless the parent ignores `SIGCHLD` or asked for `SA_NOCLDSTOP`; and
/// the parent woken if it waits (its `wait4` looks again). Always
/// `SIGCHLD`, whatever the child's exit signal, as on Linux.
fn notify_parent(s: &mut Scheduler, pid: Pid, ppid: Pid, code: i32, status: i32) {
    let Some(p) = s.get_mut(ppid) else { return };
    let act = p.signals.action(SIGCHLD);
    if act.handler != SIG_IGN && act.flags & SA_NOCLDSTOP == 0 {
        p.signals.send(Siginfo::child(pid, code, status));
    }
    block::wake(s, ppid);
}

/// Whether process group `pgid` is orphaned (POSIX): no live member has a
/// parent in another group of the same session. The first task's children
/// do not count (Linux skips children of init), nor do tasks whose parent
/// has gone.
pub fn pgrp_orphaned(s: &Scheduler, pgid: Pid) -> bool {
    !s.iter().any(|t| {
        t.attrs.pgid == pgid
            && !matches!(t.state, State::Zombie(_))
            && t.ppid != s.init
            && s.get(t.ppid)
                .is_some_and(|p| p.attrs.pgid != pgid && p.attrs.sid == t.attrs.sid)
    })
}
