//! The kernel's own address space, and turning DAT on.
//!
//! All of RAM is identity-mapped with 4 KiB pages: kernel text read-only
//! and executable; read-only data read-only and no-execute; everything
//! else (data, BSS, heap, free frames, the lowcore) read-write and
//! no-execute. The guard page below each kernel stack stays unmapped, so an
//! overflow faults instead of corrupting memory.
//!
//! The kernel runs in home-space mode with its ASCE in CR13, as Linux does:
//! CR1 (primary) and CR7 (secondary) are then free to hold a user space
//! while the kernel runs, and a fault's TEID says which ASCE was used.

use mm::frame::FrameAllocator;
use ksync::SpinLock;
use spin::Once;

use crate::asm;
use crate::dat::{Asce, Prot};
use crate::psw::{AddressSpaceControl, Psw, PswBits};
use crate::space::AddressSpace;

/// CR0 bit 35: low-address protection.
pub const CR0_LOW_ADDRESS_PROTECTION: u64 = 1 << 28;
/// CR0 bit 43: instruction-execution-protection control (Linux's bit 20).
pub const CR0_IEP: u64 = 1 << 20;

/// The kernel PSW mask once DAT is on: 64-bit, DAT, home space, all
/// interruption classes disabled.
pub const KERNEL_DAT_MASK: u64 = Psw::with_asc(
    Psw::KERNEL_MASK | PswBits::DAT.bits(),
    AddressSpaceControl::Home,
);

static KERNEL: Once<SpinLock<AddressSpace>> = Once::new();
static FRAMES: Once<&'static FrameAllocator> = Once::new();

extern "C" {
    static __text_start: u8;
    static __text_end: u8;
    static __rodata_end: u8;
    static __boot_stack_guard: u8;
    static __panic_stack_guard: u8;
}

fn sym(s: &u8) -> u64 {
    s as *const u8 as u64
}

/// Builds the kernel address space over `ram` bytes and turns DAT on.
pub fn init(frames: &'static FrameAllocator, ram: u64) {
    FRAMES.call_once(|| frames);
    // SAFETY: only the addresses of linker symbols are taken.
    let (text, text_end, ro_end) =
        unsafe { (sym(&__text_start), sym(&__text_end), sym(&__rodata_end)) };
    // SAFETY: as above.
    let guards = unsafe { [sym(&__boot_stack_guard), sym(&__panic_stack_guard)] };

    let mut space = AddressSpace::new(frames).expect("no frames for the kernel address space");
    let map = |s: &mut AddressSpace, a: u64, b: u64, p: Prot| {
        if a < b {
            s.map_range(a, b, a, p)
                .expect("no frames for the kernel page tables");
        }
    };
    map(&mut space, 0, text, Prot::RW);
    map(&mut space, text, text_end, Prot::RX);
    map(&mut space, text_end, ro_end, Prot::RO);
    map(&mut space, ro_end, ram, Prot::RW);
    for g in guards {
        space.unmap(g);
    }
    let asce = space.asce();
    KERNEL.call_once(|| SpinLock::new(space));

    // SAFETY: the new space identity-maps all RAM, including this code,
    // the stack, the lowcore and the tables themselves, so switching to it
    // changes no address the kernel uses.
    unsafe {
        asm::load_cr::<1>(asce.0);
        asm::load_cr::<7>(asce.0);
        asm::load_cr::<13>(asce.0);
        asm::set_psw_mask(KERNEL_DAT_MASK);
    }
    // Interruption handlers run in the same state. The new PSWs sit below
    // 512, so this must happen before low-address protection is on.
    for i in 0..6 {
        set_new_psw_mask(i, KERNEL_DAT_MASK);
    }
    // SAFETY: LAP protects only the lowcore's architected part, which the
    // kernel no longer stores to; IEP enforces the no-exec bits just set,
    // and all kernel text is mapped executable.
    unsafe { asm::load_cr::<0>(asm::store_cr::<0>() | CR0_LOW_ADDRESS_PROTECTION | CR0_IEP) };
}

fn set_new_psw_mask(index: usize, mask: u64) {
    // New PSWs are consecutive 16-byte slots from the restart new PSW.
    let slot = (crate::lowcore::off::RESTART_NEW_PSW + index * 16) as *mut u64;
    // SAFETY: slot is the mask word of a lowcore new PSW (non-zero address,
    // aligned, always mapped); interruptions are disabled, so no new PSW
    // is fetched while it changes.
    unsafe { slot.write_volatile(mask) };
}

/// The kernel address space (for tests that map scratch pages).
pub fn kernel_space() -> &'static SpinLock<AddressSpace> {
    KERNEL
        .get()
        .expect("kernel address space used before kspace::init")
}

/// The kernel's ASCE, without taking the lock (for the oops).
pub fn kernel_asce() -> Option<Asce> {
    // CR13 holds it once DAT is on.
    KERNEL.get().map(|_| Asce(asm::store_cr::<13>()))
}

/// The frame allocator the kernel's tables come from.
pub fn frames() -> &'static FrameAllocator {
    FRAMES
        .get()
        .expect("kspace::frames used before kspace::init")
}

/// Makes `asce` the user address space that uaccess reaches (CR1, and CR7
/// for secondary-space users); `None` restores the kernel's own.
pub fn set_user_asce(asce: Option<Asce>) {
    let asce = asce
        .or_else(kernel_asce)
        .expect("set_user_asce before kspace::init");
    // SAFETY: the kernel runs in home space (CR13), so CR1 and CR7 are not
    // used for its own instruction or data accesses; callers pass ASCEs of
    // live address spaces.
    unsafe {
        asm::load_cr::<1>(asce.0);
        asm::load_cr::<7>(asce.0);
    }
}

/// The ASCE currently in CR1.
pub fn user_asce() -> Asce {
    Asce(asm::store_cr::<1>())
}
