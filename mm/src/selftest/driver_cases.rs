//! The fault driver and `handle_mm_fault`'s contract: flags, access
//! checks, lock release, races with writers.

use alloc::sync::Arc;
use alloc::vec::Vec;

use super::anon_cases::map;
use super::{ctx, ensure, ensure_eq, Case, CaseResult};
use crate::arch::Arch;
use crate::memory::Memory;
use crate::{AccessError, FaultFlags, FaultOutcome, Mm, SignalKind, VmFault, VmaFlags, PAGE_SIZE};

pub(super) fn cases<A: Arch>() -> Vec<Case<A>> {
    alloc::vec![
        (
            "core_contradictory_flags_are_sigsegv",
            contradictions::<A> as fn(&Arc<Memory<A>>) -> CaseResult
        ),
        ("core_access_checks_are_sigsegv", core_access_checks::<A>),
        ("driver_access_errors_are_typed", driver_access_errors::<A>),
        ("driver_kernel_faults_skip_the_vma_lock", kernel_faults::<A>),
        ("vma_lock_race_with_a_writer_is_retry", race_is_retry::<A>),
        (
            "vma_lock_cache_never_outlives_its_vma",
            cache_follows_changes::<A>
        ),
    ]
}

const P: u64 = PAGE_SIZE;
const USER: FaultFlags = FaultFlags::DEFAULT.union(FaultFlags::USER);

/// The per-VMA lookup's one-entry cache answers like the tree: after
/// munmap, mprotect or a replacing mmap, the cached VMA is gone, and a
/// fault finds the VMA that is there now (or none).
fn cache_follows_changes<A: Arch>(mem: &Arc<Memory<A>>) -> CaseResult {
    let mm = ctx(Mm::new(mem.clone()), "Mm::new")?;
    let a = map(&mm, 2, VmaFlags::rw())?;
    let first = mm.lock_vma(a).ok_or("no VMA")?.vma().clone();
    let again = mm.lock_vma(a + P).ok_or("no VMA")?.vma().clone();
    ensure!(
        Arc::ptr_eq(&first, &again),
        "a second lookup found another VMA"
    );
    drop(again);
    ctx(mm.mprotect(a + P, P, VmaFlags::READ), "mprotect")?;
    ensure!(first.lock.is_detached(), "mprotect kept the old VMA");
    ensure_eq!(Arc::strong_count(&first), 1, "references after mprotect");
    let g = mm.lock_vma(a + P).ok_or("no VMA after mprotect")?;
    ensure_eq!(g.vma().range(), a + P..a + 2 * P, "VMA after mprotect");
    ensure_eq!(g.vma().flags(), VmaFlags::ro(), "flags after mprotect");
    drop(g);
    ctx(mm.munmap(a + P, P), "munmap")?;
    ensure!(
        mm.lock_vma(a + P).is_none(),
        "a fault found an unmapped VMA"
    );
    let err = mm.write(a + P, b"x").err();
    ensure!(
        err.is_some_and(|e| e.is_access(AccessError::NoVma)),
        "store to an unmapped page: {err:?}"
    );
    ensure_eq!(Arc::strong_count(&first), 1, "references to a retired VMA");
    ensure_eq!(mm.vma_readers(), 0, "VMA locks held");
    Ok(())
}

fn contradictions<A: Arch>(mem: &Arc<Memory<A>>) -> CaseResult {
    let mm = ctx(Mm::new(mem.clone()), "Mm::new")?;
    let a = map(&mm, 1, VmaFlags::rw())?;
    let bad = [
        FaultFlags::TRIED | FaultFlags::USER,
        USER | FaultFlags::UNSHARE | FaultFlags::WRITE,
        USER | FaultFlags::VMA_LOCK | FaultFlags::RETRY_NOWAIT,
    ];
    for flags in bad {
        let mut g = mm.lock_mmap(a).ok_or("no VMA")?;
        let fault = mm.handle_mm_fault(&mut g, a, flags);
        ensure_eq!(fault, VmFault::SIGSEGV, alloc::format!("flags {flags:?}"));
        ensure!(g.is_held(), "an error result released the lock");
    }
    // VMA_LOCK while holding the mmap lock is a caller bug, refused too.
    let mut g = mm.lock_mmap(a).ok_or("no VMA")?;
    let fault = mm.handle_mm_fault(&mut g, a, USER | FaultFlags::VMA_LOCK);
    ensure_eq!(fault, VmFault::SIGSEGV, "VMA_LOCK without the VMA lock");
    drop(g);
    ensure_eq!(
        mm.pte(a).is_populated(),
        false,
        "a refused fault mapped a page"
    );
    Ok(())
}

