//! Early setup the kernel calls first, and what the firmware left for it.

use core::ops::Range;

use kcore::println;
use spin::Once;

use crate::dtb::{self, BootInfo, DtError};
use crate::layout::{phys_to_virt, virt_to_phys};
use crate::{clock, csr, head, machine, sbi, timer, uart};

extern "C" {
    static __kernel_start: u8;
    static __kernel_end: u8;
}

static INFO: Once<BootInfo> = Once::new();

fn info() -> &'static BootInfo {
    INFO.get().expect("boot information used before early_init")
}

/// Reads the device tree, brings up the console, the exit device, the
/// clock and the timer. A device tree the kernel cannot use ends the run with one line
/// on the firmware's console.
pub fn early_init() {
    // The kernel never uses the floating-point registers; with FS off, a
    // stray FP instruction traps instead of corrupting a task's state.
    // SAFETY: turning the FP unit off affects no kernel code.
    unsafe { csr::clear_sstatus(csr::sstatus::FS) };
    let pa = head::dtb_phys();
    match read_dtb(pa) {
        Ok(info) => {
            match info.uart {
                Some(u) => {
                    uart::init(u);
                    kcore::console::set_sink(uart::console_write);
                }
                None => kcore::console::set_sink(sbi::console_write),
            }
            if let Some(t) = info.test_device {
                machine::init(t);
            }
            clock::init(info.timebase_hz, info.rtc);
            timer::init(info.isa());
            INFO.call_once(|| info);
        }
        Err(e) => {
            kcore::console::set_sink(sbi::console_write);
            println!("riscv64: cannot use the device tree at {pa:#x}: {e}");
            machine::exit(false);
        }
    }
}

/// Parses the blob at physical address `pa`, reached through the boot
/// table's direct map.
fn read_dtb(pa: u64) -> Result<BootInfo, DtError> {
    let va = phys_to_virt(pa);
    // SAFETY: OpenSBI passes the address of a device tree in RAM, which the
    // boot table maps; its 8-byte header tells how much to read.
    let header = unsafe { core::ptr::read_unaligned(va as *const [u8; 8]) };
    let size = dtb::total_size(&header);
    if size > dtb::MAX_SIZE {
        return Err(DtError::TooLarge(size));
    }
    // SAFETY: as above, for the `size` bytes the header claims (bounded).
    let blob = unsafe { core::slice::from_raw_parts(va as *const u8, size) };
    dtb::parse(blob)
}

/// The command line (`/chosen/bootargs`). Bytes that are not UTF-8 end
/// it early.
pub fn cmdline() -> &'static str {
    let i = info();
    let bytes = &i.cmdline[..i.cmdline_len];
    match core::str::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => core::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or(""),
    }
}

/// The first hart's ISA string from the device tree.
pub fn isa() -> &'static str {
    info().isa()
}

/// Physical RAM.
pub fn memory() -> Range<u64> {
    info().ram.clone()
}

/// The physical range of the loaded kernel image.
pub fn kernel_image() -> Range<u64> {
    virt_to_phys(core::ptr::addr_of!(__kernel_start) as u64)
        ..virt_to_phys(core::ptr::addr_of!(__kernel_end) as u64)
}

/// The initial RAM disk QEMU loaded, if any.
pub fn initrd() -> Option<Range<u64>> {
    info().initrd.clone()
}

/// The device pages the kernel maps for itself: UART, test device, RTC.
pub fn device_pages() -> alloc::vec::Vec<u64> {
    let i = info();
    let mut v = alloc::vec![machine::test_device()];
    v.extend(i.uart.map(|u| u.base));
    v.extend(i.rtc);
    v
}
