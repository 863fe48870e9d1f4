//! `siginfo_t` as every 64-bit Linux architecture here lays it out: three
//! `int`s, padding to 16 bytes, then a union (128 bytes in all). Fields
//! are in the machine's byte order, so a frame built by the kernel is read
//! natively by the program.

use core::mem::size_of;

use static_assertions::const_assert_eq;

use crate::signal::SI_USER;

/// `siginfo_t`.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Siginfo {
    /// Signal number.
    pub signo: i32,
    /// Always 0 here.
    pub errno: i32,
    /// `si_code`.
    pub code: i32,
    _pad: i32,
    /// The union: `si_addr` for SIGSEGV/SIGBUS/SIGILL/SIGFPE; `si_pid`
    /// then `si_uid` (two `int`s in the first word) for signals sent by
    /// `kill`.
    pub fields: [u64; 14],
}

const_assert_eq!(size_of::<Siginfo>(), 128);

impl Siginfo {
    /// A signal about an address: a fault or a program check (`si_addr`).
    pub const fn fault(signo: i32, code: i32, addr: u64) -> Self {
        let mut fields = [0u64; 14];
        fields[0] = addr;
        Self {
            signo,
            errno: 0,
            code,
            _pad: 0,
            fields,
        }
    }

    /// A signal sent by task `pid` (`SI_USER`, uid 0).
    pub const fn from_task(signo: i32, pid: i32) -> Self {
        let mut fields = [0u64; 14];
        // si_pid is the first int of the union, si_uid the second: in one
        // native u64 their order depends on the byte order.
        fields[0] = if cfg!(target_endian = "big") {
            (pid as u32 as u64) << 32
        } else {
            pid as u32 as u64
        };
        Self {
            signo,
            errno: 0,
            code: SI_USER,
            _pad: 0,
            fields,
        }
    }

    /// `SIGCHLD` for a child `pid` that exited (`CLD_EXITED`, `status` its
    /// exit code) or was killed (`CLD_KILLED`, `status` the signal): the
    /// union holds `si_pid`, `si_uid`, `si_status`, then the child's user
    /// and system times (zero here).
    pub const fn child(pid: i32, code: i32, status: i32) -> Self {
        let mut fields = [0u64; 14];
        let (first, second) = if cfg!(target_endian = "big") {
            ((pid as u32 as u64) << 32, (status as u32 as u64) << 32)
        } else {
            (pid as u32 as u64, status as u32 as u64)
        };
        fields[0] = first;
        fields[1] = second;
        Self {
            signo: crate::signal::SIGCHLD,
            errno: 0,
            code,
            _pad: 0,
            fields,
        }
    }

    /// `si_addr` (the first word of the union).
    pub const fn addr(&self) -> u64 {
        self.fields[0]
    }

    /// The structure as bytes, to copy into a signal frame.
    pub fn as_bytes(&self) -> &[u8; 128] {
        // SAFETY: Siginfo is repr(C), 128 bytes (asserted above), made only
        // of integers with the padding an explicit field, so every byte is
        // initialised; the array has alignment 1.
        unsafe { &*(self as *const Self as *const [u8; 128]) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fault_fields_sit_where_linux_puts_them() {
        let i = Siginfo::fault(11, 2, 0x7000);
        let b = i.as_bytes();
        assert_eq!(&b[0..4], &11i32.to_ne_bytes());
        assert_eq!(&b[8..12], &2i32.to_ne_bytes());
        assert_eq!(&b[16..24], &0x7000u64.to_ne_bytes());
    }

    #[test]
    fn child_status_follows_pid_and_uid() {
        let i = Siginfo::child(42, 2, 13);
        let b = i.as_bytes();
        assert_eq!(&b[0..4], &17i32.to_ne_bytes());
        assert_eq!(&b[8..12], &2i32.to_ne_bytes());
        assert_eq!(&b[16..20], &42i32.to_ne_bytes(), "si_pid");
        assert_eq!(&b[20..24], &0i32.to_ne_bytes(), "si_uid");
        assert_eq!(&b[24..28], &13i32.to_ne_bytes(), "si_status");
    }

    #[test]
    fn sender_pid_is_the_first_int_of_the_union() {
        let i = Siginfo::from_task(10, 1234);
        let b = i.as_bytes();
        assert_eq!(&b[16..20], &1234i32.to_ne_bytes());
        assert_eq!(&b[20..24], &0i32.to_ne_bytes(), "si_uid");
        assert_eq!(i.code, SI_USER);
    }
}
