//! User mode end to end: the programs in `tests/user` run as tasks, and
//! every fault they take ends where it ends on Linux.

use kcore::ktest::{Failure, TestResult};
use kcore::{kassert, kassert_eq, ktest};

use crate::{memory, task, userprogs};

/// Runs an embedded program and returns its wait status, checking that
/// every frame it used came back.
fn run(name: &str, argv: &[&str]) -> Result<i32, Failure> {
    let image =
        userprogs::get(name).ok_or_else(|| Failure::Fail(alloc::format!("no program {name}")))?;
    task::memory(); // the shared zero page is allocated once, up front
    let before = memory::frames().free_count();
    let status = task::run(image, argv).map_err(|e| Failure::Fail(alloc::format!("{e:?}")))?;
    let after = memory::frames().free_count();
    if after != before {
        return Err(Failure::Fail(alloc::format!(
            "{name}: {} frames leaked",
            before as i64 - after as i64
        )));
    }
    Ok(status)
}

/// Exit status 0 (wait status 0x0000).
fn exits_ok(case: &str) -> TestResult {
    let status = run("faults", &["faults", case])?;
    kassert_eq!(status, 0);
    Ok(())
}

/// Killed by `sig`.
fn killed_by(case: &str, sig: i32) -> TestResult {
    let status = run("faults", &["faults", case])?;
    kassert_eq!(status & 0x7f, sig);
    Ok(())
}

ktest! {
    suite = "user";

    /// A static ELF runs in problem state with its arguments and exits 0.
    fn hello_runs_and_exits() {
        let status = run("hello", &["hello", "one", "two"])?;
        kassert_eq!(status, 0);
        Ok(())
    }

    /// Two different programs in a row.
    fn zz_faults_then_hello() {
        exits_ok("exit_frees")?;
        let status = run("hello", &["hello"])?;
        kassert_eq!(status, 0);
        exits_ok("exit_frees")?;
        Ok(())
    }

    /// The same program twice in a row.
    fn hello_again() {
        let status = run("hello", &["hello"])?;
        kassert_eq!(status, 0);
        Ok(())
    }

    /// Unmapped read: SIGSEGV/SEGV_MAPERR with si_addr = the page.
    fn segv_maperr() {
        exits_ok("segv_maperr")
    }

    /// Write to a read-only VMA: SIGSEGV/SEGV_ACCERR.
    fn segv_accerr() {
        exits_ok("segv_accerr")
    }

    /// A handler that mprotects the page lets the store resume and complete.
    fn mprotect_fix_resumes() {
        exits_ok("mprotect_fix")
    }

    /// Fork: parent and child each see their own writes.
    fn fork_cow() {
        exits_ok("fork_cow")
    }

    /// Executing a page without PROT_EXEC: SIGSEGV/SEGV_ACCERR.
    fn noexec() {
        exits_ok("noexec")
    }

    /// A user access to kernel memory: SIGSEGV.
    fn kernel_memory_is_unreachable() {
        exits_ok("kernel_access")
    }

    /// A task that exits with mappings frees every frame (checked by run).
    fn exit_frees_every_frame() {
        exits_ok("exit_frees")
    }

    /// System-call edge cases return -errno, never oops.
    fn syscall_edge_cases() {
        exits_ok("syscalls")
    }

    /// The stack grows on demand to its limit, then SIGSEGV kills the task.
    fn stack_grows_then_overflows() {
        killed_by("stack_grow", 11)
    }

    /// A corrupt frame handed to rt_sigreturn kills the task with SIGSEGV.
    fn corrupt_sigreturn_frame_kills() {
        killed_by("bad_sigreturn", 11)
    }

    /// An OOM kill leaves the kernel alive with no frame leaked.
    fn oom_kill_frees_everything() {
        killed_by("oom", 9)
    }

    /// The kernel's counters saw the faults.
    fn counters_move() {
        let before = task::sched::vma_lock_totals();
        exits_ok("exit_frees")?;
        let after = task::sched::vma_lock_totals();
        kassert!(after.minor >= before.minor + 256, "minor faults {} -> {}", before.minor, after.minor);
        Ok(())
    }
}
