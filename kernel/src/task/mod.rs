//! User tasks: processes with their own address space, run in user mode
//! with the Linux system-call ABI of the machine.
//!
//! The kernel is single-CPU, and the kernel itself runs to completion:
//! only user mode is preempted, by the timer tick that ends a time slice
//! (`preempt.rs`). [`run`] enters user mode with the first task and
//! returns when that task has exited. Every
//! interruption from user mode is handled on the kernel stack below
//! `run`'s frame; a task switch rewrites the saved user state in place
//! (and the address space), so the ordinary interruption exit resumes the
//! next task.
//!
//! Nothing here names an architecture: the saved state is the backend's
//! [`Frame`], reached through `karch::TrapFrame`; signal frames, user
//! memory, the clock and entering user mode are `karch::Arch`'s. The
//! backend reaches this module through one interface, [`layer::Tasks`]
//! (`karch::TaskLayer`), registered by [`init`].
//!
//! Locking rule: the scheduler lock is never held across a user access,
//! because a user access may fault, and the fault handler may need the
//! lock (to ask whether a signal is pending).
//!
//! | file | concern |
//! |------|---------|
//! | `table.rs` | the task table: tasks, pids, the running task |
//! | `switch.rs` | running the first task, switching, blocking, the end of a run |
//! | `exit.rs` | exit, orphans, and `wait4`'s reaping |
//! | `block.rs` | system calls that wait: wait queues, sleeps, interruption by a signal and restart |
//! | `preempt.rs` | time slices: arming the timer, the tick that ends a slice |
//! | `attrs.rs` | process attributes: job-control ids, umask, resource limits, name, start-up registrations |
//! | `jobctl.rs` | job control: stopping and continuing tasks, what the parent hears of it |
//! | `delivery.rs` | queueing signals, and acting on them before a return to user mode |
//! | `rseq.rs` | restartable sequences: the CPU fields, the abort on signal delivery |
//! | `layer.rs` | the `karch::TaskLayer` the backend calls |
//! | `exec.rs` | loading a static ELF, the initial stack |
//! | `syscall.rs` | the system-call table |
//! | `signal.rs` | per-task signal state: actions, masks, pending signals |

pub mod attrs;
pub mod block;
pub mod delivery;
pub mod exec;
pub mod exit;
pub mod jobctl;
pub mod layer;
pub mod preempt;
pub mod rseq;
pub mod signal;
pub mod switch;
pub mod syscall;
pub mod table;

use alloc::sync::Arc;

use arch::Arch;
use karch::Arch as _;

pub use switch::{run, run_file, run_with, RunError};

/// The saved user state of a task.
pub type Frame = <Arch as karch::Arch>::Frame;

/// A task's user register state beyond its [`Frame`] (`karch::Arch::UserState`).
pub type UserState = <Arch as karch::Arch>::UserState;

/// The page-table backend of user address spaces.
pub type Mmu = <Arch as karch::Arch>::Mmu;

/// The address space of a user task.
pub type UserMm = mm::Mm<Mmu>;

/// The machine's memory as the generic mm sees it, shared by every task.
pub type UserMemory = mm::Memory<Mmu>;

static MEMORY: spin::Once<Arc<UserMemory>> = spin::Once::new();

/// Registers the task layer with the backend. Once, at boot.
pub fn init() {
    // SAFETY: called once, from kernel_entry on the boot CPU, before any
    // task runs (only `run` enters user mode).
    unsafe { Arch::register_task_layer::<layer::Tasks>() };
}

/// The shared `Memory` (zero page, frame allocator) of all user spaces.
pub fn memory() -> &'static Arc<UserMemory> {
    MEMORY.call_once(|| {
        UserMemory::new(Arch::mmu(), crate::memory::frames()).expect("no frame for the zero page")
    })
}

/// The current user address space (a new reference).
pub fn current_mm() -> Option<Arc<UserMm>> {
    Arch::current_mm()
}

/// Makes `mm` the current user address space (or none).
pub fn switch_mm(mm: Option<Arc<UserMm>>) {
    Arch::switch_mm(mm);
}

/// Prints the task layer's counters (at the end of a run).
pub fn report() {
    let s = table::stats();
    kcore::println!("# signal counters: kill {} fatal {}", s.kill, s.fatal);
    let v = exit::mm_totals();
    kcore::println!(
        "# mm counters (all exited address spaces): minor {} major {} cow {} retries {} vma-lock success {} retry {} abort {} miss {}",
        v.minor,
        v.major,
        v.cow,
        v.retries,
        v.vma_lock_success,
        v.vma_lock_retry,
        v.vma_lock_abort,
        v.vma_lock_miss
    );
}
