//! A software MMU over an address space: access "user" memory the way the
//! hardware would, through the real generic fault path.
//!
//! [`Mm::read`] and [`Mm::write`] walk the page tables for each page; when
//! the entry is missing or forbids the access they call the fault driver
//! ([`Mm::fault`]) exactly as an architecture's handler would, treat any
//! result without a [`VmFault::ERROR`] bit as "resolved, try the access
//! again", and stop on an error. Tests on the host and self-tests in the
//! kernel use them to touch memory of a space that is not loaded into the
//! MMU.
//!
//! The VMA must have the flag naming the access (`READ`, `WRITE`, `EXEC`):
//! the rule every architecture shares. Entries have no read bit, so a load
//! through a present entry needs no fault.

use core::fmt;

use crate::arch::{Arch, PteFlags};
use crate::fault_driver::{AccessError, FaultOutcome};
use crate::mm::Mm;
use crate::{FaultFlags, VmFault, VmaFlags, PAGE_SIZE};

/// Faults one page access may take before it is reported as a livelock:
/// far more than any legitimate sequence of retries.
const MAX_FAULTS_PER_PAGE: usize = 10_000;

/// The kind of access.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// A load.
    Read,
    /// A store.
    Write,
    /// An instruction fetch (reads the bytes).
    Execute,
}

/// Why a software-MMU access stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AccessFault {
    /// The page whose access failed (a page address, as the TEID gives).
    pub page: u64,
    /// What the fault driver answered (never a success).
    pub outcome: FaultOutcome,
}

impl AccessFault {
    /// Whether the failure is `handle_mm_fault` returning `bit`.
    pub fn is_fault(&self, bit: VmFault) -> bool {
        matches!(self.outcome, FaultOutcome::Fault(f) if f.intersects(bit))
    }

    /// Whether the failure is the arch-local `err`.
    pub fn is_access(&self, err: AccessError) -> bool {
        self.outcome == FaultOutcome::Access(err)
    }
}

impl fmt::Display for AccessFault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.outcome {
            FaultOutcome::Fault(v) => write!(f, "fault at {:#x}: {v}", self.page),
            FaultOutcome::Access(e) => write!(f, "fault at {:#x}: {e:?}", self.page),
            FaultOutcome::SignalPending => write!(f, "fault at {:#x}: signal pending", self.page),
        }
    }
}

impl<A: Arch> Mm<A> {
    /// Reads `buf.len()` bytes at `addr` as a user-mode load.
    pub fn read(&self, addr: u64, buf: &mut [u8]) -> Result<(), AccessFault> {
        self.access(addr, Access::Read, Buf::In(buf))
    }

    /// Writes `data` at `addr` as a user-mode store.
    pub fn write(&self, addr: u64, data: &[u8]) -> Result<(), AccessFault> {
        self.access(addr, Access::Write, Buf::Out(data))
    }

    /// Fetches `buf.len()` bytes at `addr` as instructions.
    pub fn fetch(&self, addr: u64, buf: &mut [u8]) -> Result<(), AccessFault> {
        self.access(addr, Access::Execute, Buf::In(buf))
    }

    fn access(&self, addr: u64, kind: Access, mut buf: Buf<'_, '_>) -> Result<(), AccessFault> {
        let mut done = 0;
        while done < buf.len() {
            let a = addr.wrapping_add(done as u64);
            let page = a & !(PAGE_SIZE - 1);
            let n = ((page + PAGE_SIZE - a) as usize).min(buf.len() - done);
            let mut faults = 0;
            while !self.try_access(a, kind, &mut buf, done, n) {
                faults += 1;
                let outcome = self.fault(a, fault_flags(kind), vma_access(kind), &mut || false);
                let resolved = matches!(outcome, FaultOutcome::Fault(v) if !v.is_error());
                if !resolved || faults >= MAX_FAULTS_PER_PAGE {
                    return Err(AccessFault { page, outcome });
                }
            }
            done += n;
        }
        Ok(())
    }

    /// One hardware-style attempt: walk, check, copy, all under the
    /// page-table lock so the frame cannot be freed meanwhile.
    fn try_access(&self, a: u64, kind: Access, buf: &mut Buf<'_, '_>, at: usize, n: usize) -> bool {
        let arch = self.mem.arch();
        let ptl = self.ptl.lock();
        let Some(slot) = arch.walk(ptl.root, a & !(PAGE_SIZE - 1)) else {
            return false;
        };
        let pte = arch.read_pte(slot);
        let needed = match kind {
            Access::Read => PteFlags::PRESENT,
            Access::Write => PteFlags::PRESENT | PteFlags::WRITE,
            Access::Execute => PteFlags::PRESENT | PteFlags::EXEC,
        };
        if !pte.flags.contains(needed) {
            return false;
        }
        let pa = pte.frame.addr() + (a & (PAGE_SIZE - 1));
        match buf {
            Buf::In(b) => arch.read_phys(pa, &mut b[at..at + n]),
            Buf::Out(b) => arch.write_phys(pa, &b[at..at + n]),
        }
        true
    }
}

enum Buf<'a, 'b> {
    In(&'a mut [u8]),
    Out(&'b [u8]),
}

impl Buf<'_, '_> {
    fn len(&self) -> usize {
        match self {
            Buf::In(b) => b.len(),
            Buf::Out(b) => b.len(),
        }
    }
}

fn fault_flags(kind: Access) -> FaultFlags {
    let f = FaultFlags::DEFAULT | FaultFlags::USER;
    match kind {
        Access::Read => f,
        Access::Write => f | FaultFlags::WRITE,
        Access::Execute => f | FaultFlags::INSTRUCTION,
    }
}

/// The VMA access the software MMU asks of a fault: the flag naming the
/// access, which every architecture requires or accepts (a load needs
/// `READ`, a store `WRITE`, a fetch `EXEC`). Some architectures let a load
/// through on more (s390: any of the three); the soft MMU does not.
fn vma_access(kind: Access) -> VmaFlags {
    match kind {
        Access::Read => VmaFlags::READ,
        Access::Write => VmaFlags::WRITE,
        Access::Execute => VmaFlags::EXEC,
    }
}
