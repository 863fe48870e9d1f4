//! POSIX signals for tasks, with Linux's s390x ABI: `rt_sigaction`,
//! `rt_sigprocmask`, delivery onto the user stack in Linux's frame, and
//! `rt_sigreturn` with the same checks Linux makes.

use arch_s390x::entry::PtRegs;
use arch_s390x::sigframe::{RtSigframe, Siginfo};
use arch_s390x::uaccess::{copy_from_user, copy_to_user, Efault};
use arch_s390x::usermode::USER_PSW_MASK;

/// Highest signal number.
pub const NSIG: usize = 64;
pub use s390x_linux_abi::signal::{
    SA_RESTORER, SIGBUS, SIGCHLD, SIGFPE, SIGILL, SIGKILL, SIGSEGV, SIGTRAP,
};
/// Continue (ignored by default here: no job control).
pub const SIGCONT: i32 = 18;
/// Stop (cannot be caught, blocked or ignored).
pub const SIGSTOP: i32 = 19;
/// Urgent socket data (ignored by default).
pub const SIGURG: i32 = 23;
/// Window size change (ignored by default).
pub const SIGWINCH: i32 = 28;

/// `sa_handler` value: default action.
pub const SIG_DFL: u64 = 0;
/// `sa_handler` value: ignore.
pub const SIG_IGN: u64 = 1;
/// `sa_flags`: do not block the signal while its handler runs.
pub const SA_NODEFER: u64 = 0x4000_0000;
/// `sa_flags`: reset to the default action when delivered.
pub const SA_RESETHAND: u64 = 0x8000_0000;
/// `si_code` of a signal the kernel raised for its own reasons.
pub const SI_KERNEL: i32 = 0x80;

/// PSW mask bits a user may change through a signal frame: condition code
/// (bits 18-19) and program mask (bits 20-23).
const PSW_USER_CHANGEABLE: u64 = 0x3f << 40;

/// A signal bit in a mask.
pub const fn bit(sig: i32) -> u64 {
    1 << (sig - 1)
}

const UNBLOCKABLE: u64 = bit(SIGKILL) | bit(SIGSTOP);

/// The kernel's `struct sigaction` on s390x (flags before the restorer).
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SigAction {
    /// `SIG_DFL`, `SIG_IGN` or a handler address.
    pub handler: u64,
    /// `SA_*` flags.
    pub flags: u64,
    /// Return path with `SA_RESTORER`.
    pub restorer: u64,
    /// Signals blocked while the handler runs.
    pub mask: u64,
}

/// Whether a signal's default action terminates the task.
pub fn default_is_ignore(sig: i32) -> bool {
    matches!(sig, SIGCHLD | SIGCONT | SIGURG | SIGWINCH)
}

/// Why a signal system call failed (returned as `-errno`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SigError {
    /// EINVAL.
    Invalid,
    /// EFAULT.
    Fault,
}

impl From<Efault> for SigError {
    fn from(_: Efault) -> Self {
        SigError::Fault
    }
}

/// Per-task signal state.
#[derive(Clone)]
pub struct SignalState {
    actions: [SigAction; NSIG],
    /// Blocked signals.
    pub blocked: u64,
    /// Pending signals.
    pub pending: u64,
    /// The siginfo of each pending signal (the first one raised wins).
    info: [Option<Siginfo>; NSIG],
}

impl Default for SignalState {
    fn default() -> Self {
        Self {
            actions: [SigAction::default(); NSIG],
            blocked: 0,
            pending: 0,
            info: [None; NSIG],
        }
    }
}

/// What [`SignalState::next`] decided for the next pending signal.
#[derive(Clone, Copy, Debug)]
pub enum Delivery {
    /// Nothing deliverable.
    None,
    /// Run a handler: [`setup_frame`] pushes its frame.
    Handler(HandlerCall),
    /// The default action kills the task.
    Kill(Siginfo),
}

/// A handler invocation decided under the task's lock and carried out
/// (the frame written to the user stack) without it.
#[derive(Clone, Copy, Debug)]
pub struct HandlerCall {
    sig: i32,
    info: Siginfo,
    act: SigAction,
    /// The mask to restore at `rt_sigreturn` (the one before delivery).
    saved_mask: u64,
}

fn valid(sig: i32) -> bool {
    (1..=NSIG as i32).contains(&sig)
}

impl SignalState {
    /// State for a child of `fork`: actions and mask copied, nothing
    /// pending.
    pub fn fork(&self) -> Self {
        Self {
            actions: self.actions,
            blocked: self.blocked,
            pending: 0,
            info: [None; NSIG],
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
            self.actions[sig as usize - 1] = act;
            if act.handler == SIG_IGN || (act.handler == SIG_DFL && default_is_ignore(sig)) {
                self.discard(sig);
            }
        }
        Ok(old)
    }

    fn discard(&mut self, sig: i32) {
        self.pending &= !bit(sig);
        self.info[sig as usize - 1] = None;
    }

