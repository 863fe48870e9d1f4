//! Per-task signal state with Linux's semantics: `rt_sigaction`,
//! `rt_sigprocmask`, queueing, and the decision of what the next pending
//! signal does. Writing the frame for a handler and reading it back at
//! sigreturn are the backend's (`karch::Arch::push_signal_frame`).

use alloc::vec::Vec;
pub use arch::abi::sigaction::SigAction;
use arch::abi::signal::UAPI_SA_FLAGS;
pub use karch::AltStack;
use linux_abi::signal::{
    BUS_ADRERR, NSIG, SA_NODEFER, SA_RESETHAND, SEGV_ACCERR, SEGV_MAPERR, SIGBUS, SIGCHLD, SIGCONT,
    SIGFPE, SIGILL, SIGKILL, SIGSEGV, SIGSTOP, SIGSYS, SIGTRAP, SIGTSTP, SIGTTIN, SIGTTOU, SIGURG,
    SIGWINCH, SIG_DFL, SIG_IGN, SI_KERNEL, SI_USER, SS_AUTODISARM,
};

use linux_abi::Siginfo;

/// A signal bit in a mask.
pub const fn bit(sig: i32) -> u64 {
    1 << (sig - 1)
}

const UNBLOCKABLE: u64 = bit(SIGKILL) | bit(SIGSTOP);

/// Linux's `SYNCHRONOUS_MASK`: the signals a fault raises, dequeued
/// before any other pending signal whatever their numbers.
const SYNCHRONOUS: u64 =
    bit(SIGSEGV) | bit(SIGBUS) | bit(SIGILL) | bit(SIGTRAP) | bit(SIGFPE) | bit(SIGSYS);

/// Whether a signal's default action is to ignore it.
pub fn default_is_ignore(sig: i32) -> bool {
    matches!(sig, SIGCHLD | SIGCONT | SIGURG | SIGWINCH)
}

/// Whether a signal's default action stops the task (job control).
pub fn default_is_stop(sig: i32) -> bool {
    matches!(sig, SIGSTOP | SIGTSTP | SIGTTIN | SIGTTOU)
}

/// The stop signals, as a mask: `SIGCONT` discards them when sent.
pub const STOP_MASK: u64 = bit(SIGSTOP) | bit(SIGTSTP) | bit(SIGTTIN) | bit(SIGTTOU);

/// Why a signal system call failed (returned as `-errno`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SigError {
    /// EINVAL.
    Invalid,
    /// EFAULT.
    Fault,
}

impl From<karch::Efault> for SigError {
    fn from(_: karch::Efault) -> Self {
        SigError::Fault
    }
}

/// The siginfo of the pending signals (the first one raised of each
/// wins). A task rarely has more than one signal pending, so the first
/// sits inline and the rest go on the heap: a table of one siginfo per
/// signal, 8,704 bytes, would be most of the kernel memory a task costs.
/// Like Linux's sigqueue entries, a siginfo the heap has no room for is
/// lost while its signal stays pending (delivered with the fallback
/// information of [`SignalState::next`]).
#[derive(Default)]
struct PendingInfo {
    first: Option<Siginfo>,
    more: Vec<Siginfo>,
}

impl PendingInfo {
    /// Records `info` for its signal, replacing what was there. Inline,
    /// so that the usual case (nothing else pending) writes the siginfo
    /// once, in place, as a fault's signal did into a table.
    #[inline(always)]
    fn set(&mut self, info: &Siginfo) {
        match &mut self.first {
            None => self.first = Some(*info),
            Some(f) if f.signo == info.signo => *f = *info,
            Some(_) => self.set_more(info),
        }
    }

    /// [`Self::set`] with the inline slot taken by another signal.
    #[inline(never)]
    fn set_more(&mut self, info: &Siginfo) {
        if let Some(m) = self.more.iter_mut().find(|m| m.signo == info.signo) {
            *m = *info;
        } else if mm::kmem::take(size_of::<Siginfo>()).is_ok() && self.more.try_reserve(1).is_ok() {
            self.more.push(*info);
        }
    }

