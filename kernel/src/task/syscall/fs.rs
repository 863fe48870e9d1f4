//! File-system system calls on the root file system: `open`, `openat`,
//! `pread64`, `lseek`, `fstat`, `stat`, `lstat`, `newfstatat`,
//! `getdents64`, `readlink`, `readlinkat`, `access`, `faccessat`,
//! `faccessat2`, `chdir`, `fchdir`, `getcwd`.
//!
//! Each returns what Linux returns, with its errors in its order: a path
//! is copied first (`EFAULT`, `ENAMETOOLONG` at `PATH_MAX`, `ENOENT` when
//! empty), then flags are checked (`EINVAL`), then the directory
//! descriptor of an `*at` call (`EBADF`, `ENOTDIR`; only for a relative
//! path), then the lookup. Every task runs as root on a read-only file
//! system: permission to read or search is always granted, writing is
//! `EROFS`, and executing needs an execute bit.

use alloc::vec;
use alloc::vec::Vec;

use linux_abi::errno::{
    EACCES, EBADF, EFAULT, EINVAL, ENAMETOOLONG, ENOENT, ENOTDIR, ERANGE, EROFS,
};
use linux_abi::fcntl::{
    AT_EACCESS, AT_EMPTY_PATH, AT_FDCWD, AT_NO_AUTOMOUNT, AT_SYMLINK_NOFOLLOW, O_CLOEXEC,
};
use linux_abi::fs::{Stat, PATH_MAX, R_OK, S_IFDIR, S_IFLNK, S_IFREG, S_IXUGO, W_OK, X_OK};

use super::file::{file, io_errno};
use super::SysResult;
use crate::fs::inode::Kind;
use crate::fs::lookup::lookup_existing;
use crate::fs::open::open_at;
use crate::fs::{NodeRef, OpenFile};
use crate::task::table::with_current;
use crate::uaccess::{copy_from_user, copy_to_user, strncpy_from_user};

/// Bytes `pread64` moves per step, and the most `getdents64` fills at
/// once.
const CHUNK: usize = 4096;
/// Kernel heap an open file takes (the description and its object;
/// generous).
const OPEN_FILE_COST: usize = 1024;

/// Copies a path from user memory: `EFAULT`, `ENAMETOOLONG` if it has no
/// NUL within `PATH_MAX` bytes. An empty path is returned as such (the
/// caller decides: `ENOENT`, or `AT_EMPTY_PATH`).
pub(super) fn user_path(addr: u64) -> Result<Vec<u8>, i64> {
    let mut buf = vec![0u8; PATH_MAX];
    let n = strncpy_from_user(&mut buf, addr).map_err(|_| EFAULT)?;
    if n == PATH_MAX {
        return Err(ENAMETOOLONG);
    }
    buf.truncate(n);
    Ok(buf)
}

/// The current task's working directory.
pub(super) fn cwd() -> Result<NodeRef, i64> {
    with_current(|t| t.cwd.clone()).ok_or(EFAULT)
}

/// Where a lookup of `path` starts for an `*at` call with `dirfd`: the
/// root for an absolute path, the working directory for `AT_FDCWD`, else
/// the directory `dirfd` refers to.
pub(super) fn start_dir(dirfd: u64, path: &[u8]) -> Result<NodeRef, i64> {
    let cwd = cwd()?;
    if path.first() == Some(&b'/') {
        return Ok(NodeRef::root(&cwd.fs));
    }
    // The descriptor is a C int: the upper half of the register is not
    // part of it.
    if dirfd as i32 as i64 == AT_FDCWD {
        return Ok(cwd);
    }
    let f = file(dirfd as u32 as u64)?;
    match f.file.node() {
        Some(n) if n.node().is_dir() => Ok(n.clone()),
        _ => Err(ENOTDIR),
    }
}

