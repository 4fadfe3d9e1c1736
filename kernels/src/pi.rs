//! Monte Carlo π (seed 004): throw points into the unit square, count those
//! inside the quarter circle. One unit is a block of [`SAMPLES_PER_UNIT`]
//! samples with its own key, so the estimate is the same for any split of
//! the blocks among workers.
//!
//! Written for SIMD. Sample `i` of a block is one 32-bit counter-based hash
//! (MurmurHash3's finaliser over `i·φ + key`), so no sample depends on the
//! one before and lanes run side by side. Its two 16-bit halves, read as
//! signed, are the point's coordinates on a 65 536 × 65 536 grid over the
//! square [−1, 1)²; the point is inside when `x² + y² < 2³⁰` (radius 2¹⁵),
//! computed exactly in integers. The grid's own error (lattice points in a
//! circle against its area) is ~10⁻⁶ of π, far below the 6σ check of any
//! run. In wasm with `simd128` the block runs eight samples at a time in
//! explicit `i32x4` code ([`simd`]), where `i32x4.dot_i16x8_s` squares and
//! adds both halves in one instruction; everywhere else, and for the last few
//! samples, the scalar [`inside_scalar`] does. Both count exactly the same
//! samples: the browser tests compare them.
//!
//! What each design bought, one thread, Chromium (ns per sample): a 64-bit
//! generator with `f64` coordinates 2.3 (3.2 with `simd128` alone: the site
//! is built for size, where LLVM does not vectorise); two hashes per sample
//! with 24-bit `f32` coordinates in explicit SIMD 1.2; one hash per sample
//! with 16-bit integer coordinates 0.53 (Firefox 0.51; natively, where it
//! stays scalar, 1.8).

use super::rng::mix64;

/// Samples in one unit of work.
pub const SAMPLES_PER_UNIT: u64 = 10_000;

/// The golden ratio in 32 bits: consecutive counters land far apart.
const PHI32: u32 = 0x9E37_79B9;
/// The circle's radius squared, in grid steps: 2¹⁵ squared.
const RADIUS_SQUARED: u32 = 1 << 30;

/// Number of units for `samples` samples (the last one may be short).
pub fn units(samples: u64) -> u64 {
    samples.div_ceil(SAMPLES_PER_UNIT)
}

/// How many samples block `unit` holds (the last one may be short).
pub fn samples_in_unit(samples: u64, unit: u64) -> u64 {
    SAMPLES_PER_UNIT.min(samples.saturating_sub(unit * SAMPLES_PER_UNIT))
}

/// The 32-bit key of block `unit`.
fn key(seed: u64, unit: u64) -> u32 {
    mix64(seed ^ mix64(unit.wrapping_add(0x9E37_79B9_7F4A_7C15))) as u32
}

/// MurmurHash3's 32-bit finaliser: every input bit moves every output bit.
#[inline(always)]
fn fmix32(mut h: u32) -> u32 {
    h ^= h >> 16;
    h = h.wrapping_mul(0x85EB_CA6B);
    h ^= h >> 13;
    h = h.wrapping_mul(0xC2B2_AE35);
    h ^ (h >> 16)
}

/// Whether the point hashed to `h` falls inside: its halves as signed
/// coordinates, squared and added exactly (at most 2³¹, which fits a `u32`).
#[inline(always)]
fn point_inside(h: u32) -> bool {
    let x = i32::from(h as u16 as i16);
    let y = i32::from((h >> 16) as u16 as i16);
    ((x * x) as u32 + (y * y) as u32) < RADIUS_SQUARED
}

/// Points inside the quarter circle among samples `first..end` of a block, one at a time.
pub fn inside_scalar(seed: u64, unit: u64, first: u32, end: u32) -> u64 {
    let key = key(seed, unit);
    (first..end).map(|i| u64::from(point_inside(fmix32(i.wrapping_mul(PHI32).wrapping_add(key))))).sum()
}

/// Points inside the quarter circle among the samples of block `unit`.
pub fn inside_in_unit(seed: u64, samples: u64, unit: u64) -> u64 {
    let count = samples_in_unit(samples, unit) as u32;
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    {
        let wide = count / simd::WIDTH * simd::WIDTH;
        simd::inside(key(seed, unit), wide) + inside_scalar(seed, unit, wide, count)
    }
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    inside_scalar(seed, unit, 0, count)
}

/// The estimate of π from a count.
pub fn estimate(inside: u64, samples: u64) -> f64 {
    4.0 * inside as f64 / samples as f64
}

/// Whether an estimate is within six standard deviations of π — a test a
/// correct run fails with probability ~1e-9, a broken split almost surely.
pub fn plausible(estimate: f64, samples: u64) -> bool {
    let p = std::f64::consts::FRAC_PI_4;
    let sigma = 4.0 * (p * (1.0 - p) / samples as f64).sqrt();
    (estimate - std::f64::consts::PI).abs() <= 6.0 * sigma
}

