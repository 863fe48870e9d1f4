//! Loading a static ELF executable for this machine from the file system
//! into a fresh address space, with Linux's initial stack (argc, argv,
//! envp, auxv).
//!
//! The segments are mapped from the file's page cache, as Linux maps
//! them: privately, so a page is read in at its first touch (a major
//! fault), shared by every process running the file, and copied when
//! written (the data segment). Only the bss beyond the file is anonymous.
//! [`load`] builds the whole space before anyone sees it, so a bad image
//! leaves the caller as it was and everything it allocated is freed.

use alloc::sync::Arc;
use alloc::vec::Vec;
use core::fmt;

use arch::Arch;
use karch::{Arch as _, TrapFrame};
use kcore::elf::{self, ElfError, Executable};
use linux_abi::auxv::{AT_ENTRY, AT_HWCAP, AT_NULL, AT_PAGESZ, AT_PLATFORM, AT_RANDOM};
use linux_abi::errno;
use mm::error::MmError;
use mm::mmap::Placement;
use mm::vma::{Backing, VmaFlags};
use mm::{Contents, PAGE_SIZE};

use super::table::{State, Task};
use super::{memory, Frame, UserMm};
use crate::fs::NodeRef;

/// Top of the user stack.
pub const STACK_TOP: u64 = <Arch as karch::Arch>::STACK_TOP;
/// Stack mapped at exec; it grows on demand up to the stack limit.
const STACK_INITIAL: u64 = 128 * 1024;
/// Where the page with the `rt_sigreturn` trampoline is mapped.
pub const TRAMPOLINE: u64 = 0x7fff_f000;

/// The most bytes one argument or environment string may have, with its
/// NUL (Linux's `MAX_ARG_STRLEN`, 32 pages).
pub const MAX_ARG_STRLEN: usize = 32 * PAGE_SIZE as usize;
/// The most bytes all strings and their pointers may take together: a
/// quarter of the default 8 MiB stack limit, as Linux computes it.
pub const ARG_MAX_TOTAL: usize = 2 << 20;

/// Why an image could not be started.
#[derive(Debug)]
pub enum ExecError {
    /// The file is not a runnable static executable for this machine.
    Elf(ElfError),
    /// Mapping failed.
    Mm(MmError),
    /// Writing the stack or clearing the bss failed.
    Copy,
    /// Arguments and environment do not fit (`E2BIG`).
    TooManyArguments,
}

impl fmt::Display for ExecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExecError::Elf(e) => write!(f, "{e}"),
            ExecError::Mm(e) => write!(f, "cannot map the image: {e}"),
            ExecError::Copy => f.write_str("cannot write the initial stack or the bss"),
            ExecError::TooManyArguments => f.write_str("arguments do not fit the initial stack"),
        }
    }
}

impl From<MmError> for ExecError {
    fn from(e: MmError) -> Self {
        ExecError::Mm(e)
    }
}

impl ExecError {
    /// What `execve` returns for it: `ENOEXEC` for a file that is not an
    /// executable for this machine; `EIO` for one shorter than its
    /// headers say (Linux's answer when it reads them); `ENOMEM` when
    /// memory ran out; `E2BIG` for arguments.
    pub fn errno(&self) -> i64 {
        match self {
            ExecError::Elf(ElfError::BadSegment("file bytes beyond the end of the file")) => {
                errno::EIO
            }
            ExecError::Elf(_) => errno::ENOEXEC,
            ExecError::Mm(MmError::OutOfMemory) => errno::ENOMEM,
            ExecError::Mm(_) => errno::ENOEXEC,
            ExecError::Copy => errno::ENOMEM,
            ExecError::TooManyArguments => errno::E2BIG,
        }
    }
}

/// Whether `file` may be executed, as Linux decides for root: a regular
/// file with at least one execute bit (`EACCES` otherwise, directories
/// included).
pub fn check_executable(file: &NodeRef) -> Result<(), i64> {
    let n = file.node();
    if !file.is_regular() || n.mode & linux_abi::fs::S_IXUGO == 0 {
        return Err(errno::EACCES);
    }
    Ok(())
}

/// A new address space with a program loaded, not yet given to a task.
pub struct Loaded {
    /// The space.
    pub mm: Arc<UserMm>,
    /// The initial user state (entry point and stack pointer).
    pub regs: Frame,
    /// The initial program break (the page after the highest segment).
    pub brk: u64,
}

fn page_down(x: u64) -> u64 {
    x & !(PAGE_SIZE - 1)
}

