//! The riscv64 backend: RV64GC in supervisor mode under OpenSBI, Sv39
//! page tables, on QEMU's `virt` machine.
//!
//! | file | concern |
//! |------|---------|
//! | `regs.rs` | `PtRegs`, the trap frame |
//! | `layout.rs` | the fixed virtual and physical addresses: direct map, user space, kernel image |
//! | `sv39.rs` | the Sv39 entry, levels, indices, canonical addresses; generic entries in Sv39 form |
//! | `sv39_table.rs` | Sv39 trees over any physical-memory access: user trees, kernel mappings, the oops walk |
//! | `tlb.rs` | `sfence.vma` (riscv64 only) |
//! | `mmu.rs` | `Riscv64Mmu`, `mm::arch::Arch` over the direct map, and the kernel tables (riscv64 only) |
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

/// Declares modules that only exist on riscv64 (they hold privileged
/// instructions or touch physical memory); the rest also build on the host.
#[allow(unused_macros)]
macro_rules! riscv64_only {
    ($($item:item)*) => { $( #[cfg(target_arch = "riscv64")] $item )* };
}

pub mod layout;
pub mod regs;
pub mod sv39;
#[cfg(test)]
mod sv39_host;
pub mod sv39_table;

riscv64_only! {
    pub mod mmu;
    pub mod tlb;
}
