//! The fault dispatch end to end, driven from kernel mode: the kernel
//! copies to and from a user address space whose pages are not there yet,
//! so every access faults through the backend's fault handler, the generic
//! driver and `classify`. Information bits never reach the error sink;
//! unresolvable faults end in the exception table's -EFAULT.

use alloc::sync::Arc;
use alloc::vec;
use alloc::vec::Vec;

use kcore::ktest::Failure;
use kcore::{kassert, kassert_eq, ktest};
use mm::fault_stats::STATS;
use mm::{Backing, FileObject, IoCompletion, Placement, VmFault, VmaFlags};

use crate::task::{self, UserMm};
use crate::uaccess::{copy_from_user, copy_to_user, strncpy_from_user, Efault};

const BASE: u64 = 0x1000_0000;
const PAGE: u64 = 4096;

/// A user address space made current for the duration of a test.
struct Current(Arc<UserMm>);

impl Current {
    fn new() -> Result<Self, Failure> {
        let mm = UserMm::new(task::memory().clone())
            .map_err(|e| Failure::Fail(alloc::format!("{e}")))?;
        let mm = Arc::new(mm);
        task::switch_mm(Some(mm.clone()));
        Ok(Self(mm))
    }

    fn map(&self, addr: u64, pages: u64, flags: VmaFlags) -> Result<(), Failure> {
        self.0
            .mmap(Placement::Fixed(addr), pages * PAGE, flags, Backing::Anon)
            .map(|_| ())
            .map_err(|e| Failure::Fail(alloc::format!("mmap: {e}")))
    }
}

impl Drop for Current {
    fn drop(&mut self) {
        task::switch_mm(None);
    }
}

fn fixups() -> u64 {
    STATS.fixups.load(core::sync::atomic::Ordering::Relaxed)
}

/// The information bits of docs/fault-model.md §1 plus bits nobody has
/// defined yet.
const INFO: [u32; 11] = [
    VmFault::MAJOR.bits(),
    VmFault::NOPAGE.bits(),
    VmFault::LOCKED.bits(),
    VmFault::RETRY.bits(),
    VmFault::COMPLETED.bits(),
    VmFault::DONE_COW.bits(),
    VmFault::NEEDDSYNC.bits(),
    0x8,
    0x80,
    0x8000,
    0x10_0000,
];

