//! Static ELF executables: validation and the loadable segments.
//!
//! Parsing is done by the `object` crate (no_std, read-only); this module
//! only decides what this kernel accepts: a 64-bit `ET_EXEC` for the
//! machine and byte order the caller names (the architecture's), whose
//! `PT_LOAD` segments are sane (inside the file, no overflow,
//! `filesz <= memsz`, page-congruent offsets) and whose entry point lies
//! in an executable segment.

use alloc::vec::Vec;
use core::fmt;

use object::elf::{FileHeader64, ProgramHeader64, ET_EXEC, PF_R, PF_W, PF_X, PT_INTERP, PT_LOAD};
use object::read::elf::{FileHeader, ProgramHeader};
use object::{Endian, Endianness};

/// A loadable segment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    /// Virtual start address.
    pub vaddr: u64,
    /// Bytes in memory (the part past `filesz` is zero).
    pub memsz: u64,
    /// Offset of the file bytes.
    pub offset: u64,
    /// Bytes taken from the file.
    pub filesz: u64,
    /// Readable.
    pub read: bool,
    /// Writable.
    pub write: bool,
    /// Executable.
    pub exec: bool,
}

/// A validated executable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Executable {
    /// Entry point.
    pub entry: u64,
    /// `PT_LOAD` segments, in file order, without empty ones.
    pub segments: Vec<Segment>,
}

/// Why an image was rejected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ElfError {
    /// Not parseable as a 64-bit ELF file.
    Malformed(object::Error),
    /// For another machine: (found, wanted) `e_machine`.
    WrongMachine(u16, u16),
    /// In the other byte order (true: the file is big-endian).
    WrongByteOrder(bool),
    /// Not `ET_EXEC` (shared objects and PIEs need a dynamic loader).
    NotExecutable(u16),
    /// Has a `PT_INTERP`: dynamically linked.
    Dynamic,
    /// A segment is inconsistent.
    BadSegment(&'static str),
    /// No loadable segment.
    NoSegments,
    /// The entry point is not in an executable segment.
    BadEntry(u64),
    /// Two segments share a page (each is mapped alone, with its own
    /// permissions): the start addresses of both.
    Overlap(u64, u64),
}

impl fmt::Display for ElfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ElfError::Malformed(w) => write!(f, "not a valid 64-bit ELF file: {w}"),
            ElfError::WrongMachine(m, want) => {
                write!(f, "ELF machine {m} is not this machine's ({want})")
            }
            ElfError::WrongByteOrder(big) => write!(
                f,
                "the file is {}-endian, this machine is not",
                if *big { "big" } else { "little" }
            ),
            ElfError::NotExecutable(t) => write!(
                f,
                "ELF type {t} is not ET_EXEC: only static executables run"
            ),
            ElfError::Dynamic => write!(
                f,
                "dynamically linked (PT_INTERP): only static executables run"
            ),
            ElfError::BadSegment(w) => write!(f, "bad PT_LOAD segment: {w}"),
            ElfError::NoSegments => write!(f, "no PT_LOAD segment"),
            ElfError::BadEntry(e) => {
                write!(f, "entry point {e:#x} is not in an executable segment")
            }
            ElfError::Overlap(a, b) => {
                write!(f, "PT_LOAD segments at {a:#x} and {b:#x} share a page")
            }
        }
    }
}

/// The page size segments are mapped with.
const PAGE: u64 = 4096;

