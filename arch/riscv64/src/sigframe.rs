//! Linux 6.1's riscv64 user signal frame, byte for byte, so that a program
//! written for Linux handles its signals unchanged here. riscv64 has one
//! frame, [`RtSigframe`], for every handler (with `SA_SIGINFO` or not):
//! Linux always passes the siginfo and the ucontext.
//!
//! A handler is entered with sp at the frame, a0 = the signal number,
//! a1 = &frame.info, a2 = &frame.uc, ra = the kernel's `rt_sigreturn`
//! trampoline, and the pc at the handler.
//!
//! The layout, from Linux 6.1: `struct rt_sigframe` is the siginfo then
//! the ucontext (arch/riscv/kernel/signal.c; the sigreturn code after it
//! exists only without an MMU). `struct ucontext`
//! (arch/riscv/include/uapi/asm/ucontext.h) has the flags, the link, the
//! `stack_t`, the 8-byte signal mask, padding that rounds the mask up to
//! 1024 bits (120 bytes), then the machine context, which is aligned to
//! 16: `struct sigcontext` (arch/riscv/include/uapi/asm/sigcontext.h as
//! of 6.1, before 6.5 made the FP part a union with the V-extension
//! header) holds `struct user_regs_struct` (pc, then x1-x31) and `union
//! __riscv_fp_state` (arch/riscv/include/uapi/asm/ptrace.h), whose
//! largest member, the Q-extension state, gives it 528 bytes and 16-byte
//! alignment. Linux fills only the D-extension view of the union (f0-f31
//! as 64-bit values, then fcsr) and the three reserved words at its end,
//! which must be zero at sigreturn. Everything is little-endian.

use core::mem::{offset_of, size_of};

use static_assertions::const_assert_eq;

pub use linux_abi::Siginfo;

/// Number of floating-point registers.
pub const NUM_FPRS: usize = 32;

/// RV64I base opcode `OP-IMM` (`addi` and its kin).
const OPCODE_OP_IMM: u32 = 0b001_0011;
/// `funct3` of `addi` under `OP-IMM`.
const FUNCT3_ADDI: u32 = 0b000;
/// RV64I base opcode `SYSTEM`, whose all-zero fields make `ecall`.
const OPCODE_SYSTEM: u32 = 0b111_0011;
/// Register number of `a7` (`x17`), the system-call number.
const REG_A7: u32 = 17;

/// `addi rd, rs1, imm`: an I-type instruction.
const fn addi(rd: u32, rs1: u32, imm: u32) -> u32 {
    (imm & 0xfff) << 20 | rs1 << 15 | FUNCT3_ADDI << 12 | rd << 7 | OPCODE_OP_IMM
}

/// `li a7, 139` (`addi a7, zero, __NR_rt_sigreturn`; 139 does not fit
/// the compressed `c.li`, so it is the 4-byte form).
const LI_A7_RT_SIGRETURN: u32 = addi(REG_A7, 0, riscv64_linux_abi::nr::RT_SIGRETURN as u32);
/// `ecall`.
const ECALL: u32 = OPCODE_SYSTEM;

/// The `rt_sigreturn` trampoline the kernel maps into every process, as
/// Linux's vDSO has it (`__vdso_rt_sigreturn`): `li a7, 139; ecall`,
/// little-endian. A handler returns to it through `ra`.
pub const SIGRETURN_TRAMPOLINE: [u8; 8] = {
    let a = LI_A7_RT_SIGRETURN.to_le_bytes();
    let e = ECALL.to_le_bytes();
    [a[0], a[1], a[2], a[3], e[0], e[1], e[2], e[3]]
};

/// `union __riscv_fp_state`, as its D-extension view (`struct
/// __riscv_d_ext_state`) fills it, with the Q-extension view's reserved
/// words at the end.
#[repr(C, align(16))]
#[derive(Clone, Copy)]
pub struct FpState {
    /// `d.f`: f0-f31.
    pub f: [u64; NUM_FPRS],
    /// `d.fcsr`.
    pub fcsr: u32,
    /// The rest of the Q-extension view's registers and its `fcsr`: not
    /// written by Linux, never read.
    _q_only: [u8; 256],
    /// `q.reserved`: zero in a frame Linux writes; a sigreturn with any of
    /// them set fails.
    pub reserved: [u32; 3],
}

/// `struct sigcontext` (6.1): the general registers and the FP state.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Sigcontext {
    /// `sc_regs` (`struct user_regs_struct`): pc, then x1-x31, the first
    /// 32 words of `PtRegs`.
    pub regs: [u64; 32],
    /// `sc_fpregs`.
    pub fp: FpState,
}

/// `stack_t` as the ucontext holds it.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct UcStack {
    /// `ss_sp`.
    pub sp: u64,
    /// `ss_flags`.
    pub flags: i32,
    _pad: u32,
    /// `ss_size`.
    pub size: u64,
}

