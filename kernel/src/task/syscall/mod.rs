//! The system-call table, with Linux's numbers for this machine (the
//! backend's ABI crate, `abi`). The frame decodes the number and the
//! arguments with the machine's convention (`karch::TrapFrame`); the
//! result is stored back, `-errno` on failure, and nothing else changes.
//!
//! | file | calls |
//! |------|-------|
//! | `rw.rs` | `read`, `write`, `readv`, `writev` (blocking, `EAGAIN`, `SIGPIPE`) |
//! | `file.rs` | `close`, `dup`, `dup2`, `dup3` |
//! | `fs.rs` | `open`, `openat`, `pread64`, `lseek`, `fstat`, `stat`, `lstat`, `newfstatat`, `getdents64`, `readlink`, `readlinkat`, `access`, `faccessat`, `faccessat2`, `chdir`, `fchdir`, `getcwd` |
//! | `exec.rs` | `execve`, `execveat` |
//! | `pipe.rs` | `pipe`, `pipe2` |
//! | `poll.rs` | `poll`, `ppoll` |
//! | `fcntl.rs` | `fcntl` |
//! | `ioctl.rs` | `ioctl` |
//! | `mem.rs` | `brk`, `mmap`, `munmap`, `mprotect` |
//! | `process.rs` | `fork`/`clone`, `wait4`, `kill`, `tkill`, `tgkill` |
//! | `identity.rs` | the `getuid` family, `setuid`, `setgid`, `getgroups`, process groups and sessions |
//! | `signal.rs` | `rt_sigaction`, `rt_sigprocmask`, `rt_sigpending`, `sigaltstack`, `sigreturn`, `rt_sigreturn` |
//! | `system.rs` | `uname`, `set_tid_address`, `set_robust_list`, `rseq`, resource limits, `getrandom`, `umask`, `prctl`, `sched_yield`, `getcpu` |
//! | `time.rs` | `clock_gettime`, `gettimeofday`, `nanosleep`, `clock_nanosleep`, `times`, `getrusage` |

mod exec;
mod fcntl;
mod file;
mod fs;
mod identity;
mod ioctl;
mod mem;
mod pipe;
mod poll;
mod process;
mod rw;
mod signal;
mod system;
mod time;

use arch::abi::conventions::{CLONE_CHILD_TID_ARG, CLONE_STACK_FIRST, MMAP_ARGS_IN_MEMORY};
use arch::abi::nr;
use karch::{SigreturnKind, TrapFrame};
use kcore::pr_info;
use ksync::SpinLock;
use linux_abi::fcntl::{AT_FDCWD, AT_SYMLINK_NOFOLLOW};
use linux_abi::signal::SIGCHLD;
use linux_abi::{errno, wait};
use mm::error::MmError;

use super::block;
use super::exit::exit_current;
use super::table::{current_ids, current_pid, Pid};
use super::{current_mm, Frame, UserMm};
use exec::*;
use fcntl::*;
use file::*;
use fs::*;
use identity::*;
use ioctl::*;
use mem::*;
use pipe::*;
use poll::*;
use process::*;
use rw::*;
use signal::*;
use system::*;
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

/// The unknown system-call numbers already logged: one bit each below
/// [`UNKNOWN_TRACKED`], one bit for every number above. A fixed bitmap,
/// not a set that grows: a task calling every number of 2^64 must not
/// fill the kernel heap with the record of having logged them.
static UNKNOWN_LOGGED: SpinLock<[u64; UNKNOWN_WORDS + 1]> = SpinLock::new([0; UNKNOWN_WORDS + 1]);

/// Numbers below this are logged once each (every table's real numbers
/// are below 1,024; riscv64 gives the calls it lacks numbers no register
/// holds, which land in the shared bit).
const UNKNOWN_TRACKED: u64 = 1024;
const UNKNOWN_WORDS: usize = (UNKNOWN_TRACKED / 64) as usize;

/// Marks `n` as logged; true if it was not yet.
fn first_unknown(n: u64) -> bool {
    let bit = n.min(UNKNOWN_TRACKED);
    let (word, mask) = ((bit / 64) as usize, 1u64 << (bit % 64));
    let mut logged = UNKNOWN_LOGGED.lock();
    let first = logged[word] & mask == 0;
    logged[word] |= mask;
    first
}

/// A system call from the current task: runs it and stores the result. A
/// call that must wait returns a restart code and is blocked or
/// interrupted here (`block.rs`), with nothing stored.
#[inline]
pub fn handle(regs: &mut Frame) {
    match dispatch(regs.syscall_nr(), regs) {
        Flow::Return(Ok(v)) => regs.set_return(v),
        Flow::Return(Err(e)) if block::is_restart(e) => block::wait(regs, e),
        Flow::Return(Err(e)) => regs.set_return((-e) as u64),
        Flow::Done => {}
    }
}

