//! `handle_mm_fault`: resolve one fault in one VMA.
//!
//! Every path prepares outside the page-table lock (allocating, zeroing,
//! copying, reading in) and then, under the lock, validates that nothing
//! changed (the VMA's sequence count and the entry it started from) before
//! it installs the new entry. When validation fails it backs out, freeing
//! what it allocated: a changed VMA gives `RETRY`, a changed entry means
//! another fault resolved the page first and the access can simply be
//! retried.

use alloc::sync::Arc;

use ksync::SpinLockGuard;

use crate::arch::{Arch, Pte, PteFlags, PteSlot, WalkError};
use crate::counters::Event;
use crate::fault_guard::FaultGuard;
use crate::file::{FileObject, Lookup};
use crate::frame::PhysFrame;
use crate::mm::{Mm, PtState};
use crate::mmap::reprotect;
use crate::vma::{Vma, VmaFlags};
use crate::{FaultFlags, VmFault, PAGE_SIZE};

/// What a validated install found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Install {
    Done,
    /// The entry is no longer what the fault started from.
    Raced,
    /// The VMA changed since the fault's snapshot.
    Stale,
    /// No frame for a page table.
    Oom,
    /// The page was poisoned meanwhile.
    Poisoned,
    /// The address is beyond the page tables (cannot happen for a VMA that
    /// mmap accepted; answered as an invalid access).
    BeyondReach,
}

impl Install {
    fn outcome(self) -> VmFault {
        match self {
            Install::Done | Install::Raced => VmFault::empty(),
            Install::Stale => VmFault::RETRY,
            Install::Oom => VmFault::OOM,
            Install::Poisoned => VmFault::HWPOISON,
            Install::BeyondReach => VmFault::SIGSEGV,
        }
    }
}

/// Whether a VMA with `vma` flags can allow the access `flags` describe
/// on any architecture: the core's own check of a caller, with only the
/// rules every architecture shares. A write needs a VMA that is writable
/// (and so may be: Linux's `sanitize_fault_flags`), an instruction fetch
/// needs `EXEC`, and any other access a VMA that allows some access
/// (Linux's `vma_is_accessible`). Which flags let a load through is the
/// architecture's rule, which the driver applies with the `access` it is
/// given ([`Mm::fault`]) and reports as `SEGV_ACCERR` itself.
fn access_permitted(vma: VmaFlags, flags: FaultFlags) -> bool {
    if flags.contains(FaultFlags::WRITE) {
        // A VMA that may never become writable refuses every write.
        vma.contains(VmaFlags::MAYWRITE | VmaFlags::WRITE)
    } else if flags.contains(FaultFlags::INSTRUCTION) {
        vma.contains(VmaFlags::EXEC)
    } else {
        vma.intersects(VmaFlags::ACCESS)
    }
}

fn exec_bit(vma: &Vma<impl Arch>) -> PteFlags {
    if vma.flags().contains(VmaFlags::EXEC) {
        PteFlags::EXEC
    } else {
        PteFlags::empty()
    }
}

/// The answer to a fault whose page tables could not be reached.
fn walk_error(e: WalkError) -> VmFault {
    match e {
        WalkError::OutOfFrames => VmFault::OOM,
        // Cannot happen for a VMA that mmap accepted.
        WalkError::BeyondReach => VmFault::SIGSEGV,
    }
}

const BASE: PteFlags = PteFlags::PRESENT
    .union(PteFlags::YOUNG)
    .union(PteFlags::USER);
const WRITABLE: PteFlags = BASE.union(PteFlags::WRITE).union(PteFlags::DIRTY);

impl<A: Arch> Mm<A> {
    /// Resolves a fault at `address` in the VMA `guard` holds.
    ///
    /// `flags` must say which lock the guard holds (`VMA_LOCK` for the
    /// per-VMA lock). The answer is a [`VmFault`]: only bits of
    /// [`VmFault::ERROR`] mean failure. If it has `RETRY` or `COMPLETED`,
    /// the guard's lock has been released; otherwise it is still held and
    /// the caller releases it (dropping the guard does).
    ///
    /// With the `fault-injection` feature, a value queued with
    /// `Mm::inject_fault` is returned instead of handling the fault.
    ///
    /// A caller error is refused with `SIGSEGV` before anything is done:
    /// contradictory flags, a guard whose lock does not match `VMA_LOCK`
    /// (or was released), an address outside the guard's VMA, or an access
    /// the VMA allows on no architecture (a write without `WRITE`, a fetch
    /// without `EXEC`, anything at all without `READ`, `WRITE` or `EXEC`).
    /// The architecture's own rule for a load is the caller's to check.
    #[inline]
    pub fn handle_mm_fault(
        &self,
        guard: &mut FaultGuard<'_, A>,
        address: u64,
        flags: FaultFlags,
    ) -> VmFault {
        if flags.contradiction().is_some() || !Self::guard_matches(guard, address, flags) {
            return VmFault::SIGSEGV;
        }
        self.handle_mm_fault_prechecked(guard, address, flags)
    }

