//! Process system calls: `fork`/`clone`, `wait4`, `kill`.

use arch::Arch;
use karch::{Arch as _, TrapFrame};
use linux_abi::errno;
use linux_abi::signal::NSIG;
use linux_abi::wait::WNOHANG;
use linux_abi::Siginfo;

use super::{mm_errno, SysResult};
use crate::task::delivery::send_signal;
use crate::task::exit::{reap_child, set_current_waiting};
use crate::task::switch::{add_task, block_current};
use crate::task::table::{current_pid, with_current, Pid, State, Task};
use crate::task::{Frame, UserState};
use crate::uaccess::copy_to_user;

/// `fork`, and `clone` without `CLONE_VM`: a copy of the current task with
/// a copy-on-write copy of its address space and its descriptors.
pub(super) fn sys_fork(regs: &Frame, newsp: u64) -> SysResult {
    let parent = with_current(|t| {
        (
            t.pid,
            t.mm.clone(),
            alloc::boxed::Box::new(t.signals.fork()),
            t.brk,
            t.trampoline,
            t.files.clone(),
            t.cwd.clone(),
        )
    });
    let Some((ppid, Some(mm), signals, brk, trampoline, files, cwd)) = parent else {
        return Err(errno::EFAULT);
    };
    let child_mm = mm.fork().map_err(mm_errno)?;
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
        mm: Some(alloc::sync::Arc::new(child_mm)),
        regs: child_regs,
        user_state,
        state: State::Runnable,
        signals,
        brk,
        trampoline,
        files,
        cwd,
    });
    Ok(pid as u64)
}

/// `clone` flags this kernel accepts: the exit signal in the low byte.
pub(super) const CLONE_EXIT_SIGNAL: u64 = 0xff;

/// `wait4`. `None`: the task blocked; the call restarts when a child
/// exits.
pub(super) fn sys_wait4(
    pid: Pid,
    status: u64,
    options: u64,
    regs: &mut Frame,
) -> Option<SysResult> {
    if options & !WNOHANG != 0 || pid == 0 || pid < -1 {
        return Some(Err(errno::EINVAL));
    }
    match reap_child(pid) {
        Err(()) => Some(Err(errno::ECHILD)),
        Ok(Some((child, st))) => {
            if status != 0 && copy_to_user(status, &st.to_ne_bytes()).is_err() {
                return Some(Err(errno::EFAULT));
            }
            Some(Ok(child as u64))
        }
        Ok(None) if options & WNOHANG != 0 => Some(Ok(0)),
        Ok(None) => {
            // Run the call again when woken.
            regs.restart_syscall();
            set_current_waiting();
            block_current(regs);
            None
        }
    }
}

pub(super) fn sys_kill(pid: Pid, sig: i64) -> SysResult {
    if !(0..=NSIG as i64).contains(&sig) {
        return Err(errno::EINVAL);
    }
    if pid <= 0 {
        return Err(errno::EINVAL); // process groups are not supported
    }
    let me = current_pid().unwrap_or(0);
    send_signal(pid, Siginfo::from_task(sig as i32, me)).map_err(|_| errno::ESRCH)?;
    Ok(0)
}
