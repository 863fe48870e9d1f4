//! What an open file can do, and the open file description that
//! descriptors share.

use alloc::sync::Arc;
use core::sync::atomic::{AtomicU32, Ordering};

use ksync::SpinLock;
use linux_abi::errno;
use linux_abi::fcntl::{O_ACCMODE, O_APPEND, O_NONBLOCK, O_PATH, O_WRONLY};
use linux_abi::fs::{SEEK_CUR, SEEK_DATA, SEEK_END, SEEK_HOLE, SEEK_SET};

use super::inode::NodeRef;
use super::pipe::Pipe;
use super::uio::UserIo;
use crate::task::block::WaitQueue;

/// Bytes moved between user memory and a file per step when the file has
/// no way of its own ([`File::read_user`], [`File::write_user`]).
const CHUNK: usize = 4096;

/// Why a read or write did not transfer data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IoError {
    /// Fail with this errno (positive).
    Errno(i64),
    /// Nothing can be transferred yet (an empty pipe with writers, a full
    /// pipe with readers): the caller blocks the task and restarts the
    /// system call when the file may have changed.
    WouldBlock,
}

/// Which way a transfer goes, for the wait queue a blocked one sleeps on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Waiting for data to read.
    Read,
    /// Waiting for room to write.
    Write,
}

impl From<karch::Efault> for IoError {
    fn from(_: karch::Efault) -> Self {
        IoError::Errno(errno::EFAULT)
    }
}

/// One kind of open file: a device, a file or directory of the root file
/// system, a pipe end. Offsets belong to the [`OpenFile`]; a file that has
/// none (a stream) ignores them.
pub trait File: Send + Sync {
    /// Reads into `buf` at `offset`; returns the bytes read (0 at the end).
    fn read(&self, offset: u64, buf: &mut [u8]) -> Result<usize, IoError>;

    /// Writes `buf` at `offset`; returns the bytes written.
    fn write(&self, offset: u64, buf: &[u8]) -> Result<usize, IoError>;

    /// Whether reads and writes use and advance the offset (a regular file)
    /// or not (a device, a pipe).
    fn seekable(&self) -> bool {
        false
    }

    /// Whether `pread64`/`pwrite64` may name an offset (Linux's
    /// `FMODE_PREAD`): a seekable file, or a device that ignores offsets
    /// such as `/dev/null`; not a terminal or a pipe (`ESPIPE`).
    fn positional(&self) -> bool {
        self.seekable()
    }

    /// `lseek` from the position `pos`: the new position, or an errno.
    /// A stream cannot seek (`ESPIPE`).
    fn seek(&self, _pos: u64, _offset: i64, _whence: u64) -> Result<u64, i64> {
        Err(errno::ESPIPE)
    }

    /// The file-system inode behind the file, if it has one (`fstat`,
    /// `fchdir`, `*at` calls, `mmap`, `execveat`).
    fn node(&self) -> Option<&NodeRef> {
        None
    }

    /// What `fstat` reports: the inode's attributes. A file without an
    /// inode in the file system (a pipe) says what it is by overriding
    /// this.
    fn stat(&self) -> Option<linux_abi::fs::Stat> {
        self.node().map(NodeRef::stat)
    }

