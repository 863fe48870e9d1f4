//! `wait4` options and the wait-status encoding.

/// `wait4` option: return at once if no child has exited.
pub const WNOHANG: u64 = 1;

/// The wait status of a task that called `exit(code)`.
pub const fn exited(code: u64) -> i32 {
    ((code & 0xff) << 8) as i32
}

/// The wait status of a task killed by `signo` (no core dump: the default
/// core limit is 0).
pub const fn killed(signo: i32) -> i32 {
    signo & 0x7f
}
