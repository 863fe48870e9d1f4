//! The root file system: unpacking (and refusing damaged archives),
//! path lookup, the file-system system calls against Linux's answers
//! (`tests/c/fs_calls.c` in the `kcore::testfs` tree), `execve` freeing
//! the old space, and file faults on real files.

use alloc::sync::Arc;
use alloc::vec::Vec;

use kcore::cpio::Writer;
use kcore::ktest::Failure;
use kcore::{kassert, kassert_eq, ktest};
use linux_abi::errno::{ELOOP, ENAMETOOLONG, ENOENT, ENOTDIR};
use mm::Contents;

use crate::fs::initramfs::{self, UnpackError};
use crate::fs::inode::{Fs, Kind, ROOT};
use crate::fs::lookup::{lookup, lookup_existing, Found};
use crate::fs::NodeRef;
use crate::{memory, task, userprogs};

/// The machine the file-system fixture's executables are made for.
fn target() -> kcore::testfs::Target<'static> {
    use karch::Arch as _;
    kcore::testfs::Target {
        machine: arch::Arch::ELF.machine,
        big_endian: arch::Arch::ELF.big_endian,
        exit42: &arch::abi::fixture::EXIT_42,
    }
}

fn fail(why: impl Into<alloc::string::String>) -> Failure {
    Failure::Fail(why.into())
}

/// Unpacks `archive` as the root of a test.
fn unpack(archive: Vec<u8>) -> Result<Arc<Fs>, Failure> {
    initramfs::unpack(Arc::new(archive), 1 << 24)
        .map(Arc::new)
        .map_err(|e| fail(alloc::format!("unpack: {e}")))
}

fn program(name: &str) -> Result<&'static [u8], Failure> {
    userprogs::get(name).ok_or_else(|| fail(alloc::format!("no program {name}")))
}

/// Free frames, counting quarantined ones (poisoned frames never return).
fn frames() -> usize {
    memory::frames().free_count() + memory::frames().quarantined()
}

/// Runs `path` of `fs` as the first task; checks that every frame came
/// back once the task and the file system (with its page cache) are gone.
fn run_in(fs: Arc<Fs>, path: &str, argv: &[&str]) -> Result<i32, Failure> {
    task::memory();
    let before = frames();
    let status = {
        let root = NodeRef::root(&fs);
        let ino = lookup_existing(&fs, ROOT, path.as_bytes(), true)
            .map_err(|e| fail(alloc::format!("{path}: errno {e}")))?;
        let argv: Vec<&[u8]> = argv.iter().map(|a| a.as_bytes()).collect();
        drop(fs);
        task::run_file(&root.at(ino), &argv, &[], |_| {})
            .map_err(|e| fail(alloc::format!("{e:?}")))?
    };
    let after = frames();
    if after != before {
        return Err(fail(alloc::format!(
            "{path}: {} frames leaked",
            before as i64 - after as i64
        )));
    }
    Ok(status)
}

fn found(fs: &Fs, path: &str, follow: bool) -> Result<usize, i64> {
    lookup_existing(fs, ROOT, path.as_bytes(), follow)
}

