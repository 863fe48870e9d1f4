//! Host benchmark of the generic fault path: nanoseconds per
//! `handle_mm_fault` with 10, 1,000 and 100,000 VMAs.
//!
//! Run with `cargo run --release -p arch-host --bin mm-bench`. Each VMA
//! is two pages with a one-page hole after it, so VMAs never merge.
//! Faults hit random VMAs, each page once:
//!
//! - *read*: first read of anonymous memory (maps the zero page);
//! - *write*: first write (allocates and zeroes a frame);
//! - *driver*: a first write through `Mm::fault` (per-VMA lock, then
//!   `handle_mm_fault`), as an architecture's handler calls it.
//!
//! The per-fault cost should stay flat as VMAs grow (the lookup is
//! O(log n)) and does not depend on how many pages are mapped.

use std::time::Instant;

use mm::{Backing, FaultFlags, Mm, Placement, VmaFlags, PAGE_SIZE};

const BASE: u64 = 0x1_0000_0000;
const FAULTS: usize = 10_000;

/// A small deterministic shuffle (no dependencies in a bench binary).
fn shuffled(n: usize, seed: u64) -> Vec<usize> {
    let mut v: Vec<usize> = (0..n).collect();
    let mut x = seed | 1;
    for i in (1..n).rev() {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        v.swap(i, (x % (i as u64 + 1)) as usize);
    }
    v
}

fn vma_start(i: usize) -> u64 {
    BASE + i as u64 * 3 * PAGE_SIZE
}

/// Nanoseconds per fault for `faults` first-touch faults on `page` of
/// random VMAs, using `one` to take each fault.
fn measure(vmas: usize, page: u64, one: &mut dyn FnMut(u64)) -> f64 {
    let order = shuffled(vmas, 0x9e37_79b9 ^ page);
    let n = FAULTS.min(vmas);
    let t = Instant::now();
    for &i in order.iter().take(n) {
        one(vma_start(i) + page * PAGE_SIZE);
    }
    t.elapsed().as_nanos() as f64 / n as f64
}

fn main() {
    println!(
        "| VMAs | read fault (zero page) | write fault (zero-fill) | write through Mm::fault |"
    );
    println!("|---:|---:|---:|---:|");
    for &vmas in &[10usize, 1_000, 100_000] {
        // Repeat small configurations so each row times about FAULTS faults.
        let rounds = FAULTS.div_ceil(vmas);
        let (mut read, mut write, mut driver) = (0.0, 0.0, 0.0);
        for _ in 0..rounds {
            let (mem, _frames) = arch_host::machine(3 * FAULTS.min(vmas) + 4096);
            let mm = Mm::new(mem).expect("address space");
            for i in 0..vmas {
                mm.mmap(
                    Placement::Fixed(vma_start(i)),
                    2 * PAGE_SIZE,
                    VmaFlags::rw(),
                    Backing::Anon,
                )
                .expect("mmap");
            }
            let user = FaultFlags::DEFAULT | FaultFlags::USER | FaultFlags::VMA_LOCK;
            let handle = |addr: u64, flags: FaultFlags| {
                let mut g = mm.lock_vma(addr).expect("lock_vma");
                let f = mm.handle_mm_fault(&mut g, addr, flags);
                assert!(f.is_empty(), "{f}");
            };
            read += measure(vmas, 0, &mut |a| handle(a, user));
            write += measure(vmas, 1, &mut |a| {
                // Page 1 has never been touched: a zero-filling write.
                handle(a, user | FaultFlags::WRITE)
            });
            // The driver on page 0 again: a write breaks the zero page.
            driver += measure(vmas, 0, &mut |a| {
                let flags = FaultFlags::DEFAULT | FaultFlags::USER | FaultFlags::WRITE;
                let out = mm.fault(a, flags, VmaFlags::WRITE, &mut || false);
                assert_eq!(out, mm::FaultOutcome::Fault(mm::VmFault::empty()));
            });
        }
        let r = rounds as f64;
        println!(
            "| {vmas} | {:.0} ns | {:.0} ns | {:.0} ns |",
            read / r,
            write / r,
            driver / r
        );
    }
}
