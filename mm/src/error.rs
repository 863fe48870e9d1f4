//! Typed errors of the address-space operations.

use core::fmt;

/// Why an address-space operation (mmap, munmap, mprotect, fork, ...) was
/// refused. Bad input is always reported here, never by a panic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MmError {
    /// An address or offset is not page-aligned (`EINVAL`).
    Unaligned,
    /// A length of zero (`EINVAL`).
    ZeroLength,
    /// Address plus length (or offset plus length) overflows (`EINVAL`).
    Overflow,
    /// The range reaches below the lowest mappable address or beyond what
    /// the page tables translate (`EINVAL` / `ENOMEM`).
    OutOfRange,
    /// Flags that contradict each other or are unknown (`EINVAL`).
    BadFlags(&'static str),
    /// Part of the range is not mapped (`ENOMEM`, as mprotect reports).
    NotMapped,
    /// mprotect asked for an access the VMA may never have (`EACCES`).
    PermissionDenied,
    /// No free range of the requested size (`ENOMEM`).
    NoSpace,
    /// The frame allocator ran dry, or the kernel heap has no room left
    /// for a task's request (`ENOMEM`, see [`crate::kmem`]).
    OutOfMemory,
    /// The change would take the space past `vm.max_map_count` VMAs
    /// (`ENOMEM`, see [`crate::mm::Limits::max_map_count`]).
    TooManyMaps,
    /// `MAP_FIXED_NOREPLACE` over a range that is partly mapped, or a
    /// `brk` that would grow into a mapping (`EEXIST`).
    Exists,
    /// mremap: no mapping at the address, or the old range runs past the
    /// end of the mapping it starts in (`EFAULT`).
    BadAddress,
}

impl fmt::Display for MmError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MmError::Unaligned => f.write_str("address or offset not page-aligned"),
            MmError::ZeroLength => f.write_str("zero length"),
            MmError::Overflow => f.write_str("address plus length overflows"),
            MmError::OutOfRange => f.write_str("range outside the mappable addresses"),
            MmError::BadFlags(why) => write!(f, "contradictory flags: {why}"),
            MmError::NotMapped => f.write_str("range not fully mapped"),
            MmError::PermissionDenied => f.write_str("access beyond the VMA's MAY* bits"),
            MmError::NoSpace => f.write_str("no free range of that size"),
            MmError::OutOfMemory => f.write_str("out of memory"),
            MmError::TooManyMaps => f.write_str("too many mappings (vm.max_map_count)"),
            MmError::Exists => f.write_str("the range is already mapped"),
            MmError::BadAddress => f.write_str("no mapping at that address"),
        }
    }
}
