//! The architecture backend the kernel is built for, and its Linux ABI
//! numbers, chosen by target. The kernel depends on this crate as `arch`
//! and reaches the backend only as `arch::Arch` (its `karch::Arch`) and
//! the numbers as `arch::abi`, so nothing in `kernel/src` names an
//! architecture.
#![no_std]

#[cfg(target_arch = "s390x")]
pub use {arch_s390x::Arch, s390x_linux_abi as abi};

#[cfg(target_arch = "riscv64")]
pub use {arch_riscv64::Arch, riscv64_linux_abi as abi};
