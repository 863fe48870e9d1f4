//! `AT_HWCAP` and `AT_PLATFORM` as Linux 6.1 computes them on riscv64.
//!
//! `AT_HWCAP` (`riscv_fill_hwcap`, arch/riscv/kernel/cpufeature.c): each
//! hart's device-tree `riscv,isa` string must start with "rv64" (a hart
//! whose string does not is skipped); its single-letter extensions up to
//! the first multi-letter one give bit `letter - 'a'`, but only for I, M,
//! A, F, D and C (`COMPAT_HWCAP_ISA_*`, arch/riscv/include/uapi/asm/
//! hwcap.h; V joined them in 6.5). The harts' values are ANDed (the first
//! non-zero one starts the AND), and F is dropped without D ("this kernel
//! does not support systems with F but not D"). The floating-point state
//! this backend keeps for a task is exactly F and D's (f0-f31 as 64-bit
//! values and fcsr, [`crate::user_state`]), so every bit reported has its
//! state kept.
//!
//! QEMU 7.2's default rv64 CPU has `riscv,isa` =
//! "rv64imafdch_zicsr_zifencei_zihintpause_zba_zbb_zbc_zbs_sstc" (read
//! from `-M virt,dumpdtb=`), so Linux reports IMAFDC: 0x112d.
//!
//! `AT_PLATFORM`: none. riscv's `ELF_PLATFORM` is NULL
//! (arch/riscv/include/asm/elf.h), so Linux puts no `AT_PLATFORM` entry in
//! the auxiliary vector.

/// `AT_PLATFORM`: Linux riscv has none.
pub const PLATFORM: Option<&'static str> = None;

/// The extensions `AT_HWCAP` can report, in Linux 6.1's table.
const HWCAP_LETTERS: [u8; 6] = [b'i', b'm', b'a', b'f', b'd', b'c'];

/// The prefix every 64-bit hart's `riscv,isa` string has.
const ISA_PREFIX: &str = "rv64";

/// The `AT_HWCAP` bit of single-letter extension `letter`.
pub const fn bit(letter: u8) -> u64 {
    1 << (letter - b'a')
}

/// `AT_HWCAP` for one hart's `riscv,isa` string, or `None` when Linux
/// skips the hart (the string does not start with "rv64").
pub fn hart_hwcap(isa: &str) -> Option<u64> {
    let rest = isa.strip_prefix(ISA_PREFIX)?;
    let mut caps = 0;
    let mut chars = rest.bytes().peekable();
    while let Some(c) = chars.next() {
        match c {
            // A multi-letter extension ("zicsr", "sstc", "xfoo") runs to
            // the next underscore; the single letters are over.
            b's' | b'x' | b'z' => while chars.next_if(|&c| c != b'_').is_some() {},
            b'_' => {}
            b'a'..=b'z' => {
                if HWCAP_LETTERS.contains(&c) {
                    caps |= bit(c);
                }
                // A version ("i2p1") belongs to the letter before it.
                while chars
                    .next_if(|c| c.is_ascii_digit() || *c == b'p')
                    .is_some()
                {}
            }
            // Linux ignores what is not a lower-case letter.
            _ => {}
        }
    }
    Some(caps)
}

/// `AT_HWCAP` for a machine whose harts have these `riscv,isa` strings.
pub fn hwcap<'a>(isas: impl IntoIterator<Item = &'a str>) -> u64 {
    let caps = isas
        .into_iter()
        .filter_map(hart_hwcap)
        .fold(0, |all, hart| if all == 0 { hart } else { all & hart });
    if caps & bit(b'f') != 0 && caps & bit(b'd') == 0 {
        caps & !bit(b'f')
    } else {
        caps
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const QEMU_72_DEFAULT: &str = "rv64imafdch_zicsr_zifencei_zihintpause_zba_zbb_zbc_zbs_sstc";

    #[test]
    fn qemu_default_cpu_is_imafdc() {
        assert_eq!(hwcap([QEMU_72_DEFAULT]), 0x112d);
        let by_letter = [b'i', b'm', b'a', b'f', b'd', b'c']
            .iter()
            .fold(0, |c, &l| c | 1 << (l - b'a'));
        assert_eq!(by_letter, 0x112d);
    }

    #[test]
    fn letters_outside_the_table_and_long_extensions_do_not_count() {
        // h, v, and the 'c' and 'd' inside multi-letter names.
        assert_eq!(hart_hwcap("rv64ihv_zicond_zcd"), Some(bit(b'i')));
        assert_eq!(hart_hwcap("rv64imac_sscofpmf_xdummy"), Some(0x1105));
    }

    #[test]
    fn versions_are_skipped() {
        assert_eq!(hart_hwcap("rv64i2p1m2p0a2p1f2p2d2p2c2p0"), Some(0x112d));
    }

    #[test]
    fn only_rv64_harts_count() {
        assert_eq!(hart_hwcap("rv32imafdc"), None);
        assert_eq!(hart_hwcap("RV64IMAFDC"), None);
        assert_eq!(hwcap(["rv32imac", QEMU_72_DEFAULT]), 0x112d);
    }

    #[test]
    fn harts_are_anded() {
        assert_eq!(hwcap([QEMU_72_DEFAULT, "rv64imac"]), 0x1105);
        // A hart with nothing does not clear what the others have
        // (Linux starts the AND at the first non-zero value).
        assert_eq!(hwcap(["rv64", "rv64imac"]), 0x1105);
    }

    #[test]
    fn f_without_d_is_dropped() {
        assert_eq!(hwcap(["rv64imafc"]), 0x1105);
        assert_eq!(hwcap(["rv64imafdc", "rv64imafc"]), 0x1105);
    }

    #[test]
    fn no_platform() {
        assert_eq!(PLATFORM, None);
    }
}
