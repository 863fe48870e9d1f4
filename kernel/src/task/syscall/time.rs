//! Clocks, sleeps and CPU time: `clock_gettime`, `gettimeofday`,
//! `nanosleep`, `clock_nanosleep`, `times`, `getrusage`.
//!
//! `CLOCK_REALTIME` and `gettimeofday` give the time of day the machine's
//! clock was set to; the monotonic and boot-time clocks count from the
//! first reading any task asks for; the CPU-time clocks give the task's
//! time. A sleep blocks the task until its
//! deadline (`block.rs` explains when it is woken without a timer
//! interrupt); a signal with a handler interrupts it with `-EINTR` and the
//! time left, as on Linux.

use arch::Arch;
use karch::Arch as _;
use linux_abi::errno;

use super::{user_mm, SysResult};
use crate::task::block::{self, ERESTARTNOHAND};
use crate::task::table::{self, with_current};
use crate::uaccess::{copy_from_user, copy_to_user};

/// The clock reading clocks count from: the first one asked for.
static CLOCK_BASE: spin::Once<u64> = spin::Once::new();

/// Clock ids (`linux/time.h`).
const CLOCK_REALTIME: u64 = 0;
const CLOCK_MONOTONIC: u64 = 1;
const CLOCK_PROCESS_CPUTIME_ID: u64 = 2;
const CLOCK_THREAD_CPUTIME_ID: u64 = 3;
const CLOCK_MONOTONIC_RAW: u64 = 4;
const CLOCK_REALTIME_COARSE: u64 = 5;
const CLOCK_MONOTONIC_COARSE: u64 = 6;
const CLOCK_BOOTTIME: u64 = 7;
/// International atomic time: the real-time clock plus the TAI offset,
/// which is 0 until adjtimex sets one (it never does here).
const CLOCK_TAI: u64 = 11;
/// The resolution Linux reports for the coarse clocks: one tick (its
/// s390x kernels run at HZ=250).
const COARSE_RES_NS: u64 = 4_000_000;
/// The resolution of every other clock: Linux's high-resolution timers
/// report 1 ns.
const HRES_NS: u64 = 1;
const NSEC_PER_SEC: u64 = 1_000_000_000;
/// `clock_t` ticks per second (`USER_HZ`).
const USER_HZ: u64 = 100;
/// `clock_nanosleep` flag: the time is a deadline on the clock.
const TIMER_ABSTIME: u64 = 1;

/// Nanoseconds on the system clocks.
fn now_ns() -> u64 {
    let base = *CLOCK_BASE.call_once(Arch::clock_ns);
    Arch::clock_ns() - base
}

/// The calling task's CPU time so far, in nanoseconds.
fn own_cpu_ns() -> u64 {
    let mut s = table::lock();
    let slice = s.current_slice_ns();
    s.current().map_or(0, |t| t.attrs.times.own_ns + slice)
}

/// A `struct timespec` holding `ns` nanoseconds.
pub(super) fn timespec_bytes(ns: u64) -> [u8; 16] {
    let mut b = [0u8; 16];
    b[..8].copy_from_slice(&(ns / NSEC_PER_SEC).to_ne_bytes());
    b[8..].copy_from_slice(&(ns % NSEC_PER_SEC).to_ne_bytes());
    b
}

/// Reads a `struct timespec`; `EINVAL` for a negative time or nanoseconds
/// outside 0..1e9, as `nanosleep` refuses them.
pub(super) fn read_timespec(addr: u64) -> Result<u64, i64> {
    let mut b = [0u8; 16];
    copy_from_user(&mut b, addr).map_err(|_| errno::EFAULT)?;
    let sec = i64::from_ne_bytes(b[..8].try_into().expect("8 bytes"));
    let nsec = i64::from_ne_bytes(b[8..].try_into().expect("8 bytes"));
    if sec < 0 || !(0..NSEC_PER_SEC as i64).contains(&nsec) {
        return Err(errno::EINVAL);
    }
    Ok((sec as u64)
        .saturating_mul(NSEC_PER_SEC)
        .saturating_add(nsec as u64))
}

