//! Locks shared by the kernel, its architecture backends and `mm`.
//!
//! | file | concern |
//! |------|---------|
//! | `spinlock.rs` | [`SpinLock`]: mutual exclusion on a 32-bit lock word |
#![cfg_attr(not(test), no_std)]
#![warn(missing_docs)]
#![deny(unsafe_op_in_unsafe_fn)]
#![deny(clippy::undocumented_unsafe_blocks)]

mod spinlock;

pub use spinlock::{held_count, RawSpinLock, SpinLock, SpinLockGuard};
