//! The crash boots that need s390x instructions or tables
//! (`karch::Crash`). Each should end in an oops; if one returns, the
//! generic kernel reports that the crash did not happen.

use karch::Crash;

use crate::dat::{Prot, Pte};
use crate::expect::{arm, Resume};
use crate::kspace::{frames, kernel_space};
use crate::probe;

/// An address no table covers (about 1.9 TiB).
pub const WILD_POINTER: u64 = 0x0000_01de_adbe_e000;
/// Where scenarios map scratch pages: 1 TiB, far from the RAM identity map.
const SCRATCH: u64 = 1 << 40;

/// Runs `kind`.
pub fn run(kind: Crash) {
    match kind {
        // No region-third entry covers the address.
        Crash::WildLoad => {
            // SAFETY: deliberately faults; the oops ends the run.
            unsafe { probe::load(WILD_POINTER) };
        }
        // Kernel text is mapped read-only.
        Crash::TextStore => {
            let text = run as *const () as u64 & !7;
            // SAFETY: deliberately faults on the read-only text page.
            unsafe { probe::store(text, 0) };
        }
        // Reserved bit 52 set: a translation-specification exception.
        Crash::CorruptPte => {
            let frame = frames().alloc().expect("a frame");
            let pte = Pte(Pte::new(frame.addr(), Prot::RW).0 | Pte::RESERVED);
            kernel_space()
                .lock()
                .set_pte(SCRATCH, pte)
                .expect("map the scratch page");
            // SAFETY: deliberately faults (translation specification).
            unsafe { probe::load(SCRATCH) };
        }
        // The expectation makes the handler fault while handling this one.
        Crash::NestedFault => {
            arm(Resume::FaultInHandler);
            // SAFETY: deliberately faults to enter the handler.
            unsafe { probe::load(SCRATCH + 0x10_0000) };
        }
        // Nobody handles an SVC from the kernel.
        Crash::KernelSyscall => probe::svc::<42>(),
        Crash::InvalidOpcode => probe::invalid_opcode(),
    }
}
