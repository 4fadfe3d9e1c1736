//! Where a curve stops improving: the estimate of physical cores (seed
//! 000's claim — the knee sits at the physical cores, not at the logical
//! processors the browser reports). The rule uses the spread of the
//! repeats, so noise cannot invent a knee, and it says why when it gives
//! no estimate instead of guessing.
//!
//! Adding workers from a to b "counts" when it achieves at least half of the
//! ideal gain (T(a)/T(b) − 1 ≥ ½·(b/a − 1)) and the time drops by more than
//! the two points' spreads. The estimate is the last worker count of the
//! run of counting steps that starts at one worker — provided the curve
//! then stops: if a later count beats it by the same rule, the curve is too
//! noisy to read.

use serde::Serialize;

/// A point as the rule sees it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sample {
    pub workers: u32,
    pub median_ms: f64,
    pub min_ms: f64,
    pub max_ms: f64,
}

/// Why there is no estimate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NoKnee {
    /// Fewer than three worker counts, or none with one worker.
    TooFewPoints,
    /// The repeats vary too much to place a knee.
    TooNoisy,
    /// Even the second worker does not help: nothing ran in parallel.
    NoSpeedup,
    /// Still scaling at the largest count measured.
    NoBend,
    /// It flattens and then improves again.
    Unsteady,
    /// The workload is limited by memory bandwidth (`triad`, `copy`): where
    /// its curve flattens says how fast memory is, not how many cores there are.
    MemoryBound,
    /// The workload mostly waits (`wait`): waiting uses no core, so its
    /// curve says nothing about cores.
    Waiting,
}

/// The smallest relative spread assumed (one repeat shows none).
const SPREAD_FLOOR: f64 = 0.02;
/// A median relative half-spread above this is too noisy to read.
const TOO_NOISY: f64 = 0.15;
/// The share of the ideal gain a step must reach to count.
const GAIN_SHARE: f64 = 0.5;
/// A speedup over one worker this large (20 %) is no longer "no speedup".
const CLEAR_SPEEDUP: f64 = 0.2;

fn half_spread(s: &Sample) -> f64 {
    ((s.max_ms - s.min_ms) / 2.0).max(SPREAD_FLOOR * s.median_ms)
}

/// Whether going from `a` to `b` workers counts as a real improvement.
fn improves(a: &Sample, b: &Sample) -> bool {
    let gain = a.median_ms / b.median_ms - 1.0;
    let ideal = f64::from(b.workers) / f64::from(a.workers) - 1.0;
    gain >= GAIN_SHARE * ideal && a.median_ms - b.median_ms > half_spread(a) + half_spread(b)
}

