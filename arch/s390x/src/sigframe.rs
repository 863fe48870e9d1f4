//! Linux's s390x user signal frames, byte for byte, so a program written
//! for Linux handles its signals unchanged here (docs/fault-model.md §7):
//! the rt frame ([`RtSigframe`]) for handlers with `SA_SIGINFO`, and the
//! older non-rt frame ([`Sigframe`]) for the others, each with its own
//! sigreturn (173 and 119).
//!
//! An rt handler is entered with %r15 at the frame, %r2 = signal number,
//! %r3 = &frame.info, %r4 = &frame.uc; a non-rt one with %r2 = signal
//! number and %r3 = &frame.sc (and, for a fault signal, %r4 = the
//! interruption code's low 7 bits and %r5 = the translation-exception
//! identification). %r14 = where to return: the `sa_restorer` when
//! `SA_RESTORER` is set, otherwise the kernel's trampoline for that frame.

use core::mem::{offset_of, size_of};

use static_assertions::const_assert_eq;

pub use linux_abi::Siginfo;

/// Bytes of the ABI register save area at the bottom of every frame.
pub const STACK_FRAME_OVERHEAD: usize = 160;

/// `_sigregs`: the saved user state.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Sigregs {
    /// PSW mask.
    pub psw_mask: u64,
    /// PSW address.
    pub psw_addr: u64,
    /// General registers.
    pub gprs: [u64; 16],
    /// Access registers.
    pub acrs: [u32; 16],
    /// Floating-point control register.
    pub fpc: u32,
    _pad: u32,
    /// Floating-point registers.
    pub fprs: [u64; 16],
}

/// `_sigregs_ext`: the vector extension of the frame (64-bit layout: no
/// `gprs_high`, which only 31-bit tasks have).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct SigregsExt {
    /// Bits 64-127 of v0-v15 (bits 0-63 are f0-f15 in `_sigregs`).
    pub vxrs_low: [u64; 16],
    /// v16-v31, each as two doublewords.
    pub vxrs_high: [[u64; 2]; 16],
    _reserved: [u8; 128],
}

/// `ucontext` as s390x lays it out in the rt signal frame
/// (`struct ucontext_extended`, 1024 bytes).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Ucontext {
    /// `uc_flags`: [`UC_VXRS`] when the vector extension is valid.
    pub flags: u64,
    /// `uc_link`.
    pub link: u64,
    /// `uc_stack`: sp, flags (an `int`, then padding), size.
    pub stack: UcStack,
    /// `uc_mcontext`.
    pub mcontext: Sigregs,
    /// `uc_sigmask`: the mask to restore.
    pub sigmask: u64,
    /// Room for glibc's 1024-bit `sigset_t`.
    _unused: [u8; 120],
    /// `uc_mcontext_ext`: present in the frame only where the vector
    /// facility is ([`RtSigframe::size`]).
    pub mcontext_ext: SigregsExt,
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

/// `UC_VXRS`: `uc_mcontext_ext` holds the vector registers.
pub const UC_VXRS: u64 = 2;

/// The whole rt signal frame at the handler's %r15.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct RtSigframe {
    /// Save area the handler may use for its callees.
    pub callee_used_stack: [u8; STACK_FRAME_OVERHEAD],
    /// Historically the `svc` return instruction; kept for layout.
    pub svc_insn: [u8; 8],
    /// Signal information (%r3).
    pub info: Siginfo,
    /// Saved context (%r4).
    pub uc: Ucontext,
}

/// `struct sigcontext` (64-bit): the mask before delivery and where the
/// frame's `_sigregs` is.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Sigcontext {
    /// `oldmask`: the signal mask to restore at `sigreturn`.
    pub oldmask: u64,
    /// `sregs`: the address of [`Sigframe::sregs`].
    pub sregs: u64,
}