impl UcStack {
    /// A `stack_t` with these values.
    pub const fn new(sp: u64, flags: i32, size: u64) -> Self {
        Self {
            sp,
            flags,
            _pad: 0,
            size,
        }
    }
}

/// Bytes that round `uc_sigmask` up to 1024 bits (`__unused[1024 / 8 -
/// sizeof(sigset_t)]`).
const SIGSET_ROOM: usize = 1024 / 8 - size_of::<u64>();

/// `struct ucontext` (riscv).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Ucontext {
    /// `uc_flags`: 0.
    pub flags: u64,
    /// `uc_link`: 0.
    pub link: u64,
    /// `uc_stack`.
    pub stack: UcStack,
    /// `uc_sigmask`: the mask to restore.
    pub sigmask: u64,
    /// `__unused`: room for a larger `sigset_t`.
    _unused: [u8; SIGSET_ROOM],
    /// The compiler's padding before the 16-byte-aligned `uc_mcontext`,
    /// explicit so that every byte of the frame is a field.
    _align: [u8; 8],
    /// `uc_mcontext`.
    pub mcontext: Sigcontext,
}

/// The whole frame at the handler's sp.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct RtSigframe {
    /// Signal information (a1).
    pub info: Siginfo,
    /// Saved context (a2).
    pub uc: Ucontext,
}

// Linux 6.1's sizes and offsets (derived above; uc at 128 and uc_mcontext
// at 176 are also what independent reimplementations of this frame
// assert).
const_assert_eq!(size_of::<FpState>(), 528);
const_assert_eq!(offset_of!(FpState, fcsr), 256);
const_assert_eq!(offset_of!(FpState, reserved), 516);
const_assert_eq!(size_of::<Sigcontext>(), 784);
const_assert_eq!(offset_of!(Sigcontext, fp), 256);
const_assert_eq!(size_of::<UcStack>(), 24);
const_assert_eq!(SIGSET_ROOM, 120);
const_assert_eq!(offset_of!(Ucontext, stack), 16);
const_assert_eq!(offset_of!(Ucontext, sigmask), 40);
const_assert_eq!(offset_of!(Ucontext, mcontext), 176);
const_assert_eq!(size_of::<Ucontext>(), 960);
const_assert_eq!(offset_of!(RtSigframe, info), 0);
const_assert_eq!(offset_of!(RtSigframe, uc), 128);
const_assert_eq!(size_of::<RtSigframe>(), 1088);
// The frame sits 16-byte aligned on the stack (the psABI's stack
// alignment), so its own size keeps the handler's sp aligned.
const_assert_eq!(size_of::<RtSigframe>() % 16, 0);

/// Offsets in the frame of what a sigreturn reads piece by piece.
pub mod off {
    use super::*;

    /// `uc.uc_stack`.
    pub const UC_STACK: usize = offset_of!(RtSigframe, uc) + offset_of!(Ucontext, stack);
    /// `uc.uc_sigmask`.
    pub const UC_SIGMASK: usize = offset_of!(RtSigframe, uc) + offset_of!(Ucontext, sigmask);
    /// `uc.uc_mcontext`.
    pub const UC_MCONTEXT: usize = offset_of!(RtSigframe, uc) + offset_of!(Ucontext, mcontext);
}

impl RtSigframe {
    /// The frame's size on the user stack.
    pub const SIZE: usize = size_of::<Self>();

    /// A zeroed frame.
    pub fn zeroed() -> Self {
        // SAFETY: every field is an integer or an array of integers
        // (`Siginfo` included), for which all-zero bytes are valid.
        unsafe { core::mem::zeroed() }
    }

    /// The frame as bytes, for copying to the user stack.
    pub fn as_bytes(&self) -> &[u8; Self::SIZE] {
        // SAFETY: RtSigframe is repr(C) plain data whose every padding
        // byte is an explicit field (the sizes asserted above leave no
        // gap), so every byte is initialised; the array has alignment 1.
        unsafe { &*(self as *const Self as *const [u8; Self::SIZE]) }
    }

    /// The frame as bytes to fill from the user stack.
    pub fn as_bytes_mut(&mut self) -> &mut [u8; Self::SIZE] {
        // SAFETY: as for as_bytes; every bit pattern is a valid
        // RtSigframe (integers only), so any bytes may be written.
        unsafe { &mut *(self as *mut Self as *mut [u8; Self::SIZE]) }
    }
}

/// The ucontext's machine context on its own (a sigreturn whose frame is
/// not wholly readable reads it alone).
impl Sigcontext {
    /// Its size in the frame.
    pub const SIZE: usize = size_of::<Self>();

