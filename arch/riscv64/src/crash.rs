//! The crash boots that need riscv64 instructions or tables
//! (`karch::Crash`). Each should end in an oops; if one returns, the
//! generic kernel reports that the crash did not happen.

use karch::Crash;

use crate::expect::{arm, Resume};
use crate::layout::{phys_to_virt, DIRECT_MAP};
use crate::sv39::{Entry, Level};
use crate::sv39_table::KernelPerm;
use crate::{boot, kspace, mmu, probe, tlb};

/// A kernel-half address no table covers: the last gigabyte of the
/// address space, far above the direct map of RAM.
pub const WILD_POINTER: u64 = 0xffff_ffff_dead_0000;
/// Where scenarios map scratch pages: 128 GiB into the kernel half, far
/// from the direct map of RAM (which starts at 2 GiB there).
const SCRATCH: u64 = DIRECT_MAP + (128 << 30);

/// Runs `kind`.
pub fn run(kind: Crash) {
    match kind {
        // No root entry covers the address.
        Crash::WildLoad => {
            // SAFETY: deliberately faults; the oops ends the run.
            unsafe { probe::load(WILD_POINTER) };
        }
        // Kernel text is mapped read-execute.
        Crash::TextStore => {
            let text = run as *const () as u64 & !7;
            // SAFETY: deliberately faults on the read-only text page.
            unsafe { probe::store(text, 0) };
        }
        // A leaf with reserved bits 54-63 set: the walk raises a page
        // fault (privileged spec), and the oops's walk names the bits.
        Crash::CorruptPte => {
            map_scratch();
            let root = kspace::current_root();
            let walk = mmu::describe_walk(root, SCRATCH, &boot::memory());
            let leaf = walk
                .steps
                .iter()
                .flatten()
                .find(|s| s.level == Level::L0)
                .expect("the scratch page's leaf");
            let slot = phys_to_virt(leaf.table + leaf.index as u64 * 8) as *mut u64;
            // SAFETY: `slot` is the scratch page's own leaf entry, in a
            // kernel table reached through the direct map; nothing else
            // uses the page.
            unsafe { core::ptr::write_volatile(slot, leaf.entry.0 | Entry::RESERVED & (1 << 60)) };
            // The entry was valid: drop any cached translation of it.
            tlb::fence_all();
            // SAFETY: deliberately faults on the corrupt entry.
            unsafe { probe::load(SCRATCH) };
        }
        // The expectation makes the handler fault while handling this one.
        Crash::NestedFault => {
            arm(Resume::FaultInHandler);
            // SAFETY: deliberately faults to enter the handler.
            unsafe { probe::load(WILD_POINTER + 0x10_0000) };
        }
        // An `ecall` from S-mode is a call into the SBI firmware, not a
        // trap into this kernel: there is no such crash to provoke, and
        // returning tells the generic kernel so.
        Crash::KernelSyscall => {}
        Crash::InvalidOpcode => probe::invalid_opcode(),
    }
}

/// Maps one fresh frame at [`SCRATCH`], read-write.
fn map_scratch() {
    let frames = kspace::frames();
    let frame = frames.alloc().expect("a frame for the scratch page");
    let root = kspace::current_root();
    mmu::map_kernel(root, SCRATCH, frame.addr(), mm::PAGE_SIZE, KernelPerm::ReadWrite, frames)
        .expect("map the scratch page");
}