/// The non-rt frame (Linux's `struct sigframe`) at a handler's %r15.
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Sigframe {
    /// Save area the handler may use for its callees.
    pub callee_used_stack: [u8; STACK_FRAME_OVERHEAD],
    /// The context (%r3).
    pub sc: Sigcontext,
    /// The saved registers, always here whatever `sc.sregs` says:
    /// `sigreturn` reads them from this place.
    pub sregs: Sigregs,
    /// Linux stores the interrupted %r2 here (meant as the signal number,
    /// "to allow backtrace from handler"; measured: it is %r2).
    pub signo: i32,
    _pad: u32,
    /// The vector extension, present only where the vector facility is
    /// ([`Sigframe::size`]).
    pub sregs_ext: SigregsExt,
    /// Historically the `svc 119` return instruction; kept for the size.
    pub svc_insn: u16,
    _pad2: [u8; 6],
}

const_assert_eq!(offset_of!(Sigframe, sc), 160);
const_assert_eq!(offset_of!(Sigframe, sregs), 176);
const_assert_eq!(offset_of!(Sigframe, signo), 520);
const_assert_eq!(offset_of!(Sigframe, sregs_ext), 528);
const_assert_eq!(offset_of!(Sigframe, svc_insn), 1040);
const_assert_eq!(size_of::<Sigframe>(), 1048);

impl Sigframe {
    /// The frame's size on the user stack: Linux's `sizeof(struct
    /// sigframe)`, less the vector extension where there are no vectors.
    pub const fn size(vector: bool) -> usize {
        if vector {
            size_of::<Self>()
        } else {
            size_of::<Self>() - size_of::<SigregsExt>()
        }
    }

    /// A zeroed frame.
    pub fn zeroed() -> Self {
        // SAFETY: every field is an integer or array of integers, for which
        // all-zero bytes are valid.
        unsafe { core::mem::zeroed() }
    }

    /// The frame as bytes; the stack holds the first
    /// [`size`](Self::size) of them. (Without vectors Linux's shorter frame
    /// has only the unused `svc_insn` where the extension starts: zero
    /// here and there.)
    pub fn as_bytes(&self) -> &[u8] {
        // SAFETY: Sigframe is repr(C) plain data whose padding is explicit
        // fields, so every byte is initialised.
        unsafe { core::slice::from_raw_parts(self as *const Self as *const u8, size_of::<Self>()) }
    }

    /// The frame as bytes to fill from the user stack.
    pub fn as_bytes_mut(&mut self) -> &mut [u8] {
        // SAFETY: as for as_bytes; any bytes are a valid Sigframe.
        unsafe { core::slice::from_raw_parts_mut(self as *mut Self as *mut u8, size_of::<Self>()) }
    }
}

const_assert_eq!(offset_of!(Sigregs, gprs), 16);
const_assert_eq!(offset_of!(Sigregs, acrs), 144);
const_assert_eq!(offset_of!(Sigregs, fpc), 208);
const_assert_eq!(offset_of!(Sigregs, fprs), 216);
const_assert_eq!(size_of::<Sigregs>(), 344);
const_assert_eq!(offset_of!(SigregsExt, vxrs_high), 128);
const_assert_eq!(size_of::<SigregsExt>(), 512);
const_assert_eq!(size_of::<Ucontext>(), 1024);
const_assert_eq!(offset_of!(Ucontext, stack), 16);
const_assert_eq!(size_of::<UcStack>(), 24);
const_assert_eq!(offset_of!(Ucontext, mcontext), 40);
const_assert_eq!(offset_of!(Ucontext, sigmask), 384);
const_assert_eq!(offset_of!(Ucontext, mcontext_ext), 512);
const_assert_eq!(offset_of!(RtSigframe, info), 0xa8);
const_assert_eq!(offset_of!(RtSigframe, uc), 0x128);
const_assert_eq!(size_of::<RtSigframe>(), 0x528);
const_assert_eq!(RtSigframe::SIZE_WITHOUT_EXT, 0x328);

impl RtSigframe {
    /// The frame's size without `uc_mcontext_ext`: Linux leaves the
    /// extension out (and `UC_VXRS` clear) on a machine without vectors.
    pub const SIZE_WITHOUT_EXT: usize = size_of::<Self>() - size_of::<SigregsExt>();

    /// The frame's size on the user stack: with the vector extension or
    /// without it.
    pub const fn size(vector: bool) -> usize {
        if vector {
            size_of::<Self>()
        } else {
            Self::SIZE_WITHOUT_EXT
        }
    }

