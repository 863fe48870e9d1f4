//! Backing objects with a page cache: a simple in-memory "file", and the
//! anonymous object behind a shared anonymous mapping.
//!
//! A page is read into the cache on its first fault (a *major* fault for a
//! file). While it is being read in it is *locked*: another fault on it
//! must not map it yet. Tests make that window deterministic with
//! [`FileObject::hold_io`], which puts a page in the "being read in" state
//! as if some other fault had started the read, and says how the read
//! completes ([`IoCompletion`]).

use alloc::collections::BTreeMap;
use alloc::sync::Arc;
use alloc::vec::Vec;

use ksync::SpinLock;

use crate::arch::Arch;
use crate::frame::PhysFrame;
use crate::memory::Memory;
use crate::PAGE_SIZE;

/// The bytes of a file object: read-only and shared with their owner (a
/// file system's inode, a loader's copy of an image, a test's buffer), so
/// that the page cache reads them in place instead of keeping a copy.
pub trait Contents: Send + Sync {
    /// The whole file.
    fn bytes(&self) -> &[u8];
}

impl Contents for Vec<u8> {
    fn bytes(&self) -> &[u8] {
        self
    }
}

impl Contents for &'static [u8] {
    fn bytes(&self) -> &[u8] {
        self
    }
}

/// How a page held "in I/O" by [`FileObject::hold_io`] completes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IoCompletion {
    /// The first fault that waits for it completes it, as a synchronous
    /// read finishing while the waiter sleeps. Deterministic on one CPU.
    OnWait,
    /// Only [`FileObject::complete_io`] (from another thread) completes
    /// it; waiters spin until then.
    External,
}

/// Why a page-cache operation was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CacheError {
    /// The page lies beyond the end of the object.
    BeyondEnd,
    /// The page is already in the cache (or already in I/O).
    AlreadyCached,
    /// The page is not in the cache.
    NotCached,
    /// No frame for the page.
    OutOfFrames,
}

enum CachePage {
    Uptodate(PhysFrame),
    InIo(PhysFrame, IoCompletion),
}

/// What a fault found when it asked the cache for a page.
pub(crate) enum Lookup {
    /// The page, with one reference taken for the caller. `major`: this
    /// call had to read it in.
    Ready { frame: PhysFrame, major: bool },
    /// Another reader has the page locked for I/O.
    Busy,
    /// No frame for the page.
    OutOfFrames,
}

/// A backing object: its bytes, its size and its page cache.
pub struct FileObject<A: Arch> {
    mem: Arc<Memory<A>>,
    /// The "disk" contents; `None` for an anonymous (shared-memory) object,
    /// whose pages start zeroed and whose faults are minor.
    data: Option<Arc<dyn Contents>>,
    size: u64,
    cache: SpinLock<BTreeMap<u64, CachePage>>,
}

impl<A: Arch> FileObject<A> {
    /// A file whose contents are `data`; its size is `data.len()`.
    pub fn file(mem: Arc<Memory<A>>, data: Vec<u8>) -> Arc<Self> {
        Self::with_contents(mem, Arc::new(data))
    }

    /// A file whose contents `data` owns and shares; its size is
    /// `data.bytes().len()`.
    pub fn with_contents(mem: Arc<Memory<A>>, data: Arc<dyn Contents>) -> Arc<Self> {
        Arc::new(Self {
            mem,
            size: data.bytes().len() as u64,
            data: Some(data),
            cache: SpinLock::new(BTreeMap::new()),
        })
    }

    /// A zero-filled anonymous object of `size` bytes (shared anonymous
    /// memory).
    pub fn anonymous(mem: Arc<Memory<A>>, size: u64) -> Arc<Self> {
        Arc::new(Self {
            mem,
            size,
            data: None,
            cache: SpinLock::new(BTreeMap::new()),
        })
    }

    /// Size in bytes. A fault on a page wholly beyond it is `SIGBUS`.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Whether faults that read pages in are major (a file, not
    /// anonymous memory).
    pub fn is_file(&self) -> bool {
        self.data.is_some()
    }

    /// Pages in the cache (including pages in I/O).
    pub fn cached_pages(&self) -> usize {
        self.cache.lock().len()
    }

    fn pages(&self) -> u64 {
        self.size.div_ceil(PAGE_SIZE)
    }

