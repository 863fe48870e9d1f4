//! Interruption entry and exit.
//!
//! Every interruption class enters through the same sequence:
//!
//! 1. `STMG` all 16 GPRs into the lowcore save area (no register is free
//!    before this).
//! 2. Pick a stack: the task's kernel stack when the old PSW was in problem
//!    state; otherwise the interrupted kernel stack, if there is room for
//!    a frame above [`Lowcore::stack_low`](crate::lowcore::Lowcore); if
//!    not (stack overflow or a wild `%r15`), the emergency stack, with
//!    [`PtRegs::FLAG_BAD_STACK`] set so Rust reports it.
//! 3. Build a [`PtRegs`] there from the save area, old PSW and interruption
//!    data, and call the class's handler in [`crate::traps`] with it (one
//!    handler per class, so the hot ones, program checks and SVCs, do not
//!    pay for a dispatch on the class).
//! 4. Reload every register from `PtRegs` (which the handler may have
//!    changed) and `LPSWE` the PSW through the lowcore return slot above
//!    the low-address-protected range.
//!
//! A program check also counts its nesting depth in the lowcore: the Rust
//! side reports a nested program check, and if even that report faults, a
//! third level stops the machine at once with a failure exit, so no fault
//! can recurse or loop.

use core::mem::{offset_of, size_of};

use static_assertions::const_assert_eq;

use crate::lowcore::off;
use crate::pgm::Interruption;
use crate::psw::Psw;

/// The interruption classes, in lowcore new-PSW order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u64)]
pub enum Kind {
    /// Restart interruption (SIGP restart, or the operator).
    Restart = 0,
    /// External interruption (clock comparator, service signal, ...).
    External = 1,
    /// Supervisor call.
    Svc = 2,
    /// Program interruption.
    Program = 3,
    /// Machine check.
    MachineCheck = 4,
    /// I/O interruption.
    Io = 5,
}

impl Kind {
    /// Human name of the class.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Restart => "restart",
            Kind::External => "external",
            Kind::Svc => "supervisor call",
            Kind::Program => "program",
            Kind::MachineCheck => "machine check",
            Kind::Io => "I/O",
        }
    }
}

/// The machine state saved at an interruption.
#[repr(C)]
#[derive(Clone)]
pub struct PtRegs {
    /// General registers 0-15 at the interruption.
    pub gprs: [u64; 16],
    /// The old PSW. A handler changes `psw.addr` to resume elsewhere.
    pub psw: Psw,
    /// Interruption code word: program: ILC halfword and code halfword
    /// (lowcore 0x8c); SVC: ILC and SVC number (0x88); external: CPU
    /// address and code (0x84); I/O: subchannel id and number (0xb8);
    /// machine check: the high word of the code (0xe8).
    pub int_code: u32,
    /// Interruption parameter: external 0x80, I/O 0xbc, machine-check low
    /// word of the code. Not stored (stale) for the other classes.
    pub int_parm: u32,
    /// Translation-exception identification (lowcore 0xa8). Only defined
    /// for program interruptions whose code stores one.
    pub teid: u64,
    /// Which entry was taken ([`Kind`] as a number).
    pub kind: u64,
    /// `FLAG_*` bits set by the entry code.
    pub flags: u64,
}

impl PtRegs {
    /// The entry found no room on the interrupted kernel stack and runs on
    /// the emergency stack.
    pub const FLAG_BAD_STACK: u64 = 1;

    /// Which interruption class this is.
    pub fn kind(&self) -> Kind {
        match self.kind {
            0 => Kind::Restart,
            1 => Kind::External,
            2 => Kind::Svc,
            3 => Kind::Program,
            4 => Kind::MachineCheck,
            _ => Kind::Io,
        }
    }

    /// Whether the interrupted code ran in problem state.
    pub fn user_mode(&self) -> bool {
        self.psw.is_user()
    }

    /// A program interruption's code and ILC, as the entry saved them
    /// (ILC halfword in the high half of `int_code`, code in the low).
    #[inline]
    pub fn program_interruption(&self) -> Interruption {
        Interruption::new((self.int_code >> 16) as u16, self.int_code as u16)
    }

    /// A supervisor call's number: the `svc` instruction's I field
    /// (lowcore 0x8a, the low half of `int_code`).
    #[inline]
    pub fn svc_number(&self) -> u16 {
        self.int_code as u16
    }

