//! The user register state: the controls that make it exist, its save and
//! load, the FPC test of sigreturn, and what `AT_HWCAP`/`AT_PLATFORM` say.

use kcore::{kassert, kassert_eq, kskip, ktest};

use crate::asm::{stidp, store_cr};
use crate::facilities::{self, Facility};
use crate::hwcap;
use crate::user_state::{self, UserState, CR0_AFP, CR0_VECTOR};

/// A state with a different value in every register, and a valid FPC
/// (rounding mode 1, toward zero).
fn pattern(seed: u64) -> UserState {
    let mix = |i: usize, k: u64| {
        (seed ^ (i as u64) << 8 ^ k)
            .wrapping_mul(0x9e37_79b9_7f4a_7c15)
            .rotate_left(17)
    };
    let mut st = UserState::default();
    st.set_for_test(1, |i| [mix(i, 1), mix(i, 2)], |i| mix(i, 3) as u32);
    st
}

ktest! {
    suite = "s390x_user_state";

    /// CR0 has the AFP-register control, and vector enablement exactly
    /// where STFLE reports the vector facility.
    fn controls_enabled() {
        let cr0 = store_cr::<0>();
        kassert!(cr0 & CR0_AFP != 0, "AFP off: CR0 {:#x}", cr0);
        let vx = facilities::has(Facility::Vector);
        kassert_eq!(cr0 & CR0_VECTOR != 0, vx);
        kassert_eq!(user_state::has_vector(), vx);
        Ok(())
    }

    /// What `load` puts in the CPU, `save` reads back, every register.
    fn save_returns_what_load_put() {
        let mut before = UserState::default();
        user_state::save(&mut before);
        let a = pattern(1);
        user_state::load(&a);
        let mut b = UserState::default();
        user_state::save(&mut b);
        user_state::load(&before);
        kassert_eq!(b.fpc(), a.fpc());
        let vrs = if user_state::has_vector() { 32 } else { 0 };
        for i in 0..16 {
            kassert!(b.fpr(i) == a.fpr(i), "f{}: {:#x} != {:#x}", i, b.fpr(i), a.fpr(i));
            kassert!(b.acr(i) == a.acr(i), "a{}: {:#x} != {:#x}", i, b.acr(i), a.acr(i));
        }
        for i in 0..vrs {
            kassert!(b.vr(i) == a.vr(i), "v{}: {:x?} != {:x?}", i, b.vr(i), a.vr(i));
        }
        Ok(())
    }

    /// `try_set_fpc` accepts what the machine accepts and leaves the FPC
    /// unchanged when it refuses (the exception-table path).
    fn fpc_test_accepts_and_refuses() {
        let mut saved = UserState::default();
        user_state::save(&mut saved);
        let ok = user_state::try_set_fpc(0x0000_0001);
        let mut st = UserState::default();
        user_state::save(&mut st);
        kassert!(ok.is_ok() && st.fpc() == 1, "rounding mode 1: {:?} fpc {:#x}", ok, st.fpc());
        // Bit 24 (0x80) is reserved in every FPC format.
        let bad = user_state::try_set_fpc(0x0000_0080);
        user_state::save(&mut st);
        user_state::load(&saved);
        kassert!(bad.is_err(), "reserved bit 24 accepted");
        kassert_eq!(st.fpc(), 1);
        Ok(())
    }

    /// On QEMU's default CPU model, `AT_HWCAP` and `AT_PLATFORM` are what
    /// Linux 6.1 reports there (measured with tests/c/auxv.c).
    fn hwcap_and_platform_as_linux() {
        let machine = hwcap::machine_type(stidp());
        if machine != 0x8561 {
            kskip!("Linux measured on machine type 0x8561 only, this is {:#x}", machine);
        }
        kassert_eq!(hwcap::hwcap(&facilities::words()), 0xab3f);
        kassert_eq!(hwcap::platform(machine), "z15");
        Ok(())
    }
}
