//! VMA operations: placement, munmap splitting, mprotect splitting and
//! merging, stack growth, and bad input.

use alloc::sync::Arc;
use alloc::vec::Vec;

use super::anon_cases::map;
use super::{ctx, ensure, ensure_eq, Case, CaseResult};
use crate::arch::{Arch, PteFlags};
use crate::memory::Memory;
use crate::{AccessError, Backing, Limits, Mm, MmError, Placement, VmaFlags, PAGE_SIZE};

pub(super) fn cases<A: Arch>() -> Vec<Case<A>> {
    alloc::vec![
        (
            "vma_placement_fixed_hint_anywhere",
            placement::<A> as fn(&Arc<Memory<A>>) -> CaseResult
        ),
        ("vma_munmap_splits_and_frees", munmap_splits::<A>),
        ("vma_mprotect_splits_and_merges", mprotect_split_merge::<A>),
        (
            "vma_mprotect_none_keeps_data",
            mprotect_none_keeps_data::<A>
        ),
        (
            "vma_mprotect_page_by_page_grows_the_neighbour",
            mprotect_page_by_page::<A>
        ),
        (
            "vma_mprotect_rw_makes_exclusive_dirty_pages_writable",
            mprotect_try_writable::<A>
        ),
        ("vma_bad_input_is_a_typed_error", bad_input::<A>),
        ("vma_stack_grows_down_within_limits", stack_growth::<A>),
        ("vma_max_map_count_where_linux_counts", max_map_count::<A>),
    ]
}

const P: u64 = PAGE_SIZE;
const BASE: u64 = 0x4000_0000;

fn placement<A: Arch>(mem: &Arc<Memory<A>>) -> CaseResult {
    let mm = ctx(Mm::new(mem.clone()), "Mm::new")?;
    let a = ctx(
        mm.mmap(Placement::Fixed(BASE), 4 * P, VmaFlags::rw(), Backing::Anon),
        "fixed",
    )?;
    ensure_eq!(a, BASE, "fixed address");
    let h = ctx(
        mm.mmap(Placement::Hint(BASE + P), P, VmaFlags::rw(), Backing::Anon),
        "hint",
    )?;
    ensure!(
        h >= BASE + 4 * P || h + P <= BASE,
        "the hint overlapped: {h:#x}"
    );
    let free = ctx(
        mm.mmap(
            Placement::Hint(BASE + 64 * P),
            P,
            VmaFlags::ro(),
            Backing::Anon,
        ),
        "hint",
    )?;
    ensure_eq!(free, BASE + 64 * P, "a free hint is taken");
    ctx(mm.write(BASE + P, b"old"), "write")?;
    // Fixed over an existing mapping replaces it (and its pages).
    ctx(
        mm.mmap(Placement::Fixed(BASE + P), P, VmaFlags::rw(), Backing::Anon),
        "fixed over",
    )?;
    let mut b = [1u8; 3];
    ctx(mm.read(BASE + P, &mut b), "read")?;
    ensure_eq!(b, [0u8; 3], "replaced mapping reads as new");
    ensure_eq!(mm.vmas().len(), 5, "VMAs after the replacing map");
    Ok(())
}

fn munmap_splits<A: Arch>(mem: &Arc<Memory<A>>) -> CaseResult {
    let frames = mem.frames();
    let mm = ctx(Mm::new(mem.clone()), "Mm::new")?;
    let a = map(&mm, 4, VmaFlags::rw())?;
    for p in 0..4 {
        ctx(mm.write(a + p * P, &[p as u8 + 1]), "write")?;
    }
    let free = frames.free_count();
    ctx(mm.munmap(a + P, 2 * P), "munmap")?;
    ensure_eq!(frames.free_count(), free + 2, "frames freed by munmap");
    ensure_eq!(
        mm.vmas().iter().map(|(r, _)| r.clone()).collect::<Vec<_>>(),
        alloc::vec![a..a + P, a + 3 * P..a + 4 * P],
        "VMAs after the split"
    );
    let err = mm.read(a + P, &mut [0u8; 1]).err();
    ensure!(
        err.is_some_and(|e| e.is_access(AccessError::NoVma)),
        "unmapped page: {err:?}"
    );
    let mut b = [0u8; 1];
    ctx(mm.read(a + 3 * P, &mut b), "read")?;
    ensure_eq!(b, [4], "data beyond the hole");
    ctx(mm.munmap(a, 64 * P), "munmap over holes")?;
    ensure_eq!(mm.vma_count(), 0, "VMAs left");
    Ok(())
}

