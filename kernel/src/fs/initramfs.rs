//! Unpacking an initramfs into a [`Fs`], as Linux's init/initramfs.c
//! does: the data is a sequence of cpio newc archives and gzip members
//! (each of which inflates to cpio archives), with zero padding between
//! them. Every entry is created by path lookup from the root, so a name
//! may go through a symbolic link an earlier entry made.
//!
//! What Linux does with each entry, and so does this:
//! - a name that exists with another file type is removed first (a
//!   directory only if it is empty), and one that exists with the same
//!   type is reused: a file gets the new contents, and every kind gets
//!   the new owner and mode;
//! - entries with `nlink >= 2` and the same (device, inode, type) are
//!   hard links to the first one;
//! - an entry whose directory does not exist is skipped.
//!
//! Before the archive, the tree holds what Linux's built-in initramfs
//! always provides (`/dev`, `/dev/console`, `/root`) and `/dev/null`.
//! Unlike Linux, which unpacks what it can and reports a damaged archive
//! after the fact, a damaged archive is refused whole: the first program
//! should not run from half a file system.

use alloc::boxed::Box;
use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::fmt;

use kcore::cpio::{self, CpioError};
use kcore::gzip::{self, GzipError};
use kcore::pr_warn;
use linux_abi::fs::{S_IALLUGO, S_IFBLK, S_IFCHR, S_IFDIR, S_IFLNK, S_IFMT, S_IFREG};
use mm::Contents;

use super::inode::{FileData, Fs, Ino, Kind, Node, ROOT};
use super::lookup::{lookup, Found};

/// `/dev/console`'s device: major 5, minor 1.
pub const CONSOLE_DEV: (u32, u32) = (5, 1);
/// `/dev/null`'s device: major 1, minor 3.
pub const NULL_DEV: (u32, u32) = (1, 3);

/// Why an initramfs could not be unpacked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UnpackError {
    /// A cpio archive is damaged; `at` is the offset of its start in
    /// the (inflated) data it came from.
    Cpio {
        /// Where the archive starts.
        at: usize,
        /// What is wrong with it.
        error: CpioError,
    },
    /// A gzip member at this offset does not inflate.
    Gzip {
        /// Where the member starts.
        at: usize,
        /// What is wrong with it.
        error: GzipError,
    },
    /// Data that is neither an archive, a gzip member nor padding.
    Junk {
        /// Where it starts.
        at: usize,
        /// A compression this kernel does not read, if the magic names one.
        compression: Option<&'static str>,
    },
}

impl fmt::Display for UnpackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UnpackError::Cpio { at, error } => {
                write!(f, "damaged cpio archive (starting at {at}): {error}")
            }
            UnpackError::Gzip { at, error } => write!(f, "gzip data at offset {at}: {error}"),
            UnpackError::Junk {
                at,
                compression: Some(c),
            } => write!(
                f,
                "data at offset {at} is {c}-compressed; this kernel reads only gzip"
            ),
            UnpackError::Junk { at, .. } => write!(
                f,
                "data at offset {at} is neither a cpio newc archive nor gzip"
            ),
        }
    }
}

/// Compressions Linux may be built to read, by their magic bytes.
const OTHER_COMPRESSIONS: &[(&[u8], &str)] = &[
    (b"BZh", "bzip2"),
    (&[0x5d, 0x00, 0x00], "lzma"),
    (&[0xfd, b'7', b'z', b'X', b'Z', 0x00], "xz"),
    (&[0x89, b'L', b'Z', b'O'], "lzo"),
    (&[0x02, 0x21, 0x4c, 0x18], "lz4"),
    (&[0x28, 0xb5, 0x2f, 0xfd], "zstd"),
];

/// The tree Linux's initramfs always starts from, plus `/dev/null`.
pub fn base() -> Fs {
    let mut fs = Fs::new();
    let dev = add(&mut fs, ROOT, b"dev", dir_node(ROOT, b"dev", 0o755));
    add(
        &mut fs,
        dev,
        b"console",
        device_node(S_IFCHR | 0o600, CONSOLE_DEV),
    );
    add(
        &mut fs,
        dev,
        b"null",
        device_node(S_IFCHR | 0o666, NULL_DEV),
    );
    add(&mut fs, ROOT, b"root", dir_node(ROOT, b"root", 0o700));
    fs
}

/// A file system holding `image` as `/init` (mode 0755) on top of
/// [`base`]: a bare executable given as the initrd.
pub fn with_init(image: Arc<dyn Contents>) -> Fs {
    let mut fs = base();
    let len = image.bytes().len();
    add(
        &mut fs,
        ROOT,
        b"init",
        file_node(
            S_IFREG | 0o755,
            FileData {
                buf: image,
                range: 0..len,
            },
        ),
    );
    fs
}

