//! The system-call table, with Linux's numbers for this machine (the
//! backend's ABI crate, `abi`). The frame decodes the number and the
//! arguments with the machine's convention (`karch::TrapFrame`); the
//! result is stored back, `-errno` on failure, and nothing else changes.

use alloc::collections::BTreeSet;
use alloc::vec;

use abi::conventions::{CLONE_STACK_FIRST, MMAP_ARGS_IN_MEMORY};
use abi::nr;
use abi::sigaction::{self, SigAction};
use arch::Arch;
use karch::{Arch as _, TrapFrame};
use kcore::{pr_warn, print};
use ksync::SpinLock;
use linux_abi::mman::*;
use linux_abi::signal::{NSIG, SIGSEGV, SI_KERNEL};
use linux_abi::wait::{self, WNOHANG};
use linux_abi::{errno, Siginfo};
use mm::error::MmError;
use mm::mmap::Placement;
use mm::vma::{Backing, VmaFlags};
use mm::PAGE_SIZE;

use super::delivery::{force_signal, send_signal};
use super::exit::{exit_current, reap_child, set_current_waiting};
use super::signal::SigError;
use super::switch::{add_task, block_current};
use super::table::{current_ids, current_pid, with_current, Pid, State, Task};
use super::{current_mm, Frame, UserMm};
use crate::uaccess::{copy_from_user, copy_to_user, get_user, put_user};

type SysResult = Result<u64, i64>;

/// How the call ended for the caller of `dispatch`.
enum Flow {
    /// Store the result in the frame and return to the task.
    Return(SysResult),
    /// The handler already set up `regs` (sigreturn, exit, switch).
    Done,
}

static UNKNOWN_LOGGED: SpinLock<BTreeSet<u64>> = SpinLock::new(BTreeSet::new());

/// A system call from the current task: runs it and stores the result.
#[inline]
pub fn handle(regs: &mut Frame) {
    match dispatch(regs.syscall_nr(), regs) {
        Flow::Return(Ok(v)) => regs.set_return(v),
        Flow::Return(Err(e)) => regs.set_return((-e) as u64),
        Flow::Done => {}
    }
}

fn mm_errno(e: MmError) -> i64 {
    match e {
        MmError::OutOfMemory | MmError::NoSpace | MmError::NotMapped => errno::ENOMEM,
        MmError::PermissionDenied => errno::EACCES,
        _ => errno::EINVAL,
    }
}

fn user_mm() -> Result<alloc::sync::Arc<UserMm>, i64> {
    current_mm().ok_or(errno::EFAULT)
}

fn dispatch(n: u64, regs: &mut Frame) -> Flow {
    // The arguments, read where a call uses them.
    let a = |i: usize| regs.arg(i);
    let r = match n {
        nr::EXIT | nr::EXIT_GROUP => {
            exit_current(regs, wait::exited(a(0)));
            return Flow::Done;
        }
        nr::WRITE => sys_write(a(0), a(1), a(2)),
        nr::GETPID => Ok(current_ids().0 as u64),
        nr::GETPPID => Ok(current_ids().1 as u64),
        nr::BRK => sys_brk(a(0)),
        nr::MMAP if MMAP_ARGS_IN_MEMORY => sys_old_mmap(a(0)),
        nr::MMAP => sys_mmap([a(0), a(1), a(2), a(3), a(4), a(5)]),
        nr::MUNMAP => user_mm().and_then(|m| m.munmap(a(0), a(1)).map(|_| 0).map_err(mm_errno)),
        nr::MPROTECT => sys_mprotect(a(0), a(1), a(2)),
        nr::RT_SIGACTION => sys_rt_sigaction(a(0) as i32, a(1), a(2), a(3)),
        nr::RT_SIGPROCMASK => {
            karch::request_user_work(true);
            sys_rt_sigprocmask(a(0), a(1), a(2), a(3))
        }
        nr::RT_SIGRETURN | nr::SIGRETURN => {
            // The handler's frame is at the stack pointer; a frame that
            // fails the checks kills the task (SIGSEGV), never the kernel.
            match Arch::restore_signal_frame(regs) {
                Ok(mask) => {
                    with_current(|t| t.signals.restore_mask(mask));
                    karch::request_user_work(true);
                }
                Err(_) => force_signal(Siginfo::fault(SIGSEGV, SI_KERNEL, 0)),
            }
            return Flow::Done;
        }
        nr::FORK => sys_fork(regs, 0),
        nr::CLONE => {
            let (flags, newsp) = if CLONE_STACK_FIRST {
                (a(1), a(0))
            } else {
                (a(0), a(1))
            };
            // Only fork-like clones (an exit signal in the low byte) are
            // supported; threads (CLONE_VM) are not.
            if flags & !CLONE_EXIT_SIGNAL != 0 {
                Err(errno::EINVAL)
            } else {
                sys_fork(regs, newsp)
            }
        }
        nr::WAIT4 => match sys_wait4(a(0) as i64 as Pid, a(1), a(2), regs) {
            Some(r) => r,
            None => return Flow::Done,
        },
        nr::KILL => sys_kill(a(0) as i64 as Pid, a(1) as i64),
        nr::CLOCK_GETTIME => sys_clock_gettime(a(0), a(1)),
        nr::GETRUSAGE => sys_getrusage(a(1)),
        _ => {
            if UNKNOWN_LOGGED.lock().insert(n) {
                pr_warn!(
                    "task {}: unknown system call {n}: -ENOSYS",
                    current_pid().unwrap_or(0)
                );
            }
            Err(errno::ENOSYS)
        }
    };
    Flow::Return(r)
}