fn core_access_checks<A: Arch>(mem: &Arc<Memory<A>>) -> CaseResult {
    let mm = ctx(Mm::new(mem.clone()), "Mm::new")?;
    let never_writable = map(&mm, 1, VmaFlags::READ | VmaFlags::MAYREAD)?;
    let read_only = map(&mm, 1, VmaFlags::ro())?;
    let no_exec = map(&mm, 1, VmaFlags::rw())?;
    let guard = map(&mm, 1, VmaFlags::none())?;
    let cases = [
        (never_writable, USER | FaultFlags::WRITE),
        (read_only, USER | FaultFlags::WRITE),
        (no_exec, USER | FaultFlags::INSTRUCTION),
        (guard, USER),
    ];
    for (addr, flags) in cases {
        let mut g = mm.lock_mmap(addr).ok_or("no VMA")?;
        let fault = mm.handle_mm_fault(&mut g, addr, flags);
        ensure_eq!(
            fault,
            VmFault::SIGSEGV,
            alloc::format!("{addr:#x} {flags:?}")
        );
    }
    Ok(())
}

fn driver_access_errors<A: Arch>(mem: &Arc<Memory<A>>) -> CaseResult {
    let mm = ctx(Mm::new(mem.clone()), "Mm::new")?;
    let ro = map(&mm, 1, VmaFlags::ro())?;
    let guard = map(&mm, 1, VmaFlags::none())?;
    let exec_only = map(&mm, 1, VmaFlags::EXEC | VmaFlags::MAY)?;
    let unmapped = guard + 1024 * P;
    let fault = |addr, flags: FaultFlags, access| mm.fault(addr, flags, access, &mut || false);
    let no_vma = FaultOutcome::Access(AccessError::NoVma);
    let bad = FaultOutcome::Access(AccessError::BadAccess);
    let done = FaultOutcome::Fault(VmFault::empty());
    let (read, write, exec) = (VmaFlags::READ, VmaFlags::WRITE, VmaFlags::EXEC);
    ensure_eq!(fault(unmapped, USER, read), no_vma, "no VMA");
    ensure_eq!(
        fault(ro, USER | FaultFlags::WRITE, write),
        bad,
        "write to read-only"
    );
    ensure_eq!(fault(guard, USER, VmaFlags::ACCESS), bad, "guard region");
    ensure_eq!(
        fault(ro, USER | FaultFlags::INSTRUCTION, exec),
        bad,
        "fetch from no-exec"
    );
    ensure_eq!(fault(ro, USER, read), done, "read");
    // Which VMAs let a load through is the caller's rule.
    ensure_eq!(
        fault(exec_only, USER, read),
        bad,
        "load from exec-only, READ needed"
    );
    ensure_eq!(
        fault(exec_only, USER, VmaFlags::ACCESS),
        done,
        "load from exec-only, any access will do"
    );
    ensure_eq!(
        AccessError::NoVma.signal(),
        SignalKind::SegvMapErr,
        "no VMA"
    );
    ensure_eq!(
        AccessError::BadAccess.signal(),
        SignalKind::SegvAccErr,
        "bad access"
    );
    ensure_eq!(mm.vma_readers(), 0, "VMA readers");
    Ok(())
}

fn kernel_faults<A: Arch>(mem: &Arc<Memory<A>>) -> CaseResult {
    let mm = ctx(Mm::new(mem.clone()), "Mm::new")?;
    let a = map(&mm, 1, VmaFlags::rw())?;
    let flags = FaultFlags::DEFAULT | FaultFlags::WRITE;
    let out = mm.fault(a, flags, VmaFlags::WRITE, &mut || false);
    ensure_eq!(
        out,
        FaultOutcome::Fault(VmFault::empty()),
        "kernel-mode write fault"
    );
    let c = mm.counters();
    ensure_eq!(
        (c.vma_lock_success, c.vma_lock_abort, c.vma_lock_retry),
        (0, 0, 0),
        "VMA-lock events for a kernel fault"
    );
    ensure_eq!(c.minor, 1, "minor faults");
    Ok(())
}

fn race_is_retry<A: Arch>(mem: &Arc<Memory<A>>) -> CaseResult {
    let frames = mem.frames();
    let mm = ctx(Mm::new(mem.clone()), "Mm::new")?;
    let a = map(&mm, 2, VmaFlags::rw())?;
    ctx(mm.write(a + P, b"x"), "populate the tables")?;
    let free = frames.free_count();
    // A fault holds the VMA; a writer changes it without waiting.
    let mut g = mm.lock_vma(a).ok_or("lock_vma failed")?;
    ctx(
        mm.mprotect(a + P, P, VmaFlags::READ),
        "mprotect while a fault holds the VMA",
    )?;
    ensure!(
        g.vma().lock.is_detached(),
        "the writer did not retire the VMA"
    );
    let fault = mm.handle_mm_fault(&mut g, a, USER | FaultFlags::WRITE | FaultFlags::VMA_LOCK);
    ensure_eq!(fault, VmFault::RETRY, "fault that raced with mprotect");
    ensure!(!g.is_held(), "RETRY left the VMA lock held");
    drop(g);
    ensure_eq!(
        frames.free_count(),
        free,
        "frames after the backed-out fault"
    );
    ensure!(
        !mm.pte(a).is_populated(),
        "the stale fault installed an entry"
    );
    // A new lookup finds the new VMA and succeeds.
    let before = mm.counters();
    ctx(mm.write(a, b"y"), "write after the race")?;
    let after = mm.counters();
    ensure_eq!(
        after.vma_lock_success,
        before.vma_lock_success + 1,
        "VMA-lock successes"
    );
    Ok(())
}
