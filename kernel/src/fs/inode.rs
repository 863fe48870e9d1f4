//! The root file system's tree: every inode in one table, directories
//! mapping names to inode numbers. Built once (by `initramfs.rs`) and
//! read-only afterwards, as an initramfs is on a kernel that never writes
//! it; so nothing here takes a lock, and a [`NodeRef`] (the file system
//! and an inode number) can be held and shared freely.

use alloc::boxed::Box;
use alloc::collections::BTreeMap;
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::ops::Range;

use linux_abi::fs::{encode_dev, Stat, Timespec, S_IFDIR, S_IFLNK, S_IFMT, S_IFREG};
use mm::Contents;

use crate::task::{Mmu, UserMemory};

/// An inode number: the index in [`Fs`]'s table. The root is 0.
pub type Ino = usize;

/// The root directory's inode number.
pub const ROOT: Ino = 0;

/// The device number `stat` reports for this file system (Linux gives
/// its rootfs an anonymous device, 0:2 on a fresh boot).
const FS_DEV: (u32, u32) = (0, 2);

/// `st_blksize`: the page size, as tmpfs reports.
const BLKSIZE: i64 = 4096;

/// tmpfs counts each directory entry as this many bytes of the
/// directory's size (`BOGO_DIRENT_SIZE`), plus two for `.` and `..`.
const BOGO_DIRENT_SIZE: i64 = 20;

/// A regular file's bytes: a range of a shared buffer (the initrd itself
/// or the inflated archive), so that unpacking copies nothing.
#[derive(Clone)]
pub struct FileData {
    /// The buffer the bytes live in.
    pub buf: Arc<dyn Contents>,
    /// Where in it.
    pub range: Range<usize>,
}

impl Contents for FileData {
    fn bytes(&self) -> &[u8] {
        &self.buf.bytes()[self.range.clone()]
    }
}

/// What an inode is.
pub enum Kind {
    /// A directory.
    Dir {
        /// Its parent (the root is its own).
        parent: Ino,
        /// Its name in the parent (empty for the root): directories have
        /// exactly one name, which is what `getcwd` walks up.
        name: Box<[u8]>,
        /// Its entries, without `.` and `..`.
        entries: BTreeMap<Box<[u8]>, Ino>,
    },
    /// A regular file.
    File {
        /// Its bytes.
        data: FileData,
        /// Its page cache, made at the first mapping or `execve`.
        cache: spin::Once<Arc<mm::FileObject<Mmu>>>,
    },
    /// A symbolic link and its target.
    Symlink(Box<[u8]>),
    /// A character or block device (the type is in the mode) and the
    /// device it names (major, minor).
    Device(u32, u32),
    /// A FIFO or a socket: it exists, but nothing here can open it.
    Special,
}

/// One inode.
pub struct Node {
    /// Type and permission bits.
    pub mode: u32,
    /// Owner.
    pub uid: u32,
    /// Group.
    pub gid: u32,
    /// Names (and, for a directory, subdirectories' `..`) that refer to it.
    pub nlink: u32,
    /// Last modification, seconds since the epoch (from the archive).
    pub mtime: i64,
    /// What it is.
    pub kind: Kind,
}

impl Node {
    /// Whether this is a directory.
    pub fn is_dir(&self) -> bool {
        matches!(self.kind, Kind::Dir { .. })
    }

    /// Whether this is a symbolic link.
    pub fn is_symlink(&self) -> bool {
        matches!(self.kind, Kind::Symlink(_))
    }

    /// The file-type bits.
    pub fn file_type(&self) -> u32 {
        self.mode & S_IFMT
    }
}

/// A file system: its inodes.
pub struct Fs {
    nodes: Vec<Node>,
}

impl Fs {
    /// A file system with only an empty root directory (mode 1777, as
    /// Linux's rootfs shows it).
    pub fn new() -> Self {
        Self {
            nodes: alloc::vec![Node {
                mode: S_IFDIR | 0o1777,
                uid: 0,
                gid: 0,
                nlink: 2,
                mtime: 0,
                kind: Kind::Dir {
                    parent: ROOT,
                    name: Box::default(),
                    entries: BTreeMap::new(),
                },
            }],
        }
    }

    /// The inode `ino`.
    pub fn node(&self, ino: Ino) -> &Node {
        &self.nodes[ino]
    }

    /// The inode `ino`, for the builder.
    pub(super) fn node_mut(&mut self, ino: Ino) -> &mut Node {
        &mut self.nodes[ino]
    }

    /// Adds an inode (not yet linked anywhere); returns its number.
    pub(super) fn push(&mut self, node: Node) -> Ino {
        self.nodes.push(node);
        self.nodes.len() - 1
    }

