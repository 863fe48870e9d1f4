//! Changing an address space: mmap, munmap, mprotect and stack growth.
//!
//! Every change follows one order, which is what lets faults run on the
//! per-VMA path concurrently: under the mmap write lock, first retire the
//! VMAs being replaced (see [`crate::vma_lock`]: detached, so faults in
//! flight on them will fail validation), then change the page tables,
//! then swap the new VMAs into the tree, and put the freed frames last.

use alloc::sync::Arc;
use alloc::vec::Vec;
use core::ops::Range;

use crate::arch::{Arch, Pte, PteFlags};
use crate::error::MmError;
use crate::file::FileObject;
use crate::mm::{Lookup, Mm};
use crate::vma::{Backing, Vma, VmaFlags};
use crate::PAGE_SIZE;

/// Where mmap should put a new mapping.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placement {
    /// Exactly here, replacing whatever was mapped (`MAP_FIXED`).
    Fixed(u64),
    /// Exactly here, if nothing is mapped anywhere in the range
    /// (`MAP_FIXED_NOREPLACE`); [`MmError::Exists`] otherwise, and nothing
    /// changes.
    FixedNoReplace(u64),
    /// Here if the range is free, else the first free range above it.
    Hint(u64),
    /// Anywhere free.
    Anywhere,
}

/// How many VMAs [`Mm::unmap_locked`] retires at a time.
const UNMAP_BATCH: usize = 64;

impl<A: Arch> Mm<A> {
    /// Checks `addr`/`len` and returns the page-rounded range.
    pub(crate) fn checked_range(&self, addr: u64, len: u64) -> Result<Range<u64>, MmError> {
        if !addr.is_multiple_of(PAGE_SIZE) {
            return Err(MmError::Unaligned);
        }
        if len == 0 {
            return Err(MmError::ZeroLength);
        }
        let len = len
            .checked_next_multiple_of(PAGE_SIZE)
            .ok_or(MmError::Overflow)?;
        let end = addr.checked_add(len).ok_or(MmError::Overflow)?;
        if addr < self.limits.fixed_min_addr || end > self.mem.arch().va_limit_max() {
            return Err(MmError::OutOfRange);
        }
        Ok(addr..end)
    }

    /// Maps `len` bytes (rounded up to pages) with `flags` and `backing`,
    /// returning the start address.
    ///
    /// If `flags` has none of the `MAY*` bits, all three are added (as
    /// Linux does for a private mapping). `SHARED` anonymous memory gets a
    /// fresh shared anonymous object, which fork then shares.
    pub fn mmap(
        &self,
        place: Placement,
        len: u64,
        flags: VmaFlags,
        backing: Backing<A>,
    ) -> Result<u64, MmError> {
        let mut flags = flags;
        if !flags.intersects(VmaFlags::MAY) {
            flags |= VmaFlags::MAY;
        }
        if let Some(why) = flags.contradiction() {
            return Err(MmError::BadFlags(why));
        }
        if len == 0 {
            return Err(MmError::ZeroLength);
        }
        let len = len
            .checked_next_multiple_of(PAGE_SIZE)
            .ok_or(MmError::Overflow)?;
        let backing = match backing {
            Backing::Object { object, offset } => {
                if flags.contains(VmaFlags::GROWSDOWN) {
                    return Err(MmError::BadFlags("GROWSDOWN on an object mapping"));
                }
                if !offset.is_multiple_of(PAGE_SIZE) {
                    return Err(MmError::Unaligned);
                }
                offset.checked_add(len).ok_or(MmError::Overflow)?;
                Backing::Object { object, offset }
            }
            Backing::Anon if flags.contains(VmaFlags::SHARED) => Backing::Object {
                object: FileObject::anonymous(self.mem.clone(), len),
                offset: 0,
            },
            Backing::Anon => Backing::Anon,
        };
        let _m = self.mmap_lock.write();
        // Linux's do_mmap refuses only a space already past the limit.
        if self.vma_count() > self.limits.max_map_count {
            return Err(MmError::TooManyMaps);
        }
        // The new VMA, and the pieces a MAP_FIXED unmapping may leave.
        crate::kmem::take_vmas(3)?;
        let start = match place {
            Placement::Fixed(addr) => {
                let range = self.checked_range(addr, len)?;
                // Grown first, as Linux's s390x does when it places the
                // mapping, so a failure leaves the old mapping in place.
                self.reach(range.end)?;
                self.unmap_locked(range.clone())?;
                range.start
            }
            Placement::FixedNoReplace(addr) => {
                let range = self.checked_range(addr, len)?;
                if !self.overlapping(&range)?.is_empty() {
                    return Err(MmError::Exists);
                }
                range.start
            }
            Placement::Hint(addr) => {
                let hint = addr
                    .next_multiple_of(PAGE_SIZE)
                    .max(self.limits.mmap_min_addr);
                self.find_gap(len, hint)
                    .or_else(|| self.find_gap(len, self.limits.mmap_base))
                    .or_else(|| self.find_gap(len, self.limits.mmap_min_addr))
                    .ok_or(MmError::NoSpace)?
            }
            Placement::Anywhere => self
                .find_gap(len, self.limits.mmap_base)
                .or_else(|| self.find_gap(len, self.limits.mmap_min_addr))
                .ok_or(MmError::NoSpace)?,
        };
        self.reach(start + len)?;
        let vma = Arc::new(Vma::new(start..start + len, flags, backing));
        self.edit_vmas().insert(start, vma);
        Ok(start)
    }