/// Unpacks `data` (cpio archives, gzip members, zero padding, in any
/// order) on top of [`base`]. `limit` bounds the memory inflating may
/// take.
pub fn unpack(data: Arc<dyn Contents>, limit: usize) -> Result<Fs, UnpackError> {
    let mut b = Builder {
        fs: base(),
        links: BTreeMap::new(),
    };
    let bytes = data.bytes();
    let mut at = 0;
    while at < bytes.len() {
        let rest = &bytes[at..];
        if rest[0] == 0 {
            at += 1;
        } else if cpio::is_cpio(rest) {
            at += b.archive(&data, at)?;
        } else if gzip::is_gzip(rest) {
            let (inflated, used) =
                gzip::inflate(rest, limit).map_err(|error| UnpackError::Gzip { at, error })?;
            let inflated: Arc<dyn Contents> = Arc::new(inflated);
            b.inflated(&inflated)?;
            at += used;
        } else {
            let compression = OTHER_COMPRESSIONS
                .iter()
                .find(|(m, _)| rest.starts_with(m))
                .map(|(_, c)| *c);
            return Err(UnpackError::Junk { at, compression });
        }
    }
    Ok(b.fs)
}

struct Builder {
    fs: Fs,
    /// Hard-link candidates: (device, inode, type) to the first name's inode.
    links: BTreeMap<(u32, u32, u32, u32), Ino>,
}

impl Builder {
    /// The cpio archives and padding of an inflated member.
    fn inflated(&mut self, data: &Arc<dyn Contents>) -> Result<(), UnpackError> {
        let bytes = data.bytes();
        let mut at = 0;
        while at < bytes.len() {
            if bytes[at] == 0 {
                at += 1;
            } else if cpio::is_cpio(&bytes[at..]) {
                at += self.archive(data, at)?;
            } else {
                return Err(UnpackError::Junk {
                    at,
                    compression: None,
                });
            }
        }
        Ok(())
    }

    /// Adds the entries of the archive at `data[start..]`; returns its
    /// length. Entries are checked whole before any is added.
    fn archive(&mut self, data: &Arc<dyn Contents>, start: usize) -> Result<usize, UnpackError> {
        let bytes = &data.bytes()[start..];
        let err = |error| UnpackError::Cpio { at: start, error };
        let mut it = cpio::entries(bytes);
        let entries: Vec<cpio::Entry<'_>> = it.by_ref().collect::<Result<_, _>>().map_err(err)?;
        let len = it.end();
        for e in &entries {
            let file = FileData {
                buf: data.clone(),
                range: start + e.body_offset..start + e.body_offset + e.body.len(),
            };
            if let Err(why) = self.entry(e, file) {
                pr_warn!(
                    "initramfs: '{}' skipped: {why}",
                    String::from_utf8_lossy(e.name)
                );
            }
        }
        Ok(len)
    }

    /// Creates one entry, as Linux's `do_name` would.
    fn entry(&mut self, e: &cpio::Entry<'_>, data: FileData) -> Result<(), &'static str> {
        let ty = e.mode & S_IFMT;
        let found = lookup(&self.fs, ROOT, e.name, false).map_err(|_| "no such directory")?;
        let (parent, name, existing) = match found {
            Found::Node(i) => {
                if i == ROOT || matches!(last_component(e.name), b"." | b"..") {
                    // The name is a directory reached by `.` or `..`
                    // (or the root): only its attributes can change.
                    if ty != S_IFDIR {
                        return Err("names an existing directory");
                    }
                    self.set_attrs(i, e);
                    return Ok(());
                }
                let name = last_component(e.name).to_vec();
                let parent = self.parent_of(e.name)?;
                (parent, name, Some(i))
            }
            Found::Missing { parent, name, .. } => (parent, name, None),
        };
        if name.len() > linux_abi::fs::NAME_MAX {
            return Err("name too long");
        }
        if let Some(old) = existing {
            if self.fs.node(old).file_type() == ty && ty != S_IFLNK {
                // Same type: reuse it, as Linux's open(O_TRUNC), mkdir
                // (EEXIST) or mknod (EEXIST) followed by chown/chmod.
                if let Kind::File { data: d, .. } = &mut self.fs.node_mut(old).kind {
                    *d = data;
                }
                self.set_attrs(old, e);
                return Ok(());
            }
            self.unlink(parent, &name)?;
        }
        // Hard links: the first name of a (device, inode, type) with
        // nlink >= 2 is remembered; later ones link to it.
        let key = (e.dev.0, e.dev.1, e.ino, ty);
        if e.nlink >= 2 && ty != S_IFDIR && ty != S_IFLNK {
            if let Some(&target) = self.links.get(&key) {
                if !e.body.is_empty() {
                    // GNU cpio stores a linked file's bytes with its last
                    // name: they are the file's.
                    if let Kind::File { data: d, .. } = &mut self.fs.node_mut(target).kind {
                        *d = data;
                    }
                }
                self.link(parent, &name, target);
                self.fs.node_mut(target).nlink += 1;
                return Ok(());
            }
        }
        let node = match ty {
            S_IFDIR => dir_node(parent, &name, e.mode),
            S_IFREG => file_node(e.mode, data),
            S_IFLNK => Node {
                mode: S_IFLNK | 0o777,
                uid: 0,
                gid: 0,
                nlink: 1,
                mtime: 0,
                kind: Kind::Symlink(e.body.into()),
            },
            S_IFCHR | S_IFBLK => device_node(e.mode, e.rdev),
            linux_abi::fs::S_IFIFO | linux_abi::fs::S_IFSOCK => Node {
                mode: e.mode,
                uid: 0,
                gid: 0,
                nlink: 1,
                mtime: 0,
                kind: Kind::Special,
            },
            _ => return Err("unknown file type"),
        };
        let ino = add(&mut self.fs, parent, &name, node);
        self.set_attrs(ino, e);
        if e.nlink >= 2 && ty != S_IFDIR && ty != S_IFLNK {
            self.links.insert(key, ino);
        }
        Ok(())
    }

    /// The directory an existing entry's name is in.
    fn parent_of(&self, path: &[u8]) -> Result<Ino, &'static str> {
        let trimmed = trim_trailing_slashes(path);
        let dir = match trimmed.iter().rposition(|&b| b == b'/') {
            Some(0) => return Ok(ROOT),
            Some(i) => &trimmed[..i],
            None => return Ok(ROOT),
        };
        match lookup(&self.fs, ROOT, dir, true) {
            Ok(Found::Node(i)) => Ok(i),
            _ => Err("no such directory"),
        }
    }

