//! Physical frame allocator.
//!
//! A bitmap over every usable frame, with a reference count per frame so
//! that copy-on-write can share a frame between address spaces. It is the
//! single owner of physical memory: misuse (freeing a frame twice, or a
//! frame it never handed out) is a kernel bug and panics with the frame's
//! address rather than corrupting the free list.
//!
//! The bitmaps live under one lock, taken to allocate and to free. The
//! reference counts are atomics outside it, so that taking and dropping a
//! reference to a frame that stays allocated (every copy-on-write fault,
//! fork, and most puts) never takes the lock. A frame is free exactly
//! when its count is 0 (or `QUARANTINED`); only the put that drops the
//! last reference takes the lock, to return the frame to the bitmap, and
//! until it has, `alloc` cannot see the frame as free.

use alloc::vec;
use alloc::vec::Vec;
use core::fmt;
use core::ops::Range;
use core::sync::atomic::{AtomicBool, AtomicU32, Ordering};

use ksync::SpinLock;

use crate::{PAGE_SHIFT, PAGE_SIZE};

/// The physical address of a 4 KiB frame (always `PAGE_SIZE`-aligned).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PhysFrame(u64);

impl PhysFrame {
    /// The frame that starts at `addr`, or `None` if `addr` is not aligned.
    pub const fn from_addr(addr: u64) -> Option<Self> {
        if addr.is_multiple_of(PAGE_SIZE) {
            Some(Self(addr))
        } else {
            None
        }
    }

    /// The frame containing `addr`.
    pub const fn containing(addr: u64) -> Self {
        Self(addr & !(PAGE_SIZE - 1))
    }

    /// The frame's physical start address.
    pub const fn addr(self) -> u64 {
        self.0
    }

    /// The frame number (`addr >> PAGE_SHIFT`).
    pub const fn number(self) -> u64 {
        self.0 >> PAGE_SHIFT
    }
}

impl fmt::Debug for PhysFrame {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PhysFrame({:#x})", self.0)
    }
}

/// The reference count of a poisoned frame whose last reference went: it
/// stays out of circulation, and any later use of it is caught as a use of
/// a free frame.
const QUARANTINED: u32 = u32::MAX;

struct Inner {
    /// One bit per frame of `span`: set = free.
    free: Vec<u64>,
    /// Set for frames marked poisoned: never handed out again.
    poisoned: Vec<u64>,
    free_count: usize,
    /// Poisoned frames whose last reference went (kept out of circulation).
    quarantined: usize,
    /// Where to start the next search, to keep allocation O(1) amortised.
    hint: usize,
}

/// A bitmap allocator over a set of physical address ranges.
pub struct FrameAllocator {
    /// First frame number covered by the bitmaps.
    base: u64,
    nframes: usize,
    total: usize,
    /// Reference count per frame: 0 for a free or unmanaged frame,
    /// [`QUARANTINED`] for a retired poisoned one.
    refs: Vec<AtomicU32>,
    /// Set for frames inside a usable range (others can never be freed).
    /// Fixed once made, so read without the lock.
    usable: Vec<u64>,
    /// A word-sized lock, like the page-table lock (see [`crate::mm`]).
    inner: SpinLock<Inner>,
    /// Set by the first `poison`: lets `is_poisoned` skip the lock.
    ever_poisoned: AtomicBool,
}

/// Frames were requested from an allocator that has none left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutOfFrames;

impl FrameAllocator {
    /// Manages every whole frame inside `usable`. Partial frames at the
    /// edges of a range are left out.
    pub fn new(usable: &[Range<u64>]) -> Self {
        let lo = usable.iter().map(|r| r.start).min().unwrap_or(0) >> PAGE_SHIFT;
        let hi = usable
            .iter()
            .map(|r| r.end)
            .max()
            .unwrap_or(0)
            .div_ceil(PAGE_SIZE);
        let nframes = hi.saturating_sub(lo) as usize;
        let words = nframes.div_ceil(64);
        let mut usable_bits = vec![0u64; words];
        let mut inner = Inner {
            free: vec![0; words],
            poisoned: vec![0; words],
            free_count: 0,
            quarantined: 0,
            hint: 0,
        };
        for r in usable {
            let first = r.start.div_ceil(PAGE_SIZE);
            let last = r.end >> PAGE_SHIFT;
            for n in first..last {
                let i = (n - lo) as usize;
                if usable_bits[i / 64] & (1 << (i % 64)) == 0 {
                    usable_bits[i / 64] |= 1 << (i % 64);
                    inner.free[i / 64] |= 1 << (i % 64);
                    inner.free_count += 1;
                }
            }
        }
        Self {
            base: lo,
            nframes,
            total: inner.free_count,
            refs: (0..nframes).map(|_| AtomicU32::new(0)).collect(),
            usable: usable_bits,
            inner: SpinLock::new(inner),
            ever_poisoned: AtomicBool::new(false),
        }
    }

