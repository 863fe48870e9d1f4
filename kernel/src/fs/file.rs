//! What an open file can do, and the open file description that
//! descriptors share.

use alloc::sync::Arc;

use ksync::SpinLock;
use linux_abi::errno;
use linux_abi::fcntl::{O_ACCMODE, O_PATH, O_WRONLY};
use linux_abi::fs::{SEEK_CUR, SEEK_DATA, SEEK_END, SEEK_HOLE, SEEK_SET};

use super::inode::NodeRef;

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

    /// Whether this is a terminal (`isatty`).
    fn is_tty(&self) -> bool {
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
    /// The `O_*` status flags it was opened with (access mode, `O_APPEND`,
    /// `O_NONBLOCK`).
    pub flags: u32,
}

impl OpenFile {
    /// A new description of `file` at offset 0.
    pub fn new(file: Arc<dyn File>, flags: u32) -> Arc<Self> {
        Arc::new(Self {
            file,
            offset: SpinLock::new(0),
            flags,
        })
    }

    /// Whether it was opened for reading (not write-only, not `O_PATH`).
    pub fn readable(&self) -> bool {
        self.flags & O_PATH == 0 && self.flags & O_ACCMODE != O_WRONLY
    }

    /// Whether it was opened for writing.
    pub fn writable(&self) -> bool {
        self.flags & O_PATH == 0 && self.flags & O_ACCMODE != 0
    }

    /// Whether it is an `O_PATH` descriptor: a location, not an open file.
    pub fn is_path(&self) -> bool {
        self.flags & O_PATH != 0
    }

    /// `read`: at the description's offset, which advances, for a seekable
    /// file; as a stream otherwise. `EBADF` unless opened for reading.
    pub fn read(&self, buf: &mut [u8]) -> Result<usize, IoError> {
        if !self.readable() {
            return Err(IoError::Errno(errno::EBADF));
        }
        if !self.file.seekable() {
            return self.file.read(0, buf);
        }
        let mut off = self.offset.lock();
        let n = self.file.read(*off, buf)?;
        *off += n as u64;
        Ok(n)
    }

    /// `write`: as [`OpenFile::read`].
    pub fn write(&self, buf: &[u8]) -> Result<usize, IoError> {
        if !self.writable() {
            return Err(IoError::Errno(errno::EBADF));
        }
        if !self.file.seekable() {
            return self.file.write(0, buf);
        }
        let mut off = self.offset.lock();
        let n = self.file.write(*off, buf)?;
        *off += n as u64;
        Ok(n)
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
}