    /// Grows a heap that ends at `old_top` to `new_top` (both page
    /// aligned) with a new anonymous mapping of `flags`, as Linux's `brk`
    /// does: refused with [`MmError::Exists`] unless a page stays free
    /// between `new_top` and the next mapping above (or that mapping's
    /// stack guard gap, if it grows down). Nothing changes on failure.
    pub fn grow_heap(&self, old_top: u64, new_top: u64, flags: VmaFlags) -> Result<(), MmError> {
        if new_top <= old_top {
            return Err(MmError::ZeroLength);
        }
        let range = self.checked_range(old_top, new_top - old_top)?;
        let _m = self.mmap_lock.write();
        let next_gap = {
            let tree = self.vmas.read();
            let below = tree.range(..=old_top).next_back().map(|(_, v)| v);
            below
                .filter(|v| v.end() > old_top)
                .or_else(|| tree.range(old_top..).next().map(|(_, v)| v))
                .map(|v| self.start_gap(v))
        };
        if next_gap.is_some_and(|gap| range.end.saturating_add(PAGE_SIZE) > gap) {
            return Err(MmError::Exists);
        }
        // As Linux's do_brk_flags: only a space already past the limit.
        if self.vma_count() > self.limits.max_map_count {
            return Err(MmError::TooManyMaps);
        }
        crate::kmem::take_vmas(1)?;
        self.reach(range.end)?;
        let vma = Arc::new(Vma::new(
            range.clone(),
            flags | VmaFlags::MAY,
            Backing::Anon,
        ));
        self.edit_vmas().insert(range.start, vma);
        Ok(())
    }

    /// Where `v` starts for a mapping placed below it: its start, less the
    /// stack guard gap if it grows down (Linux's `vm_start_gap`).
    fn start_gap(&self, v: &Vma<A>) -> u64 {
        if v.flags().contains(VmaFlags::GROWSDOWN) {
            v.start().saturating_sub(self.limits.stack_guard_gap)
        } else {
            v.start()
        }
    }

    /// The lowest free range of `len` bytes at or above `from`.
    pub(crate) fn find_gap(&self, len: u64, from: u64) -> Option<u64> {
        let limit = self.mem.arch().va_limit_max();
        let tree = self.vmas.read();
        let mut cand = from;
        let first = tree
            .range(..=from)
            .next_back()
            .map(|(&k, _)| k)
            .unwrap_or(0);
        for v in tree.range(first..).map(|(_, v)| v) {
            if v.end() <= cand {
                continue;
            }
            if v.start() >= cand.checked_add(len)? {
                break;
            }
            cand = v.end();
        }
        (cand.checked_add(len)? <= limit).then_some(cand)
    }

