//! Signals on their way to a task: queueing them (`kill`, faults,
//! program checks), and acting on them before a return to user mode.

use alloc::string::String;
use core::fmt::Write;

use arch::Arch;
use karch::{Arch as _, SignalDelivery};
use kcore::{pr_warn, println};
use linux_abi::signal::{SIGBUS, SIGKILL, SIGSEGV, SI_KERNEL, SI_USER};
use linux_abi::{wait, Siginfo};

use super::exit::exit_current;
use super::signal::{self, Delivery};
use super::table::{self, Pid, State};
use super::Frame;

/// `kill`: queues `info` for `pid`. `Err(())` if there is no such task.
pub fn send_signal(pid: Pid, info: Siginfo) -> Result<(), ()> {
    let mut s = table::lock();
    let t = s.get_mut(pid).ok_or(())?;
    if matches!(t.state, State::Zombie(_)) {
        return Ok(());
    }
    if info.signo != 0 {
        t.signals.send(info);
        karch::request_user_work(true);
        // A waiting task must run to act on the signal.
        let wake = t.state == State::Waiting && t.signals.has_deliverable();
        if wake {
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
    table::with_current(|t| t.signals.has_deliverable()).unwrap_or(false)
}

/// Queues a synchronous signal (a fault or a program check) for the
/// current task. There is always one: only a task's own user-mode
/// instruction raises such a signal.
pub fn force_signal(info: Siginfo) {
    match table::lock().current() {
        Some(t) => t.signals.force_fault(info),
        None => {
            pr_warn!("signal {} with no task running: dropped", info.signo);
            return;
        }
    }
    karch::request_user_work(true);
}

/// The OOM path: the faulting task dies.
pub fn oom_kill(regs: &mut Frame) {
    let pid = table::current_pid().unwrap_or(0);
    println!("task {pid} killed: out of memory (OOM kill)");
    exit_current(regs, wait::killed(SIGKILL));
}

/// Acts on pending signals before returning to user mode: pushes a
/// handler frame, or kills the task and switches to the next one.
///
/// The backend calls this only while `karch::user_work()` is set: from
/// the time a signal is queued or a task is switched in until the running
/// task has no signal it can take. The common return (no signal) costs one
/// load.
pub fn return_to_user(regs: &mut Frame) {
    loop {
        let (pid, next, trampoline) = {
            let mut s = table::lock();
            let Some(t) = s.current() else { return };
            let pid = t.pid;
            let next = t.signals.next();
            // Another task's signals are looked at when it is switched in
            // (schedule() asks for the work), so only this task's here.
            karch::request_user_work(t.signals.has_deliverable());
            (pid, next, t.trampoline)
        };
        // The frame is written with no lock held: it may fault.
        let kill = match next {
            Delivery::None => return,
            Delivery::Handler(call) => {
                let delivery = SignalDelivery {
                    info: call.info,
                    handler: call.act.handler,
                    flags: call.act.flags,
                    restorer: call.act.restorer,
                    trampoline,
                    saved_mask: call.saved_mask,
                };
                match Arch::push_signal_frame(regs, &delivery) {
                    Ok(()) => return,
                    // A frame that cannot be written kills the task,
                    // never the kernel.
                    Err(_) => Siginfo::fault(SIGSEGV, SI_KERNEL, 0),
                }
            }
            Delivery::Kill(info) => info,
        };
        report_kill(pid, &kill);
        table::lock().stats.fatal += 1;
        exit_current(regs, wait::killed(kill.signo));
        // The next task may have signals of its own.
    }
}

fn report_kill(pid: Pid, info: &Siginfo) {
    let sig = info.signo;
    let mut line = String::new();
    let _ = write!(
        line,
        "task {pid} killed by {} ({})",
        signal::name(sig),
        signal::code_name(sig, info.code)
    );
    if matches!(sig, SIGSEGV | SIGBUS) && info.code != SI_KERNEL && info.code != SI_USER {
        let _ = write!(line, " at {:#x}", info.addr());
    }
    println!("{line}");
}
