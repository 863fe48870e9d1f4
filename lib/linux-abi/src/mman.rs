//! `mmap`/`mprotect` protections and flags (`asm-generic/mman-common.h`,
//! `mman.h`).

/// Pages may be read.
pub const PROT_READ: u64 = 1;
/// Pages may be written.
pub const PROT_WRITE: u64 = 2;
/// Pages may be executed.
pub const PROT_EXEC: u64 = 4;
/// Shared mapping.
pub const MAP_SHARED: u64 = 0x01;
/// Private (copy-on-write) mapping.
pub const MAP_PRIVATE: u64 = 0x02;
/// Exactly at the address given.
pub const MAP_FIXED: u64 = 0x10;
/// Not backed by a file.
pub const MAP_ANONYMOUS: u64 = 0x20;
/// A stack that grows down.
pub const MAP_GROWSDOWN: u64 = 0x0100;
/// No swap reservation (accepted, meaningless here).
pub const MAP_NORESERVE: u64 = 0x4000;
/// Populate the pages now (accepted; pages come on demand).
pub const MAP_POPULATE: u64 = 0x8000;
/// Exactly at the address, failing if it is in use.
pub const MAP_FIXED_NOREPLACE: u64 = 0x10_0000;
/// The mapping-type bits of the flags (`MAP_TYPE`).
pub const MAP_TYPE: u64 = 0x0f;
/// `MAP_SHARED | MAP_PRIVATE`: a shared mapping whose flags are all
/// checked (`EOPNOTSUPP` for one the kernel does not know).
pub const MAP_SHARED_VALIDATE: u64 = 0x03;
/// The flags `MAP_SHARED_VALIDATE` accepts (`LEGACY_MAP_MASK`): every flag
/// older than it (SHARED, PRIVATE, FIXED, ANONYMOUS, DENYWRITE,
/// EXECUTABLE, GROWSDOWN, LOCKED, NORESERVE, POPULATE, NONBLOCK, STACK,
/// HUGETLB, UNINITIALIZED and the huge-page size field).
pub const LEGACY_MAP_MASK: u64 = 0x03
    | 0x10
    | 0x20
    | 0x0800
    | 0x1000
    | 0x0100
    | 0x2000
    | 0x4000
    | 0x8000
    | 0x1_0000
    | 0x2_0000
    | 0x4_0000
    | 0x400_0000
    | 0xfc00_0000;
/// `PROT_SEM`: accepted by mprotect, meaningless.
pub const PROT_SEM: u64 = 0x8;
/// mprotect: extend the change down to the start of a grows-down mapping.
pub const PROT_GROWSDOWN: u64 = 0x0100_0000;
/// mprotect: extend the change up (no architecture here has such mappings).
pub const PROT_GROWSUP: u64 = 0x0200_0000;
/// mremap may move the mapping.
pub const MREMAP_MAYMOVE: u64 = 1;
/// mremap moves the mapping to the address given (needs `MREMAP_MAYMOVE`).
pub const MREMAP_FIXED: u64 = 2;
/// mremap moves the pages and leaves the old range mapped, empty.
pub const MREMAP_DONTUNMAP: u64 = 4;