    /// Allocates one frame with a reference count of 1. Its contents are
    /// whatever the previous owner left.
    pub fn alloc(&self) -> Result<PhysFrame, OutOfFrames> {
        let mut g = self.inner.lock();
        if g.free_count == 0 {
            return Err(OutOfFrames);
        }
        let g = &mut *g;
        // The search starts at the hint, which usually has a bit already.
        let mut w = g.hint;
        while g.free[w] == 0 {
            w = if w + 1 == g.free.len() { 0 } else { w + 1 };
            if w == g.hint {
                panic!(
                    "frame allocator corrupt: free_count {} but no free bit in the bitmap",
                    g.free_count
                );
            }
        }
        let bits = g.free[w];
        g.free[w] = bits & (bits - 1);
        let i = w * 64 + bits.trailing_zeros() as usize;
        self.refs[i].store(1, Ordering::Release);
        g.free_count -= 1;
        g.hint = w;
        Ok(PhysFrame((self.base + i as u64) << PAGE_SHIFT))
    }

    /// Allocates `count` physically contiguous frames whose first frame
    /// number is a multiple of `align` (both in frames), each with a
    /// reference count of 1. Hardware tables larger than a page (s390x
    /// region and segment tables are 16 KiB) need this; it scans the
    /// bitmap, so it is for rare allocations, not the fault path.
    pub fn alloc_contiguous(&self, count: usize, align: usize) -> Result<PhysFrame, OutOfFrames> {
        assert!(
            count > 0 && align.is_power_of_two(),
            "alloc_contiguous({count}, {align})"
        );
        let mut g = self.inner.lock();
        if g.free_count < count {
            return Err(OutOfFrames);
        }
        let is_free = |g: &Inner, i: usize| g.free[i / 64] & (1 << (i % 64)) != 0;
        // Indices are relative to `base`; alignment is of the frame number.
        let base = self.base as usize;
        let aligned = |i: usize| (base + i).next_multiple_of(align) - base;
        let mut i = aligned(0);
        while i + count <= self.nframes {
            match (i..i + count).find(|&j| !is_free(&g, j)) {
                None => {
                    for j in i..i + count {
                        g.free[j / 64] &= !(1 << (j % 64));
                        self.refs[j].store(1, Ordering::Release);
                    }
                    g.free_count -= count;
                    return Ok(PhysFrame((self.base + i as u64) << PAGE_SHIFT));
                }
                Some(busy) => i = aligned(busy + 1),
            }
        }
        Err(OutOfFrames)
    }

    /// The index of `frame`, which must be managed here.
    #[inline]
    fn index(&self, frame: PhysFrame, what: &str) -> usize {
        self.counter(frame, what).0
    }

    /// The index of `frame`, which must be managed here, and its count.
    /// One bounds check covers both ends: below `base`, the difference
    /// wraps around to beyond the table.
    #[inline(always)]
    fn counter(&self, frame: PhysFrame, what: &str) -> (usize, &AtomicU32) {
        let i = usize::try_from(frame.number().wrapping_sub(self.base)).unwrap_or(usize::MAX);
        match self.refs.get(i) {
            Some(r) => (i, r),
            None => self.unmanaged(frame, what),
        }
    }

    #[cold]
    fn unmanaged(&self, frame: PhysFrame, what: &str) -> ! {
        panic!("frame allocator: {what} of {frame:?}, which this allocator does not manage");
    }

