//! Trap entry and exit.
//!
//! Every trap enters at `trap_entry` (`stvec`, direct mode). `sscratch`
//! tells where it came from, as on Linux: the kernel stack top while the
//! hart runs in U-mode, 0 in S-mode.
//!
//! 1. Swap `sp` with `sscratch`. Non-zero: from user mode, `sp` is now
//!    the kernel stack. Zero: from the kernel; take the interrupted `sp`
//!    back and check that a frame fits above the boot stack's guard page.
//!    If not (a stack overflow, or a wild `sp`), continue on the emergency
//!    stack and record it in [`BAD_STACK`] for Rust to report.
//! 2. Save all 31 registers, `sepc`, `sstatus`, `stval`, `scause` and
//!    `a0` again as `orig_a0` in a [`PtRegs`] on that stack, set
//!    `sscratch` to 0, and turn off `SUM` and `FS` for the kernel (no
//!    kernel access reaches user memory by accident, and the kernel never
//!    touches the floating-point registers: they stay the user's).
//! 3. Call `riscv64_trap` with the frame (`crate::traps::trap`).
//! 4. Restore from the frame, which the handler may have changed (another
//!    task's registers after a switch); returning to U-mode, set
//!    `sscratch` to the kernel stack top first. `sret`.

use core::sync::atomic::{AtomicU64, Ordering};

use crate::csr::sstatus;
use crate::regs::{off, PtRegs, A0, PC, SP};

/// Bytes the entry pushes: one [`PtRegs`] (16-byte aligned, the psABI's
/// stack alignment).
pub const FRAME: usize = core::mem::size_of::<PtRegs>();

/// Set by the entry (to the frame's address) when it found no room on
/// the kernel stack and used the emergency stack.
#[no_mangle]
pub static BAD_STACK: AtomicU64 = AtomicU64::new(0);

/// Whether the entry of the trap in progress had to take the emergency
/// stack; clears the mark.
pub fn take_bad_stack() -> bool {
    BAD_STACK.swap(0, Ordering::Relaxed) != 0
}

