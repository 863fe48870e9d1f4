//! What the generic signal code hands a backend to build a frame, and
//! what it gets back from a sigreturn.

use linux_abi::signal::{
    BUS_ADRERR, MINSIGSTKSZ, SEGV_ACCERR, SEGV_MAPERR, SIGBUS, SIGSEGV, SS_AUTODISARM, SS_DISABLE,
    SS_ONSTACK,
};
use linux_abi::Siginfo;
use mm::{FaultSignal, SignalKind};

/// A handler invocation, decided by the generic signal code, for the
/// backend to lay out on the user stack in its Linux frame format.
#[derive(Clone, Copy, Debug)]
pub struct SignalDelivery {
    /// The signal and its information.
    pub info: Siginfo,
    /// The handler's address.
    pub handler: u64,
    /// `sa_flags`.
    pub flags: u64,
    /// `sa_restorer` (used where the architecture has `SA_RESTORER` and
    /// the flag is set).
    pub restorer: u64,
    /// Where the kernel mapped its `rt_sigreturn` trampoline
    /// ([`crate::Arch::SIGRETURN_TRAMPOLINE`]).
    pub trampoline: u64,
    /// The signal mask to restore at sigreturn.
    pub saved_mask: u64,
    /// The task's alternate signal stack at delivery: where a handler with
    /// `SA_ONSTACK` runs ([`AltStack::signal_sp`]), what the frame's
    /// `uc_stack` records, and the bounds a frame on it must stay within
    /// ([`AltStack::overflows`]).
    pub altstack: AltStack,
}

/// What a sigreturn read back from the frame at the user stack pointer.
/// Linux restores step by step and stops at the first bad step, keeping
/// what it already restored: the signal mask first, then (rt frames) the
/// alternate stack, then the registers. The generic kernel applies the
/// mask and the stack it is given and sends `SIGSEGV` (`SI_KERNEL`) unless
/// the registers were restored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sigreturn {
    /// The signal mask the frame saved, if it could be read.
    pub mask: Option<u64>,
    /// The alternate stack the frame's `uc_stack` holds (rt frames), to be
    /// set as `sigaltstack` would, errors ignored.
    pub altstack: Option<AltStack>,
    /// Whether the registers and user state were restored. When not, they
    /// are unchanged.
    pub restored: bool,
}

/// Which sigreturn a task called: each reads its own frame layout (Linux
/// has `sigreturn` for handlers without `SA_SIGINFO`, `rt_sigreturn` for
/// the others).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SigreturnKind {
    /// `sigreturn`: the non-rt frame (`struct sigframe`).
    Legacy,
    /// `rt_sigreturn`: the rt frame (`struct rt_sigframe`).
    Rt,
}

/// The alternate signal stack (`sigaltstack`) with Linux's rules: where
/// handlers with `SA_ONSTACK` run. Disabled when `size` is 0.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AltStack {
    /// Lowest address.
    pub sp: u64,
    /// Size in bytes (0: disabled).
    pub size: u64,
    /// The flags it was set with (`SS_AUTODISARM`, and the mode), as Linux
    /// keeps them in `sas_ss_flags` and writes them to `uc_stack`.
    pub flags: i32,
}

impl Default for AltStack {
    fn default() -> Self {
        Self::DISABLED
    }
}

impl AltStack {
    /// No alternate stack: a new task's, and one `SS_AUTODISARM` reset
    /// (Linux's `sas_ss_reset`).
    pub const DISABLED: Self = Self {
        sp: 0,
        size: 0,
        flags: SS_DISABLE,
    };

    /// Whether user stack pointer `sp` is on this stack (it grows down
    /// from `sp + size`). A stack set with `SS_AUTODISARM` never counts as
    /// in use, as on Linux (`on_sig_stack`).
    pub fn contains(&self, sp: u64) -> bool {
        self.flags & SS_AUTODISARM == 0 && sp > self.sp && sp - self.sp <= self.size
    }

    /// Linux's `sas_ss_flags`: `SS_DISABLE`, `SS_ONSTACK` or 0 for a task
    /// at stack pointer `sp`.
    pub fn state(&self, sp: u64) -> i32 {
        if self.size == 0 {
            SS_DISABLE
        } else if self.contains(sp) {
            SS_ONSTACK
        } else {
            0
        }
    }

    /// `ss_flags` as `sigaltstack` reports it for stack pointer `sp`:
    /// the state, with `SS_AUTODISARM` if set.
    pub fn reported_flags(&self, sp: u64) -> i32 {
        self.state(sp) | (self.flags & SS_AUTODISARM)
    }

    /// Linux's `sigsp`: the stack pointer below which a handler's frame
    /// goes, for a task at `sp`: the top of this stack for a handler with
    /// `SA_ONSTACK` (`onstack`) when the stack is set and not in use,
    /// `sp` otherwise. `sigaltstack` takes any base and size, so their
    /// sum wraps as Linux's unsigned sum does; the frame written there
    /// then fails, and the task gets `SIGSEGV`.
    pub fn signal_sp(&self, sp: u64, onstack: bool) -> u64 {
        if onstack && self.state(sp) == 0 {
            self.sp.wrapping_add(self.size)
        } else {
            sp
        }
    }

    /// Whether a frame at `frame` (below `sp`) would leave this stack while
    /// the task runs on it: Linux then builds no frame ("overflow on
    /// alternate signal stack gives SIGSEGV").
    pub fn overflows(&self, sp: u64, frame: u64) -> bool {
        self.contains(sp) && !self.contains(frame)
    }

    /// The stack after `sigaltstack` with `new`, for a task at user stack
    /// pointer `sp`, with Linux's checks in Linux's order: `EPERM` while
    /// running on the stack, `EINVAL` for an unknown mode, `ENOMEM` below
    /// `MINSIGSTKSZ` (not for `SS_DISABLE`, which clears the stack).
    pub fn set(&self, new: AltStack, sp: u64) -> Result<AltStack, i64> {
        if self.contains(sp) {
            return Err(linux_abi::errno::EPERM);
        }
        let mode = new.flags & !SS_AUTODISARM;
        if mode != SS_DISABLE && mode != SS_ONSTACK && mode != 0 {
            return Err(linux_abi::errno::EINVAL);
        }
        if *self == new {
            return Ok(new);
        }
        if mode == SS_DISABLE {
            return Ok(AltStack {
                sp: 0,
                size: 0,
                flags: new.flags,
            });
        }
        if new.size < MINSIGSTKSZ {
            return Err(linux_abi::errno::ENOMEM);
        }
        Ok(new)
    }
}

/// The `siginfo` of a fault signal `mm`'s classification asked for:
/// `SIGSEGV` or `SIGBUS` with Linux's `si_code` and the address.
pub fn fault_siginfo(sig: FaultSignal) -> Siginfo {
    let (signo, code) = match sig.kind {
        SignalKind::SegvMapErr => (SIGSEGV, SEGV_MAPERR),
        SignalKind::SegvAccErr => (SIGSEGV, SEGV_ACCERR),
        SignalKind::BusAdrErr => (SIGBUS, BUS_ADRERR),
    };
    Siginfo::fault(signo, code, sig.addr)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signal_sp_wraps_as_linux_does() {
        // A stack in the last page of the space, four pages long: its top
        // wraps to 12 KiB (a debug kernel used to panic here).
        let st = AltStack {
            sp: 0u64.wrapping_sub(4096),
            size: 4 * 4096,
            flags: 0,
        };
        assert_eq!(st.signal_sp(0x1000_0000, true), 3 * 4096);
        assert_eq!(st.signal_sp(0x1000_0000, false), 0x1000_0000);
    }
}
