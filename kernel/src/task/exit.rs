//! The end of a task: its exit, its orphans, and its parent's `wait4`.

use alloc::sync::Arc;
use alloc::vec::Vec;

use ksync::SpinLock;

use linux_abi::signal::{CLD_EXITED, CLD_KILLED};

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
                if exit_signal != 0 {
                    p.signals.send(child_siginfo(exit_signal, pid, status));
                }
                let has_signal = p.signals.has_deliverable();
                if has_signal {
                    karch::request_user_work(true);
                }
                block::wake(&mut s, parent);
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

/// `wait4`: a zombie child matching `pid` (-1: any), reaped; `Ok(None)`
/// if matching children exist but none has exited; `Err` if there is no
/// matching child at all.
pub fn reap_child(pid: Pid) -> Result<Option<(Pid, i32)>, ()> {
    let mut s = table::lock();
    let me = s.current_pid().ok_or(())?;
    let mut any = false;
    let mut found = None;
    for t in s.iter() {
        if t.ppid == me && (pid == -1 || t.pid == pid) {
            any = true;
            if let State::Zombie(st) = t.state {
                found = Some((t.pid, st));
                break;
            }
        }
    }
    if let Some((p, st)) = found {
        // The child's CPU time becomes the parent's children's time.
        let spent = s
            .remove(p)
            .map_or(0, |c| c.attrs.times.own_ns + c.attrs.times.children_ns);
        if let Some(me) = s.current() {
            me.attrs.times.children_ns += spent;
        }
        return Ok(Some((p, st)));
    }
    if any {
        Ok(None)
    } else {
        Err(())
    }
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
