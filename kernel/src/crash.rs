//! Deliberate crashes, selected with `crash=<scenario>` on the command
//! line. The harness boots each one and checks that it ends in the right
//! oops with a failure exit, never a hang.

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
        other => {
            pr_err!("crash={other}: unknown scenario");
            arch::machine::exit(false)
        }
    }
}
