//! Initrds made at test time: cpio newc archives (kcore's writer and the
//! file-system fixture), gzip-compressed or not, and damaged ones.

use kcore::cpio::Writer;

use std::path::Path;

/// A program the Makefile built into `dir` (`target/user/ARCH`).
fn program(dir: &Path, name: &str) -> Result<Vec<u8>, String> {
    let p = dir.join(name);
    std::fs::read(&p).map_err(|e| format!("{}: {e} (make user builds it)", p.display()))
}

/// A gzip member of `data` (RFC 1952, with a file name, as gzip writes).
pub fn gzip(data: &[u8]) -> Vec<u8> {
    let mut g = vec![0x1f, 0x8b, 8, 0x08, 0, 0, 0, 0, 0, 3];
    g.extend_from_slice(b"initrd.cpio\0");
    g.extend_from_slice(&miniz_oxide::deflate::compress_to_vec(data, 6));
    g.extend_from_slice(&kcore::gzip::crc32(0, data).to_le_bytes());
    g.extend_from_slice(&(data.len() as u32).to_le_bytes());
    g
}

/// The file-system fixture for `arch` with `tests/c/fs_calls` as
/// `/bin/fs_calls`.
pub fn fs_calls(arch: crate::arch::Arch) -> Result<Vec<u8>, String> {
    let prog = program(&arch.user_dir(), "fs_calls")?;
    Ok(kcore::testfs::archive(&prog, &arch.testfs_target()))
}

/// `hello` (tests/user) as `/bin/hello`, gzip-compressed, in two
/// members: the directory in one, the program in the next, with zero
/// padding between them, as Linux accepts.
pub fn hello_gz(dir: &Path) -> Result<Vec<u8>, String> {
    let dirs = Writer::new().dir("bin", 0o755).finish();
    let prog = Writer::new()
        .file("bin/hello", 0o755, &program(dir, "hello")?)
        .symlink("bin/hi", "hello")
        .finish();
    let mut out = gzip(&dirs);
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&gzip(&prog));
    Ok(out)
}

/// A gzip member whose compressed data is damaged.
pub fn corrupt_gzip(dir: &Path) -> Result<Vec<u8>, String> {
    let mut g = hello_gz(dir)?;
    let at = g.len() / 2;
    for b in &mut g[at..at + 64] {
        *b ^= 0x5a;
    }
    Ok(g)
}

/// A cpio archive cut off in the middle of its program.
pub fn truncated_cpio(dir: &Path) -> Result<Vec<u8>, String> {
    let a = Writer::new()
        .dir("bin", 0o755)
        .file("bin/hello", 0o755, &program(dir, "hello")?)
        .finish();
    Ok(a[..a.len() / 2].to_vec())
}
