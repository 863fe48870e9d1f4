//! The panic handler: print the message and location, close the KTAP
//! output if a test was running, and end the run with a failure exit.

use core::panic::PanicInfo;

use kcore::println;

use arch::Arch;
use karch::Arch as _;

#[panic_handler]
fn panic(info: &PanicInfo) -> ! {
    Arch::prepare_final_report();
    let msg = info.message();
    match info.location() {
        Some(loc) => println!(
            "Kernel panic at {}:{}:{}: {}",
            loc.file(),
            loc.line(),
            loc.column(),
            msg
        ),
        None => println!("Kernel panic: {msg}"),
    }
    kcore::ktest::report_panic(&msg);
    Arch::exit(false)
}