    /// Takes the siginfo recorded for `sig`, if any.
    #[inline(always)]
    fn take(&mut self, sig: i32) -> Option<Siginfo> {
        if self.first.as_ref().is_some_and(|f| f.signo == sig) {
            return self.first.take();
        }
        self.take_more(sig)
    }

    /// [`Self::take`] from the heap part.
    #[inline(never)]
    fn take_more(&mut self, sig: i32) -> Option<Siginfo> {
        let i = self.more.iter().position(|m| m.signo == sig)?;
        Some(self.more.swap_remove(i))
    }
}

/// Per-task signal state.
pub struct SignalState {
    /// The alternate signal stack.
    pub altstack: AltStack,
    actions: [SigAction; NSIG],
    /// Blocked signals.
    pub blocked: u64,
    /// Pending signals.
    pub pending: u64,
    /// The siginfo of each pending signal.
    info: PendingInfo,
}

impl Default for SignalState {
    fn default() -> Self {
        Self {
            altstack: AltStack::DISABLED,
            actions: [SigAction::default(); NSIG],
            blocked: 0,
            pending: 0,
            info: PendingInfo::default(),
        }
    }
}

/// What [`SignalState::next`] decided for the next pending signal.
#[derive(Clone, Copy, Debug)]
pub enum Delivery {
    /// Nothing deliverable.
    None,
    /// Run a handler: the backend pushes its frame.
    Handler(HandlerCall),
    /// The default action kills the task.
    Kill(Siginfo),
    /// The default action stops the task (`SIGTSTP`, `SIGTTIN` and
    /// `SIGTTOU` only if its process group is not orphaned, which the
    /// caller decides).
    Stop(Siginfo),
}

/// A handler invocation decided under the task's lock and carried out
/// (the frame written to the user stack) without it; once the frame is
/// written, [`SignalState::delivered`] applies the handler's mask.
#[derive(Clone, Copy, Debug)]
pub struct HandlerCall {
    /// The signal and its information.
    pub info: Siginfo,
    /// The action in force when it was delivered.
    pub act: SigAction,
    /// The mask to restore at sigreturn (the one before delivery).
    pub saved_mask: u64,
    /// The alternate stack at delivery.
    pub altstack: AltStack,
}

fn valid(sig: i32) -> bool {
    (1..=NSIG as i32).contains(&sig)
}

impl SignalState {
    /// State for a child of `fork`: actions, mask and alternate stack
    /// copied, nothing pending.
    pub fn fork(&self) -> Self {
        Self {
            altstack: self.altstack,
            actions: self.actions,
            blocked: self.blocked,
            pending: 0,
            info: PendingInfo::default(),
        }
    }

    /// `execve`: handlers are reset to the default action (their code is
    /// gone), ignored signals stay ignored, and flags and handler masks
    /// are cleared, as Linux's `flush_signal_handlers`; the blocked mask
    /// and pending signals are kept.
    pub fn exec_reset(&mut self) {
        // The alternate stack belonged to the old program's memory.
        self.altstack = Self::default().altstack;
        for a in &mut self.actions {
            if a.handler != SIG_IGN {
                a.handler = SIG_DFL;
            }
            a.flags = 0;
            a.restorer = 0;
            a.mask = 0;
        }
    }

    /// The action for `sig`.
    pub fn action(&self, sig: i32) -> SigAction {
        self.actions[sig as usize - 1]
    }

