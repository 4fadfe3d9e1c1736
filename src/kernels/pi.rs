//! Monte Carlo π (seed 004): throw points into the unit square, count those
//! inside the quarter circle. One unit is a block of [`SAMPLES_PER_UNIT`]
//! samples with its own random stream, so the estimate is the same for any
//! split of the blocks among workers.

use super::rng::SplitMix64;

/// Samples in one unit of work.
pub const SAMPLES_PER_UNIT: u64 = 10_000;

/// Number of units for `samples` samples (the last one may be short).
pub fn units(samples: u64) -> u64 {
    samples.div_ceil(SAMPLES_PER_UNIT)
}

/// How many samples block `unit` holds (the last one may be short).
pub fn samples_in_unit(samples: u64, unit: u64) -> u64 {
    SAMPLES_PER_UNIT.min(samples.saturating_sub(unit * SAMPLES_PER_UNIT))
}

/// Points inside the quarter circle among the samples of block `unit`.
pub fn inside_in_unit(seed: u64, samples: u64, unit: u64) -> u64 {
    let count = samples_in_unit(samples, unit);
    let mut rng = SplitMix64::for_block(seed, unit);
    let mut inside = 0u64;
    const SCALE: f64 = 1.0 / (1u64 << 32) as f64;
    for _ in 0..count {
        let r = rng.next_u64();
        let x = (r >> 32) as f64 * SCALE;
        let y = (r & 0xFFFF_FFFF) as f64 * SCALE;
        inside += u64::from(x * x + y * y <= 1.0);
    }
    inside
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
    fn a_wrong_count_is_not_plausible() {
        assert!(!plausible(3.0, 10_000_000));
        // Counting half the samples twice (a broken split) is caught too.
        assert!(!plausible(estimate(785_398 / 2 * 3, 1_000_000), 1_000_000));
    }

    #[test]
    fn last_unit_is_short() {
        // 10_001 samples: one full unit and one of a single sample.
        assert_eq!(units(10_001), 2);
        assert!(inside_in_unit(1, 10_001, 1) <= 1);
    }
}
