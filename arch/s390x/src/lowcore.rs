//! The lowcore: the 8 KiB prefix area at real address 0 of each CPU, where
//! the machine stores interruption data and old PSWs and fetches new PSWs.
//!
//! Offsets from the 0..0x1fff range are architected (PoP "Assigned Storage
//! Locations"); 0x200..0x11ff is free for software and holds the kernel's
//! per-CPU entry state. Every offset is checked at compile time.
//!
//! Low-address protection (CR0 bit 35) blocks stores to 0..511: the entry
//! code never stores below 0x200; a handler edits its stack copy of the old
//! PSW and returns through [`Lowcore::return_psw`], which lies above 511.

use core::mem::offset_of;

use static_assertions::const_assert_eq;

use crate::psw::Psw;

/// Layout of one CPU's lowcore.
#[repr(C)]
pub struct Lowcore {
    _pad_0x0000: [u8; 0x80],
    /// 0x80: external-interruption parameter.
    pub ext_params: u32,
    /// 0x84: address of the CPU that caused an external interruption.
    pub ext_cpu_addr: u16,
    /// 0x86: external-interruption code.
    pub ext_int_code: u16,
    /// 0x88: SVC instruction-length code.
    pub svc_ilc: u16,
    /// 0x8a: SVC interruption code (the `svc` number).
    pub svc_code: u16,
    /// 0x8c: program-interruption ILC: the instruction length in bytes.
    pub pgm_ilc: u16,
    /// 0x8e: program-interruption code (+0x80 PER, +0x200 transaction).
    pub pgm_code: u16,
    /// 0x90: data-exception code / vector-exception code.
    pub data_exc_code: u32,
    /// 0x94: monitor class number.
    pub mon_class_num: u16,
    /// 0x96: PER code.
    pub per_code: u8,
    /// 0x97: PER ATMID.
    pub per_atmid: u8,
    /// 0x98: PER address.
    pub per_address: u64,
    /// 0xa0: exception access id (access register of a failing access).
    pub exc_access_id: u8,
    /// 0xa1: PER access id.
    pub per_access_id: u8,
    /// 0xa2: operand access id.
    pub op_access_id: u8,
    /// 0xa3: AR mode id.
    pub ar_mode_id: u8,
    _pad_0x00a4: [u8; 4],
    /// 0xa8: translation-exception identification (see `teid.rs`).
    pub teid: u64,
    /// 0xb0: monitor code.
    pub monitor_code: u64,
    /// 0xb8: subchannel id of an I/O interruption.
    pub subchannel_id: u16,
    /// 0xba: subchannel number.
    pub subchannel_nr: u16,
    /// 0xbc: I/O-interruption parameter.
    pub io_int_parm: u32,
    /// 0xc0: I/O-interruption word.
    pub io_int_word: u32,
    _pad_0x00c4: [u8; 4],
    /// 0xc8: facility list stored by STFL.
    pub stfl_fac_list: u32,
    _pad_0x00cc: [u8; 0xe8 - 0xcc],
    /// 0xe8: machine-check interruption code.
    pub mcck_code: u64,
    _pad_0x00f0: [u8; 0x110 - 0xf0],
    /// 0x110: breaking-event address.
    pub breaking_event_addr: u64,
    _pad_0x0118: [u8; 8],
    /// 0x120: restart old PSW.
    pub restart_old_psw: Psw,
    /// 0x130: external old PSW.
    pub external_old_psw: Psw,
    /// 0x140: SVC old PSW.
    pub svc_old_psw: Psw,
    /// 0x150: program old PSW.
    pub program_old_psw: Psw,
    /// 0x160: machine-check old PSW.
    pub mcck_old_psw: Psw,
    /// 0x170: I/O old PSW.
    pub io_old_psw: Psw,
    _pad_0x0180: [u8; 0x20],
    /// 0x1a0: restart new PSW.
    pub restart_new_psw: Psw,
    /// 0x1b0: external new PSW.
    pub external_new_psw: Psw,
    /// 0x1c0: SVC new PSW.
    pub svc_new_psw: Psw,
    /// 0x1d0: program new PSW.
    pub program_new_psw: Psw,
    /// 0x1e0: machine-check new PSW.
    pub mcck_new_psw: Psw,
    /// 0x1f0: I/O new PSW.
    pub io_new_psw: Psw,

