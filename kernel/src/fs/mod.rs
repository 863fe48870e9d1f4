//! Files as tasks see them: the open-file objects behind descriptors, and
//! each task's descriptor table.
//!
//! | file | concern |
//! |------|---------|
//! | `file.rs` | [`File`] (what an open file can do) and [`OpenFile`] (an open file description: offset and flags, shared by `dup` and `fork`) |
//! | `fdtable.rs` | [`FdTable`]: a task's descriptors |
//! | `console.rs` | `/dev/console` and `/dev/null` |

pub mod console;
pub mod fdtable;
pub mod file;

pub use fdtable::FdTable;
pub use file::{File, IoError, OpenFile};
