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

/// Prints one log line if `level` is enabled. The `pr_*` macros check
/// [`enabled`] first, so that a disabled message (a debug line on a hot
/// path) costs one load, not the formatting of its arguments.
pub fn log(level: Level, args: fmt::Arguments) {
    if enabled(level) {
        crate::console::print_fmt(format_args!("[{:5}] {}\n", level.tag(), args));
    }
}

/// Logs at error level.
#[macro_export]
macro_rules! pr_err {
    ($($arg:tt)*) => {
        if $crate::log::enabled($crate::log::Level::Error) {
            $crate::log::log($crate::log::Level::Error, format_args!($($arg)*))
        }
    };
}
/// Logs at warning level.
#[macro_export]
macro_rules! pr_warn {
    ($($arg:tt)*) => {
        if $crate::log::enabled($crate::log::Level::Warn) {
            $crate::log::log($crate::log::Level::Warn, format_args!($($arg)*))
        }
    };
}
/// Logs at info level.
#[macro_export]
macro_rules! pr_info {
    ($($arg:tt)*) => {
        if $crate::log::enabled($crate::log::Level::Info) {
            $crate::log::log($crate::log::Level::Info, format_args!($($arg)*))
        }
    };
}
/// Logs at debug level.
#[macro_export]
macro_rules! pr_debug {
    ($($arg:tt)*) => {
        if $crate::log::enabled($crate::log::Level::Debug) {
            $crate::log::log($crate::log::Level::Debug, format_args!($($arg)*))
        }
    };
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
