//! A task's user register state beyond `PtRegs`: the floating-point
//! registers f0-f31 (64 bits each: the D extension) and `fcsr`.
//!
//! The kernel never uses floating point, and runs with `sstatus.FS` = Off
//! so that a stray FP instruction traps; the user's registers therefore
//! stay in the CPU across system calls and faults, and move only when the
//! running task changes ([`save`], [`load`]) and into and out of a signal
//! frame. To reach them, each access turns the FPU on for its own
//! duration and puts `FS` back as it found it ([`with_fpu`]). The user's
//! own `FS` (Initial, Clean, Dirty) lives in the trap frame's `sstatus`,
//! which `sret` restores.
//!
//! The data type also builds on the host; the instructions only on
//! riscv64.

use crate::sigframe::NUM_FPRS;

/// The saved user state of a task that is not running.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UserState {
    /// f0-f31.
    f: [u64; NUM_FPRS],
    /// `fcsr`: the accrued exception flags (bits 0-4) and the rounding
    /// mode (bits 5-7).
    fcsr: u32,
}

impl UserState {
    /// A state with these registers (a signal frame's).
    pub const fn new(f: [u64; NUM_FPRS], fcsr: u32) -> Self {
        Self { f, fcsr }
    }

    /// Floating-point register `i` (0-31).
    pub fn fpr(&self, i: usize) -> u64 {
        self.f[i]
    }

    /// All 32 floating-point registers.
    pub fn fprs(&self) -> &[u64; NUM_FPRS] {
        &self.f
    }

    /// `fcsr`.
    pub fn fcsr(&self) -> u32 {
        self.fcsr
    }
}

#[cfg(target_arch = "riscv64")]
pub use hw::{load, save};

#[cfg(target_arch = "riscv64")]
mod hw {
    use core::arch::asm;

    use super::UserState;
    use crate::csr::sstatus;

    /// Runs `f` with the FPU on (`sstatus.FS` not Off) and leaves `FS` as
    /// it found it. Turning it on from Off selects Initial; the hardware
    /// makes it Dirty if `f` writes a register, which is then forgotten
    /// with the rest.
    fn with_fpu<R>(f: impl FnOnce() -> R) -> R {
        let before: u64;
        // SAFETY: reads sstatus and sets FS to Initial if it was Off; the
        // FPU being usable changes nothing for compiled kernel code, which
        // has no floating-point operations. An interrupt in between saves
        // and restores sstatus with the rest of its frame.
        unsafe {
            asm!(
                "csrr {b}, sstatus",
                "and {t}, {b}, {fs}",
                "bnez {t}, 1f",
                "csrs sstatus, {on}",
                "1:",
                b = out(reg) before,
                t = out(reg) _,
                fs = in(reg) sstatus::FS,
                on = in(reg) sstatus::FS_INITIAL,
                options(nomem, nostack)
            )
        };
        let r = f();
        // SAFETY: puts back the FS field read above, nothing else.
        unsafe {
            asm!(
                "csrc sstatus, {fs}",
                "csrs sstatus, {old}",
                fs = in(reg) sstatus::FS,
                old = in(reg) before & sstatus::FS,
                options(nomem, nostack)
            )
        };
        r
    }

    /// Copies the CPU's user FP state (the running task's) into `state`.
    pub fn save(state: &mut UserState) {
        with_fpu(|| {
            let fcsr: u64;
            // SAFETY: FSD writes 8 bytes at f[i] for i in 0..32, inside
            // `state`; FRCSR reads fcsr. The FPU is on (with_fpu).
            unsafe {
                asm!(
                    ".option push",
                    ".option arch, +d",
                    ".irp i,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31",
                    "fsd f\\i, 8*\\i({p})",
                    ".endr",
                    "frcsr {c}",
                    ".option pop",
                    p = in(reg) state.f.as_mut_ptr(),
                    c = out(reg) fcsr,
                    options(nostack, preserves_flags)
                )
            };
            state.fcsr = fcsr as u32;
        });
    }

    /// Makes `state` the CPU's user FP state: the task it belongs to must
    /// be the next to run in user mode.
    pub fn load(state: &UserState) {
        with_fpu(|| {
            // SAFETY: FLD reads 8 bytes at f[i] for i in 0..32, inside
            // `state`; FSCSR writes fcsr (only its defined bits take).
            // These registers belong to user mode only. The FPU is on.
            unsafe {
                asm!(
                    ".option push",
                    ".option arch, +d",
                    ".irp i,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31",
                    "fld f\\i, 8*\\i({p})",
                    ".endr",
                    "fscsr {c}",
                    ".option pop",
                    p = in(reg) state.f.as_ptr(),
                    c = in(reg) state.fcsr as u64,
                    options(nostack, readonly, preserves_flags)
                )
            };
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_program_starts_with_everything_zero() {
        let s = UserState::default();
        assert!(s.fprs().iter().all(|&f| f == 0));
        assert_eq!(s.fcsr(), 0);
    }

    #[test]
    fn accessors() {
        let mut f = [0u64; NUM_FPRS];
        f[31] = 0x4000_0000_0000_0000;
        let s = UserState::new(f, 0x41);
        assert_eq!(s.fpr(31), 0x4000_0000_0000_0000);
        assert_eq!(s.fcsr(), 0x41);
    }
}