    // ---- 0x200..0x11ff: software-defined, per CPU ----
    /// 0x200: GPRs saved by the first instruction of every entry.
    pub save_gprs: [u64; 16],
    /// 0x280: the PSW an entry returns through (`lpswe`).
    pub return_psw: Psw,
    /// 0x290: program-check nesting depth (0 outside the handler).
    pub pgm_depth: u64,
    /// 0x298: lowest usable address of the current kernel stack.
    pub stack_low: u64,
    /// 0x2a0: top of the current kernel stack.
    pub stack_high: u64,
    /// 0x2a8: top of the emergency stack used when the kernel stack is bad.
    pub panic_stack: u64,
    /// 0x2b0: kernel stack for entries from problem state.
    pub kernel_stack: u64,
    /// 0x2b8: the outermost program check's `PtRegs` (for nested reports).
    pub pgm_regs: u64,
    _pad_0x02c0: [u8; 0x1200 - 0x2c0],

    // ---- 0x1200..0x13ff: store-status save areas ----
    /// 0x1200: floating-point registers.
    pub fpr_save: [u64; 16],
    /// 0x1280: general registers.
    pub gpr_save: [u64; 16],
    /// 0x1300: PSW.
    pub psw_save: Psw,
    _pad_0x1310: [u8; 8],
    /// 0x1318: prefix register.
    pub prefix_save: u32,
    /// 0x131c: floating-point control register.
    pub fpc_save: u32,
    _pad_0x1320: [u8; 4],
    /// 0x1324: TOD programmable register.
    pub tod_progreg_save: u32,
    /// 0x1328: CPU timer.
    pub cpu_timer_save: u64,
    /// 0x1330: clock comparator.
    pub clock_comp_save: u64,
    _pad_0x1338: [u8; 8],
    /// 0x1340: access registers.
    pub ar_save: [u32; 16],
    /// 0x1380: control registers.
    pub cr_save: [u64; 16],
    _pad_0x1400: [u8; 0x2000 - 0x1400],
}

macro_rules! check_offsets {
    ($($field:ident = $off:expr),* $(,)?) => {
        $( const_assert_eq!(offset_of!(Lowcore, $field), $off); )*
    };
}

check_offsets! {
    ext_params = 0x80, ext_cpu_addr = 0x84, ext_int_code = 0x86,
    svc_ilc = 0x88, svc_code = 0x8a, pgm_ilc = 0x8c, pgm_code = 0x8e,
    data_exc_code = 0x90, mon_class_num = 0x94, per_code = 0x96, per_atmid = 0x97,
    per_address = 0x98, exc_access_id = 0xa0, per_access_id = 0xa1,
    op_access_id = 0xa2, ar_mode_id = 0xa3, teid = 0xa8, monitor_code = 0xb0,
    subchannel_id = 0xb8, subchannel_nr = 0xba, io_int_parm = 0xbc,
    io_int_word = 0xc0, stfl_fac_list = 0xc8, mcck_code = 0xe8,
    breaking_event_addr = 0x110,
    restart_old_psw = 0x120, external_old_psw = 0x130, svc_old_psw = 0x140,
    program_old_psw = 0x150, mcck_old_psw = 0x160, io_old_psw = 0x170,
    restart_new_psw = 0x1a0, external_new_psw = 0x1b0, svc_new_psw = 0x1c0,
    program_new_psw = 0x1d0, mcck_new_psw = 0x1e0, io_new_psw = 0x1f0,
    save_gprs = 0x200, return_psw = 0x280, pgm_depth = 0x290,
    stack_low = 0x298, stack_high = 0x2a0, panic_stack = 0x2a8,
    kernel_stack = 0x2b0, pgm_regs = 0x2b8,
    fpr_save = 0x1200, gpr_save = 0x1280, psw_save = 0x1300,
    prefix_save = 0x1318, fpc_save = 0x131c, tod_progreg_save = 0x1324,
    cpu_timer_save = 0x1328, clock_comp_save = 0x1330, ar_save = 0x1340,
    cr_save = 0x1380,
}
const_assert_eq!(core::mem::size_of::<Lowcore>(), 0x2000);

/// Offsets as `usize` constants for the entry assembly.
pub mod off {
    use super::Lowcore;
    use core::mem::offset_of;

