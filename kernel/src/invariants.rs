//! The kernel's own invariants at the end of a run: once the first task
//! (and with it every other) has gone, everything a run took comes back.
//!
//! What "back" means, precisely. The baseline is taken before the initrd
//! is unpacked, with the kernel's one permanent user-memory object (the
//! shared zero page and the frame allocator's handle, `task::memory`)
//! already made. The end is measured after the first task has exited,
//! every other task has been killed and freed (`task::switch::finish_run`),
//! and the root file system built from the initrd has been dropped with
//! everything it caches: its inodes, its page caches (the frames of file
//! pages and their index). So there is no allowance: what a run
//! legitimately caches lives in that file system and goes with it, and
//! the run's global state keeps no heap (the task table's run queue gives
//! its buffer back, the sleepers' list too, and the set of unknown system
//! calls already logged is a fixed bitmap). Then:
//!
//! - frames: the free-frame count equals the baseline's;
//! - heap: the bytes in use (`heap::usage`, blocks cached for reuse by
//!   size class counted as free) equal the baseline's;
//! - tasks: no task other than the first was still alive when it exited
//!   (the kernel killed them; a run whose program reaps all its children
//!   leaves none);
//! - locks: no spin lock is held (`ksync::held_count`; counted in
//!   self-test builds only, `make test`'s: a production kernel prints
//!   `locks unchecked`).

use kcore::println;

/// What is compared: taken before the run and after it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Snapshot {
    /// Free frames.
    pub frames: usize,
    /// Heap bytes in use.
    pub heap: usize,
}

/// The current free-frame count and heap use.
pub fn snapshot() -> Snapshot {
    Snapshot {
        frames: crate::memory::frames().free_count(),
        heap: crate::heap::usage().0,
    }
}

/// Compares the end of a run with `before`, prints one line (the harness
/// checks it) and says whether every invariant holds.
pub fn check(before: Snapshot) -> bool {
    let after = snapshot();
    let tasks = crate::task::switch::tasks_left_at_end();
    let locks = ksync::held_count();
    let hold = after == before && tasks == 0 && locks.unwrap_or(0) == 0;
    let locks = match locks {
        Some(n) => alloc::format!("{n}"),
        None => alloc::string::String::from("unchecked"),
    };
    println!(
        "invariants: frames {}/{} heap {}/{} tasks {} locks {}: {}",
        after.frames,
        before.frames,
        after.heap,
        before.heap,
        tasks,
        locks,
        if hold { "all hold" } else { "BROKEN" }
    );
    hold
}