fn page_up(x: u64) -> u64 {
    x.next_multiple_of(PAGE_SIZE)
}

/// The access bits `mprotect` takes.
fn flags_of(read: bool, write: bool, exec: bool) -> VmaFlags {
    let mut f = VmaFlags::empty();
    if read {
        f |= VmaFlags::READ;
    }
    if write {
        f |= VmaFlags::WRITE;
    }
    if exec {
        f |= VmaFlags::EXEC;
    }
    f
}

/// Checks the image of the regular file `file` and builds a new address
/// space running it with `argv` and `envp`. Nothing is shared with the
/// caller: on failure, everything it made is freed.
pub fn load(file: &NodeRef, argv: &[&[u8]], envp: &[&[u8]]) -> Result<Loaded, ExecError> {
    let data = file.data().ok_or(ExecError::Elf(ElfError::NoSegments))?;
    let image = data.bytes();
    let exe = elf::parse(image, Arch::ELF.machine, Arch::ELF.big_endian).map_err(ExecError::Elf)?;
    check_arguments(argv, envp)?;
    let object = file
        .page_cache(memory())
        .ok_or(ExecError::Elf(ElfError::NoSegments))?;
    let mm = Arc::new(UserMm::with_limits(memory().clone(), user_limits())?);
    let brk = map_segments(&mm, &exe, &object)?;
    map_trampoline(&mm)?;
    let sp = build_stack(&mm, &exe, argv, envp)?;
    Ok(Loaded {
        mm,
        regs: Frame::new_user(exe.entry, sp),
        brk,
    })
}

/// Creates a task (pid filled in by the table) running `file` with `argv`
/// and `envp`, in directory `cwd`, with descriptors `files`.
pub fn spawn(
    file: &NodeRef,
    argv: &[&[u8]],
    envp: &[&[u8]],
    ppid: i32,
    cwd: NodeRef,
    files: crate::fs::FdTable,
) -> Result<Task, ExecError> {
    let l = load(file, argv, envp)?;
    Ok(Task {
        pid: 0,
        ppid,
        mm: Some(l.mm),
        regs: l.regs,
        // A new program starts with every register and control zero.
        user_state: Default::default(),
        state: State::Runnable,
        signals: alloc::boxed::Box::default(),
        brk: (l.brk, l.brk),
        trampoline: TRAMPOLINE,
        files,
        cwd,
        block: Default::default(),
        jobctl: Default::default(),
        attrs: super::attrs::Attrs::first(&alloc::string::String::from_utf8_lossy(
            argv.first().copied().unwrap_or(b"init"),
        )),
    })
}

/// The limits of a new program's address space: Linux's defaults, and,
/// since every task here runs as root (with `CAP_SYS_RAWIO`), `MAP_FIXED`
/// may go below `mmap_min_addr` down to page 0, as root's may on Linux.
/// The kernel never places a mapping there by itself.
fn user_limits() -> mm::Limits {
    mm::Limits {
        fixed_min_addr: 0,
        ..mm::Limits::default()
    }
}

/// `E2BIG` for strings and pointers beyond Linux's limits.
fn check_arguments(argv: &[&[u8]], envp: &[&[u8]]) -> Result<(), ExecError> {
    let mut total = (argv.len() + envp.len() + 2) * 8;
    for s in argv.iter().chain(envp) {
        if s.len() + 1 > MAX_ARG_STRLEN {
            return Err(ExecError::TooManyArguments);
        }
        total += s.len() + 1;
    }
    if total > ARG_MAX_TOTAL {
        return Err(ExecError::TooManyArguments);
    }
    Ok(())
}

/// Maps every segment: the file part privately from the page cache, the
/// bss beyond it anonymously, and zeroes the bss's share of the last file
/// page. Returns the initial program break.
fn map_segments(
    mm: &UserMm,
    exe: &Executable,
    object: &Arc<mm::FileObject<super::Mmu>>,
) -> Result<u64, ExecError> {
    let mut brk = 0;
    for s in &exe.segments {
        let start = page_down(s.vaddr);
        let file_end = s.vaddr + s.filesz;
        let mem_end = page_up(s.vaddr + s.memsz);
        let file_pages_end = if s.filesz > 0 {
            page_up(file_end)
        } else {
            start
        };
        // Writable until the bss is cleared; the segment's own
        // permissions are set last.
        if file_pages_end > start {
            mm.mmap(
                Placement::Fixed(start),
                file_pages_end - start,
                VmaFlags::rw(),
                Backing::Object {
                    object: object.clone(),
                    offset: page_down(s.offset),
                },
            )?;
        }
        if mem_end > file_pages_end {
            mm.mmap(
                Placement::Fixed(file_pages_end),
                mem_end - file_pages_end,
                VmaFlags::rw(),
                Backing::Anon,
            )?;
        }
        if s.memsz > s.filesz && file_end % PAGE_SIZE != 0 && s.filesz > 0 {
            // The rest of the last file page is bss: zero, not whatever
            // the file holds next (this copies the page).
            let tail = (page_up(file_end).min(s.vaddr + s.memsz) - file_end) as usize;
            mm.write(file_end, &alloc::vec![0u8; tail])
                .map_err(|_| ExecError::Copy)?;
        }
        mm.mprotect(start, mem_end - start, flags_of(s.read, s.write, s.exec))?;
        brk = brk.max(mem_end);
    }
    Ok(brk)
}

