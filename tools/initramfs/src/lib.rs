//! cpio newc archives as Linux unpacks them into its initramfs, built in
//! memory: directories, regular files, symbolic links and character
//! devices, every entry owned by root with mtime 0, so that the same
//! archive gives the same listing on every kernel and every run.

use cpio::newc::{trailer, Builder, ModeFileType};
use std::io::{self, Write};

/// One entry to write.
enum Kind {
    Dir,
    File(Vec<u8>),
    Symlink(String),
    CharDev(u32, u32),
}

/// An archive being put together. Paths are relative (`bin/sh`), as
/// Linux's own `gen_init_cpio` writes them; parents must be added first.
#[derive(Default)]
pub struct Archive {
    entries: Vec<(String, u32, Kind)>,
}

impl Archive {
    /// An empty archive.
    pub fn new() -> Self {
        Self::default()
    }

    /// A directory, mode 0755.
    pub fn dir(&mut self, path: &str) -> &mut Self {
        self.entries.push((path.into(), 0o755, Kind::Dir));
        self
    }

    /// A regular file with `mode` (permission bits).
    pub fn file(&mut self, path: &str, mode: u32, data: &[u8]) -> &mut Self {
        self.entries
            .push((path.into(), mode, Kind::File(data.into())));
        self
    }

    /// A symbolic link to `target`.
    pub fn symlink(&mut self, path: &str, target: &str) -> &mut Self {
        self.entries
            .push((path.into(), 0o777, Kind::Symlink(target.into())));
        self
    }

    /// A character device node, mode 0600 (`dev/console` is 5:1,
    /// `dev/null` 1:3).
    pub fn char_dev(&mut self, path: &str, major: u32, minor: u32) -> &mut Self {
        self.entries
            .push((path.into(), 0o600, Kind::CharDev(major, minor)));
        self
    }

    /// The archive's bytes, with its trailer.
    pub fn to_bytes(&self) -> io::Result<Vec<u8>> {
        let mut out = Vec::new();
        for (i, (path, mode, kind)) in self.entries.iter().enumerate() {
            let b = Builder::new(path).ino(i as u32 + 1).mode(*mode).mtime(0);
            let (b, data): (Builder, &[u8]) = match kind {
                Kind::Dir => (b.nlink(2).set_mode_file_type(ModeFileType::Directory), &[]),
                Kind::File(d) => (b.nlink(1).set_mode_file_type(ModeFileType::Regular), d),
                Kind::Symlink(t) => (
                    b.nlink(1).set_mode_file_type(ModeFileType::Symlink),
                    t.as_bytes(),
                ),
                Kind::CharDev(major, minor) => (
                    b.nlink(1)
                        .rdev_major(*major)
                        .rdev_minor(*minor)
                        .set_mode_file_type(ModeFileType::Char),
                    &[],
                ),
            };
            let size = u32::try_from(data.len()).map_err(|_| {
                io::Error::new(
                    io::ErrorKind::InvalidInput,
                    format!("{path}: larger than 4 GiB"),
                )
            })?;
            let mut w = b.write(out, size);
            w.write_all(data)?;
            out = w.finish()?;
        }
        trailer(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cpio::newc::Reader;
    use std::io::Read;

    #[test]
    fn archive_reads_back() {
        let mut a = Archive::new();
        a.dir("dev")
            .char_dev("dev/console", 5, 1)
            .dir("bin")
            .file("bin/busybox", 0o755, b"\x7fELF pretend")
            .symlink("bin/sh", "busybox");
        let bytes = a.to_bytes().unwrap();
        assert_eq!(bytes.len() % 4, 0);
        let mut seen = Vec::new();
        let mut rest: &[u8] = &bytes;
        loop {
            let mut r = Reader::new(rest).unwrap();
            if r.entry().is_trailer() {
                break;
            }
            let e = r.entry().clone();
            let mut data = Vec::new();
            r.read_to_end(&mut data).unwrap();
            seen.push((
                e.name().to_string(),
                e.mode(),
                data,
                e.rdev_major(),
                e.mtime(),
            ));
            rest = r.finish().unwrap();
        }
        let names: Vec<&str> = seen.iter().map(|s| s.0.as_str()).collect();
        assert_eq!(
            names,
            ["dev", "dev/console", "bin", "bin/busybox", "bin/sh"]
        );
        assert_eq!(seen[1].1, 0o020600);
        assert_eq!(seen[1].3, 5);
        assert_eq!(seen[3].1, 0o100755);
        assert_eq!(seen[3].2, b"\x7fELF pretend");
        assert_eq!(
            (seen[4].1, seen[4].2.as_slice()),
            (0o120777, b"busybox".as_slice())
        );
        assert!(seen.iter().all(|s| s.4 == 0), "mtime 0 everywhere");
    }
}
