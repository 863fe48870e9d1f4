//! Resizing and moving a mapping: mremap, with Linux's rules.
//!
//! A mapping shrinks by unmapping its tail; it grows in place when the
//! pages above it are free; otherwise, with `may_move`, it moves to a free
//! range (or to the fixed address asked for, replacing what was there):
//! its page-table entries move with it, so its pages keep their contents
//! without being copied, and the old range is unmapped.

use alloc::sync::Arc;
use alloc::vec::Vec;
use core::ops::Range;

use crate::arch::{Arch, PteSlot};
use crate::error::MmError;
use crate::mm::{Lookup, Mm};
use crate::vma::{Backing, Vma};
use crate::PAGE_SIZE;

/// How mremap may place the result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Remap {
    /// Move to anywhere free, the same size, leaving the old range mapped
    /// but empty (`MREMAP_DONTUNMAP`).
    DontUnmap,
    /// Only in place (no `MREMAP_MAYMOVE`).
    InPlace,
    /// In place if it fits, else anywhere free (`MREMAP_MAYMOVE`).
    MayMove,
    /// Exactly here, replacing what was mapped (`MREMAP_FIXED`).
    Fixed(u64),
}

/// Linux's move_vma refuses a space within 3 VMAs of `max_map_count`.
const MOVE_MAP_MARGIN: usize = 3;

impl<A: Arch> Mm<A> {
    /// Resizes the mapping at `addr` from `old_len` to `new_len` bytes
    /// (both rounded up to pages; `new_len` is not 0, `addr` is page
    /// aligned: the system-call layer checks those), returning where it
    /// now is. An `old_len` of 0 on a shared mapping maps the same pages a
    /// second time. Errors are Linux's: [`MmError::BadAddress`] for no
    /// mapping at `addr` or an old range that runs past it,
    /// [`MmError::BadFlags`] for an `old_len` of 0 on a private mapping or
    /// a fixed target that overlaps the old range, [`MmError::NoSpace`]
    /// when it cannot grow in place and may not move. As on Linux, a fixed
    /// target is unmapped before the old range is checked.
    pub fn mremap(
        &self,
        addr: u64,
        old_len: u64,
        new_len: u64,
        how: Remap,
    ) -> Result<u64, MmError> {
        let round = |l: u64| {
            l.checked_next_multiple_of(PAGE_SIZE)
                .ok_or(MmError::Overflow)
        };
        let (mut old_len, new_len) = (round(old_len)?, round(new_len)?);
        if new_len == 0 {
            return Err(MmError::ZeroLength);
        }
        let limit = self.mem.arch().va_limit_max();
        let _m = self.mmap_lock.write();
        self.find_at(addr)?;
        if how == Remap::DontUnmap {
            let v = self.to_resize(addr, old_len)?;
            let to = self
                .find_gap(new_len, self.limits.mmap_base)
                .or_else(|| self.find_gap(new_len, self.limits.mmap_min_addr))
                .ok_or(MmError::NoSpace)?;
            return self.move_locked(&v, addr, old_len, new_len, to, true);
        }
        if let Remap::Fixed(to) = how {
            if !to.is_multiple_of(PAGE_SIZE) {
                return Err(MmError::Unaligned);
            }
            if new_len > limit || to > limit - new_len {
                return Err(MmError::OutOfRange);
            }
            if addr.saturating_add(old_len) > to && to + new_len > addr {
                return Err(MmError::BadFlags("mremap target overlaps the source"));
            }
            self.unmap_locked(to..to + new_len)?;
            if old_len > new_len {
                // Linux unmaps the tail with do_munmap, which refuses
                // (EINVAL) a range that wraps or ends beyond the space, after
                // the target was already unmapped.
                let old_end = addr
                    .checked_add(old_len)
                    .filter(|&e| e <= limit)
                    .ok_or(MmError::Overflow)?;
                self.unmap_locked(addr + new_len..old_end)?;
                old_len = new_len;
            }
            let v = self.to_resize(addr, old_len)?;
            return self.move_locked(&v, addr, old_len, new_len, to, false);
        }
        if old_len >= new_len {
            let end = addr.checked_add(old_len).ok_or(MmError::Overflow)?;
            self.unmap_locked(addr + new_len..end)?;
            return Ok(addr);
        }
        let v = self.to_resize(addr, old_len)?;
        let new_end = addr.checked_add(new_len).filter(|&e| e <= limit);
        if addr + old_len == v.end() {
            if let Some(new_end) = new_end {
                let free = self.overlapping(&(v.end()..new_end))?.is_empty();
                if free {
                    self.grow_in_place(&v, new_end)?;
                    return Ok(addr);
                }
            }
        }
        if how == Remap::InPlace {
            return Err(MmError::NoSpace);
        }
        let to = self
            .find_gap(new_len, self.limits.mmap_base)
            .or_else(|| self.find_gap(new_len, self.limits.mmap_min_addr))
            .ok_or(MmError::NoSpace)?;
        self.move_locked(&v, addr, old_len, new_len, to, false)
    }

