//! Running a user's own program: QEMU's `-initrd` holds a static ELF for
//! this machine, or a cpio newc archive whose `/init` is one. It runs as the first
//! task with the command-line words after `--` as its arguments, and its
//! exit status decides QEMU's.

use alloc::vec::Vec;
use core::ops::Range;

use arch::Arch;
use karch::Arch as _;
use kcore::cmdline::Cmdline;
use kcore::{cpio, pr_info, println};

use crate::task;

/// Runs the initrd's program and ends the run with its verdict.
pub fn run(initrd: Range<u64>, cmdline: &Cmdline) -> ! {
    // SAFETY: QEMU loaded the initrd into this RAM range, which the frame
    // allocator and heap never hand out (memory.rs), and nothing writes it.
    let bytes = unsafe {
        core::slice::from_raw_parts(
            initrd.start as *const u8,
            (initrd.end - initrd.start) as usize,
        )
    };
    let image = if cpio::is_cpio(bytes) {
        match cpio::find(bytes, "/init") {
            Ok(Some(f)) => f,
            Ok(None) => fail("the initrd is a cpio archive without /init"),
            Err(e) => fail(&alloc::format!(
                "the initrd is a damaged cpio archive: {e:?}"
            )),
        }
    } else {
        bytes
    };
    // The ELF parser reads headers in place: give it an aligned copy.
    let aligned: Vec<u64> = image
        .chunks(8)
        .map(|c| {
            let mut w = [0u8; 8];
            w[..c.len()].copy_from_slice(c);
            u64::from_ne_bytes(w)
        })
        .collect();
    // SAFETY: `aligned` holds at least image.len() initialized bytes.
    let image = unsafe { core::slice::from_raw_parts(aligned.as_ptr() as *const u8, image.len()) };
    let mut argv: Vec<&str> = alloc::vec!["init"];
    argv.extend(cmdline.init_args());
    pr_info!(
        "init: running the initrd program ({} bytes) with {:?}",
        image.len(),
        &argv[1..]
    );
    match task::run(image, &argv) {
        Ok(status) => {
            // The counters are for whoever reads the kernel's log; at
            // `loglevel=warn` the console keeps to the program's output
            // and the verdict below.
            if kcore::log::enabled(kcore::log::Level::Info) {
                crate::report();
            }
            if status == 0 {
                println!("init: exited with status 0");
                Arch::exit(true)
            } else if status & 0x7f != 0 {
                println!("init: killed by signal {}", status & 0x7f);
                Arch::exit(false)
            } else {
                println!("init: exited with status {}", (status >> 8) & 0xff);
                Arch::exit(false)
            }
        }
        Err(task::RunError::Exec(e)) => fail(&alloc::format!("cannot run the initrd program: {e}")),
        Err(e) => fail(&alloc::format!("cannot run the initrd program: {e:?}")),
    }
}

fn fail(why: &str) -> ! {
    println!("init: {why}");
    Arch::exit(false)
}