    /// Whether `guard` holds the lock `flags` name, and its VMA contains
    /// `address` and allows the access.
    fn guard_matches(guard: &FaultGuard<'_, A>, address: u64, flags: FaultFlags) -> bool {
        guard.is_held()
            && flags.contains(FaultFlags::VMA_LOCK) == guard.holds_vma_lock()
            && guard.vma().contains(address)
            && access_permitted(guard.vma().flags(), flags)
    }

    /// [`Mm::handle_mm_fault`] without its caller-error checks, for a
    /// caller that already made them: the driver, which has checked the
    /// flags and the VMA's access (the `access` it was given, which for a
    /// write is `WRITE` and for a fetch `EXEC`; a VMA's flags never hold
    /// `WRITE` without `MAYWRITE`, so that check implies this one), and
    /// whose guard comes from a lookup of `address` under the lock `flags`
    /// name. The checks run again only in debug builds.
    #[inline]
    pub(crate) fn handle_mm_fault_prechecked(
        &self,
        guard: &mut FaultGuard<'_, A>,
        address: u64,
        flags: FaultFlags,
    ) -> VmFault {
        debug_assert!(flags.contradiction().is_none());
        debug_assert!(Self::guard_matches(guard, address, flags));
        #[cfg(feature = "fault-injection")]
        let injected = self.injector.take();
        #[cfg(not(feature = "fault-injection"))]
        let injected = None;
        let ret = match injected {
            Some(v) => v,
            None => self.handle_pte_fault(guard, address, flags),
        };
        if ret.intersects(VmFault::RETRY | VmFault::COMPLETED) {
            guard.release();
        }
        if ret.contains(VmFault::RETRY) {
            self.counters.count(Event::Retry);
        } else if !ret.is_error() {
            self.counters.count(if ret.contains(VmFault::MAJOR) {
                Event::Major
            } else {
                Event::Minor
            });
        }
        ret
    }

    /// The fault proper, without injection or accounting (Linux's
    /// `handle_pte_fault`): takes the page-table lock, walks once, and
    /// hands the entry it found to the case that resolves it.
    ///
    /// Where no memory has to be allocated (the zero page, reusing a page,
    /// restoring access), one hold of the page-table lock reads the entry,
    /// validates the VMA snapshot and writes the new entry. Where a frame
    /// must be allocated and filled, that happens with the lock dropped,
    /// and the slot found by the walk is handed to the install: page
    /// tables are freed only when the space is dropped (see
    /// [`crate::mm`]), so the slot stays valid for as long as `self` is
    /// borrowed.
    fn handle_pte_fault(
        &self,
        g: &mut FaultGuard<'_, A>,
        address: u64,
        flags: FaultFlags,
    ) -> VmFault {
        let arch = self.mem.arch();
        let va = address & !(PAGE_SIZE - 1);
        let ptl = self.ptl.lock();
        if ptl.is_hwpoison(va) {
            return VmFault::HWPOISON;
        }
        let slot = arch.walk(ptl.root, va);
        let cur = slot.map_or(Pte::EMPTY, |s| arch.read_pte(s));
        let slot = match slot {
            Some(slot) if cur.is_populated() => slot,
            _ => return self.do_pte_missing(g, ptl, slot, va, flags),
        };
        if self.mem.frames().is_poisoned(cur.frame) {
            return VmFault::HWPOISON;
        }
        if !cur.is_present() {
            // Kept with PROTNONE, but the VMA allows access again.
            let new = reprotect(cur, g.vma().flags());
            return self.replace_pte(g, ptl, slot, va, new);
        }
        if flags.contains(FaultFlags::WRITE) && !cur.flags.contains(PteFlags::WRITE) {
            return self.do_wp_page(g, ptl, slot, va, cur);
        }
        // The entry already allows the access: another fault got here
        // first, or a stale translation was used. Nothing to do.
        VmFault::empty()
    }