fn mm_errno(e: MmError) -> i64 {
    match e {
        MmError::OutOfMemory | MmError::TooManyMaps | MmError::NoSpace | MmError::NotMapped => {
            errno::ENOMEM
        }
        MmError::PermissionDenied => errno::EACCES,
        MmError::Exists => errno::EEXIST,
        MmError::BadAddress => errno::EFAULT,
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
        nr::MREMAP => sys_mremap(a(0), a(1), a(2), a(3), a(4)),
        nr::MPROTECT => sys_mprotect(a(0), a(1), a(2)),
        nr::RT_SIGACTION => sys_rt_sigaction(a(0) as i32, a(1), a(2), a(3)),
        nr::RT_SIGPROCMASK => {
            karch::request_user_work(true);
            sys_rt_sigprocmask(a(0) as i32, a(1), a(2), a(3))
        }
        nr::RT_SIGPENDING => sys_rt_sigpending(a(0), a(1)),
        nr::RT_SIGRETURN => {
            sys_sigreturn(regs, SigreturnKind::Rt);
            return Flow::Done;
        }
        nr::SIGRETURN => {
            sys_sigreturn(regs, SigreturnKind::Legacy);
            return Flow::Done;
        }
        nr::FORK => sys_clone(regs, SIGCHLD as u64, 0, 0, 0),
        nr::CLONE => {
            let (flags, newsp) = if CLONE_STACK_FIRST {
                (a(1), a(0))
            } else {
                (a(0), a(1))
            };
            sys_clone(regs, flags, newsp, a(2), a(CLONE_CHILD_TID_ARG))
        }
        nr::WAIT4 => sys_wait4(a(0) as Pid, a(1), a(2), a(3)),
        nr::KILL => sys_kill(a(0) as i32, a(1) as i32),
        nr::TKILL => sys_tgkill(None, a(0) as i32, a(1) as i32),
        nr::TGKILL => sys_tgkill(Some(a(0) as i32), a(1) as i32, a(2) as i32),
        nr::GETTID => Ok(current_ids().0 as u64),
        nr::CLOCK_GETTIME => sys_clock_gettime(a(0), a(1)),
        nr::CLOCK_GETRES => sys_clock_getres(a(0), a(1)),
        nr::GETRUSAGE => sys_getrusage(a(0), a(1)),
        nr::GETTIMEOFDAY => sys_gettimeofday(a(0), a(1)),
        nr::NANOSLEEP => sys_nanosleep(a(0), a(1)),
        nr::CLOCK_NANOSLEEP => sys_clock_nanosleep(a(0), a(1), a(2), a(3)),
        nr::TIMES => sys_times(a(0)),
        nr::READV => sys_readv(a(0), a(1), a(2)),
        nr::WRITEV => sys_writev(a(0), a(1), a(2)),
        nr::POLL => sys_poll(a(0), a(1), a(2)),
        nr::PPOLL => sys_ppoll(a(0), a(1), a(2), a(3), a(4)),
        nr::PIPE => sys_pipe2(a(0), 0),
        nr::PIPE2 => sys_pipe2(a(0), a(1)),
        nr::FCNTL => sys_fcntl(a(0), a(1), a(2)),
        nr::IOCTL => sys_ioctl(a(0), a(1), a(2)),
        nr::GETUID => sys_get_id(|c| c.ruid),
        nr::GETEUID => sys_get_id(|c| c.euid),
        nr::GETGID => sys_get_id(|c| c.rgid),
        nr::GETEGID => sys_get_id(|c| c.egid),
        nr::GETRESUID => sys_getres(true, [a(0), a(1), a(2)]),
        nr::GETRESGID => sys_getres(false, [a(0), a(1), a(2)]),
        nr::GETGROUPS => sys_getgroups(a(0)),
        nr::SETUID => sys_setid(a(0), true),
        nr::SETGID => sys_setid(a(0), false),
        nr::GETPGRP => sys_getpgid(0),
        nr::GETPGID => sys_getpgid(a(0)),
        nr::SETPGID => sys_setpgid(a(0), a(1)),
        nr::GETSID => sys_getsid(a(0)),
        nr::SETSID => sys_setsid(),
        nr::UNAME => sys_uname(a(0)),
        nr::SET_TID_ADDRESS => sys_set_tid_address(a(0)),
        nr::SET_ROBUST_LIST => sys_set_robust_list(a(0), a(1)),
        nr::RSEQ => sys_rseq(a(0), a(1), a(2), a(3)),
        nr::GETCPU => sys_getcpu(a(0), a(1)),
        nr::PRLIMIT64 => sys_prlimit64(a(0), a(1), a(2), a(3)),
        nr::GETRLIMIT => sys_prlimit64(0, a(0), 0, a(1)),
        nr::SETRLIMIT => sys_prlimit64(0, a(0), a(1), 0),
        nr::GETRANDOM => sys_getrandom(a(0), a(1), a(2)),
        nr::UMASK => sys_umask(a(0)),
        nr::PRCTL => sys_prctl(a(0), a(1)),
        nr::SCHED_YIELD => {
            sys_sched_yield(regs);
            return Flow::Done;
        }
        nr::SIGALTSTACK => sys_sigaltstack(regs, a(0), a(1)),
        nr::RT_SIGSUSPEND => sys_rt_sigsuspend(Some((a(0), a(1)))),
        nr::PAUSE => sys_rt_sigsuspend(None),
        _ => {
            // At info level: Linux says nothing about a call it does not
            // have, so `loglevel=warn` keeps the console to the program.
            if first_unknown(n) {
                pr_info!(
                    "task {}: unknown system call {n}: -ENOSYS",
                    current_pid().unwrap_or(0)
                );
            }
            Err(errno::ENOSYS)
        }
    };
    Flow::Return(r)
}
