//! Terminal and file `ioctl` commands (`asm-generic/ioctls.h`) and the
//! kernel's `struct termios` and `struct winsize`
//! (`asm-generic/termbits.h`, `termios.h`).

/// Read the terminal attributes (`struct termios`).
pub const TCGETS: u64 = 0x5401;
/// Set the terminal attributes now.
pub const TCSETS: u64 = 0x5402;
/// Set them after output drains.
pub const TCSETSW: u64 = 0x5403;
/// Set them after output drains, discarding pending input.
pub const TCSETSF: u64 = 0x5404;
/// Make the terminal the controlling terminal.
pub const TIOCSCTTY: u64 = 0x540e;
/// The foreground process group of the terminal.
pub const TIOCGPGRP: u64 = 0x540f;
/// Set the foreground process group.
pub const TIOCSPGRP: u64 = 0x5410;
/// Read the window size.
pub const TIOCGWINSZ: u64 = 0x5413;
/// Set the window size.
pub const TIOCSWINSZ: u64 = 0x5414;
/// Bytes ready to read.
pub const FIONREAD: u64 = 0x541b;
/// Set or clear `O_NONBLOCK`.
pub const FIONBIO: u64 = 0x5421;
/// The session of the terminal.
pub const TIOCGSID: u64 = 0x5429;
/// Clear close-on-exec.
pub const FIONCLEX: u64 = 0x5450;
/// Set close-on-exec.
pub const FIOCLEX: u64 = 0x5451;

/// Control characters in the kernel's `struct termios`.
pub const NCCS: usize = 19;

/// The kernel's `struct termios` (36 bytes; glibc converts it to its own
/// larger one).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Termios {
    /// Input modes.
    pub iflag: u32,
    /// Output modes.
    pub oflag: u32,
    /// Control modes.
    pub cflag: u32,
    /// Local modes.
    pub lflag: u32,
    /// Line discipline.
    pub line: u8,
    /// Control characters.
    pub cc: [u8; NCCS],
}

/// The size of [`Termios`] in user memory.
pub const TERMIOS_SIZE: usize = 36;
const _: () = assert!(core::mem::size_of::<Termios>() == TERMIOS_SIZE);

impl Termios {
    /// The bytes as user memory holds them, in the machine's byte order.
    pub fn to_bytes(&self) -> [u8; TERMIOS_SIZE] {
        let mut b = [0u8; TERMIOS_SIZE];
        for (i, v) in [self.iflag, self.oflag, self.cflag, self.lflag]
            .iter()
            .enumerate()
        {
            b[i * 4..i * 4 + 4].copy_from_slice(&v.to_ne_bytes());
        }
        b[16] = self.line;
        b[17..].copy_from_slice(&self.cc);
        b
    }

    /// The structure from user memory's bytes.
    pub fn from_bytes(b: &[u8; TERMIOS_SIZE]) -> Self {
        let word =
            |i: usize| u32::from_ne_bytes([b[i * 4], b[i * 4 + 1], b[i * 4 + 2], b[i * 4 + 3]]);
        let mut cc = [0u8; NCCS];
        cc.copy_from_slice(&b[17..]);
        Self {
            iflag: word(0),
            oflag: word(1),
            cflag: word(2),
            lflag: word(3),
            line: b[16],
            cc,
        }
    }
}

/// `struct winsize`: rows, columns, and the size in pixels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Winsize {
    /// Rows.
    pub rows: u16,
    /// Columns.
    pub cols: u16,
    /// Width in pixels.
    pub xpixel: u16,
    /// Height in pixels.
    pub ypixel: u16,
}

impl Winsize {
    /// The bytes as user memory holds them.
    pub fn to_bytes(&self) -> [u8; 8] {
        let mut b = [0u8; 8];
        for (i, v) in [self.rows, self.cols, self.xpixel, self.ypixel]
            .iter()
            .enumerate()
        {
            b[i * 2..i * 2 + 2].copy_from_slice(&v.to_ne_bytes());
        }
        b
    }

    /// The structure from user memory's bytes.
    pub fn from_bytes(b: &[u8; 8]) -> Self {
        let half = |i: usize| u16::from_ne_bytes([b[i * 2], b[i * 2 + 1]]);
        Self {
            rows: half(0),
            cols: half(1),
            xpixel: half(2),
            ypixel: half(3),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn termios_round_trips_with_its_c_layout() {
        let t = Termios {
            iflag: 0o2400,
            oflag: 5,
            cflag: 0o2277,
            lflag: 0o105073,
            line: 7,
            cc: [9; NCCS],
        };
        let b = t.to_bytes();
        assert_eq!(&b[8..12], &0o2277u32.to_ne_bytes());
        assert_eq!(b[16], 7);
        assert_eq!(b[35], 9);
        assert_eq!(Termios::from_bytes(&b), t);
    }

    #[test]
    fn winsize_round_trips() {
        let w = Winsize {
            rows: 24,
            cols: 80,
            xpixel: 1,
            ypixel: 2,
        };
        let b = w.to_bytes();
        assert_eq!(&b[2..4], &80u16.to_ne_bytes());
        assert_eq!(Winsize::from_bytes(&b), w);
    }
}
