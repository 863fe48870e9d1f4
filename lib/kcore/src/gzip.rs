//! Reading gzip members (RFC 1952), the compression Linux's initramfs
//! most often comes in.
//!
//! The DEFLATE decoder itself is `miniz_oxide`'s, used without its default
//! features (no `std`, no allocation of its own): a decoder is a few
//! hundred lines of subtle table handling that a well-tested, widely used
//! crate does better than a private copy could, and its core API lets the
//! kernel own the output buffer, so that growth is fallible
//! (`try_reserve`) and bounded by a limit instead of panicking on a
//! corrupt or hostile stream. What is written here is only the gzip
//! framing around it: the header, and the CRC-32 and length trailer, both
//! checked (Linux skips the check; a damaged archive is better refused
//! with a clear reason than unpacked into wrong files).

use alloc::boxed::Box;
use alloc::vec::Vec;
use core::fmt;

use miniz_oxide::inflate::core::inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF;
use miniz_oxide::inflate::core::{decompress, DecompressorOxide};
use miniz_oxide::inflate::TINFLStatus;

/// The first two bytes of a gzip member (`ID1`, `ID2`).
pub const MAGIC: [u8; 2] = [0x1f, 0x8b];
/// The "old gzip" second byte Linux's decompressor table also accepts.
const MAGIC_OLD: u8 = 0x9e;
/// `CM`: the only compression method defined, DEFLATE.
const CM_DEFLATE: u8 = 8;
/// `FLG` bits.
const FHCRC: u8 = 1 << 1;
const FEXTRA: u8 = 1 << 2;
const FNAME: u8 = 1 << 3;
const FCOMMENT: u8 = 1 << 4;
/// `FLG` bits RFC 1952 reserves (must be zero).
const FRESERVED: u8 = 0xe0;
/// Bytes of the fixed header: ID1 ID2 CM FLG MTIME(4) XFL OS.
const HEADER: usize = 10;
/// Bytes of the trailer: CRC32(4) ISIZE(4).
const TRAILER: usize = 8;

/// Why a gzip member could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GzipError {
    /// Not a gzip header, or a method other than DEFLATE.
    BadHeader,
    /// The header uses flag bits RFC 1952 reserves.
    ReservedFlags,
    /// The header's own CRC-16 (`FHCRC`) does not match.
    HeaderCrc,
    /// The data ends inside the header, the stream or the trailer.
    Truncated,
    /// The DEFLATE stream is corrupt.
    Corrupt,
    /// The trailer's CRC-32 does not match the inflated data.
    Crc {
        /// What the trailer says.
        stored: u32,
        /// What the data gives.
        computed: u32,
    },
    /// The trailer's length (modulo 2^32) does not match.
    Length,
    /// The output would exceed the caller's limit, or no memory is left.
    TooLarge,
}

impl fmt::Display for GzipError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GzipError::BadHeader => f.write_str("not a gzip DEFLATE header"),
            GzipError::ReservedFlags => f.write_str("reserved gzip header flags are set"),
            GzipError::HeaderCrc => f.write_str("the gzip header checksum does not match"),
            GzipError::Truncated => f.write_str("the gzip data is cut off"),
            GzipError::Corrupt => f.write_str("the compressed data does not inflate"),
            GzipError::Crc { stored, computed } => write!(
                f,
                "CRC-32 mismatch (trailer {stored:#010x}, data {computed:#010x})"
            ),
            GzipError::Length => f.write_str("the inflated length does not match the trailer"),
            GzipError::TooLarge => f.write_str("the inflated data does not fit in memory"),
        }
    }
}

/// Whether `data` starts with a gzip member's magic.
pub fn is_gzip(data: &[u8]) -> bool {
    data.len() >= 2 && data[0] == MAGIC[0] && (data[1] == MAGIC[1] || data[1] == MAGIC_OLD)
}

/// The CRC-32 of IEEE 802.3 (reflected, polynomial 0xedb88320), as gzip's
/// trailer holds it, continued from `crc` (0 to start).
pub fn crc32(crc: u32, data: &[u8]) -> u32 {
    let mut c = !crc;
    for &b in data {
        c = CRC_TABLE[((c ^ b as u32) & 0xff) as usize] ^ (c >> 8);
    }
    !c
}

