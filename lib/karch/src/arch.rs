//! What a backend provides the generic kernel.

use alloc::string::String;
use alloc::sync::Arc;
use core::ops::Range;

use linux_abi::Siginfo;
use mm::frame::FrameAllocator;

use crate::{Efault, SignalDelivery, Sigreturn, SigreturnKind, TaskLayer, TrapFrame};

/// A user address space on architecture `A`.
pub type UserMm<A> = mm::Mm<<A as Arch>::Mmu>;

/// The kind of ELF file the backend's user programs are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ElfTarget {
    /// `e_machine` (`EM_S390` is 22, `EM_RISCV` 243).
    pub machine: u16,
    /// Whether the machine is big-endian (`ELFDATA2MSB`).
    pub big_endian: bool,
}

/// An architecture backend, as the generic kernel uses it. Implemented by
/// a unit type `Arch` at the root of each `arch/<name>` crate; every
/// function is an associated function, since there is one machine.
///
/// Kernel self-tests and crash boots that need instruction-level control
/// (a faulting probe, a corrupt page-table entry) live in the backend's own
/// self-test suites, not here.
pub trait Arch: 'static {
    /// The architecture's name, for the boot banner.
    const NAME: &'static str;

    /// What an executable for this machine looks like.
    const ELF: ElfTarget;

    /// The machine name `uname` reports (`utsname.machine`), as Linux
    /// reports it for this architecture's user programs (glibc and
    /// programs compare it, e.g. `uname -m`).
    const UTS_MACHINE: &'static str;

    /// Bytes at the start of RAM that the frame allocator must never hand
    /// out (s390x: the lowcore; riscv64: the firmware's).
    const RESERVED_LOW: u64;

    /// The end of the initial user stack: the top of the user address
    /// space the backend's page tables reach, less a guard.
    const STACK_TOP: u64;

    /// The instructions of the sigreturn trampolines the kernel maps into
    /// every process, for handlers without `SA_RESTORER` (where each
    /// return path sits in it is the backend's business:
    /// [`SignalDelivery::trampoline`] is where the bytes are mapped).
    const SIGRETURN_TRAMPOLINE: &'static [u8];

    /// The saved user state.
    type Frame: TrapFrame;

    /// The page-table backend of the generic mm.
    type Mmu: mm::arch::Arch;

    /// A task's user register state beyond its trap frame: what the
    /// kernel itself never uses, so that it stays in the CPU across system
    /// calls and faults and costs nothing there (s390x: the floating-point
    /// control register, the floating-point and vector registers, the
    /// access registers). The generic task layer keeps one per task without
    /// knowing what it holds, and moves it only when the running task
    /// changes:
    ///
    /// - a task switch saves the outgoing task's state
    ///   ([`Arch::save_user_state`]) and loads the incoming one's
    ///   ([`Arch::load_user_state`]);
    /// - `fork` gives the child a copy of the parent's current state (saved
    ///   from the CPU, since the parent is running);
    /// - a new program starts with `Default::default()`, the state Linux
    ///   gives a new program (s390x: every register and the FPC zero);
    /// - a signal frame carries the running task's state
    ///   ([`Arch::push_signal_frame`], [`Arch::restore_signal_frame`]).
    type UserState: Default + Clone + Send + 'static;

    // ---- boot and the machine ------------------------------------------

    /// Brings up the console and whatever the backend must read first
    /// (facilities, the firmware's device tree). Nothing can be printed
    /// before it returns.
    fn early_init();

    /// The kernel command line the boot loader passed.
    fn cmdline() -> &'static str;

    /// The physical address range of RAM (s390x: from 0; riscv64: where
    /// the device tree says), or why it is unknown.
    fn memory() -> Result<Range<u64>, String>;

    /// The kernel virtual address of physical address `pa` in RAM. The
    /// kernel reaches all of RAM through a linear map, from the first
    /// instruction on: s390x identity-maps it, riscv64 maps it in the upper
    /// half, which it keeps for the kernel. The heap, the initial RAM disk
    /// and the frames the generic kernel touches directly are reached
    /// through it.
    fn phys_to_virt(pa: u64) -> u64;

    /// The physical range of the loaded kernel image.
    fn kernel_image() -> Range<u64>;

    /// The physical range of the initial RAM disk, if the boot loader
    /// loaded one.
    fn initrd() -> Option<Range<u64>>;

    /// Builds the kernel's own address space over the physical RAM `ram`
    /// with page tables from `frames`, turns translation on (or switches
    /// to its final tables), and prepares the exception table. Runs once,
    /// after the heap is up.
    fn init_kernel_space(frames: &'static FrameAllocator, ram: Range<u64>);

    /// A one-line description of the CPU's optional features, for the log.
    fn cpu_features() -> String;

    /// Ends the run: QEMU exits 0 for `true`, non-zero for `false`.
    fn exit(success: bool) -> !;

    /// Makes the console usable from a context that may have interrupted
    /// its holder (the panic path), before a final report.
    fn prepare_final_report();

    /// The page-table backend value user address spaces are built with.
    fn mmu() -> Self::Mmu;

    // ---- address spaces -------------------------------------------------

    /// Makes `mm` the user address space this CPU translates with and the
    /// one its fault handler resolves faults in, or none. The previous
    /// space's reference is dropped after the switch.
    fn switch_mm(mm: Option<Arc<UserMm<Self>>>);

    /// The current user address space (a new reference).
    fn current_mm() -> Option<Arc<UserMm<Self>>>;

    /// Runs `f` on the current user address space without taking a
    /// reference, for a system call on the signal round trip (`mprotect`)
    /// that should not pay for the reference count.
    ///
    /// # Safety
    /// `f` must not switch address spaces ([`Arch::switch_mm`]) nor drop
    /// a reference to the current one: the space lives only as long as
    /// the current-space slot holds it.
    unsafe fn with_current_mm<R>(f: impl FnOnce(&UserMm<Self>) -> R) -> Option<R>;

    // ---- user mode --------------------------------------------------------

    /// Registers the task layer the backend's trap code calls.
    ///
    /// # Safety
    /// Once, at boot, on the boot CPU, before any CPU enters user mode:
    /// the backend reads the registration on every system call without a
    /// lock.
    unsafe fn register_task_layer<T: TaskLayer<Self::Frame>>();

    /// Runs user code from `frame` (the current address space must be the
    /// one it belongs to) until the task layer calls [`Arch::leave_user`];
    /// returns the value passed there. Not reentrant.
    fn run_user(frame: &Self::Frame) -> u64;

    /// Abandons the current interruption and returns `value` from the
    /// [`Arch::run_user`] in progress.
    ///
    /// # Safety
    /// Must be called from the handler of an interruption taken in user
    /// mode during [`Arch::run_user`], with nothing on the kernel stack
    /// that needs dropping (its frames are discarded).
    unsafe fn leave_user(value: u64) -> !;

    /// Copies the CPU's current user state (the running task's) into
    /// `state`.
    fn save_user_state(state: &mut Self::UserState);

    /// Makes `state` the CPU's user state: the task it belongs to must be
    /// the next to run in user mode.
    fn load_user_state(state: &Self::UserState);

    /// `AT_HWCAP` for the auxiliary vector: the CPU features user programs
    /// may use, as Linux reports them on this machine (and only those whose
    /// user state this backend keeps).
    fn hwcap() -> u64;

    /// `AT_PLATFORM` for the auxiliary vector, where the architecture has
    /// one (s390x: the machine generation, e.g. `"z15"`).
    fn platform() -> Option<&'static str>;

    // ---- user memory ------------------------------------------------------

    /// Copies from user address `src` in the current address space. A
    /// fault on the user side is resolved like any other; one that cannot
    /// be resolved makes the copy fail.
    fn copy_from_user(dst: &mut [u8], src: u64) -> Result<(), Efault>;

    /// Copies to user address `dst` in the current address space.
    fn copy_to_user(dst: u64, src: &[u8]) -> Result<(), Efault>;

    // ---- signals -----------------------------------------------------------

    /// Writes the Linux signal frame for `delivery` below the user stack
    /// pointer in `frame` (or on the alternate stack, Linux's rules) and
    /// points `frame` at the handler: the rt frame for a handler with
    /// `SA_SIGINFO`, the architecture's non-rt frame otherwise. The frame
    /// holds `frame`'s registers and the CPU's current
    /// [`Arch::UserState`], so the task must be the running one. The
    /// handler starts with that user state unchanged, as on Linux. On
    /// `Err` the frame could not be written and `frame` is unchanged.
    fn push_signal_frame(frame: &mut Self::Frame, delivery: &SignalDelivery) -> Result<(), Efault>;

    /// `sigreturn` or `rt_sigreturn` (`kind`): restores `frame` and the
    /// CPU's user state (the running task's) from the signal frame of that
    /// kind at the user stack pointer, with Linux's checks and in Linux's
    /// order ([`Sigreturn`]: what it read before a bad step). When the
    /// registers are not restored, `frame` and the user state are
    /// unchanged.
    fn restore_signal_frame(frame: &mut Self::Frame, kind: SigreturnKind) -> Sigreturn;

    /// The signal Linux sends for the trap `frame` records, when it came
    /// from user mode and is not a page fault (an illegal or privileged
    /// instruction, a divide exception, a breakpoint): signal, `si_code`
    /// and `si_addr`; `None` for a trap Linux sends nothing for (on s390x,
    /// a monitor event, or a PER event nobody traces). The backend's trap
    /// code hands the answer to [`TaskLayer::force_signal`]; it is part of
    /// the contract so that every backend writes this table out.
    fn exception_signal(frame: &Self::Frame) -> Option<Siginfo>;

    // ---- time -------------------------------------------------------------

    /// Nanoseconds since an arbitrary moment at or before boot, from a
    /// clock that never goes backwards.
    fn clock_ns() -> u64;

    /// The time of day: nanoseconds since the Unix epoch (1970-01-01
    /// UTC), as the machine's clock was set before boot (`CLOCK_REALTIME`,
    /// `gettimeofday`). It moves with [`Arch::clock_ns`].
    fn unix_time_ns() -> u64;

    /// Arms the timer for one interruption when [`Arch::clock_ns`] reaches
    /// `deadline`, replacing the previous arming; [`TIMER_OFF`](crate::TIMER_OFF)
    /// disarms it. The interruption is taken only while the CPU runs in
    /// user mode (the kernel runs with interrupts disabled): a deadline
    /// that passes in the kernel interrupts at the next entry to user
    /// mode, before the first user instruction. The backend hands it to
    /// [`TaskLayer::tick`], then does the usual work before the return to
    /// user mode. Arming cancels an expiry not yet taken, so after a tick
    /// nothing more arrives until the task layer arms again.
    ///
    /// The task layer arms it at every switch to a task (the end of its
    /// time slice, or an earlier sleeper's deadline) and at every tick;
    /// nothing on the fault or system-call path touches it.
    fn set_timer(deadline: u64);

    // ---- self-test builds ------------------------------------------------

    /// Runs a deliberate crash that needs instruction-level control. Each
    /// one should end the run in the backend's oops; if it returns, the
    /// caller reports that the crash did not happen.
    #[cfg(feature = "selftest")]
    fn crash(kind: crate::Crash);
}