    /// The entry `name` of directory `dir`.
    pub fn child(&self, dir: Ino, name: &[u8]) -> Option<Ino> {
        match &self.nodes[dir].kind {
            Kind::Dir { entries, .. } => entries.get(name).copied(),
            _ => None,
        }
    }

    /// The parent of directory `dir` (the root's is itself).
    pub fn parent(&self, dir: Ino) -> Ino {
        match &self.nodes[dir].kind {
            Kind::Dir { parent, .. } => *parent,
            _ => dir,
        }
    }

    /// Every inode, for counting.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// What `stat` says about `ino`. Times: the archive's mtime for all
    /// three, as Linux's unpacking sets atime and mtime from it (and this
    /// kernel has no wall clock for the change time).
    pub fn stat(&self, ino: Ino) -> Stat {
        let n = &self.nodes[ino];
        let (size, blocks, rdev) = match &n.kind {
            Kind::File { data, .. } => {
                let len = data.range.len() as i64;
                // tmpfs allocates whole pages: 8 sectors each.
                (len, (len + BLKSIZE - 1) / BLKSIZE * (BLKSIZE / 512), 0)
            }
            Kind::Dir { entries, .. } => ((entries.len() as i64 + 2) * BOGO_DIRENT_SIZE, 0, 0),
            Kind::Symlink(t) => (t.len() as i64, 0, 0),
            Kind::Device(major, minor) => (0, 0, encode_dev(*major, *minor)),
            Kind::Special => (0, 0, 0),
        };
        let t = Timespec {
            sec: n.mtime,
            nsec: 0,
        };
        Stat {
            dev: encode_dev(FS_DEV.0, FS_DEV.1),
            // Inode numbers start at 1, as 0 means "no inode" to readdir.
            ino: ino as u64 + 1,
            mode: n.mode,
            nlink: n.nlink as u64,
            uid: n.uid,
            gid: n.gid,
            rdev,
            size,
            blksize: BLKSIZE,
            blocks,
            atime: t,
            mtime: t,
            ctime: t,
        }
    }

    /// The path of directory `dir` from the root (`/` for the root).
    pub fn path_of(&self, mut dir: Ino) -> Vec<u8> {
        let mut parts: Vec<&[u8]> = Vec::new();
        while dir != ROOT {
            match &self.nodes[dir].kind {
                Kind::Dir { parent, name, .. } => {
                    parts.push(name);
                    dir = *parent;
                }
                _ => break,
            }
        }
        if parts.is_empty() {
            return b"/".to_vec();
        }
        let mut p = Vec::new();
        for part in parts.iter().rev() {
            p.push(b'/');
            p.extend_from_slice(part);
        }
        p
    }
}

impl Default for Fs {
    fn default() -> Self {
        Self::new()
    }
}

/// An inode of a file system that is in use: what a descriptor, a working
/// directory or a loader holds.
#[derive(Clone)]
pub struct NodeRef {
    /// The file system.
    pub fs: Arc<Fs>,
    /// The inode.
    pub ino: Ino,
}

impl NodeRef {
    /// The root directory of `fs`.
    pub fn root(fs: &Arc<Fs>) -> Self {
        Self {
            fs: fs.clone(),
            ino: ROOT,
        }
    }

    /// The inode.
    pub fn node(&self) -> &Node {
        self.fs.node(self.ino)
    }

    /// Another inode of the same file system.
    pub fn at(&self, ino: Ino) -> Self {
        Self {
            fs: self.fs.clone(),
            ino,
        }
    }

    /// What `stat` says about it.
    pub fn stat(&self) -> Stat {
        self.fs.stat(self.ino)
    }

    /// A regular file's bytes.
    pub fn data(&self) -> Option<&FileData> {
        match &self.node().kind {
            Kind::File { data, .. } => Some(data),
            _ => None,
        }
    }

    /// A regular file's page cache, made on first use; `None` for
    /// anything else.
    pub fn page_cache(&self, mem: &Arc<UserMemory>) -> Option<Arc<mm::FileObject<Mmu>>> {
        match &self.node().kind {
            Kind::File { data, cache } => Some(
                cache
                    .call_once(|| {
                        mm::FileObject::with_contents(mem.clone(), Arc::new(data.clone()))
                    })
                    .clone(),
            ),
            _ => None,
        }
    }

    /// Whether it is a regular file.
    pub fn is_regular(&self) -> bool {
        self.node().file_type() == S_IFREG
    }

    /// Whether it is a symbolic link.
    pub fn is_symlink(&self) -> bool {
        self.node().file_type() == S_IFLNK
    }
}