/// The page with the `rt_sigreturn` trampoline, read-execute.
fn map_trampoline(mm: &UserMm) -> Result<(), ExecError> {
    mm.mmap(
        Placement::Fixed(TRAMPOLINE),
        PAGE_SIZE,
        VmaFlags::rw(),
        Backing::Anon,
    )?;
    mm.write(TRAMPOLINE, Arch::SIGRETURN_TRAMPOLINE)
        .map_err(|_| ExecError::Copy)?;
    mm.mprotect(TRAMPOLINE, PAGE_SIZE, flags_of(true, false, true))?;
    Ok(())
}

/// Maps the stack and writes argc, argv, envp and auxv the way Linux
/// does; returns the initial stack pointer.
fn build_stack(
    mm: &UserMm,
    exe: &Executable,
    argv: &[&[u8]],
    envp: &[&[u8]],
) -> Result<u64, ExecError> {
    // Strings (AT_PLATFORM's, argv's, envp's) and AT_RANDOM's 16 bytes at
    // the very top.
    let platform = Arch::platform();
    let platform_len = platform.map_or(0, |p| p.len() + 1);
    let strings_len: usize =
        platform_len + argv.iter().chain(envp).map(|a| a.len() + 1).sum::<usize>() + 16;
    let words_len = (argv.len() + envp.len() + 16) * 8 + 64;
    let initial = STACK_INITIAL.max(page_up((strings_len + words_len) as u64) + PAGE_SIZE);
    mm.mmap(
        Placement::Fixed(STACK_TOP - initial),
        initial,
        VmaFlags::rw() | VmaFlags::GROWSDOWN,
        Backing::Anon,
    )?;
    let strings_at = (STACK_TOP - strings_len as u64) & !7;
    let mut strings = Vec::with_capacity(strings_len);
    if let Some(p) = platform {
        strings.extend_from_slice(p.as_bytes());
        strings.push(0);
    }
    let pointers = |list: &[&[u8]], strings: &mut Vec<u8>| -> Vec<u64> {
        let mut p = Vec::with_capacity(list.len());
        for a in list {
            p.push(strings_at + strings.len() as u64);
            strings.extend_from_slice(a);
            strings.push(0);
        }
        p
    };
    let argp = pointers(argv, &mut strings);
    let envpp = pointers(envp, &mut strings);
    let random_at = strings_at + strings.len() as u64;
    let t = Arch::clock_ns();
    strings.extend_from_slice(&t.to_ne_bytes());
    strings.extend_from_slice(
        &t.rotate_left(29)
            .wrapping_mul(0x9e37_79b9_7f4a_7c15)
            .to_ne_bytes(),
    );
    mm.write(strings_at, &strings)
        .map_err(|_| ExecError::Copy)?;

    let mut words: Vec<u64> = Vec::new();
    words.push(argv.len() as u64);
    words.extend_from_slice(&argp);
    words.push(0); // end of argv
    words.extend_from_slice(&envpp);
    words.push(0); // end of envp
    if platform.is_some() {
        words.extend_from_slice(&[AT_PLATFORM, strings_at]);
    }
    for (k, v) in [
        (AT_HWCAP, Arch::hwcap()),
        (AT_PAGESZ, PAGE_SIZE),
        (AT_ENTRY, exe.entry),
        (AT_RANDOM, random_at),
        (AT_NULL, 0),
    ] {
        words.push(k);
        words.push(v);
    }
    let sp = (strings_at - words.len() as u64 * 8) & !15;
    let bytes: Vec<u8> = words.iter().flat_map(|w| w.to_ne_bytes()).collect();
    mm.write(sp, &bytes).map_err(|_| ExecError::Copy)?;
    Ok(sp)
}
