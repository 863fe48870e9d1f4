//! The task table and everything that changes which task runs.

use alloc::boxed::Box;
use alloc::collections::{BTreeMap, VecDeque};
use alloc::string::String;
use alloc::sync::Arc;
use core::ptr::NonNull;

use arch_s390x::entry::PtRegs;
use arch_s390x::fault_hook;
use arch_s390x::sigframe::Siginfo;
use arch_s390x::usermode::{enter_user, exit_to_kernel, KernelContext};
use kcore::{pr_debug, println};
use ksync::SpinLock;

use super::signal::{self, Delivery, SignalState};
use super::{exec, UserMm};

/// A process id.
pub type Pid = i32;

/// What a task is doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    /// Ready to run (or running).
    Runnable,
    /// In `wait4` for a child; the system call is restarted when a child
    /// exits.
    Waiting,
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
    pub regs: PtRegs,
    /// What it is doing.
    pub state: State,
    /// Signal state.
    pub signals: alloc::boxed::Box<SignalState>,
    /// Program break: start of the heap and current end.
    pub brk: (u64, u64),
    /// Where the kernel's `rt_sigreturn` trampoline is mapped.
    pub trampoline: u64,
}

/// Signals sent, by cause, for the end-of-run counters.
#[derive(Default, Debug, Clone, Copy)]
pub struct SignalStats {
    /// SIGSEGV from faults.
    pub segv: u64,
    /// SIGBUS from faults.
    pub bus: u64,
    /// Tasks killed by the OOM path.
    pub oom_kills: u64,
    /// Signals sent with `kill`.
    pub kill: u64,
    /// Tasks killed by a default action.
    pub fatal: u64,
}

struct Scheduler {
    /// Boxed so that a task does not move when the map rebalances: see
    /// [`Scheduler::set_current`].
    tasks: BTreeMap<Pid, Box<Task>>,
    run_queue: VecDeque<Pid>,
    current: Option<Pid>,
    /// `tasks[current]`, so that the running task (wanted on every signal
    /// and fault path) is found without a search.
    current_task: Option<NonNull<Task>>,
    next_pid: Pid,
    init: Pid,
    stats: SignalStats,
}

// SAFETY: `current_task` points into a box that `tasks` owns, and is only
// followed through `&mut Scheduler`, that is, under the SCHED lock.
unsafe impl Send for Scheduler {}

impl Scheduler {
    /// Makes `pid` the running task. Every change of `current` goes
    /// through here, so `current_task` always points at the box of
    /// `tasks[current]`; the running task's entry is removed from `tasks`
    /// only after `set_current(None)`.
    fn set_current(&mut self, pid: Option<Pid>) {
        self.current = pid;
        self.current_task = pid
            .and_then(|p| self.tasks.get_mut(&p))
            .map(|t| NonNull::from(&mut **t));
    }

    /// The running task.
    fn current_task(&mut self) -> Option<&mut Task> {
        // SAFETY: by `set_current`'s invariant the pointer is to a live
        // box in `tasks`, and `&mut self` makes this the only access.
        self.current_task.map(|p| unsafe { &mut *p.as_ptr() })
    }
}

static SCHED: SpinLock<Scheduler> = SpinLock::new(Scheduler {
    tasks: BTreeMap::new(),
    run_queue: VecDeque::new(),
    current: None,
    current_task: None,
    next_pid: 1,
    init: 0,
    stats: SignalStats {
        segv: 0,
        bus: 0,
        oom_kills: 0,
        kill: 0,
        fatal: 0,
    },
});

/// The running task's pid and parent pid, kept beside the table so that
/// getpid/getppid need no lock or lookup.
static CURRENT_IDS: core::sync::atomic::AtomicU64 = core::sync::atomic::AtomicU64::new(0);

fn publish_current(pid: Pid, ppid: Pid) {
    CURRENT_IDS.store(
        (pid as u32 as u64) << 32 | ppid as u32 as u64,
        core::sync::atomic::Ordering::Relaxed,
    );
}

/// Asks `return_to_user` to look at the signal state again: a signal was
/// queued, a task switched in, or a mask change may have made a queued
/// signal deliverable.
pub fn note_signal_work() {
    fault_hook::set_user_work(true);
}

/// The running task's (pid, ppid), without locking.
pub fn current_ids() -> (Pid, Pid) {
    let v = CURRENT_IDS.load(core::sync::atomic::Ordering::Relaxed);
    ((v >> 32) as Pid, v as u32 as Pid)
}

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
pub fn vma_lock_totals() -> mm::CounterSnapshot {
    *MM_TOTALS.lock()
}

