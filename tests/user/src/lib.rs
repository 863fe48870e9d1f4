//! A minimal runtime for static s390x and riscv64 user programs that speak
//! only the Linux system-call ABI: `_start`, raw system calls, signal
//! structures, and a panic handler that reports and exits. Nothing here is
//! specific to this kernel, so every program also runs on Linux.
#![no_std]
#![deny(unsafe_op_in_unsafe_fn)]
#![deny(clippy::undocumented_unsafe_blocks)]

pub mod sys;

/// The Linux ABI numbers of the architecture the programs are built for.
#[cfg(target_arch = "riscv64")]
pub use riscv64_linux_abi as abi;
/// The Linux ABI numbers of the architecture the programs are built for.
#[cfg(target_arch = "s390x")]
pub use s390x_linux_abi as abi;

use core::fmt::{self, Write};

// The program's entry, defined by each binary with `entry!`.
extern "Rust" {
    fn user_main(args: Args) -> i32;
}

/// argc/argv/envp as the kernel laid them out on the initial stack.
#[derive(Clone, Copy)]
pub struct Args {
    argc: usize,
    argv: *const *const u8,
}

impl Args {
    /// Number of arguments.
    pub fn len(&self) -> usize {
        self.argc
    }

    /// Whether there are no arguments at all.
    pub fn is_empty(&self) -> bool {
        self.argc == 0
    }

    /// Argument `i` as bytes.
    pub fn get(&self, i: usize) -> Option<&'static [u8]> {
        if i >= self.argc {
            return None;
        }
        // SAFETY: the kernel's initial stack holds argc pointers to
        // NUL-terminated strings that live as long as the process.
        unsafe {
            let p = *self.argv.add(i);
            let mut n = 0;
            while *p.add(n) != 0 {
                n += 1;
            }
            Some(core::slice::from_raw_parts(p, n))
        }
    }
}

impl Args {
    /// Environment string `i` (envp follows argv's NULL), if there are
    /// that many.
    pub fn env(&self, i: usize) -> Option<&'static [u8]> {
        // SAFETY: the kernel's initial stack holds argv, a NULL, then
        // envp pointers ending in a NULL; each string lives as long as
        // the process. `i` is checked against the NULL first.
        unsafe {
            let envp = self.argv.add(self.argc + 1);
            for k in 0..=i {
                if (*envp.add(k)).is_null() {
                    return None;
                }
            }
            let p = *envp.add(i);
            let mut n = 0;
            while *p.add(n) != 0 {
                n += 1;
            }
            Some(core::slice::from_raw_parts(p, n))
        }
    }
}

/// Declares the program's main function: `fn(Args) -> i32`.
#[macro_export]
macro_rules! entry {
    ($main:path) => {
        #[no_mangle]
        fn user_main(args: $crate::Args) -> i32 {
            $main(args)
        }
    };
}

#[no_mangle]
extern "C" fn __user_start(sp: *const u64) -> ! {
    // SAFETY: `_start` passes the initial stack pointer, where argc is
    // and argv follows (Linux ABI).
    let args = unsafe {
        Args {
            argc: *sp as usize,
            argv: sp.add(1) as *const *const u8,
        }
    };
    // SAFETY: user_main is defined by the binary through entry!.
    let code = unsafe { user_main(args) };
    sys::exit_group(code)
}

/// Standard output as a `fmt::Write`.
pub struct Stdout;

impl Write for Stdout {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let mut b = s.as_bytes();
        while !b.is_empty() {
            let n = sys::write(1, b);
            if n <= 0 {
                return Err(fmt::Error);
            }
            b = &b[n as usize..];
        }
        Ok(())
    }
}

/// Prints to standard output.
#[macro_export]
macro_rules! print {
    ($($arg:tt)*) => {{
        use core::fmt::Write;
        let _ = write!($crate::Stdout, $($arg)*);
    }};
}

/// Prints a line to standard output.
#[macro_export]
macro_rules! println {
    ($($arg:tt)*) => {{
        use core::fmt::Write;
        let _ = writeln!($crate::Stdout, $($arg)*);
    }};
}

/// Fails the program with a message unless `cond` holds.
#[macro_export]
macro_rules! check {
    ($cond:expr, $($arg:tt)+) => {
        if !$cond {
            $crate::println!("FAIL {}:{}: {}", file!(), line!(), format_args!($($arg)+));
            $crate::sys::exit_group(1);
        }
    };
}

#[panic_handler]
fn panic(info: &core::panic::PanicInfo) -> ! {
    let _ = writeln!(Stdout, "user panic: {}", info);
    sys::exit_group(101)
}
