//! Signal delivery on s390x: Linux's rt frame ([`crate::sigframe`])
//! written below the user stack with the task's full user state
//! ([`crate::user_state`]), and `rt_sigreturn`'s checks. The generic
//! kernel decides which handler runs and with which mask; this file only
//! lays the frame out and reads it back.
//!
//! A handler is entered with %r15 at the frame, %r2 = signal number,
//! %r3 = &frame.info, %r4 = &frame.uc and %r14 = where to return: the
//! `sa_restorer` when `SA_RESTORER` is set, otherwise the kernel's
//! `svc 173` (rt_sigreturn) trampoline.

use core::mem::offset_of;

use karch::{BadSigreturn, Efault, SignalDelivery};
use s390x_linux_abi::signal::SA_RESTORER;

use crate::entry::PtRegs;
use crate::sigframe::{RtSigframe, UC_VXRS};
use crate::uaccess::{copy_from_user, copy_to_user};
use crate::user_state::{self, FrameState};
use crate::usermode::USER_PSW_MASK;

/// PSW mask bits a user may change through a signal frame: the condition
/// code (PoP bits 18-19) and the program mask (bits 20-23).
const PSW_USER_CHANGEABLE: u64 = 0x3f << 40;

/// The s390x ABI needs only 8-byte stack alignment.
const STACK_ALIGN: u64 = 8;

/// `svc 173`: the `rt_sigreturn` trampoline's one instruction.
pub const SIGRETURN_TRAMPOLINE: [u8; 2] = [0x0a, s390x_linux_abi::nr::RT_SIGRETURN as u8];

/// Writes the frame for `d` below the user's %r15 and points `regs` at the
/// handler. The frame carries the CPU's user state (the running task's):
/// access registers, FPC and f0-f15 in `_sigregs`, and where vectors exist
/// the rest of v0-v31 in `uc_mcontext_ext` with `UC_VXRS` in `uc_flags`,
/// as Linux 6.1 writes it. The handler runs with that state unchanged.
pub fn push_frame(regs: &mut PtRegs, d: &SignalDelivery) -> Result<(), Efault> {
    let vector = user_state::has_vector();
    let size = RtSigframe::size(vector);
    let mut frame = RtSigframe::zeroed();
    frame.info = d.info;
    let uc = &mut frame.uc;
    uc.mcontext.psw_mask = regs.psw.mask;
    uc.mcontext.psw_addr = regs.psw.addr;
    uc.mcontext.gprs = regs.gprs;
    uc.sigmask = d.saved_mask;
    let ext = &mut uc.mcontext_ext;
    user_state::save_for_frame(FrameState {
        acrs: &mut uc.mcontext.acrs,
        fpc: &mut uc.mcontext.fpc,
        fprs: &mut uc.mcontext.fprs,
        vector: vector.then_some((&mut ext.vxrs_low, &mut ext.vxrs_high)),
    });
    if vector {
        uc.flags = UC_VXRS;
    }
    let sp = regs.gprs[15].wrapping_sub(size as u64) & !(STACK_ALIGN - 1);
    // Back chain to the interrupted frame, as the ABI expects.
    frame.callee_used_stack[..8].copy_from_slice(&regs.gprs[15].to_be_bytes());
    copy_to_user(sp, &frame.as_bytes()[..size])?;
    regs.gprs[2] = d.info.signo as u64;
    regs.gprs[3] = sp + offset_of!(RtSigframe, info) as u64;
    regs.gprs[4] = sp + offset_of!(RtSigframe, uc) as u64;
    regs.gprs[14] = if d.flags & SA_RESTORER != 0 {
        d.restorer
    } else {
        d.trampoline
    };
    regs.gprs[15] = sp;
    regs.psw.mask = USER_PSW_MASK;
    regs.psw.addr = d.handler;
    Ok(())
}

/// `rt_sigreturn`: restores the registers and the CPU's user state saved
/// in the frame at the user's %r15 and returns the signal mask to restore.
/// A frame that cannot be read, whose PSW mask sets bits a user may not
/// set, or whose FPC the CPU refuses (Linux's `test_fp_ctl`: `SFPC` must
/// accept it) is refused; `regs` and the user state are then unchanged.
pub fn restore_frame(regs: &mut PtRegs) -> Result<u64, BadSigreturn> {
    let vector = user_state::has_vector();
    let mut frame = RtSigframe::zeroed();
    let size = RtSigframe::size(vector);
    copy_from_user(&mut frame.as_bytes_mut()[..size], regs.gprs[15]).map_err(|_| BadSigreturn)?;
    let saved = &frame.uc.mcontext;
    if saved.psw_mask & !PSW_USER_CHANGEABLE != USER_PSW_MASK {
        return Err(BadSigreturn);
    }
    // The last check: once the FPC is loaded, nothing below can fail.
    user_state::try_set_fpc(saved.fpc).map_err(|_| BadSigreturn)?;
    let ext = &frame.uc.mcontext_ext;
    user_state::load_from_frame(
        &saved.acrs,
        &saved.fprs,
        vector.then_some((&ext.vxrs_low, &ext.vxrs_high)),
    );
    regs.psw.mask = saved.psw_mask;
    regs.psw.addr = saved.psw_addr;
    regs.gprs = saved.gprs;
    Ok(frame.uc.sigmask)
}
