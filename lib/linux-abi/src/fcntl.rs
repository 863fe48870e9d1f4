//! `open` flags and `fcntl` commands (`asm-generic/fcntl.h`).

/// Open for reading only.
pub const O_RDONLY: u32 = 0;
/// Open for writing only.
pub const O_WRONLY: u32 = 1;
/// Open for reading and writing.
pub const O_RDWR: u32 = 2;
/// The access-mode bits.
pub const O_ACCMODE: u32 = 3;
/// Create the file if it does not exist.
pub const O_CREAT: u32 = 0o100;
/// With `O_CREAT`: fail if it exists.
pub const O_EXCL: u32 = 0o200;
/// Do not make a terminal the controlling terminal.
pub const O_NOCTTY: u32 = 0o400;
/// Truncate to length 0.
pub const O_TRUNC: u32 = 0o1000;
/// Writes append.
pub const O_APPEND: u32 = 0o2000;
/// Non-blocking I/O.
pub const O_NONBLOCK: u32 = 0o4000;
/// Direct I/O (on a pipe: packet mode).
pub const O_DIRECT: u32 = 0o40000;
/// Fail unless the path is a directory.
pub const O_DIRECTORY: u32 = 0o200000;
/// Do not follow a final symbolic link.
pub const O_NOFOLLOW: u32 = 0o400000;
/// Close on `execve`.
pub const O_CLOEXEC: u32 = 0o2000000;
/// Open a path only (no read or write).
pub const O_PATH: u32 = 0o10000000;

/// `fcntl`: duplicate to the lowest free descriptor at or above the
/// argument.
pub const F_DUPFD: u64 = 0;
/// `fcntl`: read the descriptor flags.
pub const F_GETFD: u64 = 1;
/// `fcntl`: set the descriptor flags.
pub const F_SETFD: u64 = 2;
/// `fcntl`: read the status flags.
pub const F_GETFL: u64 = 3;
/// `fcntl`: set the status flags.
pub const F_SETFL: u64 = 4;
/// `fcntl`: set the pipe's capacity.
pub const F_SETPIPE_SZ: u64 = 1031;
/// `fcntl`: read the pipe's capacity.
pub const F_GETPIPE_SZ: u64 = 1032;
/// `fcntl`: as `F_DUPFD`, with close-on-exec set.
pub const F_DUPFD_CLOEXEC: u64 = 1030;
/// The descriptor flag: close on `execve`.
pub const FD_CLOEXEC: u64 = 1;

/// `*at` calls: the directory descriptor meaning "the working directory".
pub const AT_FDCWD: i64 = -100;
/// `*at` calls: do not follow a final symbolic link.
pub const AT_SYMLINK_NOFOLLOW: u64 = 0x100;
/// `*at` calls: an empty path names the descriptor itself.
pub const AT_EMPTY_PATH: u64 = 0x1000;
/// `faccessat2`: check with the effective, not the real, ids.
pub const AT_EACCESS: u64 = 0x200;
/// `*at` calls: do not trigger an automount (accepted and ignored).
pub const AT_NO_AUTOMOUNT: u64 = 0x800;
/// Open with 64-bit offsets (always so on 64-bit machines; `open`
/// accepts it and `F_GETFL` shows it).
pub const O_LARGEFILE: u32 = 0o100000;
/// Synchronous writes (`O_SYNC` is `0o4010000`, with `O_DSYNC`).
pub const O_DSYNC: u32 = 0o10000;
/// Signal-driven I/O.
pub const O_ASYNC: u32 = 0o20000;
/// Do not update the access time.
pub const O_NOATIME: u32 = 0o1000000;
/// With `O_DSYNC`: `O_SYNC`.
pub const O_SYNC_BIT: u32 = 0o4000000;
/// An unnamed temporary file (with `O_DIRECTORY`).
pub const O_TMPFILE_BIT: u32 = 0o20000000;
