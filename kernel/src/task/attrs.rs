//! A task's process attributes that are neither memory, files nor
//! signals: its job-control ids, file-mode mask, resource limits, name,
//! and the addresses glibc registers at start-up (`set_tid_address`,
//! `set_robust_list`, `rseq`).

use linux_abi::resource::{
    RLIMIT_CORE, RLIMIT_MEMLOCK, RLIMIT_MSGQUEUE, RLIMIT_NICE, RLIMIT_NOFILE, RLIMIT_NPROC,
    RLIMIT_RTPRIO, RLIMIT_SIGPENDING, RLIMIT_STACK, RLIM_INFINITY, RLIM_NLIMITS,
};

use super::table::Pid;
use crate::fs::fdtable::NOFILE;

/// One resource limit: the soft (current) and hard (maximum) value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rlimit {
    /// The limit in force.
    pub cur: u64,
    /// The most `cur` may be raised to.
    pub max: u64,
}

/// Bytes of a task name (`TASK_COMM_LEN`, with its NUL).
pub const COMM_LEN: usize = 16;

/// An `rseq` registration: the area, its length and the signature that
/// must precede every abort handler.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rseq {
    /// Address of `struct rseq` in user memory.
    pub addr: u64,
    /// Its registered length.
    pub len: u32,
    /// The abort signature.
    pub sig: u32,
}

/// User and group ids: real, effective and saved. Every task starts as
/// root (0), as Linux's init does; root may set any id, others only
/// switch among their own.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Cred {
    /// Real user id.
    pub ruid: u32,
    /// Effective user id.
    pub euid: u32,
    /// Saved user id.
    pub suid: u32,
    /// Real group id.
    pub rgid: u32,
    /// Effective group id.
    pub egid: u32,
    /// Saved group id.
    pub sgid: u32,
}

/// CPU time, for `times` and `getrusage`. With no hook on each kernel
/// entry (the timer tick samples nothing), a task's time is all the time it was the
/// running task, user and kernel mode together.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CpuTimes {
    /// The task's own, in nanoseconds.
    pub own_ns: u64,
    /// Its reaped children's (their own and their children's).
    pub children_ns: u64,
}

/// The attributes.
#[derive(Clone, Debug)]
pub struct Attrs {
    /// CPU time used.
    pub times: CpuTimes,
    /// User and group ids.
    pub cred: Cred,
    /// Process group (0 for the first task, as for Linux's init).
    pub pgid: Pid,
    /// Session (0 for the first task).
    pub sid: Pid,
    /// The file-mode creation mask.
    pub umask: u32,
    /// Resource limits, by `RLIMIT_*`.
    pub rlimits: [Rlimit; RLIM_NLIMITS],
    /// The task's name (`prctl(PR_GET_NAME)`), NUL-padded.
    pub comm: [u8; COMM_LEN],
    /// The signal the parent gets when this task ends (`SIGCHLD` from
    /// `fork`; `clone` chooses).
    pub exit_signal: i32,
    /// `set_tid_address`: where the thread id is cleared at exit.
    pub clear_child_tid: u64,
    /// `set_robust_list`: the head of the robust-futex list.
    pub robust_list: u64,
    /// The `rseq` area, if registered.
    pub rseq: Option<Rseq>,
}

/// Linux's `umask` for init.
const INIT_UMASK: u32 = 0o022;
/// Linux's default stack limit (`_STK_LIM`, 8 MiB).
const STACK_LIMIT: u64 = 8 << 20;
/// Linux's default locked-memory limit (`MLOCK_LIMIT`, 8 MiB).
const MLOCK_LIMIT: u64 = 8 << 20;
/// Linux's default POSIX message-queue limit (`MQ_BYTES_MAX`).
const MQ_BYTES_MAX: u64 = 819_200;
/// Linux's hard limit on open files (`INR_OPEN_MAX`).
const NOFILE_MAX: u64 = 4096;
/// Linux's `THREAD_SIZE`, a kernel stack: 16 KiB on s390x and on riscv64
/// (`THREAD_SIZE_ORDER` 2 on both, without KASAN).
const THREAD_SIZE: u64 = 16 << 10;
/// Linux's `MIN_THREADS`: `max_threads` is never below this.
const MIN_THREADS: u64 = 20;
/// Linux's `MAX_THREADS` (`FUTEX_TID_MASK`): nor above this.
const MAX_THREADS: u64 = 0x3fff_ffff;

