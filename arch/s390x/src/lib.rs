//! The s390x (z/Architecture) backend.
//!
//! | file | concern |
//! |------|---------|
//! | `head.rs` | `_start`: new PSWs, boot stack, BSS |
//! | `lowcore.rs` | the prefix area layout |
//! | `dat.rs` | DAT table entry formats, walks |
//! | `space.rs` | kernel address spaces: an ASCE and its tables |
//! | `mmu.rs` | `mm::arch::Arch` for s390x: the generic mm's page tables |
//! | `blockops.rs` | page clear/copy with XC/MVC |
//! | `kspace.rs` | the kernel's identity map; DAT, LAP and IEP on |
//! | `current_mm.rs` | the user address space in CR1, as faults see it |
//! | `probe.rs` | single faulting instructions for tests (`selftest` builds) |
//! | `uaccess.rs` | copy_{from,to}_user etc. with MVCOS |
//! | `extable.rs` | exception table: faulting instruction to fixup |
//! | `psw.rs` | the PSW |
//! | `entry.rs` | interruption entry/exit and `PtRegs` |
//! | `user_regs.rs` | `PtRegs` as the kernel's trap frame: the system-call convention |
//! | `traps.rs` | routing of interruptions; the registered task layer |
//! | `pgm.rs` | program-interruption codes |
//! | `teid.rs` | translation-exception identification |
//! | `exception_signal.rs` | the signal for a user program check that is not a fault |
//! | `expect.rs` | expected program checks for self-tests (`selftest` builds) |
//! | `crash.rs` | deliberate crashes for the harness (`selftest` builds) |
//! | `fault.rs` | `do_exception`: docs/fault-model.md §5 on s390x (policy: `mm::fault_policy`) |
//! | `oops.rs` | the oops |
//! | `sclp.rs` | SCLP console and memory size |
//! | `facilities.rs` | STFLE |
//! | `hwcap.rs` | `AT_HWCAP` and `AT_PLATFORM` from STFLE and STIDP, as Linux computes them |
//! | `user_state.rs` | a task's FPC, floating-point, vector and access registers |
//! | `machine.rs` | ending the run |
//! | `timer.rs` | the task layer's timer: the clock comparator |
//! | `asm.rs` | single-instruction wrappers |
//! | `usermode.rs` | entering problem state and coming back |
//! | `sigframe.rs` | Linux's s390x rt signal frame layout |
//! | `signal.rs` | writing and restoring that frame |
//! | `contract.rs` | [`Arch`]: this backend as the generic kernel sees it (`karch::Arch`) |
//!
//! Decoders (`psw`, `pgm`, `teid`, `lowcore` layout) also build on the
//! host, where their unit tests run.
#![cfg_attr(not(test), no_std)]
#![warn(missing_docs)]
// Host builds compile only the decoders; the s390x-only users of some
// items are cfg-ed out there.
#![cfg_attr(not(target_arch = "s390x"), allow(dead_code, unused_imports))]
#![deny(unsafe_op_in_unsafe_fn)]
#![deny(clippy::undocumented_unsafe_blocks)]

extern crate alloc;

pub mod dat;
pub mod entry;
mod exception_signal;
pub mod facilities;
pub mod hwcap;
pub mod lowcore;
pub mod pgm;
pub mod psw;
pub mod sclp;
pub mod sigframe;
pub mod sigpsw;
pub mod teid;
pub mod timer;

/// Declares modules that only exist on s390x (they hold privileged
/// instructions or touch physical memory); the rest also build on the host.
macro_rules! s390x_only {
    ($($item:item)*) => { $( #[cfg(target_arch = "s390x")] $item )* };
}

s390x_only! {
    pub mod asm;
    pub mod blockops;
    mod boot;
    mod contract;
    pub mod current_mm;
    pub mod extable;
    pub mod fault;
    mod head;
    pub mod kspace;
    pub mod machine;
    pub mod mmu;
    pub mod oops;
    mod signal;
    pub mod space;
    pub mod traps;
    pub mod uaccess;
    mod user_regs;
    pub mod user_state;
    pub mod usermode;
    pub use boot::*;
    pub use contract::Arch;
}

/// Declares the self-test machinery: compiled only into a kernel built with
/// the `selftest` feature, so that a production build has none of it on
/// its interruption paths.
macro_rules! selftest_only {
    ($($item:item)*) => { $( #[cfg(all(target_arch = "s390x", feature = "selftest"))] $item )* };
}

selftest_only! {
    pub mod crash;
    pub mod expect;
    pub mod probe;
    mod selftests;
}
