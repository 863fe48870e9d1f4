//! `copy_{from,to}_user` against a real user tree in `satp`, through the
//! fault handler: mapped memory copies (faulted in on first touch),
//! unmapped or read-only memory fails with `Efault` through the
//! exception table, and a range reaching into the kernel half fails
//! before any access. The exception table covers every user access.

use alloc::sync::Arc;
use alloc::vec;
use alloc::vec::Vec;
use core::sync::atomic::Ordering::Relaxed;

use kcore::{kassert, kassert_eq, ktest};
use mm::fault_stats::STATS;
use mm::{Backing, Memory, Placement, VmaFlags};

use super::fail;
use crate::csr::{self, sstatus};
use crate::current_mm::{current_mm, switch_mm};
use crate::fault::UserMm;
use crate::kspace::frames;
use crate::layout::{DIRECT_MAP, USER_END};
use crate::mmu::Riscv64Mmu;
use crate::uaccess::{copy_from_user, copy_to_user, Efault};

const RW: u64 = 0x10_0000;
const RO: u64 = 0x20_0000;
const HOLE: u64 = 0x30_0000;
/// The last page of user space.
const TOP: u64 = USER_END - mm::PAGE_SIZE;

/// A user address space in `satp` for the length of a test, with the
/// given anonymous mappings; the previous space comes back on drop.
struct UserSpace {
    previous: Option<Arc<UserMm>>,
}

impl UserSpace {
    fn new(maps: &[(u64, u64, VmaFlags)]) -> Result<Self, kcore::ktest::Failure> {
        let mem = Memory::new(Riscv64Mmu, frames()).map_err(|_| fail("out of frames"))?;
        let mm = Arc::new(UserMm::new(mem).map_err(|e| fail(alloc::format!("{e:?}")))?);
        for &(va, len, flags) in maps {
            let r = mm.mmap(Placement::Fixed(va), len, flags, Backing::Anon);
            if r != Ok(va) {
                return Err(fail(alloc::format!("mmap {va:#x}: {r:?}")));
            }
        }
        let previous = current_mm();
        switch_mm(Some(mm));
        Ok(Self { previous })
    }
}

impl Drop for UserSpace {
    fn drop(&mut self) {
        switch_mm(self.previous.take());
    }
}

fn sum_is_clear() -> bool {
    csr::read_sstatus() & sstatus::SUM == 0
}

/// The exception table as linked (unsorted).
fn raw_table() -> &'static [kcore::extable::Entry] {
    extern "C" {
        static __ex_table_start: u8;
        static __ex_table_end: u8;
    }
    // SAFETY: the linker script puts only `.ex_table` sections, which hold
    // 16-byte (instruction, fixup) records, between the two symbols.
    unsafe {
        let start = core::ptr::addr_of!(__ex_table_start).cast::<kcore::extable::Entry>();
        let end = core::ptr::addr_of!(__ex_table_end).cast::<kcore::extable::Entry>();
        core::slice::from_raw_parts(start, end.offset_from(start) as usize)
    }
}

/// Whether the instruction at `pc` (`len` bytes) is a load or store.
fn is_memory_access(insn: u32, len: u64) -> bool {
    if len == 4 {
        // LOAD, LOAD-FP, STORE, STORE-FP, AMO major opcodes.
        matches!(insn & 0x7f, 0x03 | 0x07 | 0x23 | 0x27 | 0x2f)
    } else {
        // C.FLD, C.LW, C.LD, C.FSD, C.SW, C.SD (quadrant 0), C.FLDSP,
        // C.LWSP, C.LDSP, C.FSDSP, C.SWSP, C.SDSP (quadrant 2).
        let funct3 = (insn >> 13) & 7;
        matches!(insn & 3, 0 | 2) && matches!(funct3, 1 | 2 | 3 | 5 | 6 | 7)
    }
}

/// The addresses of the loads and stores in `__copy_user`, read from its
/// code up to the second `ret` (the success path's, then the fixup's).
fn copy_user_accesses() -> Vec<u64> {
    extern "C" {
        fn __copy_user(dst: u64, src: u64, len: u64) -> u64;
    }
    /// `ret` and `c.jr ra`.
    const RET: u32 = 0x0000_8067;
    const C_RET: u32 = 0x8082;
    let mut pc = __copy_user as *const () as u64;
    let mut rets = 0;
    let mut found = Vec::new();
    while rets < 2 {
        let insn = super::insn_at(pc);
        let len = if insn & 3 == 3 { 4 } else { 2 };
        let insn = if len == 2 { insn & 0xffff } else { insn };
        if insn == RET || insn == C_RET {
            rets += 1;
        } else if is_memory_access(insn, len) {
            found.push(pc);
        }
        pc += len;
    }
    found
}

