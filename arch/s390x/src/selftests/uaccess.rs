//! copy_{from,to}_user against a real second address space in
//! CR1, without a fault handler: mapped pages copy, unmapped or read-only
//! ones fail with Efault through the exception table.

use alloc::vec;
use alloc::vec::Vec;

use kcore::{kassert, kassert_eq, ktest};
use mm::frame::PhysFrame;

use crate::dat::Prot;
use crate::kspace::{frames, set_user_asce};
use crate::space::AddressSpace;
use crate::uaccess::{copy_from_user, copy_to_user, Efault};

fn get_user(addr: u64) -> Result<u64, Efault> {
    let mut b = [0u8; 8];
    copy_from_user(&mut b, addr).map(|()| u64::from_be_bytes(b))
}

fn put_user(addr: u64, value: u64) -> Result<(), Efault> {
    copy_to_user(addr, &value.to_be_bytes())
}

/// A user space with `pages` (address, prot) mapped to fresh zeroed frames.
struct UserSpace {
    space: AddressSpace,
    frames: Vec<PhysFrame>,
}

impl UserSpace {
    fn new(pages: &[(u64, Prot)]) -> Self {
        let mut space = AddressSpace::new(frames()).unwrap();
        let mut fs = Vec::new();
        for &(va, prot) in pages {
            let f = frames().alloc().unwrap();
            // SAFETY: the frame is ours and identity-mapped.
            unsafe { core::ptr::write_bytes(f.addr() as *mut u8, 0, 4096) };
            space.map(va, f.addr(), prot).unwrap();
            fs.push(f);
        }
        set_user_asce(Some(space.asce()));
        Self { space, frames: fs }
    }
}

impl Drop for UserSpace {
    fn drop(&mut self) {
        set_user_asce(None);
        for f in self.frames.drain(..) {
            frames().free(f);
        }
        let _ = &self.space;
    }
}

const RW: u64 = 0x10_0000;
const RO: u64 = 0x20_0000;
const HOLE: u64 = 0x30_0000;

ktest! {
    suite = "s390x_uaccess";

    /// Copies to and from mapped user pages round-trip, across pages.
    fn copy_roundtrip_across_pages() {
        let _u = UserSpace::new(&[(RW, Prot::RW), (RW + 0x1000, Prot::RW), (RW + 0x2000, Prot::RW)]);
        let data: Vec<u8> = (0..10_000u32).map(|i| (i * 7) as u8).collect();
        kassert_eq!(copy_to_user(RW + 100, &data), Ok(()));
        let mut back = vec![0u8; data.len()];
        kassert_eq!(copy_from_user(&mut back, RW + 100), Ok(()));
        kassert!(back == data, "data differs after the round trip");
        kassert_eq!(put_user(RW + 0x2ff8, 0x1122_3344_5566_7788), Ok(()));
        kassert_eq!(get_user(RW + 0x2ff8), Ok(0x1122_3344_5566_7788));
        Ok(())
    }

    /// An unmapped source gives Efault, not an oops.
    fn copy_from_unmapped_is_efault() {
        let _u = UserSpace::new(&[(RW, Prot::RW)]);
        let mut buf = [0u8; 64];
        kassert_eq!(copy_from_user(&mut buf, HOLE), Err(Efault));
        // Partly mapped: the copy runs into the hole after RW.
        let mut big = vec![0u8; 8192];
        kassert_eq!(copy_from_user(&mut big, RW), Err(Efault));
        kassert_eq!(get_user(HOLE + 8), Err(Efault));
        Ok(())
    }

    /// A read-only destination gives Efault.
    fn copy_to_read_only_is_efault() {
        let _u = UserSpace::new(&[(RO, Prot::RO)]);
        kassert_eq!(copy_to_user(RO, &[1, 2, 3]), Err(Efault));
        kassert_eq!(put_user(RO + 8, 5), Err(Efault));
        // Reading it is fine.
        kassert_eq!(get_user(RO), Ok(0));
        Ok(())
    }

    /// The exception table was found and sorted at boot.
    fn exception_table_is_sorted() {
        kassert!(crate::extable::len() > 0, "empty exception table");
        Ok(())
    }
}
