//! The riscv64 backend: RV64GC in supervisor mode under OpenSBI, Sv39
//! page tables, on QEMU's `virt` machine.
//!
//! | file | concern |
//! |------|---------|
//! | `regs.rs` | `PtRegs`, the trap frame |
//!
//! Decoders and layouts also build on the host, where their unit tests
//! run.
#![cfg_attr(not(test), no_std)]
#![warn(missing_docs)]
// Host builds compile only the decoders; the riscv64-only users of some
// items are cfg-ed out there.
#![cfg_attr(not(target_arch = "riscv64"), allow(dead_code, unused_imports))]
#![deny(unsafe_op_in_unsafe_fn)]
#![deny(clippy::undocumented_unsafe_blocks)]

extern crate alloc;

pub mod dtb;
pub mod layout;
pub mod regs;
pub mod scause;

/// Declares modules that only exist on riscv64 (they hold privileged
/// instructions or touch physical memory); the rest also build on the host.
#[allow(unused_macros)]
macro_rules! riscv64_only {
    ($($item:item)*) => { $( #[cfg(target_arch = "riscv64")] $item )* };
}