    /// Owner, mode (not the type, and never a symbolic link's) and time.
    fn set_attrs(&mut self, ino: Ino, e: &cpio::Entry<'_>) {
        let n = self.fs.node_mut(ino);
        n.uid = e.uid;
        n.gid = e.gid;
        n.mtime = e.mtime as i64;
        if !n.is_symlink() {
            n.mode = (n.mode & S_IFMT) | (e.mode & S_IALLUGO);
        }
    }

    fn link(&mut self, dir: Ino, name: &[u8], ino: Ino) {
        if let Kind::Dir { entries, .. } = &mut self.fs.node_mut(dir).kind {
            entries.insert(name.into(), ino);
        }
    }

    /// Removes `name` from `dir` (a directory only if it is empty).
    fn unlink(&mut self, dir: Ino, name: &[u8]) -> Result<(), &'static str> {
        let Some(old) = self.fs.child(dir, name) else {
            return Ok(());
        };
        let old_is_dir = match &self.fs.node(old).kind {
            Kind::Dir { entries, .. } if !entries.is_empty() => {
                return Err("replaces a directory that is not empty")
            }
            Kind::Dir { .. } => true,
            _ => false,
        };
        if let Kind::Dir { entries, .. } = &mut self.fs.node_mut(dir).kind {
            entries.remove(name);
        }
        let n = self.fs.node_mut(old);
        n.nlink = n.nlink.saturating_sub(1);
        if old_is_dir {
            self.fs.node_mut(dir).nlink -= 1;
        }
        Ok(())
    }
}

/// The last non-empty component of `path`.
fn last_component(path: &[u8]) -> &[u8] {
    let t = trim_trailing_slashes(path);
    match t.iter().rposition(|&b| b == b'/') {
        Some(i) => &t[i + 1..],
        None => t,
    }
}

fn trim_trailing_slashes(path: &[u8]) -> &[u8] {
    let mut t = path;
    while t.len() > 1 && t.ends_with(b"/") {
        t = &t[..t.len() - 1];
    }
    t
}

fn dir_node(parent: Ino, name: &[u8], mode: u32) -> Node {
    Node {
        mode: S_IFDIR | (mode & S_IALLUGO),
        uid: 0,
        gid: 0,
        nlink: 2,
        mtime: 0,
        kind: Kind::Dir {
            parent,
            name: Box::from(name),
            entries: BTreeMap::new(),
        },
    }
}

fn file_node(mode: u32, data: FileData) -> Node {
    Node {
        mode: S_IFREG | (mode & S_IALLUGO),
        uid: 0,
        gid: 0,
        nlink: 1,
        mtime: 0,
        kind: Kind::File {
            data,
            cache: spin::Once::new(),
        },
    }
}

fn device_node(mode: u32, (major, minor): (u32, u32)) -> Node {
    Node {
        mode,
        uid: 0,
        gid: 0,
        nlink: 1,
        mtime: 0,
        kind: Kind::Device(major, minor),
    }
}

/// Links a new node as `dir/name`; a directory adds a link to its parent
/// (its `..`).
fn add(fs: &mut Fs, dir: Ino, name: &[u8], node: Node) -> Ino {
    let is_dir = node.is_dir();
    let ino = fs.push(node);
    if let Kind::Dir { entries, .. } = &mut fs.node_mut(dir).kind {
        entries.insert(name.into(), ino);
    }
    if is_dir {
        fs.node_mut(dir).nlink += 1;
    }
    ino
}

impl fmt::Debug for Fs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Fs({} inodes)", self.len())
    }
}
