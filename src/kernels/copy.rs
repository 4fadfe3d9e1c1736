//! Work that must be copied (seed 002's IPC claim): one large input,
//! generated from the seed, reduced slice by slice. Threads read it in the
//! one shared memory; a process Worker must first be sent its slice, as
//! `multiprocessing` pickles a task's arguments — that transfer is timed as
//! part of the run and reported apart (`transfer_ms`, bytes moved).
//! `n` is the input's size in MiB; a unit is a 64 KiB slice.

use super::rng::mix64;

/// Bytes in one unit (one slice of the input).
pub const BYTES_PER_UNIT: u64 = 64 * 1024;
/// 64-bit words in one unit.
pub const WORDS_PER_UNIT: u64 = BYTES_PER_UNIT / 8;
/// Bytes in one MiB (what `n` counts).
pub const MIB: u64 = 1024 * 1024;

pub fn units(n_mib: u64) -> u64 {
    n_mib * MIB / BYTES_PER_UNIT
}

/// Word `i` of the input of run `seed`.
#[inline]
pub fn word(seed: u64, i: u64) -> u64 {
    mix64(seed ^ i.wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

/// The whole input, as the page generates it once (not timed).
pub fn generate(seed: u64, n_mib: u64) -> Vec<u64> {
    (0..n_mib * MIB / 8).map(|i| word(seed, i)).collect()
}

/// The reduction of one slice: a wrapping sum of its words. Reading, not
/// computing, is its cost — one add per 8 bytes.
#[inline]
pub fn reduce(words: &[u64]) -> u64 {
    words.iter().fold(0u64, |s, &w| s.wrapping_add(w))
}

/// The reduction of every word, computed from the generator (the reference).
pub fn reference(seed: u64, n_mib: u64) -> u64 {
    (0..n_mib * MIB / 8).fold(0u64, |s, i| s.wrapping_add(word(seed, i)))
}

/// Little-endian bytes of words `words` (what a process Worker is sent).
pub fn to_bytes(words: &[u64]) -> Vec<u8> {
    words.iter().flat_map(|w| w.to_le_bytes()).collect()
}

/// Words from little-endian bytes (what a process Worker received);
/// `None` unless the length is a whole number of words.
pub fn from_bytes(bytes: &[u8]) -> Option<Vec<u64>> {
    (bytes.len() % 8 == 0).then(|| bytes.chunks_exact(8).map(|b| u64::from_le_bytes(b.try_into().expect("chunks of 8"))).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_input_reduces_to_the_reference() {
        let input = generate(3, 1);
        assert_eq!(input.len() as u64, MIB / 8);
        assert_eq!(reduce(&input), reference(3, 1));
        assert_eq!(units(1), 16);
    }

    #[test]
    fn bytes_round_trip() {
        let words = [1u64, u64::MAX, 0x0102_0304_0506_0708];
        assert_eq!(from_bytes(&to_bytes(&words)).unwrap(), words);
        assert_eq!(from_bytes(&[1, 2, 3]), None);
    }
}
