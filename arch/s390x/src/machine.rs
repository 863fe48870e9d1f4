//! Ending the run. QEMU started with `-action panic=exit-failure` turns a
//! disabled wait into its exit status: 0 when the PSW address ends in
//! 0xfff, 1 otherwise (docs/s390x.md, "Exit status").

use crate::psw::Psw;

/// Disabled-wait address QEMU reports as success.
const EXIT_SUCCESS_ADDR: u64 = 0xfff;
/// Disabled-wait address QEMU reports as failure.
const EXIT_FAILURE_ADDR: u64 = 0xbad0;

/// Stops this CPU in a disabled wait whose address encodes the result.
/// This is a single-CPU kernel, so no other CPU can keep QEMU alive.
pub fn exit(success: bool) -> ! {
    let addr = if success {
        EXIT_SUCCESS_ADDR
    } else {
        EXIT_FAILURE_ADDR
    };
    let psw = Psw::new(Psw::DISABLED_WAIT_MASK, addr);
    // SAFETY: a disabled wait is always a valid state to enter; it never
    // fetches an instruction.
    unsafe { crate::asm::lpswe(&psw) }
}
