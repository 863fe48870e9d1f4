//! Process system calls: `fork`/`clone`, `wait4`, `kill`, `tkill`,
//! `tgkill`.

use alloc::vec::Vec;

use arch::Arch;
use karch::{Arch as _, TrapFrame};
use linux_abi::errno;
use linux_abi::signal::{NSIG, SIGCONT};
use linux_abi::wait::{WALL, WCLONE, WCONTINUED, WNOHANG, WNOTHREAD, WUNTRACED};
use linux_abi::Siginfo;

use super::{mm_errno, SysResult};
use crate::task::attrs::Cred;
use crate::task::block::ERESTARTSYS;
use crate::task::delivery::send_signal;
use crate::task::exit::{wait_child, WaitFor, WaitOptions};
use crate::task::switch::add_task;
use crate::task::table::{self, current_pid, with_current, Pid, State, Task};
use crate::task::{Frame, UserState};
use crate::uaccess::copy_to_user;

/// `clone` flags: write the child's id to the parent's `parent_tid`.
const CLONE_PARENT_SETTID: u64 = 0x0010_0000;
/// `clone` flags: remember `child_tid` as the child's `set_tid_address`.
const CLONE_CHILD_CLEARTID: u64 = 0x0020_0000;
/// `clone` flags: write the child's id to `child_tid` in the child.
const CLONE_CHILD_SETTID: u64 = 0x0100_0000;
/// `clone` flags: the signal the parent gets when the child ends.
const CSIGNAL: u64 = 0xff;

/// `fork`, and `clone` without `CLONE_VM` (glibc's `fork` is
/// `clone(CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | SIGCHLD)`): a copy of
/// the current task. Threads (`CLONE_VM`) and the other sharing flags are
/// not supported: `EINVAL`.
pub(super) fn sys_clone(
    regs: &Frame,
    flags: u64,
    newsp: u64,
    parent_tid: u64,
    child_tid: u64,
) -> SysResult {
    // The exit signal is whatever CSIGNAL holds: the legacy clone does
    // not check it (only clone3 does), and a child whose exit signal is no
    // signal (above 64) notifies nobody when it ends.
    if flags & !(CSIGNAL | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID | CLONE_CHILD_SETTID) != 0 {
        return Err(errno::EINVAL);
    }
    let exit_signal = (flags & CSIGNAL) as i32;
    let clear_tid = (flags & CLONE_CHILD_CLEARTID != 0).then_some(child_tid);
    let (pid, child_mm) = sys_fork(regs, newsp, exit_signal, clear_tid)?;
    let tid = pid.to_ne_bytes();
    // Linux ignores a failure of either write.
    if flags & CLONE_PARENT_SETTID != 0 {
        let _ = copy_to_user(parent_tid, &tid);
    }
    if flags & CLONE_CHILD_SETTID != 0 {
        let parent_mm = crate::task::current_mm();
        crate::task::switch_mm(Some(child_mm));
        let _ = copy_to_user(child_tid, &tid);
        crate::task::switch_mm(parent_mm);
    }
    Ok(pid as u64)
}

/// Kernel heap a new task takes besides its address space's VMAs: the
/// task and its signal state (boxed), its descriptor table, its address
/// space's own structure, and its entries in the task table and the run
/// queue (generous: the reserve absorbs the rest).
const TASK_COST: usize = size_of::<Task>() + size_of::<crate::task::signal::SignalState>() + 4096;

/// Linux's limits on tasks, checked where its `copy_process` checks them:
/// `RLIMIT_NPROC` on the processes of the caller's real user (not for
/// root, which Linux exempts with `CAP_SYS_ADMIN`/`CAP_SYS_RESOURCE`),
/// then `max_threads` on every task of the machine (zombies count until
/// they are reaped), both `EAGAIN`.
fn task_limits(s: &table::Scheduler, cred: Cred, nproc: u64) -> Result<(), i64> {
    if cred.ruid != 0 && cred.euid != 0 {
        let mine = s.iter().filter(|t| t.attrs.cred.ruid == cred.ruid).count();
        if mine as u64 >= nproc {
            return Err(errno::EAGAIN);
        }
    }
    let max = crate::task::attrs::max_threads(crate::task::attrs::ram_pages());
    if s.len() as u64 >= max {
        return Err(errno::EAGAIN);
    }
    Ok(())
}

