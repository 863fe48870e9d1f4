//! `pipe` and `pipe2`.

use linux_abi::errno;
use linux_abi::fcntl::{O_CLOEXEC, O_DIRECT, O_NONBLOCK, O_RDONLY, O_WRONLY};

use super::SysResult;
use crate::fs::pipe::Pipe;
use crate::fs::OpenFile;
use crate::task::table::with_current;
use crate::uaccess::copy_to_user;

/// Kernel heap a pipe takes: the pipe with its list of up to 16 buffers
/// (the pages come from the frame allocator), its two ends and their
/// open file descriptions (generous).
const PIPE_COST: usize = 2048;

/// `pipe2(fds, flags)`: a new pipe, its read end at `fds[0]` and its write
/// end at `fds[1]` (two `int`s), the lowest free descriptors.
/// `O_CLOEXEC` marks both close-on-exec, `O_NONBLOCK` makes both
/// descriptions non-blocking. Packet mode (`O_DIRECT`) is not supported
/// and is refused with `EINVAL`, as Linux refuses any flag it does not
/// know. If `fds` cannot be written, neither descriptor stays open.
pub(super) fn sys_pipe2(fds: u64, flags: u64) -> SysResult {
    let flags = flags as u32;
    if flags & !(O_CLOEXEC | O_NONBLOCK) != 0 || flags & O_DIRECT != 0 {
        return Err(errno::EINVAL);
    }
    let cloexec = flags & O_CLOEXEC != 0;
    let nonblock = flags & O_NONBLOCK;
    // As Linux: the pipe first (ENOMEM), then its descriptors (EMFILE).
    crate::kalloc::take(PIPE_COST)?;
    let (reader, writer) = Pipe::new_ends();
    let r = OpenFile::new(reader, O_RDONLY | nonblock);
    let w = OpenFile::new(writer, O_WRONLY | nonblock);
    // On EMFILE the ends are dropped under the task table's lock; that is
    // safe only because nobody can be waiting on a pipe this new.
    let installed = with_current(|t| {
        let rfd = t.files.install(r, cloexec, 0).map_err(|e| (e, None))?;
        let wfd = t
            .files
            .install(w, cloexec, 0)
            .map_err(|e| (e, t.files.close(rfd).ok()))?;
        Ok((rfd, wfd))
    })
    .ok_or(errno::EBADF)?;
    let (rfd, wfd) = installed.map_err(|(e, undone)| {
        drop(undone);
        e
    })?;
    let mut b = [0u8; 8];
    b[..4].copy_from_slice(&(rfd as i32).to_ne_bytes());
    b[4..].copy_from_slice(&(wfd as i32).to_ne_bytes());
    if copy_to_user(fds, &b).is_err() {
        let undone = with_current(|t| (t.files.close(rfd).ok(), t.files.close(wfd).ok()));
        drop(undone);
        return Err(errno::EFAULT);
    }
    Ok(0)
}
