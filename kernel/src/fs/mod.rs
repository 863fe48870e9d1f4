//! Files as tasks see them: the open-file objects behind descriptors, and
//! each task's descriptor table.
//!
//! | file | concern |
//! |------|---------|
//! | `file.rs` | [`File`] (what an open file can do) and [`OpenFile`] (an open file description: offset and flags, shared by `dup` and `fork`) |
//! | `fdtable.rs` | [`FdTable`]: a task's descriptors |
//! | `console.rs` | `/dev/console` and `/dev/null` |
//! | `pipe.rs` | pipes: Linux's page buffers, blocking, `SIGPIPE`'s `EPIPE` |
//! | `uio.rs` | [`UserIo`]: the user buffers of a read or write (`iovec`s) |

pub mod console;
pub mod fdtable;
pub mod file;
pub mod pipe;
pub mod uio;

pub use fdtable::FdTable;
pub use file::{Direction, IoError, OpenFile};
pub use uio::UserIo;
