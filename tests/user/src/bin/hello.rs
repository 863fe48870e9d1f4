//! Prints its arguments and environment and exits 0.
#![no_std]
#![no_main]
#![deny(unsafe_op_in_unsafe_fn)]
#![deny(clippy::undocumented_unsafe_blocks)]

use user_progs::{entry, println, Args};

fn main(args: Args) -> i32 {
    println!("hello from user space, pid {}", user_progs::sys::getpid());
    for i in 0..args.len() {
        let a = args.get(i).unwrap_or(b"?");
        println!(
            "argv[{i}] = {}",
            core::str::from_utf8(a).unwrap_or("<not utf-8>")
        );
    }
    let mut i = 0;
    while let Some(e) = args.env(i) {
        println!(
            "envp[{i}] = {}",
            core::str::from_utf8(e).unwrap_or("<not utf-8>")
        );
        i += 1;
    }
    0
}

entry!(main);
