//! `poll` and `ppoll`: which of a set of descriptors can be read or
//! written without blocking, waiting until one can, a deadline passes or a
//! signal arrives. The task waits on the queues of every file it polls and
//! on the sleep list, and looks again whenever it is woken; a signal with
//! a handler interrupts it (`-EINTR`), one without lets the call run again
//! with the same deadline.
//!
//! `ppoll` takes its timeout as a `struct timespec` and a signal mask that
//! is in force while it waits, as Linux's `ppoll` (fs/select.c) does: the
//! caller's mask comes back when the call returns, or, when a signal
//! interrupts it, once that signal's handler returns (the handler's frame
//! saves the caller's mask, as after `rt_sigsuspend`). It writes the time
//! left back to the timespec.

use alloc::vec::Vec;

use arch::Arch;
use karch::Arch as _;
use linux_abi::errno;

use super::time::{read_timespec, timespec_bytes};
use super::SysResult;
use crate::fs::file::{POLLERR, POLLHUP, POLLNVAL};
use crate::fs::Direction;
use crate::task::block::{self, ERESTARTNOHAND};
use crate::task::table::with_current;
use crate::uaccess::{copy_from_user, copy_to_user, get_user};

/// Bytes of `struct pollfd`: `int fd; short events; short revents`.
const POLLFD_SIZE: usize = 8;
const NSEC_PER_MSEC: u64 = 1_000_000;
/// The `sigsetsize` `ppoll` accepts with a mask: the kernel's `sigset_t`
/// (64 signals).
const SIGSET_SIZE: u64 = 8;

/// The deadline a call that waited and runs again keeps.
fn kept_deadline() -> Option<u64> {
    with_current(|t| t.block.deadline).flatten()
}

/// `poll(fds, nfds, timeout)`: a timeout in milliseconds, negative for
/// none.
pub(super) fn sys_poll(fds: u64, nfds: u64, timeout_ms: u64) -> SysResult {
    let timeout_ms = timeout_ms as i32;
    let deadline = kept_deadline().or_else(|| {
        let ms = u64::try_from(timeout_ms).ok()?;
        Some(Arch::clock_ns().saturating_add(ms * NSEC_PER_MSEC))
    });
    do_poll(fds, nfds, deadline)
}

/// `ppoll(fds, nfds, tsp, sigmask, sigsetsize)`, with Linux's order of
/// checks: the timespec (`EFAULT`, then `EINVAL` for a negative time or
/// nanoseconds outside 0..1e9), then the mask (`EINVAL` unless
/// `sigsetsize` is 8, `EFAULT`; both only for a non-null mask, so glibc's
/// `poll`, which passes a null mask and size 0, works), then `nfds` and the
/// array as for `poll`. A null `tsp` waits without a deadline.
///
/// Unless the timeout was zero, the time left (zero once the deadline has
/// passed) is written back to `*tsp` when the call returns; a failure to
/// write it is ignored, except that an interrupted call then cannot be
/// restarted with the time left and returns `-EINTR` whatever the signal's
/// disposition (Linux's `poll_select_finish`). A deadline too far to count
/// in 64-bit nanoseconds (about 584 years) is taken as that far.
pub(super) fn sys_ppoll(fds: u64, nfds: u64, tsp: u64, sigmask: u64, sigsetsize: u64) -> SysResult {
    let timeout = match tsp {
        0 => None,
        _ => Some(read_timespec(tsp)?),
    };
    if sigmask != 0 {
        if sigsetsize != SIGSET_SIZE {
            return Err(errno::EINVAL);
        }
        let mask = get_user(sigmask).map_err(|_| errno::EFAULT)?;
        with_current(|t| {
            // The first time in; a run after a wake finds it in force.
            if t.block.saved_mask.is_none() {
                t.block.saved_mask = Some(t.signals.blocked);
                t.signals.restore_mask(mask);
            }
        });
    }
    let deadline =
        kept_deadline().or_else(|| timeout.map(|ns| Arch::clock_ns().saturating_add(ns)));
    let r = do_poll(fds, nfds, deadline);
    let interrupted = r == Err(ERESTARTNOHAND);
    if interrupted && !block::signal_pending() {
        // It waits, with its mask, and runs again when woken.
        return r;
    }
    if !interrupted {
        restore_saved_mask();
    }
    if timeout.is_some_and(|ns| ns != 0) {
        let left = deadline.map_or(0, |d| d.saturating_sub(Arch::clock_ns()));
        if copy_to_user(tsp, &timespec_bytes(left)).is_err() && interrupted {
            // The call ends here: the deadline it kept for a restart goes.
            with_current(|t| t.block.deadline = None);
            karch::request_user_work(true);
            return Err(errno::EINTR);
        }
    }
    r
}

