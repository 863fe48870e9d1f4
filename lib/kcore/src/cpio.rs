//! Reading a cpio "newc" archive (the initramfs format): every entry with
//! its metadata, and a lookup of one file by name. Written out rather than
//! pulled in: the format is a fixed 110-byte ASCII header per entry.
//!
//! The reader is strict where Linux is lenient, so that a damaged archive
//! is reported with the offset of the damage instead of being unpacked
//! into wrong files: every header field must be hexadecimal, every name
//! must end in its one NUL, every body must lie inside the data, and the
//! "crc" variant's checksums must match.

/// Header magic of the "newc" format (no checksums).
const MAGIC_NEWC: &[u8; 6] = b"070701";
/// Header magic of the "crc" variant, which has the same layout and a
/// checksum of each file's bytes.
const MAGIC_CRC: &[u8; 6] = b"070702";
const HEADER: usize = 110;
/// The name of the entry that ends an archive.
pub const TRAILER: &[u8] = b"TRAILER!!!";
/// The longest name an entry may have, with its NUL (Linux's `PATH_MAX`).
pub const NAME_MAX_WITH_NUL: usize = 4096;

/// Why an archive could not be read. Each carries the offset of the entry
/// header where it was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CpioError {
    /// An entry header is cut off or has the wrong magic.
    BadHeader(usize),
    /// A header field is not hexadecimal.
    BadField(usize),
    /// A name or body runs past the end of the archive.
    Truncated(usize),
    /// A name is empty, too long, or not ended by exactly one NUL.
    BadName(usize),
    /// A "crc" entry's checksum does not match its bytes.
    BadChecksum(usize),
    /// The data ends without the `TRAILER!!!` entry.
    NoTrailer(usize),
}

impl core::fmt::Display for CpioError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            CpioError::BadHeader(o) => write!(f, "no newc header at offset {o}"),
            CpioError::BadField(o) => write!(f, "a header field at offset {o} is not hexadecimal"),
            CpioError::Truncated(o) => write!(f, "the entry at offset {o} runs past the end"),
            CpioError::BadName(o) => write!(f, "the entry at offset {o} has a malformed name"),
            CpioError::BadChecksum(o) => write!(f, "the entry at offset {o} fails its checksum"),
            CpioError::NoTrailer(o) => {
                write!(f, "the archive ends at offset {o} without a trailer")
            }
        }
    }
}

/// Whether `data` starts like a newc archive.
pub fn is_cpio(data: &[u8]) -> bool {
    data.len() >= 6 && (&data[..6] == MAGIC_NEWC || &data[..6] == MAGIC_CRC)
}

fn hex(field: &[u8], at: usize) -> Result<usize, CpioError> {
    if !field.iter().all(u8::is_ascii_hexdigit) {
        return Err(CpioError::BadField(at));
    }
    let s = core::str::from_utf8(field).map_err(|_| CpioError::BadField(at))?;
    usize::from_str_radix(s, 16).map_err(|_| CpioError::BadField(at))
}

fn align4(n: usize) -> usize {
    (n + 3) & !3
}

/// One entry of an archive, as its header describes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry<'a> {
    /// The name without its NUL, as stored (it may start with `./` or `/`).
    pub name: &'a [u8],
    /// `c_ino`: with `dev`, identifies hard links to one file.
    pub ino: u32,
    /// `c_mode`: the file type and permission bits (`st_mode`).
    pub mode: u32,
    /// `c_uid`.
    pub uid: u32,
    /// `c_gid`.
    pub gid: u32,
    /// `c_nlink`.
    pub nlink: u32,
    /// `c_mtime`, seconds since the epoch.
    pub mtime: u32,
    /// `c_devmajor`, `c_devminor`: the device the file came from.
    pub dev: (u32, u32),
    /// `c_rdevmajor`, `c_rdevminor`: the device a device node names.
    pub rdev: (u32, u32),
    /// The file's bytes (a symbolic link's target).
    pub body: &'a [u8],
    /// Where `body` starts in the archive's data.
    pub body_offset: usize,
}

/// The file-type bits of a mode (`S_IFMT`) and the regular-file type.
const S_IFMT: u32 = 0o170000;
const S_IFREG: u32 = 0o100000;

