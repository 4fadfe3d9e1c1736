//! What a curve says: speedup and efficiency (`scaling.rs`), the fitted
//! scaling laws (`fit.rs`: Amdahl, Karp–Flatt, USL) and the physical-core
//! estimate (`knee.rs`), per series — the points of one run under one
//! model, schedule and chunk size. **Charts never compute statistics; they
//! draw what this module returns.**

pub mod fit;
pub mod knee;
mod scaling;

pub use scaling::{scaling, Scaling};

use crate::config::{Model, RunConfig, Schedule};
use crate::kernels::{Bound, WorkloadKind};
use crate::results::Point;
use fit::{KarpFlatt, Usl};
use knee::{NoKnee, Sample};
use serde::Serialize;

/// The points of one series, ascending in workers.
#[derive(Clone, Debug)]
pub struct SeriesPoints<'a> {
    pub workload: WorkloadKind,
    pub model: Model,
    pub schedule: Schedule,
    pub chunk: u64,
    /// The fewest workers the run's configuration asks for: the speedups' baseline.
    pub baseline_workers: u32,
    pub points: Vec<&'a Point>,
}

/// A run's points split into series, in the configuration's order of
/// models and chunk sizes; series without points are left out.
pub fn series<'a>(config: &RunConfig, points: &'a [Point]) -> Vec<SeriesPoints<'a>> {
    let mut out = Vec::new();
    for &model in &config.models {
        for &chunk in &config.chunks {
            let mut mine: Vec<&Point> = points.iter().filter(|p| p.model == model && p.chunk == chunk).collect();
            mine.sort_by_key(|p| p.workers);
            if !mine.is_empty() {
                let baseline_workers = config.workers.first().copied().unwrap_or(1);
                out.push(SeriesPoints { workload: config.workload, model, schedule: config.schedule, chunk, baseline_workers, points: mine });
            }
        }
    }
    out
}

/// The `analysis` entry of one series in the results JSON.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SeriesAnalysis {
    pub model: Model,
    pub schedule: Schedule,
    pub chunk: u64,
    /// Amdahl's f from all points (least squares); null with fewer than two worker counts.
    pub amdahl_serial_fraction: Option<f64>,
    pub karp_flatt: Vec<KarpFlatt>,
    /// With at least six worker counts.
    pub usl: Option<Usl>,
    pub estimated_physical_cores: Option<u32>,
    /// Why there is no estimate.
    pub reason: Option<NoKnee>,
}

/// Amdahl's law read against the points it was fitted to.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum AmdahlReading {
    Fits(fit::Amdahl),
    /// `workers` took `median_ms`, under the `floor_ms` the fit allows any number of workers.
    Broken {
        workers: u32,
        median_ms: f64,
        floor_ms: f64,
    },
}

impl AmdahlReading {
    /// The fit, when it describes the points (what the speedup chart draws).
    pub fn fit(self) -> Option<fit::Amdahl> {
        match self {
            AmdahlReading::Fits(fit) => Some(fit),
            AmdahlReading::Broken { .. } => None,
        }
    }
}

impl SeriesPoints<'_> {
    pub fn owned_points(&self) -> Vec<Point> {
        self.points.iter().map(|&p| p.clone()).collect()
    }

    /// Speedup and efficiency of this series — none until the fewest workers
    /// the configuration asks for are measured: while a sweep runs (or after
    /// it was stopped) another count must not stand in for them, or k = 3
    /// measured first would read as 3.00×.
    pub fn scaling(&self) -> Vec<Scaling> {
        let has_baseline = self.points.iter().any(|p| p.workers == self.baseline_workers && p.median_ms > 0.0);
        if has_baseline {
            scaling(&self.owned_points())
        } else {
            Vec::new()
        }
    }

    /// The points the laws are fitted to: those with a positive time, the
    /// same the speedups and the core estimate read (a run too quick for the
    /// clock shows 0 ms and says nothing about scaling).
    fn medians(&self) -> Vec<(f64, f64)> {
        self.points.iter().filter(|p| p.median_ms > 0.0 && p.median_ms.is_finite()).map(|p| (f64::from(p.workers), p.median_ms)).collect()
    }

    /// Amdahl's law fitted to this series' medians (the results JSON's `amdahl_serial_fraction`).
    pub fn amdahl(&self) -> Option<fit::Amdahl> {
        fit::amdahl(&self.medians())
    }

    /// What the page may say and draw of Amdahl's law for this series: the
    /// fit, unless a measured time beats its floor (`Amdahl::broken_by`).
    pub fn amdahl_reading(&self) -> Option<AmdahlReading> {
        let fit = self.amdahl()?;
        Some(match fit.broken_by(&self.medians()) {
            None => AmdahlReading::Fits(fit),
            // Worker counts are u32s, so the float converts back exactly.
            Some((workers, median_ms)) => AmdahlReading::Broken { workers: workers as u32, median_ms, floor_ms: fit.floor_ms() },
        })
    }

    pub fn analyse(&self) -> SeriesAnalysis {
        let speedups: Vec<(u32, f64)> = self.scaling().into_iter().map(|s| (s.workers, s.speedup)).collect();
        let samples: Vec<Sample> = self.points.iter().map(|p| Sample { workers: p.workers, median_ms: p.median_ms, min_ms: p.min_ms, max_ms: p.max_ms }).collect();
        // Only a CPU-bound curve bends at the cores; the others are read for what limits them.
        let knee = match self.workload.bound() {
            Bound::Cpu => knee::estimate_cores(&samples),
            Bound::Memory => Err(NoKnee::MemoryBound),
            Bound::Waiting => Err(NoKnee::Waiting),
        };
        SeriesAnalysis {
            model: self.model,
            schedule: self.schedule,
            chunk: self.chunk,
            amdahl_serial_fraction: self.amdahl().map(|a| a.serial_fraction),
            karp_flatt: fit::karp_flatt(&speedups),
            usl: fit::usl(&speedups),
            estimated_physical_cores: knee.ok(),
            reason: knee.err(),
        }
    }
}

