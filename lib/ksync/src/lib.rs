//! Locks shared by the kernel, its architecture backends and `mm`.
//!
//! | file | concern |
//! |------|---------|
//! | `spinlock.rs` | [`SpinLock`]: mutual exclusion on a 32-bit lock word |
#![cfg_attr(not(test), no_std)]
#![warn(missing_docs)]

mod spinlock;

pub use spinlock::{RawSpinLock, SpinLock, SpinLockGuard};