ktest! {
    suite = "dispatch";

    /// Copies into not-yet-present user pages succeed; the faults are
    /// minor faults resolved by the generic path.
    fn copy_demand_pages_user_memory() {
        task::memory(); // the shared zero page is allocated once, up front
        let frames_before = crate::memory::frames().free_count();
        {
            let c = Current::new()?;
            c.map(BASE, 4, VmaFlags::rw())?;
            let data: Vec<u8> = (0..3 * PAGE as usize + 100).map(|i| i as u8).collect();
            kassert_eq!(copy_to_user(BASE + 50, &data), Ok(()));
            let mut back = vec![0u8; data.len()];
            kassert_eq!(copy_from_user(&mut back, BASE + 50), Ok(()));
            kassert!(back == data, "data differs");
            let n = c.0.counters();
            kassert!(n.minor >= 4, "only {} minor faults", n.minor);
            kassert_eq!(n.major, 0);
        }
        kassert_eq!(crate::memory::frames().free_count(), frames_before);
        Ok(())
    }

    /// A read-only user page makes copy_to_user return -EFAULT through
    /// the exception table (no oops); reading it works.
    fn copy_to_read_only_is_efault() {
        let c = Current::new()?;
        c.map(BASE, 1, VmaFlags::ro())?;
        let before = fixups();
        kassert_eq!(copy_to_user(BASE, &[1, 2, 3]), Err(Efault));
        kassert!(fixups() > before, "no fixup counted");
        let mut b = [9u8; 8];
        kassert_eq!(copy_from_user(&mut b, BASE), Ok(()));
        kassert_eq!(b, [0u8; 8]);
        Ok(())
    }

    /// An unmapped address makes copy_from_user return -EFAULT.
    fn copy_from_unmapped_is_efault() {
        let c = Current::new()?;
        c.map(BASE, 1, VmaFlags::rw())?;
        let mut b = [0u8; 16];
        kassert_eq!(copy_from_user(&mut b, BASE + 0x10_0000), Err(Efault));
        // Running off the end of a mapping fails too.
        let mut big = vec![0u8; 2 * PAGE as usize];
        kassert_eq!(copy_from_user(&mut big, BASE), Err(Efault));
        Ok(())
    }

    /// A file-backed mapping gives MAJOR on first touch; the dispatcher
    /// treats it as success.
    fn file_mapping_major_fault_is_success() {
        let c = Current::new()?;
        let data: Vec<u8> = (0..2 * PAGE as usize).map(|i| (i * 3) as u8).collect();
        let file = FileObject::file(task::memory().clone(), data.clone());
        c.0.mmap(Placement::Fixed(BASE), 2 * PAGE, VmaFlags::ro(), Backing::Object { object: file, offset: 0 })
            .map_err(|e| Failure::Fail(alloc::format!("{e}")))?;
        let mut back = vec![0u8; data.len()];
        kassert_eq!(copy_from_user(&mut back, BASE), Ok(()));
        kassert!(back == data, "file contents differ");
        kassert_eq!(c.0.counters().major, 2);
        Ok(())
    }

    /// A kernel access to a page "being read in" waits on the mmap-lock
    /// path and gets COMPLETED, as Linux's waiters do: success, and the
    /// dispatcher returns at once. (The per-VMA path's RETRY is exercised
    /// from user mode in the `user` suite.)
    fn page_in_io_completes() {
        let c = Current::new()?;
        let file = FileObject::file(task::memory().clone(), vec![7u8; PAGE as usize]);
        file.hold_io(0, IoCompletion::OnWait).map_err(|e| Failure::Fail(alloc::format!("{e:?}")))?;
        c.0.mmap(Placement::Fixed(BASE), PAGE, VmaFlags::ro(), Backing::Object { object: file, offset: 0 })
            .map_err(|e| Failure::Fail(alloc::format!("{e}")))?;
        let mut b = [0u8; 4];
        kassert_eq!(copy_from_user(&mut b, BASE + 8), Ok(()));
        kassert_eq!(b, [7u8; 4]);
        kassert!(STATS.completed.load(core::sync::atomic::Ordering::Relaxed) >= 1, "no COMPLETED was seen");
        Ok(())
    }

    /// handle_mm_fault answering each information bit, every pair of
    /// them, and bits nobody has defined: the access completes and the
    /// kernel carries on. The 2023 s390 bug treated these as errors.
    fn information_bits_are_never_errors() {
        let c = Current::new()?;
        let mut values: Vec<u32> = INFO.to_vec();
        for (i, a) in INFO.iter().enumerate() {
            for b in &INFO[i + 1..] {
                values.push(a | b);
            }
        }
        c.map(BASE, values.len() as u64, VmaFlags::rw())?;
        let fixups_before = fixups();
        for (k, v) in values.iter().enumerate() {
            let page = BASE + k as u64 * PAGE;
            c.0.inject_fault(VmFault::from_bits_retain(*v));
            let r = copy_to_user(page, &(*v as u64).to_ne_bytes());
            kassert!(r.is_ok(), "injected {:#x}: copy failed", v);
            kassert_eq!(c.0.injector().pending(), 0);
            let mut b = [0u8; 8];
            kassert_eq!(copy_from_user(&mut b, page), Ok(()));
            kassert_eq!(u64::from_ne_bytes(b), *v as u64);
        }
        kassert_eq!(fixups(), fixups_before);
        Ok(())
    }

    /// A string ending on the last byte before a hole is read; one that
    /// runs into the hole is -EFAULT; a long one is cut at the buffer.
    fn strncpy_stops_at_nul() {
        let c = Current::new()?;
        c.map(BASE, 1, VmaFlags::rw())?;
        let s = b"fault\0";
        let at = BASE + PAGE - s.len() as u64;
        kassert_eq!(copy_to_user(at, s), Ok(()));
        let mut buf = [0xffu8; 32];
        kassert_eq!(strncpy_from_user(&mut buf, at), Ok(5));
        kassert_eq!(&buf[..5], b"fault");
        kassert_eq!(copy_to_user(BASE + PAGE - 8, b"12345678"), Ok(()));
        kassert_eq!(strncpy_from_user(&mut buf, BASE + PAGE - 8), Err(Efault));
        let mut small = [0u8; 4];
        kassert_eq!(strncpy_from_user(&mut small, at), Ok(4));
        Ok(())
    }

    /// Out of memory during a kernel-mode copy: -EFAULT through the
    /// exception table, and no frame leaks.
    fn oom_during_kernel_copy_is_efault() {
        let frames = crate::memory::frames();
        let start = frames.free_count();
        {
            let c = Current::new()?;
            c.map(BASE, 1, VmaFlags::rw())?;
            // Make the page table exist, then take every free frame.
            kassert_eq!(copy_to_user(BASE, &[1]), Ok(()));
            c.0.munmap(BASE, PAGE).map_err(|e| Failure::Fail(alloc::format!("{e}")))?;
            c.map(BASE, 1, VmaFlags::rw())?;
            let mut held = Vec::new();
            while let Ok(f) = frames.alloc() {
                held.push(f);
            }
            let r = copy_to_user(BASE, &[1, 2, 3]);
            for f in held {
                frames.free(f);
            }
            kassert_eq!(r, Err(Efault));
        }
        kassert_eq!(frames.free_count(), start);
        Ok(())
    }
}

/// The generic mm self-tests (the same source the host runs), on this
/// machine's backend and real page tables.
pub fn mm_cases() -> Vec<kcore::ktest::Case> {
    mm::selftest::cases::<task::Mmu>()
        .into_iter()
        .map(|(name, case)| {
            kcore::ktest::Case::boxed("mm_generic", name, move || {
                mm::selftest::run(task::memory(), case).map_err(Failure::Fail)
            })
        })
        .collect()
}