    /// Fills `frame` with page `index` of the object.
    fn read_in(&self, index: u64, frame: PhysFrame) {
        let arch = self.mem.arch();
        arch.zero_frame(frame);
        if let Some(data) = &self.data {
            let data = data.bytes();
            let start = (index * PAGE_SIZE) as usize;
            let end = (start + PAGE_SIZE as usize).min(data.len());
            if start < end {
                arch.write_phys(frame.addr(), &data[start..end]);
            }
        }
    }

    /// The page at `index` for a fault: from the cache, or read in now.
    pub(crate) fn get_page(&self, index: u64) -> Lookup {
        let frames = self.mem.frames();
        let frame = {
            let mut cache = self.cache.lock();
            match cache.get(&index) {
                Some(CachePage::Uptodate(f)) => {
                    frames.get(*f);
                    return Lookup::Ready {
                        frame: *f,
                        major: false,
                    };
                }
                Some(CachePage::InIo(..)) => return Lookup::Busy,
                None => {}
            }
            // A new cache entry is heap the faulting task takes.
            if crate::kmem::take(crate::kmem::CACHE_ENTRY_COST).is_err() {
                return Lookup::OutOfFrames;
            }
            let Ok(f) = frames.alloc() else {
                return Lookup::OutOfFrames;
            };
            // Others that find the page now wait for this read to finish.
            cache.insert(index, CachePage::InIo(f, IoCompletion::External));
            f
        };
        self.read_in(index, frame);
        frames.get(frame);
        self.cache.lock().insert(index, CachePage::Uptodate(frame));
        Lookup::Ready {
            frame,
            major: self.is_file(),
        }
    }

    /// Waits until page `index` is no longer in I/O. An
    /// [`IoCompletion::OnWait`] hold is completed by this call.
    pub(crate) fn wait_io(&self, index: u64) {
        loop {
            {
                let mut cache = self.cache.lock();
                match cache.get(&index) {
                    Some(CachePage::InIo(f, IoCompletion::OnWait)) => {
                        let f = *f;
                        cache.insert(index, CachePage::InIo(f, IoCompletion::External));
                        drop(cache);
                        self.finish(index, f);
                        return;
                    }
                    Some(CachePage::InIo(_, IoCompletion::External)) => {}
                    _ => return,
                }
            }
            core::hint::spin_loop();
        }
    }

    fn finish(&self, index: u64, frame: PhysFrame) {
        self.read_in(index, frame);
        self.cache.lock().insert(index, CachePage::Uptodate(frame));
    }

    /// Puts page `index` in the "being read in" state, as if another fault
    /// had started reading it, until it completes as `completion` says.
    pub fn hold_io(&self, index: u64, completion: IoCompletion) -> Result<(), CacheError> {
        if index >= self.pages() {
            return Err(CacheError::BeyondEnd);
        }
        let mut cache = self.cache.lock();
        if cache.contains_key(&index) {
            return Err(CacheError::AlreadyCached);
        }
        let f = self
            .mem
            .frames()
            .alloc()
            .map_err(|_| CacheError::OutOfFrames)?;
        cache.insert(index, CachePage::InIo(f, completion));
        Ok(())
    }

    /// Completes the read of a page held with [`FileObject::hold_io`].
    pub fn complete_io(&self, index: u64) -> Result<(), CacheError> {
        let f = match self.cache.lock().get(&index) {
            Some(CachePage::InIo(f, _)) => *f,
            Some(CachePage::Uptodate(_)) => return Err(CacheError::AlreadyCached),
            None => return Err(CacheError::NotCached),
        };
        self.finish(index, f);
        Ok(())
    }

    /// Marks the frame caching page `index` as poisoned, reading the page
    /// in first if need be. Faults that would map it then get `HWPOISON`.
    pub fn poison_page(&self, index: u64) -> Result<(), CacheError> {
        if index >= self.pages() {
            return Err(CacheError::BeyondEnd);
        }
        match self.get_page(index) {
            Lookup::Ready { frame, .. } => {
                self.mem.frames().poison(frame);
                self.mem.frames().put(frame);
                Ok(())
            }
            Lookup::Busy => Err(CacheError::AlreadyCached),
            Lookup::OutOfFrames => Err(CacheError::OutOfFrames),
        }
    }
}

impl<A: Arch> Drop for FileObject<A> {
    fn drop(&mut self) {
        for (_, page) in core::mem::take(self.cache.get_mut()) {
            let (CachePage::Uptodate(f) | CachePage::InIo(f, _)) = page;
            self.mem.frames().put(f);
        }
    }
}
