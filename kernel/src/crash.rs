//! Deliberate crashes, selected with `crash=<scenario>` on the command
//! line. The harness boots each one and checks that it ends in the right
//! oops with a failure exit, never a hang.

use alloc::vec;

use arch::dat::{Prot, Pte};
use arch::kspace::kernel_space;
use arch::probe;
use kcore::ktest::{self, Case};
use kcore::{pr_err, println};

use crate::arch;

/// Runs the scenario; every known one ends the run.
pub fn run(scenario: &str) -> ! {
    println!("crash: running scenario '{scenario}'");
    match scenario {
        "panic" => panic!("deliberate panic from crash=panic"),
        "heap-exhaustion" => {
            let mut hog = alloc::vec::Vec::new();
            loop {
                hog.push(alloc::vec![0u8; 1 << 20]);
            }
        }
        // A suite whose second test panics: KTAP must say `not ok` for it
        // and its suite, then the run ends with a failure exit.
        "test-panic" => {
            let suites = ktest::into_suites(vec![
                Case::boxed("ktest", "passes", || Ok(())),
                Case::boxed("ktest", "panics", || {
                    panic!("deliberate panic inside a test")
                }),
            ]);
            ktest::run(&suites);
            pr_err!("crash=test-panic: the panicking test returned");
            arch::machine::exit(false)
        }
        // A test that never returns: the harness timeout must name it.
        "test-hang" => {
            let suites = ktest::into_suites(vec![Case::boxed("ktest", "hangs", || loop {
                core::hint::spin_loop()
            })]);
            ktest::run(&suites);
            arch::machine::exit(false)
        }
        // A kernel load through a wild pointer (no region-third entry).
        "wild-load" => {
            // SAFETY: deliberately faults; the oops ends the run.
            let v = unsafe { probe::load(WILD_POINTER) };
            pr_err!("crash=wild-load: the load returned {v:#x}");
            arch::machine::exit(false)
        }
        // A store into kernel text, which is mapped read-only.
        "text-store" => {
            let text = run as *const () as u64 & !7;
            // SAFETY: deliberately faults on the read-only text page.
            unsafe { probe::store(text, 0) };
            pr_err!("crash=text-store: the store to text succeeded");
            arch::machine::exit(false)
        }
        // Unbounded recursion into the boot stack's guard page.
        "stack-overflow" => {
            let n = recurse(0);
            pr_err!("crash=stack-overflow: recursion returned {n}");
            arch::machine::exit(false)
        }
        // A page-table entry with reserved bit 52 set.
        "bad-pte" => {
            let frame = crate::memory::frames().alloc().expect("a frame");
            let pte = Pte(Pte::new(frame.addr(), Prot::RW).0 | Pte::RESERVED);
            kernel_space()
                .lock()
                .set_pte(SCRATCH, pte)
                .expect("map the scratch page");
            // SAFETY: deliberately faults (translation specification).
            unsafe { probe::load(SCRATCH) };
            pr_err!("crash=bad-pte: the access succeeded");
            arch::machine::exit(false)
        }
        // A fault handler that itself faults: the nested-fault report.
        "nested-fault" => {
            arch::fault_hook::set(|_regs, _int| {
                // SAFETY: deliberately faults inside the fault handler.
                unsafe { probe::load(WILD_POINTER) };
            });
            // SAFETY: deliberately faults to enter the handler.
            unsafe { probe::load(SCRATCH + 0x10_0000) };
            pr_err!("crash=nested-fault: returned");
            arch::machine::exit(false)
        }
        // A supervisor call nobody handles.
        "svc" => {
            probe::svc::<42>();
            pr_err!("crash=svc: returned");
            arch::machine::exit(false)
        }
        // An invalid opcode in kernel mode.
        "invalid-opcode" => {
            probe::invalid_opcode();
            pr_err!("crash=invalid-opcode: returned");
            arch::machine::exit(false)
        }
        // handle_mm_fault answering FALLBACK alone: an error bit no arch
        // expects, so the dispatcher oopses with "unexpected fault flags".
        "fallback" => {
            let mm = alloc::sync::Arc::new(
                crate::task::UserMm::new(crate::task::memory().clone()).expect("an mm"),
            );
            mm.mmap(
                mm::Placement::Fixed(0x1000_0000),
                4096,
                mm::VmaFlags::rw(),
                mm::Backing::Anon,
            )
            .expect("a mapping");
            mm.inject_fault(mm::VmFault::FALLBACK);
            crate::task::sched::switch_mm(Some(mm));
            let r = arch::uaccess::copy_to_user(0x1000_0000, &[1]);
            pr_err!("crash=fallback: the copy returned {r:?}");
            arch::machine::exit(false)
        }
        other => {
            pr_err!("crash={other}: unknown scenario");
            arch::machine::exit(false)
        }
    }
}

/// An address no table covers (about 1.9 TiB).
const WILD_POINTER: u64 = 0x0000_01de_adbe_e000;
/// Where scenarios map scratch pages: 1 TiB, far from the RAM identity map.
const SCRATCH: u64 = 1 << 40;

/// Recurses with a 1 KiB frame until the guard page stops it.
#[inline(never)]
#[allow(unconditional_recursion)] // the point: only the guard page ends it
fn recurse(depth: u64) -> u64 {
    let mut frame = [depth; 128];
    core::hint::black_box(&mut frame);
    recurse(depth + 1).wrapping_add(frame[7])
}