/// The inode `path` names for an `*at` call: `follow` says whether a
/// final symbolic link is followed; with `empty_ok` (`AT_EMPTY_PATH`) an
/// empty path names `dirfd` itself.
pub(super) fn resolve(
    dirfd: u64,
    path: &[u8],
    follow: bool,
    empty_ok: bool,
) -> Result<NodeRef, i64> {
    if path.is_empty() {
        if !empty_ok {
            return Err(ENOENT);
        }
        if dirfd as i32 as i64 == AT_FDCWD {
            return cwd();
        }
        let f = file(dirfd as u32 as u64)?;
        return f.file.node().cloned().ok_or(EBADF);
    }
    let start = start_dir(dirfd, path)?;
    let ino = lookup_existing(&start.fs, start.ino, path, follow)?;
    Ok(start.at(ino))
}

/// `openat(dirfd, path, flags, mode)`; `open` is the same with
/// `AT_FDCWD`. The mode is unused: nothing can be created.
pub(super) fn sys_openat(dirfd: u64, path: u64, flags: u64) -> SysResult {
    let path = user_path(path)?;
    if path.is_empty() {
        return Err(ENOENT);
    }
    let flags = flags as u32;
    let start = start_dir(dirfd, &path)?;
    // As Linux: a descriptor first (EMFILE), then the open file (ENOMEM).
    with_current(|t| t.files.free_slot(0)).ok_or(EBADF)??;
    crate::kalloc::take(OPEN_FILE_COST)?;
    let f = open_at(&start, &path, flags)?;
    with_current(|t| t.files.install(f, flags & O_CLOEXEC != 0, 0)).ok_or(EBADF)?
}

/// `pread64(fd, buf, count, offset)`, with Linux's checks: a negative
/// offset, a count negative as a `ssize_t`, or an offset and count whose
/// sum is past `i64::MAX`, are `EINVAL` (`rw_verify_area`); the count is
/// cut to `MAX_RW_COUNT`; a buffer that faults after some bytes were
/// copied ends the call with their count.
pub(super) fn sys_pread64(fd: u64, buf: u64, len: u64, offset: u64) -> SysResult {
    if (offset as i64) < 0 {
        return Err(EINVAL);
    }
    let f = file(fd)?;
    let len = super::rw::verified_count(len)?;
    if (offset as i64).checked_add(len as i64).is_none() {
        return Err(EINVAL);
    }
    let len = len.min(crate::fs::uio::MAX_RW_COUNT);
    let mut chunk = vec![0u8; (len as usize).min(CHUNK)];
    let mut done = 0u64;
    while done < len {
        // Never past the end of a user page: a fault then ends the call
        // at a page boundary, as Linux's copy does.
        let to_page_end = mm::PAGE_SIZE - buf.wrapping_add(done) % mm::PAGE_SIZE;
        let want = ((len - done).min(to_page_end) as usize).min(chunk.len());
        // Both sums stay below 2^63: offset + len was checked above.
        let n = match f.pread(&mut chunk[..want], offset + done) {
            Ok(n) => n,
            Err(_) if done > 0 => break,
            Err(e) => return Err(io_errno(e)),
        };
        let Some(at) = buf.checked_add(done) else {
            break;
        };
        if copy_to_user(at, &chunk[..n]).is_err() {
            if done > 0 {
                break;
            }
            return Err(EFAULT);
        }
        done += n as u64;
        if n < want {
            break;
        }
    }
    Ok(done)
}

/// `lseek(fd, offset, whence)`: `whence` is a C unsigned int.
pub(super) fn sys_lseek(fd: u64, offset: u64, whence: u64) -> SysResult {
    file(fd)?.lseek(offset as i64, whence as u32 as u64)
}

fn put_stat(addr: u64, st: &Stat) -> SysResult {
    copy_to_user(addr, &arch::abi::stat::to_bytes(st)).map_err(|_| EFAULT)?;
    Ok(0)
}

fn stat_of(f: &OpenFile) -> Result<Stat, i64> {
    // Every file a descriptor can hold here has an inode.
    f.file.stat().ok_or(EBADF)
}

/// `fstat(fd, buf)` (an `O_PATH` descriptor works too).
pub(super) fn sys_fstat(fd: u64, buf: u64) -> SysResult {
    let st = stat_of(&*file(fd)?)?;
    put_stat(buf, &st)
}

