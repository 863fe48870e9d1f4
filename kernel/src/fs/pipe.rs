//! Pipes, with Linux's semantics and its buffer layout.
//!
//! A pipe is a ring of at most 16 page buffers (64 KiB, Linux's default
//! capacity), each holding a run of bytes at some offset in its page, as
//! Linux's `pipe_buffer`s do. The layout is Linux's because it decides
//! what a program observes: a write merges its sub-page remainder into the
//! last buffer only if the whole remainder fits there, and otherwise takes
//! fresh pages, so how many bytes fit before the pipe is full depends on
//! the sizes of the writes (sixty-four 1000-byte writes fill it, not
//! sixty-five). Writes of at most `PIPE_BUF` (4096 bytes, a page) are atomic: they fit
//! whole or wait.
//!
//! Pages come from the frame allocator, so a full pipe costs no kernel
//! heap and a pipe that is gone leaves no frame behind (the user
//! self-tests count them).
//!
//! Reads take what is there (up to the count asked) and only wait when
//! the pipe is empty and a writer remains; with no writer they find the
//! end (0). A write with no reader fails with `EPIPE` (the system-call
//! layer sends `SIGPIPE`). A transfer that cannot proceed answers
//! [`IoError::WouldBlock`]; the system-call layer waits on the end's
//! [`WaitQueue`] or answers `EAGAIN` for `O_NONBLOCK`.
//!
//! The ends count the pipe's readers and writers: each end object is
//! shared by every descriptor that refers to it (`dup`, `fork`), and its
//! `Drop`, when the last one closes or its task exits, wakes the other
//! side.

use alloc::collections::VecDeque;
use alloc::sync::Arc;
use alloc::vec;

use arch::Arch;
use karch::Arch as _;
use ksync::SpinLock;
use linux_abi::errno;
use linux_abi::ioctl::FIONREAD;
use mm::arch::Arch as _;
use mm::frame::PhysFrame;

use super::file::{
    Direction, File, IoError, POLLERR, POLLHUP, POLLIN, POLLOUT, POLLRDNORM, POLLWRNORM,
};
use super::uio::UserIo;
use crate::task::block::WaitQueue;
use crate::uaccess::{copy_to_user, Efault};

/// Bytes in one pipe buffer (a page).
pub const PIPE_PAGE: usize = mm::PAGE_SIZE as usize;
/// Buffers in a new pipe (`PIPE_DEF_BUFFERS`): 64 KiB.
pub const DEFAULT_BUFFERS: usize = 16;
/// The largest capacity `F_SETPIPE_SZ` grants (`/proc/sys/fs/pipe-max-size`
/// as Linux sets it, 1 MiB; this kernel applies it to every user).
pub const MAX_SIZE: usize = 1 << 20;

/// One page of pipe data: bytes `offset..offset + len` are unread.
struct PipeBuf {
    frame: PhysFrame,
    offset: usize,
    len: usize,
}

impl PipeBuf {
    /// A fresh page, or `None` when memory is exhausted.
    fn new() -> Option<Self> {
        let frame = crate::memory::frames().alloc().ok()?;
        Some(Self {
            frame,
            offset: 0,
            len: 0,
        })
    }

    fn write_at(&self, at: usize, bytes: &[u8]) {
        Arch::mmu().write_phys(self.frame.addr() + at as u64, bytes);
    }

    fn read_at(&self, at: usize, bytes: &mut [u8]) {
        Arch::mmu().read_phys(self.frame.addr() + at as u64, bytes);
    }
}

impl Drop for PipeBuf {
    fn drop(&mut self) {
        crate::memory::frames().free(self.frame);
    }
}

/// Where a pipe's data goes on a read: user buffers or a kernel slice.
pub trait Sink {
    /// Bytes still wanted.
    fn remaining(&self) -> usize;
    /// Takes `bytes` (all of them: `bytes` is never longer than
    /// [`Sink::remaining`]).
    fn put(&mut self, bytes: &[u8]) -> Result<(), Efault>;
}

