//! Regular files and directories of the root file system as open files.

use linux_abi::errno;
use linux_abi::fs::{dt_type, SEEK_CUR, SEEK_SET};

use super::file::{generic_seek, DirEntry, Direction, File, IoError};
use super::inode::{Kind, NodeRef};
use super::uio::UserIo;
use crate::task::block::WaitQueue;

/// An open regular file: reads at an offset from its bytes.
pub struct RegularFile {
    node: NodeRef,
}

impl RegularFile {
    /// The open file of `node` (a regular file).
    pub fn new(node: NodeRef) -> Self {
        Self { node }
    }

    fn bytes(&self) -> &[u8] {
        self.node.data().map_or(&[], |d| mm::Contents::bytes(d))
    }
}

impl File for RegularFile {
    fn read(&self, offset: u64, buf: &mut [u8]) -> Result<usize, IoError> {
        let data = self.bytes();
        let Ok(start) = usize::try_from(offset) else {
            return Ok(0);
        };
        if start >= data.len() {
            return Ok(0); // at or past the end
        }
        let n = buf.len().min(data.len() - start);
        buf[..n].copy_from_slice(&data[start..start + n]);
        Ok(n)
    }

    /// Never reached through a descriptor (opening for writing is
    /// `EROFS`), but an answer all the same.
    fn write(&self, _offset: u64, _buf: &[u8]) -> Result<usize, IoError> {
        Err(IoError::Errno(errno::EBADF))
    }

    fn seekable(&self) -> bool {
        true
    }

    fn seek(&self, pos: u64, offset: i64, whence: u64) -> Result<u64, i64> {
        generic_seek(pos, offset, whence, self.bytes().len() as u64)
    }

    fn node(&self) -> Option<&NodeRef> {
        Some(&self.node)
    }
}

/// An open directory: `getdents64` lists `.`, `..`, then its entries in
/// name order. A position is an index in that list.
pub struct Directory {
    node: NodeRef,
}

impl Directory {
    /// The open file of `node` (a directory).
    pub fn new(node: NodeRef) -> Self {
        Self { node }
    }
}

impl File for Directory {
    fn read(&self, _offset: u64, _buf: &mut [u8]) -> Result<usize, IoError> {
        Err(IoError::Errno(errno::EISDIR))
    }

    fn write(&self, _offset: u64, _buf: &[u8]) -> Result<usize, IoError> {
        Err(IoError::Errno(errno::EISDIR))
    }

    fn seekable(&self) -> bool {
        true
    }

    /// Linux's `dcache_dir_lseek`: from the start or the current
    /// position only, never negative.
    fn seek(&self, pos: u64, offset: i64, whence: u64) -> Result<u64, i64> {
        let new = match whence {
            SEEK_SET => Some(offset),
            SEEK_CUR => (pos as i64).checked_add(offset),
            _ => return Err(errno::EINVAL),
        };
        match new {
            Some(n) if n >= 0 => Ok(n as u64),
            _ => Err(errno::EINVAL),
        }
    }

    fn node(&self) -> Option<&NodeRef> {
        Some(&self.node)
    }

    fn read_dir(&self, pos: u64, emit: &mut dyn FnMut(&DirEntry<'_>) -> bool) -> Result<u64, i64> {
        let fs = &self.node.fs;
        let Kind::Dir { entries, .. } = &self.node.node().kind else {
            return Err(errno::ENOTDIR);
        };
        let mut pos = pos;
        let dots = [
            (b".".as_slice(), self.node.ino),
            (b"..", fs.parent(self.node.ino)),
        ];
        while pos < 2 {
            let (name, ino) = dots[pos as usize];
            let e = DirEntry {
                ino: ino as u64 + 1,
                next: pos + 1,
                dtype: dt_type(fs.node(ino).mode),
                name,
            };
            if !emit(&e) {
                return Ok(pos);
            }
            pos += 1;
        }
        let skip = usize::try_from(pos - 2).unwrap_or(usize::MAX);
        for (name, &ino) in entries.iter().skip(skip) {
            let e = DirEntry {
                ino: ino as u64 + 1,
                next: pos + 1,
                dtype: dt_type(fs.node(ino).mode),
                name,
            };
            if !emit(&e) {
                return Ok(pos);
            }
            pos += 1;
        }
        Ok(pos)
    }
}

/// A device node opened: the device's file, with the node for `fstat`.
pub struct DeviceFile {
    dev: alloc::sync::Arc<dyn File>,
    node: NodeRef,
}

impl DeviceFile {
    /// `dev` opened through `node`.
    pub fn new(dev: alloc::sync::Arc<dyn File>, node: NodeRef) -> Self {
        Self { dev, node }
    }
}

impl File for DeviceFile {
    fn read(&self, offset: u64, buf: &mut [u8]) -> Result<usize, IoError> {
        self.dev.read(offset, buf)
    }

    fn write(&self, offset: u64, buf: &[u8]) -> Result<usize, IoError> {
        self.dev.write(offset, buf)
    }

    fn seekable(&self) -> bool {
        self.dev.seekable()
    }

    fn positional(&self) -> bool {
        self.dev.positional()
    }

    // Everything a device does beyond reading and writing is the device's
    // (a terminal's ioctls, readiness for poll).
    fn read_user(&self, offset: u64, io: &mut UserIo) -> Result<usize, IoError> {
        self.dev.read_user(offset, io)
    }

    fn write_user(&self, offset: u64, io: &mut UserIo) -> Result<usize, IoError> {
        self.dev.write_user(offset, io)
    }

    fn poll(&self) -> u16 {
        self.dev.poll()
    }

    fn wait_queue(&self, dir: Direction) -> Option<&WaitQueue> {
        self.dev.wait_queue(dir)
    }

    fn ioctl(&self, cmd: u64, arg: u64) -> Result<u64, i64> {
        self.dev.ioctl(cmd, arg)
    }

    fn seek(&self, pos: u64, offset: i64, whence: u64) -> Result<u64, i64> {
        self.dev.seek(pos, offset, whence)
    }

    fn node(&self) -> Option<&NodeRef> {
        Some(&self.node)
    }
}

/// An `O_PATH` descriptor: a location for `fstat`, `fchdir` and `*at`
/// calls; reading, writing and seeking it are `EBADF` (checked by
/// `OpenFile` before they get here).
pub struct PathFile {
    node: NodeRef,
}

impl PathFile {
    /// A location.
    pub fn new(node: NodeRef) -> Self {
        Self { node }
    }
}

impl File for PathFile {
    fn read(&self, _offset: u64, _buf: &mut [u8]) -> Result<usize, IoError> {
        Err(IoError::Errno(errno::EBADF))
    }

    fn write(&self, _offset: u64, _buf: &[u8]) -> Result<usize, IoError> {
        Err(IoError::Errno(errno::EBADF))
    }

    fn node(&self) -> Option<&NodeRef> {
        Some(&self.node)
    }
}
