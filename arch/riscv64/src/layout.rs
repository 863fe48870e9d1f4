//! The fixed points of the riscv64 address spaces and physical memory.
//!
//! ```text
//! virtual
//! 0 .. USER_END                    user space (root entries 0..255)
//! DIRECT_MAP .. + RAM end          all of RAM (and the two device pages),
//!                                  virtual = physical + DIRECT_MAP; the
//!                                  kernel image is part of it
//! physical (QEMU virt)
//! 0x0010_0000                      SiFive test device (exit)
//! 0x1000_0000                      16550 UART
//! 0x8000_0000 .. 0x8020_0000       OpenSBI (reserved by the firmware)
//! 0x8020_0000 ..                   the kernel image
//! ```

/// Where the kernel's linear map of physical memory starts: the first
/// address of Sv39's upper half, which the kernel keeps for itself.
pub const DIRECT_MAP: u64 = 0xffff_ffc0_0000_0000;

/// The first address beyond user space: the lower half of Sv39's 39-bit
/// space (Linux's `TASK_SIZE` with Sv39).
pub const USER_END: u64 = 0x40_0000_0000;

/// Where OpenSBI loads the kernel, and its offset from the start of RAM:
/// the firmware keeps the 2 MiB below it.
pub const KERNEL_PHYS_BASE: u64 = 0x8020_0000;

/// The bytes at the start of RAM the firmware keeps.
pub const FIRMWARE_RESERVED: u64 = 0x20_0000;

/// The kernel's address of physical address `pa`.
#[inline(always)]
pub const fn phys_to_virt(pa: u64) -> u64 {
    pa + DIRECT_MAP
}

/// The physical address of a direct-map (or kernel-image) address.
#[inline(always)]
pub const fn virt_to_phys(va: u64) -> u64 {
    va - DIRECT_MAP
}

/// Whether `va` is a kernel address (the upper half).
#[inline(always)]
pub const fn is_kernel(va: u64) -> bool {
    va >= DIRECT_MAP
}