fn mprotect_split_merge<A: Arch>(mem: &Arc<Memory<A>>) -> CaseResult {
    let mm = ctx(Mm::new(mem.clone()), "Mm::new")?;
    let a = map(&mm, 4, VmaFlags::rw())?;
    ctx(mm.write(a + P, b"data"), "write")?;
    ctx(mm.mprotect(a + P, 2 * P, VmaFlags::READ), "mprotect ro")?;
    ensure_eq!(mm.vma_count(), 3, "VMAs after the split");
    let err = mm.write(a + P, b"no").err();
    ensure!(
        err.is_some_and(|e| e.is_access(AccessError::BadAccess)),
        "write to a read-only page: {err:?}"
    );
    let mut b = [0u8; 4];
    ctx(mm.read(a + P, &mut b), "read")?;
    ensure_eq!(&b, b"data", "data after mprotect");
    ctx(
        mm.mprotect(a + P, 2 * P, VmaFlags::READ | VmaFlags::WRITE),
        "mprotect rw",
    )?;
    ensure_eq!(mm.vma_count(), 1, "VMAs after merging back");
    ctx(mm.write(a + P, b"more"), "write after merge")?;
    ctx(mm.read(a + P, &mut b), "read")?;
    ensure_eq!(&b, b"more", "data after merge");
    ensure_eq!(mm.counters().cow, 0, "the sole owner reused its page");
    Ok(())
}

/// mprotect of one page after another at the front of a read-only VMA
/// (what a SIGSEGV handler that unprotects on demand does) moves the
/// boundary: the writable VMA grows, the read-only one shrinks, and no
/// other VMA appears. Inside the read-only part it splits in three, and a
/// change to the flags a VMA already has still merges alike neighbours.
fn mprotect_page_by_page<A: Arch>(mem: &Arc<Memory<A>>) -> CaseResult {
    let mm = ctx(Mm::new(mem.clone()), "Mm::new")?;
    let a = map(&mm, 8, VmaFlags::ro())?;
    let rw = VmaFlags::READ | VmaFlags::WRITE;
    let layout = |mm: &Mm<A>| {
        mm.vmas()
            .into_iter()
            .map(|(r, f)| (r.start, r.end, f))
            .collect::<Vec<_>>()
    };
    for k in 0..4 {
        ctx(mm.mprotect(a + k * P, P, rw), "mprotect rw")?;
        ensure_eq!(
            layout(&mm),
            alloc::vec![
                (a, a + (k + 1) * P, VmaFlags::rw()),
                (a + (k + 1) * P, a + 8 * P, VmaFlags::ro())
            ],
            "VMAs after unprotecting a page"
        );
    }
    ctx(mm.mprotect(a + 6 * P, P, rw), "mprotect rw")?;
    ensure_eq!(mm.vma_count(), 4, "VMAs after a split in three");
    ctx(mm.mprotect(a + 6 * P, P, VmaFlags::READ), "mprotect ro")?;
    ensure_eq!(mm.vma_count(), 2, "VMAs after undoing the split");
    // Two alike mappings side by side stay apart until an mprotect
    // touches them.
    let b = ctx(
        mm.mmap(
            Placement::Fixed(a + 8 * P),
            2 * P,
            VmaFlags::ro(),
            Backing::Anon,
        ),
        "mmap",
    )?;
    ensure_eq!(mm.vma_count(), 3, "VMAs after an adjacent mmap");
    ctx(mm.mprotect(b + P, P, VmaFlags::READ), "mprotect ro")?;
    ensure_eq!(
        layout(&mm),
        alloc::vec![
            (a, a + 4 * P, VmaFlags::rw()),
            (a + 4 * P, a + 10 * P, VmaFlags::ro())
        ],
        "VMAs after a no-change mprotect"
    );
    Ok(())
}

