//! Signals on their way to a task: queueing them (`kill`, faults,
//! program checks), and acting on them before a return to user mode.

use alloc::string::String;
use core::fmt::Write;

use arch::Arch;
use karch::{Arch as _, SignalDelivery};
use kcore::{pr_err, pr_info, pr_warn};
use linux_abi::signal::{SIGBUS, SIGKILL, SIGSEGV, SI_KERNEL, SI_USER};
use linux_abi::{wait, Siginfo};

use super::block;
use super::exit::exit_current;
use super::jobctl;
use super::rseq;
use super::signal::{self, Delivery};
use super::syscall;
use super::table::{self, Pid, State};
use super::Frame;

/// `kill`: queues `info` for process `pid` (a signal sent to a process,
/// not to the thread that caused it: with threads, any thread that does
/// not block it may take it). `Err(())` if there is no such task. A
/// zombie takes nothing; `SIGCONT` and the stop signals act at once on
/// the target's job-control state ([`jobctl::prepare_signal`]).
pub fn send_signal(pid: Pid, info: Siginfo) -> Result<(), ()> {
    let mut s = table::lock();
    let t = s.get_mut(pid).ok_or(())?;
    if matches!(t.state, State::Zombie(_)) {
        return Ok(());
    }
    if info.signo != 0 {
        jobctl::prepare_signal(&mut s, pid, info.signo);
        let Some(t) = s.get_mut(pid) else {
            return Ok(());
        };
        t.signals.send(info);
        karch::request_user_work(true);
        // A blocked task must run to act on the signal: its call runs
        // again and finds the signal (block.rs).
        if t.signals.has_deliverable() {
            block::wake(&mut s, pid);
        }
        s.stats.kill += 1;
    }
    Ok(())
}

/// Queues `info` for the current task, as Linux's `send_sig` to `current`
/// (a write to a pipe without readers raises `SIGPIPE` this way). An
/// ignored signal is dropped.
pub fn send_current(info: Siginfo) {
    if let Some(t) = table::lock().current() {
        t.signals.send(info);
    }
    karch::request_user_work(true);
}

/// Whether the current task has a signal to act on (the fault path's
/// "signal pending" for `RETRY`).
pub fn signal_pending() -> bool {
    table::with_current(|t| t.signals.has_deliverable()).unwrap_or(false)
}

/// Queues a synchronous signal (a fault or a program check) for the
/// current task: the thread that faulted, never another thread of its
/// process. There is always one: only a task's own user-mode
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
    // Linux reports an OOM kill at error level.
    pr_err!("task {pid} killed: out of memory (OOM kill)");
    exit_current(regs, wait::killed(SIGKILL));
}

/// Acts on pending signals before returning to user mode: pushes a
/// handler frame for each signal that can be delivered (nested, as Linux
/// builds them), or kills the task and switches to the next one.
///
/// The backend calls this only while `karch::user_work()` is set: from
/// the time a signal is queued or a task is switched in until the running
/// task has no signal it can take. The common return (no signal) costs one
/// load.
///
/// A task switched in that blocked in a system call runs the call again
/// first (its `block.resume` flag); a call a signal interrupted is resolved
/// here, by the signal's disposition ([`block::Interrupted`]).
pub fn return_to_user(regs: &mut Frame) {
    loop {
        let (pid, next, trampoline, rseq_area, before, more) = {
            let mut s = table::lock();
            // A task continued since it last ran tells its parent first.
            jobctl::notify_continued(&mut s);
            let Some(t) = s.current() else { return };
            if core::mem::take(&mut t.block.resume) {
                // A call that blocked runs again first. It may complete,
                // or block again and switch to another task.
                drop(s);
                syscall::handle(regs);
                continue;
            }
            let pid = t.pid;
            let mut next = t.signals.next();
            // After rt_sigsuspend, the mask it replaced is the one to
            // return to.
            if let Some(mask) = t.block.saved_mask.take() {
                match &mut next {
                    Delivery::Handler(call) => call.saved_mask = mask,
                    _ => t.signals.restore_mask(mask),
                }
            }
            if let Some(i) = t.block.interrupted.take() {
                let handler = match next {
                    Delivery::Handler(call) => Some(call.act.flags),
                    _ => None,
                };
                if !i.resolve(regs, handler) {
                    // The call ends here: what it kept for a restart goes.
                    t.block = Default::default();
                }
            }
            // The handler's mask takes effect now, under this lock hold
            // (Linux applies it once the frame is written: if the frame
            // cannot be written, `before` puts it back).
            let before = (t.signals.blocked, t.signals.altstack);
            if let Delivery::Handler(call) = &next {
                t.signals.delivered(call);
            }
            let more = t.signals.has_deliverable();
            // Another task's signals are looked at when it is switched in
            // (schedule() asks for the work), so only this task's here.
            karch::request_user_work(more);
            (pid, next, t.trampoline, t.attrs.rseq, before, more)
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
                    altstack: call.altstack,
                };
                // A critical section the signal interrupted resumes at its
                // abort handler once the handler returns.
                let fixed = rseq_area.map_or(Ok(()), |r| rseq::fixup_on_signal(regs, r));
                let pushed = matches!(
                    fixed.map(|()| Arch::push_signal_frame(regs, &delivery)),
                    Ok(Ok(()))
                );
                if !pushed {
                    // A frame that cannot be written, or a bad rseq
                    // descriptor: the mask and stack as they were, and
                    // SIGSEGV instead (Linux's force_sigsegv), which kills
                    // the task unless a handler can take it (on the
                    // alternate stack).
                    let mut s = table::lock();
                    let Some(t) = s.current() else { return };
                    (t.signals.blocked, t.signals.altstack) = before;
                    t.signals.frame_failed(call.info.signo);
                    karch::request_user_work(true);
                    continue;
                }
                if !more {
                    // The usual case: this was the only one.
                    return;
                }
                // Linux delivers every signal that can be before the
                // return to user mode: each later handler's frame goes
                // above this one, so the handlers run nested.
                continue;
            }
            Delivery::Kill(info) => info,
            Delivery::Stop(info) => {
                // Stopped, the next task runs (and may have signals of
                // its own); discarded, this one looks at its next signal.
                jobctl::stop_current(regs, info.signo);
                continue;
            }
        };
        report_kill(pid, &kill);
        table::lock().stats.fatal += 1;
        exit_current(regs, wait::killed(kill.signo));
        // The next task may have signals of its own.
    }
}

/// Reports a task killed by a signal's default action. Linux reports an
/// unhandled fatal signal (`print-fatal-signals`) at info level, so
/// `loglevel=warn` keeps the console to the programs' own output.
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
    pr_info!("{line}");
}
