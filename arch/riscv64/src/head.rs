//! `_start`: from OpenSBI's hand-off to Rust.
//!
//! OpenSBI enters the lowest load address in S-mode with translation off,
//! a0 = hart id and a1 = the device tree's physical address. The image is
//! linked at [`DIRECT_MAP`] + its physical address, so `_start` may use
//! only PC-relative addressing until it has turned Sv39 on with the boot
//! table:
//!
//! - one 1 GiB identity entry for the gigabyte `_start` runs in, so that
//!   the instruction after the `satp` write still translates;
//! - entries 256..511 mapping physical 0..256 GiB at [`DIRECT_MAP`] with
//!   1 GiB leaves, which covers the image at its link address and every
//!   byte of RAM, so the heap and the frame allocator can use the direct
//!   map before the kernel's own tables exist (`kspace.rs` replaces this
//!   table with W^X 4 KiB mappings and drops the identity entry).
//!
//! It then jumps to the linked address, takes the boot stack, clears the
//! BSS, points `stvec` at the trap entry with `sscratch` = 0 (a kernel-mode
//! trap) and calls `kernel_entry`.

use crate::layout::DIRECT_MAP;

/// Sv39 leaf flags of the boot table: valid, readable, writable,
/// executable, accessed, dirty (set, so the hardware never has to), and
/// global for the kernel half.
const BOOT_LEAF: u64 = 0xcf;
const BOOT_LEAF_GLOBAL: u64 = BOOT_LEAF | 0x20;

#[cfg(target_arch = "riscv64")]
core::arch::global_asm!(
    r#"
    .section .head.text, "ax"
    .globl _start
    .type _start, @function
_start:
    # No trap can be handled yet: keep interrupts off.
    csrw    sie, zero
    csrci   sstatus, 2

    lla     t0, boot_hart_id
    sd      a0, 0(t0)
    lla     t0, boot_dtb_phys
    sd      a1, 0(t0)

    # The identity entry for the gigabyte this code runs in.
    lla     t0, boot_root
    lla     t1, _start
    srli    t1, t1, 30                  # gigabyte number
    andi    t2, t1, 511
    slli    t2, t2, 3
    add     t2, t0, t2
    slli    t3, t1, 28                  # PPN (gigabyte << 18) << 10
    ori     t3, t3, {leaf}
    sd      t3, 0(t2)

    # Entries 256..511: physical gigabyte i at DIRECT_MAP + i GiB.
    li      t5, 256 * 8
    add     t5, t0, t5                  # &boot_root[256]
    li      t1, 0
    li      t4, 256
1:  slli    t3, t1, 28
    ori     t3, t3, {leaf_global}
    slli    t2, t1, 3
    add     t2, t2, t5
    sd      t3, 0(t2)
    addi    t1, t1, 1
    blt     t1, t4, 1b

    # satp = Sv39 | root PPN. Translation starts with the next fetch.
    srli    t1, t0, 12
    li      t2, {sv39}
    or      t1, t1, t2
    sfence.vma
    csrw    satp, t1
    sfence.vma

    # Continue at the linked (upper-half) address.
    ld      t0, .Lhigh
    jr      t0
.Lhigh_entry:
    lla     sp, __boot_stack_high

    lla     t0, __bss_start
    lla     t1, __bss_end
2:  bgeu    t0, t1, 3f
    sd      zero, 0(t0)
    addi    t0, t0, 8
    j       2b
3:
    csrw    sscratch, zero
    lla     t0, trap_entry
    csrw    stvec, t0
    li      ra, 0
    li      s0, 0
    call    kernel_entry
    # kernel_entry never returns; if it did, fail loudly.
    tail    boot_returned
    .size _start, . - _start

    .balign 8
.Lhigh:
    .dword  .Lhigh_entry

    .section .data.boot_root, "aw"
    .balign 4096
    .globl boot_root
boot_root:
    .zero   4096

    .section .data
    .balign 8
    .globl boot_hart_id
boot_hart_id:
    .dword  0
    .globl boot_dtb_phys
boot_dtb_phys:
    .dword  0
"#,
    leaf = const BOOT_LEAF,
    leaf_global = const BOOT_LEAF_GLOBAL,
    sv39 = const crate::csr::satp::MODE_SV39,
);

const _: () = assert!(DIRECT_MAP >> 30 & 511 == 256);

extern "C" {
    static boot_hart_id: u64;
    static boot_dtb_phys: u64;
}

/// The hart OpenSBI started the kernel on.
pub fn hart_id() -> u64 {
    // SAFETY: written once by _start before any Rust code ran.
    unsafe { core::ptr::addr_of!(boot_hart_id).read() }
}

/// The physical address of the firmware's device tree.
pub fn dtb_phys() -> u64 {
    // SAFETY: written once by _start before any Rust code ran.
    unsafe { core::ptr::addr_of!(boot_dtb_phys).read() }
}

/// `_start` jumps here if `kernel_entry` ever returns.
#[no_mangle]
extern "C" fn boot_returned() -> ! {
    crate::machine::exit(false)
}
