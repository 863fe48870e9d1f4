//! The crash boots every backend provides (`crash=<name>` on the command
//! line of a self-test kernel). The harness checks that each ends in the
//! right oops and a failure exit, never a hang. Scenarios that need no
//! instruction-level control (a panic, heap exhaustion, a stack overflow by
//! recursion, `FALLBACK` from `handle_mm_fault`) are the generic kernel's.

/// A crash that needs the architecture's instructions or tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Crash {
    /// A kernel load through a pointer no table maps.
    WildLoad,
    /// A store into the kernel's read-only text.
    TextStore,
    /// An access through a page-table entry with reserved bits set.
    CorruptPte,
    /// A fault inside the fault handler.
    NestedFault,
    /// A system-call trap from kernel mode.
    KernelSyscall,
    /// An invalid opcode in kernel mode.
    InvalidOpcode,
}

impl Crash {
    /// Every scenario with its command-line name.
    pub const ALL: [(&'static str, Crash); 6] = [
        ("wild-load", Crash::WildLoad),
        ("text-store", Crash::TextStore),
        ("bad-pte", Crash::CorruptPte),
        ("nested-fault", Crash::NestedFault),
        ("svc", Crash::KernelSyscall),
        ("invalid-opcode", Crash::InvalidOpcode),
    ];

    /// The scenario named `name` on the command line.
    pub fn from_name(name: &str) -> Option<Crash> {
        Self::ALL.iter().find(|(n, _)| *n == name).map(|&(_, c)| c)
    }
}
