//! Object-backed mappings: page cache, major faults, SIGBUS past the end,
//! private copies, shared writes, pages held in I/O, poison.

use alloc::sync::Arc;
use alloc::vec::Vec;

use super::{ctx, ensure, ensure_eq, Case, CaseResult};
use crate::arch::Arch;
use crate::memory::Memory;
use crate::{
    Backing, FaultFlags, FileObject, IoCompletion, Mm, Placement, VmFault, VmaFlags, PAGE_SIZE,
};

pub(super) fn cases<A: Arch>() -> Vec<Case<A>> {
    alloc::vec![
        (
            "file_first_touch_is_major_then_cached",
            major_then_minor::<A> as fn(&Arc<Memory<A>>) -> CaseResult
        ),
        ("file_access_past_the_end_is_sigbus", past_eof::<A>),
        ("file_private_write_copies_done_cow", private_write::<A>),
        ("file_shared_write_is_seen_by_all", shared_write::<A>),
        (
            "file_page_in_io_vma_lock_retry_then_success",
            io_vma_lock_retry::<A>
        ),
        (
            "file_page_in_io_mmap_lock_completed",
            io_mmap_lock_completed::<A>
        ),
        ("file_page_in_io_nowait_retry_keeps_it_held", io_nowait::<A>),
        ("file_page_in_io_through_the_driver", io_driver::<A>),
        ("file_poisoned_page_is_hwpoison", poisoned::<A>),
    ]
}

const P: u64 = PAGE_SIZE;

fn pattern(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 7 + i / 4096) as u8).collect()
}

fn map_file<A: Arch>(
    mm: &Mm<A>,
    obj: &Arc<FileObject<A>>,
    pages: u64,
    flags: VmaFlags,
) -> Result<u64, alloc::string::String> {
    let backing = Backing::Object {
        object: obj.clone(),
        offset: 0,
    };
    ctx(
        mm.mmap(Placement::Anywhere, pages * P, flags, backing),
        "mmap file",
    )
}

fn major_then_minor<A: Arch>(mem: &Arc<Memory<A>>) -> CaseResult {
    let data = pattern(2 * P as usize);
    let obj = FileObject::file(mem.clone(), data.clone());
    let mm = ctx(Mm::new(mem.clone()), "Mm::new")?;
    let a = map_file(&mm, &obj, 2, VmaFlags::ro())?;
    let mut buf = alloc::vec![0u8; 2 * P as usize];
    ctx(mm.read(a, &mut buf), "read")?;
    ensure!(buf == data, "file contents differ");
    let c = mm.counters();
    ensure_eq!((c.major, c.minor), (2, 0), "(major, minor) faults");
    let other = ctx(Mm::new(mem.clone()), "Mm::new")?;
    let b = map_file(&other, &obj, 2, VmaFlags::ro())?;
    ctx(other.read(b + P, &mut buf[..8]), "read")?;
    let c = other.counters();
    ensure_eq!(
        (c.major, c.minor),
        (0, 1),
        "(major, minor) faults on a cached page"
    );
    ensure_eq!(obj.cached_pages(), 2, "cached pages");
    Ok(())
}

fn past_eof<A: Arch>(mem: &Arc<Memory<A>>) -> CaseResult {
    let obj = FileObject::file(mem.clone(), pattern(P as usize + 100));
    let mm = ctx(Mm::new(mem.clone()), "Mm::new")?;
    let a = map_file(&mm, &obj, 3, VmaFlags::ro())?;
    let mut tail = [0xffu8; 8];
    ctx(mm.read(a + P + 96, &mut tail), "read the partial last page")?;
    ensure_eq!(&tail[4..], &[0u8; 4], "bytes past the end of the object");
    let err = mm.read(a + 2 * P, &mut [0u8; 1]).err();
    ensure!(
        err.is_some_and(|e| e.is_fault(VmFault::SIGBUS)),
        "read past the end: {err:?}"
    );
    Ok(())
}

fn private_write<A: Arch>(mem: &Arc<Memory<A>>) -> CaseResult {
    let data = pattern(P as usize);
    let obj = FileObject::file(mem.clone(), data.clone());
    let mm = ctx(Mm::new(mem.clone()), "Mm::new")?;
    let a = map_file(&mm, &obj, 1, VmaFlags::rw())?;
    let flags = FaultFlags::DEFAULT | FaultFlags::USER | FaultFlags::WRITE;
    let fault = {
        let mut g = mm.lock_mmap(a).ok_or("no VMA")?;
        mm.handle_mm_fault(&mut g, a, flags)
    };
    ensure_eq!(
        fault,
        VmFault::MAJOR | VmFault::DONE_COW,
        "private write fault"
    );
    ctx(mm.write(a, b"mine"), "write")?;
    let other = ctx(Mm::new(mem.clone()), "Mm::new")?;
    let b = map_file(&other, &obj, 1, VmaFlags::ro())?;
    let mut buf = [0u8; 4];
    ctx(other.read(b, &mut buf), "read")?;
    ensure_eq!(&buf[..], &data[..4], "the object after a private write");
    ctx(mm.read(a, &mut buf), "read")?;
    ensure_eq!(&buf, b"mine", "the private copy");
    Ok(())
}

fn shared_write<A: Arch>(mem: &Arc<Memory<A>>) -> CaseResult {
    let obj = FileObject::file(mem.clone(), pattern(P as usize));
    let one = ctx(Mm::new(mem.clone()), "Mm::new")?;
    let two = ctx(Mm::new(mem.clone()), "Mm::new")?;
    let shared = VmaFlags::rw() | VmaFlags::SHARED;
    let a = map_file(&one, &obj, 1, shared)?;
    let b = map_file(&two, &obj, 1, shared)?;
    let mut buf = [0u8; 5];
    ctx(two.read(b, &mut buf), "read first")?;
    ctx(one.write(a, b"share"), "write")?;
    ctx(two.read(b, &mut buf), "read")?;
    ensure_eq!(&buf, b"share", "the other space sees the write");
    ensure_eq!(one.counters().cow, 0, "no copy for a shared write");
    Ok(())
}

