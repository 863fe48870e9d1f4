//! Process system calls: `fork`/`clone`, `wait4`, `kill`, `tkill`,
//! `tgkill`.

use alloc::vec::Vec;

use arch::Arch;
use karch::{Arch as _, TrapFrame};
use linux_abi::errno;
use linux_abi::signal::NSIG;
use linux_abi::wait::WNOHANG;
use linux_abi::Siginfo;

use super::{mm_errno, SysResult};
use crate::task::block::ERESTARTSYS;
use crate::task::delivery::send_signal;
use crate::task::exit::reap_child;
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
    if flags & !(CSIGNAL | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID | CLONE_CHILD_SETTID) != 0
        || (flags & CSIGNAL) as usize > NSIG
    {
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

/// A copy of the current task with a copy-on-write copy of its address
/// space and its descriptors; returns its pid and address space.
fn sys_fork(
    regs: &Frame,
    newsp: u64,
    exit_signal: i32,
    clear_tid: Option<u64>,
) -> Result<(Pid, alloc::sync::Arc<crate::task::UserMm>), i64> {
    let parent = with_current(|t| {
        (
            t.pid,
            t.mm.clone(),
            alloc::boxed::Box::new(t.signals.fork()),
            t.brk,
            t.trampoline,
            t.files.clone(),
            t.attrs.fork(),
            t.cwd.clone(),
        )
    });
    let Some((ppid, Some(mm), signals, brk, trampoline, files, attrs, cwd)) = parent else {
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
    let pid = add_task(Task {
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
        attrs,
    });
    Ok((pid, child_mm))
}

/// `wait4`. With no child exited yet, the task waits: an exiting child
/// wakes it and the call runs again; a signal interrupts it as Linux's
/// `-ERESTARTSYS` does.
pub(super) fn sys_wait4(pid: Pid, status: u64, options: u64) -> SysResult {
    if options & !WNOHANG != 0 || pid == 0 || pid < -1 {
        return Err(errno::EINVAL);
    }
    match reap_child(pid) {
        Err(()) => Err(errno::ECHILD),
        Ok(Some((child, st))) => {
            if status != 0 && copy_to_user(status, &st.to_ne_bytes()).is_err() {
                return Err(errno::EFAULT);
            }
            Ok(child as u64)
        }
        Ok(None) if options & WNOHANG != 0 => Ok(0),
        Ok(None) => Err(ERESTARTSYS),
    }
}

/// `kill(pid, sig)`: to one task (`pid` > 0), the caller's process group
/// (0), every task but the first and the caller (-1), or process group
/// `-pid`. Signal 0 only checks that a target exists. `ESRCH` when none
/// does; `EINVAL` for a signal number out of range.
pub(super) fn sys_kill(pid: Pid, sig: i32) -> SysResult {
    if !(0..=NSIG as i32).contains(&sig) {
        return Err(errno::EINVAL);
    }
    let me = current_pid().unwrap_or(0);
    let targets: Vec<Pid> = {
        let s = table::lock();
        let my_pgid = s.get(me).map_or(0, |t| t.attrs.pgid);
        match pid {
            p if p > 0 => alloc::vec![p],
            0 => in_group(&s, my_pgid),
            -1 => s
                .iter()
                .filter(|t| t.pid != s.init && t.pid != me)
                .map(|t| t.pid)
                .collect(),
            p => in_group(&s, p.checked_neg().ok_or(errno::ESRCH)?),
        }
    };
    let mut sent = false;
    for t in targets {
        sent |= send_signal(t, Siginfo::from_task(sig, me)).is_ok();
    }
    if sent {
        Ok(0)
    } else {
        Err(errno::ESRCH)
    }
}

fn in_group(s: &table::Scheduler, pgid: Pid) -> Vec<Pid> {
    s.iter()
        .filter(|t| t.attrs.pgid == pgid)
        .map(|t| t.pid)
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
