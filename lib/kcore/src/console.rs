//! `print!`/`println!` over whatever console the architecture registered.
//!
//! The console is the one thing registered at run time on purpose: which
//! device carries the output is a run-time choice of the backend (SCLP on
//! s390x, a UART or the firmware elsewhere), and `kcore` sits below every
//! backend, so it cannot call one by name.
//!
//! Output is serialised by one lock so lines from different contexts do not
//! interleave. The oops and panic paths may run while that lock is held by
//! the code that faulted; they use [`force_unlock`] first, because a garbled
//! line is better than a silent hang.

use core::fmt::{self, Write};

use ksync::SpinLock;
use spin::Once;

/// A console output function: writes all of `s` before returning.
pub type Sink = fn(&str);

static SINK: Once<Sink> = Once::new();
static LOCK: SpinLock<()> = SpinLock::new(());

/// Registers the console, once. Output before this call is dropped.
pub fn set_sink(sink: Sink) {
    SINK.call_once(|| sink);
}

fn sink() -> Option<Sink> {
    SINK.get().copied()
}

struct Console;

impl Write for Console {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        if let Some(out) = sink() {
            out(s);
        }
        Ok(())
    }
}

/// Formats and writes `args` under the console lock.
pub fn print_fmt(args: fmt::Arguments) {
    let _guard = LOCK.lock();
    let _ = Console.write_fmt(args);
}

/// Breaks the console lock: only for the oops and panic paths, which may
/// have interrupted a holder that will never run again.
pub fn force_unlock() {
    // SAFETY: the caller is the last code that will run on this machine, or
    // runs with interrupts off on the only CPU; nobody else can be inside
    // the critical section concurrently.
    unsafe { LOCK.force_unlock() };
}

/// Prints to the kernel console.
#[macro_export]
macro_rules! print {
    ($($arg:tt)*) => { $crate::console::print_fmt(format_args!($($arg)*)) };
}

/// Prints to the kernel console, with a newline.
#[macro_export]
macro_rules! println {
    () => { $crate::print!("\n") };
    ($($arg:tt)*) => { $crate::console::print_fmt(format_args!("{}\n", format_args!($($arg)*))) };
}
