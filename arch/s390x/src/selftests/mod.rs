//! In-kernel self-tests of the s390x backend (run in QEMU).

mod boot;
mod dat;
mod faults;
mod kspace;
mod timer;
mod uaccess;
mod user_state;

use kcore::ktest::Failure;
use mm::frame::PhysFrame;

use crate::dat::Prot;
use crate::kspace::{frames, kernel_space};

/// Scratch mappings live at 1 TiB, far from the identity map of RAM.
pub const SCRATCH: u64 = 1 << 40;

/// One page mapped in the kernel space for a test; unmapped and freed on
/// drop.
pub struct ScratchPage {
    pub va: u64,
    pub frame: PhysFrame,
}

impl ScratchPage {
    pub fn new(va: u64, prot: Prot) -> Result<Self, Failure> {
        let frame = frames()
            .alloc()
            .map_err(|_| Failure::Fail("out of frames".into()))?;
        // SAFETY: the frame is ours and identity-mapped.
        unsafe { core::ptr::write_bytes(frame.addr() as *mut u8, 0, 4096) };
        kernel_space()
            .lock()
            .map(va, frame.addr(), prot)
            .map_err(|e| Failure::Fail(alloc::format!("map {va:#x}: {e:?}")))?;
        Ok(Self { va, frame })
    }
}

impl Drop for ScratchPage {
    fn drop(&mut self) {
        kernel_space().lock().unmap(self.va);
        frames().free(self.frame);
    }
}
