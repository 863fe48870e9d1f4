//! Memory system calls: `brk`, `mmap` (anonymous, and of regular files
//! through their page cache), `munmap`, `mprotect`.

use linux_abi::errno;
use linux_abi::mman::*;
use mm::mmap::Placement;
use mm::vma::{Backing, VmaFlags};
use mm::PAGE_SIZE;

use super::{mm_errno, user_mm, SysResult};
use crate::task::table::with_current;
use crate::uaccess::get_user;

pub(super) fn sys_brk(new: u64) -> SysResult {
    let (start, cur) = with_current(|t| t.brk).ok_or(errno::EFAULT)?;
    if new == 0 || new < start {
        return Ok(cur);
    }
    let mm = user_mm()?;
    let (old_top, new_top) = (
        cur.next_multiple_of(PAGE_SIZE),
        new.next_multiple_of(PAGE_SIZE),
    );
    let ok = if new_top > old_top {
        mm.mmap(
            Placement::Fixed(old_top),
            new_top - old_top,
            VmaFlags::rw(),
            Backing::Anon,
        )
        .is_ok()
    } else if new_top < old_top {
        mm.munmap(new_top, old_top - new_top).is_ok()
    } else {
        true
    };
    // Linux returns the old break when it cannot move it.
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
    let mut args = [0u64; 6];
    for (i, a) in args.iter_mut().enumerate() {
        *a = get_user(block + i as u64 * 8).map_err(|_| errno::EFAULT)?;
    }
    sys_mmap(args)
}

/// `mmap(addr, len, prot, flags, fd, offset)`.
pub(super) fn sys_mmap(args: [u64; 6]) -> SysResult {
    let [addr, len, prot, flags, fd, off] = args;
    let known = MAP_SHARED
        | MAP_PRIVATE
        | MAP_FIXED
        | MAP_ANONYMOUS
        | MAP_GROWSDOWN
        | MAP_FIXED_NOREPLACE
        | MAP_NORESERVE
        | MAP_POPULATE;
    if flags & !known != 0 || (flags & (MAP_SHARED | MAP_PRIVATE)).count_ones() != 1 {
        return Err(errno::EINVAL);
    }
    if off % PAGE_SIZE != 0 {
        return Err(errno::EINVAL);
    }
    let mut vf = prot_flags(prot)? | VmaFlags::MAY;
    if flags & MAP_SHARED != 0 {
        vf |= VmaFlags::SHARED;
    }
    let backing = if flags & MAP_ANONYMOUS != 0 {
        Backing::Anon
    } else {
        file_backing(fd, off, len, prot, flags, &mut vf)?
    };
    if flags & MAP_GROWSDOWN != 0 {
        vf |= VmaFlags::GROWSDOWN;
    }
    let place = if flags & (MAP_FIXED | MAP_FIXED_NOREPLACE) != 0 {
        Placement::Fixed(addr)
    } else if addr != 0 {
        Placement::Hint(addr & !(PAGE_SIZE - 1))
    } else {
        Placement::Anywhere
    };
    let mm = user_mm()?;
    mm.mmap(place, len, vf, backing).map_err(mm_errno)
}

/// The page cache of the regular file `fd` refers to, checked as Linux's
/// `do_mmap` checks it: `EBADF` for no file (or an `O_PATH` one),
/// `EOVERFLOW` if the offset and length wrap, `EACCES` for a file not
/// open for reading or a writable shared mapping of a file not open for
/// writing, `ENODEV` for anything but a regular file. A shared mapping of
/// a file open read-only may never become writable (no `MAYWRITE`).
fn file_backing(
    fd: u64,
    off: u64,
    len: u64,
    prot: u64,
    flags: u64,
    vf: &mut VmaFlags,
) -> Result<Backing<crate::task::Mmu>, i64> {
    let f = super::file::file(fd as u32 as u64)?;
    if f.is_path() {
        return Err(errno::EBADF);
    }
    if off.checked_add(len.next_multiple_of(PAGE_SIZE)).is_none() {
        return Err(errno::EOVERFLOW);
    }
    if flags & MAP_SHARED != 0 {
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

pub(super) fn sys_mprotect(addr: u64, len: u64, prot: u64) -> SysResult {
    let f = prot_flags(prot)?;
    user_mm()?
        .mprotect(addr, len, f)
        .map(|_| 0)
        .map_err(mm_errno)
}

/// `munmap`.
pub(super) fn sys_munmap(addr: u64, len: u64) -> SysResult {
    user_mm()?.munmap(addr, len).map(|_| 0).map_err(mm_errno)
}
