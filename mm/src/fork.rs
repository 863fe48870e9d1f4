//! fork: duplicate an address space, sharing private pages copy-on-write.

use alloc::sync::Arc;
use alloc::vec::Vec;

use crate::arch::{Arch, PteFlags};
use crate::error::MmError;
use crate::mm::Mm;
use crate::vma::Vma;

impl<A: Arch> Mm<A> {
    /// A copy of this address space. Private pages become shared between
    /// the two, write-protected in both, with one more reference on each
    /// frame; the first write on either side copies (or, once the other
    /// side let go, reuses) the page. Shared mappings stay shared.
    ///
    /// On failure (out of frames for the child's tables) the partial child
    /// is torn down, so nothing leaks; the parent's pages may stay
    /// write-protected, which only costs a fault.
    pub fn fork(&self) -> Result<Mm<A>, MmError> {
        let _m = self.mmap_lock.write();
        let child = Mm::with_limits(self.mem.clone(), self.limits())?;
        // The child's tables reach as far as the parent's, as Linux's
        // s390x fork keeps the parent's ASCE type.
        child.reach(self.reach_now())?;
        // The child's VMAs, and this list of them.
        crate::kmem::take_vmas(self.vma_count() + 1)?;
        let vmas: Vec<Arc<Vma<A>>> = self.vmas.read().values().cloned().collect();
        // Faults in flight on the per-VMA path could otherwise make a page
        // writable again after it was write-protected for sharing.
        for v in &vmas {
            v.lock.write_begin();
        }
        let result = vmas.iter().try_for_each(|v| self.copy_vma(&child, v));
        for v in &vmas {
            v.lock.write_end();
        }
        result.map(|()| child)
    }

    fn copy_vma(&self, child: &Mm<A>, v: &Vma<A>) -> Result<(), MmError> {
        let copy = Arc::new(v.slice(v.range(), v.flags()));
        child.edit_vmas().insert(copy.start(), copy);
        let arch = self.mem.arch();
        let frames = self.mem.frames();
        let zero = self.mem.zero_page();
        let private = !v.is_shared();
        let mut failed = false;
        let ptl = self.ptl.lock();
        let mut cptl = child.ptl.lock();
        let (root, croot) = (ptl.root, cptl.root);
        arch.scan(root, v.range(), &mut |va, slot, pte| {
            if failed {
                return;
            }
            let Ok(cslot) = arch.walk_alloc(croot, va, frames) else {
                failed = true;
                return;
            };
            let mut shared = pte;
            if private && pte.flags.contains(PteFlags::WRITE) {
                shared.flags.remove(PteFlags::WRITE);
                arch.clear_pte(root, slot, va);
                arch.flush(root, va);
                arch.set_pte(root, slot, va, shared);
            }
            if pte.is_populated() && pte.frame != zero {
                frames.get(pte.frame);
            }
            arch.set_pte(croot, cslot, va, shared);
        });
        let marks: Vec<u64> = ptl.hwpoison.range(v.range()).copied().collect();
        cptl.hwpoison.extend(marks);
        drop(cptl);
        drop(ptl);
        if failed {
            Err(MmError::OutOfMemory)
        } else {
            Ok(())
        }
    }
}