fn io_vma_lock_retry<A: Arch>(mem: &Arc<Memory<A>>) -> CaseResult {
    let obj = FileObject::file(mem.clone(), pattern(P as usize));
    let mm = ctx(Mm::new(mem.clone()), "Mm::new")?;
    let a = map_file(&mm, &obj, 1, VmaFlags::ro())?;
    ctx(obj.hold_io(0, IoCompletion::OnWait), "hold_io")?;
    let flags = FaultFlags::DEFAULT | FaultFlags::USER;
    let mut g = mm.lock_vma(a).ok_or("lock_vma failed")?;
    let fault = mm.handle_mm_fault(&mut g, a, flags | FaultFlags::VMA_LOCK);
    ensure_eq!(fault, VmFault::RETRY, "fault on a page in I/O");
    ensure!(!g.is_held(), "RETRY left the VMA lock held");
    drop(g);
    ensure_eq!(mm.vma_readers(), 0, "VMA readers after RETRY");
    let mut g = mm.lock_mmap(a).ok_or("no VMA")?;
    let fault = mm.handle_mm_fault(&mut g, a, flags | FaultFlags::TRIED);
    ensure_eq!(fault, VmFault::empty(), "the retry");
    ensure!(g.is_held(), "a plain success dropped the lock");
    drop(g);
    ensure!(mm.pte(a).is_present(), "no entry after the retry");
    Ok(())
}

fn io_mmap_lock_completed<A: Arch>(mem: &Arc<Memory<A>>) -> CaseResult {
    let data = pattern(P as usize);
    let obj = FileObject::file(mem.clone(), data.clone());
    let mm = ctx(Mm::new(mem.clone()), "Mm::new")?;
    let a = map_file(&mm, &obj, 1, VmaFlags::ro())?;
    ctx(obj.hold_io(0, IoCompletion::OnWait), "hold_io")?;
    let mut g = mm.lock_mmap(a).ok_or("no VMA")?;
    let fault = mm.handle_mm_fault(&mut g, a, FaultFlags::DEFAULT | FaultFlags::USER);
    ensure_eq!(fault, VmFault::COMPLETED, "waiter on the mmap lock");
    ensure!(!g.is_held(), "COMPLETED left the mmap lock held");
    drop(g);
    ensure!(mm.pte(a).is_present(), "COMPLETED without an entry");
    let mut buf = [0u8; 16];
    ctx(mm.read(a, &mut buf), "read")?;
    ensure_eq!(&buf[..], &data[..16], "contents");
    // The mmap lock really is free again.
    ctx(mm.munmap(a, P), "munmap")?;
    Ok(())
}

fn io_nowait<A: Arch>(mem: &Arc<Memory<A>>) -> CaseResult {
    let obj = FileObject::file(mem.clone(), pattern(P as usize));
    let mm = ctx(Mm::new(mem.clone()), "Mm::new")?;
    let a = map_file(&mm, &obj, 1, VmaFlags::ro())?;
    ctx(obj.hold_io(0, IoCompletion::External), "hold_io")?;
    let flags = FaultFlags::DEFAULT | FaultFlags::RETRY_NOWAIT;
    let mut g = mm.lock_mmap(a).ok_or("no VMA")?;
    ensure_eq!(
        mm.handle_mm_fault(&mut g, a, flags),
        VmFault::RETRY,
        "NOWAIT fault"
    );
    ensure!(!g.is_held(), "RETRY left the lock held");
    drop(g);
    ctx(obj.complete_io(0), "complete_io")?;
    let mut g = mm.lock_mmap(a).ok_or("no VMA")?;
    let fault = mm.handle_mm_fault(&mut g, a, flags | FaultFlags::TRIED);
    ensure_eq!(fault, VmFault::empty(), "after the I/O completed");
    Ok(())
}

fn io_driver<A: Arch>(mem: &Arc<Memory<A>>) -> CaseResult {
    let obj = FileObject::file(mem.clone(), pattern(P as usize));
    let mm = ctx(Mm::new(mem.clone()), "Mm::new")?;
    let a = map_file(&mm, &obj, 1, VmaFlags::ro())?;
    ctx(obj.hold_io(0, IoCompletion::OnWait), "hold_io")?;
    ctx(mm.read(a, &mut [0u8; 4]), "read through the driver")?;
    let c = mm.counters();
    ensure_eq!(c.vma_lock_retry, 1, "per-VMA retries");
    ensure!(c.retries >= 1, "RETRY not counted: {c}");
    ensure_eq!(mm.vma_readers(), 0, "VMA readers");
    Ok(())
}

fn poisoned<A: Arch>(mem: &Arc<Memory<A>>) -> CaseResult {
    let obj = FileObject::file(mem.clone(), pattern(2 * P as usize));
    ctx(obj.poison_page(1), "poison_page")?;
    let mm = ctx(Mm::new(mem.clone()), "Mm::new")?;
    let a = map_file(&mm, &obj, 2, VmaFlags::ro())?;
    ctx(mm.read(a, &mut [0u8; 1]), "healthy page")?;
    let err = mm.read(a + P, &mut [0u8; 1]).err();
    ensure!(
        err.is_some_and(|e| e.is_fault(VmFault::HWPOISON)),
        "poisoned page: {err:?}"
    );
    Ok(())
}