    /// Unmaps `len` bytes (rounded up to pages) at `addr`, splitting VMAs
    /// that straddle the edges. Unmapping a hole is not an error.
    pub fn munmap(&self, addr: u64, len: u64) -> Result<(), MmError> {
        let range = self.checked_range(addr, len)?;
        let _m = self.mmap_lock.write();
        self.unmap_locked(range)
    }

    /// VMAs overlapping `range`, in order. Caller holds the mmap lock.
    /// [`MmError::OutOfMemory`] if the kernel heap cannot hold the list.
    pub(crate) fn overlapping(&self, range: &Range<u64>) -> Result<Vec<Arc<Vma<A>>>, MmError> {
        self.overlapping_upto(range, usize::MAX, true)
    }

    /// The first `max` VMAs overlapping `range`, in order, the list
    /// charged to the task's budget if `charge`. Caller holds the mmap
    /// lock.
    fn overlapping_upto(
        &self,
        range: &Range<u64>,
        max: usize,
        charge: bool,
    ) -> Result<Vec<Arc<Vma<A>>>, MmError> {
        let tree = self.vmas.read();
        let first = tree
            .range(..=range.start)
            .next_back()
            .map(|(&k, _)| k)
            .unwrap_or(0);
        let mut out = Vec::new();
        for v in tree
            .range(first..range.end)
            .map(|(_, v)| v)
            .filter(|v| v.end() > range.start)
            .take(max)
        {
            if charge {
                crate::kmem::take(size_of::<Arc<Vma<A>>>())?;
            }
            out.try_reserve(1).map_err(|_| MmError::OutOfMemory)?;
            out.push(v.clone());
        }
        Ok(out)
    }

    /// munmap with the mmap write lock held, [`UNMAP_BATCH`] VMAs at a
    /// time, so that unmapping needs no more heap than a short list: a
    /// task whose VMAs took all it may have can still give them back.
    pub(crate) fn unmap_locked(&self, range: Range<u64>) -> Result<(), MmError> {
        let mut at = range.start;
        if range.is_empty() {
            return Ok(());
        }
        loop {
            let end = {
                let tree = self.vmas.read();
                tree.range(at + 1..range.end)
                    .nth(UNMAP_BATCH)
                    .map_or(range.end, |(&k, _)| k)
            };
            self.unmap_locked_then(at..end, || ())?;
            if end == range.end {
                return Ok(());
            }
            at = end;
        }
    }

    /// munmap with the mmap write lock held, calling `before_zap` once the
    /// VMAs in `range` are retired and before their entries are cleared
    /// (mremap moves the entries it keeps there). Nothing changes on
    /// failure: a hole punched in one VMA when the space already has
    /// `max_map_count` VMAs ([`MmError::TooManyMaps`]: Linux lets munmap
    /// split a VMA at the limit only if the result ends no higher), or no
    /// heap for the pieces left either side.
    pub(crate) fn unmap_locked_then(
        &self,
        range: Range<u64>,
        before_zap: impl FnOnce(),
    ) -> Result<(), MmError> {
        // The list is short-lived, and unmapping frees more than it takes.
        let hit = self.overlapping_upto(&range, usize::MAX, false)?;
        if hit.is_empty() {
            before_zap();
            return Ok(());
        }
        let left = hit[0].start() < range.start;
        let right = range.end < hit[hit.len() - 1].end();
        if left && right && hit.len() == 1 && self.vma_count() >= self.limits.max_map_count {
            return Err(MmError::TooManyMaps);
        }
        if left && right && hit.len() == 1 {
            // One VMA more: the only unmapping that grows the space.
            crate::kmem::take_vmas(1)?;
        }
        for v in &hit {
            v.lock.detach();
        }
        before_zap();
        let freed = self.zap(range.clone());
        {
            let mut tree = self.edit_vmas();
            for v in &hit {
                tree.remove(&v.start());
                if v.start() < range.start {
                    let left = v.slice(v.start()..range.start, v.flags());
                    tree.insert(left.start(), Arc::new(left));
                }
                if range.end < v.end() {
                    let right = v.slice(range.end..v.end(), v.flags());
                    tree.insert(right.start(), Arc::new(right));
                }
            }
        }
        self.put_frames(freed);
        Ok(())
    }

