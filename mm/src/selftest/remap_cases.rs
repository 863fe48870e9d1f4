//! Linux's rules for changing an address space where they refuse or fail
//! halfway: MAP_FIXED_NOREPLACE, the heap's growth against the next
//! mapping, mprotect over a hole, and mremap.

use alloc::sync::Arc;
use alloc::vec::Vec;

use super::{ctx, ensure, ensure_eq, Case, CaseResult};
use crate::arch::Arch;
use crate::memory::Memory;
use crate::mremap::Remap;
use crate::{AccessError, Backing, Mm, MmError, Placement, VmaFlags, PAGE_SIZE};

pub(super) fn cases<A: Arch>() -> Vec<Case<A>> {
    alloc::vec![
        (
            "remap_noreplace_refuses_and_keeps_data",
            noreplace::<A> as fn(&Arc<Memory<A>>) -> CaseResult
        ),
        ("remap_heap_stops_a_page_below_a_mapping", heap_gap::<A>),
        ("remap_mprotect_changes_up_to_a_hole", mprotect_hole::<A>),
        (
            "remap_mremap_grows_in_place_or_moves",
            mremap_grow_move::<A>
        ),
        ("remap_mremap_fixed_replaces_the_target", mremap_fixed::<A>),
        ("remap_tables_grow_on_demand", grow_on_demand::<A>),
    ]
}

const P: u64 = PAGE_SIZE;
const BASE: u64 = 0x5000_0000;

fn fixed<A: Arch>(mm: &Mm<A>, at: u64, pages: u64) -> Result<u64, alloc::string::String> {
    ctx(
        mm.mmap(
            Placement::Fixed(at),
            pages * P,
            VmaFlags::rw(),
            Backing::Anon,
        ),
        "mmap fixed",
    )
}

fn byte<A: Arch>(mm: &Mm<A>, at: u64) -> Result<u8, alloc::string::String> {
    let mut b = [0u8; 1];
    ctx(mm.read(at, &mut b), "read")?;
    Ok(b[0])
}

fn noreplace<A: Arch>(mem: &Arc<Memory<A>>) -> CaseResult {
    let mm = ctx(Mm::new(mem.clone()), "Mm::new")?;
    fixed(&mm, BASE + 2 * P, 1)?;
    ctx(mm.write(BASE + 2 * P, b"k"), "write")?;
    let r = mm.mmap(
        Placement::FixedNoReplace(BASE),
        3 * P,
        VmaFlags::ro(),
        Backing::Anon,
    );
    ensure_eq!(r, Err(MmError::Exists), "overlapping NOREPLACE");
    ensure_eq!(byte(&mm, BASE + 2 * P)?, b'k', "the old data");
    ensure_eq!(mm.vma_count(), 1, "nothing mapped");
    let r = mm.mmap(
        Placement::FixedNoReplace(BASE),
        2 * P,
        VmaFlags::ro(),
        Backing::Anon,
    );
    ensure_eq!(r, Ok(BASE), "NOREPLACE on a free range");
    Ok(())
}

fn heap_gap<A: Arch>(mem: &Arc<Memory<A>>) -> CaseResult {
    let mm = ctx(Mm::new(mem.clone()), "Mm::new")?;
    fixed(&mm, BASE + 4 * P, 1)?;
    ensure_eq!(
        mm.grow_heap(BASE, BASE + 4 * P, VmaFlags::rw()),
        Err(MmError::Exists),
        "growing up to the mapping"
    );
    ensure_eq!(mm.vma_count(), 1, "nothing added");
    ctx(mm.grow_heap(BASE, BASE + 3 * P, VmaFlags::rw()), "grow")?;
    ctx(mm.write(BASE + 2 * P, b"h"), "heap write")?;
    Ok(())
}

fn mprotect_hole<A: Arch>(mem: &Arc<Memory<A>>) -> CaseResult {
    let mm = ctx(Mm::new(mem.clone()), "Mm::new")?;
    fixed(&mm, BASE, 3)?;
    ctx(mm.munmap(BASE + P, P), "munmap")?;
    ensure_eq!(
        mm.mprotect(BASE, 3 * P, VmaFlags::READ),
        Err(MmError::NotMapped),
        "mprotect over the hole"
    );
    let err = mm.write(BASE, b"x").err();
    ensure!(
        err.is_some_and(|e| e.is_access(AccessError::BadAccess)),
        "the part before the hole changed: {err:?}"
    );
    ctx(mm.write(BASE + 2 * P, b"x"), "the part after it did not")?;
    Ok(())
}

