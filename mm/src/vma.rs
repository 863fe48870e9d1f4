//! Virtual memory areas: one contiguous range of an address space with one
//! set of permissions and one backing.

use alloc::sync::Arc;
use core::fmt;
use core::ops::Range;

use bitflags::bitflags;

use crate::arch::Arch;
use crate::file::FileObject;
use crate::vma_lock::VmaLock;
use crate::PAGE_SIZE;

bitflags! {
    /// Permissions and kind of a VMA (Linux's `VM_*` values).
    #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
    pub struct VmaFlags: u32 {
        /// Set: loads are allowed. Clear: not.
        const READ = 0x1;
        /// Set: stores are allowed. Clear: not.
        const WRITE = 0x2;
        /// Set: instruction fetches are allowed. Clear: not.
        const EXEC = 0x4;
        /// Set: stores are seen by every mapping of the same pages (and
        /// survive fork as shared). Clear: private, copy-on-write.
        const SHARED = 0x8;
        /// Set: `READ` may be granted by mprotect. Clear: never.
        const MAYREAD = 0x10;
        /// Set: `WRITE` may be granted by mprotect. Clear: never; a write
        /// fault is then `SIGSEGV` whatever the other flags say.
        const MAYWRITE = 0x20;
        /// Set: `EXEC` may be granted by mprotect. Clear: never.
        const MAYEXEC = 0x40;
        /// Set: a stack that grows down on a fault just below it. Clear: a
        /// fixed-size mapping.
        const GROWSDOWN = 0x100;
    }
}

impl VmaFlags {
    /// The access bits.
    pub const ACCESS: Self = Self::READ.union(Self::WRITE).union(Self::EXEC);
    /// The bits bounding what mprotect may grant.
    pub const MAY: Self = Self::MAYREAD.union(Self::MAYWRITE).union(Self::MAYEXEC);

    /// Read-write, with every `MAY*` bit: ordinary data.
    pub const fn rw() -> Self {
        Self::READ.union(Self::WRITE).union(Self::MAY)
    }

    /// Read-only, with every `MAY*` bit.
    pub const fn ro() -> Self {
        Self::READ.union(Self::MAY)
    }

    /// No access, with every `MAY*` bit: a guard region.
    pub const fn none() -> Self {
        Self::MAY
    }

    /// What a contradictory combination is wrong about, if anything.
    pub(crate) fn contradiction(self) -> Option<&'static str> {
        if self.bits() & !Self::all().bits() != 0 {
            Some("unknown VMA flag bits")
        } else if self.contains(Self::READ) && !self.contains(Self::MAYREAD) {
            Some("READ without MAYREAD")
        } else if self.contains(Self::WRITE) && !self.contains(Self::MAYWRITE) {
            Some("WRITE without MAYWRITE")
        } else if self.contains(Self::EXEC) && !self.contains(Self::MAYEXEC) {
            Some("EXEC without MAYEXEC")
        } else if self.contains(Self::GROWSDOWN | Self::SHARED) {
            Some("GROWSDOWN with SHARED")
        } else {
            None
        }
    }
}

/// What a VMA maps.
pub enum Backing<A: Arch> {
    /// Anonymous memory: zero-filled on first touch. With `SHARED`, the
    /// address space creates a shared anonymous object for it.
    Anon,
    /// Pages of `object` starting at byte `offset` (page-aligned).
    Object {
        /// The backing object.
        object: Arc<FileObject<A>>,
        /// Byte offset of the mapping's first page in the object.
        offset: u64,
    },
}

impl<A: Arch> Clone for Backing<A> {
    fn clone(&self) -> Self {
        match self {
            Backing::Anon => Backing::Anon,
            Backing::Object { object, offset } => Backing::Object {
                object: object.clone(),
                offset: *offset,
            },
        }
    }
}

/// One virtual memory area. Immutable once made: a change replaces it
/// with new VMAs and detaches it (see [`crate::vma_lock`]).
pub struct Vma<A: Arch> {
    start: u64,
    end: u64,
    flags: VmaFlags,
    backing: Backing<A>,
    /// The per-VMA lock.
    pub lock: VmaLock,
}

impl<A: Arch> Vma<A> {
    pub(crate) fn new(range: Range<u64>, flags: VmaFlags, backing: Backing<A>) -> Self {
        Self {
            start: range.start,
            end: range.end,
            flags,
            backing,
            lock: VmaLock::new(),
        }
    }

    /// First address.
    pub fn start(&self) -> u64 {
        self.start
    }

    /// First address after the VMA.
    pub fn end(&self) -> u64 {
        self.end
    }

    /// `start..end`.
    pub fn range(&self) -> Range<u64> {
        self.start..self.end
    }

    /// Permissions and kind.
    pub fn flags(&self) -> VmaFlags {
        self.flags
    }

    /// What the VMA maps.
    pub fn backing(&self) -> &Backing<A> {
        &self.backing
    }

    /// Whether `addr` lies inside.
    pub fn contains(&self, addr: u64) -> bool {
        self.start <= addr && addr < self.end
    }

    /// Whether stores are shared with other mappings.
    pub fn is_shared(&self) -> bool {
        self.flags.contains(VmaFlags::SHARED)
    }

    /// The backing object and the page index in it that `addr` maps.
    pub(crate) fn object_page(&self, addr: u64) -> Option<(&Arc<FileObject<A>>, u64)> {
        match &self.backing {
            Backing::Anon => None,
            Backing::Object { object, offset } => {
                Some((object, (offset + (addr - self.start)) / PAGE_SIZE))
            }
        }
    }

    /// A new VMA for the part `range` of this one, with `flags`.
    pub(crate) fn slice(&self, range: Range<u64>, flags: VmaFlags) -> Self {
        debug_assert!(self.start <= range.start && range.end <= self.end);
        let backing = match &self.backing {
            Backing::Anon => Backing::Anon,
            Backing::Object { object, offset } => Backing::Object {
                object: object.clone(),
                offset: offset + (range.start - self.start),
            },
        };
        Self::new(range, flags, backing)
    }

    /// This VMA and `next`, which continues it ([`Vma::can_merge`]), as
    /// one new VMA.
    pub(crate) fn joined(&self, next: &Self) -> Self {
        debug_assert!(self.can_merge(next));
        Self::new(self.start..next.end, self.flags, self.backing.clone())
    }

    /// Whether `next` continues this VMA seamlessly, so the two can merge.
    pub(crate) fn can_merge(&self, next: &Self) -> bool {
        if self.end != next.start || self.flags != next.flags {
            return false;
        }
        match (&self.backing, &next.backing) {
            (Backing::Anon, Backing::Anon) => true,
            (
                Backing::Object {
                    object: a,
                    offset: oa,
                },
                Backing::Object {
                    object: b,
                    offset: ob,
                },
            ) => Arc::ptr_eq(a, b) && oa + (self.end - self.start) == *ob,
            _ => false,
        }
    }
}

impl<A: Arch> fmt::Debug for Vma<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Vma({:#x}..{:#x} {:?}", self.start, self.end, self.flags)?;
        if let Backing::Object { offset, .. } = &self.backing {
            write!(f, " object+{offset:#x}")?;
        }
        f.write_str(")")
    }
}