fn sys_write(fd: u64, buf: u64, len: u64) -> SysResult {
    if fd != 1 && fd != 2 {
        return Err(errno::EBADF);
    }
    let mut done = 0u64;
    let mut chunk = vec![0u8; 512];
    while done < len {
        let n = ((len - done) as usize).min(chunk.len());
        copy_from_user(&mut chunk[..n], buf + done).map_err(|_| errno::EFAULT)?;
        print!("{}", alloc::string::String::from_utf8_lossy(&chunk[..n]));
        done += n as u64;
    }
    Ok(len)
}

fn sys_brk(new: u64) -> SysResult {
    let (start, cur) = with_current(|t| t.brk).ok_or(errno::EFAULT)?;
    if new == 0 || new < start {
        return Ok(cur);
    }
    let mm = user_mm()?;
    let (old_top, new_top) = (
        cur.next_multiple_of(PAGE_SIZE),
        new.next_multiple_of(PAGE_SIZE),
    );
    let ok = if new_top > old_top {
        mm.mmap(
            Placement::Fixed(old_top),
            new_top - old_top,
            VmaFlags::rw(),
            Backing::Anon,
        )
        .is_ok()
    } else if new_top < old_top {
        mm.munmap(new_top, old_top - new_top).is_ok()
    } else {
        true
    };
    // Linux returns the old break when it cannot move it.
    if !ok {
        return Ok(cur);
    }
    with_current(|t| t.brk.1 = new);
    Ok(new)
}

fn prot_flags(prot: u64) -> Result<VmaFlags, i64> {
    if prot & !(PROT_READ | PROT_WRITE | PROT_EXEC) != 0 {
        return Err(errno::EINVAL);
    }
    let mut f = VmaFlags::empty();
    if prot & PROT_READ != 0 {
        f |= VmaFlags::READ;
    }
    if prot & PROT_WRITE != 0 {
        f |= VmaFlags::WRITE;
    }
    if prot & PROT_EXEC != 0 {
        f |= VmaFlags::EXEC;
    }
    Ok(f)
}

/// `mmap` where the machine passes the six arguments in a user memory
/// block (the old `old_mmap` convention).
fn sys_old_mmap(block: u64) -> SysResult {
    let mut args = [0u64; 6];
    for (i, a) in args.iter_mut().enumerate() {
        *a = get_user(block + i as u64 * 8).map_err(|_| errno::EFAULT)?;
    }
    sys_mmap(args)
}

