//! The oops: what a kernel engineer needs to see when the kernel cannot
//! resolve an interruption, and then a failure exit.

use kcore::println;

use crate::dat::{self, Asce, RegionLevel};
use crate::entry::PtRegs;
use crate::pgm::PgmCode;
use crate::teid::{Space, Teid};
use crate::traps::teid;
use crate::{asm, kspace, space};

/// Makes the console usable from a context that may have interrupted a
/// console write.
pub fn prepare() {
    crate::sclp::force_unlock();
    kcore::console::force_unlock();
}

/// Prints all GPRs, four to a line.
pub fn show_regs(regs: &PtRegs) {
    for (i, chunk) in regs.gprs.chunks(4).enumerate() {
        println!(
            "GPRS {:2}-{:2}: {:016x} {:016x} {:016x} {:016x}",
            i * 4,
            i * 4 + 3,
            chunk[0],
            chunk[1],
            chunk[2],
            chunk[3]
        );
    }
}

/// Prints the back-chain call trace of the interrupted context. Addresses
/// are printed raw, `[<addr>]`; the host harness symbolizes them.
pub fn backtrace(regs: &PtRegs) {
    println!("Call Trace:");
    println!(" [<{:016x}>] (PSW)", regs.psw.addr);
    println!(" [<{:016x}>] (r14)", regs.gprs[14]);
    let low = crate::lc_read!(stack_low);
    let high = crate::lc_read!(stack_high);
    let mut sp = regs.gprs[15];
    for _ in 0..32 {
        // Only follow frames inside the current kernel stack: a corrupted
        // chain must not fault inside the oops.
        if sp < low || sp + 160 > high || !sp.is_multiple_of(8) {
            break;
        }
        // SAFETY: sp lies within the mapped kernel stack (checked above).
        let back = unsafe { core::ptr::read_volatile(sp as *const u64) };
        if back == 0 || back <= sp || back + 160 > high {
            break;
        }
        // SAFETY: as above for the caller's frame; r14 sits at +112.
        let ip = unsafe { core::ptr::read_volatile((back + 112) as *const u64) };
        println!(" [<{:016x}>]", ip);
        sp = back;
    }
}

/// The ASCE a TEID's address-space indication names, read from the
/// control register that held it.
fn asce_of(space: Space) -> Option<Asce> {
    match space {
        Space::Primary => Some(Asce(asm::store_cr::<1>())),
        Space::Secondary => Some(Asce(asm::store_cr::<7>())),
        Space::Home => Some(Asce(asm::store_cr::<13>())),
        Space::AccessRegister => None,
    }
}

/// Whether a fault with this TEID used the kernel's ASCE.
pub fn is_kernel_asce(teid: Teid) -> bool {
    asce_of(teid.space()).is_some_and(|a| Some(a) == kspace::kernel_asce())
}

/// The Linux-style first line of a kernel fault oops.
pub fn fault_headline(teid: Teid) -> &'static str {
    if is_kernel_asce(teid) {
        "Unable to handle kernel pointer dereference in virtual kernel address space"
    } else {
        "Unable to handle kernel paging request in virtual user address space"
    }
}

/// Prints the failing address, the TEID decode and the page-table walk.
pub fn dump_fault_info(regs: &PtRegs, teid: Teid) {
    let int = regs.program_interruption();
    println!(
        "Failing address: {:016x} TEID: {:016x}",
        teid.address(),
        teid.0
    );
    println!("{:?}", teid);
    if int.code() == PgmCode::Protection && !teid.protection_address_valid() {
        println!(
            "(protection code {:?}: address and space are not reliable)",
            teid.protection()
        );
    }
    let space = teid.space();
    let kind = if is_kernel_asce(teid) {
        "kernel"
    } else {
        "user"
    };
    println!(
        "Fault in {} space mode while using {} ASCE.",
        space.name(),
        kind
    );
    let Some(asce) = asce_of(space) else {
        println!("(access-register mode: no table walk)");
        return;
    };
    let va = teid.address();
    let w = space::walk(asce, va);
    println!("{:?}", asce);
    // Every region level the ASCE has, top first.
    let levels = [RegionLevel::First, RegionLevel::Second];
    for (level, e) in levels.iter().zip(w.upper) {
        if let Some(r) = e {
            println!(
                "{}[{:4}] : {:016x}{}",
                level.entry_name(),
                level.index(va),
                r.0,
                if r.invalid() { " invalid" } else { "" }
            );
        }
    }
    match w.rte {
        None if w.stop() == Some(dat::WalkStop::BeyondReach) => println!(
            "{:#x} is beyond the ASCE's reach ({} table: {:#x})",
            va,
            asce.kind(),
            asce.level().map_or(0, |l| l.reach())
        ),
        None => {}
        Some(r) => println!(
            "R3E[{:4}] : {:016x}{}",
            dat::rtx(va),
            r.0,
            if r.invalid() { " invalid" } else { "" }
        ),
    }
    if let Some(st) = w.ste {
        println!(
            "STE[{:4}] : {:016x}{}",
            dat::sx(va),
            st.0,
            if st.invalid() { " invalid" } else { "" }
        );
    }
    if let Some(p) = w.pte {
        println!("PTE[{:4}] : {:?}", dat::px(va), p);
    }
}

/// Ends the run with an oops for a program interruption.
pub fn die(regs: &PtRegs, reason: &str) -> ! {
    prepare();
    let int = regs.program_interruption();
    let teid = teid(regs);
    if let Some(t) = teid {
        if !regs.user_mode() {
            println!("{}", fault_headline(t));
        }
    }
    println!("Oops: {reason}");
    println!("{:?}", int);
    if let Some(t) = teid {
        dump_fault_info(regs, t);
    }
    println!(
        "{} PSW : {:?}",
        if regs.user_mode() { "User" } else { "Krnl" },
        regs.psw
    );
    show_regs(regs);
    backtrace(regs);
    println!("---[ end trace ]---");
    crate::machine::exit(false)
}

/// Ends the run for a program check inside the program-check handler.
pub fn nested(regs: &PtRegs) -> ! {
    prepare();
    let int = regs.program_interruption();
    println!("Oops: nested program check inside the program-check handler");
    println!("Nested: {:?}", int);
    println!("Nested PSW : {:?}", regs.psw);
    let outer = crate::lc_read!(pgm_regs) as *const PtRegs;
    if !outer.is_null() {
        // SAFETY: the outer handler stored a pointer to its PtRegs, which
        // stays on its stack until it returns, and it has not returned.
        let outer = unsafe { &*outer };
        println!("Outer: {:?}", outer.program_interruption());
        println!("Outer  PSW : {:?}", outer.psw);
    }
    show_regs(regs);
    println!("---[ end trace ]---");
    crate::machine::exit(false)
}
