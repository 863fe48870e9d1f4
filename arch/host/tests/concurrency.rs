//! Real threads: several threads fault on the same VMAs while another
//! thread forks, mprotects, munmaps and remaps in a loop.
//!
//! Checked: no lost write (each thread reads back every value it wrote to
//! its own pages), no use of a freed frame (a region that is unmapped and
//! remapped under the readers only ever reads as zero, and the allocator
//! would panic on a double free), no deadlock (everything finishes within
//! a deadline), no leaked VMA lock or frame, and the VMA-lock counters
//! show both successes and retries.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::thread;
use std::time::{Duration, Instant};

use mm::{AccessError, Backing, Mm, Placement, VmaFlags, PAGE_SIZE};

const THREADS: u64 = 3;
const PAGES_EACH: u64 = 8;
const R: u64 = 0x1000_0000;
const R_PAGES: u64 = THREADS * PAGES_EACH;
const S: u64 = 0x2000_0000;
const S_PAGES: u64 = 4;
const DEADLINE: Duration = Duration::from_secs(45);

fn page_addr(t: u64, k: u64) -> u64 {
    // Interleaved ownership, so neighbouring pages belong to different
    // threads and every VMA split cuts through several threads' pages.
    R + (k * THREADS + t) * PAGE_SIZE + (k * 8) % PAGE_SIZE
}

#[test]
fn faulting_threads_race_a_thread_changing_the_vmas() {
    let (mem, frames) = arch_host::machine(4096);
    let start = frames.free_count();
    let mm = Arc::new(Mm::new(mem.clone()).unwrap());
    mm.mmap(
        Placement::Fixed(R),
        R_PAGES * PAGE_SIZE,
        VmaFlags::rw(),
        Backing::Anon,
    )
    .unwrap();
    mm.mmap(
        Placement::Fixed(S),
        S_PAGES * PAGE_SIZE,
        VmaFlags::rw(),
        Backing::Anon,
    )
    .unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let (done_tx, done_rx) = mpsc::channel::<Result<u64, String>>();

    let mut handles = Vec::new();
    for t in 0..THREADS {
        let (mm, stop, done) = (mm.clone(), stop.clone(), done_tx.clone());
        handles.push(thread::spawn(move || {
            let run = || -> Result<u64, String> {
                let mut last = vec![0u64; PAGES_EACH as usize];
                let mut iter = 0u64;
                // At least one round each, however late the thread gets a
                // CPU: the changer may already be done by then.
                loop {
                    iter += 1;
                    for k in 0..PAGES_EACH {
                        let a = page_addr(t, k);
                        let mut b = [0u8; 8];
                        mm.read(a, &mut b)
                            .map_err(|e| format!("read {a:#x}: {e}"))?;
                        let got = u64::from_le_bytes(b);
                        if got != last[k as usize] {
                            return Err(format!(
                                "thread {t} page {k}: read {got:#x}, last wrote {:#x}",
                                last[k as usize]
                            ));
                        }
                        let v = (iter << 8) | t;
                        mm.write(a, &v.to_le_bytes())
                            .map_err(|e| format!("write {a:#x}: {e}"))?;
                        last[k as usize] = v;
                    }
                    // The region the other thread keeps unmapping.
                    let s = S + (iter % S_PAGES) * PAGE_SIZE + t * 16;
                    let mut b = [0xffu8; 8];
                    match mm.write(s, &[0u8; 8]).and_then(|()| mm.read(s, &mut b)) {
                        Ok(()) if b == [0; 8] => {}
                        Ok(()) => return Err(format!("S page reads {b:?}: a stale frame")),
                        Err(e) if e.is_access(AccessError::NoVma) => {}
                        Err(e) => return Err(format!("S access: {e}")),
                    }
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                }
                Ok(iter)
            };
            let _ = done.send(run());
        }));
    }

    {
        let (mm, stop, done) = (mm.clone(), stop.clone(), done_tx.clone());
        handles.push(thread::spawn(move || {
            let run = || -> Result<u64, String> {
                let began = Instant::now();
                let mut round = 0u64;
                loop {
                    round += 1;
                    let c = mm.counters();
                    let enough = round > 50 && c.vma_lock_success > 0 && c.vma_lock_retry > 0;
                    if enough || began.elapsed() > DEADLINE / 2 {
                        break;
                    }
                    let first = round % (R_PAGES - 4);
                    let len = (1 + round % 4) * PAGE_SIZE;
                    let at = R + first * PAGE_SIZE;
                    let rwx = VmaFlags::READ | VmaFlags::WRITE | VmaFlags::EXEC;
                    mm.mprotect(at, len, rwx)
                        .map_err(|e| format!("mprotect: {e}"))?;
                    // Fork write-protects every private page, so the
                    // faulting threads take write faults (copy while the
                    // child lives, reuse after it exits).
                    let child = mm.fork().map_err(|e| format!("fork: {e}"))?;
                    mm.mprotect(at, len, VmaFlags::READ | VmaFlags::WRITE)
                        .map_err(|e| format!("mprotect back: {e}"))?;
                    drop(child);
                    mm.munmap(S, S_PAGES * PAGE_SIZE)
                        .map_err(|e| format!("munmap: {e}"))?;
                    thread::yield_now();
                    mm.mmap(
                        Placement::Fixed(S),
                        S_PAGES * PAGE_SIZE,
                        VmaFlags::rw(),
                        Backing::Anon,
                    )
                    .map_err(|e| format!("mmap: {e}"))?;
                }
                stop.store(true, Ordering::Relaxed);
                Ok(round)
            };
            let r = run();
            stop.store(true, Ordering::Relaxed);
            let _ = done.send(r);
        }));
    }
    drop(done_tx);

    let deadline = Instant::now() + DEADLINE;
    for _ in 0..=THREADS {
        let left = deadline.saturating_duration_since(Instant::now());
        match done_rx.recv_timeout(left) {
            Ok(Ok(n)) => assert!(n > 0),
            Ok(Err(e)) => panic!("{e}"),
            Err(_) => panic!("deadlock: threads still running after {DEADLINE:?}"),
        }
    }
    for h in handles {
        h.join().expect("a thread panicked");
    }
    let c = mm.counters();
    println!("{c}");
    assert!(c.vma_lock_success > 0, "no VMA-lock success: {c}");
    assert!(c.vma_lock_retry > 0, "no VMA-lock retry: {c}");
    assert!(c.cow > 0, "no COW copy: {c}");
    assert_eq!(mm.vma_readers(), 0, "a VMA lock leaked");
    let mm = Arc::try_unwrap(mm).expect("a thread still holds the address space");
    drop(mm);
    assert_eq!(frames.free_count(), start, "frames leaked");
}
