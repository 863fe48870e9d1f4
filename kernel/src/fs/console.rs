//! `/dev/console` and `/dev/null`.

use kcore::print;

use super::file::{File, IoError};

/// The kernel console as a terminal. It has no input here (the console
/// driver only writes), so a read finds the end of the file at once.
pub struct Console;

impl File for Console {
    fn read(&self, _offset: u64, _buf: &mut [u8]) -> Result<usize, IoError> {
        Ok(0)
    }

    fn write(&self, _offset: u64, buf: &[u8]) -> Result<usize, IoError> {
        print!("{}", alloc::string::String::from_utf8_lossy(buf));
        Ok(buf.len())
    }

    fn is_tty(&self) -> bool {
        true
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
