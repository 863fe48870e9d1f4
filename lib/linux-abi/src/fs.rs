//! File-system values every architecture shares: file types and modes,
//! directory-entry types, `lseek`'s `whence`, `access` modes, path limits,
//! device numbers, and the fields of `struct stat` (whose byte layout is
//! each architecture's own: see the backend's ABI crate).

/// The file-type bits of a mode.
pub const S_IFMT: u32 = 0o170000;
/// A socket.
pub const S_IFSOCK: u32 = 0o140000;
/// A symbolic link.
pub const S_IFLNK: u32 = 0o120000;
/// A regular file.
pub const S_IFREG: u32 = 0o100000;
/// A block device.
pub const S_IFBLK: u32 = 0o060000;
/// A directory.
pub const S_IFDIR: u32 = 0o040000;
/// A character device.
pub const S_IFCHR: u32 = 0o020000;
/// A FIFO.
pub const S_IFIFO: u32 = 0o010000;
/// The permission bits (with set-id and sticky).
pub const S_IALLUGO: u32 = 0o7777;
/// Execute (search) permission for owner, group and others.
pub const S_IXUGO: u32 = 0o111;

/// `getdents64` entry types (`DT_*`): a mode's type bits shifted right
/// by 12.
pub const fn dt_type(mode: u32) -> u8 {
    ((mode & S_IFMT) >> 12) as u8
}

/// `lseek`: from the start.
pub const SEEK_SET: u64 = 0;
/// `lseek`: from the current offset.
pub const SEEK_CUR: u64 = 1;
/// `lseek`: from the end.
pub const SEEK_END: u64 = 2;
/// `lseek`: the next data at or after the offset.
pub const SEEK_DATA: u64 = 3;
/// `lseek`: the next hole at or after the offset.
pub const SEEK_HOLE: u64 = 4;

/// `access`: the file exists.
pub const F_OK: u64 = 0;
/// `access`: execute (search) permission.
pub const X_OK: u64 = 1;
/// `access`: write permission.
pub const W_OK: u64 = 2;
/// `access`: read permission.
pub const R_OK: u64 = 4;

/// The longest path, with its NUL.
pub const PATH_MAX: usize = 4096;
/// The longest path component.
pub const NAME_MAX: usize = 255;
/// How many symbolic links one lookup follows before `ELOOP`.
pub const MAXSYMLINKS: u32 = 40;

/// A device number in the 32-bit form `st_dev` and `st_rdev` use
/// (Linux's `new_encode_dev`): the low byte of the minor, the major in
/// bits 8-19, the rest of the minor above.
pub const fn encode_dev(major: u32, minor: u32) -> u64 {
    ((minor & 0xff) | ((major & 0xfff) << 8) | ((minor & !0xff) << 12)) as u64
}

/// A point in time: seconds and nanoseconds since the epoch.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Timespec {
    /// Seconds.
    pub sec: i64,
    /// Nanoseconds.
    pub nsec: i64,
}

/// What `stat` reports about a file, before an architecture lays it out
/// as its `struct stat`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stat {
    /// The device of the file system (encoded, [`encode_dev`]).
    pub dev: u64,
    /// The inode number.
    pub ino: u64,
    /// Type and permission bits.
    pub mode: u32,
    /// Hard links.
    pub nlink: u64,
    /// Owner.
    pub uid: u32,
    /// Group.
    pub gid: u32,
    /// The device a device node names (encoded).
    pub rdev: u64,
    /// Size in bytes.
    pub size: i64,
    /// Preferred I/O size.
    pub blksize: i64,
    /// 512-byte blocks allocated.
    pub blocks: i64,
    /// Last access.
    pub atime: Timespec,
    /// Last modification.
    pub mtime: Timespec,
    /// Last status change.
    pub ctime: Timespec,
}
