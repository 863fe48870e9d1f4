//! Expected exceptions, for self-tests (in the style of kvm-unit-tests'
//! `expect_pgm_int`): a test arms an expectation, touches memory, and
//! reads back what happened. A backend's trap handler asks
//! [`Expectation::catch`] first; when armed, the trap is recorded instead
//! of handled, and the backend resumes the interrupted code as the test
//! asked (`R`, its own choices: past the instruction, at the return
//! address...). What is recorded (`C`) is the backend's too.

use core::sync::atomic::{AtomicBool, Ordering};

use ksync::SpinLock;

enum State<R, C> {
    Idle,
    Armed(R),
    Caught(C),
}

/// One expectation slot.
pub struct Expectation<R, C> {
    state: SpinLock<State<R, C>>,
    /// Set while `state` is `Armed`, so that every trap outside a
    /// self-test (all of them in normal operation) costs one load, not a
    /// lock.
    armed: AtomicBool,
}

impl<R: Copy, C> Expectation<R, C> {
    /// An idle slot.
    pub const fn new() -> Self {
        Self {
            state: SpinLock::new(State::Idle),
            armed: AtomicBool::new(false),
        }
    }

    /// Arms the slot: the next trap is recorded instead of handled, and
    /// the interrupted code resumes as `resume` says.
    pub fn arm(&self, resume: R) {
        *self.state.lock() = State::Armed(resume);
        self.armed.store(true, Ordering::Release);
    }

    /// Disarms and returns what was caught, if anything.
    pub fn take(&self) -> Option<C> {
        self.armed.store(false, Ordering::Release);
        match core::mem::replace(&mut *self.state.lock(), State::Idle) {
            State::Caught(c) => Some(c),
            _ => None,
        }
    }

    /// For the trap handler: if armed, records `record()` and returns how
    /// to resume; `None` when the trap is not expected (handle it).
    #[inline]
    pub fn catch(&self, record: impl FnOnce() -> C) -> Option<R> {
        if !self.armed.load(Ordering::Acquire) {
            return None;
        }
        // A trap while the slot's lock is held (inside arm or take) is not
        // the one expected.
        let mut state = self.state.try_lock()?;
        let State::Armed(resume) = *state else {
            return None;
        };
        self.armed.store(false, Ordering::Release);
        *state = State::Caught(record());
        Some(resume)
    }
}

impl<R: Copy, C> Default for Expectation<R, C> {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_only_while_armed() {
        let e: Expectation<u8, u32> = Expectation::new();
        assert_eq!(e.catch(|| 1), None);
        e.arm(7);
        assert_eq!(e.catch(|| 2), Some(7));
        // Disarmed by the catch: a second trap is not expected.
        assert_eq!(e.catch(|| 3), None);
        assert_eq!(e.take(), Some(2));
        assert_eq!(e.take(), None);
        e.arm(1);
        assert_eq!(e.take(), None);
        assert_eq!(e.catch(|| 4), None);
    }
}
