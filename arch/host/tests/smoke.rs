//! Quick end-to-end checks of the generic fault path on the host backend.

use mm::{Backing, Mm, Placement, VmFault, VmaFlags};

#[test]
fn anon_write_read_back_and_exit_frees_everything() {
    let (mem, frames) = arch_host::machine(64);
    let start = frames.free_count();
    let mm = Mm::new(mem.clone()).unwrap();
    let a = mm
        .mmap(Placement::Anywhere, 3 * 4096, VmaFlags::rw(), Backing::Anon)
        .unwrap();
    let mut z = [1u8; 8];
    mm.read(a + 4096, &mut z).unwrap();
    assert_eq!(z, [0; 8]);
    mm.write(a + 4090, b"hello world").unwrap();
    let mut back = [0u8; 11];
    mm.read(a + 4090, &mut back).unwrap();
    assert_eq!(&back, b"hello world");
    let c = mm.counters();
    assert!(c.minor >= 3, "{c}");
    drop(mm);
    assert_eq!(frames.free_count(), start);
    let _ = VmFault::empty();
}
