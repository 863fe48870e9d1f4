//! Linux's s390x user signal frame, byte for byte, so a program written
//! for Linux handles its signals unchanged here (docs/fault-model.md §7).
//!
//! A handler is entered with %r15 at the frame, %r2 = signal number,
//! %r3 = &frame.info, %r4 = &frame.uc and %r14 = where to return: the
//! `sa_restorer` when `SA_RESTORER` is set, otherwise the kernel's
//! `svc 173` (rt_sigreturn) trampoline.

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

/// `ucontext` as s390x lays it out in the rt signal frame
/// (`struct ucontext_extended`, 1024 bytes).
#[repr(C)]
#[derive(Clone, Copy)]
pub struct Ucontext {
    /// `uc_flags`.
    pub flags: u64,
    /// `uc_link`.
    pub link: u64,
    /// `uc_stack`: sp, flags (+pad), size.
    pub stack: [u64; 3],
    /// `uc_mcontext`.
    pub mcontext: Sigregs,
    /// `uc_sigmask`: the mask to restore.
    pub sigmask: u64,
    _unused: [u8; 120],
    /// High halves of the GPRs (zero for 64-bit tasks).
    pub gprs_high: [u64; 16],
    /// Vector registers (unused here).
    pub vxrs: [u8; 384],
}

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

const_assert_eq!(size_of::<Sigregs>(), 344);
const_assert_eq!(size_of::<Ucontext>(), 1024);
const_assert_eq!(offset_of!(Ucontext, mcontext), 40);
const_assert_eq!(offset_of!(Ucontext, sigmask), 384);
const_assert_eq!(offset_of!(Ucontext, gprs_high), 512);
const_assert_eq!(offset_of!(RtSigframe, info), 0xa8);
const_assert_eq!(offset_of!(RtSigframe, uc), 0x128);
const_assert_eq!(size_of::<RtSigframe>(), 0x528);

impl RtSigframe {
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

    /// Reads a frame from bytes copied off the user stack.
    pub fn from_bytes(b: &[u8; size_of::<RtSigframe>()]) -> Self {
        // SAFETY: any bit pattern is a valid RtSigframe (integers only);
        // read_unaligned tolerates the byte array's alignment.
        unsafe { core::ptr::read_unaligned(b.as_ptr() as *const Self) }
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
        let back = RtSigframe::from_bytes(b.try_into().unwrap());
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
}
