//! Loading a static ELF executable for this machine into a fresh address
//! space, with Linux's initial stack (argc, argv, envp, auxv).

use alloc::sync::Arc;
use alloc::vec::Vec;
use core::fmt;

use arch::Arch;
use karch::{Arch as _, TrapFrame};
use kcore::elf::{self, ElfError, Executable};
use linux_abi::auxv::{AT_ENTRY, AT_NULL, AT_PAGESZ, AT_RANDOM};
use mm::error::MmError;
use mm::mmap::Placement;
use mm::vma::{Backing, VmaFlags};
use mm::PAGE_SIZE;

use super::table::{State, Task};
use super::{current_mm, memory, switch_mm, Frame, UserMm};
use crate::uaccess::copy_to_user;

/// Top of the user stack.
pub const STACK_TOP: u64 = <Arch as karch::Arch>::STACK_TOP;
/// Stack mapped at exec; it grows on demand up to the stack limit.
const STACK_INITIAL: u64 = 128 * 1024;
/// Where the page with the `rt_sigreturn` trampoline is mapped.
pub const TRAMPOLINE: u64 = 0x7fff_f000;

/// Why an image could not be started.
#[derive(Debug)]
pub enum ExecError {
    /// The file is not a runnable static executable for this machine.
    Elf(ElfError),
    /// Two segments share a page (this loader maps each segment alone).
    OverlappingSegments,
    /// Mapping failed.
    Mm(MmError),
    /// Writing the image or the stack failed.
    Copy,
    /// Arguments do not fit the initial stack.
    TooManyArguments,
}

impl fmt::Display for ExecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExecError::Elf(e) => write!(f, "{e}"),
            ExecError::OverlappingSegments => f.write_str("two PT_LOAD segments share a page"),
            ExecError::Mm(e) => write!(f, "cannot map the image: {e}"),
            ExecError::Copy => f.write_str("cannot copy the image into memory"),
            ExecError::TooManyArguments => f.write_str("arguments do not fit the initial stack"),
        }
    }
}

impl From<MmError> for ExecError {
    fn from(e: MmError) -> Self {
        ExecError::Mm(e)
    }
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

/// Creates a task (pid and parent filled in by the caller) running
/// `image` with `argv`.
pub fn spawn(image: &[u8], argv: &[&str], ppid: i32) -> Result<Task, ExecError> {
    let exe = elf::parse(image, Arch::ELF.machine, Arch::ELF.big_endian).map_err(ExecError::Elf)?;
    let mm = Arc::new(UserMm::new(memory().clone())?);
    // The image is written through the user-access path, so the new space
    // must be the current one while it is loaded.
    let previous = current_mm();
    switch_mm(Some(mm.clone()));
    let loaded = load(&mm, &exe, image).and_then(|brk| Ok((brk, build_stack(&mm, &exe, argv)?)));
    switch_mm(previous);
    let (brk, sp) = loaded?;
    let regs = Frame::new_user(exe.entry, sp);
    Ok(Task {
        pid: 0,
        ppid,
        mm: Some(mm),
        regs,
        state: State::Runnable,
        signals: alloc::boxed::Box::default(),
        brk: (brk, brk),
        trampoline: TRAMPOLINE,
        files: crate::fs::FdTable::with_console(),
        block: Default::default(),
        attrs: super::attrs::Attrs::first(argv.first().copied().unwrap_or("init")),
    })
}

/// Maps and fills every segment and the trampoline; returns the initial
/// program break (the page after the highest segment).
fn load(mm: &UserMm, exe: &Executable, image: &[u8]) -> Result<u64, ExecError> {
    let mut segs: Vec<_> = exe.segments.iter().collect();
    segs.sort_by_key(|s| s.vaddr);
    let mut prev_end = 0;
    for s in &segs {
        let start = s.vaddr & !(PAGE_SIZE - 1);
        if start < prev_end {
            return Err(ExecError::OverlappingSegments);
        }
        let end = page_up(s.vaddr + s.memsz);
        prev_end = end;
        mm.mmap(
            Placement::Fixed(start),
            end - start,
            VmaFlags::rw(),
            Backing::Anon,
        )?;
        let bytes = &image[s.offset as usize..(s.offset + s.filesz) as usize];
        copy_to_user(s.vaddr, bytes).map_err(|_| ExecError::Copy)?;
        mm.mprotect(start, end - start, flags_of(s.read, s.write, s.exec))?;
    }
    mm.mmap(
        Placement::Fixed(TRAMPOLINE),
        PAGE_SIZE,
        VmaFlags::rw(),
        Backing::Anon,
    )?;
    copy_to_user(TRAMPOLINE, Arch::SIGRETURN_TRAMPOLINE).map_err(|_| ExecError::Copy)?;
    mm.mprotect(TRAMPOLINE, PAGE_SIZE, flags_of(true, false, true))?;
    Ok(prev_end)
}

/// Maps the stack and writes argc, argv, envp and auxv the way Linux
/// does; returns the initial stack pointer.
fn build_stack(mm: &UserMm, exe: &Executable, argv: &[&str]) -> Result<u64, ExecError> {
    mm.mmap(
        Placement::Fixed(STACK_TOP - STACK_INITIAL),
        STACK_INITIAL,
        VmaFlags::rw() | VmaFlags::GROWSDOWN,
        Backing::Anon,
    )?;
    // Strings (and AT_RANDOM's 16 bytes) at the very top.
    let strings_len: usize = argv.iter().map(|a| a.len() + 1).sum::<usize>() + 16;
    if strings_len > (STACK_INITIAL / 2) as usize {
        return Err(ExecError::TooManyArguments);
    }
    let strings_at = (STACK_TOP - strings_len as u64) & !7;
    let mut strings = Vec::with_capacity(strings_len);
    let mut argp = Vec::with_capacity(argv.len());
    for a in argv {
        argp.push(strings_at + strings.len() as u64);
        strings.extend_from_slice(a.as_bytes());
        strings.push(0);
    }
    let random_at = strings_at + strings.len() as u64;
    let t = Arch::clock_ns();
    strings.extend_from_slice(&t.to_ne_bytes());
    strings.extend_from_slice(
        &t.rotate_left(29)
            .wrapping_mul(0x9e37_79b9_7f4a_7c15)
            .to_ne_bytes(),
    );
    copy_to_user(strings_at, &strings).map_err(|_| ExecError::Copy)?;

    let mut words: Vec<u64> = Vec::new();
    words.push(argv.len() as u64);
    words.extend_from_slice(&argp);
    words.push(0); // end of argv
    words.push(0); // empty envp
    for (k, v) in [
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
    copy_to_user(sp, &bytes).map_err(|_| ExecError::Copy)?;
    Ok(sp)
}
