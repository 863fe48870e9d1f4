//! Signal delivery on riscv64: Linux 6.1's frame ([`crate::sigframe`])
//! written below the user stack, or on the alternate stack, with the
//! task's floating-point state ([`crate::user_state`]), and
//! `rt_sigreturn`'s checks, following `setup_rt_frame`, `get_sigframe`
//! and `rt_sigreturn` in arch/riscv/kernel/signal.c. The generic kernel
//! decides which handler runs and with which mask; this file only lays
//! the frame out and reads it back.
//!
//! riscv64 has one frame for every handler and one sigreturn
//! (`rt_sigreturn`); it has no `SA_RESTORER`, so the handler always
//! returns to the kernel's trampoline.

use core::mem::offset_of;

use karch::{AltStack, Efault, SignalDelivery, Sigreturn, SigreturnKind};
use linux_abi::signal::SA_ONSTACK;

use crate::regs::{PtRegs, A0, PC, RA, SP};
use crate::sigframe::{off, RtSigframe, Sigcontext, UcStack};
use crate::uaccess::{copy_from_user, copy_to_user};
use crate::csr::sstatus;
use crate::user_state::{self, UserState};

/// Frames are 16-byte aligned: the psABI's stack alignment, which Linux's
/// `get_sigframe` keeps.
const STACK_ALIGN: u64 = 16;

/// A frame must lie wholly below the end of user space, as Linux's
/// `access_ok` requires before touching it.
const USER_TOP: u64 = crate::layout::USER_END;

/// a1: the handler's `siginfo_t *`.
const A1: usize = A0 + 1;
/// a2: the handler's `ucontext_t *`.
const A2: usize = A0 + 2;

/// Whether `len` bytes at `addr` are all in user space (Linux's
/// `access_ok`, a range check only).
fn user_range(addr: u64, len: u64) -> bool {
    len <= USER_TOP && addr <= USER_TOP - len
}

/// Where the frame goes for `d` (Linux's `get_sigframe`): below the
/// user's sp, or below the top of the alternate stack for a handler with
/// `SA_ONSTACK`, 16-byte aligned; `None` when a task already on the
/// alternate stack would run off it.
fn frame_address(sp: u64, d: &SignalDelivery) -> Option<u64> {
    let size = RtSigframe::SIZE as u64;
    if d.altstack.overflows(sp, sp.wrapping_sub(size)) {
        return None;
    }
    let top = d.altstack.signal_sp(sp, d.flags & SA_ONSTACK != 0);
    Some(top.wrapping_sub(size) & !(STACK_ALIGN - 1))
}

/// Writes the frame for `d` and points `regs` at the handler: sp at the
/// frame, a0 = the signal, a1 = &frame.info, a2 = &frame.uc, ra = the
/// trampoline, pc = the handler. Every other register, and the FP state
/// the frame carries (the running task's, from the CPU), stays as it was,
/// as on Linux. On `Err` nothing was changed in `regs`.
pub fn push_frame(regs: &mut PtRegs, d: &SignalDelivery) -> Result<(), Efault> {
    let at = frame_address(regs.regs[SP], d).ok_or(Efault)?;
    if !user_range(at, RtSigframe::SIZE as u64) {
        return Err(Efault);
    }
    let mut frame = RtSigframe::zeroed();
    frame.info = d.info;
    // uc_flags and uc_link stay 0.
    frame.uc.stack = UcStack::new(d.altstack.sp, d.altstack.flags, d.altstack.size);
    frame.uc.sigmask = d.saved_mask;
    let mc = &mut frame.uc.mcontext;
    mc.regs = regs.regs;
    let mut fp = UserState::default();
    user_state::save(&mut fp);
    mc.fp.f = *fp.fprs();
    mc.fp.fcsr = fp.fcsr();
    // mc.fp.reserved stays zero, as Linux writes it.
    copy_to_user(at, frame.as_bytes())?;
    regs.regs[RA] = d.trampoline;
    regs.regs[PC] = d.handler;
    regs.regs[SP] = at;
    regs.regs[A0] = d.info.signo as u64;
    regs.regs[A1] = at + offset_of!(RtSigframe, info) as u64;
    regs.regs[A2] = at + offset_of!(RtSigframe, uc) as u64;
    Ok(())
}

