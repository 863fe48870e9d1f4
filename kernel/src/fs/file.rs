//! What an open file can do, and the open file description that
//! descriptors share.

use alloc::sync::Arc;

use ksync::SpinLock;
use linux_abi::errno;

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

    /// `read`: at the description's offset, which advances, for a seekable
    /// file; as a stream otherwise.
    pub fn read(&self, buf: &mut [u8]) -> Result<usize, IoError> {
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
        if !self.file.seekable() {
            return self.file.write(0, buf);
        }
        let mut off = self.offset.lock();
        let n = self.file.write(*off, buf)?;
        *off += n as u64;
        Ok(n)
    }
}
