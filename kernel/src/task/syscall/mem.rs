//! Memory system calls: `brk`, `mmap` (anonymous, and of regular files
//! through their page cache), `munmap`, `mprotect`.

use arch::Arch;
use karch::Arch as _;
use linux_abi::errno;
use linux_abi::mman::*;
use mm::arch::Arch as _;
use mm::error::MmError;
use mm::mmap::Placement;
use mm::mremap::Remap;
use mm::vma::{Backing, VmaFlags};
use mm::PAGE_SIZE;

use super::{mm_errno, user_mm, SysResult};
use crate::task::table::with_current;
use crate::uaccess::copy_from_user;

pub(super) fn sys_brk(new: u64) -> SysResult {
    let (start, cur) = with_current(|t| t.brk).ok_or(errno::EFAULT)?;
    if new < start {
        return Ok(cur);
    }
    // Linux returns the old break whenever it cannot move it: a break
    // whose page rounding wraps, or that would come within a page of the
    // next mapping, or for which there is no memory.
    let Some(new_top) = new.checked_next_multiple_of(PAGE_SIZE) else {
        return Ok(cur);
    };
    let old_top = cur.next_multiple_of(PAGE_SIZE);
    let mm = user_mm()?;
    let ok = if new_top > old_top {
        mm.grow_heap(old_top, new_top, VmaFlags::rw()).is_ok()
    } else if new_top < old_top {
        mm.munmap(new_top, old_top - new_top).is_ok()
    } else {
        true
    };
    if !ok {
        return Ok(cur);
    }
    with_current(|t| t.brk.1 = new);
    Ok(new)
}

fn prot_flags(prot: u64) -> Result<VmaFlags, i64> {
    if prot & !(PROT_READ | PROT_WRITE | PROT_EXEC) != 0 {
        return Err(errno::EINVAL);
    }
    let mut f = VmaFlags::empty();
    if prot & PROT_READ != 0 {
        f |= VmaFlags::READ;
    }
    if prot & PROT_WRITE != 0 {
        f |= VmaFlags::WRITE;
    }
    if prot & PROT_EXEC != 0 {
        f |= VmaFlags::EXEC;
    }
    Ok(f)
}

/// `mmap` where the machine passes the six arguments in a user memory
/// block (the old `old_mmap` convention).
pub(super) fn sys_old_mmap(block: u64) -> SysResult {
    let mut raw = [0u8; 6 * 8];
    // One copy of the whole block: a block that wraps past the top of the
    // space is EFAULT like any other that cannot be read.
    copy_from_user(&mut raw, block).map_err(|_| errno::EFAULT)?;
    let mut args = [0u64; 6];
    for (a, w) in args.iter_mut().zip(raw.chunks_exact(8)) {
        *a = u64::from_ne_bytes(w.try_into().expect("8 bytes"));
    }
    sys_mmap(args)
}

/// `mmap(addr, len, prot, flags, fd, offset)`, with Linux's checks in
/// Linux's order: the offset's alignment, the descriptor, the length (0:
/// `EINVAL`; rounding up past the top: `ENOMEM`), the placement, then the
/// mapping type (`MAP_SHARED_VALIDATE` refuses unknown flags, the other
/// types ignore them). Unknown `prot` bits are ignored, as Linux does.
pub(super) fn sys_mmap(args: [u64; 6]) -> SysResult {
    let [addr, len, prot, flags, fd, off] = args;
    if off % PAGE_SIZE != 0 {
        return Err(errno::EINVAL);
    }
    let anon = flags & MAP_ANONYMOUS != 0;
    let file = if anon {
        None
    } else {
        let f = super::file::file(fd as u32 as u64)?;
        if f.is_path() {
            return Err(errno::EBADF);
        }
        Some(f)
    };
    if len == 0 {
        return Err(errno::EINVAL);
    }
    let Some(rounded) = len.checked_next_multiple_of(PAGE_SIZE) else {
        return Err(errno::ENOMEM);
    };
    if file.is_some() && off.checked_add(rounded).is_none() {
        return Err(errno::EOVERFLOW);
    }
    let shared = match (flags & MAP_TYPE, anon) {
        (MAP_SHARED, _) => true,
        (MAP_PRIVATE, _) => false,
        (MAP_SHARED_VALIDATE, false) if flags & !LEGACY_MAP_MASK != 0 => {
            return Err(errno::EOPNOTSUPP)
        }
        (MAP_SHARED_VALIDATE, false) => true,
        _ => return Err(errno::EINVAL),
    };
    let mut vf = prot_flags(prot & (PROT_READ | PROT_WRITE | PROT_EXEC))? | VmaFlags::MAY;
    if shared {
        vf |= VmaFlags::SHARED;
    }
    let backing = match file {
        None => Backing::Anon,
        Some(f) => file_backing(&f, off, prot, shared, &mut vf)?,
    };
    if flags & MAP_GROWSDOWN != 0 {
        vf |= VmaFlags::GROWSDOWN;
    }
    let place = if flags & MAP_FIXED_NOREPLACE != 0 {
        Placement::FixedNoReplace(addr)
    } else if flags & MAP_FIXED != 0 {
        Placement::Fixed(addr)
    } else if addr != 0 {
        Placement::Hint(addr & !(PAGE_SIZE - 1))
    } else {
        Placement::Anywhere
    };
    if !shared && prot & PROT_WRITE != 0 && flags & MAP_NORESERVE == 0 && !enough_memory(rounded) {
        return Err(errno::ENOMEM);
    }
    // Linux's get_unmapped_area passes a fixed address through, and then
    // takes one in the last 4095 bytes of the space for an error code
    // (IS_ERR_VALUE): MAP_FIXED at -1 is EPERM, at -12 ENOMEM.
    if let Placement::Fixed(a) | Placement::FixedNoReplace(a) = place {
        if a > MAX_ERRNO.wrapping_neg() {
            return Err(a.wrapping_neg() as i64);
        }
    }
    let mm = user_mm()?;
    mm.mmap(place, len, vf, backing).map_err(|e| match e {
        // Linux's get_unmapped_area: a range past the top is ENOMEM.
        MmError::OutOfRange | MmError::Overflow => errno::ENOMEM,
        MmError::Exists => errno::EEXIST,
        e => mm_errno(e),
    })
}