const CRC_TABLE: [u32; 256] = {
    let mut t = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 {
                0xedb8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
            k += 1;
        }
        t[i] = c;
        i += 1;
    }
    t
};

/// Skips the header; returns where the DEFLATE stream starts.
fn header_len(data: &[u8]) -> Result<usize, GzipError> {
    let h = data.get(..HEADER).ok_or(GzipError::Truncated)?;
    if !is_gzip(h) || h[2] != CM_DEFLATE {
        return Err(GzipError::BadHeader);
    }
    let flg = h[3];
    if flg & FRESERVED != 0 {
        return Err(GzipError::ReservedFlags);
    }
    let mut at = HEADER;
    if flg & FEXTRA != 0 {
        let x = data.get(at..at + 2).ok_or(GzipError::Truncated)?;
        at += 2 + u16::from_le_bytes([x[0], x[1]]) as usize;
    }
    for flag in [FNAME, FCOMMENT] {
        if flg & flag != 0 {
            let rest = data.get(at..).ok_or(GzipError::Truncated)?;
            let nul = rest
                .iter()
                .position(|&b| b == 0)
                .ok_or(GzipError::Truncated)?;
            at += nul + 1;
        }
    }
    if flg & FHCRC != 0 {
        let x = data.get(at..at + 2).ok_or(GzipError::Truncated)?;
        if u16::from_le_bytes([x[0], x[1]]) != crc32(0, &data[..at]) as u16 {
            return Err(GzipError::HeaderCrc);
        }
        at += 2;
    }
    if at > data.len() {
        return Err(GzipError::Truncated);
    }
    Ok(at)
}

/// Grows `out` to at least `want` bytes (zero-filled), failing instead of
/// panicking when memory or the limit runs out.
fn grow(out: &mut Vec<u8>, want: usize, limit: usize) -> Result<(), GzipError> {
    let want = want.min(limit);
    if want <= out.len() {
        return Err(GzipError::TooLarge);
    }
    out.try_reserve_exact(want - out.len())
        .map_err(|_| GzipError::TooLarge)?;
    out.resize(want, 0);
    Ok(())
}