    /// No entry for `va` yet (`slot` is where the walk found none, if it
    /// reached that far): the backing object's page, a zeroed page for a
    /// write, the zero page for a read. Called with the page-table lock
    /// `ptl` held.
    #[inline]
    fn do_pte_missing(
        &self,
        g: &mut FaultGuard<'_, A>,
        ptl: SpinLockGuard<'_, PtState>,
        slot: Option<PteSlot>,
        va: u64,
        flags: FaultFlags,
    ) -> VmFault {
        let vma = g.vma();
        match vma.object_page(va) {
            Some((obj, index)) => {
                drop(ptl);
                let (vma, obj) = (vma.clone(), obj.clone());
                self.do_fault(g, &vma, slot, va, flags, obj, index)
            }
            None if flags.contains(FaultFlags::WRITE) => {
                drop(ptl);
                let exec = exec_bit(vma);
                self.do_anonymous_write(g, slot, va, exec)
            }
            None => self.map_zero_page(g, ptl, slot, va),
        }
    }

    /// A read of untouched anonymous memory maps the zero page, without
    /// dropping the page-table lock `_ptl`.
    #[inline]
    fn map_zero_page(
        &self,
        g: &FaultGuard<'_, A>,
        ptl: SpinLockGuard<'_, PtState>,
        slot: Option<PteSlot>,
        va: u64,
    ) -> VmFault {
        let arch = self.mem.arch();
        let slot = match slot {
            Some(s) => s,
            None => match arch.walk_alloc(ptl.root, va, self.mem.frames()) {
                Ok(s) => s,
                Err(e) => return walk_error(e),
            },
        };
        if !g.vma().lock.is_current(g.seq()) {
            return VmFault::RETRY;
        }
        let zero = Pte::new(self.mem.zero_page(), BASE | exec_bit(g.vma()));
        arch.set_pte(ptl.root, slot, va, zero);
        VmFault::empty()
    }

    /// A write to the present, write-protected entry `cur` (Linux's
    /// `do_wp_page`): make the page writable where it may be written in
    /// place, else copy it. Called with the page-table lock `ptl` held.
    #[inline]
    fn do_wp_page(
        &self,
        g: &FaultGuard<'_, A>,
        ptl: SpinLockGuard<'_, PtState>,
        slot: PteSlot,
        va: u64,
        cur: Pte,
    ) -> VmFault {
        let vma = g.vma();
        let writable = Pte::new(cur.frame, cur.flags | WRITABLE);
        if vma.is_shared() {
            // The object's own page: writing only needs write access.
            return self.replace_pte(g, ptl, slot, va, writable);
        }
        let exec = exec_bit(vma);
        if cur.frame == self.mem.zero_page() {
            drop(ptl);
            return self.wp_copy(g, slot, va, cur, None, exec);
        }
        if self.mem.frames().get_if_shared(cur.frame) {
            // Shared: copy it, with the reference just taken keeping the
            // source alive while copying without the lock.
            drop(ptl);
            return self.wp_copy(g, slot, va, cur, Some(cur.frame), exec);
        }
        // Sole user of an anonymous page: reuse it. (A page-cache page
        // always has the cache's reference too, so it is never reused
        // here.) The count is only meaningful while the entry cannot
        // change, hence under the lock.
        self.replace_pte(g, ptl, slot, va, writable)
    }

    /// Under the page-table lock `ptl`, taken when the entry in `slot`
    /// was read: validates the VMA snapshot and replaces that entry by
    /// `new`.
    #[inline(always)]
    fn replace_pte(
        &self,
        g: &FaultGuard<'_, A>,
        ptl: SpinLockGuard<'_, PtState>,
        slot: PteSlot,
        va: u64,
        new: Pte,
    ) -> VmFault {
        if !g.vma().lock.is_current(g.seq()) {
            return VmFault::RETRY;
        }
        let arch = self.mem.arch();
        arch.clear_pte(ptl.root, slot, va);
        arch.flush(ptl.root, va);
        arch.set_pte(ptl.root, slot, va, new);
        VmFault::empty()
    }

    fn read_pte_locked(&self, ptl: &PtState, va: u64) -> Pte {
        let arch = self.mem.arch();
        arch.walk(ptl.root, va)
            .map_or(Pte::EMPTY, |slot| arch.read_pte(slot))
    }

