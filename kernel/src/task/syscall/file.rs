//! File-descriptor system calls: `read`, `write`, `close`, `dup`,
//! `dup2`, `dup3`.

use alloc::sync::Arc;
use alloc::vec;

use linux_abi::errno;
use linux_abi::fcntl::O_CLOEXEC;

use super::SysResult;
use crate::fs::fdtable::Fd;
use crate::fs::{IoError, OpenFile};
use crate::task::table::with_current;
use crate::uaccess::{copy_from_user, copy_to_user};

/// Bytes moved between user memory and a file per step.
const CHUNK: usize = 4096;

/// The open file behind the current task's descriptor `fd`.
pub(super) fn file(fd: u64) -> Result<Arc<OpenFile>, i64> {
    with_current(|t| t.files.get(fd)).ok_or(errno::EBADF)?
}

/// The errno a failed transfer returns.
pub(super) fn io_errno(e: IoError) -> i64 {
    match e {
        IoError::Errno(e) => e,
        // No file here blocks yet; a caller that can block handles it
        // before this point.
        IoError::WouldBlock => errno::EAGAIN,
    }
}

/// `read(fd, buf, len)`.
pub(super) fn sys_read(fd: u64, buf: u64, len: u64) -> SysResult {
    let f = file(fd)?;
    let mut chunk = vec![0u8; (len as usize).min(CHUNK)];
    let mut done = 0u64;
    while done < len {
        let want = ((len - done) as usize).min(chunk.len());
        let n = match f.read(&mut chunk[..want]) {
            Ok(n) => n,
            Err(_) if done > 0 => break,
            Err(e) => return Err(io_errno(e)),
        };
        copy_to_user(buf + done, &chunk[..n]).map_err(|_| errno::EFAULT)?;
        done += n as u64;
        if n < want {
            break;
        }
    }
    Ok(done)
}

/// `write(fd, buf, len)`.
pub(super) fn sys_write(fd: u64, buf: u64, len: u64) -> SysResult {
    let f = file(fd)?;
    let mut chunk = vec![0u8; (len as usize).min(CHUNK)];
    let mut done = 0u64;
    while done < len {
        let want = ((len - done) as usize).min(chunk.len());
        copy_from_user(&mut chunk[..want], buf + done).map_err(|_| errno::EFAULT)?;
        let n = match f.write(&chunk[..want]) {
            Ok(n) => n,
            Err(_) if done > 0 => break,
            Err(e) => return Err(io_errno(e)),
        };
        done += n as u64;
        if n < want {
            break;
        }
    }
    Ok(done)
}

/// `close(fd)`.
pub(super) fn sys_close(fd: u64) -> SysResult {
    with_current(|t| t.files.close(fd))
        .ok_or(errno::EBADF)?
        .map(|_| 0)
}

/// `dup(fd)`: the lowest free descriptor, without close-on-exec.
pub(super) fn sys_dup(fd: u64) -> SysResult {
    with_current(|t| {
        let f = t.files.get(fd)?;
        t.files.install(f, false, 0)
    })
    .ok_or(errno::EBADF)?
}

/// `dup3(old, new, flags)`; `dup2` is the same with no flags, except that
/// `dup2(fd, fd)` checks `fd` and returns it where `dup3` refuses.
pub(super) fn sys_dup3(old: u64, new: u64, flags: u64, is_dup2: bool) -> SysResult {
    if flags & !(O_CLOEXEC as u64) != 0 {
        return Err(errno::EINVAL);
    }
    with_current(|t| {
        let file = t.files.get(old)?;
        if old == new {
            return if is_dup2 { Ok(new) } else { Err(errno::EINVAL) };
        }
        let entry = Fd {
            file,
            cloexec: flags != 0,
        };
        // What was at `new` is closed (dropped) after the swap.
        t.files.install_at(new, entry).map(|_| new)
    })
    .ok_or(errno::EBADF)?
}
