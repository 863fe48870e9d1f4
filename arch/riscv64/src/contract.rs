//! riscv64's side of the kernel contract (`karch::Arch`): each item is a
//! direct call into the file that owns the concern.

use alloc::string::String;
use alloc::sync::Arc;
use core::ops::Range;

use karch::{Efault, ElfTarget, SignalDelivery, Sigreturn, SigreturnKind, TaskLayer, UserMm};
use linux_abi::Siginfo;
use mm::frame::FrameAllocator;

use crate::layout::{FIRMWARE_RESERVED, USER_END};
use crate::mmu::Riscv64Mmu;
use crate::regs::PtRegs;
use crate::user_state::{self, UserState};
use crate::{
    boot, clock, current_mm, exception_signal, extable, head, hwcap, kspace, layout, machine,
    oops, signal, traps, uaccess, usermode,
};

/// The riscv64 backend, as the generic kernel sees it.
pub struct Arch;

/// `EM_RISCV`.
const EM_RISCV: u16 = 243;

impl karch::Arch for Arch {
    const NAME: &'static str = "riscv64";
    const ELF: ElfTarget = ElfTarget {
        machine: EM_RISCV,
        big_endian: false,
    };
    /// Linux's `UTS_MACHINE` for riscv64.
    const UTS_MACHINE: &'static str = "riscv64";
    const RESERVED_LOW: u64 = FIRMWARE_RESERVED;
    /// The top of user space, as Linux's `STACK_TOP` with Sv39.
    const STACK_TOP: u64 = USER_END;
    const SIGRETURN_TRAMPOLINE: &'static [u8] = &crate::sigframe::SIGRETURN_TRAMPOLINE;

    type Frame = PtRegs;
    type Mmu = Riscv64Mmu;
    type UserState = UserState;

    fn early_init() {
        boot::early_init();
    }

    fn cmdline() -> &'static str {
        boot::cmdline()
    }

    fn memory() -> Result<Range<u64>, String> {
        Ok(boot::memory())
    }

    #[inline(always)]
    fn phys_to_virt(pa: u64) -> u64 {
        layout::phys_to_virt(pa)
    }

    fn kernel_image() -> Range<u64> {
        boot::kernel_image()
    }

    fn initrd() -> Option<Range<u64>> {
        boot::initrd()
    }

    fn init_kernel_space(frames: &'static FrameAllocator, ram: Range<u64>) {
        kspace::init(frames, ram, &boot::device_pages());
        extable::init();
    }

    fn cpu_features() -> String {
        alloc::format!(
            "hart {}: {}, Sv39",
            head::hart_id(),
            boot::isa(),
        )
    }

    fn exit(success: bool) -> ! {
        machine::exit(success)
    }

    fn prepare_final_report() {
        oops::prepare();
    }

    fn mmu() -> Riscv64Mmu {
        Riscv64Mmu
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
        hwcap::hwcap([boot::isa()])
    }

    /// Linux has no `AT_PLATFORM` on riscv.
    fn platform() -> Option<&'static str> {
        None
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
        clock::clock_ns()
    }

    fn unix_time_ns() -> u64 {
        clock::unix_time_ns()
    }

    fn set_timer(deadline: u64) {
        crate::timer::set(deadline);
    }

    #[cfg(feature = "selftest")]
    fn crash(kind: karch::Crash) {
        crate::crash::run(kind);
    }
}
