//! Single privileged instructions behind small wrappers. Each `unsafe fn`
//! states what the caller must guarantee; safe ones cannot break memory
//! safety whatever their arguments.

use core::arch::asm;

use crate::psw::Psw;

/// Loads `psw` as the current PSW (`LPSWE`). Never returns here.
///
/// # Safety
/// `psw` must describe a state the kernel can run in (or a wait state),
/// and its address must hold valid code for that state.
pub unsafe fn lpswe(psw: &Psw) -> ! {
    // SAFETY: the caller guarantees the target state is valid.
    unsafe { asm!("lpswe 0({0})", in(reg_addr) psw, options(noreturn, nostack)) }
}

/// Loads control register `N` (`LCTLG`).
///
/// # Safety
/// The new value must keep the kernel's invariants: CR1/CR7/CR13 must hold
/// ASCEs of valid tables, CR0 must not enable a facility nobody handles.
pub unsafe fn load_cr<const N: u8>(value: u64) {
    // SAFETY: the caller vouches for the value.
    unsafe { asm!("lctlg {n},{n},0({v})", n = const N, v = in(reg_addr) &value, options(nostack)) }
}

/// Stores control register `N` (`STCTG`).
pub fn store_cr<const N: u8>() -> u64 {
    let mut v = 0u64;
    // SAFETY: STCTG only writes the 8 bytes at &mut v.
    unsafe { asm!("stctg {n},{n},0({v})", n = const N, v = in(reg_addr) &mut v, options(nostack)) };
    v
}

/// Stores the facility list (`STFLE`) into `out`; returns how many
/// doublewords the machine has.
pub fn stfle(out: &mut [u64; 4]) -> usize {
    let mut r0: u64 = out.len() as u64 - 1;
    // SAFETY: STFLE writes at most r0+1 = out.len() doublewords at out.
    unsafe {
        asm!(".insn s,0xb2b00000,0({p})", p = in(reg_addr) out.as_mut_ptr(),
             inout("r0") r0, options(nostack))
    };
    (r0 & 0xff) as usize + 1
}

/// Stores the CPU ID (`STIDP`): version, identification, machine type.
pub fn stidp() -> u64 {
    let mut id = 0u64;
    // SAFETY: STIDP writes the 8 bytes at &mut id.
    unsafe { asm!("stidp 0({p})", p = in(reg_addr) &mut id, options(nostack)) };
    id
}

/// Issues an SCLP command (`SERVC`). Returns the condition code.
///
/// # Safety
/// `sccb` must be the real address of an SCCB below 2 GiB, 8-byte aligned,
/// not crossing a 4 KiB boundary, with a header valid for `cmd`; it must
/// stay untouched until the command completes.
pub unsafe fn servc(cmd: u32, sccb: u64) -> u8 {
    let cc: u32;
    // SAFETY: per the caller's guarantee on the SCCB.
    unsafe {
        asm!(".insn rre,0xb2200000,{c},{s}", "ipm {cc}", "srl {cc},28",
             c = in(reg) cmd as u64, s = in(reg) sccb, cc = out(reg) cc,
             options(nostack))
    };
    cc as u8
}

/// Turns on PSW bits with `STOSM`, returning the old system mask byte.
///
/// # Safety
/// The bits must not enable an interruption class without a handler, or
/// DAT without valid tables.
pub unsafe fn stosm<const BITS: u8>() -> u8 {
    let mut old = 0u8;
    // SAFETY: per the caller's guarantee.
    unsafe {
        asm!("stosm 0({p}),{b}", p = in(reg_addr) &mut old, b = const BITS, options(nostack))
    };
    old
}

/// Turns off PSW bits with `STNSM`, returning the old system mask byte.
///
/// # Safety
/// Turning DAT off requires the code and stack to be identity mapped.
pub unsafe fn stnsm<const BITS: u8>() -> u8 {
    let mut old = 0u8;
    // SAFETY: per the caller's guarantee.
    unsafe {
        asm!("stnsm 0({p}),{b}", p = in(reg_addr) &mut old, b = const BITS, options(nostack))
    };
    old
}

/// Purges this CPU's TLB (`PTLB`).
pub fn ptlb() {
    // SAFETY: dropping cached translations cannot break memory safety.
    unsafe { asm!(".insn s,0xb20d0000,0", options(nostack)) }
}

/// Reads the TOD clock (`STCKF`): 4096 units per microsecond.
pub fn tod() -> u64 {
    let mut t = 0u64;
    // SAFETY: STCKF writes the 8 bytes at &mut t.
    unsafe { asm!("stckf 0({p})", p = in(reg_addr) &mut t, options(nostack)) };
    t
}

/// Sets the clock comparator (`SCKC`): an external interruption becomes
/// pending once the TOD clock exceeds `value` (taken where the CR0
/// subclass and the PSW's external mask allow it).
pub fn set_clock_comparator(value: u64) {
    // SAFETY: SCKC reads the 8 bytes at &value; a clock-comparator
    // interruption is taken only where the kernel enabled it.
    unsafe { asm!("sckc 0({p})", p = in(reg_addr) &value, options(nostack)) };
}

/// Reads the clock comparator (`STCKC`).
pub fn clock_comparator() -> u64 {
    let mut v = 0u64;
    // SAFETY: STCKC writes the 8 bytes at &mut v.
    unsafe { asm!("stckc 0({p})", p = in(reg_addr) &mut v, options(nostack)) };
    v
}

/// Replaces the PSW mask and continues at the next instruction, by loading
/// a PSW whose address is the label after `LPSWE`.
///
/// # Safety
/// The new mask must describe a state in which the following code runs:
/// with DAT on, the code and stack must be mapped at their current
/// addresses in the address space the mask selects.
pub unsafe fn set_psw_mask(mask: u64) {
    let mut psw = Psw::new(mask, 0);
    // SAFETY: per the caller's guarantee; LPSWE reads the 16 bytes at psw.
    unsafe {
        asm!(
            "larl {t}, 2f",
            "stg {t}, 8({p})",
            "lpswe 0({p})",
            "2:",
            p = in(reg_addr) &mut psw,
            t = out(reg) _,
            options(nostack)
        )
    }
}

/// Invalidates the PTE at index `px(va)` of the page table at `pto` and
/// purges the TLB entries formed from it (`IPTE`). With `local`, only this
/// CPU's TLB is cleared (local-TLB-clearing facility, M4 = 1).
///
/// QEMU 7.2 leaves the issuing CPU's TLB entry usable until the end of the
/// translation block for a plain IPTE; the local form (or a PTLB after it)
/// takes effect at once (docs/s390x.md "QEMU 7.2 IPTE quirk"). `dat` tests this.
///
/// # Safety
/// `pto` must be the origin of a live page table of an address space this
/// CPU may use; the entry for `va` becomes invalid.
pub unsafe fn ipte(pto: u64, va: u64, local: bool) {
    // SAFETY: per the caller's guarantee.
    unsafe {
        if local {
            asm!(".insn rrf,0xb2210000,{pto},{va},0,1", pto = in(reg_addr) pto, va = in(reg) va, options(nostack))
        } else {
            asm!(".insn rrf,0xb2210000,{pto},{va},0,0", pto = in(reg_addr) pto, va = in(reg) va, options(nostack))
        }
    }
}
