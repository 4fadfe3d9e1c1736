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
    // Saturating: a stranger's n is read before it is checked against the limits.
    n_mib.saturating_mul(MIB) / BYTES_PER_UNIT
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
/// computing, is its cost — one add per 8 bytes. Wrapping addition is
/// associative, so the SIMD lanes give exactly the scalar sum.
#[inline]
pub fn reduce(words: &[u64]) -> u64 {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    return simd::reduce(words);
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    reduce_scalar(words)
}

/// [`reduce`], a word at a time (natively LLVM vectorises this itself;
/// the site's wasm is built for size, where it does not).
pub fn reduce_scalar(words: &[u64]) -> u64 {
    words.iter().fold(0u64, |s, &w| s.wrapping_add(w))
}

/// Four words per step in two `i64x2` sums (0.94 → 0.57–0.74 ns per word
/// in Chromium, against 0.66–0.76 natively: BENCHMARKS.md).
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod simd {
    use core::arch::wasm32::*;

    pub fn reduce(words: &[u64]) -> u64 {
        let mut quads = words.chunks_exact(4);
        let (mut a, mut b) = (i64x2_splat(0), i64x2_splat(0));
        for quad in &mut quads {
            let at = quad.as_ptr() as *const v128;
            // SAFETY: `quad` is four u64s, 32 readable bytes: the two loads
            // read bytes 0..16 and 16..32 (wasm loads need no alignment).
            let (low, high) = unsafe { (v128_load(at), v128_load(at.add(1))) };
            a = i64x2_add(a, low);
            b = i64x2_add(b, high);
        }
        let sum = i64x2_add(a, b);
        let lanes = u64x2_extract_lane::<0>(sum).wrapping_add(u64x2_extract_lane::<1>(sum));
        lanes.wrapping_add(super::reduce_scalar(quads.remainder()))
    }
}

/// The reduction of every word, computed from the generator (the reference).
pub fn reference(seed: u64, n_mib: u64) -> u64 {
    (0..n_mib * MIB / 8).fold(0u64, |s, i| s.wrapping_add(word(seed, i)))
}

/// Little-endian bytes of words `words` (what a process Worker is sent).
/// One copy of the slice's memory on little-endian targets (wasm is), so
/// the transfer the processes model shows is the browser's, not a loop of
/// ours: a byte at a time, built for size, it tripled the transfer.
pub fn to_bytes(words: &[u64]) -> Vec<u8> {
    #[cfg(target_endian = "little")]
    return bytemuck::cast_slice(words).to_vec();
    #[cfg(not(target_endian = "little"))]
    words.iter().flat_map(|w| w.to_le_bytes()).collect()
}

/// The words as the little-endian bytes they already are in memory, borrowed
/// (little-endian targets, as wasm is): what a process Worker is sent is
/// copied once, straight out of these, into the buffer that travels.
#[cfg(target_endian = "little")]
pub fn as_le_bytes(words: &[u64]) -> &[u8] {
    bytemuck::cast_slice(words)
}

/// Words from little-endian bytes (what a process Worker received);
/// `None` unless the length is a whole number of words. One copy into
/// aligned words, as [`to_bytes`].
pub fn from_bytes(bytes: &[u8]) -> Option<Vec<u64>> {
    if !bytes.len().is_multiple_of(8) {
        return None;
    }
    let words: Vec<u64> = bytemuck::allocation::pod_collect_to_vec(bytes);
    #[cfg(not(target_endian = "little"))]
    let words = words.into_iter().map(u64::from_le).collect();
    Some(words)
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
    fn reduce_wraps_and_keeps_a_tail() {
        let words: Vec<u64> = (0..7).map(|i| u64::MAX - i).collect();
        assert_eq!(reduce(&words), (0..7u64).fold(0u64, |s, i| s.wrapping_add(u64::MAX - i)));
    }

    #[test]
    fn bytes_round_trip() {
        let words = [1u64, u64::MAX, 0x0102_0304_0506_0708];
        assert_eq!(from_bytes(&to_bytes(&words)).unwrap(), words);
        assert_eq!(from_bytes(&[1, 2, 3]), None);
    }

    #[test]
    fn bytes_are_little_endian_and_need_no_alignment() {
        assert_eq!(to_bytes(&[0x0102_0304_0506_0708]), [8, 7, 6, 5, 4, 3, 2, 1]);
        let mut sent = vec![0u8];
        sent.extend(to_bytes(&[5, 0x1122_3344_5566_7788]));
        assert_eq!(from_bytes(&sent[1..]).unwrap(), [5, 0x1122_3344_5566_7788]);
    }
}
