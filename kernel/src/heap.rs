//! The kernel heap: `linked_list_allocator` over one physical range, with
//! size-class free lists in front of it, behind `#[global_allocator]`.
//! Exhaustion reaches the panic handler through `handle_alloc_error`
//! ("memory allocation of N bytes failed"), so the kernel never lets a
//! task's request get there: whenever the list's free space changes the
//! heap publishes what it could still give beyond its reserve
//! ([`mm::kmem::set_spare`]; blocks cached for a size class are counted
//! only once [`reclaim`] gives them back, when the figure is too low for
//! a request), and every request a task makes checks what it may
//! allocate against that first (`mm::kmem::take`), failing with
//! `-ENOMEM`/`-EAGAIN` instead. The reserve ([`reserve_for`]) is for the
//! kernel itself: tearing a task down, reaping it and telling its parent.
//!
//! Why the front: a first-fit linked list costs time in proportion to its
//! free blocks, and an address space with thousands of VMAs leaves
//! thousands of small blocks, so every mprotect or mmap (which allocate a
//! VMA or two) got slower as a process grew (`make bench`'s sig_fix went
//! from 8,600 to 44,000 instructions at 10,000 VMAs). Small blocks are
//! recycled through per-size lists in O(1) instead; they stay cached for
//! their size class rather than going back to the list.

use core::alloc::{GlobalAlloc, Layout};
use core::ptr::NonNull;

use ksync::SpinLock;
use linked_list_allocator::Heap;

/// Size classes: 16, 32, ..., 2048 bytes (each also its alignment).
const CLASSES: usize = 8;
const MIN_CLASS: usize = 16;
const MAX_SMALL: usize = MIN_CLASS << (CLASSES - 1);

struct Inner {
    heap: Heap,
    /// Heads of singly linked free lists, one per class (the link lives in
    /// the free block itself).
    free: [usize; CLASSES],
    /// Bytes sitting in the class lists (counted as used by `heap`).
    cached: usize,
    /// Bytes kept back from tasks' requests.
    reserve: usize,
}

impl Inner {
    /// First fit from the list, after giving every cached block back to
    /// it if the list alone cannot serve `layout` (blocks freed in one
    /// size class must serve another when the heap runs low); publishes
    /// the list's new free space. Off the fast path, which takes a cached
    /// block and leaves the list and the budget alone.
    #[inline(never)]
    fn first_fit(&mut self, layout: Layout) -> *mut u8 {
        let p = match self.heap.allocate_first_fit(layout) {
            Ok(p) => p.as_ptr(),
            Err(()) => {
                self.drain_classes();
                self.heap
                    .allocate_first_fit(layout)
                    .map_or(core::ptr::null_mut(), |p| p.as_ptr())
            }
        };
        self.publish();
        p
    }

    /// Returns every block cached in the class lists to the list
    /// allocator, which merges neighbours.
    fn drain_classes(&mut self) {
        for c in 0..CLASSES {
            while self.free[c] != 0 {
                let block = self.free[c];
                // SAFETY: `block` is a free block of class `c` whose first
                // word is the next link (see dealloc).
                self.free[c] = unsafe { *(block as *const usize) };
                // SAFETY: the block came from `allocate_first_fit` with
                // class `c`'s layout and nobody uses it.
                unsafe {
                    self.heap
                        .deallocate(NonNull::new_unchecked(block as *mut u8), class_layout(c))
                };
                self.cached -= MIN_CLASS << c;
            }
        }
    }

    /// Publishes what tasks may still take (see the module comment): the
    /// list's free space less the reserve. Blocks cached in the class
    /// lists are not counted, so the figure errs low; when it is too low
    /// for a request, [`reclaim`] gives them back to the list first.
    fn publish(&self) {
        mm::kmem::set_spare(self.heap.free() as isize - self.reserve as isize);
    }
}

/// The allocator.
pub struct KernelHeap(SpinLock<Inner>);

