//! Installed facilities, from STORE FACILITY LIST EXTENDED.

use core::sync::atomic::{AtomicU64, Ordering};

/// Facility numbers the fault path cares about (PoP "Facility Indications").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum Facility {
    /// 8: enhanced-DAT facility 1 (1 MiB segment frames).
    Edat1 = 8,
    /// 45: the z196 instruction facilities (distinct-operands,
    /// interlocked-access 1, load/store-on-condition 1, ...): the level the
    /// kernel is compiled for ([`ARCH_LEVEL`]).
    Z196 = 45,
    /// 51: local-TLB-clearing facility (`IPTE` with M4 bit 3).
    LocalTlbClearing = 51,
    /// 75: access-exception fetch/store indication in the TEID.
    FetchStoreIndication = 75,
    /// 78: enhanced-DAT facility 2 (2 GiB region frames).
    Edat2 = 78,
    /// 129: vector facility for z/Architecture (v0-v31 for user programs).
    Vector = 129,
    /// 130: instruction-execution protection (no-exec PTEs).
    InstructionExecutionProtection = 130,
    /// 131: enhanced suppression-on-protection 2.
    Esop2 = 131,
}

impl Facility {
    /// Every facility printed at boot.
    pub const ALL: [Facility; 8] = [
        Facility::Edat1,
        Facility::Z196,
        Facility::LocalTlbClearing,
        Facility::FetchStoreIndication,
        Facility::Edat2,
        Facility::Vector,
        Facility::InstructionExecutionProtection,
        Facility::Esop2,
    ];

    /// Short name.
    pub fn name(self) -> &'static str {
        match self {
            Facility::Edat1 => "edat1",
            Facility::Z196 => "z196",
            Facility::LocalTlbClearing => "local-tlb-clearing",
            Facility::FetchStoreIndication => "fetch-store-indication",
            Facility::Edat2 => "edat2",
            Facility::Vector => "vector",
            Facility::InstructionExecutionProtection => "iep",
            Facility::Esop2 => "esop2",
        }
    }
}

/// The facility the kernel's code needs: it is compiled for the z196
/// (`.cargo/config.toml`), and `_start` stops on a CPU without it.
pub const ARCH_LEVEL: u32 = Facility::Z196 as u32;

static LIST: [AtomicU64; 4] = [const { AtomicU64::new(0) }; 4];

/// Reads the facility list once at boot.
#[cfg(target_arch = "s390x")]
pub fn detect() {
    let mut words = [0u64; 4];
    crate::asm::stfle(&mut words);
    for (slot, w) in LIST.iter().zip(words) {
        slot.store(w, Ordering::Relaxed);
    }
}

/// Whether facility bit `n` (MSB-0 across the list) is set in `words`.
pub fn bit(words: &[u64; 4], n: u32) -> bool {
    let (w, b) = ((n / 64) as usize, n % 64);
    w < words.len() && words[w] & (1u64 << (63 - b)) != 0
}

/// The facility list as STFLE stored it at boot.
pub fn words() -> [u64; 4] {
    [0, 1, 2, 3].map(|i| LIST[i].load(Ordering::Relaxed))
}

/// Whether the machine has `f`.
pub fn has(f: Facility) -> bool {
    bit(&words(), f as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn msb0_numbering() {
        let words = [
            1u64 << 63,
            1 << (63 - (75 - 64)),
            1 << (63 - (130 - 128)),
            0,
        ];
        assert!(bit(&words, 0));
        assert!(!bit(&words, 1));
        assert!(bit(&words, 75));
        assert!(bit(&words, 130));
        assert!(!bit(&words, 255));
        assert!(!bit(&words, 300));
    }
}
