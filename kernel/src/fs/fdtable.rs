//! A task's file descriptors.

use alloc::sync::Arc;
use alloc::vec::Vec;

use linux_abi::errno;

use super::OpenFile;

/// The most descriptors a task may have open (`RLIMIT_NOFILE`'s default
/// on Linux).
pub const NOFILE: usize = 1024;

/// One descriptor.
#[derive(Clone)]
pub struct Fd {
    /// The open file description.
    pub file: Arc<OpenFile>,
    /// `FD_CLOEXEC`: closed by `execve`.
    pub cloexec: bool,
}

/// A task's descriptors: a table from small integers to open files.
#[derive(Clone)]
pub struct FdTable {
    fds: Vec<Option<Fd>>,
    /// One more than the highest descriptor allowed (`RLIMIT_NOFILE`).
    limit: usize,
}

impl Default for FdTable {
    fn default() -> Self {
        Self {
            fds: Vec::new(),
            limit: NOFILE,
        }
    }
}

impl FdTable {
    /// Descriptors 0, 1 and 2 on `/dev/console` of `root`'s file system,
    /// opened read-write as Linux opens them for the first process; with
    /// no console there, none (Linux warns "unable to open an initial
    /// console" and starts init without them).
    pub fn on_console(root: &super::NodeRef) -> Self {
        let flags = linux_abi::fcntl::O_RDWR;
        let console = super::lookup::lookup_existing(&root.fs, root.ino, b"/dev/console", true)
            .and_then(|ino| super::open::open_node(root.at(ino), flags));
        match console {
            Ok(file) => {
                let fd = Some(Fd {
                    file,
                    cloexec: false,
                });
                Self {
                    fds: alloc::vec![fd.clone(), fd.clone(), fd],
                    limit: NOFILE,
                }
            }
            Err(_) => {
                kcore::pr_warn!("Warning: unable to open an initial console.");
                Self::default()
            }
        }
    }

    /// Slots in the table (one more than the highest descriptor it has
    /// held), for what a copy of it costs.
    pub fn len(&self) -> usize {
        self.fds.len()
    }

    /// The lowest free descriptor not below `min`, or `EMFILE` when none
    /// is free below the limit (what Linux's `get_unused_fd_flags`
    /// checks before an open does anything else).
    pub fn free_slot(&self, min: usize) -> Result<usize, i64> {
        (min..self.limit)
            .find(|&i| self.fds.get(i).is_none_or(Option::is_none))
            .ok_or(errno::EMFILE)
    }

    /// One more than the highest descriptor allowed.
    pub fn limit(&self) -> usize {
        self.limit
    }

    /// Sets the descriptor limit (`RLIMIT_NOFILE`'s soft value). Open
    /// descriptors above it stay open, as on Linux.
    pub fn set_limit(&mut self, limit: usize) {
        self.limit = limit;
    }

    /// The open file behind `fd`, or `EBADF`.
    pub fn get(&self, fd: u64) -> Result<Arc<OpenFile>, i64> {
        self.entry(fd).map(|e| e.file.clone())
    }

    /// The descriptor `fd`, or `EBADF`.
    pub fn entry(&self, fd: u64) -> Result<&Fd, i64> {
        usize::try_from(fd)
            .ok()
            .and_then(|i| self.fds.get(i))
            .and_then(Option::as_ref)
            .ok_or(errno::EBADF)
    }

    /// The descriptor `fd` for changing its flags, or `EBADF`.
    pub fn entry_mut(&mut self, fd: u64) -> Result<&mut Fd, i64> {
        usize::try_from(fd)
            .ok()
            .and_then(|i| self.fds.get_mut(i))
            .and_then(Option::as_mut)
            .ok_or(errno::EBADF)
    }

    /// Installs `file` at the lowest free descriptor not below `min`;
    /// `EMFILE` when none is free below the limit, `ENOMEM` when the
    /// table cannot grow.
    pub fn install(&mut self, file: Arc<OpenFile>, cloexec: bool, min: usize) -> Result<u64, i64> {
        let i = self.free_slot(min)?;
        self.put(i, Fd { file, cloexec })?;
        Ok(i as u64)
    }

    /// Installs `entry` at descriptor `fd` (`dup2`), closing what was
    /// there; returns what was there.
    pub fn install_at(&mut self, fd: u64, entry: Fd) -> Result<Option<Fd>, i64> {
        let i = usize::try_from(fd)
            .ok()
            .filter(|&i| i < self.limit)
            .ok_or(errno::EBADF)?;
        self.grow_to(i)?;
        let old = self.fds.get_mut(i).and_then(Option::take);
        self.put(i, entry)?;
        Ok(old)
    }

    /// Makes room for descriptor `i`: `ENOMEM` if the kernel heap has none
    /// for the task (Linux's `expand_files`).
    fn grow_to(&mut self, i: usize) -> Result<(), i64> {
        if let Some(more) = (i + 1).checked_sub(self.fds.len()).filter(|&n| n > 0) {
            // A growing table may be copied whole.
            crate::kalloc::take((i + 1) * 2 * size_of::<Option<Fd>>())?;
            self.fds.try_reserve(more).map_err(|_| errno::ENOMEM)?;
            self.fds.resize(i + 1, None);
        }
        Ok(())
    }

    fn put(&mut self, i: usize, entry: Fd) -> Result<(), i64> {
        self.grow_to(i)?;
        self.fds[i] = Some(entry);
        Ok(())
    }

    /// Closes `fd`; returns its entry, or `EBADF`.
    pub fn close(&mut self, fd: u64) -> Result<Fd, i64> {
        usize::try_from(fd)
            .ok()
            .and_then(|i| self.fds.get_mut(i))
            .and_then(Option::take)
            .ok_or(errno::EBADF)
    }

    /// Closes every descriptor marked close-on-exec (`execve`).
    pub fn close_on_exec(&mut self) {
        for slot in &mut self.fds {
            if slot.as_ref().is_some_and(|e| e.cloexec) {
                *slot = None;
            }
        }
    }
}
