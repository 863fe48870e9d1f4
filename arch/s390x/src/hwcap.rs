//! `AT_HWCAP` and `AT_PLATFORM` as Linux 6.1 computes them on s390x
//! (`setup_hwcaps` and `setup_elf_platform` in
//! arch/s390/kernel/processor.c): the capability bits from the STFLE
//! facility list, the platform name from the machine type STIDP stores.
//!
//! Linux 6.1 on QEMU 7.2's default CPU model (machine type 0x8561)
//! reports `AT_HWCAP` 0xab3f (esan3 zarch stfle msa ldisp eimm etf3eh
//! highgprs vx vxe vxe2) and `AT_PLATFORM` "z15" (measured with
//! tests/c/auxv.c; docs/s390x.md "User floating-point and vector state").
//!
//! Bits that need kernel support this kernel does not have are never set,
//! so that no program tries a feature whose state nobody keeps: `HPAGE`
//! (huge pages), `TE` (transactional execution: a CR0 control and its
//! diagnostic block), `GS` (guarded storage: a control block per task),
//! `PCI_MIO` and `SIE` (virtualization). QEMU's default model installs
//! none of their facilities, so the value here equals Linux's there.

/// `HWCAP_NR_*`: bit numbers of `AT_HWCAP` (arch/s390/include/asm/elf.h).
pub mod nr {
    /// N3 instructions.
    pub const ESAN3: u32 = 0;
    /// z/Architecture mode.
    pub const ZARCH: u32 = 1;
    /// Store facility list extended.
    pub const STFLE: u32 = 2;
    /// Message-security assist.
    pub const MSA: u32 = 3;
    /// Long displacement.
    pub const LDISP: u32 = 4;
    /// Extended immediate.
    pub const EIMM: u32 = 5;
    /// Decimal floating point.
    pub const DFP: u32 = 6;
    /// Extended-translation facility 3 enhancement.
    pub const ETF3EH: u32 = 8;
    /// 64-bit registers for 31-bit programs.
    pub const HIGH_GPRS: u32 = 9;
    /// Vector facility.
    pub const VXRS: u32 = 11;
    /// Vector packed decimal.
    pub const VXRS_BCD: u32 = 12;
    /// Vector enhancements 1.
    pub const VXRS_EXT: u32 = 13;
    /// Vector enhancements 2.
    pub const VXRS_EXT2: u32 = 15;
    /// Vector packed decimal enhancement.
    pub const VXRS_PDE: u32 = 16;
    /// Enhanced sort.
    pub const SORT: u32 = 17;
    /// Deflate conversion.
    pub const DFLT: u32 = 18;
    /// Vector packed decimal enhancement 2.
    pub const VXRS_PDE2: u32 = 19;
    /// Neural-network-processing assist.
    pub const NNPA: u32 = 20;
}

/// Facility numbers (PoP "Facility Indications") Linux tests.
mod fac {
    pub const STFLE: u32 = 7;
    pub const MSA: u32 = 17;
    pub const LONG_DISPLACEMENT: u32 = 19;
    pub const EXTENDED_TRANSLATION_3: u32 = 22;
    pub const ETF3_ENHANCEMENT: u32 = 30;
    pub const DFP: u32 = 42;
    pub const PFPO: u32 = 44;
    pub const VECTOR: u32 = 129;
    pub const VECTOR_PACKED_DECIMAL: u32 = 134;
    pub const VECTOR_ENHANCEMENTS_1: u32 = 135;
    pub const VECTOR_ENHANCEMENTS_2: u32 = 148;
    pub const SORT: u32 = 150;
    pub const DEFLATE: u32 = 151;
    pub const VECTOR_PACKED_DECIMAL_ENH: u32 = 152;
    pub const NNPA: u32 = 165;
    pub const VECTOR_PACKED_DECIMAL_ENH_2: u32 = 192;
}

