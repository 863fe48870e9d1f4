//! `execve` and `execveat`: replace the calling task's program.
//!
//! Linux's order: the path and the argument and environment strings are
//! copied first (`EFAULT`, `ENAMETOOLONG`, `E2BIG`), then the file is
//! looked up and checked (`ENOENT`, `ENOTDIR`, `ELOOP`, `EACCES` for
//! anything but a regular file with an execute bit), then the image is
//! loaded. The new address space is complete before the task changes, so
//! a failure returns `-errno` to a caller that is exactly as it was, and
//! frees everything the attempt made. On success the old space goes
//! (every frame of it freed, once nothing else shares it), handlers are
//! reset, close-on-exec descriptors are closed, and the task starts the
//! new program.

use arch::Arch;
use karch::Arch as _;
use linux_abi::errno::ELOOP;
use linux_abi::errno::{EINVAL, ENOENT};
use linux_abi::fcntl::{AT_EMPTY_PATH, AT_FDCWD, AT_SYMLINK_NOFOLLOW};
use linux_abi::resource::RLIMIT_STACK;

use super::fs::{as_slices, resolve, user_path, user_strings};
use crate::task::exec::{self, ARG_MAX_TOTAL, MAX_ARG_STRLEN, TRAMPOLINE};
use crate::task::exit::retire_mm;
use crate::task::table::with_current;
use crate::task::{switch_mm, Frame};

/// `execve(path, argv, envp)`: `Ok(())` when `regs` now start the new
/// program.
pub(super) fn sys_execve(regs: &mut Frame, path: u64, argv: u64, envp: u64) -> Result<(), i64> {
    sys_execveat(regs, AT_FDCWD as u64, path, argv, envp, 0)
}

/// `execveat(dirfd, path, argv, envp, flags)`.
pub(super) fn sys_execveat(
    regs: &mut Frame,
    dirfd: u64,
    path: u64,
    argv: u64,
    envp: u64,
    flags: u64,
) -> Result<(), i64> {
    if flags & !(AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW) != 0 {
        return Err(EINVAL);
    }
    let path = user_path(path)?;
    if path.is_empty() && flags & AT_EMPTY_PATH == 0 {
        return Err(ENOENT);
    }
    let mut budget = ARG_MAX_TOTAL;
    let mut argv = user_strings(argv, MAX_ARG_STRLEN, &mut budget)?;
    let envp = user_strings(envp, MAX_ARG_STRLEN, &mut budget)?;
    if argv.is_empty() {
        // As Linux 6.1 does for a NULL or empty argv: argv[0] is "".
        argv.push(alloc::vec::Vec::new());
    }
    let follow = flags & AT_SYMLINK_NOFOLLOW == 0;
    let file = resolve(dirfd, &path, follow, flags & AT_EMPTY_PATH != 0)?;
    if file.is_symlink() {
        return Err(ELOOP);
    }
    exec::check_executable(&file)?;
    let loaded = exec::load(&file, &as_slices(&argv), &as_slices(&envp)).map_err(|e| {
        kcore::pr_debug!(
            "execve: {}: {e}",
            alloc::string::String::from_utf8_lossy(&path)
        );
        e.errno()
    })?;
    // The point of no return. Descriptors and the old space are dropped
    // outside the task-table lock (closing a file may need it).
    let taken = with_current(|t| {
        t.brk = (loaded.brk, loaded.brk);
        // The new space grows its stack by the limit the caller set.
        loaded
            .mm
            .set_stack_limit(t.attrs.rlimits[RLIMIT_STACK as usize].cur);
        t.trampoline = TRAMPOLINE;
        t.signals.exec_reset();
        t.attrs.exec(&alloc::string::String::from_utf8_lossy(&path));
        t.block = Default::default();
        (
            t.mm.replace(loaded.mm.clone()),
            core::mem::take(&mut t.files),
        )
    });
    let Some((old_mm, mut files)) = taken else {
        return Err(EINVAL);
    };
    switch_mm(Some(loaded.mm));
    *regs = loaded.regs;
    // The new program starts with every register and control zero. The
    // running task's state is in the CPU, not in its table entry.
    Arch::load_user_state(&Default::default());
    retire_mm(old_mm);
    files.close_on_exec();
    with_current(|t| t.files = files);
    Ok(())
}