/// Where a pipe's data comes from on a write.
pub trait Source {
    /// Bytes still to write.
    fn remaining(&self) -> usize;
    /// Whether nothing of this write has been taken yet (a write that
    /// resumes after a wait does not merge into the last buffer again).
    fn at_start(&self) -> bool;
    /// Fills `dst` (never longer than [`Source::remaining`]).
    fn take(&mut self, dst: &mut [u8]) -> Result<(), Efault>;
}

impl Sink for UserIo {
    fn remaining(&self) -> usize {
        UserIo::remaining(self)
    }
    fn put(&mut self, bytes: &[u8]) -> Result<(), Efault> {
        self.copy_to_user(bytes).map(|_| ())
    }
}

impl Source for UserIo {
    fn remaining(&self) -> usize {
        UserIo::remaining(self)
    }
    fn at_start(&self) -> bool {
        self.walked() == 0
    }
    fn take(&mut self, dst: &mut [u8]) -> Result<(), Efault> {
        self.copy_from_user(dst).map(|_| ())
    }
}

/// A kernel buffer as a [`Sink`] (what has been filled so far).
pub struct KernelSink<'a> {
    /// The buffer.
    pub buf: &'a mut [u8],
    /// Bytes filled.
    pub filled: usize,
}

impl Sink for KernelSink<'_> {
    fn remaining(&self) -> usize {
        self.buf.len() - self.filled
    }
    fn put(&mut self, bytes: &[u8]) -> Result<(), Efault> {
        self.buf[self.filled..self.filled + bytes.len()].copy_from_slice(bytes);
        self.filled += bytes.len();
        Ok(())
    }
}

/// A kernel buffer as a [`Source`].
pub struct KernelSource<'a> {
    /// The data.
    pub buf: &'a [u8],
    /// Bytes taken.
    pub taken: usize,
}

impl Source for KernelSource<'_> {
    fn remaining(&self) -> usize {
        self.buf.len() - self.taken
    }
    fn at_start(&self) -> bool {
        self.taken == 0
    }
    fn take(&mut self, dst: &mut [u8]) -> Result<(), Efault> {
        dst.copy_from_slice(&self.buf[self.taken..self.taken + dst.len()]);
        self.taken += dst.len();
        Ok(())
    }
}

struct Inner {
    bufs: VecDeque<PipeBuf>,
    /// Capacity in buffers.
    max_bufs: usize,
    readers: usize,
    writers: usize,
}

/// A pipe: its buffers and the tasks waiting on either side.
pub struct Pipe {
    inner: SpinLock<Inner>,
    /// Readers waiting for data (or the last writer's close).
    readable: WaitQueue,
    /// Writers waiting for room (or the last reader's close).
    writable: WaitQueue,
}

impl Pipe {
    /// What `fstat` says of either end: a FIFO owned by root, mode 0600,
    /// as Linux's pipefs inodes are, numbered by where the pipe lives (it
    /// is unique while the pipe exists, as an inode number must be).
    fn stat(&self) -> linux_abi::fs::Stat {
        linux_abi::fs::Stat {
            ino: self as *const Self as u64 / core::mem::size_of::<Self>() as u64,
            mode: linux_abi::fs::S_IFIFO | 0o600,
            nlink: 1,
            blksize: mm::PAGE_SIZE as i64,
            ..Default::default()
        }
    }

    /// A new pipe and its two ends.
    pub fn new_ends() -> (Arc<PipeReader>, Arc<PipeWriter>) {
        let pipe = Arc::new(Pipe {
            inner: SpinLock::new(Inner {
                bufs: VecDeque::new(),
                max_bufs: DEFAULT_BUFFERS,
                readers: 1,
                writers: 1,
            }),
            readable: WaitQueue::new(),
            writable: WaitQueue::new(),
        });
        (
            Arc::new(PipeReader(pipe.clone())),
            Arc::new(PipeWriter(pipe)),
        )
    }

    /// Bytes waiting to be read.
    pub fn available(&self) -> usize {
        self.inner.lock().bufs.iter().map(|b| b.len).sum()
    }