    /// `rt_sigaction`: installs `new` (if any) and returns the old action.
    pub fn set_action(&mut self, sig: i32, new: Option<SigAction>) -> Result<SigAction, SigError> {
        if !valid(sig) {
            return Err(SigError::Invalid);
        }
        let old = self.action(sig);
        if let Some(act) = new {
            if sig == SIGKILL || sig == SIGSTOP {
                return Err(SigError::Invalid);
            }
            // Linux keeps only the flags it knows (so that a program can
            // tell which it supports) and never blocks SIGKILL or SIGSTOP.
            let act = SigAction {
                flags: act.flags & UAPI_SA_FLAGS,
                mask: act.mask & !UNBLOCKABLE,
                ..act
            };
            self.actions[sig as usize - 1] = act;
            if act.handler == SIG_IGN || (act.handler == SIG_DFL && default_is_ignore(sig)) {
                self.discard(sig);
            }
        }
        Ok(old)
    }

    fn discard(&mut self, sig: i32) {
        self.pending &= !bit(sig);
        self.info.take(sig);
    }

    /// Forgets every pending signal of `mask` (what sending `SIGCONT` or
    /// a stop signal does to the other kind).
    pub fn discard_mask(&mut self, mask: u64) {
        for sig in 1..=NSIG as i32 {
            if mask & bit(sig) != 0 {
                self.discard(sig);
            }
        }
    }

    /// Whether `sig` would be dropped if sent now: ignored (explicitly,
    /// or by default), and not blocked. A blocked signal is kept pending
    /// whatever its action, as on Linux, since the action may change
    /// before it is unblocked.
    pub fn ignores(&self, sig: i32) -> bool {
        let act = self.action(sig);
        sig != SIGKILL
            && sig != SIGSTOP
            && self.blocked & bit(sig) == 0
            && (act.handler == SIG_IGN || (act.handler == SIG_DFL && default_is_ignore(sig)))
    }

    /// `rt_sigprocmask` with `how` = 0 (block), 1 (unblock), 2 (set); `how`
    /// is an `int` for Linux (the upper half of the register is ignored)
    /// and is looked at only when there is a new set.
    pub fn set_mask(&mut self, how: i32, set: Option<u64>) -> Result<u64, SigError> {
        let old = self.blocked;
        if let Some(s) = set {
            self.blocked = match how {
                0 => self.blocked | s,
                1 => self.blocked & !s,
                2 => s,
                _ => return Err(SigError::Invalid),
            } & !UNBLOCKABLE;
        }
        Ok(old)
    }

    /// Queues `sig` (sent by `kill`). Ignored signals are dropped, unless
    /// blocked: Linux queues a blocked signal whatever its action (it is
    /// dropped at delivery if still ignored then).
    pub fn send(&mut self, info: Siginfo) {
        let sig = info.signo;
        if !valid(sig) || self.ignores(sig) {
            return;
        }
        if self.pending & bit(sig) == 0 {
            self.info.set(&info);
        }
        self.pending |= bit(sig);
    }

    /// Queues a synchronous fault signal. As on Linux, a fault signal that
    /// is blocked or ignored cannot be, so it is unblocked and reset to
    /// its default action (the task dies) rather than lost or looping.
    pub fn force_fault(&mut self, info: Siginfo) {
        let sig = info.signo;
        let act = self.action(sig);
        if self.blocked & bit(sig) != 0 || act.handler == SIG_IGN {
            self.blocked &= !bit(sig);
            self.actions[sig as usize - 1].handler = SIG_DFL;
        }
        self.pending |= bit(sig);
        self.info.set(&info);
    }

    /// Whether a signal is pending and not blocked.
    pub fn has_deliverable(&self) -> bool {
        self.pending & !self.blocked != 0
    }