/// Validates `data` as a static executable for machine `machine`
/// (`e_machine`) with the byte order `big_endian` says.
pub fn parse(data: &[u8], machine: u16, big_endian: bool) -> Result<Executable, ElfError> {
    let hdr = FileHeader64::<Endianness>::parse(data).map_err(ElfError::Malformed)?;
    let e = hdr.endian().map_err(ElfError::Malformed)?;
    if e.is_big_endian() != big_endian {
        return Err(ElfError::WrongByteOrder(e.is_big_endian()));
    }
    if hdr.e_machine(e) != machine {
        return Err(ElfError::WrongMachine(hdr.e_machine(e), machine));
    }
    if hdr.e_type(e) != ET_EXEC {
        return Err(ElfError::NotExecutable(hdr.e_type(e)));
    }
    let phdrs: &[ProgramHeader64<Endianness>] =
        hdr.program_headers(e, data).map_err(ElfError::Malformed)?;
    let mut segments = Vec::new();
    for ph in phdrs {
        match ph.p_type(e) {
            PT_INTERP => return Err(ElfError::Dynamic),
            PT_LOAD => {}
            _ => continue,
        }
        let s = Segment {
            vaddr: ph.p_vaddr(e),
            memsz: ph.p_memsz(e),
            offset: ph.p_offset(e),
            filesz: ph.p_filesz(e),
            read: ph.p_flags(e) & PF_R != 0,
            write: ph.p_flags(e) & PF_W != 0,
            exec: ph.p_flags(e) & PF_X != 0,
        };
        if s.memsz == 0 {
            continue;
        }
        if s.filesz > s.memsz {
            return Err(ElfError::BadSegment("filesz exceeds memsz"));
        }
        let file_end = s
            .offset
            .checked_add(s.filesz)
            .ok_or(ElfError::BadSegment("offset overflows"))?;
        if file_end > data.len() as u64 {
            return Err(ElfError::BadSegment(
                "file bytes beyond the end of the file",
            ));
        }
        // The loader maps whole pages: the end rounded up must fit too.
        s.vaddr
            .checked_add(s.memsz)
            .and_then(|end| end.checked_next_multiple_of(PAGE))
            .ok_or(ElfError::BadSegment("address range overflows"))?;
        if s.vaddr % PAGE != s.offset % PAGE {
            return Err(ElfError::BadSegment(
                "vaddr and offset are not congruent modulo the page size",
            ));
        }
        segments.push(s);
    }
    if segments.is_empty() {
        return Err(ElfError::NoSegments);
    }
    let mut by_addr: Vec<&Segment> = segments.iter().collect();
    by_addr.sort_by_key(|s| s.vaddr);
    for w in by_addr.windows(2) {
        // The end, rounded up to a page, cannot overflow (checked above).
        let end = (w[0].vaddr + w[0].memsz).next_multiple_of(PAGE);
        if w[1].vaddr & !(PAGE - 1) < end {
            return Err(ElfError::Overlap(w[0].vaddr, w[1].vaddr));
        }
    }
    let entry = hdr.e_entry(e);
    if !segments
        .iter()
        .any(|s| s.exec && (s.vaddr..s.vaddr + s.memsz).contains(&entry))
    {
        return Err(ElfError::BadEntry(entry));
    }
    Ok(Executable { entry, segments })
}

#[cfg(test)]
mod tests {
    use super::*;
    use object::elf::EM_S390;

    fn parse(data: &[u8]) -> Result<Executable, ElfError> {
        super::parse(data, EM_S390, true)
    }

    /// A minimal ELF: header plus one PT_LOAD of `code` at 0x1000000.
    fn image(machine: u16, etype: u16, flags: u32, filesz: u64, memsz: u64) -> Vec<u8> {
        let mut v = vec![0u8; 0x1000];
        v[..4].copy_from_slice(b"\x7fELF");
        v[4] = 2; // ELFCLASS64
        v[5] = 2; // big-endian
        v[6] = 1; // EV_CURRENT
        let put16 =
            |v: &mut Vec<u8>, o: usize, x: u16| v[o..o + 2].copy_from_slice(&x.to_be_bytes());
        let put32 =
            |v: &mut Vec<u8>, o: usize, x: u32| v[o..o + 4].copy_from_slice(&x.to_be_bytes());
        let put64 =
            |v: &mut Vec<u8>, o: usize, x: u64| v[o..o + 8].copy_from_slice(&x.to_be_bytes());
        put16(&mut v, 16, etype);
        put16(&mut v, 18, machine);
        put32(&mut v, 20, 1);
        put64(&mut v, 24, 0x1000000); // entry
        put64(&mut v, 32, 64); // phoff
        put16(&mut v, 52, 64); // ehsize
        put16(&mut v, 54, 56); // phentsize
        put16(&mut v, 56, 1); // phnum
        let ph = 64;
        put32(&mut v, ph, PT_LOAD);
        put32(&mut v, ph + 4, flags);
        put64(&mut v, ph + 8, 0); // offset
        put64(&mut v, ph + 16, 0x1000000); // vaddr
        put64(&mut v, ph + 32, filesz);
        put64(&mut v, ph + 40, memsz);
        v
    }