/// mprotect(RW) makes an entry writable at once only where the write
/// fault it saves would have reused the page: a dirty page this space
/// alone owns. The zero page, a page shared with a fork child and a clean
/// page stay write-protected, so their next store still faults (to copy,
/// or to mark the page dirty).
fn mprotect_try_writable<A: Arch>(mem: &Arc<Memory<A>>) -> CaseResult {
    let mm = ctx(Mm::new(mem.clone()), "Mm::new")?;
    let a = map(&mm, 4, VmaFlags::rw())?;
    let (own, zero, shared, clean) = (a, a + P, a + 2 * P, a + 3 * P);
    ctx(mm.write(own, b"own"), "write")?;
    ctx(mm.read(zero, &mut [0u8; 1]), "read")?;
    ctx(mm.write(shared, b"shared"), "write")?;
    ctx(mm.write(clean, b"clean"), "write")?;
    // A clean, exclusively owned page: the same entry without DIRTY.
    let (arch, root) = (mem.arch(), mm.root());
    let slot = arch.walk(root, clean).ok_or("no table for a mapped page")?;
    let mut pte = arch.clear_pte(root, slot, clean);
    arch.flush(root, clean);
    pte.flags.remove(PteFlags::DIRTY);
    arch.set_pte(root, slot, clean, pte);
    ctx(mm.mprotect(a, 4 * P, VmaFlags::READ), "mprotect ro")?;
    let child = ctx(mm.fork(), "fork")?;
    ctx(child.munmap(a, 2 * P), "child munmap")?;
    ctx(child.munmap(clean, P), "child munmap")?;
    ctx(
        mm.mprotect(a, 4 * P, VmaFlags::READ | VmaFlags::WRITE),
        "mprotect rw",
    )?;
    let writable = |va| mm.pte(va).flags.contains(PteFlags::WRITE);
    ensure!(writable(own), "exclusive dirty page left write-protected");
    ensure!(!writable(zero), "the zero page was made writable");
    ensure!(
        !writable(shared),
        "a page shared with a child was made writable"
    );
    ensure!(!writable(clean), "a clean page was made writable");
    let before = mm.counters();
    ctx(mm.write(own, b"OWN"), "write")?;
    ensure_eq!(
        mm.counters(),
        before,
        "counters after a store that needs no fault"
    );
    ctx(mm.write(shared, b"parent"), "write")?;
    ensure_eq!(
        mm.counters().cow,
        before.cow + 1,
        "copies for the shared page"
    );
    let mut b = [0u8; 6];
    ctx(child.read(shared, &mut b), "child read")?;
    ensure_eq!(&b, b"shared", "the child's copy after the parent's store");
    ctx(mm.write(clean, b"dirty"), "write")?;
    ensure_eq!(
        mm.counters().cow,
        before.cow + 1,
        "copies for the clean page"
    );
    ensure!(
        mm.pte(clean).flags.contains(PteFlags::DIRTY),
        "the clean page's store marked it dirty"
    );
    ctx(mm.read(own, &mut b[..3]), "read")?;
    ensure_eq!(&b[..3], b"OWN", "data stored without a fault");
    Ok(())
}

fn mprotect_none_keeps_data<A: Arch>(mem: &Arc<Memory<A>>) -> CaseResult {
    let mm = ctx(Mm::new(mem.clone()), "Mm::new")?;
    let a = map(&mm, 2, VmaFlags::rw())?;
    ctx(mm.write(a, b"keep"), "write")?;
    ctx(mm.mprotect(a, 2 * P, VmaFlags::empty()), "mprotect none")?;
    let err = mm.read(a, &mut [0u8; 1]).err();
    ensure!(
        err.is_some_and(|e| e.is_access(AccessError::BadAccess)),
        "read of a PROT_NONE page: {err:?}"
    );
    ctx(
        mm.mprotect(a, 2 * P, VmaFlags::READ | VmaFlags::WRITE),
        "mprotect rw",
    )?;
    let mut b = [0u8; 4];
    ctx(mm.read(a, &mut b), "read")?;
    ensure_eq!(&b, b"keep", "data after PROT_NONE and back");
    Ok(())
}

