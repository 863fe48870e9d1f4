//! The task table: every task, its pid, and which one is running.
//!
//! The running task is kept out of the map, in [`Scheduler::current`], so
//! that the signal and fault paths reach it without a search and without a
//! cached raw pointer: switching tasks moves a `Box` between the two.

use alloc::boxed::Box;
use alloc::collections::{BTreeMap, VecDeque};
use alloc::sync::Arc;
use core::sync::atomic::{AtomicU64, Ordering};

use arch::Arch;
use karch::Arch as _;
use ksync::{SpinLock, SpinLockGuard};

use super::attrs::Attrs;
use super::block::BlockState;
use super::jobctl::JobCtl;
use super::signal::SignalState;
use super::{Frame, UserMm, UserState};
use crate::fs::FdTable;

/// A process id.
pub type Pid = i32;

/// What a task is doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    /// Ready to run (or running).
    Runnable,
    /// In a system call that cannot complete yet (`wait4` for a child, a
    /// pipe, a sleep); the call runs again when the task is woken
    /// (`block.rs`).
    Blocked,
    /// Stopped by a stop signal (job control) until `SIGCONT` or
    /// `SIGKILL` makes it runnable again (`jobctl.rs`).
    Stopped,
    /// Exited, with a Linux wait status, until the parent reaps it.
    Zombie(i32),
}

/// One task.
pub struct Task {
    /// Its pid.
    pub pid: Pid,
    /// Its parent's pid (0 for the first task).
    pub ppid: Pid,
    /// Its address space (dropped at exit, which frees every frame).
    pub mm: Option<Arc<UserMm>>,
    /// User state while the task is not running.
    pub regs: Frame,
    /// The rest of its user register state while it is not running (while
    /// it runs, the CPU holds it): saved and loaded by
    /// [`Scheduler::set_current`].
    pub user_state: UserState,
    /// What it is doing.
    pub state: State,
    /// Signal state.
    pub signals: Box<SignalState>,
    /// Program break: start of the heap and current end.
    pub brk: (u64, u64),
    /// Where the kernel's `rt_sigreturn` trampoline is mapped.
    pub trampoline: u64,
    /// Open files.
    pub files: FdTable,
    /// The working directory, where relative paths start; its file
    /// system's root is where absolute paths start.
    pub cwd: crate::fs::NodeRef,
    /// Its system call's state across a wait.
    pub block: BlockState,
    /// Process attributes: job-control ids, umask, limits, name, and what
    /// glibc registers at start-up.
    pub attrs: Attrs,
    /// Job control: what its parent's `wait4` and `SIGCHLD` have yet to
    /// hear about its stops and continues.
    pub jobctl: JobCtl,
}

/// Counters of the task layer's own events, for the end of a run. Fault
/// signals and OOM kills are counted once, by `mm`'s fault counters.
#[derive(Default, Debug, Clone, Copy)]
pub struct SignalStats {
    /// Signals sent with `kill`.
    pub kill: u64,
    /// Tasks killed by a signal's default action.
    pub fatal: u64,
}

/// The table, under [`lock`].
pub struct Scheduler {
    /// Every task that is not running.
    tasks: BTreeMap<Pid, Box<Task>>,
    /// The running task.
    current: Option<Box<Task>>,
    /// Runnable tasks, in the order they run.
    pub run_queue: VecDeque<Pid>,
    next_pid: Pid,
    /// The first task: when it exits, the run ends.
    pub init: Pid,
    /// Counters.
    pub stats: SignalStats,
    /// When the running task was switched in (`Arch::clock_ns`), for its
    /// CPU time.
    since: u64,
}

static SCHED: SpinLock<Scheduler> = SpinLock::new(Scheduler {
    tasks: BTreeMap::new(),
    current: None,
    run_queue: VecDeque::new(),
    next_pid: 1,
    init: 0,
    stats: SignalStats { kill: 0, fatal: 0 },
    since: 0,
});

/// Locks the task table.
pub fn lock() -> SpinLockGuard<'static, Scheduler> {
    SCHED.lock()
}

