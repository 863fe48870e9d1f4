//! Generic memory management.
//!
//! This crate is written once and runs unchanged on the host (where
//! `cargo test` exercises it through the software backend in `arch/host`)
//! and inside the kernel on every architecture backend. It names no
//! architecture: an architecture plugs in by implementing the traits it
//! documents.
#![no_std]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

extern crate alloc;

pub mod arch;
pub mod fault_flags;
pub mod frame;
pub mod memory;
pub mod vm_fault;

pub use fault_flags::FaultFlags;
pub use memory::{Frames, Memory};
pub use vm_fault::VmFault;

/// Size of a base page and of a physical frame, in bytes.
pub const PAGE_SIZE: u64 = 4096;
/// `log2(PAGE_SIZE)`.
pub const PAGE_SHIFT: u32 = 12;