    /// See [`Lowcore::save_gprs`].
    pub const SAVE_GPRS: usize = offset_of!(Lowcore, save_gprs);
    /// See [`Lowcore::return_psw`].
    pub const RETURN_PSW: usize = offset_of!(Lowcore, return_psw);
    /// See [`Lowcore::pgm_depth`].
    pub const PGM_DEPTH: usize = offset_of!(Lowcore, pgm_depth);
    /// See [`Lowcore::stack_low`].
    pub const STACK_LOW: usize = offset_of!(Lowcore, stack_low);
    /// See [`Lowcore::stack_high`].
    pub const STACK_HIGH: usize = offset_of!(Lowcore, stack_high);
    /// See [`Lowcore::panic_stack`].
    pub const PANIC_STACK: usize = offset_of!(Lowcore, panic_stack);
    /// See [`Lowcore::kernel_stack`].
    pub const KERNEL_STACK: usize = offset_of!(Lowcore, kernel_stack);
    /// See [`Lowcore::stfl_fac_list`].
    pub const STFL_FAC_LIST: usize = offset_of!(Lowcore, stfl_fac_list);
    /// See [`Lowcore::teid`].
    pub const TEID: usize = offset_of!(Lowcore, teid);
    /// See [`Lowcore::pgm_ilc`].
    pub const PGM_ILC: usize = offset_of!(Lowcore, pgm_ilc);
    /// See [`Lowcore::ext_params`].
    pub const EXT_PARAMS: usize = offset_of!(Lowcore, ext_params);
    /// See [`Lowcore::ext_cpu_addr`].
    pub const EXT_CPU_ADDR: usize = offset_of!(Lowcore, ext_cpu_addr);
    /// See [`Lowcore::svc_ilc`].
    pub const SVC_ILC: usize = offset_of!(Lowcore, svc_ilc);
    /// See [`Lowcore::subchannel_id`].
    pub const SUBCHANNEL_ID: usize = offset_of!(Lowcore, subchannel_id);
    /// See [`Lowcore::io_int_parm`].
    pub const IO_INT_PARM: usize = offset_of!(Lowcore, io_int_parm);
    /// See [`Lowcore::mcck_code`].
    pub const MCCK_CODE: usize = offset_of!(Lowcore, mcck_code);
    /// See [`Lowcore::restart_old_psw`].
    pub const RESTART_OLD_PSW: usize = offset_of!(Lowcore, restart_old_psw);
    /// See [`Lowcore::external_old_psw`].
    pub const EXTERNAL_OLD_PSW: usize = offset_of!(Lowcore, external_old_psw);
    /// See [`Lowcore::svc_old_psw`].
    pub const SVC_OLD_PSW: usize = offset_of!(Lowcore, svc_old_psw);
    /// See [`Lowcore::program_old_psw`].
    pub const PROGRAM_OLD_PSW: usize = offset_of!(Lowcore, program_old_psw);
    /// See [`Lowcore::mcck_old_psw`].
    pub const MCCK_OLD_PSW: usize = offset_of!(Lowcore, mcck_old_psw);
    /// See [`Lowcore::io_old_psw`].
    pub const IO_OLD_PSW: usize = offset_of!(Lowcore, io_old_psw);
    /// See [`Lowcore::restart_new_psw`]: the first of six new PSWs.
    pub const RESTART_NEW_PSW: usize = offset_of!(Lowcore, restart_new_psw);
}

/// The address of a lowcore field, typed by the field.
///
/// Prefixing maps real 0..0x1fff of every CPU to its own lowcore, and the
/// kernel address space maps virtual 0 to real 0, so a small address always
/// denotes "my lowcore". The lowcore is never accessed through a reference
/// to the whole struct (it starts at address 0, which a Rust reference may
/// not hold), only field by field with volatile accesses at non-zero
/// offsets.
#[doc(hidden)]
pub const fn field_ptr<T>(offset: usize, _ty: fn(&Lowcore) -> &T) -> *mut T {
    offset as *mut T
}

/// Reads a lowcore field of the current CPU: `lc_read!(pgm_code)`.
#[macro_export]
macro_rules! lc_read {
    ($f:ident) => {{
        let p =
            $crate::lowcore::field_ptr(core::mem::offset_of!($crate::lowcore::Lowcore, $f), |l| {
                &l.$f
            });
        // SAFETY: p addresses field $f of this CPU's lowcore, which is
        // always mapped, aligned for its type, and at a non-zero address.
        unsafe { p.read_volatile() }
    }};
}

/// Writes a lowcore field of the current CPU: `lc_write!(pgm_depth, 0)`.
/// Fields below 0x200 are low-address protected once CR0 bit 35 is set.
#[macro_export]
macro_rules! lc_write {
    ($f:ident, $v:expr) => {{
        let p =
            $crate::lowcore::field_ptr(core::mem::offset_of!($crate::lowcore::Lowcore, $f), |l| {
                &l.$f
            });
        let v = $v;
        // SAFETY: as for lc_read!; interruptions are disabled while the
        // kernel runs, so nothing else writes the software fields.
        unsafe { p.write_volatile(v) }
    }};
}
