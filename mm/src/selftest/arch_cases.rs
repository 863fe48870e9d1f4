//! The arch contract itself: entries round-trip, walks allocate and roll
//! back, scans and teardown see every table, physical access works.

use alloc::sync::Arc;
use alloc::vec::Vec;

use super::{ctx, ensure, ensure_eq, Case, CaseResult, Drain};
use crate::arch::{Arch, Pte, PteFlags, WalkError};
use crate::memory::Memory;
use crate::PAGE_SIZE;

pub(super) fn cases<A: Arch>() -> Vec<Case<A>> {
    alloc::vec![
        (
            "arch_pte_round_trip",
            pte_round_trip::<A> as fn(&Arc<Memory<A>>) -> CaseResult
        ),
        (
            "arch_walk_alloc_rolls_back_on_oom",
            walk_alloc_rolls_back::<A>
        ),
        ("arch_scan_and_destroy", scan_and_destroy::<A>),
        ("arch_phys_access", phys_access::<A>),
        ("arch_grow_root_keeps_the_old_tree", grow_root::<A>),
    ]
}

/// A user address inside every backend's reach, away from page 0.
const VA: u64 = 0x40_0000_0000 - 0x10_0000;

fn pte_round_trip<A: Arch>(mem: &Arc<Memory<A>>) -> CaseResult {
    let arch = mem.arch();
    let frames = mem.frames();
    let root = ctx(arch.create_root(frames), "create_root")?;
    ensure!(
        arch.walk(root, VA).is_none(),
        "walk found a slot in an empty tree"
    );
    let slot = ctx(arch.walk_alloc(root, VA, frames), "walk_alloc")?;
    ensure_eq!(arch.walk(root, VA), Some(slot), "walk after walk_alloc");
    ensure_eq!(arch.read_pte(slot), Pte::EMPTY, "fresh entry");
    let data = ctx(frames.alloc(), "data frame")?;
    let all = [
        PteFlags::PRESENT | PteFlags::YOUNG | PteFlags::USER,
        PteFlags::PRESENT | PteFlags::WRITE | PteFlags::DIRTY | PteFlags::YOUNG,
        PteFlags::PRESENT | PteFlags::EXEC,
        PteFlags::PROTNONE | PteFlags::WRITE | PteFlags::DIRTY,
        PteFlags::all(),
    ];
    for flags in all {
        let pte = Pte::new(data, flags);
        arch.set_pte(root, slot, VA, pte);
        ensure_eq!(arch.read_pte(slot), pte, "entry read back");
        ensure_eq!(
            arch.clear_pte(root, slot, VA),
            pte,
            "clear_pte returns the old entry"
        );
        arch.flush(root, VA);
        ensure_eq!(arch.read_pte(slot), Pte::EMPTY, "entry after clear");
    }
    frames.put(data);
    arch.destroy(root, frames);
    Ok(())
}

fn walk_alloc_rolls_back<A: Arch>(mem: &Arc<Memory<A>>) -> CaseResult {
    let arch = mem.arch();
    let frames = mem.frames();
    let root = ctx(arch.create_root(frames), "create_root")?;
    let tables = arch.table_frames(root);
    let mut drain = Drain::leaving(mem, 0);
    let mut succeeded = false;
    // Give the walk one more frame each time: every failure, wherever it
    // happened midway, must leave the free count and the tree as they were.
    for k in 0..64 {
        let free = frames.free_count();
        match arch.walk_alloc(root, VA, frames) {
            Err(WalkError::OutOfFrames) => {
                ensure_eq!(
                    frames.free_count(),
                    free,
                    "free frames after a failed walk_alloc"
                );
                ensure_eq!(
                    arch.table_frames(root),
                    tables,
                    "tables after a failed walk_alloc"
                );
                ensure!(
                    arch.walk(root, VA).is_none(),
                    "a failed walk_alloc linked a level"
                );
            }
            Err(e) => return Err(alloc::format!("walk_alloc with {k} frames: {e:?}")),
            Ok(_) => {
                succeeded = true;
                break;
            }
        }
        drain.release(1);
    }
    drop(drain);
    ensure!(succeeded, "walk_alloc never succeeded");
    ensure!(arch.walk(root, VA).is_some(), "walk after walk_alloc");
    arch.destroy(root, frames);
    Ok(())
}