/// The block, eight samples at a time in wasm SIMD: two `i32x4` vectors of
/// hash inputs, each lane exactly the scalar sample.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod simd {
    use super::{PHI32, RADIUS_SQUARED};
    use core::arch::wasm32::*;

    /// Samples per step.
    pub const WIDTH: u32 = 8;

    #[inline(always)]
    fn fmix32(mut h: v128) -> v128 {
        h = v128_xor(h, u32x4_shr(h, 16));
        h = i32x4_mul(h, u32x4_splat(0x85EB_CA6B));
        h = v128_xor(h, u32x4_shr(h, 13));
        h = i32x4_mul(h, u32x4_splat(0xC2B2_AE35));
        v128_xor(h, u32x4_shr(h, 16))
    }

    /// All-ones lanes where the sample whose hash input is `c` falls inside:
    /// `dot_i16x8` multiplies the signed halves pairwise and adds each
    /// pair, wrapping to i32 — only (−2¹⁵)² · 2 = 2³¹ wraps, and read as
    /// `u32` it is exactly 2³¹ again, outside.
    #[inline(always)]
    fn inside_mask(c: v128) -> v128 {
        let h = fmix32(c);
        u32x4_lt(i32x4_dot_i16x8(h, h), u32x4_splat(RADIUS_SQUARED))
    }

    /// Points inside among samples `0..wide` (a multiple of [`WIDTH`]).
    pub fn inside(key: u32, wide: u32) -> u64 {
        // Hash inputs i·φ + key, advanced by adding WIDTH·φ (wrapping, as
        // the scalar product wraps).
        let input = |i: u32| i.wrapping_mul(PHI32).wrapping_add(key);
        let mut low = u32x4(input(0), input(1), input(2), input(3));
        let mut high = u32x4(input(4), input(5), input(6), input(7));
        let step = u32x4_splat(WIDTH.wrapping_mul(PHI32));
        // A mask lane is −1 where inside: subtracting counts up (at most
        // 10 000 / 4 per lane, far from overflow).
        let mut count = i32x4_splat(0);
        for _ in 0..wide / WIDTH {
            count = i32x4_sub(count, inside_mask(low));
            count = i32x4_sub(count, inside_mask(high));
            low = i32x4_add(low, step);
            high = i32x4_add(high, step);
        }
        [u32x4_extract_lane::<0>(count), u32x4_extract_lane::<1>(count), u32x4_extract_lane::<2>(count), u32x4_extract_lane::<3>(count)].into_iter().map(u64::from).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn estimate_converges_to_pi() {
        let samples = 2_000_000;
        let inside: u64 = (0..units(samples)).map(|u| inside_in_unit(42, samples, u)).sum();
        let e = estimate(inside, samples);
        assert!((e - std::f64::consts::PI).abs() < 0.01, "estimate {e}");
        assert!(plausible(e, samples));
    }

    #[test]
    fn the_generator_passes_for_many_seeds() {
        // 2·10⁷ samples per seed: a biased generator or coordinate grid would
        // drift past 6σ (σ ≈ 3.7e-4 here); a fair one stays well inside.
        for seed in [1, 2, 3, 0xDEAD_BEEF] {
            let samples = 20_000_000;
            let inside: u64 = (0..units(samples)).map(|u| inside_in_unit(seed, samples, u)).sum();
            assert!(plausible(estimate(inside, samples), samples), "seed {seed}: {}", estimate(inside, samples));
        }
    }

    #[test]
    fn a_wrong_count_is_not_plausible() {
        assert!(!plausible(3.0, 10_000_000));
        // Counting half the samples twice (a broken split) is caught too.
        assert!(!plausible(estimate(785_398 / 2 * 3, 1_000_000), 1_000_000));
    }

    #[test]
    fn the_corners_of_the_grid() {
        // (0, 0) is inside; (−2¹⁵, −2¹⁵), whose squares add to 2³¹, and
        // (−2¹⁵, 0), exactly on the circle, are not.
        assert!(point_inside(0));
        assert!(!point_inside(0x8000_8000));
        assert!(!point_inside(0x0000_8000));
        assert!(point_inside(0x0000_7FFF));
    }

    #[test]
    fn last_unit_is_short() {
        // 10_001 samples: one full unit and one of a single sample.
        assert_eq!(units(10_001), 2);
        assert!(inside_in_unit(1, 10_001, 1) <= 1);
    }

    #[test]
    fn a_block_is_the_sum_of_its_parts() {
        let whole = inside_scalar(7, 3, 0, 10_000);
        assert_eq!(whole, inside_scalar(7, 3, 0, 4_003) + inside_scalar(7, 3, 4_003, 10_000));
        assert_eq!(whole, inside_in_unit(7, 1_000_000, 3));
    }
}
