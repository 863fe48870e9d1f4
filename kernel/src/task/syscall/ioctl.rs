//! `ioctl`: the commands every descriptor takes (close-on-exec,
//! non-blocking mode), then the file's own (a terminal's attributes and
//! window size, the bytes waiting in a pipe). Anything else is `ENOTTY`,
//! as Linux answers a command a file does not know.

use linux_abi::errno;
use linux_abi::fcntl::O_NONBLOCK;
use linux_abi::ioctl::{FIOCLEX, FIONBIO, FIONCLEX};

use super::file::file;
use super::SysResult;
use crate::task::table::with_current;
use crate::uaccess::copy_from_user;

/// `ioctl(fd, cmd, arg)`.
pub(super) fn sys_ioctl(fd: u64, cmd: u64, arg: u64) -> SysResult {
    // The prototype's `unsigned int fd, unsigned int cmd`.
    let fd = fd as u32 as u64;
    let cmd = cmd as u32 as u64;
    let f = file(fd)?;
    match cmd {
        FIOCLEX | FIONCLEX => with_current(|t| {
            t.files.entry_mut(fd).map(|e| {
                e.cloexec = cmd == FIOCLEX;
                0
            })
        })
        .ok_or(errno::EBADF)?,
        FIONBIO => {
            let mut b = [0u8; 4];
            copy_from_user(&mut b, arg).map_err(|_| errno::EFAULT)?;
            let on = i32::from_ne_bytes(b) != 0;
            let flags = f.flags() & !O_NONBLOCK;
            f.set_status_flags(if on { flags | O_NONBLOCK } else { flags });
            Ok(0)
        }
        _ => f.file.ioctl(cmd, arg),
    }
}