fn bad_input<A: Arch>(mem: &Arc<Memory<A>>) -> CaseResult {
    let mm = ctx(Mm::new(mem.clone()), "Mm::new")?;
    let rw = VmaFlags::rw();
    let anon = || Backing::Anon;
    let limit = mem.arch().va_limit_max();
    let checks: [(Result<u64, MmError>, MmError); 9] = [
        (
            mm.mmap(Placement::Fixed(BASE + 1), P, rw, anon()),
            MmError::Unaligned,
        ),
        (
            mm.mmap(Placement::Fixed(BASE), 0, rw, anon()),
            MmError::ZeroLength,
        ),
        (
            mm.mmap(Placement::Fixed(BASE), u64::MAX, rw, anon()),
            MmError::Overflow,
        ),
        (
            mm.mmap(Placement::Fixed(!(P - 1)), 2 * P, rw, anon()),
            MmError::Overflow,
        ),
        (
            mm.mmap(Placement::Fixed(0), P, rw, anon()),
            MmError::OutOfRange,
        ),
        (
            mm.mmap(Placement::Fixed(limit), P, rw, anon()),
            match limit.checked_add(P) {
                Some(_) => MmError::OutOfRange,
                None => MmError::Overflow,
            },
        ),
        (
            mm.mmap(
                Placement::Anywhere,
                P,
                VmaFlags::WRITE | VmaFlags::MAYREAD,
                anon(),
            ),
            MmError::BadFlags("WRITE without MAYWRITE"),
        ),
        (
            mm.mmap(
                Placement::Anywhere,
                P,
                rw | VmaFlags::GROWSDOWN | VmaFlags::SHARED,
                anon(),
            ),
            MmError::BadFlags("GROWSDOWN with SHARED"),
        ),
        (
            mm.mmap(
                Placement::Anywhere,
                P,
                VmaFlags::from_bits_retain(0x8000_0000),
                anon(),
            ),
            MmError::BadFlags("unknown VMA flag bits"),
        ),
    ];
    for (i, (got, want)) in checks.into_iter().enumerate() {
        ensure_eq!(got, Err(want), alloc::format!("mmap check {i}"));
    }
    ensure_eq!(
        mm.munmap(BASE + 5, P),
        Err(MmError::Unaligned),
        "munmap unaligned"
    );
    ensure_eq!(mm.munmap(BASE, 0), Err(MmError::ZeroLength), "munmap zero");
    ensure_eq!(
        mm.munmap(BASE, u64::MAX - P),
        Err(MmError::Overflow),
        "munmap overflow"
    );
    let a = map(&mm, 2, VmaFlags::READ | VmaFlags::MAYREAD)?;
    ensure_eq!(
        mm.mprotect(a, 2 * P, VmaFlags::READ | VmaFlags::WRITE),
        Err(MmError::PermissionDenied),
        "mprotect beyond MAYWRITE"
    );
    ensure_eq!(
        mm.mprotect(a, 4 * P, VmaFlags::READ),
        Err(MmError::NotMapped),
        "mprotect over a hole"
    );
    ensure_eq!(
        mm.mprotect(a, P, VmaFlags::SHARED),
        Err(MmError::BadFlags(
            "mprotect takes only READ, WRITE and EXEC"
        )),
        "mprotect with a non-access bit"
    );
    ensure_eq!(mm.vma_count(), 1, "VMAs after refused calls");
    Ok(())
}

fn stack_growth<A: Arch>(mem: &Arc<Memory<A>>) -> CaseResult {
    let limits = Limits {
        stack_limit: 16 * P,
        stack_guard_gap: 4 * P,
        ..Limits::default()
    };
    let mm = ctx(Mm::with_limits(mem.clone(), limits), "Mm::with_limits")?;
    let top = BASE + 64 * P;
    let stack = VmaFlags::rw() | VmaFlags::GROWSDOWN;
    ctx(
        mm.mmap(Placement::Fixed(top - P), P, stack, Backing::Anon),
        "stack",
    )?;
    // Something below, leaving room for the stack down to top - 40 pages.
    ctx(
        mm.mmap(
            Placement::Fixed(top - 44 * P),
            P,
            VmaFlags::rw(),
            Backing::Anon,
        ),
        "below",
    )?;
    ctx(mm.write(top - 3 * P + 8, b"grow"), "write below the stack")?;
    let v = mm.find_vma(top - 3 * P);
    ensure_eq!(v.map(|v| v.range()), Some(top - 3 * P..top), "grown stack");
    // Beyond the stack limit (16 pages): no growth.
    let err = mm.write(top - 17 * P, b"x").err();
    ensure!(
        err.is_some_and(|e| e.is_access(AccessError::NoVma)),
        "growth beyond the limit: {err:?}"
    );
    // Within the limit but inside the guard gap above the mapping below.
    ctx(mm.munmap(top - 44 * P, P), "munmap below")?;
    ctx(
        mm.mmap(
            Placement::Fixed(top - 20 * P),
            P,
            VmaFlags::rw(),
            Backing::Anon,
        ),
        "closer",
    )?;
    let err = mm.write(top - 16 * P, b"x").err();
    ensure!(
        err.is_some_and(|e| e.is_access(AccessError::NoVma)),
        "growth into the guard gap: {err:?}"
    );
    ctx(mm.write(top - 15 * P, b"ok"), "growth just outside the gap")?;
    ensure_eq!(mm.vma_count(), 2, "VMAs after growth");
    // A lower limit set later (setrlimit) stops growth at once; the stack
    // already grown keeps its pages.
    ctx(mm.munmap(top - 20 * P, P), "munmap closer")?;
    mm.set_stack_limit(15 * P);
    ensure_eq!(mm.limits().stack_limit, 15 * P, "limit in force");
    let err = mm.write(top - 16 * P, b"x").err();
    ensure!(
        err.is_some_and(|e| e.is_access(AccessError::NoVma)),
        "growth beyond the lowered limit: {err:?}"
    );
    let mut b = [0u8; 2];
    ctx(mm.read(top - 15 * P, &mut b), "the grown stack stays")?;
    ensure_eq!(&b, b"ok", "the grown stack's data");
    Ok(())
}