/// The estimated number of cores the curve behaves like, or why there is none.
pub fn estimate_cores(samples: &[Sample]) -> Result<u32, NoKnee> {
    let mut s: Vec<Sample> = samples.iter().copied().filter(|s| s.median_ms > 0.0 && s.median_ms.is_finite()).collect();
    s.sort_by_key(|s| s.workers);
    if s.len() < 3 || s[0].workers != 1 {
        return Err(NoKnee::TooFewPoints);
    }
    let relative: Vec<f64> = s.iter().map(|p| (p.max_ms - p.min_ms) / 2.0 / p.median_ms).collect();
    if crate::measure::median(&relative) > TOO_NOISY {
        return Err(NoKnee::TooNoisy);
    }
    let steps = s.windows(2).take_while(|w| improves(&w[0], &w[1])).count();
    if steps == 0 {
        // The first step gained little, but a later count ran clearly faster
        // than one worker: that is a curve too uneven to read, not "no speedup".
        let clearly_faster = |later: &Sample| s[0].median_ms / later.median_ms >= 1.0 + CLEAR_SPEEDUP && s[0].median_ms - later.median_ms > half_spread(&s[0]) + half_spread(later);
        return Err(if s[1..].iter().any(clearly_faster) { NoKnee::Unsteady } else { NoKnee::NoSpeedup });
    }
    if steps == s.len() - 1 {
        return Err(NoKnee::NoBend);
    }
    let knee = &s[steps];
    if s[steps + 1..].iter().any(|later| improves(knee, later)) {
        return Err(NoKnee::Unsteady);
    }
    Ok(knee.workers)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Times with a spread of ±`jitter` ms around `median`.
    fn sample(workers: u32, median_ms: f64, jitter: f64) -> Sample {
        Sample { workers, median_ms, min_ms: median_ms - jitter, max_ms: median_ms + jitter }
    }

    /// T(k) = 100/k up to `knee`, then flat (plus a deterministic wobble within the spread).
    fn knee_curve(knee: u32, max: u32, jitter: f64) -> Vec<Sample> {
        (1..=max)
            .map(|k| {
                let ideal = 100.0 / f64::from(k.min(knee));
                let wobble = if k % 2 == 0 { jitter * 0.8 } else { -jitter * 0.8 };
                sample(k, ideal + wobble, jitter)
            })
            .collect()
    }

    #[test]
    fn a_knee_at_four_is_found_through_noise_within_the_spread() {
        assert_eq!(estimate_cores(&knee_curve(4, 8, 0.6)), Ok(4));
        assert_eq!(estimate_cores(&knee_curve(2, 4, 1.0)), Ok(2));
    }

    #[test]
    fn smt_siblings_add_a_little_but_do_not_move_the_knee() {
        // 4 cores, 8 logical processors: k = 5..8 gain ~10 % each, far from ideal.
        let mut s = knee_curve(4, 4, 0.3);
        for k in 5..=8 {
            s.push(sample(k, 25.0 / (1.0 + 0.05 * f64::from(k - 4)), 0.3));
        }
        assert_eq!(estimate_cores(&s), Ok(4));
    }

    #[test]
    fn flat_noisy_and_unbent_curves_give_no_estimate() {
        let flat: Vec<Sample> = (1..=4).map(|k| sample(k, 100.0 + f64::from(k % 2), 1.0)).collect();
        assert_eq!(estimate_cores(&flat), Err(NoKnee::NoSpeedup));
        let noisy: Vec<Sample> = (1..=6).map(|k| sample(k, 100.0 / f64::from(k.min(3)), 30.0 / f64::from(k.min(3)))).collect();
        assert_eq!(estimate_cores(&noisy), Err(NoKnee::TooNoisy));
        let noisy_flat: Vec<Sample> = (1..=4).map(|k| sample(k, 100.0 + 8.0 * f64::from(k % 2), 25.0)).collect();
        assert_eq!(estimate_cores(&noisy_flat), Err(NoKnee::TooNoisy));
        let straight: Vec<Sample> = (1..=4).map(|k| sample(k, 100.0 / f64::from(k), 0.5)).collect();
        assert_eq!(estimate_cores(&straight), Err(NoKnee::NoBend));
        assert_eq!(estimate_cores(&straight[..2]), Err(NoKnee::TooFewPoints));
        let dip = vec![sample(1, 100.0, 0.5), sample(2, 50.0, 0.5), sample(3, 50.0, 0.5), sample(4, 25.0, 0.5)];
        assert_eq!(estimate_cores(&dip), Err(NoKnee::Unsteady));
        // Little gained at 2, but 1.65× at 3 (Firefox, gil's neighbour in one sweep): uneven, not "no speedup".
        let late = vec![sample(1, 1.43, 0.02), sample(2, 1.06, 0.3), sample(3, 0.87, 0.02), sample(4, 1.05, 0.03)];
        assert_eq!(estimate_cores(&late), Err(NoKnee::Unsteady));
    }

    #[test]
    fn noise_is_judged_by_the_true_median_of_an_even_number_of_points() {
        // Relative half-spreads 0.02, 0.10, 0.19, 0.30: the median is 0.145,
        // under the limit; the upper middle alone (0.19) would call it noisy.
        let s = vec![sample(1, 100.0, 2.0), sample(2, 50.0, 5.0), sample(3, 50.0, 9.5), sample(4, 50.0, 15.0)];
        assert_ne!(estimate_cores(&s), Err(NoKnee::TooNoisy));
        let noisier = vec![sample(1, 100.0, 2.0), sample(2, 50.0, 8.0), sample(3, 50.0, 9.5), sample(4, 50.0, 15.0)];
        assert_eq!(estimate_cores(&noisier), Err(NoKnee::TooNoisy));
    }
}