impl Entry<'_> {
    /// Whether this is the entry that ends the archive.
    pub fn is_trailer(&self) -> bool {
        self.name == TRAILER
    }
}

/// The entries of an archive, up to and without its trailer. After the
/// iterator has returned `None`, [`Entries::end`] is the offset just past
/// the trailer, where padding or another archive may follow.
pub struct Entries<'a> {
    data: &'a [u8],
    off: usize,
    done: bool,
}

/// Iterates over the entries of the archive at the start of `data`.
pub fn entries(data: &[u8]) -> Entries<'_> {
    Entries {
        data,
        off: 0,
        done: false,
    }
}

impl<'a> Entries<'a> {
    /// Where the trailer's entry ends (valid once iteration has ended
    /// without an error).
    pub fn end(&self) -> usize {
        self.off
    }

    fn parse(&mut self) -> Result<Entry<'a>, CpioError> {
        let off = self.off;
        let data = self.data;
        if off >= data.len() {
            return Err(CpioError::NoTrailer(off));
        }
        let h = data
            .get(off..off + HEADER)
            .ok_or(CpioError::BadHeader(off))?;
        let magic = &h[..6];
        if magic != MAGIC_NEWC && magic != MAGIC_CRC {
            return Err(CpioError::BadHeader(off));
        }
        let field = |i: usize| hex(&h[6 + 8 * i..14 + 8 * i], off).map(|v| v as u32);
        let (ino, mode, uid, gid, nlink, mtime) = (
            field(0)?,
            field(1)?,
            field(2)?,
            field(3)?,
            field(4)?,
            field(5)?,
        );
        let filesize = field(6)? as usize;
        let dev = (field(7)?, field(8)?);
        let rdev = (field(9)?, field(10)?);
        let namesize = field(11)? as usize;
        let check = field(12)?;
        if namesize == 0 || namesize > NAME_MAX_WITH_NUL {
            return Err(CpioError::BadName(off));
        }
        let name_at = off + HEADER;
        let raw = data
            .get(name_at..name_at + namesize)
            .ok_or(CpioError::Truncated(off))?;
        let name = raw.strip_suffix(&[0]).ok_or(CpioError::BadName(off))?;
        if name.contains(&0) {
            return Err(CpioError::BadName(off));
        }
        let body_at = align4(name_at + namesize);
        let body = body_at
            .checked_add(filesize)
            .and_then(|end| data.get(body_at..end))
            .ok_or(CpioError::Truncated(off))?;
        if magic == MAGIC_CRC && mode & S_IFMT == S_IFREG {
            let sum = body.iter().fold(0u32, |s, &b| s.wrapping_add(b as u32));
            if sum != check {
                return Err(CpioError::BadChecksum(off));
            }
        }
        self.off = align4(body_at + filesize);
        Ok(Entry {
            name,
            ino,
            mode,
            uid,
            gid,
            nlink,
            mtime,
            dev,
            rdev,
            body,
            body_offset: body_at,
        })
    }
}

impl<'a> Iterator for Entries<'a> {
    type Item = Result<Entry<'a>, CpioError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        match self.parse() {
            Ok(e) if e.is_trailer() => {
                self.done = true;
                None
            }
            Ok(e) => Some(Ok(e)),
            Err(e) => {
                self.done = true;
                Some(Err(e))
            }
        }
    }
}

/// Finds the regular file `name` (with or without a leading `/` or `./`).
pub fn find<'a>(data: &'a [u8], name: &str) -> Result<Option<&'a [u8]>, CpioError> {
    let want = name.trim_start_matches('/');
    for e in entries(data) {
        let e = e?;
        let n = e.name.strip_prefix(b"./").unwrap_or(e.name);
        let n = n.strip_prefix(b"/").unwrap_or(n);
        if n == want.as_bytes() && e.mode & S_IFMT == S_IFREG {
            return Ok(Some(e.body));
        }
    }
    Ok(None)
}

/// Writes a newc archive: what tests and the harness use to make
/// archives at run time.
#[derive(Default)]
pub struct Writer {
    out: alloc::vec::Vec<u8>,
    ino: u32,
}

