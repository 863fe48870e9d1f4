//! `PtRegs` as the generic kernel's trap frame, with Linux's riscv64
//! system-call convention: `ecall` from U-mode, the number in a7, the
//! arguments in a0-a5, the result in a0; no other register changes. The
//! stack pointer is x2.
//!
//! The trap entry keeps two things this file relies on, as Linux's does:
//! on an `ecall` it saves a0 into [`PtRegs::orig_a0`], and it advances the
//! saved pc past the 4-byte `ecall` before the call is handled (so that
//! the task resumes after it).

use karch::TrapFrame;
use riscv64_linux_abi::nr;

use crate::csr::sstatus;
use crate::regs::{PtRegs, A0, A7, PC, SP};

/// The length of `ecall`, which `sepc` points at when it traps: a restart
/// steps back over it.
const ECALL_LEN: u64 = 4;

/// The number of system-call arguments in registers (a0-a5).
const SYSCALL_ARGS: usize = 6;

/// `sstatus` of a new program, as Linux 6.1's `start_thread`
/// (arch/riscv/kernel/process.c) sets it: `sret` goes to U-mode (SPP
/// clear) with interrupts enabled (SPIE), and the FPU is on with its
/// registers in their initial state (FS = Initial: the task's user state
/// is loaded zeroed before it runs). Linux also sets UXL to 64-bit, a
/// field QEMU's RV64 keeps at 64-bit whatever is written; this frame
/// leaves it zero.
pub const USER_SSTATUS: u64 = sstatus::SPIE | sstatus::FS_INITIAL;

const _: () = assert!(USER_SSTATUS & sstatus::SPP == 0, "sret must go to U-mode");

impl TrapFrame for PtRegs {
    fn new_user(entry: u64, stack: u64) -> Self {
        let mut regs = [0; 32];
        regs[PC] = entry;
        regs[SP] = stack;
        PtRegs {
            regs,
            sstatus: USER_SSTATUS,
            stval: 0,
            scause: 0,
            orig_a0: 0,
        }
    }

    /// a7, with the numbers that stand for calls riscv64 does not have
    /// folded away ([`nr::from_register`]), so that no register value
    /// selects one.
    #[inline]
    fn syscall_nr(&self) -> u64 {
        nr::from_register(self.regs[A7])
    }

    /// a0-a5; argument 0 is `orig_a0`, the a0 the `ecall` passed, as
    /// Linux's `syscall_get_arguments` reads it (arch/riscv/include/asm/
    /// syscall.h): a0 itself is the return slot and changes once a return
    /// value is set, while `orig_a0` keeps the argument for the whole
    /// call and for its restart.
    #[inline]
    fn arg(&self, i: usize) -> u64 {
        debug_assert!(i < SYSCALL_ARGS, "system-call argument {i}");
        if i == 0 {
            self.orig_a0
        } else {
            self.regs[A0 + i]
        }
    }

    #[inline]
    fn set_return(&mut self, value: u64) {
        self.regs[A0] = value;
    }

    fn ip(&self) -> u64 {
        self.regs[PC]
    }

    fn set_ip(&mut self, ip: u64) {
        self.regs[PC] = ip;
    }

    fn sp(&self) -> u64 {
        self.regs[SP]
    }

    fn set_sp(&mut self, sp: u64) {
        self.regs[SP] = sp;
    }

    /// Linux's restart (arch/riscv/kernel/signal.c): a0 gets its argument
    /// back from `orig_a0` and the pc steps back over the `ecall` the
    /// entry advanced past; a7 and a1-a5 are unchanged, so the same call
    /// runs again.
    fn restart_syscall(&mut self) {
        self.regs[A0] = self.orig_a0;
        self.regs[PC] = self.regs[PC].wrapping_sub(ECALL_LEN);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A frame as the entry leaves it for `ecall` number `n` at `pc` with
    /// arguments `args`: pc advanced, a0 copied to `orig_a0`.
    fn at_ecall(pc: u64, n: u64, args: [u64; 6]) -> PtRegs {
        let mut f = PtRegs::new_user(0, 0);
        f.regs[PC] = pc + ECALL_LEN;
        f.regs[A7] = n;
        f.regs[A0..A0 + 6].copy_from_slice(&args);
        f.orig_a0 = args[0];
        f
    }

    #[test]
    fn new_program_state() {
        let f = PtRegs::new_user(0x1_0000, 0x3f_ffff_f000);
        assert_eq!(f.ip(), 0x1_0000);
        assert_eq!(f.sp(), 0x3f_ffff_f000);
        assert!(f
            .regs
            .iter()
            .enumerate()
            .all(|(i, &r)| i == PC || i == SP || r == 0));
        assert_eq!(f.sstatus & sstatus::SPP, 0, "returns to U-mode");
        assert_ne!(f.sstatus & sstatus::SPIE, 0, "interrupts on in U-mode");
        assert_eq!(f.sstatus & sstatus::FS, sstatus::FS_INITIAL);
        assert_eq!(f.sstatus, (1 << 5) | (1 << 13), "nothing else set");
        assert_eq!((f.stval, f.scause, f.orig_a0), (0, 0, 0));
    }

    #[test]
    fn number_and_arguments() {
        let f = at_ecall(0x1000, nr::OPENAT, [10, 11, 12, 13, 14, 15]);
        assert_eq!(f.syscall_nr(), 56);
        let args: Vec<u64> = (0..6).map(|i| f.arg(i)).collect();
        assert_eq!(args, [10, 11, 12, 13, 14, 15]);
    }

    #[test]
    fn first_argument_survives_the_return_value() {
        let mut f = at_ecall(0x1000, nr::WAIT4, [7, 1, 2, 3, 4, 5]);
        f.set_return(-4i64 as u64);
        assert_eq!(f.regs[A0], -4i64 as u64);
        assert_eq!(f.arg(0), 7);
    }

    #[test]
    fn absent_calls_cannot_be_selected() {
        let f = at_ecall(0x1000, nr::FORK, [0; 6]);
        assert_eq!(f.syscall_nr(), nr::NO_SUCH_CALL);
        assert_ne!(f.syscall_nr(), nr::FORK);
    }

    #[test]
    fn restart_runs_the_same_call_again() {
        let mut f = at_ecall(0x2000, nr::WAIT4, [9, 1, 2, 3, 4, 5]);
        let before = f.clone();
        f.set_return(-512i64 as u64);
        f.restart_syscall();
        assert_eq!(f.ip(), 0x2000, "back at the ecall");
        assert_eq!(f.regs[A0], 9);
        assert_eq!(f.regs[1..], before.regs[1..]);
        assert_eq!(f.syscall_nr(), nr::WAIT4);
    }

    #[test]
    fn pointers() {
        let mut f = PtRegs::new_user(1, 2);
        f.set_ip(0x4000);
        f.set_sp(0x8000);
        assert_eq!((f.ip(), f.sp()), (0x4000, 0x8000));
        assert_eq!((f.regs[PC], f.regs[SP]), (0x4000, 0x8000));
    }
}
