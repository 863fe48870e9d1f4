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
