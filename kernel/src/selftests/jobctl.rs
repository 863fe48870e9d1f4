//! Signal state from the kernel side, for job control: which signals a
//! send keeps, what stops a task, and what `SIGCONT` and the stop signals
//! discard (the differential suite's `proc_` cases check the same against
//! Linux end to end).

use kcore::{kassert, kassert_eq, ktest};
use linux_abi::signal::{
    SIGCHLD, SIGCONT, SIGKILL, SIGSTOP, SIGTSTP, SIGTTIN, SIGUSR1, SIG_IGN, SI_USER,
};
use linux_abi::Siginfo;

use crate::task::signal::{bit, Delivery, SigAction, SignalState, STOP_MASK};

fn sent(sig: i32) -> Siginfo {
    Siginfo::from_task(sig, 1)
}

ktest! {
    suite = "jobctl";

    /// An ignored signal is dropped when sent, unless it is blocked: then
    /// it stays pending (its action may change before it is unblocked),
    /// and is dropped when dequeued.
    fn blocked_ignored_signals_stay_pending() {
        let mut s = SignalState::default();
        s.send(sent(SIGCHLD));
        kassert_eq!(s.pending, 0);
        let ign = SigAction { handler: SIG_IGN, ..SigAction::default() };
        kassert!(s.set_action(SIGUSR1, Some(ign)).is_ok());
        s.send(sent(SIGUSR1));
        kassert_eq!(s.pending, 0);
        kassert!(s.set_mask(0, Some(bit(SIGCHLD) | bit(SIGUSR1))).is_ok());
        s.send(sent(SIGCHLD));
        s.send(sent(SIGUSR1));
        kassert_eq!(s.pending, bit(SIGCHLD) | bit(SIGUSR1));
        kassert!(s.set_mask(2, Some(0)).is_ok());
        kassert!(matches!(s.next(), Delivery::None));
        kassert_eq!(s.pending, 0);
        Ok(())
    }

    /// The stop signals' default action is Stop; SIGKILL's is Kill; the
    /// lowest pending signal goes first.
    fn stop_signals_stop() {
        let mut s = SignalState::default();
        s.send(sent(SIGTTIN));
        s.send(sent(SIGSTOP));
        kassert!(matches!(s.next(), Delivery::Stop(i) if i.signo == SIGSTOP && i.code == SI_USER));
        kassert!(matches!(s.next(), Delivery::Stop(i) if i.signo == SIGTTIN));
        s.send(sent(SIGKILL));
        kassert!(matches!(s.next(), Delivery::Kill(i) if i.signo == SIGKILL));
        Ok(())
    }

    /// What SIGCONT discards: every pending stop signal, and nothing else.
    fn discard_mask_forgets_only_the_mask() {
        let mut s = SignalState::default();
        kassert!(s.set_mask(0, Some(!0)).is_ok());
        for sig in [SIGUSR1, SIGSTOP, SIGTSTP, SIGCONT] {
            s.send(sent(sig));
        }
        s.discard_mask(STOP_MASK);
        kassert_eq!(s.pending, bit(SIGUSR1) | bit(SIGCONT));
        s.discard_mask(bit(SIGCONT));
        kassert_eq!(s.pending, bit(SIGUSR1));
        Ok(())
    }
}
