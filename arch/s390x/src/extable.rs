//! The exception table on s390x (the table itself is `kcore::extable`):
//! the `uaccess` assembly emits an entry for each `MVCOS`, and one for
//! each instruction that tests a user-supplied value by executing it
//! (`SFPC` of a signal frame's FPC); a fixup resumes at the entry's
//! address.

pub use kcore::extable::{init, len, search};

use crate::entry::PtRegs;

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