#[cfg(target_arch = "riscv64")]
core::arch::global_asm!(
    r#"
    .macro SAVE_GPRS
    sd      x1, {x1}(sp)
    sd      x3, {x3}(sp)
    sd      x4, {x4}(sp)
    sd      x6, {x6}(sp)
    sd      x7, {x7}(sp)
    sd      x8, {x8}(sp)
    sd      x9, {x9}(sp)
    sd      x10, {x10}(sp)
    sd      x11, {x11}(sp)
    sd      x12, {x12}(sp)
    sd      x13, {x13}(sp)
    sd      x14, {x14}(sp)
    sd      x15, {x15}(sp)
    sd      x16, {x16}(sp)
    sd      x17, {x17}(sp)
    sd      x18, {x18}(sp)
    sd      x19, {x19}(sp)
    sd      x20, {x20}(sp)
    sd      x21, {x21}(sp)
    sd      x22, {x22}(sp)
    sd      x23, {x23}(sp)
    sd      x24, {x24}(sp)
    sd      x25, {x25}(sp)
    sd      x26, {x26}(sp)
    sd      x27, {x27}(sp)
    sd      x28, {x28}(sp)
    sd      x29, {x29}(sp)
    sd      x30, {x30}(sp)
    sd      x31, {x31}(sp)
    .endm

    .macro LOAD_GPRS
    ld      x1, {x1}(sp)
    ld      x3, {x3}(sp)
    ld      x4, {x4}(sp)
    ld      x5, {x5}(sp)
    ld      x6, {x6}(sp)
    ld      x7, {x7}(sp)
    ld      x8, {x8}(sp)
    ld      x9, {x9}(sp)
    ld      x10, {x10}(sp)
    ld      x11, {x11}(sp)
    ld      x12, {x12}(sp)
    ld      x13, {x13}(sp)
    ld      x14, {x14}(sp)
    ld      x15, {x15}(sp)
    ld      x16, {x16}(sp)
    ld      x17, {x17}(sp)
    ld      x18, {x18}(sp)
    ld      x19, {x19}(sp)
    ld      x20, {x20}(sp)
    ld      x21, {x21}(sp)
    ld      x22, {x22}(sp)
    ld      x23, {x23}(sp)
    ld      x24, {x24}(sp)
    ld      x25, {x25}(sp)
    ld      x26, {x26}(sp)
    ld      x27, {x27}(sp)
    ld      x28, {x28}(sp)
    ld      x29, {x29}(sp)
    ld      x30, {x30}(sp)
    ld      x31, {x31}(sp)
    .endm

    .section .text.entry, "ax"
    .globl trap_entry
    .type trap_entry, @function
    .balign 4
trap_entry:
    csrrw   sp, sscratch, sp
    bnez    sp, .Lfrom_user

    # From the kernel: sscratch holds the interrupted sp. Keep t0 in
    # sscratch while it checks that a frame fits on the boot stack.
    csrr    sp, sscratch
    csrw    sscratch, t0
    lla     t0, __boot_stack_low + {frame}
    bltu    sp, t0, .Lbad_stack
    lla     t0, __boot_stack_high
    bgtu    sp, t0, .Lbad_stack
    addi    sp, sp, -{frame}
    csrr    t0, sscratch
    sd      t0, {x5}(sp)
    addi    t0, sp, {frame}
    sd      t0, {x2}(sp)
    j       .Lsave

.Lbad_stack:
    mv      t0, sp
    lla     sp, __panic_stack_high - {frame}
    sd      t0, {x2}(sp)
    csrr    t0, sscratch
    sd      t0, {x5}(sp)
    lla     t0, BAD_STACK
    sd      sp, 0(t0)
    j       .Lsave

.Lfrom_user:
    # sp is the kernel stack top, sscratch the user sp.
    addi    sp, sp, -{frame}
    sd      t0, {x5}(sp)
    csrr    t0, sscratch
    sd      t0, {x2}(sp)

.Lsave:
    csrw    sscratch, zero
    SAVE_GPRS
    csrr    t0, sepc
    sd      t0, {pc}(sp)
    csrr    t0, sstatus
    sd      t0, {sstatus}(sp)
    csrr    t0, stval
    sd      t0, {stval}(sp)
    csrr    t0, scause
    sd      t0, {scause}(sp)
    sd      a0, {orig_a0}(sp)
    li      t0, {kernel_off}
    csrc    sstatus, t0
    mv      a0, sp
    call    riscv64_trap

    .globl trap_return
trap_return:
    # sp points at the frame to return with.
    ld      t0, {sstatus}(sp)
    li      t1, {spp}
    and     t1, t0, t1
    bnez    t1, 1f
    addi    t1, sp, {frame}
    csrw    sscratch, t1
1:  csrw    sstatus, t0
    ld      t0, {pc}(sp)
    csrw    sepc, t0
    LOAD_GPRS
    ld      sp, {x2}(sp)
    sret
    .size trap_entry, . - trap_entry
"#,
    frame = const FRAME,
    pc = const off::reg(PC),
    x1 = const off::reg(1), x2 = const off::reg(SP), x3 = const off::reg(3),
    x4 = const off::reg(4), x5 = const off::reg(5), x6 = const off::reg(6),
    x7 = const off::reg(7), x8 = const off::reg(8), x9 = const off::reg(9),
    x10 = const off::reg(A0), x11 = const off::reg(11), x12 = const off::reg(12),
    x13 = const off::reg(13), x14 = const off::reg(14), x15 = const off::reg(15),
    x16 = const off::reg(16), x17 = const off::reg(17), x18 = const off::reg(18),
    x19 = const off::reg(19), x20 = const off::reg(20), x21 = const off::reg(21),
    x22 = const off::reg(22), x23 = const off::reg(23), x24 = const off::reg(24),
    x25 = const off::reg(25), x26 = const off::reg(26), x27 = const off::reg(27),
    x28 = const off::reg(28), x29 = const off::reg(29), x30 = const off::reg(30),
    x31 = const off::reg(31),
    sstatus = const off::SSTATUS,
    stval = const off::STVAL,
    scause = const off::SCAUSE,
    orig_a0 = const off::ORIG_A0,
    kernel_off = const sstatus::SUM | sstatus::FS,
    spp = const sstatus::SPP,
);

#[cfg(target_arch = "riscv64")]
extern "C" {
    /// The trap entry (`stvec`).
    pub fn trap_entry();
}

#[cfg(target_arch = "riscv64")]
#[no_mangle]
extern "C" fn riscv64_trap(regs: &mut PtRegs) {
    crate::traps::trap(regs);
}

impl PtRegs {
    /// Whether the trap came from U-mode.
    #[inline(always)]
    pub fn user_mode(&self) -> bool {
        self.sstatus & sstatus::SPP == 0
    }
}