/// `AT_HWCAP` for the facility list `words` (STFLE's doublewords).
pub fn hwcap(words: &[u64; 4]) -> u64 {
    let has = |n| crate::facilities::bit(words, n);
    let mut caps = [nr::ESAN3, nr::ZARCH, nr::EIMM, nr::HIGH_GPRS]
        .iter()
        .fold(0u64, |c, &b| c | 1 << b);
    let mut set = |cond: bool, bit: u32| {
        if cond {
            caps |= 1 << bit;
        }
    };
    set(has(fac::STFLE), nr::STFLE);
    set(has(fac::MSA), nr::MSA);
    set(has(fac::LONG_DISPLACEMENT), nr::LDISP);
    set(
        has(fac::EXTENDED_TRANSLATION_3) && has(fac::ETF3_ENHANCEMENT),
        nr::ETF3EH,
    );
    set(has(fac::DFP) && has(fac::PFPO), nr::DFP);
    // The vector bits only where the vector registers exist (and
    // user_state::init enabled them for the same facility).
    let vx = has(fac::VECTOR);
    set(vx, nr::VXRS);
    set(vx && has(fac::VECTOR_PACKED_DECIMAL), nr::VXRS_BCD);
    set(vx && has(fac::VECTOR_ENHANCEMENTS_1), nr::VXRS_EXT);
    set(vx && has(fac::VECTOR_ENHANCEMENTS_2), nr::VXRS_EXT2);
    set(vx && has(fac::VECTOR_PACKED_DECIMAL_ENH), nr::VXRS_PDE);
    set(vx && has(fac::VECTOR_PACKED_DECIMAL_ENH_2), nr::VXRS_PDE2);
    set(has(fac::SORT), nr::SORT);
    set(has(fac::DEFLATE), nr::DFLT);
    set(has(fac::NNPA), nr::NNPA);
    caps
}

/// `AT_PLATFORM` for the machine type in the CPU ID (bits 32-47 of what
/// STIDP stores), with Linux 6.1's table and its default, "z10".
pub fn platform(machine_type: u16) -> &'static str {
    match machine_type {
        0x2817 | 0x2818 => "z196",
        0x2827 | 0x2828 => "zEC12",
        0x2964 | 0x2965 => "z13",
        0x3906 | 0x3907 => "z14",
        0x8561 | 0x8562 => "z15",
        0x3931 | 0x3932 => "z16",
        _ => "z10",
    }
}

/// The machine type field of a CPU ID (STIDP's doubleword: version 8 bits,
/// identification 24, machine type 16, format 16).
pub fn machine_type(cpu_id: u64) -> u16 {
    (cpu_id >> 16) as u16
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The facility list Linux 6.1 printed in /proc/cpuinfo on QEMU 7.2's
    /// default CPU model.
    const QEMU_DEFAULT: &[u32] = &[
        0, 1, 2, 3, 4, 7, 9, 16, 17, 18, 19, 21, 22, 24, 25, 27, 30, 31, 32, 33, 34, 35, 37, 40,
        41, 45, 49, 51, 52, 53, 57, 58, 61, 69, 71, 72, 75, 76, 77, 129, 130, 131, 135, 138, 146,
        148,
    ];

    fn words(list: &[u32]) -> [u64; 4] {
        let mut w = [0u64; 4];
        for &n in list {
            w[(n / 64) as usize] |= 1 << (63 - n % 64);
        }
        w
    }

    #[test]
    fn qemu_default_model_matches_linux() {
        assert_eq!(hwcap(&words(QEMU_DEFAULT)), 0xab3f);
        assert_eq!(platform(0x8561), "z15");
    }

    #[test]
    fn vector_bits_need_the_vector_facility() {
        let no_vx: Vec<u32> = QEMU_DEFAULT.iter().copied().filter(|&n| n != 129).collect();
        let caps = hwcap(&words(&no_vx));
        assert_eq!(
            caps & (1 << nr::VXRS | 1 << nr::VXRS_EXT | 1 << nr::VXRS_EXT2),
            0
        );
        assert_eq!(caps, 0xab3f & !(1 << 11 | 1 << 13 | 1 << 15));
    }

    #[test]
    fn unsupported_features_are_never_reported() {
        // EDAT-1 (8), TE (50, 73), guarded storage (133), MIO (153).
        let mut all: Vec<u32> = QEMU_DEFAULT.to_vec();
        all.extend([8, 42, 44, 50, 73, 133, 134, 150, 151, 152, 153, 165, 192]);
        let caps = hwcap(&words(&all));
        for absent in [7u32, 10, 14, 21, 22] {
            assert_eq!(caps & 1 << absent, 0, "bit {absent}");
        }
        for present in [6u32, 12, 16, 17, 18, 19, 20] {
            assert_ne!(caps & 1 << present, 0, "bit {present}");
        }
    }

    #[test]
    fn platform_table() {
        assert_eq!(platform(0x2964), "z13");
        assert_eq!(platform(0x3907), "z14");
        assert_eq!(platform(0x3931), "z16");
        assert_eq!(platform(0x2097), "z10");
        assert_eq!(machine_type(0x0000_0000_8561_0000), 0x8561);
    }
}
