//! The system and the process as glibc's start-up sees them: `uname`,
//! `set_tid_address`, `set_robust_list`, `rseq`, resource limits
//! (`prlimit64`, `getrlimit`, `setrlimit`), `getrandom`, `umask`, `prctl`
//! (the task's name), `sched_yield` and `getcpu`.

use arch::Arch;
use karch::Arch as _;
use linux_abi::errno;
use linux_abi::resource::{RLIMIT_NOFILE, RLIMIT_STACK, RLIM_NLIMITS};

use super::SysResult;
use crate::task::attrs::{Rlimit, Rseq, COMM_LEN};
use crate::task::delivery::force_signal;
use crate::task::rseq::{self, RSEQ_FLAG_UNREGISTER, RSEQ_SIZE};
use crate::task::switch::yield_current;
use crate::task::table::{self, current_ids, with_current, Pid};
use crate::task::Frame;
use crate::uaccess::{copy_from_user, copy_to_user};

/// Bytes of each `struct utsname` field.
const UTS_LEN: usize = 65;
/// The kernel's name: what programs test to know they run on Linux.
const UTS_SYSNAME: &str = "Linux";
/// The release: Linux's numbering (the version this kernel's system calls
/// follow), so that programs comparing versions find a kernel as recent as
/// the one they were built for, with this kernel's name as the local part.
const UTS_RELEASE: &str = "6.1.0-faultline";
/// The build.
const UTS_VERSION: &str = "#1 faultline";
/// Host and domain name: Linux's default before anyone sets them.
const UTS_UNSET: &str = "(none)";

/// `uname(buf)`: six NUL-padded 65-byte fields.
pub(super) fn sys_uname(buf: u64) -> SysResult {
    let mut b = [0u8; 6 * UTS_LEN];
    for (i, s) in [
        UTS_SYSNAME,
        UTS_UNSET,
        UTS_RELEASE,
        UTS_VERSION,
        Arch::UTS_MACHINE,
        UTS_UNSET,
    ]
    .iter()
    .enumerate()
    {
        let n = s.len().min(UTS_LEN - 1);
        b[i * UTS_LEN..i * UTS_LEN + n].copy_from_slice(&s.as_bytes()[..n]);
    }
    copy_to_user(buf, &b).map_err(|_| errno::EFAULT)?;
    Ok(0)
}

/// `set_tid_address(tidptr)`: remembered (a task's exit would clear it
/// for the threads this kernel does not have); returns the thread id,
/// which is the pid.
pub(super) fn sys_set_tid_address(tidptr: u64) -> SysResult {
    with_current(|t| t.attrs.clear_child_tid = tidptr);
    Ok(current_ids().0 as u64)
}

/// `sizeof(struct robust_list_head)` on 64-bit machines.
const ROBUST_LIST_HEAD_SIZE: u64 = 24;

/// `set_robust_list(head, len)`: `EINVAL` unless `len` is the size of the
/// head; the head is remembered.
pub(super) fn sys_set_robust_list(head: u64, len: u64) -> SysResult {
    if len != ROBUST_LIST_HEAD_SIZE {
        return Err(errno::EINVAL);
    }
    with_current(|t| t.attrs.robust_list = head);
    Ok(0)
}