    /// The capacity in bytes (`F_GETPIPE_SZ`).
    pub fn capacity(&self) -> usize {
        self.inner.lock().max_bufs * PIPE_PAGE
    }

    /// `F_SETPIPE_SZ`: the capacity becomes `size` rounded up to a power
    /// of two pages (at least one page). `EINVAL` for 0 pages or a size
    /// past 2^31, `EPERM` past [`MAX_SIZE`], `EBUSY` if the data in the
    /// pipe would not fit. Returns the new capacity.
    pub fn set_capacity(&self, size: u64) -> Result<usize, i64> {
        if size > 1 << 31 {
            return Err(errno::EINVAL);
        }
        let bytes = (size as usize).max(PIPE_PAGE).next_power_of_two();
        if bytes > MAX_SIZE {
            return Err(errno::EPERM);
        }
        let slots = bytes / PIPE_PAGE;
        let mut g = self.inner.lock();
        if g.bufs.len() > slots {
            return Err(errno::EBUSY);
        }
        g.max_bufs = slots;
        drop(g);
        self.writable.wake_all();
        Ok(bytes)
    }

    /// Reads into `sink`, as Linux's `pipe_read`: buffer after buffer until
    /// the count is met or the pipe is empty. Empty with a writer left:
    /// [`IoError::WouldBlock`]; with none: 0.
    pub fn read(&self, sink: &mut dyn Sink) -> Result<usize, IoError> {
        if sink.remaining() == 0 {
            return Ok(0);
        }
        let mut g = self.inner.lock();
        let mut done = 0;
        let mut chunk = vec![0u8; PIPE_PAGE];
        while sink.remaining() > 0 {
            let Some(b) = g.bufs.front_mut() else { break };
            let n = b.len.min(sink.remaining());
            b.read_at(b.offset, &mut chunk[..n]);
            if let Err(e) = sink.put(&chunk[..n]) {
                if done > 0 {
                    break;
                }
                return Err(e.into());
            }
            b.offset += n;
            b.len -= n;
            done += n;
            if b.len == 0 {
                g.bufs.pop_front();
            }
        }
        if done > 0 {
            drop(g);
            self.writable.wake_all();
            return Ok(done);
        }
        if g.writers == 0 {
            return Ok(0);
        }
        Err(IoError::WouldBlock)
    }

    /// Writes from `source`, as Linux's `pipe_write`: the sub-page
    /// remainder of the write merges into the last buffer if it fits there
    /// whole, then whole pages follow while buffers are free. Returns what
    /// was written, which may be short of the whole when the pipe filled
    /// (the caller waits for room, or returns the short count for
    /// `O_NONBLOCK`); [`IoError::WouldBlock`] if nothing fitted; `EPIPE`
    /// with no reader; `ENOMEM` if no page could be had.
    pub fn write(&self, source: &mut dyn Source) -> Result<usize, IoError> {
        let total = source.remaining();
        if total == 0 {
            return Ok(0);
        }
        let mut g = self.inner.lock();
        if g.readers == 0 {
            return Err(IoError::Errno(errno::EPIPE));
        }
        let mut chunk = vec![0u8; PIPE_PAGE];
        let mut done = 0;
        let tail = total % PIPE_PAGE;
        if tail != 0 && source.at_start() {
            if let Some(last) = g.bufs.back_mut() {
                let end = last.offset + last.len;
                if end + tail <= PIPE_PAGE {
                    source.take(&mut chunk[..tail])?;
                    last.write_at(end, &chunk[..tail]);
                    last.len += tail;
                    done = tail;
                }
            }
        }
        while source.remaining() > 0 && g.bufs.len() < g.max_bufs {
            let n = source.remaining().min(PIPE_PAGE);
            let Some(mut b) = PipeBuf::new() else {
                if done > 0 {
                    break;
                }
                return Err(IoError::Errno(errno::ENOMEM));
            };
            if let Err(e) = source.take(&mut chunk[..n]) {
                if done > 0 {
                    break;
                }
                return Err(e.into());
            }
            if g.bufs.try_reserve(1).is_err() {
                if done > 0 {
                    break;
                }
                return Err(IoError::Errno(errno::ENOMEM));
            }
            b.write_at(0, &chunk[..n]);
            b.len = n;
            g.bufs.push_back(b);
            done += n;
        }
        drop(g);
        if done == 0 {
            return Err(IoError::WouldBlock);
        }
        self.readable.wake_all();
        Ok(done)
    }

