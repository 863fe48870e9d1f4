//! Supervisor control and status registers, behind small safe wrappers.
//!
//! Each wrapper is one `csrr`/`csrw`/`csrs`/`csrc`: reading a CSR has no
//! effect on memory, and the writes here are only those whose effect the
//! caller's function documents (the unsafe ones say what they require).

/// `sstatus` bits (privileged spec, "Supervisor Status Register").
pub mod sstatus {
    /// Supervisor interrupt enable.
    pub const SIE: u64 = 1 << 1;
    /// The interrupt enable before the trap (restored by `sret`).
    pub const SPIE: u64 = 1 << 5;
    /// The privilege the trap came from: set for S-mode, clear for U-mode.
    pub const SPP: u64 = 1 << 8;
    /// Floating-point unit state, two bits: Off, Initial, Clean, Dirty.
    pub const FS: u64 = 3 << 13;
    /// `FS` = Initial.
    pub const FS_INITIAL: u64 = 1 << 13;
    /// `FS` = Clean.
    pub const FS_CLEAN: u64 = 2 << 13;
    /// Permit supervisor user-memory access: S-mode loads and stores may
    /// reach U pages (never fetches).
    pub const SUM: u64 = 1 << 18;
    /// Make executable readable: loads may read pages with X but not R.
    pub const MXR: u64 = 1 << 19;
}

/// `sie` and `sip` bits (privileged spec, "Supervisor Interrupt
/// Registers"): one per interrupt, at its cause number.
pub mod sie {
    /// Supervisor timer interrupt (cause 5).
    pub const STIE: u64 = 1 << 5;
}

/// The `stimecmp` CSR of the Sstc extension (privileged spec, "Sstc"):
/// the supervisor timer interrupt is pending while `time` >= `stimecmp`.
/// Named by number: the assembler of this toolchain may not know it.
pub const STIMECMP: u16 = 0x14d;

/// `satp` fields.
pub mod satp {
    /// `MODE` = Sv39, in bits 63-60.
    pub const MODE_SV39: u64 = 8 << 60;
    /// The root table's physical page number, bits 43-0.
    pub const PPN_MASK: u64 = (1 << 44) - 1;
}

#[cfg(target_arch = "riscv64")]
pub use hw::*;

/// The instructions (riscv64 only).
#[cfg(target_arch = "riscv64")]
mod hw {
    use core::arch::asm;

    macro_rules! read_csr {
        ($(#[$doc:meta])* $name:ident, $csr:literal) => {
            $(#[$doc])*
            #[inline(always)]
            pub fn $name() -> u64 {
                let v: u64;
                // SAFETY: reading this CSR has no side effect.
                unsafe { asm!(concat!("csrr {0}, ", $csr), out(reg) v, options(nomem, nostack)) };
                v
            }
        };
    }

    read_csr!(
        /// `sstatus`.
        read_sstatus, "sstatus");
    read_csr!(
        /// `satp`: the current translation root and mode.
        read_satp, "satp");
    read_csr!(
        /// `scause` of the last trap.
        read_scause, "scause");
    read_csr!(
        /// `stval` of the last trap.
        read_stval, "stval");
    read_csr!(
        /// `sepc` of the last trap.
        read_sepc, "sepc");
    read_csr!(
        /// `stvec`: the trap entry, and the mode in bits 1-0.
        read_stvec, "stvec");
    read_csr!(
        /// `sscratch`: the kernel stack top while in user mode, 0 in the kernel.
        read_sscratch, "sscratch");

    read_csr!(
        /// `sie`: the interrupts enabled.
        read_sie, "sie");
    read_csr!(
        /// `sip`: the interrupts pending.
        read_sip, "sip");
    read_csr!(
        /// `stimecmp` (Sstc; an illegal instruction where M-mode has not
        /// enabled it).
        read_stimecmp, "0x14d");

    /// Writes `stimecmp` (Sstc): the supervisor timer interrupt is
    /// pending while `time` >= `v`; a write withdraws a pending one whose
    /// condition no longer holds.
    #[inline(always)]
    pub fn write_stimecmp(v: u64) {
        // SAFETY: the timer interrupt is taken only in U-mode (the kernel
        // runs with sstatus.SIE clear), where the trap code handles it.
        unsafe { asm!("csrw 0x14d, {0}", in(reg) v, options(nomem, nostack)) };
    }

    /// Sets `bits` in `sie`.
    ///
    /// # Safety
    /// Each interrupt enabled must be handled by the trap code where it
    /// can be taken: in U-mode always, in S-mode while `sstatus.SIE` is set.
    #[inline(always)]
    pub unsafe fn set_sie(bits: u64) {
        // SAFETY: per the caller.
        unsafe { asm!("csrs sie, {0}", in(reg) bits, options(nostack)) };
    }

    /// The `time` CSR: ticks of the platform timer since reset, at the
    /// device tree's `timebase-frequency`.
    #[inline(always)]
    pub fn read_time() -> u64 {
        let v: u64;
        // SAFETY: reading the time counter has no side effect.
        unsafe { asm!("rdtime {0}", out(reg) v, options(nomem, nostack)) };
        v
    }

    /// Sets `bits` in `sstatus`.
    ///
    /// # Safety
    /// The caller must be ready for what the bits enable: `SUM` lets a kernel
    /// access reach user memory (only the user-access helpers may), `FS`
    /// makes the floating-point registers usable, `SIE` lets interrupts in.
    #[inline(always)]
    pub unsafe fn set_sstatus(bits: u64) {
        // SAFETY: per the caller.
        unsafe { asm!("csrs sstatus, {0}", in(reg) bits, options(nostack)) };
    }

    /// Clears `bits` in `sstatus`.
    ///
    /// # Safety
    /// As for [`set_sstatus`]: the caller knows what turning the bits off
    /// means for code that runs next.
    #[inline(always)]
    pub unsafe fn clear_sstatus(bits: u64) {
        // SAFETY: per the caller.
        unsafe { asm!("csrc sstatus, {0}", in(reg) bits, options(nostack)) };
    }

    /// Writes `sscratch`.
    ///
    /// # Safety
    /// The trap entry reads `sscratch` to tell user from kernel traps and to
    /// find the kernel stack: it must be 0 while the hart runs in S-mode and
    /// a usable kernel stack top while it runs in U-mode.
    #[inline(always)]
    pub unsafe fn write_sscratch(v: u64) {
        // SAFETY: per the caller.
        unsafe { asm!("csrw sscratch, {0}", in(reg) v, options(nostack)) };
    }

    /// Writes `stvec` (direct mode: every trap enters at `base`).
    ///
    /// # Safety
    /// `base` must be a 4-byte-aligned trap entry that is mapped executable.
    #[inline(always)]
    pub unsafe fn write_stvec(base: u64) {
        // SAFETY: per the caller.
        unsafe { asm!("csrw stvec, {0}", in(reg) base, options(nostack)) };
    }

    /// Writes `satp` and fences, so that every later access translates
    /// through the new root.
    ///
    /// # Safety
    /// The new tables must map the code running now, its stack and every
    /// address the kernel uses next, at the same addresses.
    #[inline(always)]
    pub unsafe fn write_satp(v: u64) {
        // SAFETY: per the caller. The fence after the write discards
        // translations cached from the previous root (the privileged spec
        // does not order a satp write with later implicit accesses without
        // it); no ASIDs are in use, so the global fence is the only kind.
        unsafe { asm!("csrw satp, {0}", "sfence.vma", in(reg) v, options(nostack)) };
    }
}
