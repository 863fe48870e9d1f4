//! `poll`: which of a set of descriptors can be read or written without
//! blocking, waiting (with a timeout in milliseconds, or none) until one
//! can. The task waits on the queues of every file it polls and on the
//! sleep list, and looks again whenever it is woken; a signal with a
//! handler interrupts it (`-EINTR`).

use alloc::vec::Vec;

use arch::Arch;
use karch::Arch as _;
use linux_abi::errno;

use super::SysResult;
use crate::fs::file::{POLLERR, POLLHUP, POLLNVAL};
use crate::fs::Direction;
use crate::task::block::{self, ERESTARTNOHAND};
use crate::task::table::with_current;
use crate::uaccess::{copy_from_user, copy_to_user};

/// Bytes of `struct pollfd`: `int fd; short events; short revents`.
const POLLFD_SIZE: usize = 8;
const NSEC_PER_MSEC: u64 = 1_000_000;

/// `poll(fds, nfds, timeout)`.
pub(super) fn sys_poll(fds: u64, nfds: u64, timeout_ms: u64) -> SysResult {
    let nfds = nfds as u32 as u64;
    let limit = with_current(|t| t.files.limit()).ok_or(errno::EFAULT)? as u64;
    if nfds > limit {
        return Err(errno::EINVAL);
    }
    let mut raw = alloc::vec![0u8; nfds as usize * POLLFD_SIZE];
    copy_from_user(&mut raw, fds).map_err(|_| errno::EFAULT)?;
    let entries: Vec<(i32, u16)> = raw
        .chunks_exact(POLLFD_SIZE)
        .map(|c| {
            let fd = i32::from_ne_bytes(c[..4].try_into().expect("4 bytes"));
            let events = u16::from_ne_bytes(c[4..6].try_into().expect("2 bytes"));
            (fd, events)
        })
        .collect();
    let timeout = timeout_ms as i32;
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
    let deadline = with_current(|t| t.block.deadline).flatten();
    let expired = timeout == 0 || deadline.is_some_and(|d| Arch::clock_ns() >= d);
    if ready > 0 || expired {
        with_current(|t| t.block.deadline = None);
        copy_to_user(fds, &raw).map_err(|_| errno::EFAULT)?;
        return Ok(ready);
    }
    for f in &waits {
        for dir in [Direction::Read, Direction::Write] {
            if let Some(q) = f.file.wait_queue(dir) {
                q.add_current();
            }
        }
    }
    if timeout > 0 {
        let d = deadline.unwrap_or_else(|| {
            let d = Arch::clock_ns().saturating_add(timeout as u64 * NSEC_PER_MSEC);
            with_current(|t| t.block.deadline = Some(d));
            d
        });
        block::sleep_until(d);
    }
    Err(ERESTARTNOHAND)
}
