//! The Linux peer: Debian's s390x kernel image package, pinned by version
//! and sha256 (`debpin::pins::LINUX`).

use std::path::{Path, PathBuf};

use debpin::pins::{LINUX, LINUX_VMLINUZ};

/// A ready Linux peer.
pub struct Peer {
    pub vmlinuz: PathBuf,
    /// "linux-image-6.1.0-50-s390x 6.1.176-1".
    pub label: String,
}

/// Fetches (or reuses from `cache`) the pinned package and unpacks its
/// kernel image. Every failure comes back as a reason to print.
pub fn fetch(cache: &Path) -> Result<Peer, String> {
    let tree = LINUX.fetch(cache, LINUX_VMLINUZ)?;
    Ok(Peer {
        vmlinuz: tree.join(LINUX_VMLINUZ),
        label: LINUX.label(),
    })
}