/// A clock id as Linux decodes it (`clockid_t` is an int): the fixed
/// clocks 0-11 that Linux 6.1 has on this machine (not the alarm clocks
/// 8 and 9, which need an RTC with alarms, nor 10, which no kernel has),
/// and the CPU-time clocks of a process or thread that negative ids
/// encode (`~pid << 3 | perthread << 2 | which`, `which` 0-2).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Clock {
    Real,
    Mono,
    Coarse(u64),
    OwnCpu,
}

fn clock_of(id: u64) -> Option<Clock> {
    let id = id as u32 as i32;
    if id < 0 {
        let which = id & 3;
        let pid = !(id >> 3);
        // Another process's or thread's CPU clock: only the caller's own
        // CPU time is kept where this layer can read it.
        let own = pid == 0 || current_pid_i32() == Some(pid);
        return (which != 3 && own).then_some(Clock::OwnCpu);
    }
    match id as u64 {
        CLOCK_REALTIME | CLOCK_TAI => Some(Clock::Real),
        CLOCK_REALTIME_COARSE => Some(Clock::Coarse(CLOCK_REALTIME)),
        CLOCK_MONOTONIC | CLOCK_MONOTONIC_RAW | CLOCK_BOOTTIME => Some(Clock::Mono),
        CLOCK_MONOTONIC_COARSE => Some(Clock::Coarse(CLOCK_MONOTONIC)),
        CLOCK_PROCESS_CPUTIME_ID | CLOCK_THREAD_CPUTIME_ID => Some(Clock::OwnCpu),
        _ => None,
    }
}

fn current_pid_i32() -> Option<i32> {
    table::current_pid()
}

/// The reading of `clock`, or `None` for an id this kernel does not have.
fn clock_read(clock: u64) -> Option<u64> {
    Some(match clock_of(clock)? {
        Clock::Real | Clock::Coarse(CLOCK_REALTIME) => Arch::unix_time_ns(),
        Clock::Mono | Clock::Coarse(_) => now_ns(),
        Clock::OwnCpu => own_cpu_ns(),
    })
}

pub(super) fn sys_clock_gettime(clock: u64, tp: u64) -> SysResult {
    let ns = clock_read(clock).ok_or(errno::EINVAL)?;
    copy_to_user(tp, &timespec_bytes(ns)).map_err(|_| errno::EFAULT)?;
    Ok(0)
}

/// `clock_getres(clock, res)`: Linux's resolutions (1 ns, a tick for the
/// coarse clocks); `res` may be null.
pub(super) fn sys_clock_getres(clock: u64, res: u64) -> SysResult {
    let ns = match clock_of(clock).ok_or(errno::EINVAL)? {
        Clock::Coarse(_) => COARSE_RES_NS,
        _ => HRES_NS,
    };
    if res != 0 {
        copy_to_user(res, &timespec_bytes(ns)).map_err(|_| errno::EFAULT)?;
    }
    Ok(0)
}

/// `gettimeofday(tv, tz)`: the real-time clock in microseconds; the time
/// zone is UTC (both fields 0). Either pointer may be null.
pub(super) fn sys_gettimeofday(tv: u64, tz: u64) -> SysResult {
    if tv != 0 {
        let ns = Arch::unix_time_ns();
        let mut b = [0u8; 16];
        b[..8].copy_from_slice(&(ns / NSEC_PER_SEC).to_ne_bytes());
        b[8..].copy_from_slice(&((ns % NSEC_PER_SEC) / 1000).to_ne_bytes());
        copy_to_user(tv, &b).map_err(|_| errno::EFAULT)?;
    }
    if tz != 0 {
        copy_to_user(tz, &[0u8; 8]).map_err(|_| errno::EFAULT)?;
    }
    Ok(0)
}

/// `nanosleep(req, rem)`.
pub(super) fn sys_nanosleep(req: u64, rem: u64) -> SysResult {
    sleep(CLOCK_MONOTONIC, 0, req, rem)
}