ktest! {
    suite = "fs";

    /// The base tree is there whatever the archive holds, and entries
    /// replace, link and skip as Linux's unpacking does.
    fn unpack_follows_linux_rules() {
        let mut w = Writer::new();
        w.entry(".", 0o040700, 2, (0, 0), b"")
            .dir("a", 0o755)
            .file("a/f", 0o644, b"one")
            .file("a/f", 0o600, b"two")
            .entry("a/h1", 0o100644, 2, (0, 0), b"")
            .hardlink("a/h2", 0o644, b"linked")
            .symlink("l", "a")
            .file("l/via-link", 0o644, b"x")
            .file("nodir/f", 0o644, b"skipped")
            .file("a", 0o644, b"not while a has entries");
        let fs = unpack(w.finish())?;
        kassert!(found(&fs, "/dev/console", true).is_ok());
        kassert!(found(&fs, "/dev/null", true).is_ok());
        kassert_eq!(fs.node(ROOT).mode & 0o7777, 0o700);
        let f = found(&fs, "/a/f", true).map_err(|e| fail(alloc::format!("{e}")))?;
        let r = NodeRef::root(&fs).at(f);
        kassert_eq!(r.data().map(|d| d.bytes().to_vec()), Some(b"two".to_vec()));
        kassert_eq!(r.node().mode & 0o777, 0o600);
        kassert_eq!(found(&fs, "/a/h1", true), found(&fs, "/a/h2", true));
        let h = found(&fs, "/a/h1", true).map_err(|e| fail(alloc::format!("{e}")))?;
        kassert_eq!(fs.node(h).nlink, 2);
        let linked = NodeRef::root(&fs).at(h);
        kassert_eq!(linked.data().map(|d| d.bytes().to_vec()), Some(b"linked".to_vec()));
        kassert!(found(&fs, "/a/via-link", true).is_ok(), "created through a link");
        kassert_eq!(found(&fs, "/nodir/f", true), Err(ENOENT));
        kassert!(fs.node(found(&fs, "/a", true).unwrap_or(ROOT)).is_dir());
        Ok(())
    }

    /// Lookup: links, loops, the 40-link limit, `ENOTDIR`, long names,
    /// trailing slashes, `..` at the root.
    fn lookup_rules() {
        let fs = unpack(kcore::testfs::archive(b"prog", &target()))?;
        kassert!(found(&fs, "/chain/l1", true).is_ok());
        kassert_eq!(found(&fs, "/chain/l0", true), Err(ELOOP));
        kassert_eq!(found(&fs, "/loop1", true), Err(ELOOP));
        kassert!(found(&fs, "/loop1", false).is_ok());
        kassert_eq!(found(&fs, "/etc/hello.txt/x", true), Err(ENOTDIR));
        kassert_eq!(found(&fs, "/etc/hello.txt/", true), Err(ENOTDIR));
        kassert_eq!(found(&fs, "/dangling", true), Err(ENOENT));
        let long = alloc::format!("/{}", "n".repeat(256));
        kassert_eq!(found(&fs, &long, true), Err(ENAMETOOLONG));
        kassert_eq!(found(&fs, "/../../etc/../", true), Ok(ROOT));
        kassert_eq!(found(&fs, "", true), Err(ENOENT));
        let dir = found(&fs, "/dir", true).unwrap_or(ROOT);
        kassert_eq!(found(&fs, "/link-dir/", false), Ok(dir));
        kassert_eq!(fs.path_of(found(&fs, "/link-dir/sub", true).unwrap_or(ROOT)), b"/dir/sub".to_vec());
        match lookup(&fs, dir, b"new/", true) {
            Ok(Found::Missing { parent, dir_only: true, .. }) => kassert_eq!(parent, dir),
            other => return Err(fail(alloc::format!("{other:?}"))),
        }
        kassert!(matches!(fs.node(found(&fs, "/link-abs", false).unwrap_or(ROOT)).kind, Kind::Symlink(_)));
        Ok(())
    }

    /// Damaged archives and streams are refused with a reason; nothing
    /// stays allocated.
    fn damaged_archives_are_refused() {
        let good = kcore::testfs::archive(b"prog", &target());
        let (used_before, _) = crate::heap::usage();
        let gz = {
            let mut g = alloc::vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3];
            g.extend_from_slice(&[0xff; 200]);
            g
        };
        let mut bad_field = good.clone();
        bad_field[20] = b'x';
        let cases: [(&str, Vec<u8>); 6] = [
            ("truncated", good[..good.len() / 2].to_vec()),
            ("bad field", bad_field),
            ("corrupt gzip", gz),
            ("cut gzip header", alloc::vec![0x1f, 0x8b, 8]),
            ("xz", alloc::vec![0xfd, b'7', b'z', b'X', b'Z', 0, 1, 2]),
            ("junk", b"junk".to_vec()),
        ];
        for (what, data) in cases {
            match initramfs::unpack(Arc::new(data), 1 << 24) {
                Ok(_) => return Err(fail(alloc::format!("{what}: accepted"))),
                Err(UnpackError::Junk { compression: Some(c), .. }) => kassert_eq!((what, c), ("xz", "xz")),
                Err(_) => {}
            }
        }
        kassert_eq!(crate::heap::usage().0, used_before);
        Ok(())
    }

    /// `tests/c/fs_calls.c`, which gets Linux 6.1's answers on Linux, gets
    /// them here (its exit status is its number of failures).
    fn fs_calls_match_linux() {
        let fs = unpack(kcore::testfs::archive(program("fs_calls")?, &target()))?;
        let status = run_in(fs, "/bin/fs_calls", &["/bin/fs_calls", "expect=faultline"])?;
        kassert_eq!(status, 0);
        Ok(())
    }

    /// Every exec frees the old space at once: rounds that together touch
    /// more than the free memory finish without an OOM kill, and every
    /// frame comes back.
    fn execve_frees_the_old_space() {
        let fs = unpack(
            Writer::new()
                .dir("bin", 0o755)
                .file("bin/exec_chain", 0o755, program("exec_chain")?)
                .finish(),
        )?;
        // Six rounds of a fifth of the free frames: 1.2 times what is free.
        let pages = frames() / 5;
        let (rounds, pages) = (alloc::format!("{}", 6), alloc::format!("{pages}"));
        let status = run_in(fs, "/bin/exec_chain", &["/bin/exec_chain", &rounds, &pages])?;
        kassert_eq!(status, 0);
        Ok(())
    }

    /// A real file's pages fault in through its page cache: the first
    /// touch is MAJOR, the next mapping's is not, and a private write
    /// copies the page (DONE_COW).
    fn real_file_faults_major_then_cow() {
        let data: Vec<u8> = (0..8192u32).map(|i| i as u8).collect();
        let fs = unpack(Writer::new().file("f", 0o644, &data).finish())?;
        let node = NodeRef::root(&fs).at(found(&fs, "/f", true).unwrap_or(ROOT));
        let obj = node.page_cache(task::memory()).ok_or_else(|| fail("no page cache"))?;
        let map = |flags| -> Result<(task::UserMm, u64), Failure> {
            let mm = task::UserMm::new(task::memory().clone()).map_err(|e| fail(alloc::format!("{e:?}")))?;
            let a = mm
                .mmap(mm::Placement::Anywhere, 8192, flags, mm::Backing::Object { object: obj.clone(), offset: 0 })
                .map_err(|e| fail(alloc::format!("{e:?}")))?;
            Ok((mm, a))
        };
        let (mm, a) = map(mm::VmaFlags::rw())?;
        let mut buf = [0u8; 4];
        mm.read(a + 4096, &mut buf).map_err(|e| fail(alloc::format!("{e}")))?;
        kassert_eq!(buf, [0, 1, 2, 3]);
        kassert_eq!(mm.counters().major, 1);
        mm.write(a, b"mine").map_err(|e| fail(alloc::format!("{e}")))?;
        kassert_eq!((mm.counters().major, mm.counters().cow), (2, 1));
        let (other, b) = map(mm::VmaFlags::ro())?;
        other.read(b, &mut buf).map_err(|e| fail(alloc::format!("{e}")))?;
        kassert_eq!(buf, [0, 1, 2, 3]);
        kassert_eq!(other.counters().major, 0);
        Ok(())
    }
}
