//! Summing a range (seed 001). A plain `sum += i` loop is folded into a
//! closed form by the compiler, so each element costs real work: the sum is
//! Σ (i² mod M) for i in 1..=n, with M = [`MODULUS`]. One unit is a block
//! of [`NUMBERS_PER_UNIT`] consecutive numbers.
//!
//! Division-free, exactly: the residue `r = i mod M` is taken once per
//! block and then counts up (a block is shorter than M, so it wraps at most
//! once), and `r² mod M` is computed in `f64`, where every value is an
//! integer below 2⁵³ and so exact: the quotient by a multiplication with
//! 1/M, rounded to an integer by adding and subtracting 2⁵² (off by at most
//! one), the remainder by subtraction, then one correction each way. A
//! block's sum stays below 2⁵³ too, so it adds up in `f64` exactly, in any
//! order. In wasm with `simd128` two numbers go
//! at a time in explicit `f64x2` code ([`simd`]); elsewhere the scalar loop
//! does the same operations. Before: `i % M` and `r·r % M` in `u64`, which
//! LLVM turns into 128-bit multiplications natively but cannot in wasm
//! (2.52 against 1.69 ns per number).

/// The modulus, a prime; `i² mod M` is periodic in i with period M.
pub const MODULUS: u64 = 1_000_003;
/// Numbers in one unit of work.
pub const NUMBERS_PER_UNIT: u64 = 10_000;

pub fn units(n: u64) -> u64 {
    n.div_ceil(NUMBERS_PER_UNIT)
}

/// The modulus as `f64`, and its reciprocal (rounded; see [`square_mod`]).
const M: f64 = MODULUS as f64;
const INVERSE: f64 = 1.0 / M;
/// 2⁵²: adding it to a non-negative `f64` below 2⁵² and subtracting it
/// again rounds to an integer (the sum has no fraction bits left). Two
/// additions, the same in every SIMD and scalar instruction set — a
/// truncating conversion (`i32x4.trunc_sat_f64x2_s_zero`) made the loop
/// slower than the division it replaces in V8.
const ROUNDER: f64 = (1u64 << 52) as f64;

/// One term the slow, obvious way (the reference's, and the tests').
#[inline]
fn term(i: u64) -> u64 {
    let r = i % MODULUS;
    r * r % MODULUS
}

/// `r² mod M` for a residue `r < M`, in exact `f64` arithmetic: `r²` is
/// below 2⁴⁰, the rounded quotient is within one of the true one, so the
/// remainder lands in (−M, 2M) before the corrections.
#[inline(always)]
fn square_mod(r: f64) -> f64 {
    let square = r * r;
    let quotient = (square * INVERSE + ROUNDER) - ROUNDER;
    let t = square - quotient * M;
    let t = if t < 0.0 { t + M } else { t };
    if t >= M {
        t - M
    } else {
        t
    }
}

/// Σ (r² mod M) for the residues `start..start + len`, all below M.
fn squares_mod(start: u32, len: u32) -> f64 {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    {
        let pairs = len / 2 * 2;
        simd::squares_mod(f64::from(start), pairs / 2) + squares_mod_scalar(start + pairs, len - pairs)
    }
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    squares_mod_scalar(start, len)
}

/// Two residues at a time into two sums, as the SIMD lanes go (the sums
/// are integers below 2⁵³: any order gives the same total). Written as
/// two-element arrays, LLVM packs both lanes into one SSE2 register
/// natively (`mulpd`, `cmpltpd`, `andpd`: branch-free selects); as one
/// running sum it stayed scalar, 2.9 ns per number.
fn squares_mod_scalar(start: u32, len: u32) -> f64 {
    let mut sums = [0.0f64; 2];
    let mut r = [f64::from(start), f64::from(start) + 1.0];
    for _ in 0..len / 2 {
        for lane in 0..2 {
            sums[lane] += square_mod(r[lane]);
            r[lane] += 2.0;
        }
    }
    let tail = if len % 2 == 1 { square_mod(r[0]) } else { 0.0 };
    sums[0] + sums[1] + tail
}