    /// A zeroed context.
    pub fn zeroed() -> Self {
        // SAFETY: integers and arrays of integers only, for which all-zero
        // bytes are valid.
        unsafe { core::mem::zeroed() }
    }

    /// The context as bytes to fill from the user stack.
    pub fn as_bytes_mut(&mut self) -> &mut [u8; Self::SIZE] {
        // SAFETY: Sigcontext is repr(C) integers with explicit padding
        // (asserted sizes), so any bytes are a valid value; the array has
        // alignment 1.
        unsafe { &mut *(self as *mut Self as *mut [u8; Self::SIZE]) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(b: &[u8], at: usize) -> u64 {
        u64::from_le_bytes(b[at..at + 8].try_into().unwrap())
    }

    #[test]
    fn siginfo_is_first() {
        let mut f = RtSigframe::zeroed();
        f.info = Siginfo::fault(11, 2, 0x7000);
        let b = f.as_bytes();
        assert_eq!(&b[0..4], &11i32.to_le_bytes());
        assert_eq!(&b[8..12], &2i32.to_le_bytes());
        assert_eq!(word(b, 16), 0x7000);
    }

    #[test]
    fn ucontext_fields_sit_where_linux_puts_them() {
        let mut f = RtSigframe::zeroed();
        f.uc.stack = UcStack::new(0x5000, 1, 0x2000);
        f.uc.sigmask = 1 << 9;
        let b = f.as_bytes();
        // uc at 128: flags, link, then stack_t at +16, the mask at +40.
        assert_eq!(word(b, 128 + 16), 0x5000);
        assert_eq!(&b[128 + 24..128 + 28], &1i32.to_le_bytes());
        assert_eq!(word(b, 128 + 32), 0x2000);
        assert_eq!(word(b, 128 + 40), 1 << 9);
        assert_eq!(off::UC_STACK, 144);
        assert_eq!(off::UC_SIGMASK, 168);
        assert_eq!(off::UC_MCONTEXT, 304);
    }

    #[test]
    fn registers_and_fp_state_sit_where_linux_puts_them() {
        let mut f = RtSigframe::zeroed();
        let mc = &mut f.uc.mcontext;
        mc.regs[0] = 0x1_0000; // pc
        mc.regs[2] = 0x3f_ffff_e000; // sp
        mc.regs[31] = 0x3131; // t6
        mc.fp.f[0] = 0x3ff0_0000_0000_0000;
        mc.fp.f[31] = 0x4000_0000_0000_0000;
        mc.fp.fcsr = 0xe1;
        mc.fp.reserved[2] = 7;
        let b = f.as_bytes();
        let mc = 128 + 176;
        assert_eq!(word(b, mc), 0x1_0000);
        assert_eq!(word(b, mc + 2 * 8), 0x3f_ffff_e000);
        assert_eq!(word(b, mc + 31 * 8), 0x3131);
        let fp = mc + 256;
        assert_eq!(word(b, fp), 0x3ff0_0000_0000_0000);
        assert_eq!(word(b, fp + 31 * 8), 0x4000_0000_0000_0000);
        assert_eq!(&b[fp + 256..fp + 260], &0xe1u32.to_le_bytes());
        assert_eq!(&b[fp + 524..fp + 528], &7u32.to_le_bytes());
        assert_eq!(
            fp + 528,
            RtSigframe::SIZE,
            "the reserved words end the frame"
        );
    }

    #[test]
    fn trampoline_encoding() {
        let word =
            |i: usize| u32::from_le_bytes(SIGRETURN_TRAMPOLINE[i..i + 4].try_into().unwrap());
        let li = word(0);
        assert_eq!(li & 0x7f, 0x13, "opcode OP-IMM");
        assert_eq!((li >> 7) & 0x1f, 17, "rd = a7");
        assert_eq!((li >> 12) & 0x7, 0, "funct3 = ADDI");
        assert_eq!((li >> 15) & 0x1f, 0, "rs1 = zero");
        assert_eq!(li >> 20, 139, "imm = __NR_rt_sigreturn");
        assert_eq!(word(4), 0x0000_0073, "ecall");
        // What riscv64-linux-gnu-as assembles for the same two lines.
        assert_eq!(
            SIGRETURN_TRAMPOLINE,
            [0x93, 0x08, 0xb0, 0x08, 0x73, 0, 0, 0]
        );
    }

    #[test]
    fn bytes_round_trip() {
        let mut f = RtSigframe::zeroed();
        for (i, b) in f.as_bytes_mut().iter_mut().enumerate() {
            *b = i as u8;
        }
        let mut g = RtSigframe::zeroed();
        g.as_bytes_mut().copy_from_slice(f.as_bytes());
        assert_eq!(g.as_bytes(), f.as_bytes());
        assert_eq!(g.uc.sigmask, word(f.as_bytes(), 168));
    }
}
