//! A task's user register state beyond `PtRegs`: the floating-point
//! control register (FPC), the floating-point registers f0-f15, the vector
//! registers v0-v31 where the vector facility is installed (f0-f15 are then
//! the high halves of v0-v15), and the access registers a0-a15 (a0:a1 hold
//! the thread pointer glibc's TLS and `errno` use).
//!
//! The kernel is compiled soft-float and never uses any of these
//! registers, so they stay in the CPU across system calls and faults: the
//! entry code saves nothing. They move only when the running task changes
//! ([`save`], [`load`]), and into and out of a signal frame
//! ([`save_for_frame`], [`load_from_frame`]).
//!
//! The vector instructions are assembled under `.machine z13`, since the
//! kernel itself is built for the z196; they run only where STFLE reports
//! facility 129 and [`init`] enabled them (docs/s390x.md "User
//! floating-point and vector state").

use core::arch::asm;
use core::sync::atomic::{AtomicBool, Ordering};

use crate::asm::{load_cr, store_cr};
use crate::facilities::{self, Facility};

/// CR0 PoP bit 45: the AFP-register control. Without it only f0, f2, f4
/// and f6 exist, and gcc's prologues (`std %f8,...`) take a data exception
/// with DXC 1. Verified in QEMU.
pub const CR0_AFP: u64 = 1 << 18;
/// CR0 PoP bit 46: vector enablement. Without it a vector instruction takes
/// a data exception with DXC 0xfe. Verified in QEMU.
pub const CR0_VECTOR: u64 = 1 << 17;

/// Whether the vector registers exist and are enabled (set once, by
/// [`init`]).
static VECTOR: AtomicBool = AtomicBool::new(false);

/// Number of floating-point registers (and of access registers).
pub const NUM_FPRS: usize = 16;
/// Number of vector registers.
pub const NUM_VRS: usize = 32;

/// Enables the AFP registers, and the vector registers where facility 129
/// is installed, for every mode (the control registers are not per mode,
/// and the soft-float kernel does not use them). Runs once, at boot, after
/// the facility list is read.
pub fn init() {
    let vector = facilities::has(Facility::Vector);
    let bits = CR0_AFP | if vector { CR0_VECTOR } else { 0 };
    // SAFETY: AFP and vector enablement only make registers available that
    // the kernel never uses; no interruption class is enabled by them.
    unsafe { load_cr::<0>(store_cr::<0>() | bits) };
    VECTOR.store(vector, Ordering::Relaxed);
}

/// Whether tasks have vector registers ([`init`] enabled them).
#[inline]
pub fn has_vector() -> bool {
    VECTOR.load(Ordering::Relaxed)
}

/// The saved user state of a task that is not running.
#[repr(C, align(8))]
#[derive(Clone)]
pub struct UserState {
    /// v0-v31 as (bits 0-63, bits 64-127). Without the vector facility only
    /// the first doubleword of v0-v15 is used: f0-f15.
    vrs: [[u64; 2]; NUM_VRS],
    /// The FPC.
    fpc: u32,
    /// a0-a15.
    acrs: [u32; NUM_FPRS],
}

impl Default for UserState {
    /// A new program's state: every register and the FPC zero.
    fn default() -> Self {
        Self {
            vrs: [[0; 2]; NUM_VRS],
            fpc: 0,
            acrs: [0; NUM_FPRS],
        }
    }
}

impl UserState {
    /// The FPC.
    pub fn fpc(&self) -> u32 {
        self.fpc
    }

    /// Floating-point register `i` (0-15).
    pub fn fpr(&self, i: usize) -> u64 {
        self.vrs[i][0]
    }

    /// Access register `i` (0-15).
    pub fn acr(&self, i: usize) -> u32 {
        self.acrs[i]
    }

    /// Vector register `i` (0-31) as two doublewords.
    pub fn vr(&self, i: usize) -> [u64; 2] {
        self.vrs[i]
    }

    /// Fills every register (self-tests): `fpc` must be a value the CPU
    /// accepts.
    #[cfg(feature = "selftest")]
    pub fn set_for_test(
        &mut self,
        fpc: u32,
        mut vr: impl FnMut(usize) -> [u64; 2],
        mut acr: impl FnMut(usize) -> u32,
    ) {
        self.fpc = fpc;
        for (i, v) in self.vrs.iter_mut().enumerate() {
            *v = vr(i);
        }
        for (i, a) in self.acrs.iter_mut().enumerate() {
            *a = acr(i);
        }
    }
}