    /// `getdents64`: calls `emit` with each entry from position `pos` on
    /// until it returns `false`; returns the position after the last entry
    /// emitted. Anything but a directory is `ENOTDIR`.
    fn read_dir(
        &self,
        _pos: u64,
        _emit: &mut dyn FnMut(&DirEntry<'_>) -> bool,
    ) -> Result<u64, i64> {
        Err(errno::ENOTDIR)
    }

    /// Reads at `offset` into the user buffers `io`. By default through a
    /// kernel buffer, a page at a time, with [`File::read`]; a file that
    /// can copy straight to user memory overrides it.
    fn read_user(&self, offset: u64, io: &mut UserIo) -> Result<usize, IoError> {
        let mut chunk = alloc::vec![0u8; io.remaining().min(CHUNK)];
        let mut done = 0;
        while io.remaining() > 0 {
            let want = io.remaining().min(chunk.len());
            let n = match self.read(offset + done as u64, &mut chunk[..want]) {
                Ok(n) => n,
                Err(_) if done > 0 => break,
                Err(e) => return Err(e),
            };
            match io.copy_to_user(&chunk[..n]) {
                Ok(_) => {}
                Err(_) if done > 0 => break,
                Err(e) => return Err(e.into()),
            }
            done += n;
            if n < want {
                break;
            }
        }
        Ok(done)
    }

    /// Writes the user buffers `io` at `offset`; the default goes through
    /// a kernel buffer a page at a time with [`File::write`].
    fn write_user(&self, offset: u64, io: &mut UserIo) -> Result<usize, IoError> {
        let mut chunk = alloc::vec![0u8; io.remaining().min(CHUNK)];
        let mut done = 0;
        while io.remaining() > 0 {
            let mut probe = io.clone();
            let want = match probe.copy_from_user(&mut chunk) {
                Ok(n) => n,
                Err(_) if done > 0 => break,
                Err(e) => return Err(e.into()),
            };
            let n = match self.write(offset + done as u64, &chunk[..want]) {
                Ok(n) => n,
                Err(_) if done > 0 => break,
                Err(e) => return Err(e),
            };
            io.advance(n as u64);
            done += n;
            if n < want {
                break;
            }
        }
        Ok(done)
    }

    /// Which transfers would not block now (`poll`'s `POLL*` bits). A file
    /// that never blocks is always ready both ways.
    fn poll(&self) -> u16 {
        POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM
    }

    /// The queue a task sleeps on when a transfer in direction `dir`
    /// would block ([`IoError::WouldBlock`]), to be woken when the file
    /// changes. Files that never block have none.
    fn wait_queue(&self, _dir: Direction) -> Option<&WaitQueue> {
        None
    }

    /// `ioctl(cmd, arg)` for what is particular to this file (a terminal's
    /// attributes, a pipe's byte count). `ENOTTY` by default, as Linux
    /// answers a command the file does not know.
    fn ioctl(&self, _cmd: u64, _arg: u64) -> Result<u64, i64> {
        Err(errno::ENOTTY)
    }

    /// The pipe behind a pipe end (`F_GETPIPE_SZ`, `F_SETPIPE_SZ`).
    fn as_pipe(&self) -> Option<&Pipe> {
        None
    }
}

/// One directory entry, as `getdents64` reports it.
#[derive(Clone, Copy, Debug)]
pub struct DirEntry<'a> {
    /// Its inode number.
    pub ino: u64,
    /// The position of the entry after it (`d_off`).
    pub next: u64,
    /// Its `DT_*` type.
    pub dtype: u8,
    /// Its name.
    pub name: &'a [u8],
}

/// `lseek` on a file of `size` bytes whose offsets may go anywhere up to
/// `i64::MAX` (Linux's `generic_file_llseek`): `SEEK_DATA` and
/// `SEEK_HOLE` see one extent of data and the hole at the end; a
/// negative result or an unknown `whence` is `EINVAL`.
pub fn generic_seek(pos: u64, offset: i64, whence: u64, size: u64) -> Result<u64, i64> {
    let size = size as i64;
    let new = match whence {
        SEEK_SET => Some(offset),
        SEEK_CUR => (pos as i64).checked_add(offset),
        SEEK_END => size.checked_add(offset),
        // Compared unsigned, as Linux does: a negative offset is past
        // the end.
        SEEK_DATA | SEEK_HOLE if offset as u64 >= size as u64 => return Err(errno::ENXIO),
        SEEK_DATA => Some(offset),
        SEEK_HOLE => Some(size),
        _ => return Err(errno::EINVAL),
    };
    match new {
        Some(n) if n >= 0 => Ok(n as u64),
        _ => Err(errno::EINVAL),
    }
}

/// An open file description: what `open` creates, and `dup` and `fork`
/// share. Its offset moves for every descriptor that refers to it.
pub struct OpenFile {
    /// The file.
    pub file: Arc<dyn File>,
    /// The file position, for seekable files.
    pub offset: SpinLock<u64>,
    /// The `O_*` status flags: the access mode it was opened with, and
    /// `O_APPEND` and `O_NONBLOCK`, which `fcntl(F_SETFL)` changes.
    flags: AtomicU32,
}