/// `newfstatat(dirfd, path, buf, flags)`; `stat` and `lstat` are it with
/// `AT_FDCWD` and no flags or `AT_SYMLINK_NOFOLLOW`.
pub(super) fn sys_newfstatat(dirfd: u64, path: u64, buf: u64, flags: u64) -> SysResult {
    let path = user_path(path)?;
    if flags & !(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT) != 0 {
        return Err(EINVAL);
    }
    let st = if path.is_empty() && flags & AT_EMPTY_PATH != 0 && dirfd as i32 as i64 != AT_FDCWD {
        stat_of(&*file(dirfd as u32 as u64)?)?
    } else {
        let follow = flags & AT_SYMLINK_NOFOLLOW == 0;
        resolve(dirfd, &path, follow, flags & AT_EMPTY_PATH != 0)?.stat()
    };
    put_stat(buf, &st)
}

/// `linux_dirent64`: `d_ino` (8), `d_off` (8), `d_reclen` (2), `d_type`
/// (1), the name and its NUL, padded to 8 bytes.
const DIRENT64_HEADER: usize = 19;

/// `getdents64(fd, dirp, count)`. Linux keeps the count in an `int`: one
/// at or above 2^31 is negative, and too small for any entry (`EINVAL`).
/// A buffer that faults after whole entries were written returns those
/// (Linux writes entry by entry); one that faults at once is `EFAULT`.
pub(super) fn sys_getdents64(fd: u64, dirp: u64, count: u64) -> SysResult {
    let f = file(fd)?;
    if f.is_path() {
        return Err(EBADF);
    }
    let count = usize::try_from(count as u32 as i32)
        .unwrap_or(0)
        .min(CHUNK * 8);
    let mut out: Vec<u8> = Vec::new();
    // Where each entry ends in `out`, and the position after it.
    let mut ends: Vec<(usize, u64)> = Vec::new();
    let mut too_small = false;
    let mut pos = f.offset.lock();
    let next = f.file.read_dir(*pos, &mut |e| {
        let reclen = (DIRENT64_HEADER + e.name.len() + 1).next_multiple_of(8);
        if out.len() + reclen > count {
            too_small = out.is_empty();
            return false;
        }
        let at = out.len();
        out.resize(at + reclen, 0);
        out[at..at + 8].copy_from_slice(&e.ino.to_ne_bytes());
        out[at + 8..at + 16].copy_from_slice(&e.next.to_ne_bytes());
        out[at + 16..at + 18].copy_from_slice(&(reclen as u16).to_ne_bytes());
        out[at + 18] = e.dtype;
        out[at + DIRENT64_HEADER..at + DIRENT64_HEADER + e.name.len()].copy_from_slice(e.name);
        ends.push((out.len(), e.next));
        true
    })?;
    if too_small {
        return Err(EINVAL);
    }
    if copy_to_user(dirp, &out).is_ok() {
        *pos = next;
        return Ok(out.len() as u64);
    }
    // The whole entries that fit before the fault.
    let mut written = 0;
    for &(end, after) in &ends {
        let Some(at) = dirp.checked_add(written as u64) else {
            break;
        };
        if copy_to_user(at, &out[written..end]).is_err() {
            break;
        }
        written = end;
        *pos = after;
    }
    if written == 0 {
        return Err(EFAULT);
    }
    Ok(written as u64)
}

/// `readlinkat(dirfd, path, buf, size)`: the target, cut at `size`, with
/// no NUL; `EINVAL` if the path is not a symbolic link or `size` is not
/// positive.
pub(super) fn sys_readlinkat(dirfd: u64, path: u64, buf: u64, size: u64) -> SysResult {
    let path = user_path(path)?;
    let size = size as i32;
    if size <= 0 {
        return Err(EINVAL);
    }
    // An empty path names the descriptor itself (an O_PATH link).
    let node = resolve(dirfd, &path, false, true)?;
    let Kind::Symlink(target) = &node.node().kind else {
        return Err(if path.is_empty() { ENOENT } else { EINVAL });
    };
    let n = target.len().min(size as usize);
    copy_to_user(buf, &target[..n]).map_err(|_| EFAULT)?;
    Ok(n as u64)
}