impl Scheduler {
    /// The running task.
    #[inline]
    pub fn current(&mut self) -> Option<&mut Task> {
        self.current.as_deref_mut()
    }

    /// CPU time the running task has used since it was switched in.
    pub fn current_slice_ns(&self) -> u64 {
        Arch::clock_ns().saturating_sub(self.since)
    }

    /// The running task's pid.
    pub fn current_pid(&self) -> Option<Pid> {
        self.current.as_ref().map(|t| t.pid)
    }

    /// Makes `pid` the running task (or none), putting the previous one
    /// back into the table. The only place the running task changes, so
    /// the only place its user register state moves: the previous task's
    /// is saved from the CPU (unless it has exited), the new one's loaded.
    /// Publishes the new task's ids for [`current_ids`].
    pub fn set_current(&mut self, pid: Option<Pid>) {
        let now = Arch::clock_ns();
        if let Some(mut old) = self.current.take() {
            old.attrs.times.own_ns += now.saturating_sub(self.since);
            if !matches!(old.state, State::Zombie(_)) {
                Arch::save_user_state(&mut old.user_state);
            }
            self.tasks.insert(old.pid, old);
        }
        self.since = now;
        self.current = pid.and_then(|p| self.tasks.remove(&p));
        if let Some(new) = &self.current {
            Arch::load_user_state(&new.user_state);
        }
        let (pid, ppid) = self.current.as_ref().map_or((0, 0), |t| (t.pid, t.ppid));
        CURRENT_IDS.store(
            (pid as u32 as u64) << 32 | ppid as u32 as u64,
            Ordering::Relaxed,
        );
    }

    /// The task `pid`, running or not.
    pub fn get(&self, pid: Pid) -> Option<&Task> {
        match &self.current {
            Some(t) if t.pid == pid => Some(t),
            _ => self.tasks.get(&pid).map(|t| &**t),
        }
    }

    /// The task `pid`, running or not, for changing.
    pub fn get_mut(&mut self, pid: Pid) -> Option<&mut Task> {
        match &mut self.current {
            Some(t) if t.pid == pid => Some(t),
            _ => self.tasks.get_mut(&pid).map(|t| &mut **t),
        }
    }

    /// Every task, the running one first.
    pub fn iter(&self) -> impl Iterator<Item = &Task> {
        self.current
            .as_deref()
            .into_iter()
            .chain(self.tasks.values().map(|t| &**t))
    }

    /// Takes a task that is not running out of the table.
    pub fn remove(&mut self, pid: Pid) -> Option<Box<Task>> {
        self.tasks.remove(&pid)
    }

    /// Takes every task, running or not, out of the table.
    pub fn drain(&mut self) -> impl Iterator<Item = Box<Task>> {
        let current = self.current.take();
        let rest = core::mem::take(&mut self.tasks);
        current.into_iter().chain(rest.into_values())
    }

    /// Number of tasks, running or not.
    pub fn len(&self) -> usize {
        self.tasks.len() + usize::from(self.current.is_some())
    }

    /// Gives `task` a new pid and adds it to the table (not running, not
    /// queued). Returns the pid.
    pub fn insert(&mut self, mut task: Box<Task>) -> Pid {
        let pid = self.next_pid;
        self.next_pid += 1;
        task.pid = pid;
        self.tasks.insert(pid, task);
        pid
    }
}

/// The running task's pid and parent pid, kept beside the table so that
/// getpid/getppid need no lock.
static CURRENT_IDS: AtomicU64 = AtomicU64::new(0);

/// The running task's (pid, ppid), without locking; (0, 0) when none runs.
pub fn current_ids() -> (Pid, Pid) {
    let v = CURRENT_IDS.load(Ordering::Relaxed);
    ((v >> 32) as Pid, v as u32 as Pid)
}

/// The running task's pid.
pub fn current_pid() -> Option<Pid> {
    lock().current_pid()
}

/// Runs `f` on the running task.
pub fn with_current<R>(f: impl FnOnce(&mut Task) -> R) -> Option<R> {
    lock().current().map(f)
}

/// Counters of the task layer so far.
pub fn stats() -> SignalStats {
    lock().stats
}
