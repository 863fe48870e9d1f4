//! Boot invariants.

use kcore::{kassert, kassert_eq, ktest};

use crate as arch;
use crate::psw::Psw;

ktest! {
    suite = "s390x_boot";

    /// Every new PSW points into the kernel's entry code with a 64-bit
    /// supervisor mask, so no interruption can loop on a zero PSW.
    fn new_psws_point_at_handlers() {
        let image = arch::kernel_image();
        let psws: [Psw; 6] = [
            arch::lc_read!(restart_new_psw),
            arch::lc_read!(external_new_psw),
            arch::lc_read!(svc_new_psw),
            arch::lc_read!(program_new_psw),
            arch::lc_read!(mcck_new_psw),
            arch::lc_read!(io_new_psw),
        ];
        for (psw, entry) in psws.iter().zip(arch::entry::entry_points()) {
            kassert_eq!(psw.addr, entry);
            kassert!(image.contains(&psw.addr), "new PSW {:?} outside the kernel", psw);
            kassert!(!psw.is_user() && psw.addressing_mode() == 64, "bad mask {:?}", psw);
        }
        Ok(())
    }

    /// The command line comes from the reserved 0x10480 area.
    fn command_line_is_read() {
        let c = arch::cmdline();
        kassert!(c.len() < 0x180, "command line longer than its area: {}", c.len());
        // The harness always passes at least one option.
        kassert!(!c.is_empty(), "empty command line: the harness passes options");
        Ok(())
    }

    /// The lowcore software fields describe the boot stack we run on.
    fn running_on_the_boot_stack() {
        let marker = 0u64;
        let sp = core::ptr::addr_of!(marker) as u64;
        let low = arch::lc_read!(stack_low);
        let high = arch::lc_read!(stack_high);
        kassert!(low < sp && sp < high, "sp {:#x} outside {:#x}..{:#x}", sp, low, high);
        kassert_eq!(arch::lc_read!(pgm_depth), 0);
        Ok(())
    }
}
