//! The riscv64 backend: RV64GC in supervisor mode under OpenSBI, Sv39
//! page tables, on QEMU's `virt` machine.
//!
//! | file | concern |
//! |------|---------|
//! | `head.rs` | `_start`: the boot table, the jump to the upper half, BSS, `stvec` |
//! | `layout.rs` | the fixed virtual and physical addresses: direct map, user space, kernel image |
//! | `dtb.rs` | what the kernel reads from the device tree (the `fdt` crate) |
//! | `boot.rs` | early setup: device tree, console, exit device, clock; boot facts |
//! | `csr.rs` | supervisor CSRs, behind small safe wrappers |
//! | `sbi.rs` | the firmware console, of last resort |
//! | `uart.rs` | the 16550 console |
//! | `machine.rs` | ending the run through the SiFive test device |
//! | `clock.rs` | the `time` CSR and the Goldfish RTC |
//! | `timer.rs` | the task layer's timer: `stimecmp` (Sstc) or SBI, the supervisor timer interrupt |
//! | `sv39.rs` | the Sv39 entry, levels, indices, canonical addresses; generic entries in Sv39 form |
//! | `sv39_table.rs` | Sv39 trees over any physical-memory access: user trees, kernel mappings, the oops walk |
//! | `tlb.rs` | `sfence.vma`, and `fence.i` for pages filled with code |
//! | `blockops.rs` | page clear and copy, unrolled |
//! | `mmu.rs` | `Riscv64Mmu`, `mm::arch::Arch` over the direct map, and the kernel tables |
//! | `kspace.rs` | the kernel's half: W^X image, guard pages, RAM, device pages; `satp` |
//! | `current_mm.rs` | the user address space in `satp`, as faults see it |
//! | `regs.rs` | `PtRegs`, the trap frame |
//! | `user_regs.rs` | `PtRegs` as the kernel's trap frame: the system-call convention, a new program's `sstatus` |
//! | `entry.rs` | trap entry and exit: stack choice, emergency stack, `sscratch` |
//! | `traps.rs` | routing of traps; nesting; the registered task layer |
//! | `scause.rs` | `scause`/`stval` as a typed syndrome |
//! | `fault.rs` | the page-fault handler: docs/fault-model.md §5 on riscv64 |
//! | `exception_signal.rs` | the signal for a user trap that is not a page fault |
//! | `uaccess.rs` | `copy_{from,to}_user` with `SUM` and exception-table fixups |
//! | `extable.rs` | the fixup of a faulting user access |
//! | `usermode.rs` | entering U-mode and coming back |
//! | `user_state.rs` | a task's f0-f31 and `fcsr`, saved and loaded with the FPU on just for that |
//! | `sigframe.rs` | Linux 6.1's riscv64 rt signal frame layout; the `rt_sigreturn` trampoline |
//! | `signal.rs` | writing and restoring that frame |
//! | `hwcap.rs` | `AT_HWCAP` from the harts' `riscv,isa` strings, as Linux computes it; no `AT_PLATFORM` |
//! | `oops.rs` | the oops |
//! | `refusal.rs` | why a kernel access to a kernel address faulted, read from the walk: the oops's reason |
//! | `expect.rs`, `probe.rs`, `crash.rs` | expected exceptions, single faulting instructions, crash scenarios (`selftest` builds) |
//! | `selftests/` | the `riscv64_*` self-test suites: traps, kernel mappings, user access, boot state, QEMU's measured behaviours (`selftest` builds) |
//! | `contract.rs` | [`Arch`]: this backend as the generic kernel sees it (`karch::Arch`) |
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
macro_rules! riscv64_only {
    ($($item:item)*) => { $( #[cfg(target_arch = "riscv64")] $item )* };
}

pub mod csr;
pub mod dtb;
pub mod exception_signal;
pub mod hwcap;
pub mod layout;
pub mod refusal;
pub mod regs;
pub mod scause;
pub mod sigframe;
pub mod sv39;
#[cfg(test)]
mod sv39_host;
pub mod sv39_table;
pub mod timer;
pub mod uaccess;
pub mod user_regs;
pub mod user_state;

riscv64_only! {
    pub mod blockops;
    mod boot;
    mod clock;
    mod contract;
    pub mod current_mm;
    pub mod entry;
    pub mod extable;
    pub mod fault;
    mod head;
    pub mod kspace;
    pub mod machine;
    pub mod mmu;
    pub mod oops;
    mod sbi;
    pub mod signal;
    pub mod tlb;
    pub mod traps;
    mod uart;
    pub mod usermode;
    pub use contract::Arch;
}

/// Declares the self-test machinery: compiled only into a kernel built with
/// the `selftest` feature, so that a production build has none of it on
/// its trap paths.
macro_rules! selftest_only {
    ($($item:item)*) => { $( #[cfg(all(target_arch = "riscv64", feature = "selftest"))] $item )* };
}

selftest_only! {
    pub mod crash;
    pub mod expect;
    pub mod probe;
    mod selftests;
}
