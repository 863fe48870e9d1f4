//! The riscv64 backend: RV64GC in supervisor mode under OpenSBI, Sv39
//! page tables, on QEMU's `virt` machine.
//!
//! | file | concern |
//! |------|---------|
//! | `regs.rs` | `PtRegs`, the trap frame |
//! | `user_regs.rs` | `PtRegs` as the kernel's trap frame: the system-call convention, a new program's `sstatus` |
//! | `user_state.rs` | a task's f0-f31 and `fcsr`, saved and loaded with the FPU on just for that |
//! | `sigframe.rs` | Linux 6.1's riscv64 rt signal frame layout; the `rt_sigreturn` trampoline |
//! | `signal.rs` | writing and restoring that frame |
//! | `exception_signal.rs` | the signal for a user trap that is not a page fault |
//! | `hwcap.rs` | `AT_HWCAP` from the harts' `riscv,isa` strings, as Linux computes it; no `AT_PLATFORM` |
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

pub mod dtb;
pub mod exception_signal;
pub mod hwcap;
pub mod layout;
pub mod regs;
pub mod scause;
pub mod sigframe;
pub mod sv39;
#[cfg(test)]
mod sv39_host;
pub mod sv39_table;
pub mod user_regs;
pub mod user_state;

riscv64_only! {
    pub mod mmu;
    pub mod signal;
    pub mod tlb;
}