/// Linux's heuristic overcommit (`vm.overcommit_memory` 0,
/// `__vm_enough_memory`): memory a private writable mapping may come to
/// need is charged when it is made, and a single charge larger than all
/// of RAM (there is no swap) is refused. Nothing else is counted, as in
/// that mode.
fn enough_memory(len: u64) -> bool {
    len / PAGE_SIZE <= crate::task::memory().frames().total() as u64
}

/// The highest errno Linux encodes in a pointer (`MAX_ERRNO`).
const MAX_ERRNO: u64 = 4095;

/// The page cache of the regular file `fd` refers to, checked as Linux's
/// `do_mmap` checks it: `EBADF` for no file (or an `O_PATH` one),
/// `EOVERFLOW` if the offset and length wrap, `EACCES` for a file not
/// open for reading or a writable shared mapping of a file not open for
/// writing, `ENODEV` for anything but a regular file. A shared mapping of
/// a file open read-only may never become writable (no `MAYWRITE`).
fn file_backing(
    f: &alloc::sync::Arc<crate::fs::OpenFile>,
    off: u64,
    prot: u64,
    shared: bool,
    vf: &mut VmaFlags,
) -> Result<Backing<crate::task::Mmu>, i64> {
    if shared {
        if prot & PROT_WRITE != 0 && !f.writable() {
            return Err(errno::EACCES);
        }
        if !f.writable() {
            vf.remove(VmaFlags::MAYWRITE);
        }
    }
    if !f.readable() {
        return Err(errno::EACCES);
    }
    let object = f
        .file
        .node()
        .filter(|n| n.is_regular())
        .and_then(|n| n.page_cache(crate::task::memory()))
        .ok_or(errno::ENODEV)?;
    Ok(Backing::Object {
        object,
        offset: off,
    })
}

/// `mprotect(addr, len, prot)` with Linux's checks in Linux's order: an
/// unaligned start is `EINVAL`, a zero length succeeds at once, a range
/// that wraps is `ENOMEM`, unknown `prot` bits (`PROT_SEM` is known) are
/// `EINVAL`, `PROT_GROWSDOWN` extends the range down to the start of a
/// grows-down mapping (`EINVAL` on any other). Holes are `ENOMEM` and
/// forbidden access `EACCES`, after the part before them has changed.
pub(super) fn sys_mprotect(addr: u64, len: u64, prot: u64) -> SysResult {
    // The usual call, an aligned range with plain protection bits, needs
    // none of the checks below: mm's own range check answers as they
    // would (a wrapping range is ENOMEM either way).
    if prot & !(PROT_READ | PROT_WRITE | PROT_EXEC) == 0
        && addr.is_multiple_of(PAGE_SIZE)
        && len != 0
    {
        let f = prot_flags(prot)?;
        // SAFETY: mprotect changes the space's VMAs and tables; it neither
        // switches address spaces nor drops a reference to one.
        return unsafe { Arch::with_current_mm(|mm| mm.mprotect(addr, len, f)) }
            .ok_or(errno::EFAULT)?
            .map(|_| 0)
            .map_err(mprotect_errno);
    }
    let grows = prot & (PROT_GROWSDOWN | PROT_GROWSUP);
    if grows == PROT_GROWSDOWN | PROT_GROWSUP {
        return Err(errno::EINVAL);
    }
    let prot = prot & !grows;
    if !addr.is_multiple_of(PAGE_SIZE) {
        return Err(errno::EINVAL);
    }
    if len == 0 {
        return Ok(0);
    }
    let end = len
        .checked_next_multiple_of(PAGE_SIZE)
        .and_then(|l| addr.checked_add(l))
        .filter(|&e| e > addr)
        .ok_or(errno::ENOMEM)?;
    if prot & !(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM) != 0 {
        return Err(errno::EINVAL);
    }
    let f = prot_flags(prot & !PROT_SEM)?;
    let mm = user_mm()?;
    let mut start = addr;
    if grows != 0 {
        let v = mm
            .find_vma(addr)
            .filter(|v| v.start() < end)
            .ok_or(errno::ENOMEM)?;
        if grows == PROT_GROWSUP || !v.flags().contains(VmaFlags::GROWSDOWN) {
            return Err(errno::EINVAL);
        }
        start = start.min(v.start());
    }
    mm.mprotect(start, end - start, f)
        .map(|_| 0)
        .map_err(mprotect_errno)
}

