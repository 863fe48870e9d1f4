//! User tasks: processes with their own address space, run in problem
//! state with DAT on, speaking the Linux s390x system-call ABI.
//!
//! The kernel is single-CPU and runs to completion. [`run`] enters user
//! mode with the first task and returns when that task has exited. Every
//! interruption from user mode is handled on the kernel stack below
//! `run`'s frame; a task switch rewrites the saved user state in place
//! (and CR1), so the ordinary interruption exit resumes the next task.
//!
//! Locking rule: the scheduler lock is never held across a user access,
//! because a user access may fault, and the fault handler needs the lock.
//!
//! | file | concern |
//! |------|---------|
//! | `sched.rs` | task table, switching, exit, wait, the hooks |
//! | `exec.rs` | loading a static ELF, the initial stack |
//! | `syscall.rs` | the system-call table |
//! | `signal.rs` | sigaction, masks, delivery, sigreturn |

pub mod exec;
pub mod sched;
pub mod signal;
pub mod syscall;

use alloc::sync::Arc;

use arch_s390x::mmu::S390xMmu;

pub use sched::{run, run_with, RunError};

use arch_s390x::fault::{self, FaultSignal, TaskContext};
use arch_s390x::sigframe::Siginfo;

/// Connects the s390x fault handler to the task layer.
pub fn init() {
    fault::init(TaskContext {
        signal_pending: sched::signal_pending,
        signal: |_regs, s: FaultSignal| {
            sched::force_fault_signal(Siginfo::fault(s.signo, s.code, s.addr))
        },
        oom_kill: sched::oom_kill,
    });
}

/// The address space of a user task.
pub type UserMm = mm::Mm<S390xMmu>;

/// The machine's memory as the generic mm sees it, shared by every task.
pub type UserMemory = mm::Memory<S390xMmu>;

static MEMORY: spin::Once<Arc<UserMemory>> = spin::Once::new();

/// The shared `Memory` (zero page, frame allocator) of all user spaces.
pub fn memory() -> &'static Arc<UserMemory> {
    MEMORY.call_once(|| {
        UserMemory::new(S390xMmu, crate::memory::frames()).expect("no frame for the zero page")
    })
}

/// Prints the task layer's counters (at the end of a run).
pub fn report() {
    let s = sched::signal_stats();
    kcore::println!(
        "# signal counters: sigsegv {} sigbus {} oom-kills {} kill {} fatal {}",
        s.segv,
        s.bus,
        s.oom_kills,
        s.kill,
        s.fatal
    );
    let v = sched::vma_lock_totals();
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
