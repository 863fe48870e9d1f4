//! User buffers of a read or write: one buffer (`read`, `write`) or a list
//! of them (`readv`, `writev`), walked in order as one stream of bytes, as
//! Linux's `iov_iter` is. A file copies straight between its own storage
//! and the user's pages through it, so that a pipe sees a whole `write` at
//! once (its page layout and `PIPE_BUF` atomicity depend on the total).

use alloc::vec::Vec;

use linux_abi::errno;

use crate::uaccess::{copy_from_user, copy_to_user, Efault};

/// The most a single `read` or `write` transfers (Linux's `MAX_RW_COUNT`:
/// `INT_MAX` rounded down to a page); larger counts are cut to it.
pub const MAX_RW_COUNT: u64 = 0x7fff_f000;

/// The most segments a `readv`/`writev` takes (`UIO_MAXIOV`).
pub const UIO_MAXIOV: u64 = 1024;

/// Bytes of one `struct iovec`: base and length, two 64-bit words.
const IOVEC_SIZE: u64 = 16;

/// A user buffer list and how far it has been walked.
#[derive(Clone, Debug)]
pub struct UserIo {
    /// (address, length) of each segment, empty ones included.
    segs: Vec<(u64, u64)>,
    /// The segment being walked.
    seg: usize,
    /// Offset in that segment.
    off: u64,
    /// Bytes left in the whole list.
    left: u64,
    /// Bytes walked so far.
    walked: u64,
}

impl UserIo {
    /// One buffer of `len` bytes at `addr` (cut to [`MAX_RW_COUNT`]).
    pub fn single(addr: u64, len: u64) -> Self {
        let len = len.min(MAX_RW_COUNT);
        Self {
            segs: alloc::vec![(addr, len)],
            seg: 0,
            off: 0,
            left: len,
            walked: 0,
        }
    }

    /// The `count` iovecs at user address `iov`. `EINVAL` for more than
    /// [`UIO_MAXIOV`] segments or a length that is negative as a
    /// `ssize_t`; `EFAULT` if the array cannot be read. As on Linux, the
    /// total is cut to [`MAX_RW_COUNT`].
    pub fn from_iovec(iov: u64, count: u64) -> Result<Self, i64> {
        if count > UIO_MAXIOV {
            return Err(errno::EINVAL);
        }
        let mut raw = alloc::vec![0u8; (count * IOVEC_SIZE) as usize];
        copy_from_user(&mut raw, iov).map_err(|_| errno::EFAULT)?;
        let mut segs = Vec::with_capacity(count as usize);
        let mut left = 0u64;
        for c in raw.chunks_exact(IOVEC_SIZE as usize) {
            let base = u64::from_ne_bytes(c[..8].try_into().expect("8 bytes"));
            let len = u64::from_ne_bytes(c[8..].try_into().expect("8 bytes"));
            if (len as i64) < 0 {
                return Err(errno::EINVAL);
            }
            let len = len.min(MAX_RW_COUNT - left);
            left += len;
            segs.push((base, len));
        }
        Ok(Self {
            segs,
            seg: 0,
            off: 0,
            left,
            walked: 0,
        })
    }

    /// Bytes not yet walked.
    pub fn remaining(&self) -> usize {
        self.left as usize
    }

    /// Bytes walked so far (copied or skipped).
    pub fn walked(&self) -> u64 {
        self.walked
    }

    /// The next contiguous user range (address, length), at most `max`
    /// bytes, without advancing; `None` at the end.
    fn next_range(&mut self, max: u64) -> Option<(u64, u64)> {
        while let Some(&(base, len)) = self.segs.get(self.seg) {
            if self.off < len {
                return Some((base + self.off, (len - self.off).min(max)));
            }
            self.seg += 1;
            self.off = 0;
        }
        None
    }

    /// Skips `n` bytes (a restarted call resumes where it had got to).
    pub fn advance(&mut self, mut n: u64) {
        n = n.min(self.left);
        self.left -= n;
        self.walked += n;
        while n > 0 {
            let Some((_, len)) = self.next_range(n) else {
                return;
            };
            self.off += len;
            n -= len;
        }
    }

    /// Copies user bytes into `dst` and advances; returns how many were
    /// copied (fewer than `dst.len()` only at the end of the list).
    /// `Efault` if a segment cannot be read; what was copied before it
    /// stays walked.
    pub fn copy_from_user(&mut self, dst: &mut [u8]) -> Result<usize, Efault> {
        let mut done = 0;
        while done < dst.len() {
            let Some((addr, len)) = self.next_range((dst.len() - done) as u64) else {
                break;
            };
            copy_from_user(&mut dst[done..done + len as usize], addr)?;
            self.off += len;
            self.left -= len;
            self.walked += len;
            done += len as usize;
        }
        Ok(done)
    }

    /// Copies `src` to the user buffers and advances; returns how many
    /// bytes went (fewer than `src.len()` only at the end of the list).
    pub fn copy_to_user(&mut self, src: &[u8]) -> Result<usize, Efault> {
        let mut done = 0;
        while done < src.len() {
            let Some((addr, len)) = self.next_range((src.len() - done) as u64) else {
                break;
            };
            copy_to_user(addr, &src[done..done + len as usize])?;
            self.off += len;
            self.left -= len;
            self.walked += len;
            done += len as usize;
        }
        Ok(done)
    }
}
