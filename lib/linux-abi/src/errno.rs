//! `errno` values (`asm-generic/errno-base.h`, `errno.h`). System calls
//! return them negated.

/// Operation not permitted.
pub const EPERM: i64 = 1;
/// No such file or directory.
pub const ENOENT: i64 = 2;
/// No such process.
pub const ESRCH: i64 = 3;
/// Interrupted system call.
pub const EINTR: i64 = 4;
/// Bad file descriptor.
pub const EBADF: i64 = 9;
/// No child processes.
pub const ECHILD: i64 = 10;
/// Try again.
pub const EAGAIN: i64 = 11;
/// Out of memory.
pub const ENOMEM: i64 = 12;
/// Permission denied.
pub const EACCES: i64 = 13;
/// Bad address.
pub const EFAULT: i64 = 14;
/// File exists.
pub const EEXIST: i64 = 17;
/// Invalid argument.
pub const EINVAL: i64 = 22;
/// Function not implemented.
pub const ENOSYS: i64 = 38;
