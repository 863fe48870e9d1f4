//! The task layer as the backend sees it: the one `karch::TaskLayer`
//! implementation, registered at boot by [`super::init`]. Each method is a
//! direct call into the file that owns the concern.

use karch::TaskLayer;
use linux_abi::Siginfo;

use super::{delivery, preempt, syscall, Frame};

/// The task layer.
pub struct Tasks;

impl TaskLayer<Frame> for Tasks {
    #[inline]
    fn syscall(frame: &mut Frame) {
        syscall::handle(frame);
    }

    fn force_signal(_frame: &mut Frame, info: Siginfo) {
        delivery::force_signal(info);
    }

    fn oom_kill(frame: &mut Frame) {
        delivery::oom_kill(frame);
    }

    fn signal_pending() -> bool {
        delivery::signal_pending()
    }

    fn return_to_user(frame: &mut Frame) {
        delivery::return_to_user(frame);
    }

    fn tick(frame: &mut Frame) {
        preempt::tick(frame);
    }
}
