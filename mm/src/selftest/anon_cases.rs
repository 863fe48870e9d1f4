//! Anonymous memory: zero page, zero-fill, copy-on-write, fork, poison,
//! out of memory.

use alloc::sync::Arc;
use alloc::vec::Vec;

use super::{ctx, ensure, ensure_eq, Case, CaseResult, Drain};
use crate::arch::{Arch, PteFlags};
use crate::memory::Memory;
use crate::{Backing, Mm, Placement, VmFault, VmaFlags, PAGE_SIZE};

pub(super) fn cases<A: Arch>() -> Vec<Case<A>> {
    alloc::vec![
        (
            "anon_read_maps_the_zero_page",
            read_maps_zero_page::<A> as fn(&Arc<Memory<A>>) -> CaseResult
        ),
        (
            "anon_write_allocates_a_zeroed_frame",
            write_allocates_zeroed::<A>
        ),
        (
            "anon_write_after_read_breaks_the_zero_page",
            zero_page_cow::<A>
        ),
        ("anon_fork_copies_on_write_then_reuses", fork_cow::<A>),
        ("anon_fork_keeps_shared_memory_shared", fork_shared::<A>),
        ("anon_exit_frees_every_frame", exit_frees::<A>),
        ("anon_poisoned_page_is_hwpoison", hwpoison::<A>),
        ("anon_oom_leaks_no_page_table", oom_no_leak::<A>),
    ]
}

pub(super) fn map<A: Arch>(
    mm: &Mm<A>,
    pages: u64,
    flags: VmaFlags,
) -> Result<u64, alloc::string::String> {
    ctx(
        mm.mmap(Placement::Anywhere, pages * PAGE_SIZE, flags, Backing::Anon),
        "mmap",
    )
}

fn read_maps_zero_page<A: Arch>(mem: &Arc<Memory<A>>) -> CaseResult {
    let mm = ctx(Mm::new(mem.clone()), "Mm::new")?;
    let a = map(&mm, 2, VmaFlags::rw())?;
    let mut buf = [0xffu8; 16];
    ctx(mm.read(a + 100, &mut buf), "read")?;
    ensure_eq!(buf, [0u8; 16], "untouched memory reads as zero");
    let pte = mm.pte(a);
    ensure_eq!(pte.frame, mem.zero_page(), "a read maps the zero page");
    ensure!(
        !pte.flags.contains(PteFlags::WRITE),
        "zero page mapped writable"
    );
    ensure_eq!(mm.counters().minor, 1, "minor faults");
    Ok(())
}

fn write_allocates_zeroed<A: Arch>(mem: &Arc<Memory<A>>) -> CaseResult {
    let mm = ctx(Mm::new(mem.clone()), "Mm::new")?;
    let a = map(&mm, 1, VmaFlags::rw())?;
    ctx(mm.write(a + 7, &[0xab]), "write")?;
    let pte = mm.pte(a);
    ensure!(pte.frame != mem.zero_page(), "a write used the zero page");
    ensure!(
        pte.flags.contains(PteFlags::WRITE | PteFlags::DIRTY),
        "entry {pte:?}"
    );
    let mut buf = [0u8; 9];
    ctx(mm.read(a, &mut buf), "read")?;
    ensure_eq!(buf, [0, 0, 0, 0, 0, 0, 0, 0xab, 0], "page contents");
    Ok(())
}

fn zero_page_cow<A: Arch>(mem: &Arc<Memory<A>>) -> CaseResult {
    let mm = ctx(Mm::new(mem.clone()), "Mm::new")?;
    let a = map(&mm, 1, VmaFlags::rw())?;
    ctx(mm.read(a, &mut [0u8; 1]), "read")?;
    ctx(mm.write(a + 1, &[5]), "write")?;
    ensure!(mm.pte(a).frame != mem.zero_page(), "still the zero page");
    let mut z = [9u8; 1];
    let zero = mem.zero_page();
    mem.arch().read_phys(zero.addr() + 1, &mut z);
    ensure_eq!(z, [0], "the zero page was written");
    ensure_eq!(mm.counters().cow, 1, "COW breaks");
    Ok(())
}

fn fork_cow<A: Arch>(mem: &Arc<Memory<A>>) -> CaseResult {
    let parent = ctx(Mm::new(mem.clone()), "Mm::new")?;
    let a = map(&parent, 2, VmaFlags::rw())?;
    ctx(parent.write(a, b"parent"), "parent write")?;
    let frame = parent.pte(a).frame;
    let child = ctx(parent.fork(), "fork")?;
    ensure_eq!(mem.frames().refcount(frame), 2, "refcount after fork");
    ensure!(
        !parent.pte(a).flags.contains(PteFlags::WRITE),
        "parent still writable"
    );
    let mut buf = [0u8; 6];
    ctx(child.read(a, &mut buf), "child read")?;
    ensure_eq!(&buf, b"parent", "child sees the parent's data");
    ctx(child.write(a, b"child!"), "child write")?;
    ensure!(
        child.pte(a).frame != frame,
        "the child wrote the shared frame"
    );
    ensure_eq!(child.counters().cow, 1, "child COW copies");
    ctx(parent.read(a, &mut buf), "parent read")?;
    ensure_eq!(&buf, b"parent", "the parent's data after the child's write");
    // The child let go, so the parent's write reuses the frame.
    ctx(parent.write(a, b"again!"), "parent write")?;
    ensure_eq!(parent.pte(a).frame, frame, "parent frame after reuse");
    ensure_eq!(parent.counters().cow, 0, "parent COW copies");
    ctx(child.read(a, &mut buf), "child read")?;
    ensure_eq!(&buf, b"child!", "child data");
    Ok(())
}