impl Writer {
    /// An empty archive.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds an entry with every field given.
    pub fn entry(
        &mut self,
        name: &str,
        mode: u32,
        nlink: u32,
        rdev: (u32, u32),
        body: &[u8],
    ) -> &mut Self {
        self.ino += 1;
        self.write_entry(name, mode, nlink, rdev, body)
    }

    /// A second name for the previous entry, a regular file (same inode
    /// number; both need `nlink` 2 to be linked), carrying `body` as GNU
    /// cpio puts a linked file's bytes with its last name.
    pub fn hardlink(&mut self, name: &str, perm: u32, body: &[u8]) -> &mut Self {
        self.write_entry(name, S_IFREG | perm, 2, (0, 0), body)
    }

    fn write_entry(
        &mut self,
        name: &str,
        mode: u32,
        nlink: u32,
        rdev: (u32, u32),
        body: &[u8],
    ) -> &mut Self {
        let fields = [
            self.ino,
            mode,
            0,
            0,
            nlink,
            0,
            body.len() as u32,
            0,
            0,
            rdev.0,
            rdev.1,
            name.len() as u32 + 1,
            0,
        ];
        self.out.extend_from_slice(MAGIC_NEWC);
        for f in fields {
            self.out
                .extend_from_slice(alloc::format!("{f:08x}").as_bytes());
        }
        self.out.extend_from_slice(name.as_bytes());
        self.out.push(0);
        self.pad();
        self.out.extend_from_slice(body);
        self.pad();
        self
    }

    fn pad(&mut self) {
        while !self.out.len().is_multiple_of(4) {
            self.out.push(0);
        }
    }

    /// A directory.
    pub fn dir(&mut self, name: &str, perm: u32) -> &mut Self {
        self.entry(name, 0o040000 | perm, 2, (0, 0), b"")
    }

    /// A regular file.
    pub fn file(&mut self, name: &str, perm: u32, body: &[u8]) -> &mut Self {
        self.entry(name, S_IFREG | perm, 1, (0, 0), body)
    }

    /// A symbolic link to `target`.
    pub fn symlink(&mut self, name: &str, target: &str) -> &mut Self {
        self.entry(name, 0o120777, 1, (0, 0), target.as_bytes())
    }

    /// A character device node.
    pub fn chardev(&mut self, name: &str, perm: u32, major: u32, minor: u32) -> &mut Self {
        self.entry(name, 0o020000 | perm, 1, (major, minor), b"")
    }