/// `vm.max_map_count` as Linux 6.1 counts it: a split (mprotect, or
/// munmap punching a hole) needs fewer than the limit, so a space reaches
/// it exactly; a refused second split leaves the first; mmap and brk
/// refuse only a space already past it, so a new mapping may take it one
/// past; munmap of a whole VMA still works there.
fn max_map_count<A: Arch>(mem: &Arc<Memory<A>>) -> CaseResult {
    const MAX: usize = 8;
    let limits = Limits {
        max_map_count: MAX,
        ..Limits::default()
    };
    let mm = ctx(Mm::with_limits(mem.clone(), limits), "Mm::with_limits")?;
    ctx(
        mm.mmap(
            Placement::Fixed(BASE),
            64 * P,
            VmaFlags::rw(),
            Backing::Anon,
        ),
        "map",
    )?;
    // A second mapping makes the count odd, so that the limit falls
    // between the two splits of one mprotect.
    ctx(
        mm.mmap(
            Placement::Fixed(BASE + 200 * P),
            P,
            VmaFlags::ro(),
            Backing::Anon,
        ),
        "second map",
    )?;
    // Every other page read-only: the first split adds one VMA, each
    // later one two.
    let mut page = 0;
    let err = loop {
        match mm.mprotect(BASE + page * P, P, VmaFlags::READ) {
            Ok(()) => page += 2,
            Err(e) => break e,
        }
    };
    ensure_eq!(err, MmError::TooManyMaps, "mprotect at the limit");
    ensure_eq!(mm.vma_count(), MAX, "VMAs when mprotect is refused");
    // 2 + 1 + 2 + 2 = 7 VMAs after three calls; the fourth split once
    // (8) and was refused the second: its page is still writable, in a
    // VMA of its own from there on.
    ensure_eq!(page, 6, "mprotect calls that succeeded, times two");
    let vmas = mm.vmas();
    ensure!(
        vmas.iter()
            .any(|(r, f)| r.start == BASE + 6 * P && f.contains(VmaFlags::WRITE)),
        "no split left at the refused page, or it changed: {vmas:?}"
    );
    // A hole in one VMA: refused at the limit.
    ensure_eq!(
        mm.munmap(BASE + 40 * P, P),
        Err(MmError::TooManyMaps),
        "munmap splitting a VMA at the limit"
    );
    // A new mapping at the limit is allowed (8 > 8 is false), one past
    // it is not.
    ctx(
        mm.mmap(
            Placement::Fixed(BASE + 100 * P),
            P,
            VmaFlags::ro(),
            Backing::Anon,
        ),
        "mmap at the limit",
    )?;
    ensure_eq!(mm.vma_count(), MAX + 1, "VMAs after mmap at the limit");
    ensure_eq!(
        mm.mmap(
            Placement::Fixed(BASE + 102 * P),
            P,
            VmaFlags::ro(),
            Backing::Anon
        ),
        Err(MmError::TooManyMaps),
        "mmap past the limit"
    );
    // Whole VMAs can always go, and then splitting works again.
    ctx(mm.munmap(BASE + 100 * P, P), "munmap of a whole VMA")?;
    ctx(mm.munmap(BASE, 2 * P), "munmap of whole VMAs")?;
    ctx(
        mm.mprotect(BASE + 40 * P, P, VmaFlags::READ),
        "mprotect after",
    )?;
    Ok(())
}