    /// Changes the access of `len` bytes (rounded up) at `addr` to `prot`
    /// (a subset of `READ | WRITE | EXEC`), splitting VMAs at the edges
    /// and merging neighbours that end up alike. Present pages keep their
    /// contents; their entries are rewritten to the new access at once.
    pub fn mprotect(&self, addr: u64, len: u64, prot: VmaFlags) -> Result<(), MmError> {
        if !VmaFlags::ACCESS.contains(prot) {
            return Err(MmError::BadFlags(
                "mprotect takes only READ, WRITE and EXEC",
            ));
        }
        let range = self.checked_range(addr, len)?;
        let _m = self.mmap_lock.write();
        // The usual case, a range inside one VMA, has no hole to stop at:
        // it changes whole or (a forbidden access) not at all.
        if let Some((v, prev, next)) = self.single_vma(&range) {
            return self.mprotect_within(range, prot, v, prev, next);
        }
        // Linux changes the VMAs in address order and stops at the first
        // hole or forbidden access: what comes before it has changed when
        // the error returns. Find that point, change the part before it,
        // and report the error.
        let (done, error) = self.mprotect_extent(&range, prot);
        if done > range.start {
            self.mprotect_locked(range.start..done, prot)?;
        }
        match error {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// How far from `range.start` an mprotect to `prot` can go before it
    /// meets a hole (`NotMapped`) or a VMA that may not have `prot`
    /// (`PermissionDenied`), and that error. Caller holds the mmap lock.
    fn mprotect_extent(&self, range: &Range<u64>, prot: VmaFlags) -> (u64, Option<MmError>) {
        let mut at = range.start;
        let hit = match self.overlapping(range) {
            Ok(hit) => hit,
            Err(e) => return (range.start, Some(e)),
        };
        for v in &hit {
            if v.start() > at {
                return (at, Some(MmError::NotMapped));
            }
            if !mprotect_allowed((v.flags() - VmaFlags::ACCESS) | prot) {
                return (at, Some(MmError::PermissionDenied));
            }
            at = v.end();
        }
        if at < range.end {
            (at, Some(MmError::NotMapped))
        } else {
            (range.end, None)
        }
    }

    /// mprotect of a range that is fully mapped by VMAs that allow `prot`,
    /// with the mmap write lock held.
    fn mprotect_locked(&self, range: Range<u64>, prot: VmaFlags) -> Result<(), MmError> {
        match self.single_vma(&range) {
            Some((v, prev, next)) => self.mprotect_within(range, prot, v, prev, next),
            None => self.mprotect_spanning(range, prot),
        }
    }

    /// The VMA that holds all of `range`, with the VMAs either side of it
    /// in the tree, if one does. Caller holds the mmap lock.
    #[allow(clippy::type_complexity)]
    #[inline(always)]
    fn single_vma(
        &self,
        range: &Range<u64>,
    ) -> Option<(Arc<Vma<A>>, Option<Arc<Vma<A>>>, Option<Arc<Vma<A>>>)> {
        let tree = self.vmas.read();
        let mut below = tree.range(..=range.start);
        match below.next_back() {
            Some((_, v)) if v.end() >= range.end => {
                let prev = below.next_back().map(|(_, p)| p.clone());
                Some((v.clone(), prev, tree.get(&v.end()).cloned()))
            }
            _ => None,
        }
    }

    /// mprotect of a range inside the one VMA `v`, between `prev` and
    /// `next` (the VMAs either side of it in the tree, if any): the usual
    /// case, done without lists. It replaces the same VMAs by the same
    /// result as [`Mm::mprotect_spanning`] would: `v` cut into at most
    /// three pieces, and the pieces merged with each other and with
    /// `prev`/`next` where they continue each other.
    fn mprotect_within(
        &self,
        range: Range<u64>,
        prot: VmaFlags,
        v: Arc<Vma<A>>,
        prev: Option<Arc<Vma<A>>>,
        next: Option<Arc<Vma<A>>>,
    ) -> Result<(), MmError> {
        let new_flags = (v.flags() - VmaFlags::ACCESS) | prot;
        if !mprotect_allowed(new_flags) {
            return Err(MmError::PermissionDenied);
        }
        let pieces = [
            (v.start() < range.start).then(|| v.slice(v.start()..range.start, v.flags())),
            Some(v.slice(range.clone(), new_flags)),
            (range.end < v.end()).then(|| v.slice(range.end..v.end(), v.flags())),
        ];
        // Room for `prev` and three pieces, though a merged `prev` always
        // absorbs the first piece.
        let mut out: [Option<Vma<A>>; 4] = Default::default();
        let mut n: usize = 0;
        let prev = prev.filter(|p| {
            pieces
                .iter()
                .flatten()
                .next()
                .is_some_and(|f| p.can_merge(f))
        });
        if let Some(p) = &prev {
            out[0] = Some(p.slice(p.range(), p.flags()));
            n = 1;
        }
        for piece in pieces.into_iter().flatten() {
            match n.checked_sub(1).and_then(|i| out[i].as_mut()) {
                Some(last) if last.can_merge(&piece) => *last = last.joined(&piece),
                _ => {
                    out[n] = Some(piece);
                    n += 1;
                }
            }
        }
        let last = out[n - 1]
            .as_mut()
            .expect("mprotect keeps at least one VMA");
        let next = next.filter(|x| last.can_merge(x));
        if let Some(x) = &next {
            *last = last.joined(x);
        }
        let before = 1 + usize::from(prev.is_some()) + usize::from(next.is_some());
        if n > before {
            self.may_split(&v, range.start, n - before)?;
        }
        let replaced = [prev, Some(v), next];
        for r in replaced.iter().flatten() {
            r.lock.detach();
        }
        let private = replaced[1].as_ref().is_some_and(|v| !v.is_shared());
        self.change_protection(range, prot, private);
        let mut tree = self.edit_vmas();
        for r in replaced.iter().flatten() {
            // A key that a new VMA reuses is overwritten by its insert.
            if !out.iter().flatten().any(|m| m.start() == r.start()) {
                tree.remove(&r.start());
            }
        }
        for m in out.into_iter().flatten() {
            tree.insert(m.start(), Arc::new(m));
        }
        Ok(())
    }

    /// Whether an mprotect inside `v` from `start` may make `splits` (1 or
    /// 2) more VMAs. More VMAs than before means Linux's mprotect_fixup
    /// split `v` once or twice with split_vma, each refused once the space
    /// has max_map_count VMAs; a refused second split leaves the first.
    /// Out of line: the usual mprotect (a handler opening the page next
    /// to one it opened before) makes none.
    #[cold]
    #[inline(never)]
    fn may_split(&self, v: &Arc<Vma<A>>, start: u64, splits: usize) -> Result<(), MmError> {
        let count = self.vma_count();
        let max = self.limits.max_map_count;
        if count >= max {
            return Err(MmError::TooManyMaps);
        }
        if splits == 2 && count + 1 >= max {
            self.split_locked(v, start)?;
            return Err(MmError::TooManyMaps);
        }
        // The new VMAs replace as many old ones a moment later (the
        // reserve covers the overlap): only the growth is charged.
        crate::kmem::take_vmas(splits)
    }

    /// Splits `v` at `at` into two VMAs alike but for their ranges (what
    /// Linux's split_vma leaves). Caller holds the mmap write lock.
    fn split_locked(&self, v: &Arc<Vma<A>>, at: u64) -> Result<(), MmError> {
        crate::kmem::take_vmas(2)?;
        let below = v.slice(v.start()..at, v.flags());
        let above = v.slice(at..v.end(), v.flags());
        v.lock.detach();
        let mut tree = self.edit_vmas();
        tree.insert(below.start(), Arc::new(below));
        tree.insert(above.start(), Arc::new(above));
        Ok(())
    }

    /// mprotect of a range that spans several VMAs, one VMA at a time in
    /// address order, as Linux's mprotect loop goes: near
    /// `max_map_count`, where a split refused at the last VMA must leave
    /// the ones before it changed. The range is fully mapped.
    fn mprotect_each(&self, range: Range<u64>, prot: VmaFlags) -> Result<(), MmError> {
        let mut at = range.start;
        while at < range.end {
            let end = {
                let tree = self.vmas.read();
                let v = tree.range(..=at).next_back().map(|(_, v)| v);
                v.map_or(range.end, |v| v.end().min(range.end))
            };
            match self.single_vma(&(at..end)) {
                Some((v, prev, next)) => self.mprotect_within(at..end, prot, v, prev, next)?,
                None => return Err(MmError::NotMapped),
            }
            at = end;
        }
        Ok(())
    }

    /// mprotect of a range that spans several VMAs (or holes, which is an
    /// error).
    fn mprotect_spanning(&self, range: Range<u64>, prot: VmaFlags) -> Result<(), MmError> {
        // Two splits at most: only near the limit can one be refused.
        if self.vma_count() + 2 > self.limits.max_map_count {
            return self.mprotect_each(range, prot);
        }
        let hit = self.overlapping(&range)?;
        // The whole range must be mapped, without holes.
        let mut at = range.start;
        for v in &hit {
            if v.start() > at {
                return Err(MmError::NotMapped);
            }
            at = v.end();
        }
        if at < range.end {
            return Err(MmError::NotMapped);
        }
        let mut pieces: Vec<Vma<A>> = Vec::new();
        for v in &hit {
            let new_flags = (v.flags() - VmaFlags::ACCESS) | prot;
            if !mprotect_allowed(new_flags) {
                return Err(MmError::PermissionDenied);
            }
            let lo = v.start().max(range.start);
            let hi = v.end().min(range.end);
            if v.start() < lo {
                pieces.push(v.slice(v.start()..lo, v.flags()));
            }
            pieces.push(v.slice(lo..hi, new_flags));
            if hi < v.end() {
                pieces.push(v.slice(hi..v.end(), v.flags()));
            }
        }
        // Neighbours that the result can merge with are replaced too.
        let mut replaced = hit;
        let (prev, next) = {
            let tree = self.vmas.read();
            let first = replaced[0].start();
            let last = replaced[replaced.len() - 1].end();
            (
                tree.range(..first).next_back().map(|(_, v)| v.clone()),
                tree.get(&last).cloned(),
            )
        };
        if let Some(p) = prev.filter(|p| p.can_merge(&pieces[0])) {
            pieces.insert(0, p.slice(p.range(), p.flags()));
            replaced.insert(0, p);
        }
        if let Some(n) = next.filter(|n| pieces[pieces.len() - 1].can_merge(n)) {
            pieces.push(n.slice(n.range(), n.flags()));
            replaced.push(n);
        }
        let mut merged: Vec<Vma<A>> = Vec::new();
        for p in pieces {
            match merged.last_mut() {
                Some(m) if m.can_merge(&p) => *m = m.joined(&p),
                _ => merged.push(p),
            }
        }
        // The pieces, and the lists above, which hold a word per VMA.
        crate::kmem::take_vmas(merged.len() + 1)?;
        for v in &replaced {
            v.lock.detach();
        }
        for v in &replaced {
            let (lo, hi) = (v.start().max(range.start), v.end().min(range.end));
            if lo < hi {
                self.change_protection(lo..hi, prot, !v.is_shared());
            }
        }
        let mut tree = self.edit_vmas();
        for v in &replaced {
            tree.remove(&v.start());
        }
        for m in merged {
            tree.insert(m.start(), Arc::new(m));
        }
        Ok(())
    }

    /// Rewrites every populated entry in `range` (inside one VMA, private
    /// or not) for access `prot`.
    ///
    /// Like Linux's `MM_CP_TRY_CHANGE_WRITABLE`, an entry of a private VMA
    /// that is made writable becomes writable at once when the write fault
    /// it would otherwise take could only reuse the page: see
    /// [`Mm::can_change_pte_writable`]. The store that follows (typically
    /// the one a SIGSEGV handler's mprotect was for) then needs no fault.
    fn change_protection(&self, range: Range<u64>, prot: VmaFlags, private: bool) {
        let arch = self.mem.arch();
        let try_writable = private && prot.contains(VmaFlags::WRITE);
        let ptl = self.ptl.lock();
        let root = ptl.root;
        arch.scan(root, range, &mut |va, slot, pte| {
            let mut new = reprotect(pte, prot);
            if try_writable
                && new.is_present()
                && !new.flags.contains(PteFlags::WRITE)
                && self.can_change_pte_writable(pte)
            {
                new.flags |= PteFlags::WRITE;
            }
            if new != pte {
                arch.clear_pte(root, slot, va);
                arch.flush(root, va);
                arch.set_pte(root, slot, va, new);
            }
        });
    }

    /// Whether a present entry of a private VMA may be made writable
    /// without a fault (Linux's `can_change_pte_writable`). Caller holds
    /// the page-table lock, and the VMA must now allow writes.
    ///
    /// Only a page a write fault would reuse as it is qualifies: not the
    /// zero page, and exclusively owned (reference count 1: not shared
    /// with a fork's other side, and not a page-cache page, which always
    /// has the cache's reference too). It must also be dirty already, so
    /// that a clean page still takes the write fault that dirties it. The
    /// count cannot rise under us: a new reference to a mapped anonymous
    /// page comes only from fork, which needs the mmap write lock, and a
    /// count that falls meanwhile only makes this answer conservative.
    pub(crate) fn can_change_pte_writable(&self, pte: Pte) -> bool {
        pte.flags.contains(PteFlags::DIRTY)
            && pte.frame != self.mem.zero_page()
            && !self.mem.frames().is_poisoned(pte.frame)
            && self.mem.frames().refcount(pte.frame) == 1
    }

    /// Grows the `GROWSDOWN` VMA `stack` down to the page of `addr`, if the
    /// stack limit and the guard gap to the mapping below (`prev_end`)
    /// allow it. Caller holds the mmap write lock.
    pub(crate) fn expand_stack_locked(&self, addr: u64) -> Option<Arc<Vma<A>>> {
        let (stack, prev_end) = match self.lookup(addr) {
            Lookup::Inside(v) => return Some(v),
            Lookup::Below(v, prev_end) if v.flags().contains(VmaFlags::GROWSDOWN) => (v, prev_end),
            _ => return None,
        };
        let new_start = addr & !(PAGE_SIZE - 1);
        if new_start < self.limits.mmap_min_addr || stack.end() - new_start > self.stack_limit() {
            return None;
        }
        if let Some(prev_end) = prev_end {
            if new_start - prev_end < self.limits.stack_guard_gap {
                return None;
            }
        }
        crate::kmem::take_vmas(1).ok()?;
        let grown = Arc::new(Vma::new(
            new_start..stack.end(),
            stack.flags(),
            stack.backing().clone(),
        ));
        stack.lock.detach();
        let mut tree = self.edit_vmas();
        tree.remove(&stack.start());
        tree.insert(new_start, grown.clone());
        Some(grown)
    }
}

/// Whether a VMA may have `flags`: no access beyond its `MAY*` bits.
fn mprotect_allowed(f: VmaFlags) -> bool {
    (!f.contains(VmaFlags::READ) || f.contains(VmaFlags::MAYREAD))
        && (!f.contains(VmaFlags::WRITE) || f.contains(VmaFlags::MAYWRITE))
        && (!f.contains(VmaFlags::EXEC) || f.contains(VmaFlags::MAYEXEC))
}

/// `pte` as it must be under a VMA whose access is now `prot`. Writability
/// is only ever taken away here: a write fault gives it back, and decides
/// then whether the page must be copied first.
pub(crate) fn reprotect(pte: Pte, prot: VmaFlags) -> Pte {
    let keep = pte.flags & (PteFlags::DIRTY | PteFlags::YOUNG | PteFlags::USER);
    let was_writable = pte.flags.contains(PteFlags::WRITE);
    let mut flags = keep;
    if prot.intersects(VmaFlags::ACCESS) {
        flags |= PteFlags::PRESENT;
        if prot.contains(VmaFlags::EXEC) {
            flags |= PteFlags::EXEC;
        }
        if was_writable && prot.contains(VmaFlags::WRITE) {
            flags |= PteFlags::WRITE;
        }
    } else {
        // Keep the frame, and remember writability for when access returns.
        flags |= PteFlags::PROTNONE;
        if was_writable {
            flags |= PteFlags::WRITE;
        }
    }
    Pte::new(pte.frame, flags)
}