    /// Dequeues the next pending, unblocked signal (a synchronous one
    /// first, then the lowest, as Linux's `next_signal`) and decides what
    /// it does: nothing (ignored), kill the task, or run a handler, in
    /// which case `SA_RESETHAND` takes effect now, and the handler's mask
    /// once the backend has written the frame ([`Self::delivered`]). Split
    /// from the frame so that no lock is held across the user access, and
    /// the state is not moved.
    pub fn next(&mut self) -> Delivery {
        loop {
            let mut ready = self.pending & !self.blocked;
            if ready == 0 {
                return Delivery::None;
            }
            if ready & SYNCHRONOUS != 0 {
                ready &= SYNCHRONOUS;
            }
            let sig = ready.trailing_zeros() as i32 + 1;
            let info = self
                .info
                .take(sig)
                .unwrap_or(Siginfo::fault(sig, SI_KERNEL, 0));
            self.pending &= !bit(sig);
            let act = self.action(sig);
            kcore::pr_debug!(
                "signal: delivering {sig} (handler {:#x}, flags {:#x}) info {:?}",
                act.handler,
                act.flags,
                info
            );
            match act.handler {
                SIG_IGN => continue,
                SIG_DFL if default_is_ignore(sig) => continue,
                SIG_DFL if default_is_stop(sig) => return Delivery::Stop(info),
                SIG_DFL => return Delivery::Kill(info),
                _ => {}
            }
            // SA_RESETHAND resets the handler only: the flags and mask
            // stay, as Linux's `SA_ONESHOT`.
            if act.flags & SA_RESETHAND != 0 {
                self.actions[sig as usize - 1].handler = SIG_DFL;
            }
            return Delivery::Handler(HandlerCall {
                info,
                act,
                saved_mask: self.blocked,
                altstack: self.altstack,
            });
        }
    }

    /// The handler's frame is written: its mask takes effect (the signal
    /// itself too, unless `SA_NODEFER`), and an alternate stack set with
    /// `SS_AUTODISARM` is disarmed, as Linux's `signal_delivered`.
    pub fn delivered(&mut self, call: &HandlerCall) {
        let mut blocked = self.blocked | call.act.mask;
        if call.act.flags & SA_NODEFER == 0 {
            blocked |= bit(call.info.signo);
        }
        self.blocked = blocked & !UNBLOCKABLE;
        if self.altstack.flags & SS_AUTODISARM != 0 {
            self.altstack = AltStack::DISABLED;
        }
    }

    /// A handler's frame could not be written: Linux's `force_sigsegv`.
    /// The task gets `SIGSEGV` (`SI_KERNEL`) instead, forced like a
    /// fault's; if the failed signal was `SIGSEGV` itself, its handler is
    /// reset first, so that the task dies rather than loops.
    pub fn frame_failed(&mut self, sig: i32) {
        if sig == SIGSEGV {
            self.actions[sig as usize - 1].handler = SIG_DFL;
        }
        self.force_fault(Siginfo::fault(SIGSEGV, SI_KERNEL, 0));
    }

    /// The signals pending for `rt_sigpending` (blocked or not).
    pub fn pending(&self) -> u64 {
        self.pending
    }

    /// The mask `rt_sigreturn` restores.
    pub fn restore_mask(&mut self, mask: u64) {
        self.blocked = mask & !UNBLOCKABLE;
    }
}

/// The name of a signal for reports.
pub fn name(sig: i32) -> &'static str {
    match sig {
        SIGILL => "SIGILL",
        SIGTRAP => "SIGTRAP",
        SIGBUS => "SIGBUS",
        SIGFPE => "SIGFPE",
        SIGKILL => "SIGKILL",
        SIGSEGV => "SIGSEGV",
        SIGCHLD => "SIGCHLD",
        SIGSTOP => "SIGSTOP",
        SIGTSTP => "SIGTSTP",
        SIGTTIN => "SIGTTIN",
        SIGTTOU => "SIGTTOU",
        _ => "signal",
    }
}

/// The name of a fault signal's `si_code`.
pub fn code_name(sig: i32, code: i32) -> &'static str {
    match (sig, code) {
        (SIGSEGV, SEGV_MAPERR) => "SEGV_MAPERR",
        (SIGSEGV, SEGV_ACCERR) => "SEGV_ACCERR",
        (SIGBUS, BUS_ADRERR) => "BUS_ADRERR",
        (_, SI_KERNEL) => "SI_KERNEL",
        (_, SI_USER) => "SI_USER",
        _ => "?",
    }
}
