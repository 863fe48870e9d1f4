//! Files as tasks see them: the open-file objects behind descriptors,
//! each task's descriptor table, and the root file system (the initramfs,
//! read-only and in memory, as it is on Linux before anything is
//! mounted).
//!
//! | file | concern |
//! |------|---------|
//! | `file.rs` | [`File`] (what an open file can do) and [`OpenFile`] (an open file description: offset and flags, shared by `dup` and `fork`) |
//! | `fdtable.rs` | [`FdTable`]: a task's descriptors |
//! | `console.rs` | `/dev/console` and `/dev/null` |
//! | `inode.rs` | the tree: inodes, directories, [`NodeRef`], `stat` |
//! | `initramfs.rs` | unpacking cpio newc archives and gzip members into a tree |
//! | `lookup.rs` | path lookup: `.`, `..`, symbolic links, `ELOOP`, `ENOTDIR` |
//! | `open.rs` | opening a path or an inode with `open(2)`'s flags and errors |
//! | `regular.rs` | regular files, directories, device nodes and `O_PATH` as open files |
//! | `pipe.rs` | pipes: Linux's page buffers, blocking, `SIGPIPE`'s `EPIPE` |
//! | `uio.rs` | [`UserIo`]: the user buffers of a read or write (`iovec`s) |

pub mod console;
pub mod fdtable;
pub mod file;
pub mod initramfs;
pub mod inode;
pub mod lookup;
pub mod open;
pub mod pipe;
pub mod regular;
pub mod uio;

pub use fdtable::FdTable;
pub use file::{Direction, File, IoError, OpenFile};
pub use inode::NodeRef;
pub use uio::UserIo;
