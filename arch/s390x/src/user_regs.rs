//! `PtRegs` as the generic kernel's trap frame, with Linux's s390x
//! system-call convention: `svc N` with N from 1 to 255 is call N; `svc 0`
//! takes the number from %r1 (its low 16 bits). Arguments are in %r2-%r7,
//! the result goes to %r2, and no other register changes. The stack
//! pointer is %r15.

use karch::TrapFrame;

use crate::entry::PtRegs;
use crate::psw::Psw;
use crate::usermode::USER_PSW_MASK;

/// The register that holds the first system-call argument and the result.
const ARG0: usize = 2;
/// The register that holds the number for `svc 0`.
const SVC0_NR: usize = 1;
/// The stack pointer.
const SP: usize = 15;
/// `svc 0`'s number is the low 16 bits of %r1.
const SVC0_NR_MASK: u64 = 0xffff;

impl TrapFrame for PtRegs {
    fn new_user(entry: u64, stack: u64) -> Self {
        let mut gprs = [0; 16];
        gprs[SP] = stack;
        PtRegs {
            gprs,
            psw: Psw::new(USER_PSW_MASK, entry),
            int_code: 0,
            int_parm: 0,
            teid: 0,
            kind: 0,
            flags: 0,
        }
    }

    #[inline]
    fn syscall_nr(&self) -> u64 {
        match self.svc_number() {
            0 => self.gprs[SVC0_NR] & SVC0_NR_MASK,
            n => n as u64,
        }
    }

    #[inline]
    fn arg(&self, i: usize) -> u64 {
        debug_assert!(i < 6, "system-call argument {i}");
        self.gprs[ARG0 + i]
    }

    #[inline]
    fn set_return(&mut self, value: u64) {
        self.gprs[ARG0] = value;
    }

    fn ip(&self) -> u64 {
        self.psw.addr
    }

    fn set_ip(&mut self, ip: u64) {
        self.psw.addr = ip;
    }

    fn sp(&self) -> u64 {
        self.gprs[SP]
    }

    fn set_sp(&mut self, sp: u64) {
        self.gprs[SP] = sp;
    }

    /// The SVC old PSW points past the `svc`; step back by its length
    /// (the ILC the entry saved) so it executes again. %r1-%r7 are
    /// unchanged, so it makes the same call.
    fn restart_syscall(&mut self) {
        self.psw.addr -= self.svc_length();
    }
}
