//! `wait4` options and the wait-status encoding.

/// `wait4` option: return at once if no child has exited.
pub const WNOHANG: u64 = 1;
/// `wait4` option: also report a child that has stopped.
pub const WUNTRACED: u64 = 2;
/// `wait4` option: also report a stopped child that was continued.
pub const WCONTINUED: u64 = 8;
/// `wait4` option: only this thread's children (threads are tasks here,
/// so it changes nothing).
pub const WNOTHREAD: u64 = 0x2000_0000;
/// `wait4` option: wait for any child, whatever its exit signal.
pub const WALL: u64 = 0x4000_0000;
/// `wait4` option: wait only for "clone" children, those whose exit
/// signal is not `SIGCHLD`.
pub const WCLONE: u64 = 0x8000_0000;

/// The wait status of a continued child (`WIFCONTINUED`).
pub const CONTINUED: i32 = 0xffff;

/// The wait status of a child stopped by `signo` (`WIFSTOPPED`).
pub const fn stopped(signo: i32) -> i32 {
    (signo & 0xff) << 8 | 0x7f
}

/// The wait status of a task that called `exit(code)`.
pub const fn exited(code: u64) -> i32 {
    ((code & 0xff) << 8) as i32
}

/// The wait status of a task killed by `signo` (no core dump: the default
/// core limit is 0).
pub const fn killed(signo: i32) -> i32 {
    signo & 0x7f
}