/// `rseq(area, len, flags, sig)` with Linux 6.1's checks: register (once:
/// again with the same area is `EBUSY`, with another `EINVAL`, with
/// another signature `EPERM`) or unregister (`RSEQ_FLAG_UNREGISTER`, with
/// the registered area, length and signature).
pub(super) fn sys_rseq(area: u64, len: u64, flags: u64, sig: u64) -> SysResult {
    let (len, sig) = (len as u32, sig as u32);
    let current = with_current(|t| t.attrs.rseq).ok_or(errno::EFAULT)?;
    if flags & RSEQ_FLAG_UNREGISTER != 0 {
        if flags & !RSEQ_FLAG_UNREGISTER != 0 {
            return Err(errno::EINVAL);
        }
        let reg = current.filter(|r| r.addr == area).ok_or(errno::EINVAL)?;
        if reg.len != len {
            return Err(errno::EINVAL);
        }
        if reg.sig != sig {
            return Err(errno::EPERM);
        }
        rseq::write_cpu_id(area, rseq::CPU_ID_UNINITIALIZED).map_err(|_| errno::EFAULT)?;
        with_current(|t| t.attrs.rseq = None);
        return Ok(0);
    }
    if flags != 0 {
        return Err(errno::EINVAL);
    }
    if let Some(reg) = current {
        if reg.addr != area || reg.len != len {
            return Err(errno::EINVAL);
        }
        if reg.sig != sig {
            return Err(errno::EPERM);
        }
        return Err(errno::EBUSY);
    }
    if !area.is_multiple_of(u64::from(RSEQ_SIZE)) || len != RSEQ_SIZE {
        return Err(errno::EINVAL);
    }
    with_current(|t| {
        t.attrs.rseq = Some(Rseq {
            addr: area,
            len,
            sig,
        })
    });
    // Linux fills the CPU fields on the way back to user mode and kills a
    // task whose area it cannot write; the call itself succeeded.
    if rseq::register(area).is_err() {
        force_signal(linux_abi::Siginfo::fault(
            linux_abi::signal::SIGSEGV,
            linux_abi::signal::SI_KERNEL,
            0,
        ));
    }
    Ok(0)
}

/// `prlimit64(pid, resource, new, old)`: reads (into `old`) and sets (from
/// `new`) a limit of the caller (`pid` 0) or another task. `getrlimit` and
/// `setrlimit` are this for the caller.
///
/// Setting checks Linux's rules: `EINVAL` for a soft value above the hard
/// one, `EPERM` for a descriptor limit above Linux's `nr_open` (root may
/// raise hard limits). The descriptor limit takes effect for new
/// descriptors; the others are kept and reported.
pub(super) fn sys_prlimit64(pid: u64, resource: u64, new: u64, old: u64) -> SysResult {
    let resource = resource as u32;
    if resource as usize >= RLIM_NLIMITS {
        return Err(errno::EINVAL);
    }
    let new = if new != 0 {
        let mut b = [0u8; 16];
        copy_from_user(&mut b, new).map_err(|_| errno::EFAULT)?;
        let cur = u64::from_ne_bytes(b[..8].try_into().expect("8 bytes"));
        let max = u64::from_ne_bytes(b[8..].try_into().expect("8 bytes"));
        if cur > max {
            return Err(errno::EINVAL);
        }
        if resource == RLIMIT_NOFILE && max > NR_OPEN {
            return Err(errno::EPERM);
        }
        Some(Rlimit { cur, max })
    } else {
        None
    };
    let pid = pid as i32 as Pid;
    let pid = if pid == 0 { current_ids().0 } else { pid };
    let previous = {
        let mut s = table::lock();
        let t = s.get_mut(pid).ok_or(errno::ESRCH)?;
        let slot = &mut t.attrs.rlimits[resource as usize];
        let previous = *slot;
        if let Some(n) = new {
            *slot = n;
            if resource == RLIMIT_NOFILE {
                t.files.set_limit(n.cur as usize);
            }
            // Linux checks stack growth against the limit in force.
            if resource == RLIMIT_STACK {
                if let Some(mm) = &t.mm {
                    mm.set_stack_limit(n.cur);
                }
            }
        }
        previous
    };
    if old != 0 {
        let mut b = [0u8; 16];
        b[..8].copy_from_slice(&previous.cur.to_ne_bytes());
        b[8..].copy_from_slice(&previous.max.to_ne_bytes());
        copy_to_user(old, &b).map_err(|_| errno::EFAULT)?;
    }
    Ok(0)
}

/// Linux's `nr_open`: the most descriptors a process may be allowed.
const NR_OPEN: u64 = 1 << 20;

