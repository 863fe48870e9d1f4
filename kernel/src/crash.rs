//! Deliberate crashes, selected with `crash=<scenario>` on the command
//! line. The harness boots each one and checks that it ends in the right
//! oops with a failure exit, never a hang.

use alloc::vec;

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
        other => {
            pr_err!("crash={other}: unknown scenario");
            arch::machine::exit(false)
        }
    }
}