fn mremap_grow_move<A: Arch>(mem: &Arc<Memory<A>>) -> CaseResult {
    let frames = mem.frames();
    let mm = ctx(Mm::new(mem.clone()), "Mm::new")?;
    fixed(&mm, BASE, 2)?;
    ctx(mm.write(BASE + P, b"g"), "write")?;
    ensure_eq!(
        mm.mremap(BASE, 2 * P, 3 * P, Remap::InPlace),
        Ok(BASE),
        "grow in place"
    );
    ctx(mm.write(BASE + 2 * P, b"n"), "write the new page")?;
    fixed(&mm, BASE + 4 * P, 1)?;
    ensure_eq!(
        mm.mremap(BASE, 3 * P, 5 * P, Remap::InPlace),
        Err(MmError::NoSpace),
        "blocked without MAYMOVE"
    );
    let free = frames.free_count();
    let to = ctx(mm.mremap(BASE, 3 * P, 6 * P, Remap::MayMove), "move")?;
    ensure!(to != BASE, "moved");
    ensure_eq!(byte(&mm, to + P)?, b'g', "data moved");
    ensure_eq!(byte(&mm, to + 2 * P)?, b'n', "data moved");
    ensure!(frames.free_count() <= free, "no page was freed by the move");
    ensure!(mm.read(BASE, &mut [0u8; 1]).is_err(), "old range unmapped");
    ensure_eq!(
        mm.mremap(BASE + 8 * P, P, 2 * P, Remap::MayMove),
        Err(MmError::BadAddress),
        "nothing at the address"
    );
    ensure_eq!(
        mm.mremap(to, 0, P, Remap::MayMove),
        Err(MmError::BadFlags("mremap duplicates only shared mappings")),
        "private duplicate"
    );
    ensure_eq!(mm.mremap(to, 6 * P, P, Remap::InPlace), Ok(to), "shrink");
    ensure!(mm.read(to + P, &mut [0u8; 1]).is_err(), "tail unmapped");
    Ok(())
}

fn mremap_fixed<A: Arch>(mem: &Arc<Memory<A>>) -> CaseResult {
    let mm = ctx(Mm::new(mem.clone()), "Mm::new")?;
    fixed(&mm, BASE, 2)?;
    ctx(mm.write(BASE, b"f"), "write")?;
    fixed(&mm, BASE + 16 * P, 3)?;
    ensure_eq!(
        mm.mremap(BASE, 2 * P, 2 * P, Remap::Fixed(BASE + P)),
        Err(MmError::BadFlags("mremap target overlaps the source")),
        "overlap"
    );
    ensure_eq!(
        mm.mremap(BASE, 2 * P, 2 * P, Remap::Fixed(BASE + 16 * P)),
        Ok(BASE + 16 * P),
        "fixed"
    );
    ensure_eq!(byte(&mm, BASE + 16 * P)?, b'f', "data at the target");
    ensure!(mm.read(BASE, &mut [0u8; 1]).is_err(), "source unmapped");
    ensure!(
        mm.read(BASE + 18 * P, &mut [0u8; 1]).is_ok(),
        "the rest of the replaced mapping stays"
    );
    // A shrinking move whose old length wraps the address space: refused
    // (Linux's do_munmap of the tail says EINVAL), never an overflow. The
    // fuzzer found it panicking a debug kernel.
    ensure_eq!(
        mm.mremap(BASE + 16 * P, u64::MAX - 2 * P, P, Remap::Fixed(BASE)),
        Err(MmError::Overflow),
        "old length wraps"
    );
    Ok(())
}

/// Mappings beyond the reach of a new space's tables grow them (mmap
/// fixed, a hint, mremap), up to the page below `va_limit_max`; the data
/// is where it was written, fork gives the child tables as large, and
/// everything comes back at teardown (the runner's leak check).
fn grow_on_demand<A: Arch>(mem: &Arc<Memory<A>>) -> CaseResult {
    let max = mem.arch().va_limit_max();
    let mm = ctx(Mm::new(mem.clone()), "Mm::new")?;
    let reach = mm.reach_now();
    fixed(&mm, BASE, 1)?;
    ctx(mm.write(BASE, b"low"), "write low")?;
    ensure_eq!(mm.reach_now(), reach, "a low mapping grows nothing");
    let top = max - P;
    // Past va_limit_max: out of range, or past 2^64 where the limit is
    // the last page below it.
    let r = mm.mmap(Placement::Fixed(top), 2 * P, VmaFlags::rw(), Backing::Anon);
    ensure!(
        matches!(r, Err(MmError::OutOfRange | MmError::Overflow)),
        "a mapping past va_limit_max: {r:?}"
    );
    ensure_eq!(mm.reach_now(), reach, "a refused mapping grows nothing");
    fixed(&mm, top - P, 1)?;
    ensure_eq!(mm.reach_now(), max, "the tables reach the top");
    ctx(mm.write(top - P, b"top"), "write top")?;
    ensure_eq!(
        byte(&mm, BASE)?,
        b'l',
        "the low page through the grown tree"
    );
    if reach < max {
        let hint = ctx(
            mm.mmap(Placement::Hint(reach), P, VmaFlags::rw(), Backing::Anon),
            "mmap hint",
        )?;
        ensure_eq!(hint, reach, "a hint beyond the first reach");
        ctx(mm.write(hint, b"hint"), "write hint")?;
        let moved = ctx(
            mm.mremap(BASE, P, P, Remap::Fixed(reach + 16 * P)),
            "mremap beyond the first reach",
        )?;
        ensure_eq!(byte(&mm, moved)?, b'l', "the moved page");
    }
    let child = ctx(mm.fork(), "fork")?;
    ensure_eq!(child.reach_now(), max, "the child's tables reach the top");
    ensure_eq!(byte(&child, top - P)?, b't', "the child sees the top page");
    ctx(child.write(top - P, b"T"), "child write")?;
    ensure_eq!(byte(&mm, top - P)?, b't', "the parent keeps its page");
    drop(child);
    ctx(mm.munmap(top - P, P), "munmap top")?;
    ensure!(mm.read(top - P, &mut [0u8; 1]).is_err(), "unmapped top");
    Ok(())
}
