//! Auxiliary-vector tags (`include/uapi/linux/auxvec.h`).

/// End of the vector.
pub const AT_NULL: u64 = 0;
/// System page size.
pub const AT_PAGESZ: u64 = 6;
/// Entry point of the program.
pub const AT_ENTRY: u64 = 9;
/// Address of 16 random bytes.
pub const AT_RANDOM: u64 = 25;