    /// The length of the `svc` that caused a supervisor-call interruption
    /// (the ILC of lowcore 0x88, in bytes). `svc` is always 2 bytes long,
    /// but an `EXECUTE` of one stores the length of the execute
    /// instruction, which is what the PSW moved by.
    #[inline]
    pub fn svc_length(&self) -> u64 {
        match (self.int_code >> 16) & ILC_MASK {
            0 => SVC_LENGTH,
            n => n as u64,
        }
    }
}

/// The ILC's bits in the halfword the machine stores: the instruction
/// length in bytes.
const ILC_MASK: u32 = 0x6;
/// The length of an `svc` instruction.
const SVC_LENGTH: u64 = 2;

/// ABI register save area every s390x frame starts with.
pub const STACK_FRAME_OVERHEAD: usize = 160;
/// Frame the entry pushes: save area plus `PtRegs`.
pub const ENTRY_FRAME: usize = STACK_FRAME_OVERHEAD + size_of::<PtRegs>();

const_assert_eq!(offset_of!(PtRegs, gprs), 0);
const_assert_eq!(offset_of!(PtRegs, psw), 128);
const_assert_eq!(offset_of!(PtRegs, int_code), 144);
const_assert_eq!(offset_of!(PtRegs, int_parm), 148);
const_assert_eq!(offset_of!(PtRegs, teid), 152);
const_assert_eq!(offset_of!(PtRegs, kind), 160);
const_assert_eq!(offset_of!(PtRegs, flags), 168);
const_assert_eq!(size_of::<PtRegs>(), 176);
const_assert_eq!(ENTRY_FRAME % 8, 0);

/// A failing disabled wait: the last resort when even reporting faults.
#[no_mangle]
static HARD_STOP_PSW: Psw = Psw::new(Psw::DISABLED_WAIT_MASK, 0xbad0);