/// `clock_nanosleep(clock, flags, req, rem)`: on the real-time, monotonic
/// or boot-time clock (the CPU-time clocks are `EINVAL` here, as the
/// thread's is on Linux); flags other than `TIMER_ABSTIME` are ignored,
/// as Linux ignores them.
pub(super) fn sys_clock_nanosleep(clock: u64, flags: u64, req: u64, rem: u64) -> SysResult {
    // A `clockid_t` is an int: the upper half of the register is not
    // part of it.
    let clock = u64::from(clock as u32);
    match clock {
        CLOCK_REALTIME | CLOCK_MONOTONIC | CLOCK_BOOTTIME => sleep(clock, flags, req, rem),
        _ => Err(errno::EINVAL),
    }
}

/// Sleeps until `req` (relative, or a deadline with `TIMER_ABSTIME`). A
/// call that runs again after a wait keeps its first deadline. Interrupted
/// by a handler, a relative sleep writes the time left to `rem` (if not
/// null) and returns `-EINTR`.
fn sleep(clock: u64, flags: u64, req: u64, rem: u64) -> SysResult {
    let kept = with_current(|t| t.block.deadline).flatten();
    let deadline = match kept {
        Some(d) => d,
        None => {
            let t = read_timespec(req)?;
            let now = Arch::clock_ns();
            let d = if flags & TIMER_ABSTIME != 0 {
                // The deadline on `clock`, moved to the machine clock.
                let on_clock = clock_read(clock).unwrap_or(0);
                now.saturating_add(t.saturating_sub(on_clock))
            } else {
                now.saturating_add(t)
            };
            with_current(|task| task.block.deadline = Some(d));
            d
        }
    };
    let now = Arch::clock_ns();
    if now >= deadline {
        with_current(|t| t.block.deadline = None);
        return Ok(0);
    }
    if block::signal_pending() && flags & TIMER_ABSTIME == 0 && rem != 0 {
        // Interrupted: Linux writes the time left before returning.
        copy_to_user(rem, &timespec_bytes(deadline - now)).map_err(|_| errno::EFAULT)?;
    }
    block::sleep_until(deadline);
    Err(ERESTARTNOHAND)
}

/// `times(buf)`: the task's and its reaped children's CPU time in clock
/// ticks (all of it counted as user time, see `CpuTimes`), and the ticks
/// since the clocks started. `buf` may be null.
pub(super) fn sys_times(buf: u64) -> SysResult {
    let ticks = |ns: u64| ns / (NSEC_PER_SEC / USER_HZ);
    if buf != 0 {
        let own = own_cpu_ns();
        let children = with_current(|t| t.attrs.times.children_ns).unwrap_or(0);
        let mut b = [0u8; 32];
        b[..8].copy_from_slice(&ticks(own).to_ne_bytes());
        b[16..24].copy_from_slice(&ticks(children).to_ne_bytes());
        copy_to_user(buf, &b).map_err(|_| errno::EFAULT)?;
    }
    Ok(ticks(now_ns()))
}

/// `getrusage(RUSAGE_SELF)`: the task's CPU time (as user time) and its
/// minor and major fault counts.
pub(super) fn sys_getrusage(who: u64, usage: u64) -> SysResult {
    // RUSAGE_SELF, RUSAGE_CHILDREN (-1), RUSAGE_THREAD (1); anything else
    // is EINVAL before the pointer is looked at.
    if !matches!(who as u32 as i32, -1..=1) {
        return Err(errno::EINVAL);
    }
    let mm = user_mm()?;
    let c = mm.counters();
    let cpu = own_cpu_ns();
    let mut b = [0u8; 144];
    // struct rusage: ru_utime and ru_stime (two timevals: seconds and
    // microseconds), then longs; ru_minflt is the 5th long (offset 64),
    // ru_majflt the 6th (72).
    b[..8].copy_from_slice(&(cpu / NSEC_PER_SEC).to_ne_bytes());
    b[8..16].copy_from_slice(&((cpu % NSEC_PER_SEC) / 1000).to_ne_bytes());
    b[64..72].copy_from_slice(&c.minor.to_ne_bytes());
    b[72..80].copy_from_slice(&c.major.to_ne_bytes());
    copy_to_user(usage, &b).map_err(|_| errno::EFAULT)?;
    Ok(0)
}
