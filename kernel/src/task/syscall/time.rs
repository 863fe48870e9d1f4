//! Clocks and resource usage: `clock_gettime`, `getrusage`.

use arch::Arch;
use karch::Arch as _;
use linux_abi::errno;

use super::{user_mm, SysResult};
use crate::uaccess::copy_to_user;

/// The clock reading clocks count from: the first one asked for.
static CLOCK_BASE: spin::Once<u64> = spin::Once::new();

/// Highest clock id answered (`CLOCK_BOOTTIME`).
const CLOCK_ID_MAX: u64 = 7;
const NSEC_PER_SEC: u64 = 1_000_000_000;

pub(super) fn sys_clock_gettime(clock: u64, tp: u64) -> SysResult {
    // CLOCK_REALTIME, MONOTONIC, PROCESS/THREAD_CPUTIME, MONOTONIC_RAW,
    // REALTIME/MONOTONIC_COARSE, BOOTTIME: all from the machine's clock.
    if clock > CLOCK_ID_MAX {
        return Err(errno::EINVAL);
    }
    let base = *CLOCK_BASE.call_once(Arch::clock_ns);
    let ns = Arch::clock_ns() - base;
    let mut b = [0u8; 16];
    b[..8].copy_from_slice(&(ns / NSEC_PER_SEC).to_ne_bytes());
    b[8..].copy_from_slice(&(ns % NSEC_PER_SEC).to_ne_bytes());
    copy_to_user(tp, &b).map_err(|_| errno::EFAULT)?;
    Ok(0)
}

/// `getrusage(RUSAGE_SELF)`: the minor and major fault counts (the times
/// are zero: there is no per-task CPU accounting).
pub(super) fn sys_getrusage(usage: u64) -> SysResult {
    let mm = user_mm()?;
    let c = mm.counters();
    let mut b = [0u8; 144];
    // struct rusage: two timevals (32 bytes), then longs; ru_minflt is the
    // 5th long (offset 64), ru_majflt the 6th (72).
    b[64..72].copy_from_slice(&c.minor.to_ne_bytes());
    b[72..80].copy_from_slice(&c.major.to_ne_bytes());
    copy_to_user(usage, &b).map_err(|_| errno::EFAULT)?;
    Ok(0)
}
