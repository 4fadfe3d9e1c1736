//! The measurement protocol: rounds of every worker count in a shuffled
//! order (the coordinator runs them), several repeats per count, and each
//! point summarised by its median and spread.
//! Checking every repeat's answer happens here too, so a point is verified
//! only when all of its repeats agree and check out.

use crate::config::{Cell, RunConfig};
use crate::engine::RunRecord;
use crate::kernels::rng::SplitMix64;
use crate::kernels::Reference;
use crate::kernels::WorkloadKind;
use crate::results::{bandwidth_gbs, round_to_us, Point};

/// The points of one round in the order to measure them: shuffled
/// (Fisher–Yates, seeded), so slow drift — heat, other tabs — does not line
/// up with k, a model or a chunk size: every cell of the sweep is
/// interleaved in the same rounds.
pub fn sweep_order<T: Clone>(cells: &[T], seed: u64) -> Vec<T> {
    let mut order = cells.to_vec();
    let mut rng = SplitMix64::new(seed);
    for i in (1..order.len()).rev() {
        let j = rng.in_range(0, i as u64) as usize;
        order.swap(i, j);
    }
    order
}

/// The median of `times` (mean of the middle two for an even count).
pub fn median(times: &[f64]) -> f64 {
    if times.is_empty() {
        return f64::NAN;
    }
    let mut sorted = times.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mid = sorted.len() / 2;
    if sorted.len() % 2 == 1 {
        sorted[mid]
    } else {
        (sorted[mid - 1] + sorted[mid]) / 2.0
    }
}

/// What a point's check starts with when its repeats gave different answers.
pub const DISAGREE: &str = "repeats disagree; ";
/// What a point's check starts with when its answer is not the one the
/// sweep's first run gave, followed by that run's `k (model, chunk c); `.
pub const DIFFERS: &str = "answer differs from k = ";

/// One point of the sweep from its repeats. `startup_ms` is the cost of
/// starting the workers, measured apart from the runs (processes only).
pub fn summarize_point(config: &RunConfig, cell: Cell, runs: &[RunRecord], reference: Reference, startup_ms: Option<f64>) -> Point {
    let workload = config.workload();
    let times_ms: Vec<f64> = runs.iter().map(|r| round_to_us(r.elapsed_ms)).collect();
    let first = runs.first().map(|r| r.tally).unwrap_or_default();
    let answer = workload.answer(first, reference);
    let agree = runs.iter().all(|r| r.tally == first);
    let median_ms = median(&times_ms);
    // The timeline shown is the repeat closest to the median.
    let copies = workload.kind == WorkloadKind::Copy && !runs.is_empty();
    let typical = runs.iter().min_by(|a, b| (a.elapsed_ms - median_ms).abs().total_cmp(&(b.elapsed_ms - median_ms).abs()));
    let mut point = Point {
        workers: cell.workers,
        model: cell.model,
        schedule: config.schedule,
        chunk: cell.chunk,
        median_ms,
        min_ms: times_ms.iter().copied().fold(f64::INFINITY, f64::min),
        max_ms: times_ms.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        times_ms,
        answer: answer.value,
        verified: !runs.is_empty() && agree && answer.verified,
        check: if agree { answer.check } else { format!("{DISAGREE}{}", answer.check) },
        threads_used: runs.iter().map(|r| r.threads_used).min().unwrap_or(0),
        chunks: typical.map(|r| r.chunks.clone()).unwrap_or_default(),
        chunks_total: typical.map_or(0, |r| r.chunks_total),
        startup_ms: startup_ms.map(round_to_us),
        // The median wake-up of the pool threads, when the model woke any.
        dispatch_ms: runs.iter().any(|r| r.dispatch_ms > 0.0).then(|| round_to_us(median(&runs.iter().map(|r| r.dispatch_ms).collect::<Vec<_>>()))),
        start_lag_ms: None,
        transfer_ms: copies.then(|| round_to_us(median(&runs.iter().map(|r| r.transfer_ms).collect::<Vec<_>>()))),
        transfer_bytes: copies.then(|| typical.map_or(0, |r| r.transfer_bytes)),
        bandwidth_gbs: workload.kind.bytes_moved(workload.n).and_then(|bytes| bandwidth_gbs(bytes, median_ms)),
    };
    point.start_lag_ms = point.derived_start_lag_ms();
    point
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::parse_query;
    use crate::kernels::Tally;

    #[test]
    fn order_is_a_reproducible_permutation() {
        let ks: Vec<u32> = (1..=8).collect();
        let a = sweep_order(&ks, 3);
        assert_eq!(a, sweep_order(&ks, 3));
        let mut sorted = a.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, ks);
        assert_ne!(a, ks, "seed 3 happens to shuffle; a fixed order would hide drift");
    }

    #[test]
    fn medians() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 2.0, 3.0]), 2.5);
        assert!(median(&[]).is_nan());
    }

    fn record(ms: f64, tally: Tally, threads: u32) -> RunRecord {
        RunRecord { elapsed_ms: ms, tally, threads_used: threads, chunks: vec![], chunks_total: 0, dispatch_ms: 0.0, transfer_ms: 0.0, transfer_bytes: 0 }
    }

    #[test]
    fn a_point_needs_every_repeat_to_agree() {
        let config = parse_query("workload=primes&n=100&workers=1-2", 1).unwrap().config;
        let w = config.workload();
        let good = w.run(0..w.units());
        let bad = Tally { value: good.value + 1, ..good };
        let cell = Cell { workers: 2, model: config.model, chunk: config.chunk };
        let ok = summarize_point(&config, cell, &[record(3.0, good, 2), record(1.0, good, 2), record(2.0, good, 1)], w.reference(), None);
        assert!(ok.verified);
        assert_eq!((ok.median_ms, ok.min_ms, ok.max_ms), (2.0, 1.0, 3.0));
        assert_eq!(ok.threads_used, 1, "the fewest threads any repeat used");
        assert_eq!(ok.answer, "25");
        let mixed = summarize_point(&config, cell, &[record(1.0, good, 2), record(1.0, bad, 2)], w.reference(), None);
        assert!(!mixed.verified);
        assert!(mixed.check.contains("disagree"));
    }
}
