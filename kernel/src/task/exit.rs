//! The end of a task: its exit, its orphans, and its parent's `wait4`.

use alloc::sync::Arc;
use alloc::vec::Vec;

use ksync::SpinLock;

use linux_abi::signal::{CLD_EXITED, CLD_KILLED, NSIG, SA_NOCLDWAIT, SIGCHLD, SIG_IGN};
use linux_abi::wait;

use super::block;
use super::switch::{finish_run, schedule};
use super::table::{self, Pid, State};
use super::{switch_mm, Frame, UserMm};

/// Fault counters of every address space that has exited.
static MM_TOTALS: SpinLock<mm::CounterSnapshot> = SpinLock::new(mm::CounterSnapshot {
    minor: 0,
    major: 0,
    cow: 0,
    retries: 0,
    vma_lock_success: 0,
    vma_lock_retry: 0,
    vma_lock_abort: 0,
    vma_lock_miss: 0,
});

/// Adds an address space's counters to the totals, then lets it go (the
/// last reference frees every frame it held).
pub fn retire_mm(mm: Option<Arc<UserMm>>) {
    let Some(mm) = mm else { return };
    let c = mm.counters();
    let mut t = MM_TOTALS.lock();
    t.minor += c.minor;
    t.major += c.major;
    t.cow += c.cow;
    t.retries += c.retries;
    t.vma_lock_success += c.vma_lock_success;
    t.vma_lock_retry += c.vma_lock_retry;
    t.vma_lock_abort += c.vma_lock_abort;
    t.vma_lock_miss += c.vma_lock_miss;
    drop(t);
    drop(mm);
}

/// The summed counters of exited address spaces.
pub fn mm_totals() -> mm::CounterSnapshot {
    *MM_TOTALS.lock()
}

/// Ends the current task with wait status `status` (already encoded) and
/// switches to the next runnable task, rewriting `regs`. If the first
/// task exited, kills the rest and returns from `run`.
///
/// As on Linux, the task's descriptors close now, not when it is reaped:
/// the reader of a pipe it wrote to sees the end of the data while the
/// zombie waits for its parent. The parent gets `SIGCHLD` (ignored unless
/// it has a handler) and, if it is blocked (in `wait4`), is woken.
pub fn exit_current(regs: &mut Frame, status: i32) {
    let (finished, mm, files) = {
        let mut s = table::lock();
        let init = s.init;
        let Some(t) = s.current() else { return };
        let (pid, parent, exit_signal) = (t.pid, t.ppid, t.attrs.exit_signal);
        let mm = t.mm.take();
        let files = core::mem::take(&mut t.files);
        t.state = State::Zombie(status);
        // Children of the exiting task are reaped by nobody: free the
        // zombies now, and the rest when they exit.
        let orphans: Vec<Pid> = s.iter().filter(|t| t.ppid == pid).map(|t| t.pid).collect();
        for o in orphans {
            let Some(t) = s.get_mut(o) else { continue };
            t.ppid = 0;
            if matches!(t.state, State::Zombie(_)) {
                s.remove(o);
            }
        }
        s.set_current(None);
        // Tell the parent, and wake it if it waits: its wait4 runs again.
        match s.get_mut(parent) {
            Some(p) => {
                // A parent that ignores SIGCHLD, or set SA_NOCLDWAIT, has
                // its SIGCHLD children reaped at once (Linux's autoreap);
                // SIG_IGN also means no signal. Other exit signals always
                // leave a zombie. An exit signal that is no signal (0, or
                // above 64 from the legacy clone) sends nothing.
                let act = p.signals.action(SIGCHLD);
                let autoreap = exit_signal == SIGCHLD
                    && (act.handler == SIG_IGN || act.flags & SA_NOCLDWAIT != 0);
                let silent = exit_signal == SIGCHLD && act.handler == SIG_IGN;
                if (1..=NSIG as i32).contains(&exit_signal) && !silent {
                    p.signals.send(child_siginfo(exit_signal, pid, status));
                }
                let has_signal = p.signals.has_deliverable();
                if has_signal {
                    karch::request_user_work(true);
                }
                block::wake(&mut s, parent);
                if autoreap {
                    let spent = s.remove(pid).map_or(0, |c| cpu_ns(&c));
                    if let Some(p) = s.get_mut(parent) {
                        p.attrs.times.children_ns += spent;
                    }
                }
            }
            None if pid != init => drop(s.remove(pid)),
            None => {}
        }
        (pid == init, mm, files)
    };
    // Closing may wake tasks (a pipe's reader): without the table's lock.
    drop(files);
    // The address space must not be current while it is freed.
    switch_mm(None);
    retire_mm(mm);
    if finished {
        finish_run(status);
    }
    schedule(regs);
}