    /// The entry for `va` now ([`Pte::EMPTY`] if none).
    pub fn pte(&self, va: u64) -> Pte {
        let ptl = self.ptl.lock();
        self.read_pte_locked(&ptl, va & !(PAGE_SIZE - 1))
    }

    /// Under the page-table lock: validate and replace `expect` by `new`.
    /// `slot` is the entry's slot if the fault's walk found one (else the
    /// tables are allocated now, after the data frame, so that running
    /// out of memory leaves no table allocated for nothing).
    fn install(
        &self,
        g: &FaultGuard<'_, A>,
        slot: Option<PteSlot>,
        va: u64,
        expect: Pte,
        new: Pte,
    ) -> Install {
        let arch = self.mem.arch();
        let ptl = self.ptl.lock();
        if !g.vma().lock.is_current(g.seq()) {
            return Install::Stale;
        }
        if ptl.is_hwpoison(va) {
            return Install::Poisoned;
        }
        let slot = match slot {
            Some(s) => s,
            None => match arch.walk_alloc(ptl.root, va, self.mem.frames()) {
                Ok(s) => s,
                Err(WalkError::OutOfFrames) => return Install::Oom,
                Err(WalkError::BeyondReach) => return Install::BeyondReach,
            },
        };
        let cur = arch.read_pte(slot);
        if cur != expect {
            return Install::Raced;
        }
        if cur.is_populated() {
            arch.clear_pte(ptl.root, slot, va);
            arch.flush(ptl.root, va);
        }
        arch.set_pte(ptl.root, slot, va, new);
        Install::Done
    }

    /// Installs `pte` for a frame the fault owns one reference to; on
    /// failure that reference is dropped.
    fn install_owned(
        &self,
        g: &FaultGuard<'_, A>,
        slot: Option<PteSlot>,
        va: u64,
        expect: Pte,
        pte: Pte,
    ) -> Install {
        let r = self.install(g, slot, va, expect, pte);
        if r != Install::Done {
            self.mem.frames().put(pte.frame);
        }
        r
    }

    /// First write to anonymous memory: a fresh zeroed frame.
    fn do_anonymous_write(
        &self,
        g: &FaultGuard<'_, A>,
        slot: Option<PteSlot>,
        va: u64,
        exec: PteFlags,
    ) -> VmFault {
        // The data frame first: if it fails, no page table was allocated
        // for nothing; if a table then fails, walk_alloc cleaned up.
        let Ok(frame) = self.mem.alloc_zeroed() else {
            return VmFault::OOM;
        };
        self.install_owned(g, slot, va, Pte::EMPTY, Pte::new(frame, WRITABLE | exec))
            .outcome()
    }

    /// A write to a present, write-protected private page that cannot be
    /// reused: copy `src` (the zero page when `None`) into a new frame.
    /// The fault holds a reference to `src`, which this drops.
    fn wp_copy(
        &self,
        g: &FaultGuard<'_, A>,
        slot: PteSlot,
        va: u64,
        old: Pte,
        src: Option<PhysFrame>,
        exec: PteFlags,
    ) -> VmFault {
        let frames = self.mem.frames();
        let arch = self.mem.arch();
        let new = match frames.alloc() {
            Ok(f) => f,
            Err(_) => {
                if let Some(s) = src {
                    frames.put(s);
                }
                return VmFault::OOM;
            }
        };
        match src {
            Some(s) => arch.copy_frame(new, s),
            None => arch.zero_frame(new),
        }
        let r = self.install_owned(g, Some(slot), va, old, Pte::new(new, WRITABLE | exec));
        if let Some(s) = src {
            // The fault's reference, and the replaced entry's if it went.
            frames.put_many(s, if r == Install::Done { 2 } else { 1 });
        }
        if r == Install::Done {
            self.counters.count(Event::Cow);
        }
        r.outcome()
    }