    /// The VMA containing `addr`, or [`MmError::BadAddress`].
    fn find_at(&self, addr: u64) -> Result<Arc<Vma<A>>, MmError> {
        match self.lookup(addr) {
            Lookup::Inside(v) => Ok(v),
            _ => Err(MmError::BadAddress),
        }
    }

    /// Linux's `vma_to_resize`: the VMA at `addr`, which must hold the
    /// whole old range, and may be duplicated (`old_len` 0) only if shared.
    fn to_resize(&self, addr: u64, old_len: u64) -> Result<Arc<Vma<A>>, MmError> {
        let v = self.find_at(addr)?;
        if old_len == 0 && !v.is_shared() {
            return Err(MmError::BadFlags("mremap duplicates only shared mappings"));
        }
        if old_len > v.end() - addr {
            return Err(MmError::BadAddress);
        }
        Ok(v)
    }

    /// Extends `v` up to `new_end` (free, checked by the caller), growing
    /// the page tables first if they do not reach that far.
    fn grow_in_place(&self, v: &Arc<Vma<A>>, new_end: u64) -> Result<(), MmError> {
        self.reach(new_end)?;
        crate::kmem::take_vmas(1)?;
        let grown = Arc::new(Vma::new(v.start()..new_end, v.flags(), v.backing().clone()));
        v.lock.detach();
        let mut tree = self.edit_vmas();
        tree.insert(v.start(), grown);
        Ok(())
    }

    /// Moves `addr..addr + old_len` of `v` to `to..to + new_len` (free or
    /// just unmapped): a new VMA there with the same access and backing,
    /// the page-table entries moved to it, and the old range unmapped
    /// (kept, for a duplicate with `old_len` 0; kept but emptied with
    /// `keep_old`).
    fn move_locked(
        &self,
        v: &Arc<Vma<A>>,
        addr: u64,
        old_len: u64,
        new_len: u64,
        to: u64,
        keep_old: bool,
    ) -> Result<u64, MmError> {
        // Linux's move_vma: room for the splits a move may make.
        if self.vma_count() >= self.limits.max_map_count.saturating_sub(MOVE_MAP_MARGIN) {
            return Err(MmError::TooManyMaps);
        }
        // The moved VMA, the kept or split pieces of the old one.
        crate::kmem::take_vmas(4)?;
        let backing = match v.backing() {
            Backing::Anon => Backing::Anon,
            Backing::Object { object, offset } => Backing::Object {
                object: object.clone(),
                offset: offset + (addr - v.start()),
            },
        };
        self.reach(to + new_len)?;
        let moved = Arc::new(Vma::new(to..to + new_len, v.flags(), backing));
        if old_len == 0 {
            self.edit_vmas().insert(to, moved);
            return Ok(to);
        }
        let from = addr..addr + old_len;
        let slots = self.target_slots(&from, to)?;
        let old: Vec<Vma<A>> = if keep_old {
            self.overlapping(&from)?
                .iter()
                .map(|o| o.slice(o.start().max(from.start)..o.end().min(from.end), o.flags()))
                .collect()
        } else {
            Vec::new()
        };
        self.unmap_locked_then(from.clone(), || self.move_entries(&from, to, &slots))?;
        let mut tree = self.edit_vmas();
        for o in old {
            tree.insert(o.start(), Arc::new(o));
        }
        tree.insert(to, moved);
        Ok(to)
    }

    /// The destination slot of every entry in `from`, allocated before
    /// anything moves, so that running out of frames changes nothing.
    fn target_slots(&self, from: &Range<u64>, to: u64) -> Result<Vec<PteSlot>, MmError> {
        let arch = self.mem.arch();
        let ptl = self.ptl.lock();
        let mut vas = Vec::new();
        let mut no_room = false;
        arch.scan(ptl.root, from.clone(), &mut |va, _, _| {
            if vas.try_reserve(1).is_ok() {
                vas.push(va);
            } else {
                no_room = true;
            }
        });
        if no_room || crate::kmem::take(vas.len() * size_of::<PteSlot>()).is_err() {
            return Err(MmError::OutOfMemory);
        }
        vas.iter()
            .map(|&va| {
                arch.walk_alloc(ptl.root, to + (va - from.start), self.mem.frames())
                    .map_err(|_| MmError::OutOfMemory)
            })
            .collect()
    }

    /// Moves the entries of `from` to their slots at `to` (computed by
    /// [`Mm::target_slots`], in the same order), with their poison marks.
    fn move_entries(&self, from: &Range<u64>, to: u64, slots: &[PteSlot]) {
        let arch = self.mem.arch();
        let mut ptl = self.ptl.lock();
        let root = ptl.root;
        let mut next = slots.iter();
        arch.scan(root, from.clone(), &mut |va, slot, pte| {
            let Some(&dst) = next.next() else { return };
            arch.clear_pte(root, slot, va);
            arch.flush(root, va);
            arch.set_pte(root, dst, to + (va - from.start), pte);
        });
        let marks: Vec<u64> = ptl.hwpoison.range(from.clone()).copied().collect();
        for a in marks {
            ptl.hwpoison.remove(&a);
            ptl.hwpoison.insert(to + (a - from.start));
        }
    }
}
