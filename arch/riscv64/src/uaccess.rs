//! Kernel access to user memory.
//!
//! User and kernel share one address space (the user's lower half, the
//! kernel's upper half), and an S-mode access to a `U` page faults unless
//! `sstatus.SUM` is set. Only the copy routine here sets it, around its
//! loop, and every load or store it makes has an exception-table entry: a
//! fault on the user side goes to the fault handler, which pages the
//! memory in and retries, or, if it cannot, resumes at the fixup, which
//! clears `SUM` and returns the bytes not copied. A user range that is
//! not entirely below [`USER_END`] is refused before any access, so a
//! user pointer can never make the kernel read or write its own half.

pub use karch::Efault;

use crate::layout::USER_END;

#[cfg(target_arch = "riscv64")]
core::arch::global_asm!(
    r#"
    .section .text, "ax"
    .globl __copy_user
    .type __copy_user, @function
# a0 = destination, a1 = source, a2 = length; one side is user memory.
# Returns the number of bytes not copied (0 on success).
__copy_user:
    li      t1, {sum}
    csrs    sstatus, t1
    # Doublewords while both sides are aligned, then bytes.
    or      t2, a0, a1
    andi    t2, t2, 7
    bnez    t2, 3f
    li      t3, 8
1:  bltu    a2, t3, 3f
10: ld      t0, 0(a1)
11: sd      t0, 0(a0)
    addi    a0, a0, 8
    addi    a1, a1, 8
    addi    a2, a2, -8
    j       1b
3:  beqz    a2, 4f
12: lbu     t0, 0(a1)
13: sb      t0, 0(a0)
    addi    a0, a0, 1
    addi    a1, a1, 1
    addi    a2, a2, -1
    j       3b
4:  csrc    sstatus, t1
    li      a0, 0
    ret
    # The fixup: a fault the handler could not resolve.
5:  csrc    sstatus, t1
    mv      a0, a2
    ret
    .size __copy_user, . - __copy_user

    .pushsection .ex_table, "a"
    .balign 8
    .dword  10b, 5b
    .dword  11b, 5b
    .dword  12b, 5b
    .dword  13b, 5b
    .popsection
"#,
    sum = const crate::csr::sstatus::SUM,
);

#[cfg(target_arch = "riscv64")]
extern "C" {
    fn __copy_user(dst: u64, src: u64, len: u64) -> u64;
}

/// Whether `addr..addr + len` lies in user space.
fn user_range(addr: u64, len: usize) -> Result<(), Efault> {
    match addr.checked_add(len as u64) {
        Some(end) if end <= USER_END => Ok(()),
        _ => Err(Efault),
    }
}

/// Copies from user address `src` into `dst`.
#[cfg(target_arch = "riscv64")]
pub fn copy_from_user(dst: &mut [u8], src: u64) -> Result<(), Efault> {
    user_range(src, dst.len())?;
    // SAFETY: `dst` is a kernel buffer of `dst.len()` bytes; the source is
    // user memory (checked above), whose faults the exception table covers.
    match unsafe { __copy_user(dst.as_mut_ptr() as u64, src, dst.len() as u64) } {
        0 => Ok(()),
        _ => Err(Efault),
    }
}

/// Copies `src` to user address `dst`.
#[cfg(target_arch = "riscv64")]
pub fn copy_to_user(dst: u64, src: &[u8]) -> Result<(), Efault> {
    user_range(dst, src.len())?;
    // SAFETY: `src` is a kernel buffer of `src.len()` bytes; the
    // destination is user memory (checked above).
    match unsafe { __copy_user(dst, src.as_ptr() as u64, src.len() as u64) } {
        0 => Ok(()),
        _ => Err(Efault),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_user_ranges_pass() {
        assert!(user_range(0, 0).is_ok());
        assert!(user_range(USER_END - 8, 8).is_ok());
        assert!(user_range(USER_END - 8, 9).is_err());
        assert!(user_range(USER_END, 0).is_ok());
        assert!(user_range(crate::layout::DIRECT_MAP, 1).is_err());
        assert!(user_range(u64::MAX, 2).is_err());
    }
}