/// A copy of the current task with a copy-on-write copy of its address
/// space and its descriptors; returns its pid and address space.
/// `EAGAIN` past Linux's task limits, `ENOMEM` when the kernel has no
/// memory for the copy (nothing of it is left behind).
fn sys_fork(
    regs: &Frame,
    newsp: u64,
    exit_signal: i32,
    clear_tid: Option<u64>,
) -> Result<(Pid, alloc::sync::Arc<crate::task::UserMm>), i64> {
    let parent = {
        let mut s = table::lock();
        let (cred, nproc) = match s.current() {
            Some(t) => (
                t.attrs.cred,
                t.attrs.rlimits[linux_abi::resource::RLIMIT_NPROC as usize].cur,
            ),
            None => return Err(errno::EFAULT),
        };
        task_limits(&s, cred, nproc)?;
        let t = s.current().ok_or(errno::EFAULT)?;
        let fds = t.files.len();
        crate::kalloc::take(TASK_COST + fds * size_of::<Option<crate::fs::fdtable::Fd>>())?;
        (
            t.pid,
            t.mm.clone(),
            crate::kalloc::try_box(t.signals.fork())?,
            t.brk,
            t.trampoline,
            t.files.clone(),
            t.attrs.fork(),
            t.cwd.clone(),
        )
    };
    let (ppid, Some(mm), signals, brk, trampoline, files, attrs, cwd) = parent else {
        return Err(errno::EFAULT);
    };
    let child_mm = alloc::sync::Arc::new(mm.fork().map_err(mm_errno)?);
    let mut attrs = attrs;
    attrs.exit_signal = exit_signal;
    attrs.clear_child_tid = clear_tid.unwrap_or(0);
    // The parent runs, so its user register state is the CPU's.
    let mut user_state = UserState::default();
    Arch::save_user_state(&mut user_state);
    let mut child_regs = regs.clone();
    child_regs.set_return(0); // fork returns 0 in the child
    if newsp != 0 {
        child_regs.set_sp(newsp);
    }
    let task = crate::kalloc::try_box(Task {
        pid: 0,
        ppid,
        mm: Some(child_mm.clone()),
        regs: child_regs,
        user_state,
        state: State::Runnable,
        signals,
        brk,
        trampoline,
        files,
        cwd,
        block: Default::default(),
        jobctl: Default::default(),
        attrs,
    })?;
    let pid = add_task(task);
    Ok((pid, child_mm))
}

/// `wait4` options Linux knows; any other bit is `EINVAL`.
const WAIT4_OPTIONS: u32 = (WNOHANG | WUNTRACED | WCONTINUED | WNOTHREAD | WCLONE | WALL) as u32;

/// `wait4(pid, status, options, rusage)`. With nothing to report yet the
/// task waits: a child that exits, stops or continues wakes it and the
/// call runs again; a signal interrupts it as Linux's `-ERESTARTSYS` does.
/// As on Linux, the child is reaped (or its stop report consumed) before
/// the status and the `rusage` are written, so a bad pointer gives
/// `-EFAULT` with the child gone.
pub(super) fn sys_wait4(pid: Pid, status: u64, options: u64, rusage: u64) -> SysResult {
    // `options` is an int: the upper half of the register is not part of it.
    let options = options as u32;
    if options & !WAIT4_OPTIONS != 0 {
        return Err(errno::EINVAL);
    }
    let who = match pid {
        // -INT_MIN is no pid.
        Pid::MIN => return Err(errno::ESRCH),
        -1 => WaitFor::Any,
        0 => WaitFor::Group(with_current(|t| t.attrs.pgid).ok_or(errno::ECHILD)?),
        p if p < 0 => WaitFor::Group(-p),
        p => WaitFor::Pid(p),
    };
    let has = |bit: u64| options & bit as u32 != 0;
    let opts = WaitOptions {
        stopped: has(WUNTRACED),
        continued: has(WCONTINUED),
        clone: has(WCLONE),
        all: has(WALL),
    };
    match wait_child(who, opts) {
        Err(()) => Err(errno::ECHILD),
        Ok(Some(w)) => {
            if status != 0 && copy_to_user(status, &w.status.to_ne_bytes()).is_err() {
                return Err(errno::EFAULT);
            }
            if rusage != 0 && copy_to_user(rusage, &child_rusage(w.cpu_ns)).is_err() {
                return Err(errno::EFAULT);
            }
            Ok(w.pid as u64)
        }
        Ok(None) if has(WNOHANG) => Ok(0),
        Ok(None) => Err(ERESTARTSYS),
    }
}

/// Bytes of `struct rusage`: two `timeval`s and 14 longs.
const RUSAGE_SIZE: usize = 144;

/// The `rusage` of a waited-for child that used `cpu_ns` of CPU time:
/// all of it user time (this kernel does not split user from system
/// time), every count 0.
fn child_rusage(cpu_ns: u64) -> [u8; RUSAGE_SIZE] {
    const NSEC_PER_SEC: u64 = 1_000_000_000;
    let mut b = [0u8; RUSAGE_SIZE];
    b[..8].copy_from_slice(&(cpu_ns / NSEC_PER_SEC).to_ne_bytes());
    b[8..16].copy_from_slice(&((cpu_ns % NSEC_PER_SEC) / 1000).to_ne_bytes());
    b
}

