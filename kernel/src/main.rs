//! The bootable kernel: brings up the console, memory and the fault path,
//! then runs the in-kernel self-tests and ends the run with their verdict.
#![no_std]
#![no_main]

extern crate alloc;

mod crash;
mod heap;
mod init;
mod memory;
mod panic;
mod selftests;
mod task;
mod userprogs;

use arch_s390x as arch;
use kcore::cmdline::Cmdline;
use kcore::{ktest, pr_info, pr_warn, println};

/// Called by the architecture's `_start` with a stack, a clear BSS and
/// every interruption routed to a handler.
#[no_mangle]
extern "C" fn kernel_entry() -> ! {
    arch::early_init();
    let cmdline = Cmdline::new(arch::cmdline());
    apply_log_level(&cmdline);
    println!("faultline: s390x fault-handling kernel");
    pr_info!("command line: '{}'", cmdline.as_str());
    for p in cmdline.unknown() {
        pr_warn!("unknown command-line option '{}' ignored", p.key);
    }
    memory::init();
    print_facilities();
    arch::kspace::init(memory::frames(), memory::layout().ram);
    arch::extable::init();
    task::init();
    pr_info!(
        "DAT on: kernel address space {:?}",
        arch::kspace::kernel_asce()
    );

    if let Some(scenario) = cmdline.get("crash") {
        crash::run(scenario);
    }
    if let Some(initrd) = arch::initrd() {
        init::run(initrd, &cmdline);
    }

    let cases: alloc::vec::Vec<_> = ktest::registered()
        .into_iter()
        .chain(selftests::dispatch::mm_cases())
        .filter(|c| ktest::selected(cmdline.get("ktest.filter"), c))
        .collect();
    let suites = ktest::into_suites(cases);
    if cmdline.has("ktest.list") {
        ktest::list(&suites);
        arch::machine::exit(true);
    }
    let summary = ktest::run(&suites);
    arch::fault::report();
    task::report();
    arch::machine::exit(summary.failed == 0)
}

fn apply_log_level(cmdline: &Cmdline) {
    if let Some(v) = cmdline.get("loglevel") {
        match v.parse() {
            Ok(level) => kcore::log::set_level(level),
            Err(()) => pr_warn!("loglevel={v}: expected error, warn, info or debug"),
        }
    }
}

fn print_facilities() {
    use arch::facilities::{has, Facility};
    let mut line = alloc::string::String::new();
    for f in Facility::ALL {
        let mark = if has(f) { '+' } else { '-' };
        line.push_str(&alloc::format!(" {mark}{}({})", f.name(), f as u32));
    }
    pr_info!("facilities:{line}");
}
