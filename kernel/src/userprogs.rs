//! The user test programs built from `tests/user`, embedded in the image.

/// Forces 8-byte alignment on embedded bytes.
#[repr(C, align(8))]
pub struct Aligned<T: ?Sized>(pub T);

include!(concat!(env!("OUT_DIR"), "/user_programs.rs"));

/// The ELF image of the embedded program `name`.
pub fn get(name: &str) -> Option<&'static [u8]> {
    PROGRAMS.iter().find(|(n, _)| *n == name).map(|(_, b)| *b)
}
