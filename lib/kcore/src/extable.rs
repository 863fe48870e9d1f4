//! The exception table: for each kernel instruction that may fault on a
//! user address (or that tests a value a user supplied by executing it),
//! where to continue when the fault cannot be resolved.
//!
//! A backend's user-access assembly emits each entry next to its
//! instruction, into the `.ex_table` section, as an (instruction, fixup)
//! pair of 8-byte addresses; the linker script puts the section between
//! `__ex_table_start` and `__ex_table_end`. The linker concatenates the
//! entries in link order, so [`init`] copies them into a sorted vector
//! once, and lookups are binary searches. What a fixup means (which
//! register to set, how the program counter moves) is the backend's.

use alloc::vec::Vec;

use spin::Once;

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

#[cfg(target_os = "none")]
fn raw() -> &'static [Entry] {
    extern "C" {
        static __ex_table_start: u8;
        static __ex_table_end: u8;
    }
    // SAFETY: the linker script places only `.ex_table` input sections,
    // which contain nothing but 16-byte, 8-aligned `Entry` records, between
    // the two symbols.
    unsafe {
        let start = core::ptr::addr_of!(__ex_table_start).cast::<Entry>();
        let end = core::ptr::addr_of!(__ex_table_end).cast::<Entry>();
        core::slice::from_raw_parts(start, end.offset_from(start) as usize)
    }
}

/// Sorts the kernel's table. Must run before the first user access.
#[cfg(target_os = "none")]
pub fn init() {
    init_from(raw());
}

/// Makes `entries` the table (the kernel's, or a test's).
pub fn init_from(entries: &[Entry]) {
    TABLE.call_once(|| {
        let mut v = entries.to_vec();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_entries_in_any_link_order() {
        let e = |insn, fixup| Entry { insn, fixup };
        init_from(&[e(0x30, 0x300), e(0x10, 0x100), e(0x20, 0x200)]);
        assert_eq!(len(), 3);
        assert_eq!(search(0x10), Some(0x100));
        assert_eq!(search(0x30), Some(0x300));
        assert_eq!(search(0x18), None);
        assert_eq!(search(0), None);
    }
}
