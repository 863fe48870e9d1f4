//! The contract between the generic kernel (`kernel/`) and an architecture
//! backend (`arch/<name>`).
//!
//! It has two directions, both checked by the compiler:
//!
//! - **Down**: [`Arch`], which every backend implements on a unit type
//!   named `Arch` at its crate root. The generic kernel reaches the machine
//!   only through it: boot facts, address-space switching, entering and
//!   leaving user mode, a task's user register state beyond the trap
//!   frame, user-memory access, signal frames, `AT_HWCAP`/`AT_PLATFORM`,
//!   the clock and the ELF machine. Its trap frame implements [`TrapFrame`]. The page
//!   tables are the other half of a backend, `mm::arch::Arch`, named here
//!   as [`Arch::Mmu`]. A backend that leaves out a piece does not compile.
//! - **Up**: [`TaskLayer`], which the generic kernel implements once and
//!   hands to [`Arch::register_task_layer`] at boot. It is the backend's
//!   only way into the task layer: system calls, a signal for the current
//!   task, the OOM kill, "is a signal pending" (for `RETRY`), the work
//!   before a return to user mode, and the timer tick that ends a time
//!   slice ([`TaskLayer::tick`]; the task layer arms the timer with
//!   [`Arch::set_timer`]). Everything else on the fault path is a
//!   direct call: the backend's trap code calls its own fault handler,
//!   which calls `mm`'s driver and `mm`'s classification.
//!
//! The Linux ABI numbers every architecture shares are in `linux-abi`;
//! those that differ (system calls, `struct sigaction`, frame layouts) are
//! in the backend's own ABI crate, `arch/<name>/abi`.
#![no_std]
#![warn(missing_docs)]
#![deny(unsafe_op_in_unsafe_fn)]
#![deny(clippy::undocumented_unsafe_blocks)]

extern crate alloc;

mod arch;
#[cfg(feature = "selftest")]
mod crash;
pub mod fault;
mod mm_slot;
mod signal;
mod task_layer;
mod trap_frame;

pub use arch::{Arch, ElfTarget, UserMm};
#[cfg(feature = "selftest")]
pub use crash::Crash;
pub use mm_slot::MmSlot;
pub use signal::{fault_siginfo, AltStack, SignalDelivery, Sigreturn, SigreturnKind};
pub use task_layer::{
    request_user_work, user_work, TaskLayer, TaskLayerOps, TaskLayerSlot, Unregistered,
};
pub use trap_frame::TrapFrame;

/// A user-memory access failed: the address is not mapped with the access
/// needed. System calls answer `-EFAULT`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Efault;

/// The deadline that disarms the timer ([`Arch::set_timer`]): the clock
/// never reaches it.
pub const TIMER_OFF: u64 = u64::MAX;

impl Efault {
    /// The Linux errno value.
    pub const ERRNO: i64 = linux_abi::errno::EFAULT;
}
