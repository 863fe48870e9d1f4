//! Generic memory management.
//!
//! This crate is written once and runs unchanged on the host (where
//! `cargo test` exercises it through the software backend in `arch/host`)
//! and inside the kernel on every architecture backend. It names no
//! architecture: an architecture plugs in by implementing [`arch::Arch`].
//!
//! The pieces, from the boundary inwards:
//!
//! - [`VmFault`] (what happened) and [`FaultFlags`] (what the access was):
//!   the two bitflags types either side of `handle_mm_fault`.
//! - [`Mm::fault`] ([`fault_driver`]): the per-VMA then mmap-lock fault
//!   path an architecture's handler calls, returning a typed
//!   [`FaultOutcome`].
//! - [`fault_policy`]: what the handler does with the outcome:
//!   [`fault_policy::classify`] into a [`fault_policy::FaultAction`];
//!   signals are a typed [`SignalKind`], which the architecture turns
//!   into its ABI's numbers.
//! - [`fault_stats`]: the handler's machine-wide outcome counters.
//! - [`kmem`]: the kernel-heap budget a task's request is checked
//!   against before it allocates.
//! - [`Mm`]: VMAs, mmap/munmap/mprotect/fork, the locks, and
//!   [`Mm::handle_mm_fault`].
//! - [`arch::Arch`]: what a backend provides; [`Memory`] bundles a backend,
//!   a frame allocator and the zero page.
//! - [`selftest`]: backend-generic test cases, run on the host and in the
//!   kernel.
#![no_std]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

extern crate alloc;

pub mod arch;
pub mod counters;
pub mod error;
pub mod fault_driver;
pub mod fault_flags;
pub mod fault_guard;
#[cfg(feature = "fault-injection")]
pub mod fault_inject;
pub mod fault_policy;
pub mod fault_stats;
pub mod file;
mod fork;
pub mod frame;
pub mod handle_mm_fault;
pub mod kmem;
pub mod memory;
pub mod mm;
pub mod mmap;
pub mod mmap_lock;
pub mod mremap;
pub mod selftest;
pub mod soft_mmu;
pub mod vm_fault;
pub mod vma;
pub mod vma_lock;

pub use counters::CounterSnapshot;
pub use error::MmError;
pub use fault_driver::{AccessError, FaultOutcome};
pub use fault_flags::FaultFlags;
pub use fault_guard::FaultGuard;
pub use fault_policy::{FaultSignal, SignalKind};
pub use file::{Contents, FileObject, IoCompletion};
pub use memory::{Frames, Memory};
pub use mm::{Limits, Mm};
pub use mmap::Placement;
pub use soft_mmu::{Access, AccessFault};
pub use vm_fault::VmFault;
pub use vma::{Backing, Vma, VmaFlags};

/// Size of a base page and of a physical frame, in bytes.
pub const PAGE_SIZE: u64 = 4096;
/// `log2(PAGE_SIZE)`.
pub const PAGE_SHIFT: u32 = 12;
