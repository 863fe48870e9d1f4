//! Boot invariants: what OpenSBI handed over, and the state the kernel
//! runs in (docs/riscv64.md "Booting", "Supervisor state").

use core::sync::atomic::Ordering;

use kcore::{kassert, kassert_eq, ktest};

use crate::csr::{self, satp, sstatus};
use crate::layout::KERNEL_PHYS_BASE;

extern "C" {
    static __boot_stack_low: u8;
    static __boot_stack_high: u8;
}

/// QEMU virt's RAM base, test device, UART and Goldfish RTC.
const VIRT_RAM: u64 = 0x8000_0000;
const VIRT_TEST: u64 = 0x10_0000;
const VIRT_UART: u64 = 0x1000_0000;
const VIRT_RTC: u64 = 0x10_1000;

ktest! {
    suite = "riscv64_boot";

    /// `stvec` is the trap entry in direct mode (low bits 0).
    fn stvec_is_the_trap_entry() {
        kassert_eq!(csr::read_stvec(), crate::entry::trap_entry as *const () as u64);
        Ok(())
    }

    /// In the kernel, `sscratch` is 0: the trap entry's sign of a trap
    /// from S-mode.
    fn sscratch_is_zero_in_the_kernel() {
        kassert_eq!(csr::read_sscratch(), 0);
        Ok(())
    }

    /// The kernel runs with SUM, MXR and FS off and interrupts disabled.
    fn kernel_sstatus() {
        let s = csr::read_sstatus();
        kassert_eq!(s & sstatus::SUM, 0);
        kassert_eq!(s & sstatus::MXR, 0);
        kassert_eq!(s & sstatus::FS, 0);
        kassert_eq!(s & sstatus::SIE, 0);
        Ok(())
    }

    /// `satp` is Sv39 on the kernel root (no user tree between tests).
    fn satp_is_sv39_on_the_kernel_root() {
        let s = csr::read_satp();
        kassert_eq!(s & !satp::PPN_MASK, satp::MODE_SV39);
        kassert_eq!(Some(crate::kspace::current_root()), crate::kspace::kernel_root());
        Ok(())
    }

    /// The tests run on the boot stack, outside any trap.
    fn running_on_the_boot_stack() {
        let marker = 0u64;
        let sp = core::ptr::addr_of!(marker) as u64;
        let (low, high) =
            (core::ptr::addr_of!(__boot_stack_low) as u64, core::ptr::addr_of!(__boot_stack_high) as u64);
        kassert!(low < sp && sp < high, "sp {:#x} outside {:#x}..{:#x}", sp, low, high);
        kassert_eq!(crate::traps::DEPTH.load(Ordering::Relaxed), 0);
        Ok(())
    }

    /// OpenSBI's hand-off: hart 0 (one hart), a device tree in RAM, RAM
    /// from 0x8000_0000, the kernel at 0x8020_0000; the device tree names
    /// virt's test device, UART and RTC, and a command line (the harness
    /// always passes one).
    fn firmware_hand_off() {
        kassert_eq!(crate::head::hart_id(), 0);
        let ram = crate::boot::memory();
        kassert_eq!(ram.start, VIRT_RAM);
        kassert!(ram.contains(&crate::head::dtb_phys()), "dtb at {:#x}", crate::head::dtb_phys());
        kassert_eq!(crate::boot::kernel_image().start, KERNEL_PHYS_BASE);
        kassert_eq!(crate::boot::device_pages(), alloc::vec![VIRT_TEST, VIRT_UART, VIRT_RTC]);
        kassert!(!crate::boot::cmdline().is_empty(), "empty command line");
        kassert!(crate::boot::isa().starts_with("rv64imafdc"), "isa {}", crate::boot::isa());
        // (The blob itself is not kept: boot.rs copies what it needs, and
        // its RAM goes to the frame allocator.)
        Ok(())
    }
}
