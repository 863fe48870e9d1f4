//! `/dev/console` and `/dev/null`.

use kcore::print;
use ksync::SpinLock;
use linux_abi::errno;
use linux_abi::ioctl::{
    Termios, Winsize, FIONREAD, TCGETS, TCSETS, TCSETSF, TCSETSW, TERMIOS_SIZE, TIOCGWINSZ,
    TIOCSWINSZ,
};

use super::file::{File, IoError};
use crate::uaccess::{copy_from_user, copy_to_user};

/// The kernel console as a terminal. It has no input here (the console
/// driver only writes), so a read finds the end of the file at once.
///
/// It keeps a terminal's attributes and window size, which programs read
/// (`isatty`, `tcgetattr`) and may set. They start as Linux's
/// `/dev/console` on this machine reports them (measured under QEMU: the
/// standard line settings at 38400 baud, 8 bits, and a 24 by 80 window),
/// and change nothing in how output is written. The terminal's process
/// group and session (`TIOCGPGRP`, `TIOCGSID`) answer `ENOTTY`, as they do
/// on Linux to a process for which it is not the controlling terminal:
/// this kernel has none.
pub struct Console;

/// The console's attributes as Linux's console reports them: input
/// `ICRNL | IXON`, output `OPOST | ONLCR`, control `B38400 | CS8 | CREAD |
/// HUPCL`, local `ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE |
/// IEXTEN`, and the standard control characters (`^C ^\ DEL ^U ^D`, ...).
const CONSOLE_TERMIOS: Termios = Termios {
    iflag: 0o2400,
    oflag: 0o5,
    cflag: 0o2277,
    lflag: 0o105073,
    line: 0,
    cc: [
        3, 28, 127, 21, 4, 0, 1, 0, 17, 19, 26, 0, 18, 15, 23, 22, 0, 0, 0,
    ],
};

/// Linux's console window: 24 rows of 80 columns.
const CONSOLE_WINSIZE: Winsize = Winsize {
    rows: 24,
    cols: 80,
    xpixel: 0,
    ypixel: 0,
};

/// The terminal state (one console).
static TTY: SpinLock<(Termios, Winsize)> = SpinLock::new((CONSOLE_TERMIOS, CONSOLE_WINSIZE));

fn efault<T>(_: T) -> i64 {
    errno::EFAULT
}

/// The terminal `ioctl`s of the console.
fn console_ioctl(cmd: u64, arg: u64) -> Result<u64, i64> {
    match cmd {
        TCGETS => {
            let t = TTY.lock().0;
            copy_to_user(arg, &t.to_bytes()).map_err(efault)?;
        }
        TCSETS | TCSETSW | TCSETSF => {
            let mut b = [0u8; TERMIOS_SIZE];
            copy_from_user(&mut b, arg).map_err(efault)?;
            TTY.lock().0 = Termios::from_bytes(&b);
        }
        TIOCGWINSZ => {
            let w = TTY.lock().1;
            copy_to_user(arg, &w.to_bytes()).map_err(efault)?;
        }
        TIOCSWINSZ => {
            let mut b = [0u8; 8];
            copy_from_user(&mut b, arg).map_err(efault)?;
            TTY.lock().1 = Winsize::from_bytes(&b);
        }
        FIONREAD => {
            // No input ever arrives.
            copy_to_user(arg, &0i32.to_ne_bytes()).map_err(efault)?;
        }
        _ => return Err(errno::ENOTTY),
    }
    Ok(0)
}

impl File for Console {
    fn read(&self, _offset: u64, _buf: &mut [u8]) -> Result<usize, IoError> {
        Ok(0)
    }

    fn write(&self, _offset: u64, buf: &[u8]) -> Result<usize, IoError> {
        print!("{}", alloc::string::String::from_utf8_lossy(buf));
        Ok(buf.len())
    }

    fn ioctl(&self, cmd: u64, arg: u64) -> Result<u64, i64> {
        console_ioctl(cmd, arg)
    }
}

/// `/dev/null`: reads find the end, writes vanish.
pub struct Null;

impl File for Null {
    fn read(&self, _offset: u64, _buf: &mut [u8]) -> Result<usize, IoError> {
        Ok(0)
    }

    fn write(&self, _offset: u64, buf: &[u8]) -> Result<usize, IoError> {
        Ok(buf.len())
    }

    /// `pread64`/`pwrite64` work (and do nothing), as on Linux.
    fn positional(&self) -> bool {
        true
    }

    /// Linux's `null_lseek`: every seek lands at 0.
    fn seek(&self, _pos: u64, _offset: i64, _whence: u64) -> Result<u64, i64> {
        Ok(0)
    }
}