impl OpenFile {
    /// A new description of `file` at offset 0.
    pub fn new(file: Arc<dyn File>, flags: u32) -> Arc<Self> {
        Arc::new(Self {
            file,
            offset: SpinLock::new(0),
            flags: AtomicU32::new(flags),
        })
    }

    /// The status flags (`fcntl(F_GETFL)`).
    pub fn flags(&self) -> u32 {
        self.flags.load(Ordering::Relaxed)
    }

    /// `fcntl(F_SETFL)`: replaces the flags a description may change
    /// ([`SETFL_MASK`]); the access mode and the rest stay.
    pub fn set_status_flags(&self, new: u32) {
        let keep = self.flags() & !SETFL_MASK;
        self.flags
            .store(keep | (new & SETFL_MASK), Ordering::Relaxed);
    }

    /// Whether transfers fail with `EAGAIN` rather than block.
    pub fn nonblocking(&self) -> bool {
        self.flags() & O_NONBLOCK != 0
    }

    /// Whether it was opened for reading (not write-only, not `O_PATH`).
    pub fn readable(&self) -> bool {
        self.flags() & O_PATH == 0 && self.flags() & O_ACCMODE != O_WRONLY
    }

    /// Whether it was opened for writing.
    pub fn writable(&self) -> bool {
        self.flags() & O_PATH == 0 && self.flags() & O_ACCMODE != 0
    }

    /// Whether it is an `O_PATH` descriptor: a location, not an open file.
    pub fn is_path(&self) -> bool {
        self.flags() & O_PATH != 0
    }

    /// `pread64`: at `offset`, leaving the description's offset alone.
    /// As on Linux, a stream is `ESPIPE` before an access mode is
    /// `EBADF`.
    pub fn pread(&self, buf: &mut [u8], offset: u64) -> Result<usize, IoError> {
        if self.is_path() {
            return Err(IoError::Errno(errno::EBADF));
        }
        if !self.file.positional() {
            return Err(IoError::Errno(errno::ESPIPE));
        }
        if !self.readable() {
            return Err(IoError::Errno(errno::EBADF));
        }
        self.file.read(offset, buf)
    }

    /// `lseek`: moves the description's offset.
    pub fn lseek(&self, offset: i64, whence: u64) -> Result<u64, i64> {
        if self.is_path() {
            return Err(errno::EBADF);
        }
        let mut pos = self.offset.lock();
        let new = self.file.seek(*pos, offset, whence)?;
        *pos = new;
        Ok(new)
    }

    /// `read`/`readv` into the user buffers `io`: at the description's
    /// offset, which advances, for a seekable file; as a stream otherwise.
    pub fn read_user(&self, io: &mut UserIo) -> Result<usize, IoError> {
        if !self.file.seekable() {
            return self.file.read_user(0, io);
        }
        let mut off = self.offset.lock();
        let n = self.file.read_user(*off, io)?;
        *off += n as u64;
        Ok(n)
    }

    /// `write`/`writev`: as [`OpenFile::read_user`].
    pub fn write_user(&self, io: &mut UserIo) -> Result<usize, IoError> {
        if !self.file.seekable() {
            return self.file.write_user(0, io);
        }
        let mut off = self.offset.lock();
        let n = self.file.write_user(*off, io)?;
        *off += n as u64;
        Ok(n)
    }
}

/// `poll` events (`asm-generic/poll.h`): data to read.
pub const POLLIN: u16 = 0x1;
/// Room to write.
pub const POLLOUT: u16 = 0x4;
/// An error (a pipe with no reader, for its writer).
pub const POLLERR: u16 = 0x8;
/// Hung up (a pipe with no writer, for its reader).
pub const POLLHUP: u16 = 0x10;
/// Not an open descriptor.
pub const POLLNVAL: u16 = 0x20;
/// Normal data to read.
pub const POLLRDNORM: u16 = 0x40;
/// Normal data can be written.
pub const POLLWRNORM: u16 = 0x100;

/// The status flags `fcntl(F_SETFL)` changes. Linux also takes `O_DIRECT`,
/// `O_NOATIME` and `O_ASYNC` there; this kernel has no file that supports
/// them (the `fcntl` call refuses `O_DIRECT` and ignores the others).
pub const SETFL_MASK: u32 = O_APPEND | O_NONBLOCK;