/// `mprotect`'s errno for an mm error: a range past the end of the
/// address space, or one that wraps, is `ENOMEM` as for any hole.
fn mprotect_errno(e: MmError) -> i64 {
    match e {
        MmError::OutOfRange | MmError::Overflow => errno::ENOMEM,
        e => mm_errno(e),
    }
}

/// `munmap(addr, len)`: `EINVAL` for an unaligned start, a zero length
/// or a range past the top of the address space; a range with nothing
/// mapped (even below the lowest mappable address) is fine.
pub(super) fn sys_munmap(addr: u64, len: u64) -> SysResult {
    let mm = user_mm()?;
    let end = len
        .checked_next_multiple_of(PAGE_SIZE)
        .filter(|&l| l != 0)
        .and_then(|l| addr.checked_add(l))
        .filter(|&e| e <= mm.memory().arch().va_limit_max())
        .ok_or(errno::EINVAL)?;
    if !addr.is_multiple_of(PAGE_SIZE) {
        return Err(errno::EINVAL);
    }
    // Nothing is ever mapped below the lowest address a fixed mapping may
    // take (0 for a task Linux would let map page 0).
    let start = addr.max(mm.limits().fixed_min_addr);
    if start >= end {
        return Ok(0);
    }
    mm.munmap(start, end - start).map(|_| 0).map_err(mm_errno)
}

/// `mremap(addr, old_len, new_len, flags, new_addr)` with Linux's checks
/// in Linux's order: unknown flags, `MREMAP_FIXED` or `MREMAP_DONTUNMAP`
/// without `MREMAP_MAYMOVE`, `MREMAP_DONTUNMAP` with a change of size, an
/// unaligned address and a new length of 0 are `EINVAL`; then
/// [`mm::mm::Mm::mremap`] does the rest.
pub(super) fn sys_mremap(
    addr: u64,
    old_len: u64,
    new_len: u64,
    flags: u64,
    new_addr: u64,
) -> SysResult {
    if flags & !(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP) != 0 {
        return Err(errno::EINVAL);
    }
    let may_move = flags & MREMAP_MAYMOVE != 0;
    if flags & (MREMAP_FIXED | MREMAP_DONTUNMAP) != 0 && !may_move {
        return Err(errno::EINVAL);
    }
    if flags & MREMAP_DONTUNMAP != 0 && old_len != new_len {
        return Err(errno::EINVAL);
    }
    if !addr.is_multiple_of(PAGE_SIZE)
        || new_len
            .checked_next_multiple_of(PAGE_SIZE)
            .is_none_or(|l| l == 0)
    {
        return Err(errno::EINVAL);
    }
    // Growing a private writable mapping charges the growth, as `mmap`
    // charges it (Linux's `vma_to_resize`).
    let mm = user_mm()?;
    if new_len > old_len {
        let charged = mm
            .find_vma(addr)
            .filter(|v| v.start() <= addr)
            .is_some_and(|v| {
                let f = v.flags();
                f.contains(VmaFlags::WRITE) && !f.contains(VmaFlags::SHARED)
            });
        if charged && !enough_memory(new_len - old_len) {
            return Err(errno::ENOMEM);
        }
    }
    let how = if flags & MREMAP_DONTUNMAP != 0 {
        Remap::DontUnmap
    } else if flags & MREMAP_FIXED != 0 {
        Remap::Fixed(new_addr)
    } else if may_move {
        Remap::MayMove
    } else {
        Remap::InPlace
    };
    mm.mremap(addr, old_len, new_len, how).map_err(|e| match e {
        MmError::BadAddress => errno::EFAULT,
        MmError::Overflow => errno::EINVAL,
        e => mm_errno(e),
    })
}
