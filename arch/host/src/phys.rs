//! Simulated physical memory: an arena of frames in host memory.
//!
//! Every word is an `AtomicU64`, so threads that share frames (page tables
//! walked by one thread while another installs an entry, a page read by one
//! thread while another writes it) are data-race free without any `unsafe`.
//! Ordering between a store and a later load comes from the generic code's
//! locks; the words themselves use relaxed accesses.

use core::sync::atomic::{AtomicU64, Ordering};
use std::ops::Range;

use mm::frame::PhysFrame;
use mm::PAGE_SIZE;

const WORDS_PER_FRAME: usize = PAGE_SIZE as usize / 8;

/// A contiguous range of simulated physical memory.
pub struct PhysArena {
    base: u64,
    words: Box<[AtomicU64]>,
}

impl PhysArena {
    /// `nframes` zeroed frames starting at physical address `base`
    /// (page-aligned).
    pub fn new(base: u64, nframes: usize) -> Self {
        assert!(
            base.is_multiple_of(PAGE_SIZE),
            "arena base {base:#x} is not page-aligned"
        );
        let words = (0..nframes * WORDS_PER_FRAME)
            .map(|_| AtomicU64::new(0))
            .collect();
        Self { base, words }
    }

    /// The physical addresses the arena covers.
    pub fn range(&self) -> Range<u64> {
        self.base..self.base + self.words.len() as u64 * 8
    }

    fn word(&self, pa: u64) -> &AtomicU64 {
        let r = self.range();
        assert!(
            r.contains(&pa),
            "physical address {pa:#x} outside the arena {:#x}..{:#x}",
            r.start,
            r.end
        );
        &self.words[((pa - self.base) / 8) as usize]
    }

    /// Loads the aligned 8-byte word at `pa`.
    pub fn load(&self, pa: u64, order: Ordering) -> u64 {
        self.word(pa).load(order)
    }

    /// Stores the aligned 8-byte word at `pa`.
    pub fn store(&self, pa: u64, value: u64, order: Ordering) {
        self.word(pa).store(value, order)
    }

    fn frame_words(&self, frame: PhysFrame) -> &[AtomicU64] {
        let first = ((frame.addr() - self.base) / 8) as usize;
        self.word(frame.addr());
        &self.words[first..first + WORDS_PER_FRAME]
    }

    /// Fills `frame` with zeros.
    pub fn zero(&self, frame: PhysFrame) {
        for w in self.frame_words(frame) {
            w.store(0, Ordering::Relaxed);
        }
    }

    /// Copies `src` to `dst`.
    pub fn copy(&self, dst: PhysFrame, src: PhysFrame) {
        for (d, s) in self.frame_words(dst).iter().zip(self.frame_words(src)) {
            d.store(s.load(Ordering::Relaxed), Ordering::Relaxed);
        }
    }

    /// Reads bytes at `pa` (native byte order within each word, which is
    /// invisible to callers as long as reads and writes both go through
    /// here).
    pub fn read(&self, pa: u64, buf: &mut [u8]) {
        for (k, b) in buf.iter_mut().enumerate() {
            let a = pa + k as u64;
            let w = self.word(a & !7).load(Ordering::Relaxed);
            *b = w.to_le_bytes()[(a & 7) as usize];
        }
    }

    /// Writes bytes at `pa`. Whole words are stored at once; partial words
    /// are merged with a compare-and-swap so that a concurrent writer of
    /// the other bytes of the word is not undone.
    pub fn write(&self, pa: u64, buf: &[u8]) {
        let mut k = 0;
        while k < buf.len() {
            let a = pa + k as u64;
            let off = (a & 7) as usize;
            let n = (8 - off).min(buf.len() - k);
            let w = self.word(a & !7);
            if n == 8 {
                let mut bytes = [0u8; 8];
                bytes.copy_from_slice(&buf[k..k + 8]);
                w.store(u64::from_le_bytes(bytes), Ordering::Relaxed);
            } else {
                let mut cur = w.load(Ordering::Relaxed);
                loop {
                    let mut bytes = cur.to_le_bytes();
                    bytes[off..off + n].copy_from_slice(&buf[k..k + n]);
                    match w.compare_exchange_weak(
                        cur,
                        u64::from_le_bytes(bytes),
                        Ordering::Relaxed,
                        Ordering::Relaxed,
                    ) {
                        Ok(_) => break,
                        Err(now) => cur = now,
                    }
                }
            }
            k += n;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_round_trip_across_word_edges() {
        let a = PhysArena::new(0x10_0000, 2);
        let data: Vec<u8> = (0..37).collect();
        a.write(0x10_0005, &data);
        let mut back = vec![0; 37];
        a.read(0x10_0005, &mut back);
        assert_eq!(back, data);
        let mut around = [0xffu8; 2];
        a.read(0x10_0003, &mut around);
        assert_eq!(around, [0, 0]);
    }

    #[test]
    fn zero_and_copy_whole_frames() {
        let a = PhysArena::new(0, 2);
        let f0 = PhysFrame::containing(0);
        let f1 = PhysFrame::containing(0x1000);
        a.write(0xff8, &[7; 8]);
        a.copy(f1, f0);
        let mut b = [0; 8];
        a.read(0x1ff8, &mut b);
        assert_eq!(b, [7; 8]);
        a.zero(f1);
        a.read(0x1ff8, &mut b);
        assert_eq!(b, [0; 8]);
    }

    #[test]
    #[should_panic(expected = "outside the arena")]
    fn outside_the_arena_panics() {
        PhysArena::new(0x1000, 1).read(0x2000, &mut [0]);
    }
}