    /// `poll` for the read end (`read`) or the write end, as Linux's
    /// `pipe_poll`: readable with data, hung up with no writer; writable
    /// with a free buffer, an error with no reader.
    fn poll(&self, read: bool) -> u16 {
        let g = self.inner.lock();
        let mut mask = 0;
        if read {
            if !g.bufs.is_empty() {
                mask |= POLLIN | POLLRDNORM;
            }
            if g.writers == 0 {
                mask |= POLLHUP;
            }
        } else {
            if g.bufs.len() < g.max_bufs {
                mask |= POLLOUT | POLLWRNORM;
            }
            if g.readers == 0 {
                mask |= POLLERR;
            }
        }
        mask
    }

    fn ioctl(&self, cmd: u64, arg: u64) -> Result<u64, i64> {
        match cmd {
            FIONREAD => {
                let n = self.available() as i32;
                copy_to_user(arg, &n.to_ne_bytes()).map_err(|_| errno::EFAULT)?;
                Ok(0)
            }
            _ => Err(errno::ENOTTY),
        }
    }
}

/// The read end.
pub struct PipeReader(Arc<Pipe>);

/// The write end.
pub struct PipeWriter(Arc<Pipe>);

/// What both ends answer alike, for an end that transfers in direction
/// `$dir` and sleeps on the pipe's queue `$queue`.
macro_rules! pipe_end_common {
    ($dir:ident, $queue:ident) => {
        fn poll(&self) -> u16 {
            self.0.poll(Direction::$dir == Direction::Read)
        }

        fn wait_queue(&self, dir: Direction) -> Option<&WaitQueue> {
            (dir == Direction::$dir).then_some(&self.0.$queue)
        }

        fn ioctl(&self, cmd: u64, arg: u64) -> Result<u64, i64> {
            self.0.ioctl(cmd, arg)
        }

        fn as_pipe(&self) -> Option<&Pipe> {
            Some(&self.0)
        }

        fn stat(&self) -> Option<linux_abi::fs::Stat> {
            Some(self.0.stat())
        }
    };
}

impl File for PipeReader {
    fn read(&self, _offset: u64, buf: &mut [u8]) -> Result<usize, IoError> {
        self.0.read(&mut KernelSink { buf, filled: 0 })
    }

    fn write(&self, _offset: u64, _buf: &[u8]) -> Result<usize, IoError> {
        Err(IoError::Errno(errno::EBADF))
    }

    fn read_user(&self, _offset: u64, io: &mut UserIo) -> Result<usize, IoError> {
        self.0.read(io)
    }

    pipe_end_common!(Read, readable);
}

impl File for PipeWriter {
    fn read(&self, _offset: u64, _buf: &mut [u8]) -> Result<usize, IoError> {
        Err(IoError::Errno(errno::EBADF))
    }

    fn write(&self, _offset: u64, buf: &[u8]) -> Result<usize, IoError> {
        self.0.write(&mut KernelSource { buf, taken: 0 })
    }

    fn write_user(&self, _offset: u64, io: &mut UserIo) -> Result<usize, IoError> {
        self.0.write(io)
    }

    pipe_end_common!(Write, writable);
}

impl Drop for PipeReader {
    /// The last descriptor of the read end closed: writers waiting for
    /// room now fail with `EPIPE`.
    fn drop(&mut self) {
        self.0.inner.lock().readers -= 1;
        self.0.writable.wake_all();
    }
}

impl Drop for PipeWriter {
    /// The last descriptor of the write end closed: readers waiting on an
    /// empty pipe now find its end.
    fn drop(&mut self) {
        self.0.inner.lock().writers -= 1;
        self.0.readable.wake_all();
    }
}
