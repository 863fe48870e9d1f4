//! Signal system calls: `rt_sigaction`, `rt_sigprocmask`,
//! `rt_sigpending`, `sigaltstack`, and the return from a handler.

use arch::abi::sigaction::{self, SigAction};
use arch::Arch;
use karch::{Arch as _, SigreturnKind, TrapFrame};
use linux_abi::signal::{SIGSEGV, SI_KERNEL};
use linux_abi::{errno, Siginfo};

use super::SysResult;
use crate::task::block::ERESTARTNOHAND;
use crate::task::delivery::force_signal;
use crate::task::signal::{AltStack, SigError};
use crate::task::table::with_current;
use crate::task::Frame;
use crate::uaccess::{copy_from_user, copy_to_user, get_user, put_user};

fn sig_errno(e: SigError) -> i64 {
    match e {
        SigError::Invalid => errno::EINVAL,
        SigError::Fault => errno::EFAULT,
    }
}

pub(super) fn sys_rt_sigaction(sig: i32, act: u64, oldact: u64, sigsetsize: u64) -> SysResult {
    if sigsetsize != 8 {
        return Err(errno::EINVAL);
    }
    let new = if act != 0 {
        let mut b = [0u8; sigaction::SIZE];
        copy_from_user(&mut b, act).map_err(|_| errno::EFAULT)?;
        Some(SigAction::from_bytes(&b))
    } else {
        None
    };
    let old = with_current(|t| t.signals.set_action(sig, new))
        .ok_or(errno::EFAULT)?
        .map_err(sig_errno)?;
    if oldact != 0 {
        copy_to_user(oldact, &old.to_bytes()).map_err(|_| errno::EFAULT)?;
    }
    Ok(0)
}

pub(super) fn sys_rt_sigprocmask(how: i32, set: u64, oldset: u64, sigsetsize: u64) -> SysResult {
    if sigsetsize != 8 {
        return Err(errno::EINVAL);
    }
    let new = if set != 0 {
        Some(get_user(set).map_err(|_| errno::EFAULT)?)
    } else {
        None
    };
    let old = with_current(|t| t.signals.set_mask(how, new))
        .ok_or(errno::EFAULT)?
        .map_err(sig_errno)?;
    if oldset != 0 {
        put_user(oldset, old).map_err(|_| errno::EFAULT)?;
    }
    Ok(0)
}

/// `rt_sigpending(set, sigsetsize)`: the signals pending and blocked, the
/// first `sigsetsize` bytes of the set (at most 8: `EINVAL` above), as
/// Linux copies them.
pub(super) fn sys_rt_sigpending(set: u64, sigsetsize: u64) -> SysResult {
    if sigsetsize > 8 {
        return Err(errno::EINVAL);
    }
    let pending = with_current(|t| t.signals.pending() & t.signals.blocked).ok_or(errno::EFAULT)?;
    let bytes = pending.to_ne_bytes();
    copy_to_user(set, &bytes[..sigsetsize as usize]).map_err(|_| errno::EFAULT)?;
    Ok(0)
}

/// `rt_sigsuspend(mask, sigsetsize)`: waits with `mask` in force until a
/// signal is delivered, then returns `-EINTR` (the mask before the call is
/// back once the handler returns). `pause()` is this with the current
/// mask (`mask` `None`).
pub(super) fn sys_rt_sigsuspend(mask: Option<(u64, u64)>) -> SysResult {
    let new = match mask {
        Some((_, size)) if size != 8 => return Err(errno::EINVAL),
        Some((addr, _)) => Some(get_user(addr).map_err(|_| errno::EFAULT)?),
        None => None,
    };
    with_current(|t| {
        // The first time in (not a run after a wake): swap the masks.
        if t.block.saved_mask.is_none() {
            t.block.saved_mask = Some(t.signals.blocked);
            if let Some(m) = new {
                t.signals.restore_mask(m);
            }
        }
    });
    // No queue: only a signal wakes the task (block.rs).
    Err(ERESTARTNOHAND)
}

/// `sigreturn` and `rt_sigreturn` (`kind`): the handler's frame of that
/// kind is at the stack pointer. As on Linux, the saved mask is restored
/// first and the alternate stack next (`sigaltstack`'s rules for the
/// stack pointer at the call, errors ignored), even when a later step
/// fails; a frame that fails a check kills the task (SIGSEGV), never the
/// kernel.
pub(super) fn sys_sigreturn(regs: &mut Frame, kind: SigreturnKind) {
    let sp = regs.sp();
    let back = Arch::restore_signal_frame(regs, kind);
    let deliverable = with_current(|t| {
        if let Some(mask) = back.mask {
            t.signals.restore_mask(mask);
        }
        if let Some(st) = back.altstack {
            if let Ok(st) = t.signals.altstack.set(st, sp) {
                t.signals.altstack = st;
            }
        }
        t.signals.has_deliverable()
    });
    // The restored mask may let a pending signal through; otherwise the
    // return to user mode has nothing to do here.
    if deliverable == Some(true) {
        karch::request_user_work(true);
    }
    if !back.restored {
        force_signal(Siginfo::fault(SIGSEGV, SI_KERNEL, 0));
    }
}

/// Bytes of `stack_t`: `ss_sp`, `ss_flags` (an `int`, padded), `ss_size`.
const STACK_T_SIZE: usize = 24;

fn stack_t_bytes(st: &AltStack, flags: i32) -> [u8; STACK_T_SIZE] {
    let mut b = [0u8; STACK_T_SIZE];
    b[..8].copy_from_slice(&st.sp.to_ne_bytes());
    b[8..12].copy_from_slice(&flags.to_ne_bytes());
    b[16..].copy_from_slice(&st.size.to_ne_bytes());
    b
}

/// `sigaltstack(new, old)`: reports the alternate signal stack (its
/// state for the caller's stack pointer) and sets a new one, with Linux's
/// checks (`AltStack::set`).
pub(super) fn sys_sigaltstack(regs: &Frame, new: u64, old: u64) -> SysResult {
    let new = if new != 0 {
        let mut b = [0u8; STACK_T_SIZE];
        copy_from_user(&mut b, new).map_err(|_| errno::EFAULT)?;
        Some(AltStack {
            sp: u64::from_ne_bytes(b[..8].try_into().expect("8 bytes")),
            flags: i32::from_ne_bytes(b[8..12].try_into().expect("4 bytes")),
            size: u64::from_ne_bytes(b[16..].try_into().expect("8 bytes")),
        })
    } else {
        None
    };
    let sp = regs.sp();
    let previous = with_current(|t| {
        let cur = t.signals.altstack;
        if let Some(n) = new {
            t.signals.altstack = cur.set(n, sp)?;
        }
        Ok::<_, i64>(cur)
    })
    .ok_or(errno::EFAULT)??;
    if old != 0 {
        let b = stack_t_bytes(&previous, previous.reported_flags(sp));
        copy_to_user(old, &b).map_err(|_| errno::EFAULT)?;
    }
    Ok(0)
}