/// Linux's `max_threads` (`kernel.threads-max`) for `ram_pages` pages, as
/// `fork_init` sizes it: no more than an eighth of memory in kernel
/// stacks. `fork` answers `EAGAIN` once the machine has this many tasks,
/// root included; the default process and pending-signal limits are
/// half of it.
pub fn max_threads(ram_pages: u64) -> u64 {
    (ram_pages.saturating_mul(mm::PAGE_SIZE) / (THREAD_SIZE * 8)).clamp(MIN_THREADS, MAX_THREADS)
}

/// The limits Linux gives init (and every process that inherits them),
/// for a machine with `ram_pages` pages the kernel can hand out.
pub fn default_rlimits(ram_pages: u64) -> [Rlimit; RLIM_NLIMITS] {
    let inf = Rlimit {
        cur: RLIM_INFINITY,
        max: RLIM_INFINITY,
    };
    let both = |v| Rlimit { cur: v, max: v };
    let tasks = max_threads(ram_pages) / 2;
    let mut r = [inf; RLIM_NLIMITS];
    r[RLIMIT_STACK as usize] = Rlimit {
        cur: STACK_LIMIT,
        max: RLIM_INFINITY,
    };
    r[RLIMIT_CORE as usize] = Rlimit {
        cur: 0,
        max: RLIM_INFINITY,
    };
    r[RLIMIT_NPROC as usize] = both(tasks);
    r[RLIMIT_NOFILE as usize] = Rlimit {
        cur: NOFILE as u64,
        max: NOFILE_MAX,
    };
    r[RLIMIT_MEMLOCK as usize] = both(MLOCK_LIMIT);
    r[RLIMIT_SIGPENDING as usize] = both(tasks);
    r[RLIMIT_MSGQUEUE as usize] = both(MQ_BYTES_MAX);
    r[RLIMIT_NICE as usize] = both(0);
    r[RLIMIT_RTPRIO as usize] = both(0);
    r
}

/// A task name from a path: its last component, cut to fit, as Linux
/// names a task after the file it executes.
pub fn comm_of(path: &str) -> [u8; COMM_LEN] {
    let base = path.rsplit('/').next().unwrap_or(path).as_bytes();
    let mut c = [0u8; COMM_LEN];
    let n = base.len().min(COMM_LEN - 1);
    c[..n].copy_from_slice(&base[..n]);
    c
}

/// Pages of RAM the kernel can hand out, for the limits Linux derives
/// from memory.
pub fn ram_pages() -> u64 {
    crate::memory::layout()
        .usable
        .iter()
        .map(|r| (r.end - r.start) / mm::PAGE_SIZE)
        .sum()
}

impl Attrs {
    /// The first task's attributes, named after `path`: Linux's init has
    /// process group and session 0 until it calls `setsid`.
    pub fn first(path: &str) -> Self {
        Self {
            times: CpuTimes::default(),
            cred: Cred::default(),
            pgid: 0,
            sid: 0,
            umask: INIT_UMASK,
            rlimits: default_rlimits(ram_pages()),
            comm: comm_of(path),
            exit_signal: linux_abi::signal::SIGCHLD,
            clear_child_tid: 0,
            robust_list: 0,
            rseq: None,
        }
    }

    /// A child's attributes after `fork`: everything is inherited except
    /// CPU times (a child starts at zero) and the thread-id and
    /// robust-list registrations, which belong to the thread that made
    /// them (Linux clears both in the child).
    /// What `execve` of `path` keeps and resets, as Linux does: the
    /// start-up registrations (`set_tid_address`, `set_robust_list`,
    /// `rseq`) pointed into the old program's memory and are dropped; the
    /// name becomes the new file's; ids, limits and umask stay.
    pub fn exec(&mut self, path: &str) {
        self.clear_child_tid = 0;
        self.robust_list = 0;
        self.rseq = None;
        self.comm = comm_of(path);
    }

    pub fn fork(&self) -> Self {
        Self {
            times: CpuTimes::default(),
            clear_child_tid: 0,
            robust_list: 0,
            ..self.clone()
        }
    }
}
