//! The file tree the file-system tests run in (`tests/c/fs_calls.c`),
//! made by one function for this kernel's self-tests and the harness's
//! boots, so that the same archive (the harness keeps a copy in its log
//! directory) can be booted on Linux to check the expected answers.
//!
//! Besides files, directories and links of every kind the lookup rules
//! care about, it holds small executables made here: one that exits 42,
//! and broken ones for `execve`'s errors (not an ELF, cut short, for
//! another machine, overlapping segments, a wrapping segment).

use alloc::vec;
use alloc::vec::Vec;

use crate::cpio::Writer;

/// The machine the tests run on, for the executables made here.
#[derive(Clone, Copy, Debug)]
pub struct Target<'a> {
    /// `e_machine`.
    pub machine: u16,
    /// Whether the machine is big-endian (`ELFDATA2MSB`).
    pub big_endian: bool,
    /// Position-independent machine code that calls `exit(42)` with the
    /// machine's Linux system-call convention (each backend's ABI crate
    /// has it as `fixture::EXIT_42`).
    pub exit42: &'a [u8],
}

/// An `e_machine` no backend is: x86-64.
const EM_X86_64: u16 = 62;
/// Where the made executables load.
const BASE: u64 = 0x100_0000;
/// Bytes of the ELF header and of one program header.
const EHDR: usize = 64;
const PHDR: usize = 56;

/// Bytes in `/data/pages`: three pages and 100 bytes.
pub const PAGES_LEN: usize = 3 * 4096 + 100;

/// The byte at `i` of `/data/pages`.
pub fn pages_byte(i: usize) -> u8 {
    (i % 251) as u8 ^ (i / 4096) as u8
}

/// A static executable for `target` with one program header per
/// `(vaddr, memsz)` in `segs` (the first holds the exit(42) code at the
/// end of the headers).
pub fn elf(target: &Target, segs: &[(u64, u64)]) -> Vec<u8> {
    let code_at = EHDR + PHDR * segs.len();
    let mut v = vec![0u8; code_at + target.exit42.len()];
    v[..4].copy_from_slice(b"\x7fELF");
    v[4] = 2; // ELFCLASS64
    v[5] = if target.big_endian { 2 } else { 1 }; // ELFDATA2MSB / LSB
    v[6] = 1; // EV_CURRENT
    let big = target.big_endian;
    // A `size`-byte field in the target's byte order.
    let put = |v: &mut Vec<u8>, at: usize, value: u64, size: usize| {
        let field = if big {
            value.to_be_bytes()[8 - size..].to_vec()
        } else {
            value.to_le_bytes()[..size].to_vec()
        };
        v[at..at + size].copy_from_slice(&field)
    };
    put(&mut v, 16, 2, 2); // ET_EXEC
    put(&mut v, 18, target.machine as u64, 2);
    put(&mut v, 20, 1, 4);
    put(&mut v, 24, segs[0].0 + code_at as u64, 8); // entry
    put(&mut v, 32, EHDR as u64, 8); // phoff
    put(&mut v, 52, EHDR as u64, 2);
    put(&mut v, 54, PHDR as u64, 2);
    put(&mut v, 56, segs.len() as u64, 2);
    let len = v.len() as u64;
    for (i, &(vaddr, memsz)) in segs.iter().enumerate() {
        let ph = EHDR + i * PHDR;
        put(&mut v, ph, 1, 4); // PT_LOAD
        put(&mut v, ph + 4, 5, 4); // PF_R | PF_X
        let (offset, filesz) = if i == 0 { (0, len) } else { (vaddr % 4096, 0) };
        put(&mut v, ph + 8, offset, 8);
        put(&mut v, ph + 16, vaddr, 8);
        put(&mut v, ph + 24, vaddr, 8);
        put(&mut v, ph + 32, filesz, 8);
        put(&mut v, ph + 40, memsz.max(filesz), 8);
        put(&mut v, ph + 48, 4096, 8);
    }
    v[code_at..].copy_from_slice(target.exit42);
    v
}

