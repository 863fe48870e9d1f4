//! The bootable kernel: brings up the console, memory and the task layer,
//! then runs the in-kernel self-tests (or the program QEMU's `-initrd`
//! holds) and ends the run with their verdict.
//!
//! This crate is generic: it reaches the machine only through
//! [`karch::Arch`], implemented by the backend Cargo selects for the target
//! (the dependency named `arch`), and it names no architecture.
#![no_std]
#![no_main]
#![deny(unsafe_op_in_unsafe_fn)]
#![deny(clippy::undocumented_unsafe_blocks)]

extern crate alloc;

#[cfg(feature = "selftest")]
mod crash;
mod fs;
mod heap;
mod init;
mod invariants;
mod kalloc;
mod memory;
mod panic;
mod random;
#[cfg(feature = "selftest")]
mod selftests;
mod task;
mod uaccess;
#[cfg(feature = "selftest")]
mod userprogs;

use arch::Arch;
use karch::Arch as _;
use kcore::cmdline::Cmdline;
use kcore::{pr_info, pr_warn, println};

/// Called by the architecture's entry code with a stack, a clear BSS and
/// every interruption routed to a handler.
#[no_mangle]
extern "C" fn kernel_entry() -> ! {
    Arch::early_init();
    let cmdline = Cmdline::new(Arch::cmdline());
    apply_log_level(&cmdline);
    // Linux prints its banner at notice level: `loglevel=warn` hides it.
    pr_info!("faultline: {} fault-handling kernel", Arch::NAME);
    pr_info!("command line: '{}'", cmdline.as_str());
    for p in cmdline.unknown() {
        pr_warn!("unknown command-line option '{}' ignored", p.key);
    }
    memory::init();
    pr_info!("{}", Arch::cpu_features());
    Arch::init_kernel_space(memory::frames(), memory::layout().ram.clone());
    task::init();

    #[cfg(feature = "selftest")]
    if let Some(scenario) = cmdline.get("crash") {
        crash::run(scenario);
    }
    if let Some(initrd) = Arch::initrd() {
        init::run(initrd, &cmdline);
    }
    run_self_tests(&cmdline)
}

/// Runs the self-test suites the command line selects and ends the run
/// with their verdict.
#[cfg(feature = "selftest")]
fn run_self_tests(cmdline: &Cmdline) -> ! {
    use kcore::ktest;
    let cases: alloc::vec::Vec<_> = ktest::registered()
        .into_iter()
        .chain(selftests::dispatch::mm_cases())
        .filter(|c| ktest::selected(cmdline.get("ktest.filter"), c))
        .collect();
    let suites = ktest::into_suites(cases);
    if cmdline.has("ktest.list") {
        ktest::list(&suites);
        Arch::exit(true);
    }
    let summary = ktest::run(&suites);
    report();
    Arch::exit(summary.failed == 0)
}

/// A production kernel has no self-tests: without a program to run there
/// is nothing to do.
#[cfg(not(feature = "selftest"))]
fn run_self_tests(_cmdline: &Cmdline) -> ! {
    println!("no -initrd program, and this kernel has no self-tests (built without `selftest`)");
    Arch::exit(false)
}

/// Prints the end-of-run counters.
fn report() {
    println!("# {}", mm::fault_stats::STATS.snapshot());
    task::report();
}

fn apply_log_level(cmdline: &Cmdline) {
    if let Some(v) = cmdline.get("loglevel") {
        match v.parse() {
            Ok(level) => kcore::log::set_level(level),
            Err(()) => pr_warn!("loglevel={v}: expected error, warn, info or debug"),
        }
    }
}
