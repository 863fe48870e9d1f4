//! The Linux peer's initramfs: a cpio newc archive holding `/dev`,
//! `/dev/console` and the benchmark as `/init`.

use cpio::newc::{trailer, Builder, ModeFileType};
use std::io::{self, Write};

/// Builds the archive in memory.
pub fn build(init: &[u8]) -> io::Result<Vec<u8>> {
    let size = u32::try_from(init.len())
        .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "init larger than 4 GiB"))?;
    let mut out = Vec::new();

    let dev = Builder::new("dev")
        .ino(1)
        .nlink(2)
        .mode(0o755)
        .set_mode_file_type(ModeFileType::Directory);
    out = dev.write(out, 0).finish()?;

    // The kernel opens /dev/console for init's stdin/stdout/stderr.
    let console = Builder::new("dev/console")
        .ino(2)
        .nlink(1)
        .mode(0o600)
        .rdev_major(5)
        .rdev_minor(1)
        .set_mode_file_type(ModeFileType::Char);
    out = console.write(out, 0).finish()?;

    let file = Builder::new("init")
        .ino(3)
        .nlink(1)
        .mode(0o755)
        .set_mode_file_type(ModeFileType::Regular);
    let mut w = file.write(out, size);
    w.write_all(init)?;
    out = w.finish()?;

    trailer(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cpio::newc::Reader;
    use std::io::Read;

    #[test]
    fn archive_reads_back() {
        let init = b"\x7fELF pretend program";
        let bytes = build(init).unwrap();
        assert_eq!(bytes.len() % 4, 0);

        let mut names = Vec::new();
        let mut rest: &[u8] = &bytes;
        loop {
            let mut r = Reader::new(rest).unwrap();
            if r.entry().is_trailer() {
                break;
            }
            let e = r.entry().clone();
            let mut data = Vec::new();
            r.read_to_end(&mut data).unwrap();
            if e.name() == "init" {
                assert_eq!(data, init);
                assert_eq!(e.mode(), 0o100755);
            }
            if e.name() == "dev/console" {
                assert_eq!(
                    (e.mode() & 0o170000, e.rdev_major(), e.rdev_minor()),
                    (0o020000, 5, 1)
                );
            }
            names.push(e.name().to_string());
            rest = r.finish().unwrap();
        }
        assert_eq!(names, ["dev", "dev/console", "init"]);
    }
}
