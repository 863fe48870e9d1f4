//! The one interface through which a backend reaches the task layer.

use core::cell::UnsafeCell;
use core::sync::atomic::{AtomicBool, Ordering};

use linux_abi::Siginfo;

/// What the generic kernel does for a backend's trap code. Implemented
/// once (by the task layer) and registered once
/// ([`crate::Arch::register_task_layer`]); `F` is the backend's trap frame.
///
/// The task layer is a singleton, so its entry points take no `self`: the
/// backend calls them through a [`TaskLayerOps`] table built from this
/// impl at compile time, one load and an indirect call on the system-call
/// path.
///
/// Every function runs in the handler of an interruption from user mode
/// (except [`TaskLayer::signal_pending`], which the fault path may also
/// ask from a kernel-mode fault), and may rewrite `frame` to switch tasks.
pub trait TaskLayer<F: 'static>: 'static {
    /// A system call: number and arguments are in `frame`, the result goes
    /// back into it.
    fn syscall(frame: &mut F);

    /// A synchronous signal for the current task: a fault the mm could not
    /// resolve, or a program check that is not a fault. As on Linux, a
    /// blocked or ignored one is forced to its default action.
    fn force_signal(frame: &mut F, info: Siginfo);

    /// The current task ran out of memory in a fault: kill it.
    fn oom_kill(frame: &mut F);

    /// Whether the current task has a signal it must act on (asked after a
    /// `RETRY`, so that a fault does not keep a killed task looping).
    fn signal_pending() -> bool;

    /// Pending work before the return to user mode: deliver signals, or
    /// kill the task and switch to another. The backend calls it only
    /// while [`user_work`] is set.
    fn return_to_user(frame: &mut F);

    /// The timer the task layer armed ([`crate::Arch::set_timer`]) expired
    /// while the CPU ran in user mode; `frame` is the interrupted task's
    /// state, at the instruction it resumes with. The task layer wakes the
    /// sleepers whose deadline passed, switches to another task if the
    /// time slice of this one is over (rewriting `frame`), and arms the
    /// timer again. The backend then calls [`TaskLayer::return_to_user`]
    /// while [`user_work`] is set, as after any other interruption.
    fn tick(frame: &mut F);
}

/// A [`TaskLayer`]'s entry points, as the backend calls them.
pub struct TaskLayerOps<F: 'static> {
    syscall: fn(&mut F),
    force_signal: fn(&mut F, Siginfo),
    oom_kill: fn(&mut F),
    signal_pending: fn() -> bool,
    return_to_user: fn(&mut F),
    tick: fn(&mut F),
}

impl<F: 'static> TaskLayerOps<F> {
    /// The table of `T`'s entry points.
    pub const fn of<T: TaskLayer<F>>() -> Self {
        Self {
            syscall: T::syscall,
            force_signal: T::force_signal,
            oom_kill: T::oom_kill,
            signal_pending: T::signal_pending,
            return_to_user: T::return_to_user,
            tick: T::tick,
        }
    }

    /// [`TaskLayer::syscall`].
    #[inline(always)]
    pub fn syscall(&self, frame: &mut F) {
        (self.syscall)(frame)
    }

    /// [`TaskLayer::force_signal`].
    #[inline(always)]
    pub fn force_signal(&self, frame: &mut F, info: Siginfo) {
        (self.force_signal)(frame, info)
    }

    /// [`TaskLayer::oom_kill`].
    #[inline(always)]
    pub fn oom_kill(&self, frame: &mut F) {
        (self.oom_kill)(frame)
    }

    /// [`TaskLayer::signal_pending`].
    #[inline(always)]
    pub fn signal_pending(&self) -> bool {
        (self.signal_pending)()
    }

    /// [`TaskLayer::return_to_user`].
    #[inline(always)]
    pub fn return_to_user(&self, frame: &mut F) {
        (self.return_to_user)(frame)
    }

    /// [`TaskLayer::tick`].
    #[inline(always)]
    pub fn tick(&self, frame: &mut F) {
        (self.tick)(frame)
    }
}

/// Where a backend keeps the registered task layer.
///
/// Read on every system call, so a read is one load of the table: no "is
/// it set yet" state to test. Until [`TaskLayerSlot::register`] the slot
/// holds [`Unregistered`]'s table, which answers "no signal pending" (a
/// kernel-mode fault may ask that at boot) and panics on anything that
/// only an interruption from user mode could ask, since only the task
/// layer enters user mode.
pub struct TaskLayerSlot<F: 'static> {
    ops: UnsafeCell<&'static TaskLayerOps<F>>,
    registered: AtomicBool,
}

// SAFETY: `ops` is written once, by `register`, whose caller guarantees
// that nothing reads the slot meanwhile; every other access is a read.
unsafe impl<F: 'static> Sync for TaskLayerSlot<F> {}

impl<F: 'static> TaskLayerSlot<F> {
    /// An empty slot.
    pub const fn new() -> Self {
        Self {
            ops: UnsafeCell::new(const { &TaskLayerOps::of::<Unregistered>() }),
            registered: AtomicBool::new(false),
        }
    }

    /// Registers the task layer `T`. Registering twice is a kernel bug.
    ///
    /// # Safety
    /// Nothing may read the slot while this runs: call it at boot, on the
    /// boot CPU, before any CPU enters user mode (the only way a system
    /// call or a user-mode trap can reach the slot).
    pub unsafe fn register<T: TaskLayer<F>>(&self) {
        assert!(
            !self.registered.swap(true, Ordering::Relaxed),
            "the task layer is registered twice"
        );
        // SAFETY: no reader runs concurrently (the caller's guarantee) and
        // `registered` makes this the only write.
        unsafe { *self.ops.get() = const { &TaskLayerOps::of::<T>() } };
    }

    /// The registered task layer ([`Unregistered`] before registration).
    #[inline(always)]
    pub fn get(&self) -> &'static TaskLayerOps<F> {
        // SAFETY: the only write happened before any reader could run
        // (see `register`), so this read races with nothing.
        unsafe { *self.ops.get() }
    }
}

impl<F: 'static> Default for TaskLayerSlot<F> {
    fn default() -> Self {
        Self::new()
    }
}

/// The task layer before the kernel registered one.
pub struct Unregistered;

impl<F: 'static> TaskLayer<F> for Unregistered {
    fn syscall(_frame: &mut F) {
        unregistered()
    }

    fn force_signal(_frame: &mut F, _info: Siginfo) {
        unregistered()
    }

    fn oom_kill(_frame: &mut F) {
        unregistered()
    }

    fn signal_pending() -> bool {
        false
    }

    fn return_to_user(_frame: &mut F) {
        unregistered()
    }

    fn tick(_frame: &mut F) {
        unregistered()
    }
}

#[cold]
fn unregistered() -> ! {
    panic!("an interruption from user mode before the task layer was registered")
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
