//! The first instructions: `_start`, where QEMU's ELF loader enters with DAT
//! off, 64-bit addressing and every interruption class disabled.
//!
//! Nothing may run before each new PSW points at a handler: a program check
//! with a zero program new PSW would loop forever (docs/s390x.md "Exit status"). So the
//! very first thing `_start` does is copy the six new PSWs into the
//! lowcore; only then does it set up the boot stack, clear the BSS and
//! call the kernel's `kernel_entry`.
//!
//! In between it checks the architecture level: the kernel is compiled for
//! the z196 (`-C target-cpu=z196` in `.cargo/config.toml`), whose
//! instructions (facility 45: interlocked-access, load/store-on-condition,
//! distinct-operands) any Rust code may contain. On an older CPU nothing
//! compiled can run safely, not even the console, so `_start` stops in a
//! disabled wait whose PSW address is [`OLD_CPU_WAIT`] (QEMU exits non-zero
//! under `-action panic=exit-failure`). The check uses only instructions
//! every z/Architecture CPU has, and `STFLE` only once `STFL` says it
//! exists (facility 7).

#[cfg(target_arch = "s390x")]
core::arch::global_asm!(
    r#"
    .section .head.text, "ax"
    .globl _start
    .type _start, @function
_start:
    larl    %r1, .Lnew_psws
    mvc     {restart_new}(6 * 16), 0(%r1)

    # Architecture level: STFLE (facility 7) and then the z196 bit.
    .insn   s, 0xb2b10000, 0            # STFL: bits 0-31 to lowcore 0xc8
    tm      {stfl_list}, 0x80 >> 7      # facility 7: STFLE installed
    jz      .Lold_cpu
    lghi    %r0, 0                      # STFLE: one doubleword
    .insn   s, 0xb2b00000, {scratch}
    tm      {scratch} + {level_byte}, {level_mask}
    jz      .Lold_cpu

    # Boot stack and the entry code's per-CPU stack bounds.
    larl    %r1, __boot_stack_low
    stg     %r1, {stack_low}
    larl    %r15, __boot_stack_high
    stg     %r15, {stack_high}
    larl    %r1, __panic_stack_high
    stg     %r1, {panic_stack}
    xc      {pgm_depth}(8), {pgm_depth}
    aghi    %r15, -160
    xc      0(8, %r15), 0(%r15)

    # Clear the BSS: MVCLE with a zero-length source pads with byte 0.
    larl    %r2, __bss_start
    larl    %r3, __bss_end
    sgr     %r3, %r2
    lghi    %r4, 0
    lghi    %r5, 0
1:  mvcle   %r2, %r4, 0
    jo      1b

    brasl   %r14, kernel_entry
    # kernel_entry never returns; if it did, stop with a failure exit.
    larl    %r1, HARD_STOP_PSW
    lpswe   0(%r1)
.Lold_cpu:
    larl    %r1, .Lold_cpu_psw
    lpswe   0(%r1)
    .size _start, . - _start

    .section .rodata
    .balign 8
.Lnew_psws:
    .quad {mask}, restart_entry
    .quad {mask}, external_entry
    .quad {mask}, svc_entry
    .quad {mask}, program_entry
    .quad {mask}, mcck_entry
    .quad {mask}, io_entry
.Lold_cpu_psw:
    .quad {wait_mask}, {old_cpu_wait}
"#,
    restart_new = const crate::lowcore::off::RESTART_NEW_PSW,
    stack_low = const crate::lowcore::off::STACK_LOW,
    stack_high = const crate::lowcore::off::STACK_HIGH,
    panic_stack = const crate::lowcore::off::PANIC_STACK,
    pgm_depth = const crate::lowcore::off::PGM_DEPTH,
    mask = const crate::psw::Psw::KERNEL_MASK,
    wait_mask = const crate::psw::Psw::DISABLED_WAIT_MASK,
    old_cpu_wait = const OLD_CPU_WAIT,
    stfl_list = const crate::lowcore::off::STFL_FAC_LIST,
    // The save area is unused until the first interruption.
    scratch = const crate::lowcore::off::SAVE_GPRS,
    level_byte = const crate::facilities::ARCH_LEVEL as usize / 8,
    level_mask = const 0x80 >> (crate::facilities::ARCH_LEVEL % 8),
);

/// The disabled-wait PSW address `_start` stops at on a CPU older than the
/// z196 the kernel is compiled for.
pub const OLD_CPU_WAIT: u64 = 0x196;
