//! Reading and writing descriptors: `read`, `write`, `readv`, `writev`.
//!
//! A transfer that cannot proceed ([`IoError::WouldBlock`]) answers
//! `EAGAIN` on an `O_NONBLOCK` description, and otherwise waits on the
//! file's queue (`block.rs`): the call runs again when the file changes.
//! A blocking write that has already written part of its data (a pipe
//! write larger than the room left) keeps its progress in the task and
//! resumes after it; a signal then ends it with the count written, as on
//! Linux. A write that meets a pipe with no reader raises `SIGPIPE` for
//! the writer and fails with `EPIPE`.

use alloc::sync::Arc;

use linux_abi::errno;
use linux_abi::signal::SIGPIPE;
use linux_abi::Siginfo;

use super::file::file;
use super::SysResult;
use crate::fs::{Direction, IoError, OpenFile, UserIo};
use crate::task::block::{self, ERESTARTSYS};
use crate::task::delivery::send_current;
use crate::task::table::{current_ids, with_current};

/// `read(fd, buf, len)`: `EBADF` for a file not open for reading, then
/// `EINVAL` for a length that is negative as a `ssize_t` (Linux's
/// `rw_verify_area`); a larger one is cut to `MAX_RW_COUNT`.
pub(super) fn sys_read(fd: u64, buf: u64, len: u64) -> SysResult {
    let f = file(fd)?;
    if !f.readable() {
        return Err(errno::EBADF);
    }
    read_from(&f, UserIo::single(buf, verified_count(len)?))
}

/// `write(fd, buf, len)`, checked as `read` is.
pub(super) fn sys_write(fd: u64, buf: u64, len: u64) -> SysResult {
    let f = file(fd)?;
    if !f.writable() {
        return Err(errno::EBADF);
    }
    write_to(&f, UserIo::single(buf, verified_count(len)?))
}

/// A transfer's length as Linux's `rw_verify_area` takes it: `EINVAL` if
/// it is negative as a `ssize_t`.
pub(super) fn verified_count(len: u64) -> Result<u64, i64> {
    if (len as i64) < 0 {
        return Err(errno::EINVAL);
    }
    Ok(len)
}

/// `readv(fd, iov, count)`. The count reaches Linux's `import_iovec` as
/// an unsigned int: its upper half is dropped.
pub(super) fn sys_readv(fd: u64, iov: u64, count: u64) -> SysResult {
    let f = file(fd)?;
    if !f.readable() {
        return Err(errno::EBADF);
    }
    read_from(&f, UserIo::from_iovec(iov, u64::from(count as u32))?)
}

/// `writev(fd, iov, count)`: one write of all the buffers, so a pipe takes
/// up to `PIPE_BUF` bytes of them atomically.
pub(super) fn sys_writev(fd: u64, iov: u64, count: u64) -> SysResult {
    let f = file(fd)?;
    if !f.writable() {
        return Err(errno::EBADF);
    }
    write_to(&f, UserIo::from_iovec(iov, u64::from(count as u32))?)
}

fn read_from(f: &Arc<OpenFile>, mut io: UserIo) -> SysResult {
    if !f.readable() {
        return Err(errno::EBADF);
    }
    match f.read_user(&mut io) {
        Ok(n) => Ok(n as u64),
        Err(IoError::WouldBlock) => wait_for(f, Direction::Read),
        Err(IoError::Errno(e)) => Err(e),
    }
}

fn write_to(f: &Arc<OpenFile>, mut io: UserIo) -> SysResult {
    if !f.writable() {
        return Err(errno::EBADF);
    }
    // What a blocked write had written before it waited (0 for a new one).
    let before = with_current(|t| core::mem::take(&mut t.block.progress)).unwrap_or(0);
    io.advance(before);
    let written = match f.write_user(&mut io) {
        Ok(n) => before + n as u64,
        Err(IoError::WouldBlock) => before,
        Err(IoError::Errno(e)) => {
            if e == errno::EPIPE {
                let me = current_ids().0;
                send_current(Siginfo::from_task(SIGPIPE, me));
            }
            return if before > 0 { Ok(before) } else { Err(e) };
        }
    };
    let can_wait = !f.nonblocking() && f.file.wait_queue(Direction::Write).is_some();
    if io.remaining() == 0 || !can_wait || (written > 0 && block::signal_pending()) {
        return if written > 0 || io.remaining() == 0 {
            Ok(written)
        } else {
            Err(errno::EAGAIN)
        };
    }
    with_current(|t| t.block.progress = written);
    wait_for(f, Direction::Write)
}

/// A transfer that would block: `EAGAIN` for `O_NONBLOCK` (or a file that
/// cannot wake anyone), else wait on the file's queue.
fn wait_for(f: &Arc<OpenFile>, dir: Direction) -> SysResult {
    if f.nonblocking() {
        return Err(errno::EAGAIN);
    }
    match f.file.wait_queue(dir) {
        Some(q) => {
            q.add_current();
            Err(ERESTARTSYS)
        }
        None => Err(errno::EAGAIN),
    }
}
