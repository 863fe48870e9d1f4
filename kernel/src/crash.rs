//! Deliberate crashes, selected with `crash=<scenario>` on the command
//! line of a self-test kernel. The harness boots each one and checks that
//! it ends in the right oops or panic with a failure exit, never a hang.
//! The scenarios that need instruction-level control are the backend's
//! (`karch::Crash`); the rest are here.

use alloc::vec;

use arch::Arch;
use karch::{Arch as _, Crash};
use kcore::ktest::{self, Case};
use kcore::{pr_err, println};

use crate::task;

/// Runs the scenario; every known one ends the run.
pub fn run(scenario: &str) -> ! {
    println!("crash: running scenario '{scenario}'");
    if let Some(kind) = Crash::from_name(scenario) {
        Arch::crash(kind);
        pr_err!("crash={scenario}: returned");
        Arch::exit(false);
    }
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
            Arch::exit(false)
        }
        // A test that never returns: the harness timeout must name it.
        "test-hang" => {
            let suites = ktest::into_suites(vec![Case::boxed("ktest", "hangs", || loop {
                core::hint::spin_loop()
            })]);
            ktest::run(&suites);
            Arch::exit(false)
        }
        // Unbounded recursion into the boot stack's guard page.
        "stack-overflow" => {
            let n = recurse(0);
            pr_err!("crash=stack-overflow: recursion returned {n}");
            Arch::exit(false)
        }
        // handle_mm_fault answering FALLBACK alone: an error bit no arch
        // expects, so the dispatcher oopses with "unexpected fault flags".
        "fallback" => {
            let mm =
                alloc::sync::Arc::new(task::UserMm::new(task::memory().clone()).expect("an mm"));
            mm.mmap(
                mm::Placement::Fixed(0x1000_0000),
                4096,
                mm::VmaFlags::rw(),
                mm::Backing::Anon,
            )
            .expect("a mapping");
            mm.inject_fault(mm::VmFault::FALLBACK);
            Arch::switch_mm(Some(mm));
            let r = Arch::copy_to_user(0x1000_0000, &[1]);
            pr_err!("crash=fallback: the copy returned {r:?}");
            Arch::exit(false)
        }
        other => {
            pr_err!("crash={other}: unknown scenario");
            Arch::exit(false)
        }
    }
}

/// Recurses with a 1 KiB frame until the guard page stops it.
#[inline(never)]
#[allow(unconditional_recursion)] // the point: only the guard page ends it
fn recurse(depth: u64) -> u64 {
    let mut frame = [depth; 128];
    core::hint::black_box(&mut frame);
    recurse(depth + 1).wrapping_add(frame[7])
}