/// Stores the CPU's user state into `st`.
pub fn save(st: &mut UserState) {
    store_fpc_acrs(&mut st.fpc, &mut st.acrs);
    let vrs = st.vrs.as_mut_ptr();
    if has_vector() {
        // SAFETY: VSTM writes 16 x 16 bytes at each address: v0-v15 at
        // vrs[0..16] and v16-v31 at vrs[16..32], inside `st.vrs`.
        unsafe {
            asm!(
                ".machine push",
                ".machine z13",
                "vstm %v0, %v15, 0({p})",
                "vstm %v16, %v31, 256({p})",
                ".machine pop",
                p = in(reg_addr) vrs,
                options(nostack)
            )
        }
    } else {
        // SAFETY: STD writes 8 bytes at vrs[i][0] for i in 0..16, inside
        // `st.vrs` (16-byte stride).
        unsafe {
            asm!(
                ".irp i,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15",
                "std %f\\i, 16*\\i({p})",
                ".endr",
                p = in(reg_addr) vrs,
                options(nostack)
            )
        }
    }
}

/// Makes `st` the CPU's user state.
pub fn load(st: &UserState) {
    let vrs = st.vrs.as_ptr();
    if has_vector() {
        // SAFETY: VLM reads 256 bytes at each address, inside `st.vrs`; the
        // vector registers belong to user mode only.
        unsafe {
            asm!(
                ".machine push",
                ".machine z13",
                "vlm %v0, %v15, 0({p})",
                "vlm %v16, %v31, 256({p})",
                ".machine pop",
                p = in(reg_addr) vrs,
                options(nostack, readonly)
            )
        }
    } else {
        // SAFETY: LD reads 8 bytes at vrs[i][0], inside `st.vrs`; the
        // floating-point registers belong to user mode only.
        unsafe {
            asm!(
                ".irp i,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15",
                "ld %f\\i, 16*\\i({p})",
                ".endr",
                p = in(reg_addr) vrs,
                options(nostack, readonly)
            )
        }
    }
    // SAFETY: LFPC and LAM read 4 and 64 bytes inside `st`. The FPC value
    // came from the CPU or from `Default` (0), or passed `try_set_fpc`
    // before it was stored, so LFPC cannot raise a specification exception.
    unsafe {
        asm!(
            "lfpc 0({f})",
            "lam %a0, %a15, 0({a})",
            f = in(reg_addr) &st.fpc,
            a = in(reg_addr) st.acrs.as_ptr(),
            options(nostack, readonly)
        )
    }
}

/// The CPU's FPC (the running task's).
pub fn current_fpc() -> u32 {
    let mut fpc = 0u32;
    // SAFETY: STFPC writes the 4 bytes at &mut fpc.
    unsafe { asm!("stfpc 0({f})", f = in(reg_addr) &mut fpc, options(nostack)) };
    fpc
}

fn store_fpc_acrs(fpc: &mut u32, acrs: &mut [u32; NUM_FPRS]) {
    // SAFETY: STFPC writes the 4 bytes at `fpc`, STAM the 64 at `acrs`.
    unsafe {
        asm!(
            "stfpc 0({f})",
            "stam %a0, %a15, 0({a})",
            f = in(reg_addr) fpc,
            a = in(reg_addr) acrs.as_mut_ptr(),
            options(nostack)
        )
    }
}

/// The user state as Linux's signal frame lays it out: `_sigregs` holds
/// the access registers, the FPC and f0-f15; the vector extension
/// (`_sigregs_ext`) the low halves of v0-v15 and all of v16-v31.
pub struct FrameState<'a> {
    /// `_sigregs.regs.acrs`.
    pub acrs: &'a mut [u32; NUM_FPRS],
    /// `_sigregs.fpregs.fpc`.
    pub fpc: &'a mut u32,
    /// `_sigregs.fpregs.fprs`.
    pub fprs: &'a mut [u64; NUM_FPRS],
    /// `_sigregs_ext.vxrs_low` and `vxrs_high`, where vectors exist.
    pub vector: Option<(&'a mut [u64; 16], &'a mut [[u64; 2]; 16])>,
}

