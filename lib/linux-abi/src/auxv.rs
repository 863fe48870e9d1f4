//! Auxiliary-vector tags (`include/uapi/linux/auxvec.h`).

/// End of the vector.
pub const AT_NULL: u64 = 0;
/// System page size.
pub const AT_PAGESZ: u64 = 6;
/// Entry point of the program.
pub const AT_ENTRY: u64 = 9;
/// Address of a string naming the CPU (s390x: its generation, "z15").
pub const AT_PLATFORM: u64 = 15;
/// CPU capability bits (architecture-specific `HWCAP_*`).
pub const AT_HWCAP: u64 = 16;
/// Address of 16 random bytes.
pub const AT_RANDOM: u64 = 25;