    /// Ends the archive with its trailer (inode 0, as Linux's
    /// `gen_init_cpio` writes it) and returns it.
    pub fn finish(&mut self) -> alloc::vec::Vec<u8> {
        self.ino = 0;
        self.write_entry("TRAILER!!!", 0, 1, (0, 0), b"");
        core::mem::take(&mut self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    fn entry(out: &mut Vec<u8>, name: &str, mode: u32, body: &[u8]) {
        let namesize = name.len() + 1;
        let hdr =
            alloc::format!(
            "070701{:08x}{:08x}{:08x}{:08x}{:08x}{:08x}{:08x}{:08x}{:08x}{:08x}{:08x}{:08x}{:08x}",
            1, mode, 0, 0, 1, 0, body.len(), 0, 0, 0, 0, namesize, 0
        );
        out.extend_from_slice(hdr.as_bytes());
        out.extend_from_slice(name.as_bytes());
        out.push(0);
        while !out.len().is_multiple_of(4) {
            out.push(0);
        }
        out.extend_from_slice(body);
        while !out.len().is_multiple_of(4) {
            out.push(0);
        }
    }

    fn archive() -> Vec<u8> {
        let mut a = Vec::new();
        entry(&mut a, "dev", 0o040755, b"");
        entry(&mut a, "init", 0o100755, b"\x7fELF-init");
        entry(&mut a, "./etc/x", 0o100644, b"abc");
        entry(&mut a, "TRAILER!!!", 0, b"");
        a
    }

    #[test]
    fn finds_files_by_name() {
        let a = archive();
        assert!(is_cpio(&a));
        assert_eq!(find(&a, "/init"), Ok(Some(&b"\x7fELF-init"[..])));
        assert_eq!(find(&a, "etc/x"), Ok(Some(&b"abc"[..])));
        assert_eq!(find(&a, "dev"), Ok(None), "directories are not files");
        assert_eq!(find(&a, "missing"), Ok(None));
    }

    #[test]
    fn damaged_archives_are_errors() {
        let a = archive();
        assert_eq!(find(&a[..50], "init"), Err(CpioError::BadHeader(0)));
        let cut = &a[..a.len() - 140];
        assert!(find(cut, "missing").is_err());
        let mut bad = a.clone();
        bad[14] = b'z'; // the mode field
        assert_eq!(find(&bad, "init"), Err(CpioError::BadField(0)));
        assert!(!is_cpio(b"\x7fELF"));
        // A sign or a space is not hexadecimal, though from_str_radix
        // would take the first.
        let mut sign = a.clone();
        sign[14] = b'+';
        assert_eq!(find(&sign, "init"), Err(CpioError::BadField(0)));
        // No trailer: every entry read, then the end is an error.
        let no_trailer = &a[..a.len() - 124];
        assert_eq!(
            entries(no_trailer).last(),
            Some(Err(CpioError::NoTrailer(no_trailer.len())))
        );
        // A name without its NUL.
        let mut name = a.clone();
        name[110 + 3] = b'x';
        assert_eq!(entries(&name).next(), Some(Err(CpioError::BadName(0))));
        // A huge size does not overflow.
        let mut huge = a.clone();
        huge[54..62].copy_from_slice(b"ffffffff");
        assert_eq!(entries(&huge).next(), Some(Err(CpioError::Truncated(0))));
    }

    #[test]
    fn entries_carry_metadata_and_the_end() {
        let mut a = archive();
        let len = a.len();
        a.extend_from_slice(&[0; 8]);
        let mut it = entries(&a);
        let v: Vec<_> = it.by_ref().map(Result::unwrap).collect();
        assert_eq!(v.len(), 3);
        assert_eq!(v[0].name, b"dev");
        assert_eq!(v[0].mode, 0o040755);
        assert_eq!(v[1].body, b"\x7fELF-init");
        assert_eq!(&a[v[1].body_offset..][..4], b"\x7fELF");
        assert_eq!(v[2].name, b"./etc/x");
        assert_eq!(it.end(), len);
    }

    #[test]
    fn the_writer_writes_what_the_reader_reads() {
        let a = Writer::new()
            .dir("d", 0o755)
            .file("d/f", 0o644, b"hello")
            .symlink("l", "d/f")
            .chardev("c", 0o600, 5, 1)
            .finish();
        let v: Vec<_> = entries(&a).map(Result::unwrap).collect();
        assert_eq!(v.len(), 4);
        assert_eq!(
            (v[1].name, v[1].body, v[1].mode),
            (&b"d/f"[..], &b"hello"[..], 0o100644)
        );
        assert_eq!((v[2].body, v[2].mode), (&b"d/f"[..], 0o120777));
        assert_eq!((v[3].rdev, v[3].mode), ((5, 1), 0o020600));
        assert_eq!(find(&a, "/d/f"), Ok(Some(&b"hello"[..])));
        // The same archive on every run and every kernel: whole words,
        // root-owned, time 0.
        assert_eq!(a.len() % 4, 0);
        assert!(v.iter().all(|e| (e.uid, e.gid, e.mtime) == (0, 0, 0)));
    }

    #[test]
    fn crc_variant_checksums_are_checked() {
        let mut a = Vec::new();
        entry(&mut a, "f", 0o100644, b"abc");
        entry(&mut a, "TRAILER!!!", 0, b"");
        a[5] = b'2';
        // check field: 0x61 + 0x62 + 0x63 = 0x126
        a[102..110].copy_from_slice(b"00000126");
        assert_eq!(find(&a, "f"), Ok(Some(&b"abc"[..])));
        a[102..110].copy_from_slice(b"00000127");
        assert_eq!(find(&a, "f"), Err(CpioError::BadChecksum(0)));
    }
}
