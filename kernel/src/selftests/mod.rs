//! Self-tests of the generic kernel (memory, the fault dispatch from
//! kernel mode, user mode). Tests of other crates live next to their code;
//! the backend's own suites are in `arch/<name>`.

pub mod dispatch;
mod fs;
mod jobctl;
mod limits;
mod memory;
mod pipe;
mod preempt;
mod user;