    #[test]
    fn accepts_a_static_executable() {
        let x = parse(&image(EM_S390, ET_EXEC, PF_R | PF_X, 0x800, 0x2000)).unwrap();
        assert_eq!(x.entry, 0x1000000);
        assert_eq!(x.segments.len(), 1);
        assert!(x.segments[0].exec && !x.segments[0].write);
    }

    #[test]
    fn parses_in_place_at_any_alignment() {
        let img = image(EM_S390, ET_EXEC, PF_R | PF_X, 0x800, 0x2000);
        let mut v = vec![0u8; 3];
        v.extend_from_slice(&img);
        assert_eq!(parse(&v[3..]).unwrap().entry, 0x1000000);
    }

    #[test]
    fn overlapping_and_wrapping_segments_are_refused() {
        // A second PT_LOAD (phdr 1) at `vaddr` with `memsz`.
        let two = |vaddr: u64, memsz: u64| {
            let mut v = image(EM_S390, ET_EXEC, PF_R | PF_X, 0x800, 0x2000);
            v[56..58].copy_from_slice(&2u16.to_be_bytes());
            let ph = 64 + 56;
            v[ph..ph + 4].copy_from_slice(&PT_LOAD.to_be_bytes());
            v[ph + 4..ph + 8].copy_from_slice(&(PF_R | PF_W).to_be_bytes());
            v[ph + 8..ph + 16].copy_from_slice(&(vaddr % 4096).to_be_bytes());
            v[ph + 16..ph + 24].copy_from_slice(&vaddr.to_be_bytes());
            v[ph + 32..ph + 40].copy_from_slice(&0u64.to_be_bytes());
            v[ph + 40..ph + 48].copy_from_slice(&memsz.to_be_bytes());
            v
        };
        assert!(parse(&two(0x1002000, 0x100)).is_ok());
        assert_eq!(
            parse(&two(0x1001800, 0x100)),
            Err(ElfError::Overlap(0x1000000, 0x1001800))
        );
        assert_eq!(
            parse(&two(0xffff_ffff_ffff_f000, 0x2000)),
            Err(ElfError::BadSegment("address range overflows"))
        );
        // Its end fits, but not rounded up to a page (the loader's
        // page_up used to overflow on it).
        assert_eq!(
            parse(&two(0xffff_ffff_ffff_f000, 0xfff)),
            Err(ElfError::BadSegment("address range overflows"))
        );
    }

    #[test]
    fn rejects_with_a_reason() {
        assert!(matches!(parse(b"nope"), Err(ElfError::Malformed(_))));
        assert!(matches!(parse(&[0u8; 100]), Err(ElfError::Malformed(_))));
        assert_eq!(
            parse(&image(62, ET_EXEC, PF_R | PF_X, 1, 1)),
            Err(ElfError::WrongMachine(62, EM_S390))
        );
        assert_eq!(
            parse(&image(EM_S390, 3, PF_R | PF_X, 1, 1)),
            Err(ElfError::NotExecutable(3))
        );
        assert_eq!(
            parse(&image(EM_S390, ET_EXEC, PF_R | PF_X, 0x2000, 0x1000)),
            Err(ElfError::BadSegment("filesz exceeds memsz"))
        );
        assert_eq!(
            parse(&image(EM_S390, ET_EXEC, PF_R | PF_X, 0x5000, 0x5000)),
            Err(ElfError::BadSegment(
                "file bytes beyond the end of the file"
            ))
        );
        assert_eq!(
            parse(&image(EM_S390, ET_EXEC, PF_R | PF_W, 1, 1)),
            Err(ElfError::BadEntry(0x1000000))
        );
        let msg = alloc::format!("{}", ElfError::WrongMachine(62, EM_S390));
        assert!(msg.contains("62") && msg.contains("22"), "{msg}");
        let mut le = image(EM_S390, ET_EXEC, PF_R | PF_X, 1, 1);
        le[5] = 1; // ELFDATA2LSB
        assert_eq!(parse(&le), Err(ElfError::WrongByteOrder(false)));
    }
}
