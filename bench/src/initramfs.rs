//! The Linux peer's initramfs: `/dev`, `/dev/console` and the benchmark as
//! `/init`.

use std::io;

use initramfs::Archive;

/// Builds the archive in memory.
pub fn build(init: &[u8]) -> io::Result<Vec<u8>> {
    let mut a = Archive::new();
    // The kernel opens /dev/console for init's stdin/stdout/stderr.
    a.dir("dev")
        .char_dev("dev/console", 5, 1)
        .file("init", 0o755, init);
    a.to_bytes()
}