/// Σ (i² mod M) over the numbers of block `unit` (numbers start at 1).
pub fn sum_in_unit(n: u64, unit: u64) -> u64 {
    let first = unit * NUMBERS_PER_UNIT + 1;
    let len = numbers_in_unit(n, unit);
    // The residues run from first mod M up to M − 1, then again from 0.
    let start = (first % MODULUS) as u32;
    let before_wrap = len.min(MODULUS - u64::from(start)) as u32;
    let total = squares_mod(start, before_wrap) + squares_mod(0, len as u32 - before_wrap);
    total as u64
}

/// How many numbers block `unit` holds.
pub fn numbers_in_unit(n: u64, unit: u64) -> u64 {
    NUMBERS_PER_UNIT.min(n.saturating_sub(unit * NUMBERS_PER_UNIT))
}

/// The exact answer, computed independently of any split: the terms repeat
/// with period M, so Σ = q·(one period) + (a partial period), q = n / M.
pub fn reference(n: u64) -> u64 {
    let period = |upto: u64| -> u128 { (1..=upto).map(|i| u128::from(term(i))).sum() };
    let whole = u128::from(n / MODULUS) * period(MODULUS);
    let total = whole + period(n % MODULUS);
    // The kernel sums with wrapping u64 arithmetic; so does this, by truncation.
    total as u64
}

/// Two residues at a time in wasm SIMD: each lane exactly [`square_mod`].
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod simd {
    use super::{INVERSE, M, ROUNDER};
    use core::arch::wasm32::*;

    /// Σ (r² mod M) for the `pairs · 2` residues from `start`.
    pub fn squares_mod(start: f64, pairs: u32) -> f64 {
        let (m, inverse, rounder) = (f64x2_splat(M), f64x2_splat(INVERSE), f64x2_splat(ROUNDER));
        let (zero, two) = (f64x2_splat(0.0), f64x2_splat(2.0));
        let mut r = f64x2(start, start + 1.0);
        let mut total = zero;
        for _ in 0..pairs {
            let square = f64x2_mul(r, r);
            let quotient = f64x2_sub(f64x2_add(f64x2_mul(square, inverse), rounder), rounder);
            let t = f64x2_sub(square, f64x2_mul(quotient, m));
            let t = f64x2_add(t, v128_and(f64x2_lt(t, zero), m));
            let t = f64x2_sub(t, v128_and(f64x2_ge(t, m), m));
            total = f64x2_add(total, t);
            r = f64x2_add(r, two);
        }
        f64x2_extract_lane::<0>(total) + f64x2_extract_lane::<1>(total)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_sums_by_hand() {
        // 1 + 4 + 9 + 16 = 30, all below the modulus.
        assert_eq!(sum_in_unit(4, 0), 30);
        assert_eq!(reference(4), 30);
    }

    #[test]
    fn reference_agrees_with_blocks_across_periods() {
        let n = 2 * MODULUS + 12_345;
        let blocks: u64 = (0..units(n)).map(|u| sum_in_unit(n, u)).fold(0, u64::wrapping_add);
        assert_eq!(blocks, reference(n));
        let counted: u64 = (0..units(n)).map(|u| numbers_in_unit(n, u)).sum();
        assert_eq!(counted, n);
    }

    #[test]
    fn square_mod_is_exact_for_every_residue() {
        for r in 0..MODULUS {
            assert_eq!(square_mod(r as f64) as u64, term(r), "r = {r}");
        }
    }

    #[test]
    fn blocks_match_the_obvious_sum_across_a_wrap() {
        // Block 100 holds 1 000 001..=1 010 000: it wraps past M.
        for unit in [0, 99, 100, 101, 12_345] {
            let n = 2_000_000_000;
            let first = unit * NUMBERS_PER_UNIT + 1;
            let obvious = (first..first + NUMBERS_PER_UNIT).map(term).sum::<u64>();
            assert_eq!(sum_in_unit(n, unit), obvious, "unit {unit}");
        }
        // A short last block.
        assert_eq!(sum_in_unit(1_000_005, 100), (1_000_001..=1_000_005).map(term).sum::<u64>());
    }

    #[test]
    fn term_wraps_at_the_modulus() {
        assert_eq!(term(MODULUS), 0);
        assert_eq!(term(MODULUS + 2), 4);
    }
}
