//! The exception table on riscv64 (the table itself is `kcore::extable`):
//! the `uaccess` assembly emits an entry for each load or store that
//! touches user memory. Page faults are precise, so the faulting
//! instruction is at `sepc`; a fixup resumes at the entry's address.

pub use kcore::extable::{init, len, search};

use crate::regs::{PtRegs, PC};

/// If the faulting instruction has an entry, resumes at its fixup and
/// returns true.
pub fn fixup(regs: &mut PtRegs) -> bool {
    match search(regs.regs[PC]) {
        Some(to) => {
            regs.regs[PC] = to;
            true
        }
        None => false,
    }
}