/// `mmap(addr, len, prot, flags, fd, offset)`.
fn sys_mmap(args: [u64; 6]) -> SysResult {
    let [addr, len, prot, flags, fd, _off] = args;
    let known = MAP_SHARED
        | MAP_PRIVATE
        | MAP_FIXED
        | MAP_ANONYMOUS
        | MAP_GROWSDOWN
        | MAP_FIXED_NOREPLACE
        | MAP_NORESERVE
        | MAP_POPULATE;
    if flags & !known != 0 || (flags & (MAP_SHARED | MAP_PRIVATE)).count_ones() != 1 {
        return Err(errno::EINVAL);
    }
    if flags & MAP_ANONYMOUS == 0 {
        // There is no file system: only anonymous mappings exist.
        let _ = fd;
        return Err(errno::EBADF);
    }
    let mut vf = prot_flags(prot)? | VmaFlags::MAY;
    if flags & MAP_SHARED != 0 {
        vf |= VmaFlags::SHARED;
    }
    if flags & MAP_GROWSDOWN != 0 {
        vf |= VmaFlags::GROWSDOWN;
    }
    let place = if flags & (MAP_FIXED | MAP_FIXED_NOREPLACE) != 0 {
        Placement::Fixed(addr)
    } else if addr != 0 {
        Placement::Hint(addr & !(PAGE_SIZE - 1))
    } else {
        Placement::Anywhere
    };
    let mm = user_mm()?;
    mm.mmap(place, len, vf, Backing::Anon).map_err(mm_errno)
}

fn sys_mprotect(addr: u64, len: u64, prot: u64) -> SysResult {
    let f = prot_flags(prot)?;
    user_mm()?
        .mprotect(addr, len, f)
        .map(|_| 0)
        .map_err(mm_errno)
}

fn sig_errno(e: SigError) -> i64 {
    match e {
        SigError::Invalid => errno::EINVAL,
        SigError::Fault => errno::EFAULT,
    }
}

fn sys_rt_sigaction(sig: i32, act: u64, oldact: u64, sigsetsize: u64) -> SysResult {
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

fn sys_rt_sigprocmask(how: u64, set: u64, oldset: u64, sigsetsize: u64) -> SysResult {
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

fn sys_fork(regs: &Frame, newsp: u64) -> SysResult {
    let parent = with_current(|t| {
        (
            t.pid,
            t.mm.clone(),
            alloc::boxed::Box::new(t.signals.fork()),
            t.brk,
            t.trampoline,
        )
    });
    let Some((ppid, Some(mm), signals, brk, trampoline)) = parent else {
        return Err(errno::EFAULT);
    };
    let child_mm = mm.fork().map_err(mm_errno)?;
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
        state: State::Runnable,
        signals,
        brk,
        trampoline,
    });
    Ok(pid as u64)
}

/// `clone` flags this kernel accepts: the exit signal in the low byte.
const CLONE_EXIT_SIGNAL: u64 = 0xff;

/// `wait4`. `None`: the task blocked; the call restarts when a child
/// exits.
fn sys_wait4(pid: Pid, status: u64, options: u64, regs: &mut Frame) -> Option<SysResult> {
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

fn sys_kill(pid: Pid, sig: i64) -> SysResult {
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

/// The clock reading clocks count from: the first one asked for.
static CLOCK_BASE: spin::Once<u64> = spin::Once::new();

/// Highest clock id answered (`CLOCK_BOOTTIME`).
const CLOCK_ID_MAX: u64 = 7;
const NSEC_PER_SEC: u64 = 1_000_000_000;

fn sys_clock_gettime(clock: u64, tp: u64) -> SysResult {
    // CLOCK_REALTIME, MONOTONIC, PROCESS/THREAD_CPUTIME, MONOTONIC_RAW,
    // REALTIME/MONOTONIC_COARSE, BOOTTIME: all from the machine's clock.
    if clock > CLOCK_ID_MAX {
        return Err(errno::EINVAL);
    }
    let base = *CLOCK_BASE.call_once(Arch::clock_ns);
    let ns = Arch::clock_ns() - base;
    let mut b = [0u8; 16];
    b[..8].copy_from_slice(&(ns / NSEC_PER_SEC).to_ne_bytes());
    b[8..].copy_from_slice(&(ns % NSEC_PER_SEC).to_ne_bytes());
    copy_to_user(tp, &b).map_err(|_| errno::EFAULT)?;
    Ok(0)
}

/// `getrusage(RUSAGE_SELF)`: the minor and major fault counts (the times
/// are zero: there is no per-task CPU accounting).
fn sys_getrusage(usage: u64) -> SysResult {
    let mm = user_mm()?;
    let c = mm.counters();
    let mut b = [0u8; 144];
    // struct rusage: two timevals (32 bytes), then longs; ru_minflt is the
    // 5th long (offset 64), ru_majflt the 6th (72).
    b[64..72].copy_from_slice(&c.minor.to_ne_bytes());
    b[72..80].copy_from_slice(&c.major.to_ne_bytes());
    copy_to_user(usage, &b).map_err(|_| errno::EFAULT)?;
    Ok(0)
}