fn scan_and_destroy<A: Arch>(mem: &Arc<Memory<A>>) -> CaseResult {
    let arch = mem.arch();
    let frames = mem.frames();
    let before = frames.free_count();
    let root = ctx(arch.create_root(frames), "create_root")?;
    let data = ctx(frames.alloc(), "data frame")?;
    // Far apart, so several tables at every level are needed, and all
    // below VA, which is near the top of the smallest user space a backend
    // has (riscv64's 256 GiB).
    let low = VA - (3 << 31) - 5 * PAGE_SIZE;
    let vas = [low, VA - (1 << 30), VA, VA + PAGE_SIZE];
    for &va in &vas {
        let slot = ctx(arch.walk_alloc(root, va, frames), "walk_alloc")?;
        arch.set_pte(root, slot, va, Pte::new(data, PteFlags::PRESENT));
    }
    let mut seen = Vec::new();
    arch.scan(root, low..VA + (1 << 30), &mut |va, _, pte| {
        if pte.frame == data {
            seen.push(va);
        }
    });
    ensure_eq!(seen, vas.to_vec(), "scan visits every entry in order");
    let mut part = Vec::new();
    arch.scan(root, VA + PAGE_SIZE..VA + (1 << 30), &mut |va, _, _| {
        part.push(va)
    });
    ensure_eq!(part, alloc::vec![VA + PAGE_SIZE], "scan of a sub-range");
    let tables = arch.table_frames(root);
    ensure_eq!(
        frames.free_count(),
        before - tables - 1,
        "frames in use = tables + data"
    );
    arch.scan(root, 0..arch.root_reach(root), &mut |va, slot, _| {
        arch.clear_pte(root, slot, va);
    });
    frames.put(data);
    arch.destroy(root, frames);
    ensure_eq!(frames.free_count(), before, "destroy frees every table");
    Ok(())
}

fn phys_access<A: Arch>(mem: &Arc<Memory<A>>) -> CaseResult {
    let arch = mem.arch();
    let frames = mem.frames();
    let a = ctx(frames.alloc(), "frame a")?;
    let b = ctx(frames.alloc(), "frame b")?;
    arch.zero_frame(a);
    arch.write_phys(a.addr() + 5, b"self-test");
    arch.write_phys(a.addr() + PAGE_SIZE - 3, b"end");
    arch.copy_frame(b, a);
    let mut got = [0u8; 11];
    arch.read_phys(b.addr() + 4, &mut got);
    ensure_eq!(&got, b"\0self-test\0", "copied bytes");
    let mut end = [0u8; 3];
    arch.read_phys(b.addr() + PAGE_SIZE - 3, &mut end);
    ensure_eq!(&end, b"end", "last bytes of the frame");
    arch.zero_frame(b);
    arch.read_phys(b.addr() + 4, &mut got);
    ensure_eq!(got, [0u8; 11], "zeroed frame");
    frames.put(a);
    frames.put(b);
    Ok(())
}

/// `grow_root` to the top: a no-op within reach, `BeyondReach` past
/// `va_limit_max`, and a grown tree that keeps the old slots, translates
/// the top page, rolls back when out of frames, and frees every table,
/// old and new, in `destroy`.
fn grow_root<A: Arch>(mem: &Arc<Memory<A>>) -> CaseResult {
    let arch = mem.arch();
    let frames = mem.frames();
    let before = frames.free_count();
    let root = ctx(arch.create_root(frames), "create_root")?;
    let reach = arch.root_reach(root);
    let max = arch.va_limit_max();
    ensure!(reach <= max && reach > VA, "a new tree reaches VA");
    ensure_eq!(
        arch.grow_root(root, reach, frames),
        Ok(root),
        "growing within reach changes nothing"
    );
    ensure_eq!(
        arch.grow_root(root, max.saturating_add(PAGE_SIZE), frames),
        Err(WalkError::BeyondReach),
        "beyond va_limit_max"
    );
    let data = ctx(frames.alloc(), "data frame")?;
    let low = ctx(arch.walk_alloc(root, VA, frames), "walk_alloc low")?;
    arch.set_pte(root, low, VA, Pte::new(data, PteFlags::PRESENT));
    let top = max - PAGE_SIZE;
    let tables = arch.table_frames(root);
    // One more frame each time: a failure, wherever it happens, leaves
    // the free count and the tree as they were.
    let mut drain = Drain::leaving(mem, 0);
    let mut grown = None;
    for k in 0..64 {
        let free = frames.free_count();
        match arch.grow_root(root, max, frames) {
            Err(WalkError::OutOfFrames) => {
                ensure_eq!(frames.free_count(), free, "frames after a failed grow");
                ensure_eq!(
                    arch.table_frames(root),
                    tables,
                    "tables after a failed grow"
                );
            }
            Err(e) => return Err(alloc::format!("grow_root with {k} frames: {e:?}")),
            Ok(r) => {
                grown = Some(r);
                break;
            }
        }
        drain.release(1);
    }
    drop(drain);
    let Some(grown) = grown else {
        return Err("grow_root never succeeded".into());
    };
    let fresh = reach < max;
    ensure_eq!(arch.root_reach(grown), max.max(reach), "grown reach");
    ensure!(
        !fresh || arch.table_frames(grown) > tables,
        "a grown tree has more tables"
    );
    ensure_eq!(
        arch.walk(grown, VA),
        Some(low),
        "the old slot through the new root"
    );
    let hi = ctx(arch.walk_alloc(grown, top, frames), "walk_alloc top")?;
    arch.set_pte(grown, hi, top, Pte::new(data, PteFlags::PRESENT));
    let mut seen = Vec::new();
    arch.scan(grown, 0..max, &mut |va, slot, _| {
        seen.push(va);
        arch.clear_pte(grown, slot, va);
    });
    ensure_eq!(seen, alloc::vec![VA, top], "scan sees both levels' pages");
    frames.put(data);
    arch.destroy(grown, frames);
    ensure_eq!(
        frames.free_count(),
        before,
        "destroy frees old and new tables"
    );
    Ok(())
}
