//! The machine's memory as the generic code sees it: one architecture
//! backend, one frame allocator and the shared zero page.
//!
//! Every address space ([`crate::Mm`]) and every backing object
//! ([`crate::FileObject`]) of a machine holds an `Arc` of the same
//! [`Memory`], so frames move freely between them (copy-on-write after
//! fork, page-cache pages mapped by several spaces).

use alloc::sync::Arc;
use core::ops::Deref;

use crate::arch::Arch;
use crate::frame::{FrameAllocator, OutOfFrames, PhysFrame};

/// A handle on a frame allocator: the kernel's is a `static`, a host
/// test's is owned and shared.
#[derive(Clone)]
pub enum Frames {
    /// An allocator that lives for the whole run (the kernel's).
    Static(&'static FrameAllocator),
    /// An allocator shared by reference count (host tests, benchmarks).
    Shared(Arc<FrameAllocator>),
}

impl Deref for Frames {
    type Target = FrameAllocator;

    fn deref(&self) -> &FrameAllocator {
        match self {
            Frames::Static(a) => a,
            Frames::Shared(a) => a,
        }
    }
}

impl From<&'static FrameAllocator> for Frames {
    fn from(a: &'static FrameAllocator) -> Self {
        Frames::Static(a)
    }
}

impl From<Arc<FrameAllocator>> for Frames {
    fn from(a: Arc<FrameAllocator>) -> Self {
        Frames::Shared(a)
    }
}

/// One machine's memory: the backend, the frame allocator and the zero
/// page that every read fault on untouched anonymous memory maps.
pub struct Memory<A: Arch> {
    arch: A,
    frames: Frames,
    zero_page: PhysFrame,
}

impl<A: Arch> Memory<A> {
    /// Sets up the memory of a machine: allocates and clears the zero page.
    pub fn new(arch: A, frames: impl Into<Frames>) -> Result<Arc<Self>, OutOfFrames> {
        let frames = frames.into();
        let zero_page = frames.alloc()?;
        arch.zero_frame(zero_page);
        Ok(Arc::new(Self {
            arch,
            frames,
            zero_page,
        }))
    }

    /// The architecture backend.
    pub fn arch(&self) -> &A {
        &self.arch
    }

    /// The frame allocator.
    pub fn frames(&self) -> &FrameAllocator {
        &self.frames
    }

    /// The shared, always-zero, never-written frame. Mappings of it are
    /// not reference-counted: it lives as long as this `Memory`.
    pub fn zero_page(&self) -> PhysFrame {
        self.zero_page
    }

    /// A fresh frame filled with zeros.
    pub(crate) fn alloc_zeroed(&self) -> Result<PhysFrame, OutOfFrames> {
        let f = self.frames.alloc()?;
        self.arch.zero_frame(f);
        Ok(f)
    }
}

impl<A: Arch> Drop for Memory<A> {
    fn drop(&mut self) {
        self.frames.put(self.zero_page);
    }
}