/// The kernel context `run` saved; exit_to_kernel returns there.
static mut KERNEL_CTX: KernelContext = KernelContext::new();

/// Why the first task could not be started.
#[derive(Debug)]
pub enum RunError {
    /// The image is not a runnable static executable.
    Exec(exec::ExecError),
    /// Another `run` is in progress.
    Busy,
}

/// The user address space (CR1/CR7 and the fault handler's view of it).
pub use arch_s390x::current_mm::{current_mm, switch_mm};

/// The running task's pid.
pub fn current_pid() -> Option<Pid> {
    SCHED.lock().current
}

/// Runs `f` on the running task.
pub fn with_current<R>(f: impl FnOnce(&mut Task) -> R) -> Option<R> {
    SCHED.lock().current_task().map(f)
}

/// Counters of signals sent so far.
pub fn signal_stats() -> SignalStats {
    SCHED.lock().stats
}

/// Runs `image` as the first task with `argv` and returns its wait
/// status once it has exited. Every other task still alive then is
/// killed, so nothing outlives the call.
pub fn run(image: &[u8], argv: &[&str]) -> Result<i32, RunError> {
    run_with(image, argv, |_| {})
}

/// As [`run`], letting `setup` prepare the new address space before the
/// task starts (self-tests map file objects or poison pages this way).
pub fn run_with(image: &[u8], argv: &[&str], setup: impl FnOnce(&UserMm)) -> Result<i32, RunError> {
    install_hooks();
    let task = exec::spawn(image, argv, 0).map_err(RunError::Exec)?;
    if let Some(mm) = &task.mm {
        setup(mm);
    }
    let pid = {
        let mut s = SCHED.lock();
        if s.current.is_some() {
            return Err(RunError::Busy);
        }
        let pid = alloc_pid(&mut s);
        s.init = pid;
        let mut task = task;
        task.pid = pid;
        s.tasks.insert(pid, Box::new(task));
        s.set_current(Some(pid));
        publish_current(pid, 0);
        pid
    };
    let (regs, mm) = {
        let s = SCHED.lock();
        let t = &s.tasks[&pid];
        (t.regs.clone(), t.mm.clone())
    };
    switch_mm(mm);
    pr_debug!(
        "task {pid}: entering user mode at {:?} with r15 {:#x}",
        regs.psw,
        regs.gprs[15]
    );
    // SAFETY: regs is a problem-state PSW of the task whose ASCE was just
    // loaded into CR1; KERNEL_CTX lives forever and only this function
    // and `finish_run` (called from a user-mode interruption during this
    // stay) touch it, one at a time.
    let status = unsafe { enter_user(&regs, &mut *core::ptr::addr_of_mut!(KERNEL_CTX)) } as i32;
    switch_mm(None);
    Ok(status)
}

fn alloc_pid(s: &mut Scheduler) -> Pid {
    let pid = s.next_pid;
    s.next_pid += 1;
    pid
}

/// Adds a task (from fork) and makes it runnable. Returns its pid.
pub fn add_task(mut task: Task) -> Pid {
    let mut s = SCHED.lock();
    let pid = alloc_pid(&mut s);
    task.pid = pid;
    s.tasks.insert(pid, Box::new(task));
    s.run_queue.push_back(pid);
    pid
}

/// Ends the current task with wait status `status` (already encoded) and
/// switches to the next runnable task, rewriting `regs`. If the first
/// task exited, kills the rest and returns from [`run`].
pub fn exit_current(regs: &mut PtRegs, status: i32) {
    let (finished, init_status) = {
        let mut s = SCHED.lock();
        let Some(pid) = s.current else { return };
        let init = s.init;
        let parent = s.tasks.get(&pid).map_or(0, |t| t.ppid);
        let mm = s.tasks.get_mut(&pid).and_then(|t| t.mm.take());
        // CR1 must not keep pointing at tables about to be freed.
        switch_mm(None);
        retire_mm(mm); // frees the address space (and every frame) now
        if let Some(t) = s.tasks.get_mut(&pid) {
            t.state = State::Zombie(status);
        }
        // Children of the exiting task are reaped by nobody: free them.
        let orphans: alloc::vec::Vec<Pid> = s
            .tasks
            .values()
            .filter(|t| t.ppid == pid)
            .map(|t| t.pid)
            .collect();
        for o in orphans {
            if let Some(t) = s.tasks.get_mut(&o) {
                t.ppid = 0;
                if matches!(t.state, State::Zombie(_)) {
                    s.tasks.remove(&o);
                }
            }
        }
        s.set_current(None);
        // Wake the parent if it waits: its wait4 is restarted.
        if let Some(p) = s.tasks.get_mut(&parent) {
            if p.state == State::Waiting {
                p.state = State::Runnable;
                s.run_queue.push_back(parent);
            }
        } else if pid != init {
            s.tasks.remove(&pid);
        }
        (pid == init, status)
    };
    if finished {
        finish_run(init_status);
    }
    schedule(regs);
}

