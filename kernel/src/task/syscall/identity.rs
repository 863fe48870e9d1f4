//! Who a task is: user and group ids (`getuid` and its family, `setuid`,
//! `setgid`, `getgroups`), and its job-control identity (process group and
//! session: `getpgrp`, `getpgid`, `setpgid`, `getsid`, `setsid`).
//!
//! Every task starts as root with no supplementary groups. The first task
//! has process group and session 0, as Linux's init has until it calls
//! `setsid`; children inherit both.

use linux_abi::errno;

use super::SysResult;
use crate::task::attrs::Cred;
use crate::task::table::{self, current_ids, with_current, Pid};
use crate::uaccess::copy_to_user;

/// `(uid_t)-1`: "leave unchanged" to the `setres*id` calls, and never a
/// valid id.
const INVALID_ID: u32 = u32::MAX;

fn cred() -> Result<Cred, i64> {
    with_current(|t| t.attrs.cred).ok_or(errno::EFAULT)
}

/// `getuid`, `geteuid`, `getgid`, `getegid`: the id `pick` chooses.
pub(super) fn sys_get_id(pick: fn(&Cred) -> u32) -> SysResult {
    Ok(u64::from(pick(&cred()?)))
}

/// `getresuid` (`user`) or `getresgid`: the real, effective and saved
/// ids (`uid_t`, 32 bits) to three addresses.
pub(super) fn sys_getres(user: bool, addrs: [u64; 3]) -> SysResult {
    let c = cred()?;
    let ids = if user {
        [c.ruid, c.euid, c.suid]
    } else {
        [c.rgid, c.egid, c.sgid]
    };
    for (id, addr) in ids.iter().zip(addrs) {
        copy_to_user(addr, &id.to_ne_bytes()).map_err(|_| errno::EFAULT)?;
    }
    Ok(0)
}

/// `getgroups(size, list)`: no supplementary groups, so 0 and nothing
/// written; a negative size is `EINVAL`.
pub(super) fn sys_getgroups(size: u64) -> SysResult {
    if (size as i32) < 0 {
        return Err(errno::EINVAL);
    }
    Ok(0)
}

/// `setuid(uid)` (`user`) or `setgid(gid)`: as root (effective id 0 for
/// `setuid`; for `setgid`, the effective user id 0 too, Linux's
/// `CAP_SETGID`), all three ids change; otherwise only the effective one,
/// and only to the real or saved id. `EINVAL` for -1, `EPERM` otherwise.
pub(super) fn sys_setid(id: u64, user: bool) -> SysResult {
    let id = id as u32;
    if id == INVALID_ID {
        return Err(errno::EINVAL);
    }
    with_current(|t| {
        let c = &mut t.attrs.cred;
        let privileged = c.euid == 0;
        let (r, e, s) = if user {
            (&mut c.ruid, &mut c.euid, &mut c.suid)
        } else {
            (&mut c.rgid, &mut c.egid, &mut c.sgid)
        };
        if privileged {
            (*r, *e, *s) = (id, id, id);
        } else if id == *r || id == *s {
            *e = id;
        } else {
            return Err(errno::EPERM);
        }
        Ok(0)
    })
    .ok_or(errno::EFAULT)?
}

/// `getpgid(pid)` (0: the caller), `getpgrp()` = `getpgid(0)`.
pub(super) fn sys_getpgid(pid: u64) -> SysResult {
    lookup(pid, |t| t.attrs.pgid)
}

/// `getsid(pid)` (0: the caller).
pub(super) fn sys_getsid(pid: u64) -> SysResult {
    lookup(pid, |t| t.attrs.sid)
}

fn lookup(pid: u64, get: fn(&crate::task::table::Task) -> Pid) -> SysResult {
    let pid = pid as i32;
    let pid = if pid == 0 { current_ids().0 } else { pid };
    let s = table::lock();
    s.get(pid).map(|t| get(t) as u64).ok_or(errno::ESRCH)
}

/// `setsid()`: the caller leads a new session and process group, both
/// named by its pid, unless a process group with that id already exists
/// (it leads one): `EPERM`.
pub(super) fn sys_setsid() -> SysResult {
    let mut s = table::lock();
    let me = s.current_pid().ok_or(errno::EFAULT)?;
    if s.iter().any(|t| t.attrs.pgid == me) {
        return Err(errno::EPERM);
    }
    let t = s.current().ok_or(errno::EFAULT)?;
    t.attrs.sid = me;
    t.attrs.pgid = me;
    Ok(me as u64)
}

/// `setpgid(pid, pgid)`: moves the caller or one of its children (`pid`,
/// 0 for the caller) into process group `pgid` (0: the one named by
/// `pid`), with Linux's checks: `EINVAL` for a negative group, `ESRCH`
/// for a task that is neither, `EPERM` for a child in another session, a
/// session leader, or a group that does not exist in the caller's
/// session.
pub(super) fn sys_setpgid(pid: u64, pgid: u64) -> SysResult {
    let (pid, pgid) = (pid as i32, pgid as i32);
    if pgid < 0 {
        return Err(errno::EINVAL);
    }
    let mut s = table::lock();
    let me = s.current_pid().ok_or(errno::EFAULT)?;
    let my_sid = s.get(me).map(|t| t.attrs.sid).ok_or(errno::EFAULT)?;
    let pid = if pid == 0 { me } else { pid };
    let pgid = if pgid == 0 { pid } else { pgid };
    let target = s.get(pid).ok_or(errno::ESRCH)?;
    if pid != me {
        if target.ppid != me {
            return Err(errno::ESRCH);
        }
        if target.attrs.sid != my_sid {
            return Err(errno::EPERM);
        }
    }
    if target.attrs.sid == pid {
        return Err(errno::EPERM);
    }
    if pgid != pid
        && !s
            .iter()
            .any(|t| t.attrs.pgid == pgid && t.attrs.sid == my_sid)
    {
        return Err(errno::EPERM);
    }
    if let Some(t) = s.get_mut(pid) {
        t.attrs.pgid = pgid;
    }
    Ok(0)
}
