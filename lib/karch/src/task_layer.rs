//! The one interface through which a backend reaches the task layer.

use core::sync::atomic::{AtomicBool, Ordering};

use linux_abi::Siginfo;
use spin::Once;

/// What the generic kernel does for a backend's trap code. Implemented
/// once (by the task layer) and registered once
/// ([`crate::Arch::register_task_layer`]); `F` is the backend's trap frame.
///
/// Every method runs in the handler of an interruption from user mode
/// (except [`TaskLayer::signal_pending`], which the fault path may also
/// ask from a kernel-mode fault), and may rewrite `frame` to switch tasks.
pub trait TaskLayer<F>: Sync {
    /// A system call: number and arguments are in `frame`, the result goes
    /// back into it.
    fn syscall(&self, frame: &mut F);

    /// A synchronous signal for the current task: a fault the mm could not
    /// resolve, or a program check that is not a fault. As on Linux, a
    /// blocked or ignored one is forced to its default action.
    fn force_signal(&self, frame: &mut F, info: Siginfo);

    /// The current task ran out of memory in a fault: kill it.
    fn oom_kill(&self, frame: &mut F);

    /// Whether the current task has a signal it must act on (asked after a
    /// `RETRY`, so that a fault does not keep a killed task looping).
    fn signal_pending(&self) -> bool;

    /// Pending work before the return to user mode: deliver signals, or
    /// kill the task and switch to another. The backend calls it only
    /// while [`user_work`] is set.
    fn return_to_user(&self, frame: &mut F);
}

/// Where a backend keeps the registered task layer.
pub struct TaskLayerSlot<F: 'static>(Once<&'static dyn TaskLayer<F>>);

impl<F: 'static> TaskLayerSlot<F> {
    /// An empty slot.
    pub const fn new() -> Self {
        Self(Once::new())
    }

    /// Registers `layer`. Registering twice is a kernel bug.
    pub fn register(&self, layer: &'static dyn TaskLayer<F>) {
        let mut fresh = false;
        self.0.call_once(|| {
            fresh = true;
            layer
        });
        assert!(fresh, "the task layer is registered twice");
    }

    /// The registered task layer, if any (none before the kernel set up
    /// its task layer: a user-mode interruption cannot happen then).
    #[inline]
    pub fn get(&self) -> Option<&'static dyn TaskLayer<F>> {
        self.0.get().copied()
    }
}

impl<F: 'static> Default for TaskLayerSlot<F> {
    fn default() -> Self {
        Self::new()
    }
}

/// Whether a return to user mode must call [`TaskLayer::return_to_user`]
/// first. A flag rather than a call, so that a return with nothing to do
/// costs one load.
static USER_WORK: AtomicBool = AtomicBool::new(false);

/// Asks (or stops asking) for [`TaskLayer::return_to_user`] on the way
/// back to user mode: a signal was queued, a task switched in, or a mask
/// change may have made a queued signal deliverable.
#[inline]
pub fn request_user_work(on: bool) {
    USER_WORK.store(on, Ordering::Relaxed);
}

/// Whether [`request_user_work`] asked for the task layer.
#[inline]
pub fn user_work() -> bool {
    USER_WORK.load(Ordering::Relaxed)
}
