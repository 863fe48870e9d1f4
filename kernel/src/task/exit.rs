//! The end of a task: its exit, its orphans, and its parent's `wait4`.

use alloc::sync::Arc;
use alloc::vec::Vec;

use ksync::SpinLock;

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
pub fn exit_current(regs: &mut Frame, status: i32) {
    let (finished, mm) = {
        let mut s = table::lock();
        let init = s.init;
        let Some(t) = s.current() else { return };
        let (pid, parent) = (t.pid, t.ppid);
        let mm = t.mm.take();
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
        // Wake the parent if it waits: its wait4 is restarted.
        match s.get_mut(parent) {
            Some(p) if p.state == State::Waiting => {
                p.state = State::Runnable;
                s.run_queue.push_back(parent);
            }
            Some(_) => {}
            None if pid != init => drop(s.remove(pid)),
            None => {}
        }
        (pid == init, mm)
    };
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
        s.remove(p);
        return Ok(Some((p, st)));
    }
    if any {
        Ok(None)
    } else {
        Err(())
    }
}

/// Marks the current task as waiting for a child.
pub fn set_current_waiting() {
    table::with_current(|t| t.state = State::Waiting);
}
