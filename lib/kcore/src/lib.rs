//! Kernel support shared by the kernel binary and its architecture
//! backends: the console macros, the leveled log, the command line and the
//! self-test registry. Nothing here knows which architecture it runs on; an
//! architecture registers its console with [`console::set_sink`].
#![cfg_attr(not(test), no_std)]
#![warn(missing_docs)]
#![deny(unsafe_op_in_unsafe_fn)]
#![deny(clippy::undocumented_unsafe_blocks)]

extern crate alloc;

pub mod cmdline;
pub mod console;
pub mod cpio;
pub mod elf;
pub mod expect;
pub mod extable;
pub mod gzip;
pub mod ktest;
pub mod log;
pub mod testfs;

#[doc(hidden)]
pub use alloc::format as __format;