    /// The frame as bytes, for copying to the user stack.
    pub fn as_bytes(&self) -> &[u8] {
        // SAFETY: RtSigframe is repr(C) plain data with no padding that is
        // not an explicit field, so every byte is initialised.
        unsafe { core::slice::from_raw_parts(self as *const Self as *const u8, size_of::<Self>()) }
    }

    /// A zeroed frame.
    pub fn zeroed() -> Self {
        // SAFETY: every field is an integer or array of integers, for which
        // all-zero bytes are valid.
        unsafe { core::mem::zeroed() }
    }

    /// The frame as bytes to fill from the user stack.
    pub fn as_bytes_mut(&mut self) -> &mut [u8] {
        // SAFETY: as for as_bytes; every bit pattern is a valid
        // RtSigframe (integers only), so any bytes may be written.
        unsafe { core::slice::from_raw_parts_mut(self as *mut Self as *mut u8, size_of::<Self>()) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fault_info_layout() {
        let i = Siginfo::fault(11, 2, 0x7000);
        let mut f = RtSigframe::zeroed();
        f.info = i;
        let b = f.as_bytes();
        assert_eq!(&b[0xa8..0xac], &11i32.to_ne_bytes());
        assert_eq!(&b[0xb0..0xb4], &2i32.to_ne_bytes());
        assert_eq!(&b[0xb8..0xc0], &0x7000u64.to_ne_bytes());
        let mut back = RtSigframe::zeroed();
        back.as_bytes_mut().copy_from_slice(f.as_bytes());
        assert_eq!(back.info.addr(), 0x7000);
    }

    #[test]
    fn saved_psw_sits_where_linux_puts_it() {
        // ucontext at 0x128, mcontext at +40: PSW mask at 0x150.
        let mut f = RtSigframe::zeroed();
        f.uc.mcontext.psw_mask = 0x0705_0001_8000_0000;
        f.uc.mcontext.gprs[15] = 0xabcd;
        let b = f.as_bytes();
        assert_eq!(&b[0x150..0x158], &0x0705_0001_8000_0000u64.to_ne_bytes());
        assert_eq!(&b[0x160 + 15 * 8..0x160 + 16 * 8], &0xabcdu64.to_ne_bytes());
    }

    #[test]
    fn fp_and_vector_state_sit_where_linux_puts_them() {
        // _sigregs at 0x150: acrs at +144, fpc at +208, fprs at +216;
        // uc_mcontext_ext at 0x128 + 512: vxrs_low, then vxrs_high.
        let mut f = RtSigframe::zeroed();
        f.uc.mcontext.acrs[1] = 0x1234_5678;
        f.uc.mcontext.fpc = 0x0800_0001;
        f.uc.mcontext.fprs[0] = 0x3ff0_0000_0000_0000;
        f.uc.mcontext.fprs[15] = 0x4000_0000_0000_0000;
        f.uc.mcontext_ext.vxrs_low[0] = 0x1111;
        f.uc.mcontext_ext.vxrs_high[15] = [0x2222, 0x3333];
        f.uc.flags = UC_VXRS;
        let b = f.as_bytes();
        let word = |at: usize| u64::from_ne_bytes(b[at..at + 8].try_into().unwrap());
        assert_eq!(&b[0x150 + 148..0x150 + 152], &0x1234_5678u32.to_ne_bytes());
        assert_eq!(&b[0x150 + 208..0x150 + 212], &0x0800_0001u32.to_ne_bytes());
        assert_eq!(word(0x150 + 216), 0x3ff0_0000_0000_0000);
        assert_eq!(word(0x150 + 216 + 15 * 8), 0x4000_0000_0000_0000);
        assert_eq!(word(0x128 + 512), 0x1111);
        assert_eq!(word(0x128 + 640 + 15 * 16), 0x2222);
        assert_eq!(word(0x128 + 640 + 15 * 16 + 8), 0x3333);
        assert_eq!(word(0x128), UC_VXRS);
        // Without vectors the frame ends where the extension would start.
        assert_eq!(RtSigframe::size(false), 0x128 + 512);
        assert_eq!(RtSigframe::size(true), 0x528);
    }
}
