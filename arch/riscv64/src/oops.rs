//! The oops: what a kernel engineer needs to see when the kernel cannot
//! handle a trap, and then a failure exit. Modelled on Linux's riscv
//! report: the headline, the decoded cause and `stval`, the page-table
//! walk for the address, every register, and the call trace (raw
//! `[<address>]`s, which the host harness symbolizes).

use kcore::println;

use crate::layout::{DIRECT_MAP, USER_END};
use crate::regs::{PtRegs, REG_NAMES, PC};
use crate::csr::sstatus;
use crate::refusal::{self, Refusal};
use crate::scause::{Access, Syndrome};
use crate::{kspace, mmu};

/// Makes the console usable from a context that may have interrupted a
/// console write.
pub fn prepare() {
    kcore::console::force_unlock();
}

/// Prints every register with its ABI name, four to a line, and the trap
/// CSRs.
pub fn show_regs(regs: &PtRegs) {
    for (i, chunk) in regs.regs.chunks(4).enumerate() {
        let mut line = alloc::string::String::new();
        for (j, v) in chunk.iter().enumerate() {
            line.push_str(&alloc::format!(" {:>3}: {:016x}", REG_NAMES[i * 4 + j], v));
        }
        println!("{}", line.trim_start());
    }
    println!(
        "status: {:016x} badaddr: {:016x} cause: {:016x}",
        regs.sstatus, regs.stval, regs.scause
    );
}

/// The kernel stacks a frame pointer may point into.
fn on_a_kernel_stack(fp: u64) -> bool {
    extern "C" {
        static __boot_stack_low: u8;
        static __boot_stack_high: u8;
        static __panic_stack_low: u8;
        static __panic_stack_high: u8;
    }
    let stacks = [
            (
                core::ptr::addr_of!(__boot_stack_low) as u64,
                core::ptr::addr_of!(__boot_stack_high) as u64,
            ),
            (
                core::ptr::addr_of!(__panic_stack_low) as u64,
                core::ptr::addr_of!(__panic_stack_high) as u64,
            ),
        ];
    stacks
        .iter()
        .any(|&(low, high)| fp >= low + 16 && fp <= high && fp.is_multiple_of(8))
}

/// Prints the frame-pointer call trace of the interrupted kernel context:
/// with frame pointers (`-C force-frame-pointers`), `s0` points just above
/// a record of the caller's `s0` and the return address.
pub fn backtrace(regs: &PtRegs) {
    println!("Call Trace:");
    println!(" [<{:016x}>] (pc)", regs.regs[PC]);
    println!(" [<{:016x}>] (ra)", regs.regs[1]);
    if regs.user_mode() {
        return;
    }
    let mut fp = regs.regs[8];
    for _ in 0..32 {
        // Only follow records inside a kernel stack: a corrupted chain
        // must not fault inside the oops.
        if !on_a_kernel_stack(fp) {
            break;
        }
        // SAFETY: fp - 16 .. fp lies within a mapped kernel stack
        // (checked above).
        let (prev, ra) = unsafe {
            (
                core::ptr::read_volatile((fp - 16) as *const u64),
                core::ptr::read_volatile((fp - 8) as *const u64),
            )
        };
        if ra == 0 {
            break;
        }
        println!(" [<{:016x}>]", ra);
        if prev <= fp {
            break;
        }
        fp = prev;
    }
}

/// Linux's first line of a kernel page-fault oops.
fn headline(addr: u64) -> &'static str {
    if addr < mm::PAGE_SIZE {
        "Unable to handle kernel NULL pointer dereference"
    } else {
        "Unable to handle kernel paging request"
    }
}

/// Prints the page-table walk for `va` in the tree `satp` points at.
pub fn dump_walk(va: u64) {
    let root = kspace::current_root();
    let space = if va >= DIRECT_MAP {
        "kernel"
    } else if va < USER_END {
        "user"
    } else {
        "non-canonical"
    };
    println!("Page-table walk ({space} address):");
    println!("{}", mmu::describe_walk(root, va, &crate::boot::memory()));
}

/// What the walk of a kernel page fault's address (`stval`, in the tree
/// `satp` points at) says about the access `regs` records: the oops's
/// reason for a fault no VMA could resolve.
pub fn refusal(regs: &PtRegs, access: Access) -> Refusal {
    let walk = mmu::describe_walk(kspace::current_root(), regs.stval, &crate::boot::memory());
    refusal::refusal(
        &walk,
        access,
        regs.sstatus & sstatus::SUM != 0,
        regs.sstatus & sstatus::MXR != 0,
    )
}

/// Ends the run with an oops for the trap in `regs`.
pub fn die(regs: &PtRegs, reason: &str) -> ! {
    prepare();
    let syn = Syndrome::new(regs.scause, regs.stval);
    if syn.cause.stval_is_address() && !regs.user_mode() {
        println!("{} at virtual address {:016x}", headline(regs.stval), regs.stval);
    }
    println!("Oops: {reason}");
    println!("{syn:?}");
    if syn.cause.stval_is_address() {
        dump_walk(regs.stval);
    }
    println!(
        "{} pc : {:016x}",
        if regs.user_mode() { "User" } else { "Krnl" },
        regs.regs[PC]
    );
    show_regs(regs);
    backtrace(regs);
    println!("---[ end trace ]---");
    crate::machine::exit(false)
}

/// Ends the run for an exception inside the exception handler.
pub fn nested(regs: &PtRegs) -> ! {
    prepare();
    println!("Oops: nested exception inside the trap handler");
    println!("Nested: {:?}", Syndrome::new(regs.scause, regs.stval));
    println!("Nested pc : {:016x}", regs.regs[PC]);
    if let Some(outer) = crate::traps::outer_regs() {
        println!("Outer: {:?}", Syndrome::new(outer.scause, outer.stval));
        println!("Outer  pc : {:016x}", outer.regs[PC]);
    }
    show_regs(regs);
    backtrace(regs);
    println!("---[ end trace ]---");
    crate::machine::exit(false)
}