/// `faccessat2(dirfd, path, mode, flags)`; `faccessat` and `access` are
/// it without flags. As root: existence, reading and searching always
/// pass; writing a file, directory or link is `EROFS`; executing needs an
/// execute bit on anything but a directory.
pub(super) fn sys_faccessat2(dirfd: u64, path: u64, mode: u64, flags: u64) -> SysResult {
    let path = user_path(path)?;
    if mode as u32 as u64 & !(R_OK | W_OK | X_OK) != 0 {
        return Err(EINVAL);
    }
    if flags & !(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH) != 0 {
        return Err(EINVAL);
    }
    let node = resolve(
        dirfd,
        &path,
        flags & AT_SYMLINK_NOFOLLOW == 0,
        flags & AT_EMPTY_PATH != 0,
    )?;
    let n = node.node();
    let ty = n.file_type();
    if mode & X_OK != 0 && ty != S_IFDIR && n.mode & S_IXUGO == 0 {
        return Err(EACCES);
    }
    if mode & W_OK != 0 && matches!(ty, S_IFREG | S_IFDIR | S_IFLNK) {
        return Err(EROFS);
    }
    Ok(0)
}

/// `chdir(path)`.
pub(super) fn sys_chdir(path: u64) -> SysResult {
    let path = user_path(path)?;
    let node = resolve(AT_FDCWD as u64, &path, true, false)?;
    set_cwd(node)
}

/// `fchdir(fd)`.
pub(super) fn sys_fchdir(fd: u64) -> SysResult {
    let f = file(fd)?;
    let node = f.file.node().cloned().ok_or(ENOTDIR)?;
    set_cwd(node)
}

fn set_cwd(node: NodeRef) -> SysResult {
    if !node.node().is_dir() {
        return Err(ENOTDIR);
    }
    with_current(|t| t.cwd = node).ok_or(EFAULT)?;
    Ok(0)
}

/// `getcwd(buf, size)`: the path with its NUL; returns its length with
/// the NUL, `ERANGE` if `size` is smaller.
pub(super) fn sys_getcwd(buf: u64, size: u64) -> SysResult {
    let cwd = cwd()?;
    let mut path = cwd.fs.path_of(cwd.ino);
    path.push(0);
    if (path.len() as u64) > size {
        return Err(ERANGE);
    }
    copy_to_user(buf, &path).map_err(|_| EFAULT)?;
    Ok(path.len() as u64)
}

/// Reads an array of user string pointers ending in a NULL pointer, as
/// `execve` takes argv and envp; a NULL array is empty. Each string is at
/// most `max_each` bytes with its NUL, and all of them and their pointers
/// at most `budget` bytes (`E2BIG`), which is what is left on return.
pub(super) fn user_strings(
    mut addr: u64,
    max_each: usize,
    budget: &mut usize,
) -> Result<Vec<Vec<u8>>, i64> {
    let mut out = Vec::new();
    if addr == 0 {
        return Ok(out);
    }
    loop {
        let mut p = [0u8; 8];
        copy_from_user(&mut p, addr).map_err(|_| EFAULT)?;
        let ptr = u64::from_ne_bytes(p);
        if ptr == 0 {
            return Ok(out);
        }
        *budget = budget.checked_sub(8).ok_or(linux_abi::errno::E2BIG)?;
        let mut s = vec![0u8; max_each.min(*budget)];
        let n = strncpy_from_user(&mut s, ptr).map_err(|_| EFAULT)?;
        if n == s.len() {
            return Err(linux_abi::errno::E2BIG);
        }
        *budget -= n + 1;
        s.truncate(n);
        s.shrink_to_fit();
        out.push(s);
        addr += 8;
    }
}

/// The strings of `list` as slices.
pub(super) fn as_slices(list: &[Vec<u8>]) -> Vec<&[u8]> {
    list.iter().map(Vec::as_slice).collect()
}
