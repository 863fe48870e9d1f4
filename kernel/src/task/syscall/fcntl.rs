//! `fcntl`: descriptor flags, status flags, duplication and a pipe's
//! capacity.

use linux_abi::errno;
use linux_abi::fcntl::{
    FD_CLOEXEC, F_DUPFD, F_DUPFD_CLOEXEC, F_GETFD, F_GETFL, F_GETPIPE_SZ, F_SETFD, F_SETFL,
    F_SETPIPE_SZ, O_DIRECT,
};

use super::file::file;
use super::SysResult;
use crate::task::table::with_current;

/// `fcntl(fd, cmd, arg)`. The descriptor is checked first (`EBADF`), then
/// the command (`EINVAL` for one this kernel does not know, as Linux
/// answers an unknown one).
pub(super) fn sys_fcntl(fd: u64, cmd: u64, arg: u64) -> SysResult {
    // The prototype's `unsigned int fd, unsigned int cmd`.
    let fd = fd as u32 as u64;
    let f = file(fd)?;
    match cmd as u32 as u64 {
        F_DUPFD => dup_from(fd, arg, false),
        F_DUPFD_CLOEXEC => dup_from(fd, arg, true),
        F_GETFD => {
            with_current(|t| t.files.entry(fd).map(|e| u64::from(e.cloexec))).ok_or(errno::EBADF)?
        }
        F_SETFD => with_current(|t| {
            t.files.entry_mut(fd).map(|e| {
                e.cloexec = arg & FD_CLOEXEC != 0;
                0
            })
        })
        .ok_or(errno::EBADF)?,
        F_GETFL => Ok(u64::from(f.flags())),
        F_SETFL => {
            // No file here does direct I/O (nor a pipe's packet mode):
            // Linux refuses O_DIRECT on such a file with EINVAL.
            if arg as u32 & O_DIRECT != 0 {
                return Err(errno::EINVAL);
            }
            f.set_status_flags(arg as u32);
            Ok(0)
        }
        F_GETPIPE_SZ => f
            .file
            .as_pipe()
            .map(|p| p.capacity() as u64)
            .ok_or(errno::EBADF),
        F_SETPIPE_SZ => f
            .file
            .as_pipe()
            .ok_or(errno::EBADF)?
            .set_capacity(arg as u32 as u64)
            .map(|n| n as u64),
        _ => Err(errno::EINVAL),
    }
}

/// `F_DUPFD`: the lowest free descriptor at or above `min` (an `int`; a
/// negative one, or one at or past `RLIMIT_NOFILE`, is `EINVAL`).
fn dup_from(fd: u64, min: u64, cloexec: bool) -> SysResult {
    let min = min as u32 as u64;
    with_current(|t| {
        if min >= t.files.limit() as u64 {
            return Err(errno::EINVAL);
        }
        let f = t.files.get(fd)?;
        t.files.install(f, cloexec, min as usize)
    })
    .ok_or(errno::EBADF)?
}
