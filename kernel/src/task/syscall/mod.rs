//! The system-call table, with Linux's numbers for this machine (the
//! backend's ABI crate, `abi`). The frame decodes the number and the
//! arguments with the machine's convention (`karch::TrapFrame`); the
//! result is stored back, `-errno` on failure, and nothing else changes.
//!
//! | file | calls |
//! |------|-------|
//! | `file.rs` | `read`, `write`, `close`, `dup`, `dup2`, `dup3` |
//! | `fs.rs` | `open`, `openat`, `pread64`, `lseek`, `fstat`, `stat`, `lstat`, `newfstatat`, `getdents64`, `readlink`, `readlinkat`, `access`, `faccessat`, `faccessat2`, `chdir`, `fchdir`, `getcwd` |
//! | `exec.rs` | `execve`, `execveat` |
//! | `mem.rs` | `brk`, `mmap`, `munmap`, `mprotect` |
//! | `process.rs` | `fork`/`clone`, `wait4`, `kill` |
//! | `signal.rs` | `rt_sigaction`, `rt_sigprocmask`, `rt_sigreturn` |
//! | `time.rs` | `clock_gettime`, `getrusage` |

mod exec;
mod file;
mod fs;
mod mem;
mod process;
mod signal;
mod time;

use alloc::collections::BTreeSet;

use abi::conventions::{CLONE_STACK_FIRST, MMAP_ARGS_IN_MEMORY};
use abi::nr;
use karch::TrapFrame;
use kcore::pr_warn;
use ksync::SpinLock;
use linux_abi::fcntl::{AT_FDCWD, AT_SYMLINK_NOFOLLOW};
use linux_abi::{errno, wait};
use mm::error::MmError;

use super::exit::exit_current;
use super::table::{current_ids, current_pid, Pid};
use super::{current_mm, Frame, UserMm};
use exec::*;
use file::*;
use fs::*;
use mem::*;
use process::*;
use signal::*;
use time::*;

/// A call's result: the value, or the errno to return negated.
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
        nr::READ => sys_read(a(0), a(1), a(2)),
        nr::WRITE => sys_write(a(0), a(1), a(2)),
        nr::CLOSE => sys_close(a(0)),
        nr::DUP => sys_dup(a(0)),
        nr::DUP2 => sys_dup3(a(0), a(1), 0, true),
        nr::DUP3 => sys_dup3(a(0), a(1), a(2), false),
        nr::OPEN => sys_openat(AT_FDCWD as u64, a(0), a(1)),
        nr::OPENAT => sys_openat(a(0), a(1), a(2)),
        nr::PREAD64 => sys_pread64(a(0), a(1), a(2), a(3)),
        nr::LSEEK => sys_lseek(a(0), a(1), a(2)),
        nr::FSTAT => sys_fstat(a(0), a(1)),
        nr::STAT => sys_newfstatat(AT_FDCWD as u64, a(0), a(1), 0),
        nr::LSTAT => sys_newfstatat(AT_FDCWD as u64, a(0), a(1), AT_SYMLINK_NOFOLLOW),
        nr::NEWFSTATAT => sys_newfstatat(a(0), a(1), a(2), a(3)),
        nr::GETDENTS64 => sys_getdents64(a(0), a(1), a(2)),
        nr::READLINK => sys_readlinkat(AT_FDCWD as u64, a(0), a(1), a(2)),
        nr::READLINKAT => sys_readlinkat(a(0), a(1), a(2), a(3)),
        nr::ACCESS => sys_faccessat2(AT_FDCWD as u64, a(0), a(1), 0),
        nr::FACCESSAT => sys_faccessat2(a(0), a(1), a(2), 0),
        nr::FACCESSAT2 => sys_faccessat2(a(0), a(1), a(2), a(3)),
        nr::CHDIR => sys_chdir(a(0)),
        nr::FCHDIR => sys_fchdir(a(0)),
        nr::GETCWD => sys_getcwd(a(0), a(1)),
        nr::EXECVE => match sys_execve(regs, a(0), a(1), a(2)) {
            Ok(()) => return Flow::Done,
            Err(e) => Err(e),
        },
        nr::EXECVEAT => {
            let args = [a(0), a(1), a(2), a(3), a(4)];
            match sys_execveat(regs, args[0], args[1], args[2], args[3], args[4]) {
                Ok(()) => return Flow::Done,
                Err(e) => Err(e),
            }
        }
        nr::GETPID => Ok(current_ids().0 as u64),
        nr::GETPPID => Ok(current_ids().1 as u64),
        nr::BRK => sys_brk(a(0)),
        nr::MMAP if MMAP_ARGS_IN_MEMORY => sys_old_mmap(a(0)),
        nr::MMAP => sys_mmap([a(0), a(1), a(2), a(3), a(4), a(5)]),
        nr::MUNMAP => sys_munmap(a(0), a(1)),
        nr::MPROTECT => sys_mprotect(a(0), a(1), a(2)),
        nr::RT_SIGACTION => sys_rt_sigaction(a(0) as i32, a(1), a(2), a(3)),
        nr::RT_SIGPROCMASK => {
            karch::request_user_work(true);
            sys_rt_sigprocmask(a(0), a(1), a(2), a(3))
        }
        nr::RT_SIGRETURN | nr::SIGRETURN => {
            sys_rt_sigreturn(regs);
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