/// Which children a `wait4` waits for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WaitFor {
    /// Any child (pid -1).
    Any,
    /// The child with this pid.
    Pid(Pid),
    /// Any child in this process group (pid 0: the caller's; -pgid).
    Group(Pid),
}

/// What a `wait4` reports besides exits, and which children it counts
/// (Linux's options).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WaitOptions {
    /// `WUNTRACED`: a child that stopped.
    pub stopped: bool,
    /// `WCONTINUED`: a stopped child that was continued.
    pub continued: bool,
    /// `__WCLONE`: only children whose exit signal is not `SIGCHLD`
    /// (without it, only those whose exit signal is).
    pub clone: bool,
    /// `__WALL`: children of either kind.
    pub all: bool,
}

/// A child `wait4` reported.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Waited {
    /// Its pid.
    pub pid: Pid,
    /// The wait status: exited, killed, stopped or continued.
    pub status: i32,
    /// Its CPU time and its reaped children's, in nanoseconds (the
    /// `rusage` wait4 reports).
    pub cpu_ns: u64,
}

/// `wait4`'s search, as Linux's `do_wait` for one pass: the children of
/// the current task that `who` and `opts` select, oldest first; the first
/// that has something to report is reported (a zombie is reaped; a stop
/// or continue report is consumed). `Ok(None)` if selected children exist
/// but none has anything to report yet; `Err` if none is selected at all.
pub fn wait_child(who: WaitFor, opts: WaitOptions) -> Result<Option<Waited>, ()> {
    let mut s = table::lock();
    let me = s.current_pid().ok_or(())?;
    let mut any = false;
    let mut found = None;
    for t in s.iter() {
        let selected = t.ppid == me
            && match who {
                WaitFor::Any => true,
                WaitFor::Pid(p) => t.pid == p,
                WaitFor::Group(g) => t.attrs.pgid == g,
            }
            && (opts.all || (t.attrs.exit_signal != SIGCHLD) == opts.clone);
        if !selected {
            continue;
        }
        any = true;
        let report = match t.state {
            State::Zombie(st) => Some(st),
            State::Stopped if opts.stopped && t.jobctl.stop_report != 0 => {
                Some(wait::stopped(t.jobctl.stop_report))
            }
            _ if opts.continued && t.jobctl.continued_report => Some(wait::CONTINUED),
            _ => None,
        };
        if let Some(status) = report {
            found = Some((t.pid, status, matches!(t.state, State::Zombie(_))));
            break;
        }
    }
    let Some((pid, status, zombie)) = found else {
        return if any { Ok(None) } else { Err(()) };
    };
    let cpu_ns = if zombie {
        // The child's CPU time becomes the parent's children's time.
        let spent = s.remove(pid).map_or(0, |c| cpu_ns(&c));
        if let Some(me) = s.current() {
            me.attrs.times.children_ns += spent;
        }
        spent
    } else {
        let Some(c) = s.get_mut(pid) else {
            return Err(());
        };
        if status == wait::CONTINUED {
            c.jobctl.continued_report = false;
        } else {
            c.jobctl.stop_report = 0;
        }
        cpu_ns(c)
    };
    Ok(Some(Waited {
        pid,
        status,
        cpu_ns,
    }))
}

/// A task's CPU time and its reaped children's.
fn cpu_ns(t: &table::Task) -> u64 {
    t.attrs.times.own_ns + t.attrs.times.children_ns
}

/// The signal (`SIGCHLD` normally) a parent gets for child `pid` ending
/// with wait status `status`.
fn child_siginfo(signo: i32, pid: Pid, status: i32) -> linux_abi::Siginfo {
    let signal = status & 0x7f;
    let mut info = if signal != 0 {
        linux_abi::Siginfo::child(pid, CLD_KILLED, signal)
    } else {
        linux_abi::Siginfo::child(pid, CLD_EXITED, (status >> 8) & 0xff)
    };
    info.signo = signo;
    info
}