fn fork_shared<A: Arch>(mem: &Arc<Memory<A>>) -> CaseResult {
    let parent = ctx(Mm::new(mem.clone()), "Mm::new")?;
    let a = map(&parent, 1, VmaFlags::rw() | VmaFlags::SHARED)?;
    ctx(parent.write(a, b"one"), "parent write")?;
    let child = ctx(parent.fork(), "fork")?;
    ctx(child.write(a, b"two"), "child write")?;
    let mut buf = [0u8; 3];
    ctx(parent.read(a, &mut buf), "parent read")?;
    ensure_eq!(&buf, b"two", "the parent sees the child's write");
    drop(parent);
    ctx(child.read(a, &mut buf), "child read after parent exit")?;
    ensure_eq!(&buf, b"two", "shared data after the parent exited");
    Ok(())
}

fn exit_frees<A: Arch>(mem: &Arc<Memory<A>>) -> CaseResult {
    let frames = mem.frames();
    let before = frames.free_count();
    let mm = ctx(Mm::new(mem.clone()), "Mm::new")?;
    let a = map(&mm, 8, VmaFlags::rw())?;
    for p in 0..8 {
        ctx(mm.write(a + p * PAGE_SIZE, &[p as u8]), "write")?;
    }
    let child = ctx(mm.fork(), "fork")?;
    ctx(child.write(a, &[1]), "child write")?;
    ensure!(frames.free_count() < before, "nothing allocated");
    drop(mm);
    drop(child);
    ensure_eq!(frames.free_count(), before, "free frames after exit");
    Ok(())
}

fn hwpoison<A: Arch>(mem: &Arc<Memory<A>>) -> CaseResult {
    let mm = ctx(Mm::new(mem.clone()), "Mm::new")?;
    let a = map(&mm, 2, VmaFlags::rw())?;
    ctx(mm.write(a, b"x"), "write")?;
    ctx(mm.write(a + PAGE_SIZE, b"y"), "write")?;
    let quarantined = mem.frames().quarantined();
    ensure!(mm.memory_failure(a), "memory_failure found no page");
    ensure_eq!(
        mem.frames().quarantined(),
        quarantined + 1,
        "quarantined frames"
    );
    let err = match mm.read(a, &mut [0u8; 1]) {
        Ok(()) => return Err("read of a poisoned page succeeded".into()),
        Err(e) => e,
    };
    ensure!(err.is_fault(VmFault::HWPOISON), "poisoned page: {err}");
    ensure!(err.is_fault(VmFault::ERROR), "HWPOISON is an error");
    ctx(
        mm.read(a + PAGE_SIZE, &mut [0u8; 1]),
        "the neighbour is fine",
    )?;
    // Unmapping drops the marker: a new mapping there is clean.
    ctx(mm.munmap(a, PAGE_SIZE), "munmap")?;
    ctx(
        mm.mmap(
            Placement::Fixed(a),
            PAGE_SIZE,
            VmaFlags::rw(),
            Backing::Anon,
        ),
        "mmap again",
    )?;
    ctx(mm.write(a, b"z"), "write after remap")?;
    Ok(())
}

fn oom_no_leak<A: Arch>(mem: &Arc<Memory<A>>) -> CaseResult {
    let mm = ctx(Mm::new(mem.clone()), "Mm::new")?;
    let a = map(&mm, 1, VmaFlags::rw())?;
    let tables = mm.table_frames();
    let mut drain = Drain::leaving(mem, 0);
    let mut saw_oom = false;
    for k in 0..64 {
        let free = mem.frames().free_count();
        match mm.write(a, b"!") {
            Ok(()) => break,
            Err(e) if e.is_fault(VmFault::OOM) => {
                saw_oom = true;
                ensure_eq!(mem.frames().free_count(), free, "free frames after OOM");
                ensure_eq!(mm.table_frames(), tables, "page tables after OOM");
            }
            Err(e) => return Err(alloc::format!("write with {k} free frames: {e}")),
        }
        drain.release(1);
    }
    drop(drain);
    ensure!(saw_oom, "never ran out of memory");
    let mut b = [0u8; 1];
    ctx(mm.read(a, &mut b), "read back")?;
    ensure_eq!(&b, b"!", "data after recovering from OOM");
    Ok(())
}
