//! Early setup the kernel calls first, and what QEMU left for it.

use kcore::pr_warn;

use crate::{facilities, sclp, timer, user_state};

extern "C" {
    static __boot_params: u8;
    static __cmdline: u8;
    static __cmdline_end: u8;
    static __kernel_start: u8;
    static __kernel_end: u8;
}

/// Brings up the console, reads the facility list, enables the user
/// register state it allows and the timer's interruption subclass. Until
/// this returns, nothing can be printed.
pub fn early_init() {
    if sclp::console_init().is_ok() {
        kcore::console::set_sink(sclp::console_write);
    }
    facilities::detect();
    user_state::init();
    timer::init();
}

/// The command line QEMU wrote at 0x10480 from `-append`, up to its NUL.
/// Bytes that are not UTF-8 end it early, with a warning.
pub fn cmdline() -> &'static str {
    // SAFETY: the linker script reserves __cmdline..__cmdline_end inside
    // the loaded image; QEMU wrote a NUL-terminated string there (or left
    // it zero), and nothing writes it afterwards.
    let bytes = unsafe {
        let start = core::ptr::addr_of!(__cmdline);
        let end = core::ptr::addr_of!(__cmdline_end);
        core::slice::from_raw_parts(start, end as usize - start as usize)
    };
    let len = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    match core::str::from_utf8(&bytes[..len]) {
        Ok(s) => s,
        Err(e) => {
            pr_warn!(
                "command line is not UTF-8 after byte {}; truncated",
                e.valid_up_to()
            );
            // The prefix up to valid_up_to() is valid UTF-8 by definition.
            core::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or("")
        }
    }
}

/// Physical range of the loaded kernel image (text, data, BSS, stacks).
pub fn kernel_image() -> core::ops::Range<u64> {
    core::ptr::addr_of!(__kernel_start) as u64..core::ptr::addr_of!(__kernel_end) as u64
}

/// Size of the lowcore, which the frame allocator must never hand out.
pub const LOWCORE_SIZE: u64 = 0x2000;

/// Physical memory size in bytes, from SCLP READ SCP INFO.
pub fn memory_size() -> Result<u64, sclp::SclpError> {
    sclp::memory_size()
}

/// Offsets in the boot parameter area (at 0x10400) where QEMU's `-initrd`
/// loader stores the initial RAM disk's address and size.
const INITRD_START_OFFSET: usize = 0x08;
const INITRD_SIZE_OFFSET: usize = 0x10;

/// The physical range of the `-initrd` image, if QEMU loaded one.
pub fn initrd() -> Option<core::ops::Range<u64>> {
    // SAFETY: the linker script reserves the boot parameter area inside the
    // loaded image; QEMU wrote (or left zero) two u64 there before start.
    let (start, size) = unsafe {
        let base = core::ptr::addr_of!(__boot_params);
        (
            core::ptr::read_volatile(base.add(INITRD_START_OFFSET) as *const u64),
            core::ptr::read_volatile(base.add(INITRD_SIZE_OFFSET) as *const u64),
        )
    };
    (start != 0 && size != 0).then(|| start..start + size)
}
