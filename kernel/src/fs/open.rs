//! Opening a path or an inode, with Linux's checks in Linux's order
//! (fs/namei.c `do_open`, `may_open`): on a read-only file system, every
//! open for writing of a file, directory or link is `EROFS`, while device
//! nodes open for writing as usual.

use alloc::sync::Arc;

use linux_abi::errno::{EEXIST, EINVAL, EISDIR, ELOOP, ENOENT, ENOTDIR, ENXIO, EROFS};
use linux_abi::fcntl::{
    O_ACCMODE, O_CLOEXEC, O_CREAT, O_DIRECTORY, O_EXCL, O_LARGEFILE, O_NOCTTY, O_NOFOLLOW, O_PATH,
    O_RDONLY, O_TMPFILE_BIT, O_TRUNC,
};
use linux_abi::fs::{S_IFCHR, S_IFDIR, S_IFLNK, S_IFREG};

use super::console::{Console, Null};
use super::file::OpenFile;
use super::initramfs::{CONSOLE_DEV, NULL_DEV};
use super::inode::{Kind, NodeRef};
use super::lookup::{lookup, Found};
use super::regular::{DeviceFile, Directory, PathFile, RegularFile};

/// Flags that only matter while opening and that `F_GETFL` does not
/// show.
const OPEN_ONLY: u32 = O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC;

/// Opens `path` relative to directory `start` with `open(2)`'s `flags`.
pub fn open_at(start: &NodeRef, path: &[u8], flags: u32) -> Result<Arc<OpenFile>, i64> {
    if flags & O_TMPFILE_BIT != 0 {
        // O_TMPFILE needs O_DIRECTORY and write access, then a directory
        // to make a file in: there is none on a read-only file system.
        if flags & O_DIRECTORY == 0 || flags & O_ACCMODE == O_RDONLY {
            return Err(EINVAL);
        }
        let dir = lookup(&start.fs, start.ino, path, true)?;
        return match dir {
            Found::Node(i) if start.fs.node(i).is_dir() => Err(EROFS),
            Found::Node(_) => Err(ENOTDIR),
            Found::Missing { .. } => Err(ENOENT),
        };
    }
    // O_CREAT|O_EXCL never follows a final link (it must not exist).
    let follow = flags & O_NOFOLLOW == 0 && flags & (O_CREAT | O_EXCL) != O_CREAT | O_EXCL;
    match lookup(&start.fs, start.ino, path, follow)? {
        Found::Missing { dir_only, .. } if flags & O_CREAT != 0 => {
            Err(if dir_only { EISDIR } else { EROFS })
        }
        Found::Missing { .. } => Err(ENOENT),
        Found::Node(ino) => {
            if flags & O_CREAT != 0 {
                if flags & O_EXCL != 0 {
                    return Err(EEXIST);
                }
                if start.fs.node(ino).is_dir() {
                    return Err(EISDIR);
                }
            }
            open_node(start.at(ino), flags)
        }
    }
}

/// Opens the inode `node` with `flags` (its path already looked up).
pub fn open_node(node: NodeRef, flags: u32) -> Result<Arc<OpenFile>, i64> {
    let ty = node.node().file_type();
    if flags & O_PATH != 0 {
        if flags & O_DIRECTORY != 0 && ty != S_IFDIR {
            return Err(ENOTDIR);
        }
        return Ok(OpenFile::new(
            Arc::new(PathFile::new(node)),
            O_PATH | (flags & O_DIRECTORY),
        ));
    }
    if flags & O_DIRECTORY != 0 && ty != S_IFDIR {
        return Err(ENOTDIR);
    }
    let writes = flags & O_ACCMODE != O_RDONLY;
    match ty {
        S_IFLNK => return Err(ELOOP),
        S_IFDIR if writes => return Err(EISDIR),
        S_IFREG if writes || flags & O_TRUNC != 0 => return Err(EROFS),
        _ => {}
    }
    let status = (flags & !OPEN_ONLY) | O_LARGEFILE;
    let file: Arc<dyn super::File> = match &node.node().kind {
        Kind::File { .. } => Arc::new(RegularFile::new(node)),
        Kind::Dir { .. } => Arc::new(Directory::new(node)),
        &Kind::Device(major, minor) if ty == S_IFCHR && (major, minor) == CONSOLE_DEV => {
            Arc::new(DeviceFile::new(Arc::new(Console), node))
        }
        &Kind::Device(major, minor) if ty == S_IFCHR && (major, minor) == NULL_DEV => {
            Arc::new(DeviceFile::new(Arc::new(Null), node))
        }
        // A device with no driver here, a FIFO or a socket: Linux's
        // answer for a device without a driver, and for a socket.
        _ => return Err(ENXIO),
    };
    Ok(OpenFile::new(file, status))
}
