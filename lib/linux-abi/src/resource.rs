//! Resource limits (`asm-generic/resource.h`): `getrlimit`, `setrlimit`,
//! `prlimit64`.

/// CPU time in seconds.
pub const RLIMIT_CPU: u32 = 0;
/// Largest file that can be created.
pub const RLIMIT_FSIZE: u32 = 1;
/// Largest data segment.
pub const RLIMIT_DATA: u32 = 2;
/// Largest stack.
pub const RLIMIT_STACK: u32 = 3;
/// Largest core file.
pub const RLIMIT_CORE: u32 = 4;
/// Largest resident set.
pub const RLIMIT_RSS: u32 = 5;
/// Number of processes.
pub const RLIMIT_NPROC: u32 = 6;
/// Number of open files: one more than the highest descriptor.
pub const RLIMIT_NOFILE: u32 = 7;
/// Locked memory.
pub const RLIMIT_MEMLOCK: u32 = 8;
/// Address-space size.
pub const RLIMIT_AS: u32 = 9;
/// File locks.
pub const RLIMIT_LOCKS: u32 = 10;
/// Pending signals.
pub const RLIMIT_SIGPENDING: u32 = 11;
/// Bytes in POSIX message queues.
pub const RLIMIT_MSGQUEUE: u32 = 12;
/// Ceiling of the nice value.
pub const RLIMIT_NICE: u32 = 13;
/// Ceiling of the real-time priority.
pub const RLIMIT_RTPRIO: u32 = 14;
/// Real-time CPU time in microseconds.
pub const RLIMIT_RTTIME: u32 = 15;
/// The number of limits.
pub const RLIM_NLIMITS: usize = 16;
/// No limit.
pub const RLIM_INFINITY: u64 = u64::MAX;
