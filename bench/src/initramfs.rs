//! The Linux peer's initramfs: `/dev`, `/dev/console` and the benchmark as
//! `/init`.

use kcore::cpio::Writer;

/// Builds the archive in memory.
pub fn build(init: &[u8]) -> Vec<u8> {
    // The kernel opens /dev/console for init's stdin/stdout/stderr.
    Writer::new()
        .dir("dev", 0o755)
        .chardev("dev/console", 0o600, 5, 1)
        .file("init", 0o755, init)
        .finish()
}