/// `rt_sigreturn`: reads the frame at the user's sp in Linux's order (the
/// mask, then the machine context, then `uc_stack`) and restores the
/// registers and the CPU's FP state, unless the frame is not all in user
/// space or not readable, or a reserved word of the FP state is set
/// (Linux's `restore_fp_state` check); `regs` and the FP state are then
/// unchanged.
///
/// `Legacy`: riscv64 has no `sigreturn` (its number is one no register
/// reaches, `nr::SIGRETURN`), so this never happens; if it did, no frame
/// of that kind exists to read, and the answer is that of an unreadable
/// frame (nothing restored: the task gets `SIGSEGV`), rather than reading
/// a layout riscv64 does not have.
///
/// Two corner cases differ from Linux, which restores into the live
/// registers step by step and then fails: where the FP state's reserved
/// words are set, and where the frame is readable but for `uc_stack`,
/// Linux's `SIGSEGV` finds the registers already restored; here (as the
/// contract has it) they are unchanged. The alternate stack is never set
/// from a frame whose registers were not restored: Linux reads it last.
pub fn restore_frame(regs: &mut PtRegs, kind: SigreturnKind) -> Sigreturn {
    let mut back = Sigreturn {
        mask: None,
        altstack: None,
        restored: false,
    };
    let sp = regs.regs[SP];
    if kind == SigreturnKind::Legacy || !user_range(sp, RtSigframe::SIZE as u64) {
        return back;
    }
    let mut frame = RtSigframe::zeroed();
    if copy_from_user(frame.as_bytes_mut(), sp).is_ok() {
        back.mask = Some(frame.uc.sigmask);
        if restore_context(regs, &frame.uc.mcontext) {
            back.altstack = Some(altstack_from(&frame.uc.stack));
            back.restored = true;
        }
        return back;
    }
    // Not all of it is readable: what Linux reads, piece by piece.
    let mut mask = [0u8; 8];
    if copy_from_user(&mut mask, sp + off::UC_SIGMASK as u64).is_err() {
        return back;
    }
    back.mask = Some(u64::from_le_bytes(mask));
    let mut mc = Sigcontext::zeroed();
    if copy_from_user(mc.as_bytes_mut(), sp + off::UC_MCONTEXT as u64).is_err() {
        return back;
    }
    let mut stack = [0u8; 24];
    if copy_from_user(&mut stack, sp + off::UC_STACK as u64).is_err() {
        return back;
    }
    if restore_context(regs, &mc) {
        back.altstack = Some(altstack_bytes(&stack));
        back.restored = true;
    }
    back
}

/// Linux's `restore_sigcontext`: the general registers (pc and x1-x31)
/// and the FP state, checked first. Returns whether they were restored.
fn restore_context(regs: &mut PtRegs, mc: &Sigcontext) -> bool {
    if mc.fp.reserved != [0; 3] {
        return false;
    }
    user_state::load(&UserState::new(mc.fp.f, mc.fp.fcsr));
    regs.regs = mc.regs;
    // The FP registers now equal the frame's copy (Linux's
    // `fstate_restore` marks them Clean the same way).
    regs.sstatus = (regs.sstatus & !sstatus::FS) | sstatus::FS_CLEAN;
    true
}

/// The alternate stack a frame's `uc_stack` holds.
fn altstack_from(st: &UcStack) -> AltStack {
    AltStack {
        sp: st.sp,
        flags: st.flags,
        size: st.size,
    }
}

/// `stack_t` from its bytes in user memory (sp, flags and padding, size).
fn altstack_bytes(b: &[u8; 24]) -> AltStack {
    let word = |at: usize| u64::from_le_bytes(b[at..at + 8].try_into().expect("8 bytes"));
    AltStack {
        sp: word(0),
        flags: i32::from_le_bytes(b[8..12].try_into().expect("4 bytes")),
        size: word(16),
    }
}