/// `kill(pid, sig)`: to one process (`pid` > 0), the caller's process
/// group (0), every process but the first and the caller (-1), or process
/// group `-pid`, with Linux's order of checks: the target is looked up
/// first (`ESRCH`), then the signal number (`EINVAL`), then the
/// permission (`EPERM`), for each target. Signal 0 only checks. A group
/// succeeds if any member took the signal, else fails with the last
/// member's error; -1 succeeds unless a target failed other than with
/// `EPERM`, and is `ESRCH` only with no target at all.
pub(super) fn sys_kill(pid: Pid, sig: i32) -> SysResult {
    let me = current_pid().unwrap_or(0);
    let (targets, me_cred, me_sid) = {
        let s = table::lock();
        let (cred, sid, pgid) = s.get(me).map_or((Cred::default(), 0, 0), |t| {
            (t.attrs.cred, t.attrs.sid, t.attrs.pgid)
        });
        let targets: Vec<(Pid, Cred, Pid)> = match pid {
            Pid::MIN => return Err(errno::ESRCH),
            p if p > 0 => s
                .get(p)
                .map(|t| (t.pid, t.attrs.cred, t.attrs.sid))
                .into_iter()
                .collect(),
            -1 => s
                .iter()
                .filter(|t| t.pid != s.init && t.pid != me)
                .map(|t| (t.pid, t.attrs.cred, t.attrs.sid))
                .collect(),
            0 => in_group(&s, pgid),
            p => in_group(&s, -p),
        };
        (targets, cred, sid)
    };
    let send = |&(target, cred, sid): &(Pid, Cred, Pid)| -> Result<(), i64> {
        if !(0..=NSIG as i32).contains(&sig) {
            return Err(errno::EINVAL);
        }
        if target != me && !may_signal(&me_cred, &cred) && !(sig == SIGCONT && sid == me_sid) {
            return Err(errno::EPERM);
        }
        if sig != 0 {
            send_signal(target, Siginfo::from_task(sig, me)).map_err(|()| errno::ESRCH)?;
        }
        Ok(())
    };
    if targets.is_empty() {
        return Err(errno::ESRCH);
    }
    if pid == -1 {
        let mut result = Ok(0);
        for t in &targets {
            match send(t) {
                Err(e) if e != errno::EPERM => result = Err(e),
                Ok(()) => result = Ok(0),
                Err(_) => {}
            }
        }
        return result;
    }
    let mut success = false;
    let mut last = Err(errno::ESRCH);
    for t in &targets {
        last = send(t).map(|()| 0);
        success |= last.is_ok();
    }
    if success {
        Ok(0)
    } else {
        last
    }
}

/// Whether a task with credentials `from` may signal one with `to`
/// (Linux's `kill_ok_by_cred`): root may (`CAP_KILL`), and so may a
/// sender whose real or effective id is the target's real or saved id.
fn may_signal(from: &Cred, to: &Cred) -> bool {
    from.euid == 0
        || from.euid == to.suid
        || from.euid == to.ruid
        || from.ruid == to.suid
        || from.ruid == to.ruid
}

/// The live members of process group `pgid`, with what `kill` checks.
fn in_group(s: &table::Scheduler, pgid: Pid) -> Vec<(Pid, Cred, Pid)> {
    s.iter()
        .filter(|t| t.attrs.pgid == pgid)
        .map(|t| (t.pid, t.attrs.cred, t.attrs.sid))
        .collect()
}

/// `si_code` of a signal sent by `tkill`/`tgkill`.
const SI_TKILL: i32 = -6;

/// `tgkill(tgid, tid, sig)` and `tkill(tid, sig)` (`tgid` `None`): to one
/// thread, which here is a task (its thread id is its pid). `EINVAL` for
/// ids at or below 0 or a bad signal, `ESRCH` if no such task.
pub(super) fn sys_tgkill(tgid: Option<Pid>, tid: Pid, sig: i32) -> SysResult {
    if tid <= 0 || tgid.is_some_and(|g| g <= 0) || !(0..=NSIG as i32).contains(&sig) {
        return Err(errno::EINVAL);
    }
    if tgid.is_some_and(|g| g != tid) {
        return Err(errno::ESRCH);
    }
    let me = current_pid().unwrap_or(0);
    let mut info = Siginfo::from_task(sig, me);
    info.code = SI_TKILL;
    send_signal(tid, info).map_err(|_| errno::ESRCH)?;
    Ok(0)
}