/// Inflates the gzip member at the start of `data`, producing at most
/// `limit` bytes. Returns the data and the bytes of `data` the member
/// took (header, stream and trailer), so that what follows it (padding,
/// another member, another archive) can be read next.
pub fn inflate(data: &[u8], limit: usize) -> Result<(Vec<u8>, usize), GzipError> {
    let start = header_len(data)?;
    let mut state = Box::new(DecompressorOxide::new());
    let mut out = Vec::new();
    // A guess that avoids most regrowth: initramfs archives shrink to a
    // third or so.
    grow(
        &mut out,
        (data.len() - start).saturating_mul(3).max(4096),
        limit,
    )?;
    let (mut in_pos, mut out_pos) = (start, 0);
    loop {
        let (status, used, made) = decompress(
            &mut state,
            &data[in_pos..],
            &mut out,
            out_pos,
            TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF,
        );
        in_pos += used;
        out_pos += made;
        match status {
            TINFLStatus::Done => break,
            TINFLStatus::HasMoreOutput => {
                let want = out.len().saturating_mul(2);
                grow(&mut out, want, limit)?
            }
            TINFLStatus::FailedCannotMakeProgress | TINFLStatus::NeedsMoreInput => {
                return Err(GzipError::Truncated)
            }
            _ => return Err(GzipError::Corrupt),
        }
    }
    out.truncate(out_pos);
    let t = data
        .get(in_pos..in_pos + TRAILER)
        .ok_or(GzipError::Truncated)?;
    let stored = u32::from_le_bytes([t[0], t[1], t[2], t[3]]);
    let computed = crc32(0, &out);
    if stored != computed {
        return Err(GzipError::Crc { stored, computed });
    }
    if u32::from_le_bytes([t[4], t[5], t[6], t[7]]) != out.len() as u32 {
        return Err(GzipError::Length);
    }
    Ok((out, in_pos + TRAILER))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A gzip member of `data` with the header fields `flg` asks for.
    fn gzip(data: &[u8], flg: u8) -> Vec<u8> {
        let mut g = vec![0x1f, 0x8b, 8, flg, 1, 2, 3, 4, 0, 3];
        if flg & FEXTRA != 0 {
            g.extend_from_slice(&[3, 0, b'a', b'b', b'c']);
        }
        if flg & FNAME != 0 {
            g.extend_from_slice(b"name.cpio\0");
        }
        if flg & FCOMMENT != 0 {
            g.extend_from_slice(b"a comment\0");
        }
        if flg & FHCRC != 0 {
            let c = crc32(0, &g) as u16;
            g.extend_from_slice(&c.to_le_bytes());
        }
        g.extend_from_slice(&miniz_oxide::deflate::compress_to_vec(data, 6));
        g.extend_from_slice(&crc32(0, data).to_le_bytes());
        g.extend_from_slice(&(data.len() as u32).to_le_bytes());
        g
    }

    fn sample() -> Vec<u8> {
        (0..100_000u32)
            .map(|i| (i % 251) as u8 ^ (i / 977) as u8)
            .collect()
    }

    #[test]
    fn crc32_known_value() {
        assert_eq!(crc32(0, b"123456789"), 0xcbf4_3926);
        assert_eq!(crc32(crc32(0, b"1234"), b"56789"), 0xcbf4_3926);
    }

    #[test]
    fn inflates_members_with_every_header_field() {
        let data = sample();
        for flg in [0, FNAME, FEXTRA | FNAME | FCOMMENT | FHCRC, 1] {
            let mut g = gzip(&data, flg);
            let len = g.len();
            g.extend_from_slice(b"\0\0\0\x00070701");
            assert!(is_gzip(&g));
            let (out, used) = inflate(&g, 1 << 20).unwrap();
            assert_eq!(out, data, "flags {flg:#x}");
            assert_eq!(used, len, "the member's length, not what follows");
        }
        let (out, _) = inflate(&gzip(b"", 0), 16).unwrap();
        assert!(out.is_empty());
    }

    #[test]
    fn damage_is_an_error_never_a_panic() {
        let data = sample();
        let g = gzip(&data, FNAME);
        assert_eq!(inflate(b"\x1f", 99), Err(GzipError::Truncated));
        assert_eq!(
            inflate(b"\x1f\x8b\x07\0\0\0\0\0\0\0", 99),
            Err(GzipError::BadHeader)
        );
        let mut r = g.clone();
        r[3] |= 0x80;
        assert_eq!(inflate(&r, 1 << 20), Err(GzipError::ReservedFlags));
        let mut h = gzip(&data, FHCRC);
        h[10] ^= 1;
        assert_eq!(inflate(&h, 1 << 20), Err(GzipError::HeaderCrc));
        // Cut anywhere: header, stream, trailer.
        for cut in [5, 12, 30, g.len() / 2, g.len() - 6, g.len() - 1] {
            assert!(inflate(&g[..cut], 1 << 20).is_err(), "cut at {cut}");
        }
        // A flipped bit in the stream: corrupt, or caught by the CRC.
        for at in [25, 100, 1000, g.len() - 20] {
            let mut c = g.clone();
            c[at] ^= 0x10;
            assert!(inflate(&c, 1 << 20).is_err(), "flip at {at}");
        }
        let mut c = g.clone();
        let n = c.len();
        c[n - 8] ^= 1;
        assert!(matches!(inflate(&c, 1 << 20), Err(GzipError::Crc { .. })));
        c[n - 8] ^= 1;
        c[n - 1] ^= 1;
        assert_eq!(inflate(&c, 1 << 20), Err(GzipError::Length));
        // Garbage after a valid header.
        let mut j = g[..20].to_vec();
        j.extend_from_slice(&[0xff; 64]);
        assert!(inflate(&j, 1 << 20).is_err());
        // More output than allowed.
        assert_eq!(inflate(&g, 1000), Err(GzipError::TooLarge));
    }
}
