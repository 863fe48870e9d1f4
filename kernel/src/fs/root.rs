//! The root file system every new first task starts in: the unpacked
//! initramfs, or (for the self-tests, and a kernel booted without an
//! -initrd) the base tree of `/dev/console`, `/dev/null` and `/root`.

use alloc::sync::Arc;

use ksync::SpinLock;

use super::initramfs;
use super::inode::{Fs, NodeRef};

static ROOT: SpinLock<Option<Arc<Fs>>> = SpinLock::new(None);

/// Makes `fs` the root file system for first tasks started from now on.
pub fn set_root(fs: Arc<Fs>) {
    *ROOT.lock() = Some(fs);
}

/// The root file system, made from the base tree on first use if none
/// was set.
pub fn root() -> Arc<Fs> {
    ROOT.lock()
        .get_or_insert_with(|| Arc::new(initramfs::base()))
        .clone()
}

/// The root directory of the root file system.
pub fn root_dir() -> NodeRef {
    NodeRef::root(&root())
}