    /// Panics for a use of a frame whose count says it is not allocated:
    /// free, quarantined, or outside every usable range.
    #[cold]
    fn not_allocated(&self, frame: PhysFrame, i: usize, what: &str) -> ! {
        if self.usable[i / 64] & (1 << (i % 64)) == 0 {
            self.unmanaged(frame, what)
        }
        panic!(
            "frame allocator: {what} of {frame:?}, which is free (double free or never allocated)"
        );
    }

    /// Changes the count of an allocated frame by `f`, returning the count
    /// before; panics if the frame is not allocated.
    #[inline]
    fn update(&self, frame: PhysFrame, what: &str, f: impl Fn(u32) -> u32) -> u32 {
        let (i, r) = self.counter(frame, what);
        let mut cur = r.load(Ordering::Acquire);
        loop {
            if cur == 0 || cur == QUARANTINED {
                self.not_allocated(frame, i, what)
            }
            match r.compare_exchange_weak(cur, f(cur), Ordering::AcqRel, Ordering::Acquire) {
                Ok(_) => return cur,
                Err(now) => cur = now,
            }
        }
    }

    /// Takes one more reference on an allocated frame.
    #[inline]
    pub fn get(&self, frame: PhysFrame) {
        let before = self.update(frame, "get", |r| r + 1);
        assert!(
            before < QUARANTINED - 1,
            "frame allocator: {frame:?} has too many references"
        );
    }

    /// The reference count of an allocated frame.
    #[inline]
    pub fn refcount(&self, frame: PhysFrame) -> u32 {
        let (i, r) = self.counter(frame, "refcount");
        let r = r.load(Ordering::Acquire);
        if r == 0 || r == QUARANTINED {
            self.not_allocated(frame, i, "refcount")
        }
        r
    }

    /// Takes one more reference on an allocated frame unless the caller's
    /// is the only one, and says whether it did. A write fault decides
    /// with it, in one step, between reusing a page it owns alone
    /// (`false`) and copying a shared one (`true`: the new reference keeps
    /// the page alive while it is copied).
    #[inline(always)]
    pub fn get_if_shared(&self, frame: PhysFrame) -> bool {
        let (i, r) = self.counter(frame, "get");
        let mut cur = r.load(Ordering::Acquire);
        loop {
            if cur == 0 || cur == QUARANTINED {
                self.not_allocated(frame, i, "get")
            }
            if cur == 1 {
                return false;
            }
            assert!(
                cur < QUARANTINED - 1,
                "frame allocator: {frame:?} has too many references"
            );
            match r.compare_exchange_weak(cur, cur + 1, Ordering::AcqRel, Ordering::Acquire) {
                Ok(_) => return true,
                Err(now) => cur = now,
            }
        }
    }

    /// Drops one reference; the frame is freed when the last one goes.
    /// Returns whether it was freed. A poisoned frame whose last reference
    /// goes is quarantined instead: it is never handed out again.
    pub fn put(&self, frame: PhysFrame) -> bool {
        self.put_many(frame, 1)
    }

    /// Drops `n` (at least one) references at once, as [`put`] `n` times
    /// would.
    ///
    /// [`put`]: FrameAllocator::put
    #[inline(always)]
    pub fn put_many(&self, frame: PhysFrame, n: u32) -> bool {
        assert!(n > 0, "frame allocator: put of no references");
        let (i, r) = self.counter(frame, "free");
        let mut cur = r.load(Ordering::Acquire);
        loop {
            if cur < n || cur == QUARANTINED {
                self.not_allocated(frame, i, "free")
            }
            match r.compare_exchange_weak(cur, cur - n, Ordering::AcqRel, Ordering::Acquire) {
                Ok(_) => break,
                Err(now) => cur = now,
            }
        }
        if cur != n {
            return false;
        }
        self.release(i);
        true
    }

    /// Returns frame `i`, whose count just dropped to 0, to the bitmap (or
    /// to quarantine). Its free bit is still clear: no one else can reach
    /// the frame now, and alloc cannot hand it out yet.
    fn release(&self, i: usize) {
        let mut g = self.inner.lock();
        if g.poisoned[i / 64] & (1 << (i % 64)) != 0 {
            g.quarantined += 1;
            // Keep the frame "allocated" with no owner, so a later free
            // of it is still caught as a double free.
            self.refs[i].store(QUARANTINED, Ordering::Release);
            return;
        }
        g.free[i / 64] |= 1 << (i % 64);
        g.free_count += 1;
    }