    /// `rt_sigprocmask` with `how` = 0 (block), 1 (unblock), 2 (set).
    pub fn set_mask(&mut self, how: u64, set: Option<u64>) -> Result<u64, SigError> {
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

    /// Queues `sig` (sent by `kill`). Ignored signals are dropped.
    pub fn send(&mut self, info: Siginfo) {
        let sig = info.signo;
        let act = self.action(sig);
        if sig != SIGKILL
            && (act.handler == SIG_IGN || (act.handler == SIG_DFL && default_is_ignore(sig)))
        {
            return;
        }
        if self.pending & bit(sig) == 0 {
            self.info[sig as usize - 1] = Some(info);
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
        self.info[sig as usize - 1] = Some(info);
    }

    /// Whether a signal is pending and not blocked.
    pub fn has_deliverable(&self) -> bool {
        self.pending & !self.blocked != 0
    }

    /// Dequeues the lowest pending, unblocked signal and decides what it
    /// does: nothing (ignored), kill the task, or run a handler, in which
    /// case the handler's mask and `SA_RESETHAND` take effect now and
    /// [`setup_frame`] writes the frame. Split from the frame so that no
    /// lock is held across the user access, and the state is not moved.
    pub fn next(&mut self) -> Delivery {
        loop {
            let ready = self.pending & !self.blocked;
            if ready == 0 {
                return Delivery::None;
            }
            let sig = ready.trailing_zeros() as i32 + 1;
            let info = self.info[sig as usize - 1]
                .take()
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
                SIG_DFL => return Delivery::Kill(info),
                _ => {}
            }
            let saved_mask = self.blocked;
            if act.flags & SA_NODEFER == 0 {
                self.blocked |= bit(sig);
            }
            self.blocked = (self.blocked | act.mask) & !UNBLOCKABLE;
            if act.flags & SA_RESETHAND != 0 {
                self.actions[sig as usize - 1] = SigAction::default();
            }
            return Delivery::Handler(HandlerCall {
                sig,
                info,
                act,
                saved_mask,
            });
        }
    }

    /// The mask `rt_sigreturn` restores.
    pub fn restore_mask(&mut self, mask: u64) {
        self.blocked = mask & !UNBLOCKABLE;
    }
}

/// Pushes the frame for `call` onto the user stack in `regs` and points
/// `regs` at the handler. A frame that cannot be written is answered with
/// the SIGSEGV that kills the task (never the kernel).
pub fn setup_frame(call: &HandlerCall, regs: &mut PtRegs, trampoline: u64) -> Result<(), Siginfo> {
    let mut frame = RtSigframe::zeroed();
    frame.info = call.info;
    frame.uc.mcontext.psw_mask = regs.psw.mask;
    frame.uc.mcontext.psw_addr = regs.psw.addr;
    frame.uc.mcontext.gprs = regs.gprs;
    frame.uc.sigmask = call.saved_mask;
    let size = core::mem::size_of::<RtSigframe>() as u64;
    // The s390x ABI needs only 8-byte stack alignment.
    let sp = regs.gprs[15].wrapping_sub(size) & !7;
    // Back chain to the interrupted frame, as the ABI expects.
    frame.callee_used_stack[..8].copy_from_slice(&regs.gprs[15].to_be_bytes());
    if copy_to_user(sp, frame.as_bytes()).is_err() {
        return Err(Siginfo::fault(SIGSEGV, SI_KERNEL, 0));
    }
    regs.gprs[2] = call.sig as u64;
    regs.gprs[3] = sp + core::mem::offset_of!(RtSigframe, info) as u64;
    regs.gprs[4] = sp + core::mem::offset_of!(RtSigframe, uc) as u64;
    regs.gprs[14] = if call.act.flags & SA_RESTORER != 0 {
        call.act.restorer
    } else {
        trampoline
    };
    regs.gprs[15] = sp;
    regs.psw.mask = USER_PSW_MASK;
    regs.psw.addr = call.act.handler;
    Ok(())
}

/// `rt_sigreturn`: restores the registers saved in the frame at the user's
/// %r15 and returns the signal mask to restore. A frame that cannot be
/// read, or whose PSW mask sets bits a user may not set, is refused with
/// the SIGSEGV (`SI_KERNEL`) that kills the task; `regs` is then unchanged.
pub fn sigreturn(regs: &mut PtRegs) -> Result<u64, Siginfo> {
    let refuse = Siginfo::fault(SIGSEGV, SI_KERNEL, 0);
    let mut bytes = [0u8; core::mem::size_of::<RtSigframe>()];
    copy_from_user(&mut bytes, regs.gprs[15]).map_err(|_| refuse)?;
    let frame = RtSigframe::from_bytes(&bytes);
    let saved = frame.uc.mcontext;
    if saved.psw_mask & !PSW_USER_CHANGEABLE != USER_PSW_MASK {
        return Err(refuse);
    }
    regs.psw.mask = saved.psw_mask;
    regs.psw.addr = saved.psw_addr;
    regs.gprs = saved.gprs;
    Ok(frame.uc.sigmask)
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
        _ => "signal",
    }
}

/// The name of a fault signal's `si_code`.
pub fn code_name(sig: i32, code: i32) -> &'static str {
    match (sig, code) {
        (SIGSEGV, 1) => "SEGV_MAPERR",
        (SIGSEGV, 2) => "SEGV_ACCERR",
        (SIGBUS, 2) => "BUS_ADRERR",
        (_, SI_KERNEL) => "SI_KERNEL",
        (_, 0) => "SI_USER",
        _ => "?",
    }
}
