//! Restartable sequences (`rseq`), as Linux 6.1 defines them for one CPU.
//!
//! A task registers a `struct rseq` (glibc does at start-up). The kernel
//! keeps its `cpu_id` fields current (always CPU 0 here, written at
//! registration), and when a signal is delivered while the task is inside
//! a critical section its `rseq_cs` describes, the task resumes at the
//! section's abort handler instead (Linux's `rseq_ip_fixup`). This kernel
//! switches tasks only in system calls, which a critical section never
//! makes, so delivery is the only event that aborts one. Any malformed
//! descriptor kills the task with `SIGSEGV`, as on Linux.

use arch::Arch;
use karch::{Arch as _, TrapFrame};
use mm::arch::Arch as _;

use super::attrs::Rseq;
use super::Frame;
use crate::uaccess::{copy_from_user, copy_to_user, get_user, put_user};

/// `sizeof(struct rseq)` in Linux 6.1 (the only length it accepts), and
/// its alignment.
pub const RSEQ_SIZE: u32 = 32;
/// `rseq` flag: unregister.
pub const RSEQ_FLAG_UNREGISTER: u64 = 1;
/// `cpu_id` of an area no kernel has written (`RSEQ_CPU_ID_UNINITIALIZED`).
pub const CPU_ID_UNINITIALIZED: u32 = u32::MAX;
/// The one CPU's number (what `rseq` areas and `getcpu` report).
pub const CPU: u32 = 0;

/// Offsets in `struct rseq`.
const OFF_CPU_ID_START: u64 = 0;
const OFF_CPU_ID: u64 = 4;
const OFF_RSEQ_CS: u64 = 8;
const OFF_FLAGS: u64 = 16;

/// `struct rseq_cs`: version, flags, start_ip, post_commit_offset,
/// abort_ip.
const RSEQ_CS_SIZE: usize = 32;
/// The deprecated "no restart on ..." flags, refused by Linux 6.1.
const RSEQ_CS_NO_RESTART_FLAGS: u32 = 0x7;

/// Writes the `cpu_id_start` and `cpu_id` fields.
pub fn write_cpu_id(area: u64, cpu: u32) -> Result<(), karch::Efault> {
    copy_to_user(area + OFF_CPU_ID_START, &cpu.to_ne_bytes())?;
    copy_to_user(area + OFF_CPU_ID, &cpu.to_ne_bytes())
}

/// Registers `area`: fills in its CPU fields.
pub fn register(area: u64) -> Result<(), karch::Efault> {
    write_cpu_id(area, CPU)
}

/// The user-address limit: descriptors pointing past it are invalid.
fn task_size() -> u64 {
    Arch::mmu().va_limit_max()
}

/// Before a handler runs: if the interrupted instruction is inside the
/// critical section `reg`'s area points at, moves it to the abort handler
/// and clears the pointer. `Err` when the area or descriptor is unreadable
/// or invalid: the task gets `SIGSEGV`.
pub fn fixup_on_signal(regs: &mut Frame, reg: Rseq) -> Result<(), ()> {
    let cs = get_user(reg.addr + OFF_RSEQ_CS).map_err(|_| ())?;
    if cs == 0 {
        return Ok(());
    }
    if cs >= task_size() {
        return Err(());
    }
    let mut b = [0u8; RSEQ_CS_SIZE];
    copy_from_user(&mut b, cs).map_err(|_| ())?;
    let word = |i: usize| u64::from_ne_bytes(b[i..i + 8].try_into().expect("8 bytes"));
    let version = u32::from_ne_bytes(b[0..4].try_into().expect("4 bytes"));
    let cs_flags = u32::from_ne_bytes(b[4..8].try_into().expect("4 bytes"));
    let (start, len, abort) = (word(8), word(16), word(24));
    let limit = task_size();
    let end = start.checked_add(len).ok_or(())?;
    if start >= limit || end >= limit || abort >= limit || version > 0 {
        return Err(());
    }
    // The abort handler must lie outside the section.
    if abort.wrapping_sub(start) < len {
        return Err(());
    }
    let mut sig = [0u8; 4];
    copy_from_user(&mut sig, abort - 4).map_err(|_| ())?;
    if u32::from_ne_bytes(sig) != reg.sig {
        return Err(());
    }
    if regs.ip().wrapping_sub(start) >= len {
        // Not inside: only forget the descriptor.
        return put_user(reg.addr + OFF_RSEQ_CS, 0).map_err(|_| ());
    }
    let mut area_flags = [0u8; 4];
    copy_from_user(&mut area_flags, reg.addr + OFF_FLAGS).map_err(|_| ())?;
    if (u32::from_ne_bytes(area_flags) | cs_flags) & RSEQ_CS_NO_RESTART_FLAGS != 0 {
        return Err(());
    }
    put_user(reg.addr + OFF_RSEQ_CS, 0).map_err(|_| ())?;
    regs.set_ip(abort);
    Ok(())
}