    /// First touch of a page of a backing object.
    #[allow(clippy::too_many_arguments)]
    fn do_fault(
        &self,
        g: &mut FaultGuard<'_, A>,
        vma: &Vma<A>,
        slot: Option<PteSlot>,
        va: u64,
        flags: FaultFlags,
        obj: Arc<FileObject<A>>,
        index: u64,
    ) -> VmFault {
        let frames = self.mem.frames();
        if index >= obj.size().div_ceil(PAGE_SIZE) {
            return VmFault::SIGBUS;
        }
        let (frame, major) = loop {
            match obj.get_page(index) {
                Lookup::Ready { frame, major } => break (frame, major),
                Lookup::OutOfFrames => return VmFault::OOM,
                Lookup::Busy if flags.allow_retry_first() => {
                    return self.wait_dropping_lock(g, va, flags, &obj, index);
                }
                // Already retried (or retry not allowed): wait with the
                // lock held, as Linux's __folio_lock_or_retry does.
                Lookup::Busy => obj.wait_io(index),
            }
        };
        if frames.is_poisoned(frame) {
            frames.put(frame);
            return VmFault::HWPOISON;
        }
        let major = if major {
            VmFault::MAJOR
        } else {
            VmFault::empty()
        };
        let exec = exec_bit(vma);
        if flags.contains(FaultFlags::WRITE) && !vma.is_shared() {
            // A private write: copy the object's page into the private
            // copy here, which is what DONE_COW reports (Linux's
            // do_cow_fault when ->fault filled the COW page).
            let copy = match frames.alloc() {
                Ok(f) => f,
                Err(_) => {
                    frames.put(frame);
                    return VmFault::OOM;
                }
            };
            self.mem.arch().copy_frame(copy, frame);
            frames.put(frame);
            let r = self.install_owned(g, slot, va, Pte::EMPTY, Pte::new(copy, WRITABLE | exec));
            if r != Install::Done {
                return r.outcome();
            }
            self.counters.count(Event::Cow);
            return major | VmFault::DONE_COW;
        }
        let pte_flags = if flags.contains(FaultFlags::WRITE) {
            WRITABLE | exec
        } else {
            BASE | exec
        };
        match self.install_owned(g, slot, va, Pte::EMPTY, Pte::new(frame, pte_flags)) {
            Install::Done | Install::Raced => major,
            r => r.outcome(),
        }
    }

    /// A page another fault is reading in, on a first try: drop the lock
    /// and wait, as Linux does, then either report `RETRY` or, when the
    /// lock was the mmap lock, finish the fault under a fresh mmap lock
    /// and report `COMPLETED`.
    fn wait_dropping_lock(
        &self,
        g: &mut FaultGuard<'_, A>,
        va: u64,
        flags: FaultFlags,
        obj: &FileObject<A>,
        index: u64,
    ) -> VmFault {
        let was_mmap = g.holds_mmap_lock();
        let (vma, seq) = (g.vma().clone(), g.seq());
        g.release();
        if flags.contains(FaultFlags::RETRY_NOWAIT) {
            return VmFault::RETRY;
        }
        obj.wait_io(index);
        if !was_mmap {
            // The per-VMA lock is try-only: it cannot be waited for again.
            return VmFault::RETRY;
        }
        let lock = self.mmap_lock.read();
        if !vma.lock.is_current(seq) {
            return VmFault::RETRY;
        }
        let mut again = FaultGuard::with_mmap_lock(vma, lock);
        let r = self.handle_pte_fault(&mut again, va, flags | FaultFlags::TRIED);
        if r.is_error() || r.intersects(VmFault::RETRY | VmFault::COMPLETED) {
            // Let the caller meet the outcome under its own lock.
            return VmFault::RETRY;
        }
        drop(again);
        r | VmFault::COMPLETED
    }

    /// A frame of this space failed (an uncorrectable memory error at
    /// `addr`): it is marked poisoned, unmapped and replaced by a poison
    /// marker, so the next fault on the page is `HWPOISON` (Linux's
    /// `memory_failure`). Returns `false` if no page is mapped there.
    pub fn memory_failure(&self, addr: u64) -> bool {
        let _m = self.mmap_lock.read();
        let arch = self.mem.arch();
        let va = addr & !(PAGE_SIZE - 1);
        let frame = {
            let mut ptl = self.ptl.lock();
            let root = ptl.root;
            let Some(slot) = arch.walk(root, va) else {
                return false;
            };
            let pte = arch.read_pte(slot);
            if !pte.is_populated() || pte.frame == self.mem.zero_page() {
                return false;
            }
            self.mem.frames().poison(pte.frame);
            arch.clear_pte(root, slot, va);
            arch.flush(root, va);
            ptl.hwpoison.insert(va);
            pte.frame
        };
        self.mem.frames().put(frame);
        true
    }
}
