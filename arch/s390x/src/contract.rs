//! s390x's side of the kernel contract (`karch::Arch`): each item is a
//! direct call into the file that owns the concern.

use alloc::string::String;
use alloc::sync::Arc;
use core::ops::Range;

use karch::{Efault, ElfTarget, SignalDelivery, Sigreturn, SigreturnKind, TaskLayer, UserMm};
use linux_abi::Siginfo;
use mm::frame::FrameAllocator;

use crate::entry::PtRegs;
use crate::facilities::Facility;
use crate::mmu::S390xMmu;
use crate::user_state::{self, UserState};
use crate::{
    asm, boot, current_mm, exception_signal, extable, facilities, hwcap, kspace, machine, oops,
    signal, timer, traps, uaccess, usermode,
};

/// The s390x backend, as the generic kernel sees it.
pub struct Arch;

/// `EM_S390`.
const EM_S390: u16 = 22;

/// The TOD clock advances 4096 units per microsecond (bit 51 is 1 µs).
const TOD_UNITS_PER_US: u128 = 4096;

/// The Unix epoch on the TOD clock's scale: the 70 years (17 of them
/// leap years) from 1900 to 1970, in nanoseconds.
const TOD_UNIX_EPOCH_NS: u64 = 2_208_988_800 * 1_000_000_000;

impl karch::Arch for Arch {
    const NAME: &'static str = "s390x";
    const ELF: ElfTarget = ElfTarget {
        machine: EM_S390,
        big_endian: true,
    };
    /// Linux's `UTS_MACHINE` for 64-bit s390 programs.
    const UTS_MACHINE: &'static str = "s390x";
    const RESERVED_LOW: u64 = boot::LOWCORE_SIZE;
    /// Just below the 4 TiB a region-third table reaches.
    const STACK_TOP: u64 = 0x3ff_0000_0000;
    const SIGRETURN_TRAMPOLINE: &'static [u8] = &signal::SIGRETURN_TRAMPOLINE;

    type Frame = PtRegs;
    type Mmu = S390xMmu;
    type UserState = UserState;

    fn early_init() {
        boot::early_init();
    }

    fn cmdline() -> &'static str {
        boot::cmdline()
    }

    fn memory() -> Result<Range<u64>, String> {
        boot::memory_size()
            .map(|size| 0..size)
            .map_err(|e| alloc::format!("SCLP READ SCP INFO failed: {e:?}"))
    }

    /// The kernel identity-maps RAM (its own home space, apart from the
    /// user's), so a physical address is the kernel's address for it.
    #[inline(always)]
    fn phys_to_virt(pa: u64) -> u64 {
        pa
    }

    fn kernel_image() -> Range<u64> {
        boot::kernel_image()
    }

    fn initrd() -> Option<Range<u64>> {
        boot::initrd()
    }

    fn init_kernel_space(frames: &'static FrameAllocator, ram: Range<u64>) {
        kspace::init(frames, ram.end);
        extable::init();
    }

    fn cpu_features() -> String {
        let mut line = String::from("facilities:");
        for f in Facility::ALL {
            let mark = if facilities::has(f) { '+' } else { '-' };
            line.push_str(&alloc::format!(" {mark}{}({})", f.name(), f as u32));
        }
        line
    }

    fn exit(success: bool) -> ! {
        machine::exit(success)
    }

    fn prepare_final_report() {
        oops::prepare();
    }

    fn mmu() -> S390xMmu {
        S390xMmu
    }

    fn switch_mm(mm: Option<Arc<UserMm<Self>>>) {
        current_mm::switch_mm(mm);
    }

    fn current_mm() -> Option<Arc<UserMm<Self>>> {
        current_mm::current_mm()
    }

    unsafe fn with_current_mm<R>(f: impl FnOnce(&UserMm<Self>) -> R) -> Option<R> {
        // The caller's guarantee is the one current_mm::with_current_mm
        // relies on.
        current_mm::with_current_mm(f)
    }

    unsafe fn register_task_layer<T: TaskLayer<PtRegs>>() {
        // SAFETY: the caller's guarantee is the slot's.
        unsafe { traps::TASK_LAYER.register::<T>() };
    }

    fn run_user(frame: &PtRegs) -> u64 {
        usermode::run_user(frame)
    }

    unsafe fn leave_user(value: u64) -> ! {
        // SAFETY: the caller's guarantee is leave_user's.
        unsafe { usermode::leave_user(value) }
    }

    fn save_user_state(state: &mut UserState) {
        user_state::save(state);
    }

    fn load_user_state(state: &UserState) {
        user_state::load(state);
    }

    fn hwcap() -> u64 {
        hwcap::hwcap(&facilities::words())
    }

    fn platform() -> Option<&'static str> {
        Some(hwcap::platform(hwcap::machine_type(asm::stidp())))
    }

    fn copy_from_user(dst: &mut [u8], src: u64) -> Result<(), Efault> {
        uaccess::copy_from_user(dst, src)
    }

    fn copy_to_user(dst: u64, src: &[u8]) -> Result<(), Efault> {
        uaccess::copy_to_user(dst, src)
    }

    fn push_signal_frame(frame: &mut PtRegs, delivery: &SignalDelivery) -> Result<(), Efault> {
        signal::push_frame(frame, delivery)
    }

    fn restore_signal_frame(frame: &mut PtRegs, kind: SigreturnKind) -> Sigreturn {
        signal::restore_frame(frame, kind)
    }

    fn exception_signal(frame: &PtRegs) -> Option<Siginfo> {
        exception_signal::exception_signal(frame)
    }

    fn clock_ns() -> u64 {
        (asm::tod() as u128 * 1000 / TOD_UNITS_PER_US) as u64
    }

    /// The TOD clock counts from 1900-01-01 UTC (PoP, "TOD Clock"); QEMU
    /// sets it from the host's time at start.
    fn unix_time_ns() -> u64 {
        Self::clock_ns().saturating_sub(TOD_UNIX_EPOCH_NS)
    }

    fn set_timer(deadline: u64) {
        timer::set(deadline);
    }

    #[cfg(feature = "selftest")]
    fn crash(kind: karch::Crash) {
        crate::crash::run(kind);
    }
}
