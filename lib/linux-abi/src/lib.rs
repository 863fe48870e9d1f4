//! The parts of Linux's user ABI that are the same on every architecture
//! this kernel supports: the values of `include/uapi/asm-generic` that
//! s390x and riscv64 both use. Numbers that differ per architecture (system
//! calls, the layout of `struct sigaction` and of signal frames) live in
//! each backend's own ABI crate (`arch/<name>/abi`).
//!
//! Both the kernel and the user programs in `tests/user` depend on this
//! crate, so both sides of the ABI use one set of numbers.
#![no_std]
#![warn(missing_docs)]
#![deny(unsafe_op_in_unsafe_fn)]
#![deny(clippy::undocumented_unsafe_blocks)]

pub mod auxv;
pub mod errno;
pub mod fcntl;
pub mod fs;
pub mod ioctl;
pub mod mman;
pub mod resource;
pub mod siginfo;
pub mod signal;
pub mod wait;

pub use siginfo::Siginfo;