/// `getrandom(buf, len, flags)`: `len` random bytes (cut to `INT_MAX`).
/// Flags as Linux 6.1 takes them: `GRND_NONBLOCK`, `GRND_RANDOM`,
/// `GRND_INSECURE`, but not the last two together; the generator is always
/// ready, so none of them changes what is returned.
pub(super) fn sys_getrandom(buf: u64, len: u64, flags: u64) -> SysResult {
    const GRND_NONBLOCK: u64 = 1;
    const GRND_RANDOM: u64 = 2;
    const GRND_INSECURE: u64 = 4;
    let flags = flags as u32 as u64;
    if flags & !(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE) != 0
        || flags & (GRND_RANDOM | GRND_INSECURE) == GRND_RANDOM | GRND_INSECURE
    {
        return Err(errno::EINVAL);
    }
    let len = len.min(i32::MAX as u64);
    let mut chunk = [0u8; 256];
    let mut done = 0;
    while done < len {
        // Never past the end of a user page, so that a fault ends the
        // call at a page boundary, with the bytes before it, as on Linux.
        let at = buf.wrapping_add(done);
        let to_page_end = mm::PAGE_SIZE - at % mm::PAGE_SIZE;
        let n = (len - done).min(to_page_end).min(chunk.len() as u64) as usize;
        crate::random::fill(&mut chunk[..n]);
        if at < buf || copy_to_user(at, &chunk[..n]).is_err() {
            return if done > 0 {
                Ok(done)
            } else {
                Err(errno::EFAULT)
            };
        }
        done += n as u64;
    }
    Ok(done)
}

/// `umask(mask)`: sets the file-mode creation mask (its permission bits)
/// and returns the old one.
pub(super) fn sys_umask(mask: u64) -> SysResult {
    const PERMISSION_BITS: u32 = 0o777;
    with_current(|t| core::mem::replace(&mut t.attrs.umask, mask as u32 & PERMISSION_BITS))
        .map(u64::from)
        .ok_or(errno::EFAULT)
}

/// `prctl(PR_SET_NAME, name)` and `prctl(PR_GET_NAME, buf)`: the task's
/// name (16 bytes with the NUL). Other options are `EINVAL`, as Linux
/// answers an option it does not have.
pub(super) fn sys_prctl(option: u64, arg: u64) -> SysResult {
    const PR_SET_NAME: u64 = 15;
    const PR_GET_NAME: u64 = 16;
    match option as u32 as u64 {
        PR_SET_NAME => {
            let mut name = [0u8; COMM_LEN];
            let n = crate::uaccess::strncpy_from_user(&mut name[..COMM_LEN - 1], arg)
                .map_err(|_| errno::EFAULT)?;
            name[n..].fill(0);
            with_current(|t| t.attrs.comm = name);
            Ok(0)
        }
        PR_GET_NAME => {
            let name = with_current(|t| t.attrs.comm).ok_or(errno::EFAULT)?;
            copy_to_user(arg, &name).map_err(|_| errno::EFAULT)?;
            Ok(0)
        }
        _ => Err(errno::EINVAL),
    }
}

/// `sched_yield()`: the next runnable task runs; the caller goes to the
/// back of the queue. Returns 0.
pub(super) fn sys_sched_yield(regs: &mut Frame) {
    use karch::TrapFrame;
    regs.set_return(0);
    yield_current(regs);
}

/// The NUMA node of the one CPU (a machine without NUMA has node 0 only).
const NODE: u32 = 0;

/// `getcpu(cpu, node, cache)`: the CPU the task runs on and its node, each
/// stored where its pointer says (a null pointer is skipped). As on Linux,
/// both stores are tried even when the first faults, and either failing
/// makes the call `EFAULT`; `cache` is unused since Linux 2.6.24.
pub(super) fn sys_getcpu(cpu: u64, node: u64) -> SysResult {
    let mut faulted = false;
    for (addr, value) in [(cpu, rseq::CPU), (node, NODE)] {
        if addr != 0 {
            faulted |= copy_to_user(addr, &value.to_ne_bytes()).is_err();
        }
    }
    if faulted {
        Err(errno::EFAULT)
    } else {
        Ok(0)
    }
}