    /// Marks an allocated frame as poisoned (an uncorrectable memory
    /// error). Its owners keep their references; the generic fault path
    /// reports `HWPOISON` for it, and once the last reference goes it is
    /// quarantined rather than freed.
    pub fn poison(&self, frame: PhysFrame) {
        let mut g = self.inner.lock();
        let i = self.index(frame, "poison");
        let r = self.refs[i].load(Ordering::Acquire);
        if r == 0 || r == QUARANTINED {
            self.not_allocated(frame, i, "poison")
        }
        g.poisoned[i / 64] |= 1 << (i % 64);
        self.ever_poisoned.store(true, Ordering::Release);
    }

    /// Whether `frame` was marked poisoned. False for frames this
    /// allocator does not manage.
    #[inline]
    pub fn is_poisoned(&self, frame: PhysFrame) -> bool {
        // Every fault asks; until some frame is poisoned, the answer needs
        // no lock and no lookup.
        self.ever_poisoned.load(Ordering::Acquire) && self.poison_bit(frame)
    }

    fn poison_bit(&self, frame: PhysFrame) -> bool {
        let n = frame.number();
        if n < self.base || (n - self.base) as usize >= self.nframes {
            return false;
        }
        let i = (n - self.base) as usize;
        self.inner.lock().poisoned[i / 64] & (1 << (i % 64)) != 0
    }

    /// Poisoned frames taken out of circulation after their last
    /// reference went. `free_count() + quarantined()` is what a leak check
    /// compares.
    pub fn quarantined(&self) -> usize {
        self.inner.lock().quarantined
    }

    /// Frees a frame that has exactly one reference.
    ///
    /// # Panics
    /// On a double free, a frame never allocated, or a shared frame.
    pub fn free(&self, frame: PhysFrame) {
        let rc = self.refcount(frame);
        assert!(
            rc == 1,
            "frame allocator: free of {frame:?} with {rc} references"
        );
        self.put(frame);
    }

    /// Frames currently free.
    pub fn free_count(&self) -> usize {
        self.inner.lock().free_count
    }

    /// Frames managed in all (free or not).
    pub fn total(&self) -> usize {
        self.total
    }
}

#[cfg(test)]
#[allow(clippy::single_range_in_vec_init)]
mod tests {
    extern crate std;
    use super::*;

    fn alloc_all(a: &FrameAllocator) -> Vec<PhysFrame> {
        core::iter::from_fn(|| a.alloc().ok()).collect()
    }

    #[test]
    fn covers_whole_frames_of_each_range() {
        let a = FrameAllocator::new(&[0x1800..0x5000, 0x10000..0x12000]);
        // 0x2000..0x5000 = 3 frames, 0x10000..0x12000 = 2 frames.
        assert_eq!(a.total(), 5);
        let mut got: Vec<u64> = alloc_all(&a).iter().map(|f| f.addr()).collect();
        got.sort();
        assert_eq!(got, [0x2000, 0x3000, 0x4000, 0x10000, 0x11000]);
        assert_eq!(a.free_count(), 0);
        assert_eq!(a.alloc(), Err(OutOfFrames));
    }

    #[test]
    fn free_returns_frames() {
        let a = FrameAllocator::new(&[0..0x100000]);
        let before = a.free_count();
        let fs = alloc_all(&a);
        assert_eq!(fs.len(), 256);
        for f in fs {
            a.free(f);
        }
        assert_eq!(a.free_count(), before);
    }

    #[test]
    fn refcounts_share_a_frame() {
        let a = FrameAllocator::new(&[0..0x10000]);
        let f = a.alloc().unwrap();
        a.get(f);
        assert_eq!(a.refcount(f), 2);
        assert!(!a.put(f));
        assert!(a.put(f));
        assert_eq!(a.free_count(), 16);
    }

