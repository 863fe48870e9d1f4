//! What one user can take from the kernel: `tests/c/limits.c` forks,
//! splits VMAs, opens files and makes pipes until Linux's limits (or the
//! kernel's memory) stop it with Linux's errno, never a panic, and every
//! frame and every byte of kernel heap comes back once it has exited.

use kcore::ktest::{Failure, TestResult};
use kcore::{kassert, kassert_eq, ktest};

use crate::{heap, memory, task, userprogs};

/// Runs `limits argv...` and checks it passed, and that the frames and
/// the heap it used all came back.
fn run_limits(argv: &[&str]) -> TestResult {
    run_limits_times(argv, 2)
}

/// As [`run_limits`], `runs` times (1 or 2): a run that makes tasks
/// leaves the task table and the run queue sized for them, so the heap
/// is then measured around a second run.
fn run_limits_times(argv: &[&str], runs: usize) -> TestResult {
    let image =
        userprogs::get("limits").ok_or_else(|| Failure::Fail("no program limits".into()))?;
    // The shared zero page is allocated once, up front.
    task::memory();
    let mut used = [0usize; 2];
    for u in &mut used[2 - runs..] {
        let frames = memory::frames().free_count();
        let heap_before = heap::usage().0;
        let status = task::run(image, argv).map_err(|e| Failure::Fail(alloc::format!("{e:?}")))?;
        kassert_eq!(status, 0);
        kassert_eq!(memory::frames().free_count(), frames);
        *u = heap::usage().0.saturating_sub(heap_before);
    }
    kcore::pr_info!("limits {argv:?}: heap bytes kept by each run {used:?}");
    kassert!(
        used[1] == 0,
        "{} heap bytes kept after the second run",
        used[1]
    );
    kassert!(mm::kmem::spare() > 0, "no heap left for tasks");
    Ok(())
}

/// The most tasks the fork loop is run to.
const FORK_LOOP_MAX_TASKS: u64 = 1024;

/// RAM large enough for 65,530 VMAs in the kernel heap.
const EXACT_MAP_COUNT_RAM: u64 = 256 << 20;

ktest! {
    suite = "limits";

    /// A fork loop whose children block ends with EAGAIN at Linux's
    /// max_threads (or ENOMEM when memory runs out first); the parent
    /// kills and reaps them all and can fork again. Only where that is a
    /// few hundred tasks (the `limits-64M` boot): thousands take minutes.
    fn fork_until_eagain() {
        let max = task::attrs::max_threads(task::attrs::ram_pages());
        if max > FORK_LOOP_MAX_TASKS {
            kcore::kskip!("max_threads is {max} here: the 64 MiB boot runs it");
        }
        run_limits(&["limits", "fork"])
    }

    /// RLIMIT_NPROC binds a user that is not root: EAGAIN at the limit.
    fn fork_until_rlimit_nproc() {
        run_limits(&["limits", "nproc"])
    }

    /// One mapping split into single-page VMAs stops with ENOMEM: at
    /// vm.max_map_count exactly, with Linux's boundary, when the heap
    /// can hold that many; earlier, for want of heap, when it cannot.
    fn mprotect_until_max_map_count() {
        let l = memory::layout();
        let exact = l.ram.end - l.ram.start >= EXACT_MAP_COUNT_RAM;
        if exact {
            run_limits_times(&["limits", "maps", "exact"], 1)
        } else {
            run_limits_times(&["limits", "maps"], 1)
        }
    }

    /// Opens until EMFILE at RLIMIT_NOFILE, and past it to the hard limit.
    fn open_until_emfile() {
        run_limits(&["limits", "files"])
    }

    /// Pipes until EMFILE.
    fn pipe_until_emfile() {
        run_limits(&["limits", "pipes"])
    }

    /// The stack grows to RLIMIT_STACK and no further (SIGSEGV).
    fn stack_stops_at_rlimit_stack() {
        run_limits(&["limits", "stack"])
    }
}
