//! Signal delivery on s390x: Linux's frames ([`crate::sigframe`]: the rt
//! frame for handlers with `SA_SIGINFO`, the non-rt one for the others)
//! written below the user stack, or on the alternate stack, with the
//! task's full user state ([`crate::user_state`]), and the two sigreturns'
//! checks. The generic kernel decides which handler runs and with which
//! mask; this file only lays the frames out and reads them back, with
//! Linux 6.1's rules for the PSW (`arch/s390/kernel/signal.c`).

use core::mem::offset_of;

use karch::{Efault, SignalDelivery, Sigreturn, SigreturnKind};
use s390x_linux_abi::signal::{
    SA_ONSTACK, SA_RESTORER, SA_SIGINFO, SIGBUS, SIGFPE, SIGILL, SIGSEGV, SIGTRAP,
};

use crate::entry::PtRegs;
use crate::sigframe::{RtSigframe, Sigframe, Sigregs, UcStack, UC_VXRS};
use crate::uaccess::{copy_from_user, copy_to_user};
use crate::user_state::{self, FrameState};
use crate::sigpsw::{handler_psw_mask, restored_psw_mask, saved_psw_mask, PSW_MASK_RI};

/// Frames are 8-byte aligned (the s390x ABI needs no more).
const STACK_ALIGN: u64 = 8;

/// The sigreturn trampolines, one instruction each: `svc 173`
/// (rt_sigreturn) at offset 0 for rt frames, `svc 119` (sigreturn) at
/// [`LEGACY_TRAMPOLINE_OFFSET`] for non-rt ones, as Linux's vDSO has both.
pub const SIGRETURN_TRAMPOLINE: [u8; 4] = [
    0x0a,
    s390x_linux_abi::nr::RT_SIGRETURN as u8,
    0x0a,
    s390x_linux_abi::nr::SIGRETURN as u8,
];
/// Where `svc 119` is in [`SIGRETURN_TRAMPOLINE`].
const LEGACY_TRAMPOLINE_OFFSET: u64 = 2;

/// `_sigregs` for the interrupted state in `regs` and the CPU's user
/// state (access registers, FPC, f0-f15), and the vector extension where
/// vectors exist.
fn save_state(regs: &PtRegs, sregs: &mut Sigregs, ext: Option<(&mut [u64; 16], &mut [[u64; 2]; 16])>) {
    sregs.psw_mask = saved_psw_mask(regs.psw.mask);
    sregs.psw_addr = regs.psw.addr;
    sregs.gprs = regs.gprs;
    user_state::save_for_frame(FrameState {
        acrs: &mut sregs.acrs,
        fpc: &mut sregs.fpc,
        fprs: &mut sregs.fprs,
        vector: ext,
    });
}

/// Where a frame of `size` bytes goes for `d` (Linux's `get_sigframe`):
/// below the user's %r15, or below the top of the alternate stack for a
/// handler with `SA_ONSTACK`; `None` when a frame on the alternate stack
/// would run off it.
fn frame_address(regs: &PtRegs, d: &SignalDelivery, size: u64) -> Option<u64> {
    let sp = regs.gprs[15];
    if d
        .altstack
        .overflows(sp, sp.wrapping_sub(size) & !(STACK_ALIGN - 1))
    {
        return None;
    }
    let sp = d.altstack.signal_sp(sp, d.flags & SA_ONSTACK != 0);
    Some(sp.wrapping_sub(size) & !(STACK_ALIGN - 1))
}

/// Writes the frame for `d`, the rt one when the handler takes `SA_SIGINFO`
/// and the non-rt one otherwise, and points `regs` at the handler. The
/// frame carries the CPU's user state (the running task's), as Linux 6.1
/// writes it; the handler runs with that state unchanged.
pub fn push_frame(regs: &mut PtRegs, d: &SignalDelivery) -> Result<(), Efault> {
    let vector = user_state::has_vector();
    let rt = d.flags & SA_SIGINFO != 0;
    let size = if rt {
        RtSigframe::size(vector)
    } else {
        Sigframe::size(vector)
    } as u64;
    let sp = frame_address(regs, d, size).ok_or(Efault)?;
    let back_chain = regs.gprs[15];
    let mut trampoline = d.trampoline;
    if rt {
        let mut frame = RtSigframe::zeroed();
        frame.info = d.info;
        let uc = &mut frame.uc;
        uc.stack = UcStack::new(d.altstack.sp, d.altstack.flags, d.altstack.size);
        uc.sigmask = d.saved_mask;
        let ext = &mut uc.mcontext_ext;
        save_state(
            regs,
            &mut uc.mcontext,
            vector.then_some((&mut ext.vxrs_low, &mut ext.vxrs_high)),
        );
        if vector {
            uc.flags = UC_VXRS;
        }
        frame.callee_used_stack[..8].copy_from_slice(&back_chain.to_be_bytes());
        copy_to_user(sp, &frame.as_bytes()[..size as usize])?;
        regs.gprs[3] = sp + offset_of!(RtSigframe, info) as u64;
        regs.gprs[4] = sp + offset_of!(RtSigframe, uc) as u64;
    } else {
        let mut frame = Sigframe::zeroed();
        frame.sc.oldmask = d.saved_mask;
        frame.sc.sregs = sp + offset_of!(Sigframe, sregs) as u64;
        let ext = &mut frame.sregs_ext;
        save_state(
            regs,
            &mut frame.sregs,
            vector.then_some((&mut ext.vxrs_low, &mut ext.vxrs_high)),
        );
        // Linux stores the interrupted %r2 here (measured), not the signal.
        frame.signo = regs.gprs[2] as i32;
        frame.callee_used_stack[..8].copy_from_slice(&back_chain.to_be_bytes());
        copy_to_user(sp, &frame.as_bytes()[..size as usize])?;
        regs.gprs[3] = sp + offset_of!(Sigframe, sc) as u64;
        // "We forgot to include these in the sigcontext": for the fault
        // signals Linux passes the interruption code and the
        // translation-exception identification as arguments.
        if matches!(d.info.signo, SIGSEGV | SIGBUS | SIGILL | SIGTRAP | SIGFPE) {
            regs.gprs[4] = u64::from(regs.int_code & 0x7f);
            regs.gprs[5] = regs.teid;
        }
        trampoline += LEGACY_TRAMPOLINE_OFFSET;
    }
    regs.gprs[2] = d.info.signo as u64;
    regs.gprs[14] = if d.flags & SA_RESTORER != 0 {
        d.restorer
    } else {
        trampoline
    };
    regs.gprs[15] = sp;
    regs.psw.mask = handler_psw_mask(regs.psw.mask);
    regs.psw.addr = d.handler;
    Ok(())
}