/// The archive: `program` at `/bin/fs_calls` and the tree around it, with
/// executables for `target`.
pub fn archive(program: &[u8], target: &Target) -> Vec<u8> {
    let good = elf(target, &[(BASE, 0x1000)]);
    let mut wrong_machine = good.clone();
    let x86 = if target.big_endian {
        EM_X86_64.to_be_bytes()
    } else {
        EM_X86_64.to_le_bytes()
    };
    wrong_machine[18..20].copy_from_slice(&x86);
    let pages: Vec<u8> = (0..PAGES_LEN).map(pages_byte).collect();
    let mut w = Writer::new();
    // Linux's initramfs has /dev/console but no /dev/null: both here.
    w.dir("dev", 0o755)
        .chardev("dev/console", 0o600, 5, 1)
        .chardev("dev/null", 0o666, 1, 3)
        .dir("bin", 0o755)
        .file("bin/fs_calls", 0o755, program)
        .file("bin/exit42", 0o755, &good)
        .dir("etc", 0o755)
        .file("etc/hello.txt", 0o644, b"hello, world\n")
        .file("etc/empty", 0o644, b"")
        .dir("data", 0o755)
        .file("data/pages", 0o644, &pages)
        .dir("dir", 0o755)
        .file("dir/a", 0o644, b"a\n")
        .file("dir/b", 0o644, b"b\n")
        .dir("dir/sub", 0o755)
        .symlink("link-abs", "/etc/hello.txt")
        .symlink("link-rel", "etc/hello.txt")
        .symlink("link-dir", "dir")
        .symlink("loop1", "loop2")
        .symlink("loop2", "loop1")
        .symlink("dangling", "/nonexistent")
        .file("noexec", 0o644, &good)
        .dir("bad", 0o755)
        .file("bad/notelf", 0o755, b"this is not an executable\n")
        .file("bad/shortphdr", 0o755, &good[..EHDR + 8])
        .file("bad/truncated", 0o755, &good[..good.len() - 3])
        .file("bad/wrongmachine", 0o755, &wrong_machine)
        .file(
            "bad/overlap",
            0o755,
            &elf(target, &[(BASE, 0x2000), (BASE + 0x1000, 0x1000)]),
        )
        .file(
            "bad/wrap",
            0o755,
            &elf(target, &[(BASE, 0x1000), (0xffff_ffff_ffff_f000, 0x2000)]),
        )
        .dir("chain", 0o755);
    // l0 -> l1 -> ... -> l40 -> /etc/hello.txt: following l1 takes 40
    // links (allowed), l0 takes 41 (ELOOP).
    for i in 0..=40 {
        let target = if i == 40 {
            alloc::string::String::from("/etc/hello.txt")
        } else {
            alloc::format!("l{}", i + 1)
        };
        w.symlink(&alloc::format!("chain/l{i}"), &target);
    }
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::elf::{parse, ElfError};

    /// A made-up machine's target: a big-endian one and a little-endian
    /// one must both come out right.
    const T: [Target; 2] = [
        Target {
            machine: 22,
            big_endian: true,
            exit42: &[1, 2, 3, 4, 5, 6],
        },
        Target {
            machine: 243,
            big_endian: false,
            exit42: &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
        },
    ];

    #[test]
    fn the_made_executables_are_what_they_claim() {
        for t in &T {
            made_executables(t);
        }
    }

    fn made_executables(t: &Target) {
        let (m, big) = (t.machine, t.big_endian);
        let good = elf(t, &[(BASE, 0x1000)]);
        assert!(parse(&good, m, big).is_ok());
        assert!(parse(&good, m, !big).is_err());
        assert!(matches!(
            parse(&elf(t, &[(BASE, 0x2000), (BASE + 0x1000, 0x1000)]), m, big),
            Err(ElfError::Overlap(..))
        ));
        assert!(matches!(
            parse(
                &elf(t, &[(BASE, 0x1000), (0xffff_ffff_ffff_f000, 0x2000)]),
                m,
                big
            ),
            Err(ElfError::BadSegment(_))
        ));
        let a = archive(b"prog", t);
        assert_eq!(
            crate::cpio::find(&a, "bin/fs_calls"),
            Ok(Some(&b"prog"[..]))
        );
        assert!(crate::cpio::entries(&a).all(|e| e.is_ok()));
    }
}