/// Kills every task but none of the kernel, and returns from `run`.
fn finish_run(status: i32) -> ! {
    {
        let mut s = SCHED.lock();
        s.set_current(None);
        let all: alloc::vec::Vec<Pid> = s.tasks.keys().copied().collect();
        for pid in all {
            if let Some(mut t) = s.tasks.remove(&pid) {
                retire_mm(t.mm.take());
            }
        }
        s.run_queue.clear();
    }
    switch_mm(None);
    // SAFETY: we are in a handler of an interruption taken in user mode
    // during `run`'s enter_user, which saved KERNEL_CTX.
    unsafe { exit_to_kernel(&*core::ptr::addr_of!(KERNEL_CTX), status as u32 as u64) }
}

/// Blocks the current task (its state is already set) and switches away.
pub fn block_current(regs: &mut PtRegs) {
    {
        let mut s = SCHED.lock();
        if let Some(t) = s.current_task() {
            t.regs = regs.clone();
        }
        s.set_current(None);
    }
    schedule(regs);
}

/// Puts the next runnable task into `regs` (and CR1). Called with no
/// current task.
fn schedule(regs: &mut PtRegs) {
    loop {
        let next = {
            let mut s = SCHED.lock();
            let Some(pid) = s.run_queue.pop_front() else {
                drop(s);
                deadlock();
            };
            let ready = match s.tasks.get(&pid) {
                Some(t) if t.state == State::Runnable => {
                    Some((t.regs.clone(), t.mm.clone(), t.ppid))
                }
                _ => None,
            };
            if let Some((_, _, ppid)) = ready {
                s.set_current(Some(pid));
                publish_current(pid, ppid);
                // The task may have signals queued while it waited.
                note_signal_work();
            }
            ready.map(|(r, mm, _)| (r, mm))
        };
        if let Some((r, mm)) = next {
            *regs = r;
            switch_mm(mm);
            return;
        }
    }
}

/// No task can run: every one waits for a child that will never exit.
/// This is a kernel bug or an impossible wait; end the run loudly.
fn deadlock() -> ! {
    let status = {
        let s = SCHED.lock();
        println!(
            "task: no runnable task left ({} tasks waiting)",
            s.tasks.len()
        );
        0x7f00
    };
    finish_run(status)
}