/// The analysis of every series of a run.
pub fn analyse(config: &RunConfig, points: &[Point]) -> Vec<SeriesAnalysis> {
    series(config, points).iter().map(SeriesPoints::analyse).collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::config::parse_query;

    /// A point with three repeats within ±1 % of `median_ms`.
    pub(crate) fn point(workers: u32, model: Model, median_ms: f64) -> Point {
        Point {
            workers,
            model,
            schedule: Schedule::Dynamic,
            chunk: 40,
            times_ms: vec![median_ms * 0.99, median_ms, median_ms * 1.01],
            median_ms,
            min_ms: median_ms * 0.99,
            max_ms: median_ms * 1.01,
            answer: String::new(),
            verified: true,
            check: String::new(),
            threads_used: workers,
            chunks: vec![],
            chunks_total: 0,
            startup_ms: None,
            dispatch_ms: None,
            transfer_ms: None,
            transfer_bytes: None,
            bandwidth_gbs: None,
            start_lag_ms: None,
        }
    }

    #[test]
    fn one_analysis_per_model_in_the_configurations_order() {
        let config = parse_query("model=gil,threads&workers=1-4&chunk=40", 2).unwrap().config;
        let mut points = Vec::new();
        for k in 1..=4 {
            points.push(point(k, Model::Threads, 100.0 / f64::from(k.min(2))));
            points.push(point(k, Model::Gil, 100.0));
        }
        let a = analyse(&config, &points);
        assert_eq!(a.iter().map(|s| s.model).collect::<Vec<_>>(), vec![Model::Gil, Model::Threads]);
        assert_eq!((a[0].estimated_physical_cores, a[0].reason), (None, Some(NoKnee::NoSpeedup)));
        assert!((a[0].amdahl_serial_fraction.unwrap() - 1.0).abs() < 1e-9);
        assert_eq!(a[1].estimated_physical_cores, Some(2));
        assert_eq!(a[1].karp_flatt.len(), 3);
        assert!(a[1].usl.is_none(), "four worker counts are too few for USL");
        let json = serde_json::to_value(&a[0]).unwrap();
        assert_eq!(json["reason"], "no_speedup");
        assert_eq!(json["model"], "gil");
    }

    #[test]
    fn a_point_too_quick_for_the_clock_is_left_out_of_amdahl_as_out_of_the_speedups() {
        let config = parse_query("model=threads&workers=1-3&chunk=40", 2).unwrap().config;
        let points = vec![point(1, Model::Threads, 100.0), point(2, Model::Threads, 0.0), point(3, Model::Threads, 50.0)];
        let a = analyse(&config, &points);
        assert_eq!(a[0].karp_flatt.len(), 1, "k = 3 read against k = 1");
        let before_one = analyse(&config, &points[1..]);
        assert!(before_one[0].karp_flatt.is_empty(), "k = 1 not measured yet: no speedups, no stand-in baseline");
        let f = a[0].amdahl_serial_fraction.expect("fitted to k = 1 and 3");
        assert!((f - 0.25).abs() < 1e-9, "T = a + b/k through (1, 100) and (3, 50): a = 25, f = {f}");
    }
}
