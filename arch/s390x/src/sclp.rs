//! The Service-Call Logical Processor (SCLP): the ASCII console and the
//! storage size.
//!
//! Commands go through `SERVC` with an SCCB (service-call control block)
//! that must lie below 2 GiB, be 8-byte aligned and not cross a 4 KiB
//! boundary. One page-aligned static SCCB satisfies all three; a lock
//! serialises its users. Under TCG a command completes before `SERVC`
//! returns; elsewhere the machine fills in the response code later, so the
//! driver polls it (boundedly) instead of relying on that.

use core::mem::offset_of;

use ksync::SpinLock;
use static_assertions::const_assert_eq;

/// SCLP command: WRITE EVENT MASK (enables event types for the console).
const CMD_WRITE_EVENT_MASK: u32 = 0x0078_0005;
/// SCLP command: WRITE EVENT DATA (sends an event buffer).
const CMD_WRITE_EVENT_DATA: u32 = 0x0076_0005;
/// SCLP command: READ SCP INFO, forced variant.
const CMD_READ_SCP_INFO_FORCED: u32 = 0x0012_0001;
/// SCLP command: READ SCP INFO.
const CMD_READ_SCP_INFO: u32 = 0x0002_0001;

/// Response code: normal completion.
const RC_NORMAL: u16 = 0x0020;
/// Response code: normal read completion (READ SCP INFO).
const RC_NORMAL_READ: u16 = 0x0010;
/// Response code: the command is not supported.
const RC_INVALID_COMMAND: u16 = 0x01f0;

/// Event type of the ASCII ("VT220") console.
const EVTYP_VT220: u8 = 0x1a;
/// Send-mask bit for event type 0x1a: event type n is mask bit n-1 (MSB-0).
const MASK_VT220: u32 = 1 << (32 - EVTYP_VT220 as u32);

const SCCB_SIZE: usize = 4096;

/// Common SCCB header.
#[repr(C)]
struct SccbHeader {
    length: u16,
    function_code: u8,
    control_mask: [u8; 3],
    response_code: u16,
}
const_assert_eq!(core::mem::size_of::<SccbHeader>(), 8);

/// Event-buffer header inside WRITE EVENT DATA.
#[repr(C)]
struct EventHeader {
    length: u16,
    event_type: u8,
    flags: u8,
    reserved: u16,
}
const_assert_eq!(core::mem::size_of::<EventHeader>(), 6);

/// WRITE EVENT MASK with 4-byte masks.
#[repr(C)]
struct WriteEventMask {
    h: SccbHeader,
    reserved: u16,
    mask_length: u16,
    cp_receive_mask: u32,
    cp_send_mask: u32,
    sclp_receive_mask: u32,
    sclp_send_mask: u32,
}
const_assert_eq!(offset_of!(WriteEventMask, cp_receive_mask), 12);
const_assert_eq!(core::mem::size_of::<WriteEventMask>(), 28);

/// Bytes of text one WRITE EVENT DATA can carry.
const TEXT_MAX: usize = SCCB_SIZE - 8 - 6;

/// Offsets in the READ SCP INFO response.
const SCP_RNMAX: usize = 8; // u16: number of storage increments
const SCP_RNSIZE: usize = 10; // u8: increment size in MiB
const SCP_RNSIZE2: usize = 100; // u32, when rnsize is 0
const SCP_RNMAX2: usize = 104; // u64, when rnmax is 0

#[repr(C, align(4096))]
struct Sccb([u8; SCCB_SIZE]);

static SCCB: SpinLock<Sccb> = SpinLock::new(Sccb([0; SCCB_SIZE]));

/// Why an SCLP command failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SclpError {
    /// `SERVC` gave condition code 3: no SCLP.
    NotOperational,
    /// The SCLP stayed busy.
    Busy,
    /// The command never completed.
    Timeout,
    /// The SCLP answered with this response code.
    Response(u16),
}

impl Sccb {
    fn header(&mut self) -> &mut SccbHeader {
        // SAFETY: the buffer is 4096-byte aligned and larger than the
        // header, which is plain integers valid for any bit pattern.
        unsafe { &mut *(self.0.as_mut_ptr() as *mut SccbHeader) }
    }

    fn response(&self) -> u16 {
        // The machine writes this field behind the compiler's back.
        // SAFETY: in bounds and aligned (offset 6 of an aligned buffer).
        unsafe { core::ptr::read_volatile(self.0.as_ptr().add(6) as *const u16) }
    }

    /// Issues `cmd` with this SCCB and waits for the response code.
    #[cfg(target_arch = "s390x")]
    fn call(&mut self, cmd: u32) -> Result<u16, SclpError> {
        self.header().response_code = 0;
        let addr = self.0.as_ptr() as u64;
        for _ in 0..1000 {
            // SAFETY: the static SCCB is page-aligned in the kernel image
            // (below 2 GiB, identity-mapped), and its header was filled in
            // by the caller; we hold the lock, so nobody touches it.
            match unsafe { crate::asm::servc(cmd, addr) } {
                0 => {
                    for _ in 0..10_000_000 {
                        let rc = self.response();
                        if rc != 0 {
                            return Ok(rc);
                        }
                        core::hint::spin_loop();
                    }
                    return Err(SclpError::Timeout);
                }
                2 => core::hint::spin_loop(),
                _ => return Err(SclpError::NotOperational),
            }
        }
        Err(SclpError::Busy)
    }
}

