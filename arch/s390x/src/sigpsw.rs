//! The PSW across a signal on s390x, with Linux 6.1's rules
//! (`arch/s390/kernel/signal.c`): the mask a frame saves, the mask a
//! handler runs with, and the mask a sigreturn restores from a frame a
//! user may have changed.

use crate::psw::{AddressSpaceControl, Psw, PswBits};

/// Linux's `PSW_MASK_ASC`: the address-space control, bits 16-17.
const PSW_MASK_ASC: u64 = 3 << 46;
/// Linux's `PSW_MASK_CC`: the condition code, bits 18-19.
const PSW_MASK_CC: u64 = 3 << 44;
/// Linux's `PSW_MASK_PM`: the program mask, bits 20-23.
const PSW_MASK_PM: u64 = 0xf << 40;
/// Linux's `PSW_MASK_USER`: the PSW bits a user may choose through a
/// signal frame: address-space control, condition code, program mask
/// and the addressing mode (EA, BA).
pub const PSW_MASK_USER: u64 =
    PSW_MASK_ASC | PSW_MASK_CC | PSW_MASK_PM | PswBits::EA.bits() | PswBits::BA.bits();
/// Linux's `PSW_MASK_RI`: runtime instrumentation (bit 24), which only a
/// task using it may set; no task here does.
pub const PSW_MASK_RI: u64 = 1 << 39;
/// Linux's `PSW_USER_BITS`: DAT, I/O, external, machine check, problem
/// state, key 0, primary space; a frame holds these and the user bits.
pub const PSW_USER_BITS: u64 = PswBits::DAT.bits()
    | PswBits::IO.bits()
    | PswBits::EXT.bits()
    | PswBits::MCHECK.bits()
    | PswBits::PROBLEM.bits();

/// The PSW mask a frame saves: a clean user mask (no PER, whatever the
/// kernel uses) with the task's user bits, as Linux's `save_sigregs`.
pub fn saved_psw_mask(mask: u64) -> u64 {
    PSW_USER_BITS | (mask & (PSW_MASK_USER | PSW_MASK_RI))
}

/// The PSW mask a handler runs with: the interrupted one in 64-bit mode
/// and primary space; the condition code and program mask stay, as on
/// Linux.
pub fn handler_psw_mask(mask: u64) -> u64 {
    (mask & !PSW_MASK_ASC) | PswBits::EA.bits() | PswBits::BA.bits()
}

/// The PSW mask after a sigreturn from a frame that saved `saved`, for a
/// task running with `current`: Linux takes the user bits from the frame
/// and keeps the rest; the home space becomes the primary space, and EA
/// without BA gets BA. Access-register mode becomes the primary space
/// too, where Linux would keep it: QEMU cannot run a program in that mode
/// (it stops the machine), and the access-list tables it would use are
/// not set up for users here.
pub fn restored_psw_mask(current: u64, saved: u64) -> u64 {
    let mut mask = (current & !(PSW_MASK_USER | PSW_MASK_RI)) | (saved & PSW_MASK_USER);
    let psw = Psw::new(mask, 0);
    if matches!(
        psw.asc(),
        AddressSpaceControl::Home | AddressSpaceControl::AccessRegister
    ) {
        mask = Psw::with_asc(mask, AddressSpaceControl::Primary);
    }
    if mask & PswBits::EA.bits() != 0 {
        mask |= PswBits::BA.bits();
    }
    mask
}

#[cfg(test)]
mod tests {
    use super::*;

    const USER_PSW_MASK: u64 = 0x0705_0001_8000_0000;

    #[test]
    fn user_bits_are_linux_s() {
        assert_eq!(PSW_MASK_USER, 0x0000_ff01_8000_0000);
        assert_eq!(PSW_USER_BITS, 0x0705_0000_0000_0000);
    }

    #[test]
    fn saved_mask_keeps_cc_and_program_mask_only() {
        // As measured on Linux 6.1: cc 3, program mask 0xc.
        assert_eq!(
            saved_psw_mask(0x0705_3c01_8000_0000 | 1 << 62),
            0x0705_3c01_8000_0000
        );
    }

    #[test]
    fn handler_keeps_cc_and_program_mask_in_64_bit_primary() {
        assert_eq!(
            handler_psw_mask(0x0705_bc00_8000_0000),
            0x0705_3c01_8000_0000
        );
    }

    #[test]
    fn sigreturn_takes_user_bits_only() {
        let cur = USER_PSW_MASK;
        // PER, key, wait on, problem state off: ignored (measured).
        let hostile = 0x4ff2_1001_8000_0000u64 & !(1 << 48);
        assert_eq!(restored_psw_mask(cur, hostile), 0x0705_1001_8000_0000);
        // 31-bit and 24-bit modes are the user's to choose.
        assert_eq!(
            restored_psw_mask(cur, 0x0705_1000_8000_0000),
            0x0705_1000_8000_0000
        );
        assert_eq!(
            restored_psw_mask(cur, 0x0705_1000_0000_0000),
            0x0705_1000_0000_0000
        );
        // EA without BA gets BA; home space is primary.
        assert_eq!(restored_psw_mask(cur, 0x0705_0001_0000_0000), USER_PSW_MASK);
        assert_eq!(
            restored_psw_mask(cur, 0x0705_d001_8000_0000),
            0x0705_1001_8000_0000
        );
        // Secondary space stays (CR7 holds the user's space too).
        assert_eq!(
            restored_psw_mask(cur, 0x0705_8001_8000_0000),
            0x0705_8001_8000_0000
        );
    }
}