ktest! {
    suite = "riscv64_uaccess";

    /// Copies to and from mapped user pages round-trip across pages; the
    /// fault handler brings each page in on first touch; SUM is off again
    /// afterwards.
    fn copy_roundtrip_across_pages() {
        let _u = UserSpace::new(&[(RW, 3 * mm::PAGE_SIZE, VmaFlags::rw())])?;
        let faults = STATS.total.load(Relaxed);
        let data: Vec<u8> = (0..10_000u32).map(|i| (i * 7) as u8).collect();
        kassert_eq!(copy_to_user(RW + 100, &data), Ok(()));
        kassert!(STATS.total.load(Relaxed) >= faults + 3, "pages not faulted in");
        let mut back = vec![0u8; data.len()];
        kassert_eq!(copy_from_user(&mut back, RW + 100), Ok(()));
        kassert!(back == data, "data differs after the round trip");
        kassert!(sum_is_clear());
        Ok(())
    }

    /// An unmapped source or destination gives Efault through the
    /// exception table (counted as a fixup), not an oops; SUM is off.
    fn unmapped_is_efault() {
        let _u = UserSpace::new(&[(RW, mm::PAGE_SIZE, VmaFlags::rw())])?;
        let fixups = STATS.fixups.load(Relaxed);
        let mut buf = [0u8; 64];
        kassert_eq!(copy_from_user(&mut buf, HOLE), Err(Efault));
        kassert!(sum_is_clear());
        kassert_eq!(copy_to_user(HOLE + 8, &buf), Err(Efault));
        // Partly mapped: the copy runs off the end of RW.
        let mut big = vec![0u8; 8192];
        kassert_eq!(copy_from_user(&mut big, RW), Err(Efault));
        kassert_eq!(STATS.fixups.load(Relaxed), fixups + 3);
        kassert!(sum_is_clear());
        Ok(())
    }

    /// A read-only destination gives Efault; reading it works.
    fn read_only_is_efault() {
        let _u = UserSpace::new(&[(RO, mm::PAGE_SIZE, VmaFlags::ro())])?;
        kassert_eq!(copy_to_user(RO, &[1, 2, 3]), Err(Efault));
        let mut b = [0xffu8; 8];
        kassert_eq!(copy_from_user(&mut b, RO), Ok(()));
        kassert_eq!(b, [0; 8]);
        Ok(())
    }

    /// A range that reaches into the kernel half (or wraps) is refused
    /// before any access: no fault is taken, the kernel buffer and the
    /// last user page are untouched.
    fn kernel_half_is_refused_without_access() {
        let _u = UserSpace::new(&[(TOP, mm::PAGE_SIZE, VmaFlags::rw())])?;
        let marker = 0x1122_3344_5566_7788u64.to_le_bytes();
        kassert_eq!(copy_to_user(USER_END - 8, &marker), Ok(()));
        let faults = STATS.total.load(Relaxed);
        kassert_eq!(copy_to_user(USER_END - 8, &[0xaa; 16]), Err(Efault));
        let mut buf = [0x5au8; 16];
        kassert_eq!(copy_from_user(&mut buf, USER_END - 8), Err(Efault));
        kassert_eq!(buf, [0x5a; 16]);
        kassert_eq!(copy_from_user(&mut buf, DIRECT_MAP), Err(Efault));
        kassert_eq!(copy_to_user(DIRECT_MAP + 0x8020_0000, &buf), Err(Efault));
        kassert_eq!(copy_from_user(&mut buf, u64::MAX - 7), Err(Efault));
        kassert_eq!(buf, [0x5a; 16]);
        kassert_eq!(STATS.total.load(Relaxed), faults);
        let mut back = [0u8; 8];
        kassert_eq!(copy_from_user(&mut back, USER_END - 8), Ok(()));
        kassert_eq!(back, marker);
        Ok(())
    }

    /// The exception table is non-empty, and a lookup of each entry as
    /// linked finds its fixup in the sorted table.
    fn exception_table_lookups() {
        let raw = raw_table();
        kassert!(!raw.is_empty(), "empty exception table");
        kassert_eq!(crate::extable::len(), raw.len());
        for e in raw {
            kassert_eq!(crate::extable::search(e.insn), Some(e.fixup));
            kassert_eq!(crate::extable::search(e.insn + 2), None);
        }
        Ok(())
    }

    /// Every load and store of the copy routine has an entry whose fixup
    /// lies in the routine.
    fn every_user_access_has_an_entry() {
        let accesses = copy_user_accesses();
        // Doubleword and byte loops: a load and a store each.
        kassert_eq!(accesses.len(), 4);
        let start = accesses[0];
        for pc in accesses {
            let fixup = crate::extable::search(pc).ok_or_else(|| fail(alloc::format!("{pc:#x} has no entry")))?;
            kassert!(fixup > start && fixup < start + 0x100, "fixup {:#x} for {:#x}", fixup, pc);
        }
        Ok(())
    }
}
