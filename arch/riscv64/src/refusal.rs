//! Why the hardware refused a kernel access to a kernel (or
//! non-canonical) address, for the oops's reason line.
//!
//! RISC-V reports a page fault with only its kind and the address: no
//! syndrome says whether the walk found nothing, a corrupt entry or a
//! permission it lacked. The software walk of the same address
//! (`sv39_table::Walk`) does, read against the privileged spec's rules
//! for the access ("Virtual Address Translation Process", steps 2-5).

use core::fmt;

use crate::scause::Access;
use crate::sv39::{Entry, Level};
use crate::sv39_table::{Walk, WalkEnd};

/// What the walk says about a faulting kernel access.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Refusal {
    /// Bits 63..39 differ from bit 38.
    NotCanonical,
    /// No valid entry at this level.
    NotMapped(Level),
    /// A valid entry the hardware cannot use: the oops names it.
    CorruptEntry(WalkEnd),
    /// A fetch from a leaf without X.
    FetchNotExecutable,
    /// A store to a leaf without W.
    StoreReadOnly,
    /// A load from a leaf without R (and without X under MXR).
    LoadNotReadable,
    /// A fetch from a U leaf: never allowed in S-mode.
    FetchUser,
    /// A load or store on a U leaf with `sstatus.SUM` clear.
    UserWithoutSum,
    /// The leaf allows the access as it is now: the hart used an older
    /// entry (a missing fence), or another hart changed it since.
    Allowed(Entry),
}

/// Reads the walk of the faulting address against an `access` made with
/// `sum` and `mxr` (`sstatus.SUM`, `sstatus.MXR`) as they were.
pub fn refusal(walk: &Walk, access: Access, sum: bool, mxr: bool) -> Refusal {
    let leaf = match walk.end {
        WalkEnd::NotCanonical => return Refusal::NotCanonical,
        WalkEnd::Invalid(level) => return Refusal::NotMapped(level),
        WalkEnd::Leaf { level, .. } => walk
            .steps
            .iter()
            .flatten()
            .find(|s| s.level == level)
            .map(|s| s.entry),
        other => return Refusal::CorruptEntry(other),
    };
    let Some(e) = leaf else {
        return Refusal::CorruptEntry(walk.end);
    };
    match access {
        Access::Fetch if e.has(Entry::U) => Refusal::FetchUser,
        Access::Fetch if !e.has(Entry::X) => Refusal::FetchNotExecutable,
        Access::Store if !e.has(Entry::W) => Refusal::StoreReadOnly,
        Access::Load if !(e.has(Entry::R) || mxr && e.has(Entry::X)) => Refusal::LoadNotReadable,
        Access::Load | Access::Store if e.has(Entry::U) && !sum => Refusal::UserWithoutSum,
        _ => Refusal::Allowed(e),
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Refusal::NotCanonical => {
                f.write_str("non-canonical address (bits 63..39 differ from bit 38)")
            }
            Refusal::NotMapped(l) => write!(
                f,
                "kernel address not mapped (level {} entry not valid)",
                l.number()
            ),
            Refusal::CorruptEntry(end) => match end {
                WalkEnd::Defect(l, d) => {
                    write!(f, "corrupt page-table entry at level {}: {d}", l.number())
                }
                WalkEnd::PointerAtLevel0 => {
                    f.write_str("corrupt page-table entry at level 0: a pointer, not a leaf")
                }
                WalkEnd::MisalignedSuperpage(l) => write!(
                    f,
                    "corrupt page-table entry at level {}: misaligned {} superpage",
                    l.number(),
                    l.page_name()
                ),
                WalkEnd::TableOutsideRam(l, t) => write!(
                    f,
                    "corrupt page-table entry above level {}: table {t:#x} outside RAM",
                    l.number()
                ),
                other => write!(f, "corrupt page-table walk: {other:?}"),
            },
            Refusal::FetchNotExecutable => {
                f.write_str("instruction fetch from a non-executable page")
            }
            Refusal::StoreReadOnly => f.write_str("store to a read-only page"),
            Refusal::LoadNotReadable => f.write_str("load from an unreadable page"),
            Refusal::FetchUser => f.write_str("instruction fetch from a user page"),
            Refusal::UserWithoutSum => f.write_str("kernel access to a user page without SUM"),
            Refusal::Allowed(e) => write!(f, "page fault on an entry that allows it: {e:?}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sv39::Defect;
    use crate::sv39_table::WalkStep;

    const VA: u64 = 0xffff_ffc0_8020_1000;

    fn leaf_walk(bits: u64) -> Walk {
        let entry = Entry::leaf(0x8020_1000, bits);
        let step = |level, entry| {
            Some(WalkStep {
                level,
                table: 0x8100_0000,
                index: 1,
                entry,
            })
        };
        Walk {
            va: VA,
            root: 0x8100_0000,
            steps: [
                step(Level::L2, Entry::pointer(0x8100_1000)),
                step(Level::L1, Entry::pointer(0x8100_2000)),
                step(Level::L0, entry),
            ],
            end: WalkEnd::Leaf {
                level: Level::L0,
                pa: entry.pa(),
            },
        }
    }

    #[test]
    fn permissions_name_the_refused_access() {
        let rx = Entry::R | Entry::X | Entry::G;
        let rw = Entry::R | Entry::W | Entry::G;
        let r = |bits, access| refusal(&leaf_walk(bits), access, false, false);
        assert_eq!(r(rx, Access::Store), Refusal::StoreReadOnly);
        assert_eq!(r(rw, Access::Fetch), Refusal::FetchNotExecutable);
        assert_eq!(r(Entry::X, Access::Load), Refusal::LoadNotReadable);
        assert_eq!(
            refusal(&leaf_walk(Entry::X), Access::Load, false, true),
            Refusal::Allowed(Entry::leaf(0x8020_1000, Entry::X))
        );
        assert_eq!(r(rw | Entry::U, Access::Load), Refusal::UserWithoutSum);
        assert_eq!(r(rx | Entry::U, Access::Fetch), Refusal::FetchUser);
        assert!(matches!(
            refusal(&leaf_walk(rw | Entry::U), Access::Store, true, false),
            Refusal::Allowed(_)
        ));
    }

    #[test]
    fn walk_ends_name_the_entry() {
        let mut w = leaf_walk(Entry::R);
        w.end = WalkEnd::Invalid(Level::L2);
        assert_eq!(
            refusal(&w, Access::Load, false, false),
            Refusal::NotMapped(Level::L2)
        );
        w.end = WalkEnd::NotCanonical;
        assert_eq!(
            refusal(&w, Access::Store, false, false),
            Refusal::NotCanonical
        );
        w.end = WalkEnd::Defect(Level::L0, Defect::ReservedBits(1 << 60));
        let r = refusal(&w, Access::Load, false, false);
        assert_eq!(
            alloc::format!("{r}"),
            "corrupt page-table entry at level 0: reserved bits 0x1000000000000000"
        );
        assert_eq!(
            alloc::format!("{}", Refusal::NotMapped(Level::L0)),
            "kernel address not mapped (level 0 entry not valid)"
        );
    }
}
