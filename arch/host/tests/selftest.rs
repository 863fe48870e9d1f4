//! Runs `mm::selftest` (the cases the kernel runs in QEMU) on the host
//! backend, all on one machine as the kernel does.

use arch_host::HostArch;

#[test]
fn every_generic_self_test_passes_on_the_host_backend() {
    let (mem, frames) = arch_host::machine(1024);
    let cases = mm::selftest::cases::<HostArch>();
    assert!(cases.len() > 30, "only {} cases", cases.len());
    let mut failed = Vec::new();
    println!("KTAP version 1\n1..{}", cases.len());
    for (i, (name, case)) in cases.iter().enumerate() {
        match mm::selftest::run(&mem, *case) {
            Ok(()) => println!("ok {} {name}", i + 1),
            Err(why) => {
                println!("not ok {} {name} # {why}", i + 1);
                failed.push(format!("{name}: {why}"));
            }
        }
    }
    assert!(
        failed.is_empty(),
        "failed self-tests:\n{}",
        failed.join("\n")
    );
    assert_eq!(
        frames.free_count() + frames.quarantined(),
        frames.total() - 1
    );
}
