//! The kernel's random bytes (`getrandom`): a ChaCha20 generator (the
//! `chacha20` crate) that rekeys itself from its own output after every
//! request, so that what was handed out before cannot be recomputed from
//! a later state.
//!
//! Its seed is the machine clock at the first request, mixed with the
//! clock again at each rekey. QEMU's model of this machine has no random-
//! number facility (Linux says as much at boot, "CPU has no PRNG"), so the
//! output is as unpredictable as those clock readings: good for hash-table
//! seeds, stack canaries and temporary names, which is what programs at
//! start-up ask for, and not a source of key material.

use arch::Arch;
use chacha20::ChaCha20Rng;
use karch::Arch as _;
use ksync::SpinLock;
use rand_core::{Rng, SeedableRng};

static CRNG: SpinLock<Option<ChaCha20Rng>> = SpinLock::new(None);

/// Bytes of a ChaCha20 key.
const KEY_LEN: usize = 32;

/// A key from the clock: its reading spread over the key's words.
fn clock_key() -> [u8; KEY_LEN] {
    let mut key = [0u8; KEY_LEN];
    let mut t = Arch::clock_ns();
    for word in key.chunks_exact_mut(8) {
        // SplitMix64's step: spreads each bit of the reading over the word.
        t = t.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = t;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        word.copy_from_slice(&(z ^ (z >> 31)).to_ne_bytes());
    }
    key
}

/// Fills `buf` with random bytes.
pub fn fill(buf: &mut [u8]) {
    let mut g = CRNG.lock();
    let rng = g.get_or_insert_with(|| ChaCha20Rng::from_seed(clock_key()));
    rng.fill_bytes(buf);
    // Rekey: the next state comes from output no caller saw, stirred with
    // the clock.
    let mut next = [0u8; KEY_LEN];
    rng.fill_bytes(&mut next);
    for (k, c) in next.iter_mut().zip(clock_key()) {
        *k ^= c;
    }
    *rng = ChaCha20Rng::from_seed(next);
}
