//! A leveled kernel log. The level comes from `loglevel=` on the command
//! line (`error`, `warn`, `info`, `debug`, or 0-3); the default is `info`.

use core::fmt;
use core::str::FromStr;
use core::sync::atomic::{AtomicU8, Ordering};

/// Log levels, most severe first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
#[repr(u8)]
pub enum Level {
    /// Something failed.
    Error = 0,
    /// Something is suspicious but the kernel carries on.
    Warn = 1,
    /// Normal progress messages.
    Info = 2,
    /// Detail for developers.
    Debug = 3,
}

impl Level {
    fn tag(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warn => "warn",
            Level::Info => "info",
            Level::Debug => "debug",
        }
    }
}

impl FromStr for Level {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Ok(match s {
            "error" | "0" => Level::Error,
            "warn" | "warning" | "1" => Level::Warn,
            "info" | "2" => Level::Info,
            "debug" | "3" => Level::Debug,
            _ => return Err(()),
        })
    }
}

static LEVEL: AtomicU8 = AtomicU8::new(Level::Info as u8);

/// Sets the most verbose level that is printed.
pub fn set_level(level: Level) {
    LEVEL.store(level as u8, Ordering::Relaxed);
}

/// Whether messages at `level` are printed.
pub fn enabled(level: Level) -> bool {
    level as u8 <= LEVEL.load(Ordering::Relaxed)
}

/// Prints one log line at `level`, whether or not the level is enabled:
/// the `pr_*` macros test [`enabled`] before they format anything, so that
/// a disabled message (a debug line on a hot path) costs one load.
#[doc(hidden)]
pub fn print(level: Level, args: fmt::Arguments) {
    crate::console::print_fmt(format_args!("[{:5}] {}\n", level.tag(), args));
}

/// Logs at `level` if it is enabled (what the `pr_*` macros expand to).
#[doc(hidden)]
#[macro_export]
macro_rules! __log {
    ($level:ident, $($arg:tt)*) => {
        if $crate::log::enabled($crate::log::Level::$level) {
            $crate::log::print($crate::log::Level::$level, format_args!($($arg)*))
        }
    };
}

/// Logs at error level.
#[macro_export]
macro_rules! pr_err {
    ($($arg:tt)*) => { $crate::__log!(Error, $($arg)*) };
}
/// Logs at warning level.
#[macro_export]
macro_rules! pr_warn {
    ($($arg:tt)*) => { $crate::__log!(Warn, $($arg)*) };
}
/// Logs at info level.
#[macro_export]
macro_rules! pr_info {
    ($($arg:tt)*) => { $crate::__log!(Info, $($arg)*) };
}
/// Logs at debug level.
#[macro_export]
macro_rules! pr_debug {
    ($($arg:tt)*) => { $crate::__log!(Debug, $($arg)*) };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_names_and_numbers() {
        assert_eq!("debug".parse(), Ok(Level::Debug));
        assert_eq!("0".parse(), Ok(Level::Error));
        assert_eq!("warning".parse(), Ok(Level::Warn));
        assert_eq!("loud".parse::<Level>(), Err(()));
    }

    #[test]
    fn level_filters() {
        set_level(Level::Warn);
        assert!(enabled(Level::Error));
        assert!(enabled(Level::Warn));
        assert!(!enabled(Level::Info));
        set_level(Level::Info);
    }
}