/// Enables the ASCII console's send mask. Call once before writing.
#[cfg(target_arch = "s390x")]
pub fn console_init() -> Result<(), SclpError> {
    let mut s = SCCB.lock();
    s.0.fill(0);
    // SAFETY: WriteEventMask is plain integers and fits the aligned buffer.
    let m = unsafe { &mut *(s.0.as_mut_ptr() as *mut WriteEventMask) };
    m.h.length = core::mem::size_of::<WriteEventMask>() as u16;
    m.mask_length = 4;
    m.cp_send_mask = MASK_VT220;
    match s.call(CMD_WRITE_EVENT_MASK)? {
        RC_NORMAL => Ok(()),
        rc => Err(SclpError::Response(rc)),
    }
}

/// Writes `text` to the ASCII console, in as many SCCBs as it takes.
/// `\n` becomes `\r\n` so a terminal shows proper lines.
#[cfg(target_arch = "s390x")]
pub fn console_write(text: &str) {
    let mut s = SCCB.lock();
    let mut bytes = text.bytes().peekable();
    while bytes.peek().is_some() {
        let body = &mut s.0[14..];
        let mut n = 0;
        while n + 2 <= TEXT_MAX {
            match bytes.next() {
                Some(b'\n') => {
                    body[n] = b'\r';
                    body[n + 1] = b'\n';
                    n += 2;
                }
                Some(b) => {
                    body[n] = b;
                    n += 1;
                }
                None => break,
            }
        }
        let h = s.header();
        h.length = (8 + 6 + n) as u16;
        h.function_code = 0;
        h.control_mask = [0; 3];
        // SAFETY: EventHeader is plain integers at offset 8 of the aligned
        // buffer (2-byte alignment suffices).
        let e = unsafe { &mut *(s.0.as_mut_ptr().add(8) as *mut EventHeader) };
        e.length = (6 + n) as u16;
        e.event_type = EVTYP_VT220;
        e.flags = 0;
        e.reserved = 0;
        // A console that fails has nowhere to report to: drop the text.
        if s.call(CMD_WRITE_EVENT_DATA).is_err() {
            return;
        }
    }
}

/// Breaks the SCCB lock for the oops path, which may have interrupted a
/// console write that will never finish.
pub fn force_unlock() {
    // SAFETY: only called by the code that ends the run, with interrupts
    // off on the only running CPU.
    unsafe { SCCB.force_unlock() };
}

/// Storage size in bytes, from READ SCP INFO.
#[cfg(target_arch = "s390x")]
pub fn memory_size() -> Result<u64, SclpError> {
    let mut s = SCCB.lock();
    let mut rc = RC_INVALID_COMMAND;
    for cmd in [CMD_READ_SCP_INFO_FORCED, CMD_READ_SCP_INFO] {
        s.0.fill(0);
        s.header().length = SCCB_SIZE as u16;
        rc = s.call(cmd)?;
        if rc != RC_INVALID_COMMAND {
            break;
        }
    }
    if rc != RC_NORMAL_READ && rc != RC_NORMAL {
        return Err(SclpError::Response(rc));
    }
    Ok(scp_info_memory(&s.0))
}

/// Decodes the storage size from a READ SCP INFO response.
fn scp_info_memory(info: &[u8; SCCB_SIZE]) -> u64 {
    let be16 = |o: usize| u16::from_be_bytes([info[o], info[o + 1]]) as u64;
    let be32 = |o: usize| u32::from_be_bytes(info[o..o + 4].try_into().unwrap()) as u64;
    let be64 = |o: usize| u64::from_be_bytes(info[o..o + 8].try_into().unwrap());
    let rnmax = match be16(SCP_RNMAX) {
        0 => be64(SCP_RNMAX2),
        n => n,
    };
    let rnsize = match info[SCP_RNSIZE] as u64 {
        0 => be32(SCP_RNSIZE2),
        n => n,
    };
    (rnmax * rnsize) << 20
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vt220_mask_bit() {
        assert_eq!(MASK_VT220, 0x40);
    }

    #[test]
    fn memory_from_either_field_pair() {
        let mut info = [0u8; SCCB_SIZE];
        info[SCP_RNMAX..SCP_RNMAX + 2].copy_from_slice(&128u16.to_be_bytes());
        info[SCP_RNSIZE] = 1;
        assert_eq!(scp_info_memory(&info), 128 << 20);

        let mut info = [0u8; SCCB_SIZE];
        info[SCP_RNMAX2..SCP_RNMAX2 + 8].copy_from_slice(&5000u64.to_be_bytes());
        info[SCP_RNSIZE2..SCP_RNSIZE2 + 4].copy_from_slice(&1u32.to_be_bytes());
        assert_eq!(scp_info_memory(&info), 5000 << 20);
    }
}