    #[test]
    fn concurrent_references_balance_without_the_lock() {
        let a = std::sync::Arc::new(FrameAllocator::new(&[0..0x10000]));
        let f = a.alloc().unwrap();
        let threads: Vec<_> = (0..4)
            .map(|_| {
                let a = a.clone();
                std::thread::spawn(move || {
                    for _ in 0..10_000 {
                        a.get(f);
                        assert!(a.refcount(f) >= 2);
                        assert!(!a.put(f));
                    }
                })
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        assert_eq!(a.refcount(f), 1);
        assert!(a.put(f));
        assert_eq!(a.free_count(), 16);
    }

    #[test]
    #[should_panic(expected = "double free or never allocated")]
    fn get_of_a_free_frame_panics() {
        let a = FrameAllocator::new(&[0..0x10000]);
        let f = a.alloc().unwrap();
        a.put(f);
        a.get(f);
    }

    #[test]
    #[should_panic(expected = "does not manage")]
    fn frame_in_a_hole_between_ranges_is_foreign() {
        let a = FrameAllocator::new(&[0..0x2000, 0x8000..0x10000]);
        a.get(PhysFrame::from_addr(0x4000).unwrap());
    }

    #[test]
    fn get_if_shared_and_put_many() {
        let a = FrameAllocator::new(&[0..0x10000]);
        let f = a.alloc().unwrap();
        assert!(!a.get_if_shared(f));
        assert_eq!(a.refcount(f), 1);
        a.get(f);
        assert!(a.get_if_shared(f));
        assert_eq!(a.refcount(f), 3);
        assert!(!a.put_many(f, 2));
        assert!(a.put_many(f, 1));
        assert_eq!(a.free_count(), 16);
    }

    #[test]
    #[should_panic(expected = "double free or never allocated")]
    fn put_many_of_more_than_held_panics() {
        let a = FrameAllocator::new(&[0..0x10000]);
        let f = a.alloc().unwrap();
        a.get(f);
        a.put_many(f, 3);
    }

    #[test]
    fn contiguous_aligned_runs() {
        let a = FrameAllocator::new(&[0x1000..0x20000]);
        let one = a.alloc().unwrap();
        assert_eq!(one.addr(), 0x1000);
        let run = a.alloc_contiguous(4, 4).unwrap();
        assert_eq!(run.addr(), 0x4000);
        let next = a.alloc_contiguous(4, 4).unwrap();
        assert_eq!(next.addr(), 0x8000);
        assert_eq!(a.free_count(), 31 - 9);
        for k in 0..4 {
            a.free(PhysFrame::containing(run.addr() + k * 0x1000));
        }
        assert_eq!(a.alloc_contiguous(4, 4).unwrap(), run);
        assert_eq!(a.alloc_contiguous(64, 1), Err(OutOfFrames));
    }

    #[test]
    fn poisoned_frames_are_quarantined_not_reused() {
        let a = FrameAllocator::new(&[0..0x4000]);
        let f = a.alloc().unwrap();
        a.get(f);
        a.poison(f);
        assert!(a.is_poisoned(f));
        assert!(!a.put(f));
        assert!(a.put(f));
        assert_eq!((a.free_count(), a.quarantined()), (3, 1));
        let rest = alloc_all(&a);
        assert!(!rest.contains(&f));
    }

    #[test]
    #[should_panic(expected = "double free or never allocated")]
    fn put_of_a_quarantined_frame_panics() {
        let a = FrameAllocator::new(&[0..0x4000]);
        let f = a.alloc().unwrap();
        a.poison(f);
        a.put(f);
        a.put(f);
    }

    #[test]
    #[should_panic(expected = "double free or never allocated")]
    fn double_free_panics() {
        let a = FrameAllocator::new(&[0..0x10000]);
        let f = a.alloc().unwrap();
        a.free(f);
        a.free(f);
    }

    #[test]
    #[should_panic(expected = "does not manage")]
    fn foreign_frame_panics() {
        let a = FrameAllocator::new(&[0x10000..0x20000]);
        a.free(PhysFrame::from_addr(0x1000).unwrap());
    }

    #[test]
    #[should_panic(expected = "double free or never allocated")]
    fn never_allocated_panics() {
        let a = FrameAllocator::new(&[0..0x10000]);
        a.free(PhysFrame::from_addr(0x3000).unwrap());
    }
}
