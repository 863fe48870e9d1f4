//! The first instructions: `_start`, where QEMU's ELF loader enters with DAT
//! off, 64-bit addressing and every interruption class disabled.
//!
//! Nothing may run before each new PSW points at a handler: a program check
//! with a zero program new PSW would loop forever (s390x-notes.md). So the
//! very first thing `_start` does is copy the six new PSWs into the
//! lowcore; only then does it set up the boot stack, clear the BSS and
//! call the kernel's `kernel_entry`.

#[cfg(target_arch = "s390x")]
core::arch::global_asm!(
    r#"
    .section .head.text, "ax"
    .globl _start
    .type _start, @function
_start:
    larl    %r1, .Lnew_psws
    mvc     {restart_new}(6 * 16), 0(%r1)

    # Boot stack and the entry code's per-CPU stack bounds.
    larl    %r1, __boot_stack_low
    stg     %r1, {stack_low}
    larl    %r15, __boot_stack_high
    stg     %r15, {stack_high}
    larl    %r1, __panic_stack_high
    stg     %r1, {panic_stack}
    xc      {pgm_depth}(8), {pgm_depth}
    xc      {user_mm}(8), {user_mm}
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
"#,
    restart_new = const crate::lowcore::off::RESTART_NEW_PSW,
    stack_low = const crate::lowcore::off::STACK_LOW,
    stack_high = const crate::lowcore::off::STACK_HIGH,
    panic_stack = const crate::lowcore::off::PANIC_STACK,
    pgm_depth = const crate::lowcore::off::PGM_DEPTH,
    user_mm = const crate::lowcore::off::USER_MM,
    mask = const crate::psw::Psw::KERNEL_MASK,
);
