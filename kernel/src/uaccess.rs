//! User-memory access for the generic kernel: the backend's two copies
//! (`karch::Arch::copy_{from,to}_user`) and the word helpers built on them.
//! Words are in the machine's byte order, as the user program stores them.

pub use karch::Efault;

use arch::Arch;
use karch::Arch as _;

/// Copies from user address `src` into `dst`.
#[inline]
pub fn copy_from_user(dst: &mut [u8], src: u64) -> Result<(), Efault> {
    Arch::copy_from_user(dst, src)
}

/// Copies `src` to user address `dst`.
#[inline]
pub fn copy_to_user(dst: u64, src: &[u8]) -> Result<(), Efault> {
    Arch::copy_to_user(dst, src)
}

/// Reads one `u64` from user memory.
pub fn get_user(addr: u64) -> Result<u64, Efault> {
    let mut b = [0u8; 8];
    copy_from_user(&mut b, addr)?;
    Ok(u64::from_ne_bytes(b))
}

/// Writes one `u64` to user memory.
pub fn put_user(addr: u64, value: u64) -> Result<(), Efault> {
    copy_to_user(addr, &value.to_ne_bytes())
}
/// Copies a NUL-terminated string from user memory into `dst`, at most
/// `dst.len()` bytes. Returns the length without the NUL, or `dst.len()`
/// if no NUL came first (like Linux's `strncpy_from_user`). Reads stop at
/// the NUL, so a string ending just before an unmapped page works.
pub fn strncpy_from_user(dst: &mut [u8], src: u64) -> Result<usize, Efault> {
    let mut done = 0;
    while done < dst.len() {
        // Never read past the page holding the next byte: the NUL may be
        // the last mapped byte.
        let addr = src + done as u64;
        let to_page_end = (mm::PAGE_SIZE - (addr % mm::PAGE_SIZE)) as usize;
        let n = to_page_end.min(dst.len() - done);
        copy_from_user(&mut dst[done..done + n], addr)?;
        if let Some(i) = dst[done..done + n].iter().position(|&b| b == 0) {
            return Ok(done + i);
        }
        done += n;
    }
    Ok(dst.len())
}