#[cfg(target_arch = "s390x")]
core::arch::global_asm!(
    r#"
    # name: entry symbol; kind: Kind; old_psw, code, parm: lowcore
    # fields to save (parm may be blank); nest: 1 for program checks,
    # which count their depth and store a TEID; handler: Rust function.
    .macro INT_ENTRY name, kind, old_psw, code, parm, nest, handler
    .section .text.entry, "ax"
    .globl \name
    .type \name, @function
    .balign 8
\name:
    stmg    %r0, %r15, {save_gprs}
    .if \nest
    clghsi  {pgm_depth}, 2
    jhe     .Lhard_stop
    agsi    {pgm_depth}, 1
    .endif
    tm      \old_psw + 1, 0x01          # PSW bit 15: problem state
    jz      .Lkernel\@
    # From problem state (the hot case falls through).
    lg      %r15, {kernel_stack}
    aghi    %r15, -{frame}
    xc      {pt}+{pt_flags}(8, %r15), {pt}+{pt_flags}(%r15)
.Lsave\@:
    mvc     {pt}+{pt_gprs}(128, %r15), {save_gprs}
    mvc     {pt}+{pt_psw}(16, %r15), \old_psw
    mvc     {pt}+{pt_code}(4, %r15), \code
    .ifnb \parm
    mvc     {pt}+{pt_parm}(4, %r15), \parm
    .endif
    .if \nest
    mvc     {pt}+{pt_teid}(8, %r15), {teid}
    .endif
    mvghi   {pt}+{pt_kind}(%r15), \kind
    xc      0(8, %r15), 0(%r15)         # back chain ends at the entry frame
    la      %r2, {pt}(%r15)
    brasl   %r14, \handler
    .if \nest
    agsi    {pgm_depth}, -1
    .endif
    mvc     {return_psw}(16), {pt}+{pt_psw}(%r15)
    lmg     %r0, %r15, {pt}+{pt_gprs}(%r15)
    lpswe   {return_psw}
.Lkernel\@:
    lay     %r14, -{frame}(%r15)
    clg     %r14, {stack_low}
    jl      .Lbad\@
    clg     %r15, {stack_high}
    jh      .Lbad\@
    lgr     %r15, %r14
    xc      {pt}+{pt_flags}(8, %r15), {pt}+{pt_flags}(%r15)
    j       .Lsave\@
.Lbad\@:
    lg      %r15, {panic_stack}
    aghi    %r15, -{frame}
    mvghi   {pt}+{pt_flags}(%r15), {flag_bad_stack}
    j       .Lsave\@
    .size \name, . - \name
    .endm

    INT_ENTRY restart_entry, 0, {restart_old}, {pgm_ilc}, , 0, s390x_other_interrupt
    INT_ENTRY external_entry, 1, {external_old}, {ext_cpu_addr}, {ext_params}, 0, s390x_external_interrupt
    INT_ENTRY svc_entry, 2, {svc_old}, {svc_ilc}, , 0, s390x_svc_interrupt
    INT_ENTRY program_entry, 3, {program_old}, {pgm_ilc}, , 1, s390x_program_interrupt
    INT_ENTRY mcck_entry, 4, {mcck_old}, {mcck_code}, {mcck_code}+4, 0, s390x_other_interrupt
    INT_ENTRY io_entry, 5, {io_old}, {subchannel_id}, {io_int_parm}, 0, s390x_other_interrupt

    .section .text.entry, "ax"
.Lhard_stop:
    larl    %r1, HARD_STOP_PSW
    lpswe   0(%r1)
"#,
    save_gprs = const off::SAVE_GPRS,
    return_psw = const off::RETURN_PSW,
    pgm_depth = const off::PGM_DEPTH,
    stack_low = const off::STACK_LOW,
    stack_high = const off::STACK_HIGH,
    panic_stack = const off::PANIC_STACK,
    kernel_stack = const off::KERNEL_STACK,
    teid = const off::TEID,
    pgm_ilc = const off::PGM_ILC,
    ext_params = const off::EXT_PARAMS,
    ext_cpu_addr = const off::EXT_CPU_ADDR,
    svc_ilc = const off::SVC_ILC,
    subchannel_id = const off::SUBCHANNEL_ID,
    io_int_parm = const off::IO_INT_PARM,
    mcck_code = const off::MCCK_CODE,
    restart_old = const off::RESTART_OLD_PSW,
    external_old = const off::EXTERNAL_OLD_PSW,
    svc_old = const off::SVC_OLD_PSW,
    program_old = const off::PROGRAM_OLD_PSW,
    mcck_old = const off::MCCK_OLD_PSW,
    io_old = const off::IO_OLD_PSW,
    frame = const ENTRY_FRAME,
    pt = const STACK_FRAME_OVERHEAD,
    pt_gprs = const offset_of!(PtRegs, gprs),
    pt_psw = const offset_of!(PtRegs, psw),
    pt_code = const offset_of!(PtRegs, int_code),
    pt_parm = const offset_of!(PtRegs, int_parm),
    pt_teid = const offset_of!(PtRegs, teid),
    pt_kind = const offset_of!(PtRegs, kind),
    pt_flags = const offset_of!(PtRegs, flags),
    flag_bad_stack = const PtRegs::FLAG_BAD_STACK,
);

#[cfg(target_arch = "s390x")]
extern "C" {
    fn restart_entry();
    fn external_entry();
    fn svc_entry();
    fn program_entry();
    fn mcck_entry();
    fn io_entry();
}

/// Addresses of the six entries, in lowcore new-PSW order.
#[cfg(target_arch = "s390x")]
pub fn entry_points() -> [u64; 6] {
    [
        restart_entry as *const () as u64,
        external_entry as *const () as u64,
        svc_entry as *const () as u64,
        program_entry as *const () as u64,
        mcck_entry as *const () as u64,
        io_entry as *const () as u64,
    ]
}

#[cfg(target_arch = "s390x")]
#[no_mangle]
extern "C" fn s390x_program_interrupt(regs: &mut PtRegs) {
    crate::traps::program(regs);
}

#[cfg(target_arch = "s390x")]
#[no_mangle]
extern "C" fn s390x_svc_interrupt(regs: &mut PtRegs) {
    crate::traps::svc(regs);
}

#[cfg(target_arch = "s390x")]
#[no_mangle]
extern "C" fn s390x_external_interrupt(regs: &mut PtRegs) {
    crate::traps::external(regs);
}

#[cfg(target_arch = "s390x")]
#[no_mangle]
extern "C" fn s390x_other_interrupt(regs: &mut PtRegs) {
    crate::traps::other(regs);
}
