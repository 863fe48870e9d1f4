//! Self-tests of the kernel crate itself (boot, memory). Tests of other
//! crates live next to their code.

mod boot;
pub mod dispatch;
mod memory;
mod user;
