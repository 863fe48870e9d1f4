//! Which task runs: entering user mode with the first task, switching to
//! the next runnable one, blocking, and the end of a run.

use arch::Arch;
use karch::{Arch as _, TrapFrame};
use kcore::{pr_debug, println};

use alloc::sync::Arc;
use alloc::vec::Vec;
use core::sync::atomic::{AtomicUsize, Ordering};

use super::block;
use super::exec;
use super::exit::retire_mm;
use super::preempt;
use super::table::{self, Pid, State};
use super::{switch_mm, Frame, UserMm};
use crate::fs::initramfs;
use crate::fs::inode::ROOT;
use crate::fs::{FdTable, NodeRef};

/// Why the first task could not be started.
#[derive(Debug)]
pub enum RunError {
    /// The image is not a runnable static executable.
    Exec(exec::ExecError),
    /// Another `run` is in progress.
    Busy,
}

/// Runs `image` as the first task with `argv` and returns its wait
/// status once it has exited. Every other task still alive then is
/// killed, so nothing outlives the call. The image is `/init` of a file
/// system of its own (the base tree: `/dev/console`, `/dev/null`), which
/// goes away with the task.
pub fn run(image: &[u8], argv: &[&str]) -> Result<i32, RunError> {
    run_with(image, argv, |_| {})
}

/// As [`run`], letting `setup` prepare the new address space before the
/// task starts (self-tests map file objects or poison pages this way).
pub fn run_with(image: &[u8], argv: &[&str], setup: impl FnOnce(&UserMm)) -> Result<i32, RunError> {
    let fs = Arc::new(initramfs::with_init(Arc::new(image.to_vec())));
    let root = NodeRef::root(&fs);
    let init = root.at(fs.child(ROOT, b"init").expect("with_init makes /init"));
    let argv: Vec<&[u8]> = argv.iter().map(|a| a.as_bytes()).collect();
    run_file(&init, &argv, &[], setup)
}

/// Runs the regular file `file` as the first task with `argv` and `envp`,
/// in the root directory of its file system, with descriptors 0-2 on
/// that file system's `/dev/console`; `setup` prepares the address space
/// before the task starts.
pub fn run_file(
    file: &NodeRef,
    argv: &[&[u8]],
    envp: &[&[u8]],
    setup: impl FnOnce(&UserMm),
) -> Result<i32, RunError> {
    let root = NodeRef::root(&file.fs);
    let files = FdTable::on_console(&root);
    let task = exec::spawn(file, argv, envp, 0, root, files).map_err(RunError::Exec)?;
    if let Some(mm) = &task.mm {
        setup(mm);
    }
    let (regs, mm, pid) = {
        let mut s = table::lock();
        if s.current_pid().is_some() {
            return Err(RunError::Busy);
        }
        let pid = s.insert(alloc::boxed::Box::new(task));
        s.init = pid;
        s.set_current(Some(pid));
        let t = s.current().expect("the task just made current");
        (t.regs.clone(), t.mm.clone(), pid)
    };
    switch_mm(mm);
    preempt::start_slice(None);
    pr_debug!(
        "task {pid}: entering user mode at {:#x} with stack {:#x}",
        regs.ip(),
        regs.sp()
    );
    let status = Arch::run_user(&regs) as i32;
    switch_mm(None);
    Ok(status)
}

/// Tasks other than the first that were still alive when the last run
/// ended (and were killed then).
static LEFT_AT_END: AtomicUsize = AtomicUsize::new(0);

/// How many tasks besides the first one the last run killed at its end
/// (0 when the first task had reaped every child before exiting).
pub fn tasks_left_at_end() -> usize {
    LEFT_AT_END.load(Ordering::Relaxed)
}

/// Kills every task and returns from [`run`] with `status`. The run
/// queue's buffer goes back to the heap too: a run leaves no heap behind
/// (`invariants.rs`).
pub(super) fn finish_run(status: i32) -> ! {
    let tasks: alloc::vec::Vec<_> = {
        let mut s = table::lock();
        s.run_queue = alloc::collections::VecDeque::new();
        let init = s.init;
        let tasks: alloc::vec::Vec<_> = s.drain().collect();
        let left = tasks.iter().filter(|t| t.pid != init).count();
        LEFT_AT_END.store(left, Ordering::Relaxed);
        tasks
    };
    block::clear_sleepers();
    preempt::stop();
    switch_mm(None);
    for mut t in tasks {
        retire_mm(t.mm.take());
    }
    // SAFETY: every caller runs in the handler of an interruption taken in
    // user mode during `run`'s Arch::run_user (exit, kill, or a deadlock
    // found while switching), and the locals above are already dropped.
    unsafe { Arch::leave_user(status as u32 as u64) }
}

/// Blocks the current task (its state is already set) and switches away.
pub fn block_current(regs: &mut Frame) {
    {
        let mut s = table::lock();
        if let Some(t) = s.current() {
            t.regs = regs.clone();
        }
        s.set_current(None);
    }
    schedule(regs);
}

/// `sched_yield`: the current task goes to the back of the run queue and
/// the next runnable one (perhaps itself) runs.
pub fn yield_current(regs: &mut Frame) {
    {
        let mut s = table::lock();
        let Some(pid) = s.current_pid() else { return };
        s.run_queue.push_back(pid);
    }
    block_current(regs);
}

/// Puts the next runnable task into `regs` (and its address space in
/// place), and starts its time slice. Called with no current task.
/// Sleepers whose deadline has passed are woken first; with nothing to run
/// but sleepers, the CPU waits in the kernel for the earliest deadline
/// (the timer interrupts only user mode).
pub(super) fn schedule(regs: &mut Frame) {
    loop {
        let next = {
            let mut s = table::lock();
            let next_deadline = block::wake_sleepers(&mut s);
            let Some(pid) = s.run_queue.pop_front() else {
                drop(s);
                match next_deadline {
                    Some(deadline) => {
                        idle_until(deadline);
                        continue;
                    }
                    None => deadlock(),
                }
            };
            let runnable = s.get(pid).is_some_and(|t| t.state == State::Runnable);
            if runnable {
                s.set_current(Some(pid));
                // The task may have signals queued while it waited.
                karch::request_user_work(true);
                s.current()
                    .map(|t| (t.regs.clone(), t.mm.clone(), next_deadline))
            } else {
                None
            }
        };
        if let Some((r, mm, next_deadline)) = next {
            *regs = r;
            switch_mm(mm);
            preempt::start_slice(next_deadline);
            return;
        }
    }
}

/// Waits until the clock reaches `deadline`.
fn idle_until(deadline: u64) {
    while Arch::clock_ns() < deadline {
        core::hint::spin_loop();
    }
}

/// No task can run: every one waits for something that will never happen
/// (a child that will not exit, a pipe nobody else holds).
/// This is a kernel bug or an impossible wait; end the run loudly.
fn deadlock() -> ! {
    let waiting = table::lock().len();
    println!("task: no runnable task left ({waiting} tasks waiting)");
    finish_run(DEADLOCK_STATUS)
}

/// The wait status a run that deadlocked ends with: as if the first task
/// had exited with status 127.
const DEADLOCK_STATUS: i32 = 0x7f00;

/// Adds a task (from fork) and makes it runnable. Returns its pid. The
/// parent, running, goes on first (`preempt::forked`).
pub fn add_task(task: alloc::boxed::Box<table::Task>) -> Pid {
    let pid = {
        let mut s = table::lock();
        let pid = s.insert(task);
        s.run_queue.push_back(pid);
        pid
    };
    preempt::forked();
    pid
}