/// Stores the CPU's user state straight into a signal frame's fields.
pub fn save_for_frame(f: FrameState<'_>) {
    store_fpc_acrs(f.fpc, f.acrs);
    // SAFETY: STD writes 8 bytes at fprs[i] for i in 0..16.
    unsafe {
        asm!(
            ".irp i,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15",
            "std %f\\i, 8*\\i({p})",
            ".endr",
            p = in(reg_addr) f.fprs.as_mut_ptr(),
            options(nostack)
        )
    }
    if let Some((low, high)) = f.vector {
        // SAFETY: VSTEG writes 8 bytes at low[i] (element 1, bits 64-127,
        // of v_i); VSTM 256 bytes at `high`. `vector` is only given where
        // the vector registers are enabled.
        unsafe {
            asm!(
                ".machine push",
                ".machine z13",
                ".irp i,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15",
                "vsteg %v\\i, 8*\\i({l}), 1",
                ".endr",
                "vstm %v16, %v31, 0({h})",
                ".machine pop",
                l = in(reg_addr) low.as_mut_ptr(),
                h = in(reg_addr) high.as_mut_ptr(),
                options(nostack)
            )
        }
    }
}

/// A floating-point control value the CPU refuses (`SFPC` raised a
/// specification exception): Linux's `test_fp_ctl` rule for sigreturn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InvalidFpc;

/// Loads `fpc` into the FPC, or leaves the FPC unchanged and returns `Err`
/// if the CPU refuses the value: `SFPC` checks it as the machine defines
/// the FPC (reserved bits, rounding modes), the same test Linux makes.
pub fn try_set_fpc(fpc: u32) -> Result<(), InvalidFpc> {
    let mut failed: u64 = 0;
    // SAFETY: SFPC changes only the FPC, which the kernel does not use. A
    // specification exception on it resumes at the fixup through the
    // exception table (`traps::not_a_fault`), which reports the failure;
    // the FPC is then unchanged (the exception suppresses the operation).
    unsafe {
        asm!(
            "0: sfpc {v}",
            "1:",
            ".pushsection .ex_table, \"a\"",
            ".balign 8",
            ".quad 0b, 2f",
            ".popsection",
            ".pushsection .text.fixup, \"ax\"",
            "2: lghi {f}, 1",
            "   jg 1b",
            ".popsection",
            v = in(reg) fpc as u64,
            f = inout(reg) failed,
            options(nostack)
        )
    }
    if failed == 0 {
        Ok(())
    } else {
        Err(InvalidFpc)
    }
}

/// Loads the rest of a signal frame's user state (everything but the FPC,
/// which [`try_set_fpc`] loads and checks first).
pub fn load_from_frame(
    acrs: &[u32; NUM_FPRS],
    fprs: &[u64; NUM_FPRS],
    vector: Option<(&[u64; 16], &[[u64; 2]; 16])>,
) {
    // SAFETY: LAM reads 64 bytes at `acrs`, LD 8 bytes at fprs[i]; these
    // registers belong to user mode only.
    unsafe {
        asm!(
            "lam %a0, %a15, 0({a})",
            ".irp i,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15",
            "ld %f\\i, 8*\\i({p})",
            ".endr",
            a = in(reg_addr) acrs.as_ptr(),
            p = in(reg_addr) fprs.as_ptr(),
            options(nostack, readonly)
        )
    }
    if let Some((low, high)) = vector {
        // SAFETY: VLEG reads 8 bytes at low[i] into element 1 of v_i (after
        // the LD above: an FPR write leaves bits 64-127 of its vector
        // register unpredictable); VLM reads 256 bytes at `high`.
        unsafe {
            asm!(
                ".machine push",
                ".machine z13",
                ".irp i,0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15",
                "vleg %v\\i, 8*\\i({l}), 1",
                ".endr",
                "vlm %v16, %v31, 0({h})",
                ".machine pop",
                l = in(reg_addr) low.as_ptr(),
                h = in(reg_addr) high.as_ptr(),
                options(nostack, readonly)
            )
        }
    }
}
