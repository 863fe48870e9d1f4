//! Reading a cpio "newc" archive (the initramfs format), enough to find a
//! file by name. Written out rather than pulled in: the format is a fixed
//! 110-byte ASCII header per entry, and the kernel needs only lookup.

/// Header magic of the "newc" format (no checksums).
const MAGIC_NEWC: &[u8; 6] = b"070701";
/// Header magic of the "crc" variant, which has the same layout.
const MAGIC_CRC: &[u8; 6] = b"070702";
const HEADER: usize = 110;
const TRAILER: &[u8] = b"TRAILER!!!";

/// Why an archive could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CpioError {
    /// An entry header is cut off or has the wrong magic.
    BadHeader(usize),
    /// A header field is not hexadecimal.
    BadField(usize),
    /// A name or body runs past the end of the archive.
    Truncated(usize),
}

/// Whether `data` starts like a newc archive.
pub fn is_cpio(data: &[u8]) -> bool {
    data.len() >= 6 && (&data[..6] == MAGIC_NEWC || &data[..6] == MAGIC_CRC)
}

fn hex(field: &[u8], at: usize) -> Result<usize, CpioError> {
    let s = core::str::from_utf8(field).map_err(|_| CpioError::BadField(at))?;
    usize::from_str_radix(s, 16).map_err(|_| CpioError::BadField(at))
}

fn align4(n: usize) -> usize {
    (n + 3) & !3
}

/// Finds the regular file `name` (with or without a leading `/` or `./`).
pub fn find<'a>(data: &'a [u8], name: &str) -> Result<Option<&'a [u8]>, CpioError> {
    let want = name.trim_start_matches('/');
    let mut off = 0;
    loop {
        let h = data
            .get(off..off + HEADER)
            .ok_or(CpioError::BadHeader(off))?;
        if &h[..6] != MAGIC_NEWC && &h[..6] != MAGIC_CRC {
            return Err(CpioError::BadHeader(off));
        }
        let mode = hex(&h[14..22], off)?;
        let filesize = hex(&h[54..62], off)?;
        let namesize = hex(&h[94..102], off)?;
        let name_at = off + HEADER;
        let raw = data
            .get(name_at..name_at + namesize)
            .ok_or(CpioError::Truncated(off))?;
        let entry_name = raw.strip_suffix(&[0]).unwrap_or(raw);
        if entry_name == TRAILER {
            return Ok(None);
        }
        let body_at = align4(name_at + namesize);
        let body = data
            .get(body_at..body_at + filesize)
            .ok_or(CpioError::Truncated(off))?;
        let entry_name = entry_name.strip_prefix(b"./").unwrap_or(entry_name);
        let entry_name = entry_name.strip_prefix(b"/").unwrap_or(entry_name);
        // S_IFREG = 0o100000 in the type bits (0o170000).
        if entry_name == want.as_bytes() && mode & 0o170000 == 0o100000 {
            return Ok(Some(body));
        }
        off = align4(body_at + filesize);
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
    }
}
