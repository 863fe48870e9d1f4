//! The exception table: for each kernel instruction that may fault on a
//! user address, where to continue when the fault cannot be resolved; and
//! for each one that tests a value a user supplied by executing it (`SFPC`
//! of a signal frame's FPC), where to continue when the CPU refuses it.
//!
//! Entries are emitted next to the instruction by the `uaccess` assembly
//! into the `.ex_table` section as (instruction, fixup) address pairs. The
//! linker concatenates them in link order, so the table is copied into a
//! sorted vector at boot and searched with a binary search.

use alloc::vec::Vec;

use spin::Once;

use crate::entry::PtRegs;

/// One entry, as the assembly emits it.
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Entry {
    /// Address of the instruction that may fault.
    pub insn: u64,
    /// Where to continue after an unresolvable fault.
    pub fixup: u64,
}

static TABLE: Once<Vec<Entry>> = Once::new();

extern "C" {
    static __ex_table_start: u8;
    static __ex_table_end: u8;
}

fn raw() -> &'static [Entry] {
    // SAFETY: the linker script places only `.ex_table` input sections,
    // which contain nothing but 16-byte, 8-aligned `Entry` records, between
    // the two symbols.
    unsafe {
        let start = core::ptr::addr_of!(__ex_table_start).cast::<Entry>();
        let end = core::ptr::addr_of!(__ex_table_end).cast::<Entry>();
        core::slice::from_raw_parts(start, end.offset_from(start) as usize)
    }
}

/// Sorts the table. Must run before the first user access.
pub fn init() {
    TABLE.call_once(|| {
        let mut v = raw().to_vec();
        v.sort_unstable();
        v
    });
}

/// The fixup for an instruction address, by binary search.
pub fn search(insn: u64) -> Option<u64> {
    let t = TABLE.get()?;
    t.binary_search_by_key(&insn, |e| e.insn)
        .ok()
        .map(|i| t[i].fixup)
}

/// Number of entries (for the boot log and tests).
pub fn len() -> usize {
    TABLE.get().map_or(0, Vec::len)
}

/// If the faulting instruction has an entry, resumes at its fixup and
/// returns true. The failing instruction is at the PSW for nullifying
/// exceptions and one ILC before it for suppressing ones.
pub fn fixup(regs: &mut PtRegs) -> bool {
    let int = regs.program_interruption();
    let insn = regs.psw.addr - int.rewind();
    fixup_at(regs, insn)
}

/// As [`fixup`], for a caller that already knows the failing
/// instruction's address (the fault handler, which has rewound the PSW).
pub fn fixup_at(regs: &mut PtRegs, insn: u64) -> bool {
    match search(insn) {
        Some(to) => {
            regs.psw.addr = to;
            true
        }
        None => false,
    }
}