/// `wait4`: a zombie child matching `pid` (-1: any), reaped; `Ok(None)`
/// if matching children exist but none has exited; `Err` if there is no
/// matching child at all.
pub fn reap_child(pid: Pid) -> Result<Option<(Pid, i32)>, ()> {
    let mut s = SCHED.lock();
    let me = s.current.ok_or(())?;
    let mut any = false;
    let mut found = None;
    for t in s.tasks.values() {
        if t.ppid == me && (pid == -1 || t.pid == pid) {
            any = true;
            if let State::Zombie(st) = t.state {
                found = Some((t.pid, st));
                break;
            }
        }
    }
    if let Some((p, st)) = found {
        s.tasks.remove(&p);
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
    with_current(|t| t.state = State::Waiting);
}

/// `kill`: queues `sig` for `pid`. `Err(())` if there is no such task.
pub fn send_signal(pid: Pid, info: Siginfo) -> Result<(), ()> {
    let mut s = SCHED.lock();
    let t = s.tasks.get_mut(&pid).ok_or(())?;
    if matches!(t.state, State::Zombie(_)) {
        return Ok(());
    }
    if info.signo != 0 {
        t.signals.send(info);
        note_signal_work();
        // A waiting task must run to act on the signal.
        if t.state == State::Waiting && t.signals.has_deliverable() {
            t.state = State::Runnable;
            s.run_queue.push_back(pid);
        }
        s.stats.kill += 1;
    }
    Ok(())
}

/// Whether the current task has a signal to act on (the fault path's
/// "signal pending" for `RETRY`).
pub fn signal_pending() -> bool {
    with_current(|t| t.signals.has_deliverable()).unwrap_or(false)
}

/// Queues a fault signal for the current task.
pub fn force_fault_signal(info: Siginfo) {
    let mut s = SCHED.lock();
    match info.signo {
        signal::SIGSEGV => s.stats.segv += 1,
        signal::SIGBUS => s.stats.bus += 1,
        _ => {}
    }
    let Some(t) = s.current_task() else {
        // A user fault with no task running (a kernel self-test driving a
        // user address space): record it where the test can read it.
        *arch_s390x::fault::LAST_SIGNAL.lock() = Some(arch_s390x::fault::FaultSignal {
            signo: info.signo,
            code: info.code,
            addr: info.fields[0],
        });
        return;
    };
    t.signals.force_fault(info);
    note_signal_work();
}

/// The OOM path: the faulting task dies.
pub fn oom_kill(regs: &mut PtRegs) {
    let pid = {
        let mut s = SCHED.lock();
        s.stats.oom_kills += 1;
        s.current
    };
    println!("task {} killed: out of memory (OOM kill)", pid.unwrap_or(0));
    exit_current(regs, signal::SIGKILL);
}

/// Acts on pending signals before returning to user mode: pushes a
/// handler frame, or kills the task and switches to the next one.
///
/// The architecture calls this only while [`fault_hook::user_work`] is set:
/// from the time a signal is queued or a task is switched in until the
/// running task has no signal it can take. The common return (no signal)
/// costs one load.
pub fn return_to_user(regs: &mut PtRegs) {
    loop {
        let (pid, next, trampoline) = {
            let mut s = SCHED.lock();
            let Some(t) = s.current_task() else { return };
            let pid = t.pid;
            let next = t.signals.next();
            // Another task's signals are looked at when it is switched in
            // (schedule() sets the flag), so only this task's count here.
            fault_hook::set_user_work(t.signals.has_deliverable());
            (pid, next, t.trampoline)
        };
        // The frame is written with no lock held: it may fault.
        let kill = match next {
            Delivery::None => return,
            Delivery::Handler(call) => match signal::setup_frame(&call, regs, trampoline) {
                Ok(()) => return,
                Err(info) => info,
            },
            Delivery::Kill(info) => info,
        };
        report_kill(pid, &kill);
        SCHED.lock().stats.fatal += 1;
        exit_current(regs, kill.signo & 0x7f);
        // The next task may have signals of its own.
    }
}

fn report_kill(pid: Pid, info: &Siginfo) {
    let sig = info.signo;
    let mut line = String::new();
    use core::fmt::Write;
    let _ = write!(
        line,
        "task {pid} killed by {} ({})",
        signal::name(sig),
        signal::code_name(sig, info.code)
    );
    if matches!(sig, signal::SIGSEGV | signal::SIGBUS)
        && info.code != signal::SI_KERNEL
        && info.code != 0
    {
        let _ = write!(line, " at {:#x}", info.fields[0]);
    }
    println!("{line}");
}

/// Connects the architecture's user-mode hooks to this module.
fn install_hooks() {
    fault_hook::SYSCALL.set(super::syscall::handle);
    fault_hook::USER_EXCEPTION.set(user_exception);
    fault_hook::RETURN_TO_USER.set(return_to_user);
    pr_debug!("task: system-call and user-exception hooks installed");
}

/// A program check from user mode that is not a fault: SIGILL, SIGFPE,
/// SIGTRAP or SIGSEGV as Linux maps them; the PSW stays past the
/// instruction, as on Linux.
fn user_exception(regs: &mut PtRegs) {
    use arch_s390x::pgm::PgmCode::*;
    let int = arch_s390x::traps::interruption(regs);
    let (sig, code) = match int.code() {
        Operation | PrivilegedOperation | Execute | SpecialOperation => (signal::SIGILL, 1),
        FixedPointDivide | FixedPointOverflow | DecimalDivide | DecimalOverflow | HfpDivide => {
            (signal::SIGFPE, 1)
        }
        MonitorEvent | Per => (signal::SIGTRAP, 1),
        _ => (signal::SIGSEGV, signal::SI_KERNEL),
    };
    force_fault_signal(Siginfo::fault(sig, code, regs.psw.addr));
}