/// `sigreturn` / `rt_sigreturn`: reads the frame of `kind` at the user's
/// %r15 step by step as Linux does (the mask, then the alternate stack for
/// an rt frame, then the registers) and restores the registers and the
/// CPU's user state unless the frame is unreadable, sets the runtime
/// instrumentation bit, or holds an FPC the CPU refuses (Linux's
/// `test_fp_ctl`: `SFPC` must accept it); `regs` and the user state are
/// then unchanged.
pub fn restore_frame(regs: &mut PtRegs, kind: SigreturnKind) -> Sigreturn {
    let vector = user_state::has_vector();
    let sp = regs.gprs[15];
    let mut back = Sigreturn {
        mask: None,
        altstack: None,
        restored: false,
    };
    let read_u64 = |at: usize| {
        let mut b = [0u8; 8];
        copy_from_user(&mut b, sp.wrapping_add(at as u64)).map(|()| u64::from_be_bytes(b))
    };
    match kind {
        SigreturnKind::Rt => {
            let uc = offset_of!(RtSigframe, uc);
            let mut frame = RtSigframe::zeroed();
            let size = RtSigframe::size(vector);
            if copy_from_user(&mut frame.as_bytes_mut()[..size], sp).is_err() {
                // Linux reads the mask, then uc_stack, each on its own
                // before the rest: keep what can be read.
                let Ok(mask) = read_u64(uc + offset_of!(crate::sigframe::Ucontext, sigmask))
                else {
                    return back;
                };
                back.mask = Some(mask);
                let mut st = [0u8; 24];
                let at = sp.wrapping_add((uc + offset_of!(crate::sigframe::Ucontext, stack)) as u64);
                if copy_from_user(&mut st, at).is_ok() {
                    back.altstack = Some(altstack_from(&st));
                }
                return back;
            }
            back.mask = Some(frame.uc.sigmask);
            let st = frame.uc.stack;
            back.altstack = Some(karch::AltStack {
                sp: st.sp,
                flags: st.flags,
                size: st.size,
            });
            let ext = &frame.uc.mcontext_ext;
            back.restored = restore_state(
                regs,
                &frame.uc.mcontext,
                vector.then_some((&ext.vxrs_low, &ext.vxrs_high)),
            );
        }
        SigreturnKind::Legacy => {
            let mut frame = Sigframe::zeroed();
            let size = Sigframe::size(vector);
            if copy_from_user(&mut frame.as_bytes_mut()[..size], sp).is_err() {
                // The mask alone, as Linux reads it before the rest.
                back.mask = read_u64(offset_of!(Sigframe, sc)).ok();
                return back;
            }
            back.mask = Some(frame.sc.oldmask);
            let ext = &frame.sregs_ext;
            back.restored = restore_state(
                regs,
                &frame.sregs,
                vector.then_some((&ext.vxrs_low, &ext.vxrs_high)),
            );
        }
    }
    back
}

/// `stack_t` from its bytes in user memory.
fn altstack_from(b: &[u8; 24]) -> karch::AltStack {
    let word = |at: usize| u64::from_be_bytes(b[at..at + 8].try_into().expect("8 bytes"));
    karch::AltStack {
        sp: word(0),
        flags: i32::from_be_bytes(b[8..12].try_into().expect("4 bytes")),
        size: word(16),
    }
}

/// Linux's `restore_sigregs` (and `_ext`): checks, then loads. Returns
/// whether the state was restored.
fn restore_state(
    regs: &mut PtRegs,
    saved: &Sigregs,
    vector: Option<(&[u64; 16], &[[u64; 2]; 16])>,
) -> bool {
    if saved.psw_mask & PSW_MASK_RI != 0 {
        return false;
    }
    // The last check: once the FPC is loaded, nothing below can fail.
    if user_state::try_set_fpc(saved.fpc).is_err() {
        return false;
    }
    user_state::load_from_frame(&saved.acrs, &saved.fprs, vector);
    regs.psw.mask = restored_psw_mask(regs.psw.mask, saved.psw_mask);
    regs.psw.addr = saved.psw_addr;
    regs.gprs = saved.gprs;
    true
}
