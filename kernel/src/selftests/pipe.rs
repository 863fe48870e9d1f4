//! Pipes from the kernel side: Linux's buffer layout, the ends' closing,
//! capacity changes, and that a pipe gives back every page it took.

use kcore::ktest::Failure;
use kcore::{kassert, kassert_eq, ktest};
use linux_abi::errno;

use crate::fs::file::File;
use crate::fs::pipe::Pipe;
use crate::fs::IoError;
use crate::memory;

fn fail(what: &str) -> Failure {
    Failure::Fail(what.into())
}

ktest! {
    suite = "pipe";

    /// 1000-byte writes: a remainder merges into the last page only if it
    /// fits there whole, so 64 fit in 16 pages, as on Linux.
    fn sub_page_writes_merge_only_whole() {
        let (r, w) = Pipe::new_ends();
        let chunk = [7u8; 1000];
        let mut writes = 0;
        while w.write(0, &chunk) == Ok(1000) {
            writes += 1;
        }
        kassert_eq!(writes, 64);
        kassert_eq!(w.write(0, &chunk), Err(IoError::WouldBlock));
        kassert_eq!(w.write(0, &[1]), Ok(1));
        let mut buf = [0u8; 4096];
        kassert_eq!(r.read(0, &mut buf), Ok(4096));
        kassert!(buf.iter().all(|&b| b == 7));
        Ok(())
    }

    /// A write larger than the room takes whole pages while they last.
    fn large_write_is_cut_at_the_capacity() {
        let (r, w) = Pipe::new_ends();
        let big = alloc::vec![1u8; 100_000];
        kassert_eq!(w.write(0, &big), Ok(65536));
        let mut buf = alloc::vec![0u8; 100_000];
        kassert_eq!(r.read(0, &mut buf), Ok(65536));
        kassert_eq!(r.read(0, &mut buf), Err(IoError::WouldBlock));
        Ok(())
    }

    /// Closing the write end ends the data; closing the read end makes
    /// writes fail with EPIPE.
    fn closing_an_end() {
        let (r, w) = Pipe::new_ends();
        kassert_eq!(w.write(0, b"abc"), Ok(3));
        drop(w);
        let mut buf = [0u8; 8];
        kassert_eq!(r.read(0, &mut buf), Ok(3));
        kassert_eq!(r.read(0, &mut buf), Ok(0));
        let (r, w) = Pipe::new_ends();
        drop(r);
        kassert_eq!(w.write(0, b"x"), Err(IoError::Errno(errno::EPIPE)));
        kassert_eq!(w.write(0, b""), Ok(0));
        Ok(())
    }

    /// F_SETPIPE_SZ rounds up to a power of two pages and refuses to drop
    /// data.
    fn capacity_changes() {
        let (_r, w) = Pipe::new_ends();
        let pipe = w.as_pipe().ok_or_else(|| fail("not a pipe"))?;
        kassert_eq!(pipe.capacity(), 65536);
        kassert_eq!(pipe.set_capacity(1), Ok(4096));
        kassert_eq!(pipe.set_capacity(5000), Ok(8192));
        kassert_eq!(pipe.set_capacity(2 << 20), Err(errno::EPERM));
        kassert_eq!(pipe.set_capacity((1 << 31) + 1), Err(errno::EINVAL));
        kassert_eq!(w.write(0, &[0u8; 8192]), Ok(8192));
        kassert_eq!(pipe.set_capacity(4096), Err(errno::EBUSY));
        kassert_eq!(pipe.available(), 8192);
        Ok(())
    }

    /// Every page a pipe took comes back when both ends are gone.
    fn pages_come_back() {
        let before = memory::frames().free_count();
        let (r, w) = Pipe::new_ends();
        kassert_eq!(w.write(0, &[5u8; 65536]), Ok(65536));
        kassert_eq!(memory::frames().free_count(), before - 16);
        drop(w);
        drop(r);
        kassert_eq!(memory::frames().free_count(), before);
        Ok(())
    }
}