// SAFETY: all state is behind the mutex; blocks handed out are disjoint.
unsafe impl Sync for KernelHeap {}

fn class_of(layout: &Layout) -> Option<usize> {
    let need = layout.size().max(layout.align()).max(MIN_CLASS);
    if need > MAX_SMALL {
        return None;
    }
    let rounded = need.next_power_of_two();
    Some(rounded.trailing_zeros() as usize - MIN_CLASS.trailing_zeros() as usize)
}

fn class_layout(class: usize) -> Layout {
    let size = MIN_CLASS << class;
    // Size equals alignment, a power of two: always a valid layout.
    Layout::from_size_align(size, size).unwrap()
}

// SAFETY: blocks come from one range the heap owns (see `init`), each
// handed out once until it is freed, with the layout asked for: the size
// class's block is at least as large and as aligned as the layout.
unsafe impl GlobalAlloc for KernelHeap {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let mut g = self.0.lock();
        match class_of(&layout) {
            Some(c) => {
                let head = g.free[c];
                if head != 0 {
                    // SAFETY: `head` is a free block of class `c` whose
                    // first word is the next link (see dealloc).
                    g.free[c] = unsafe { *(head as *const usize) };
                    g.cached -= MIN_CLASS << c;
                    return head as *mut u8;
                }
                g.first_fit(class_layout(c))
            }
            None => g.first_fit(layout),
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        let mut g = self.0.lock();
        match class_of(&layout) {
            Some(c) => {
                // SAFETY: the block is at least 16 bytes, 16-aligned, and
                // no longer used by anyone: its first word can hold the link.
                unsafe { *(ptr as *mut usize) = g.free[c] };
                g.free[c] = ptr as usize;
                g.cached += MIN_CLASS << c;
            }
            None => {
                // SAFETY: ptr came from allocate_first_fit with this layout.
                unsafe { g.heap.deallocate(NonNull::new_unchecked(ptr), layout) };
                g.publish();
            }
        }
    }
}

#[global_allocator]
static HEAP: KernelHeap = KernelHeap(SpinLock::new(Inner {
    heap: Heap::empty(),
    free: [0; CLASSES],
    cached: 0,
    reserve: 0,
}));

/// The reserve of a heap of `size` bytes: a thirty-second of it, between
/// 128 KiB and 1 MiB. What it must cover is small and bounded: the table
/// and run-queue nodes a task switch, a wake-up or a reaping may allocate,
/// the list of frames an exiting space gives back (which falls back to
/// giving them back one by one when there is no room), and the first
/// siginfo of a `SIGCHLD`, inline in the parent's state.
pub const fn reserve_for(size: usize) -> usize {
    let r = size / 32;
    if r < 128 << 10 {
        128 << 10
    } else if r > 1 << 20 {
        1 << 20
    } else {
        r
    }
}

/// Hands `start..start+size` to the heap.
///
/// # Safety
/// `start` is the kernel's address (`karch::Arch::phys_to_virt`) of RAM
/// used by nothing else, forever.
pub unsafe fn init(start: u64, size: u64) {
    let mut g = HEAP.0.lock();
    // SAFETY: per the caller's guarantee.
    unsafe { g.heap.init(start as *mut u8, size as usize) };
    g.reserve = reserve_for(size as usize);
    g.publish();
    mm::kmem::set_reclaim(reclaim);
}

/// Gives every block cached in the class lists back to the list and
/// publishes what tasks may take then: what `mm::kmem::take` calls
/// before it refuses a request.
fn reclaim() {
    let mut g = HEAP.0.lock();
    g.drain_classes();
    g.publish();
}

/// Bytes of heap in use (not counting blocks cached for reuse) and free.
pub fn usage() -> (usize, usize) {
    let g = HEAP.0.lock();
    (g.heap.used() - g.cached, g.heap.free() + g.cached)
}
