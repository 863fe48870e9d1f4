//! The numbers of Linux's riscv64 user ABI (filled in by the ABI work).
#![no_std]
#![warn(missing_docs)]

pub use linux_abi::{auxv, errno, fcntl, fs, mman, wait, Siginfo};