/// Puts back the mask `ppoll` replaced, when it returns without a signal
/// to deliver; one the caller's mask lets through is delivered next.
fn restore_saved_mask() {
    let deliverable = with_current(|t| {
        if let Some(mask) = t.block.saved_mask.take() {
            t.signals.restore_mask(mask);
        }
        t.signals.has_deliverable()
    });
    if deliverable == Some(true) {
        karch::request_user_work(true);
    }
}

/// What `poll` and `ppoll` share (Linux's `do_sys_poll`): `nfds` against
/// `RLIMIT_NOFILE` (`EINVAL`), the array (`EFAULT`), then one look at
/// every descriptor ([`look`]). `deadline` is a value of `Arch::clock_ns`
/// (`None`: none). A call that waits or is interrupted keeps its deadline
/// for the run after (a wake, or a restart after a signal without a
/// handler); one that ends forgets it.
fn do_poll(fds: u64, nfds: u64, deadline: Option<u64>) -> SysResult {
    let r = look(fds, nfds, deadline);
    let kept = if r == Err(ERESTARTNOHAND) {
        deadline
    } else {
        None
    };
    with_current(|t| t.block.deadline = kept);
    r
}

/// One look, in Linux's order (`do_poll`): the number of descriptors with
/// events if there are any, else `ERESTARTNOHAND` if a signal is there to
/// act on (even with a zero timeout), else 0 if the deadline has passed,
/// else a wait (`ERESTARTNOHAND` with the task on the files' queues and
/// the sleep list). All but the wait store `revents` back (`EFAULT` if
/// they cannot).
fn look(fds: u64, nfds: u64, deadline: Option<u64>) -> SysResult {
    let nfds = nfds as u32 as u64;
    let limit = with_current(|t| t.files.limit()).ok_or(errno::EFAULT)? as u64;
    if nfds > limit {
        return Err(errno::EINVAL);
    }
    // Sized by the caller, up to RLIMIT_NOFILE's hard ceiling (8 MiB of
    // pollfds): taken fallibly, ENOMEM as when Linux's allocation fails.
    let mut raw = Vec::new();
    raw.try_reserve_exact(nfds as usize * POLLFD_SIZE)
        .map_err(|_| errno::ENOMEM)?;
    raw.resize(nfds as usize * POLLFD_SIZE, 0u8);
    copy_from_user(&mut raw, fds).map_err(|_| errno::EFAULT)?;
    let entries: Vec<(i32, u16)> = raw
        .chunks_exact(POLLFD_SIZE)
        .map(|c| {
            let fd = i32::from_ne_bytes(c[..4].try_into().expect("4 bytes"));
            let events = u16::from_ne_bytes(c[4..6].try_into().expect("2 bytes"));
            (fd, events)
        })
        .collect();
    let mut ready = 0u64;
    let mut waits = Vec::new();
    for (i, &(fd, events)) in entries.iter().enumerate() {
        let revents = if fd < 0 {
            0
        } else {
            match with_current(|t| t.files.get(fd as u64)).and_then(Result::ok) {
                None => POLLNVAL,
                Some(f) => {
                    // Errors and hang-ups are reported whether asked or not.
                    let mask = f.file.poll() & (events | POLLERR | POLLHUP);
                    if mask == 0 {
                        waits.push(f);
                    }
                    mask
                }
            }
        };
        if revents != 0 {
            ready += 1;
        }
        raw[i * POLLFD_SIZE + 6..i * POLLFD_SIZE + 8].copy_from_slice(&revents.to_ne_bytes());
    }
    let result = if ready > 0 {
        Ok(ready)
    } else if block::signal_pending() {
        Err(ERESTARTNOHAND)
    } else if deadline.is_some_and(|d| Arch::clock_ns() >= d) {
        Ok(0)
    } else {
        for f in &waits {
            for dir in [Direction::Read, Direction::Write] {
                if let Some(q) = f.file.wait_queue(dir) {
                    q.add_current();
                }
            }
        }
        if let Some(d) = deadline {
            block::sleep_until(d);
        }
        return Err(ERESTARTNOHAND);
    };
    copy_to_user(fds, &raw).map_err(|_| errno::EFAULT)?;
    result
}
