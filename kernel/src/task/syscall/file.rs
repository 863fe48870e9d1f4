//! File-descriptor system calls: `close`, `dup`, `dup2`, `dup3` (reads
//! and writes are in `rw.rs`).

use alloc::sync::Arc;

use linux_abi::errno;
use linux_abi::fcntl::O_CLOEXEC;

use super::SysResult;
use crate::fs::fdtable::Fd;
use crate::fs::OpenFile;
use crate::task::table::with_current;

/// A descriptor as Linux's calls take it, an `unsigned int`: the upper
/// half of the register is not part of it.
fn fd_arg(fd: u64) -> u64 {
    u64::from(fd as u32)
}

/// The open file behind the current task's descriptor `fd`.
pub(super) fn file(fd: u64) -> Result<Arc<OpenFile>, i64> {
    let fd = fd_arg(fd);
    with_current(|t| t.files.get(fd)).ok_or(errno::EBADF)?
}

/// `close(fd)`.
pub(super) fn sys_close(fd: u64) -> SysResult {
    let fd = fd_arg(fd);
    with_current(|t| t.files.close(fd))
        .ok_or(errno::EBADF)?
        .map(|_| 0)
}

/// `dup(fd)`: the lowest free descriptor, without close-on-exec.
pub(super) fn sys_dup(fd: u64) -> SysResult {
    let fd = fd_arg(fd);
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
    let (old, new) = (fd_arg(old), fd_arg(new));
    let replaced = with_current(|t| {
        let file = t.files.get(old)?;
        if old == new {
            return if is_dup2 {
                Ok(None)
            } else {
                Err(errno::EINVAL)
            };
        }
        let entry = Fd {
            file,
            cloexec: flags != 0,
        };
        t.files.install_at(new, entry)
    })
    .ok_or(errno::EBADF)??;
    // What was at `new` closes here, without the task table's lock: closing
    // a pipe end wakes the tasks waiting on the other end.
    drop(replaced);
    Ok(new)
}

/// The errno of a failed transfer that cannot block (`pread64`: only
/// positional files take it, and none of them blocks).
pub(super) fn io_errno(e: crate::fs::IoError) -> i64 {
    match e {
        crate::fs::IoError::Errno(e) => e,
        crate::fs::IoError::WouldBlock => errno::EAGAIN,
    }
}
