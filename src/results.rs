//! The results document — what "Export JSON" downloads and what
//! `window.corescope.lastRun()` returns.
//! Its schema is documented in `docs/results-schema.md`; bump
//! [`RESULTS_VERSION`] on any change that is not a pure addition.

use crate::analysis::SeriesAnalysis;
use crate::config::{Model, RunConfig, Schedule};
use crate::engine::ChunkRecord;
use serde::{Deserialize, Serialize};

pub const RESULTS_VERSION: u32 = 1;

/// One measured worker count.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Point {
    pub workers: u32,
    pub model: Model,
    pub schedule: Schedule,
    pub chunk: u64,
    /// Every repeat, in the order run.
    pub times_ms: Vec<f64>,
    pub median_ms: f64,
    pub min_ms: f64,
    pub max_ms: f64,
    pub answer: String,
    pub verified: bool,
    /// How the answer was checked.
    pub check: String,
    /// Distinct threads (or process workers) that ran work, fewest over the repeats.
    pub threads_used: u32,
    /// Who ran which units when, for the repeat closest to the median.
    /// (Absent when the page hands points to the charts, which do not need it.)
    #[serde(default)]
    pub chunks: Vec<ChunkRecord>,
    pub chunks_total: u64,
    /// Starting the process workers (processes model only), not part of `times_ms`.
    #[serde(default, skip_serializing_if = "crate::wire::absent")]
    pub startup_ms: Option<f64>,
    /// Waking the k pool threads and gathering them at the start line, before
    /// the clock starts (threads and gil models; median of the repeats), not
    /// part of `times_ms`.
    #[serde(default, skip_serializing_if = "crate::wire::absent")]
    pub dispatch_ms: Option<f64>,
    /// How long after the clock started the last worker began its first
    /// chunk, in the repeat the timeline shows (0: all at work from the
    /// start; `engine::start_lag_ms`). Derived from `chunks`: recomputed
    /// whenever a document is read; absent without chunk records.
    #[serde(default, skip_serializing_if = "crate::wire::absent")]
    pub start_lag_ms: Option<f64>,
    /// `copy` only: sending the input's slices to the process Workers,
    /// summed over a run's chunks (median of the repeats) — part of
    /// `times_ms`, reported apart; 0 under the models that share memory.
    #[serde(default, skip_serializing_if = "crate::wire::absent")]
    pub transfer_ms: Option<f64>,
    /// `copy` only: the bytes those transfers moved in one run.
    #[serde(default, skip_serializing_if = "crate::wire::absent")]
    pub transfer_bytes: Option<u64>,
    /// `copy` and `triad`: the bytes a run reads and writes over `median_ms`,
    /// in GB/s (10⁹ bytes). Derived: recomputed whenever a document is read.
    #[serde(default, skip_serializing_if = "crate::wire::absent")]
    pub bandwidth_gbs: Option<f64>,
}

impl Point {
    /// `start_lag_ms` as derived from this point's chunk records (whole µs).
    pub fn derived_start_lag_ms(&self) -> Option<f64> {
        crate::engine::start_lag_ms(&self.chunks, self.chunks_total, self.workers).map(round_to_us)
    }

    /// `copy` under processes: the share of the Workers' time (k × the
    /// median) spent receiving input; `None` when nothing was sent or the
    /// time is zero.
    pub fn transfer_share(&self) -> Option<f64> {
        let workers_ms = self.median_ms * f64::from(self.workers);
        (self.transfer_bytes.is_some_and(|b| b > 0) && workers_ms > 0.0).then(|| self.transfer_ms.unwrap_or(0.0) / workers_ms)
    }
}

/// GB/s (10⁹ bytes per second) of `bytes` moved in `ms`.
pub fn bandwidth_gbs(bytes: u64, ms: f64) -> Option<f64> {
    (ms > 0.0).then(|| bytes as f64 / ms / 1e6)
}

/// Where the results were measured.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Env {
    pub user_agent: String,
    pub hardware_concurrency: u32,
    pub cross_origin_isolated: bool,
    /// The smallest step of `performance.now()` seen, in ms.
    pub timer_resolution_ms: f64,
    /// "threads" when the shared-memory build ran the work, else "plain"
    /// (empty while a run is starting).
    #[serde(default)]
    pub build: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pool_threads: Option<u32>,
    /// How long the pool took to start once the coordinator had its build,
    /// in ms (its Workers were started with the coordinator, before that).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pool_startup_ms: Option<f64>,
    /// When the pool was ready, in ms after the page started loading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pool_ready_at_ms: Option<f64>,
}

/// A whole sweep.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Results {
    pub version: u32,
    /// What the comparison calls this run: where it was measured, in words,
    /// unless the visitor renamed it. (Added in version 1; files without it
    /// get the default label when imported.)
    #[serde(default)]
    pub label: String,
    pub env: Env,
    pub config: RunConfig,
    /// Sorted by `workers`.
    pub points: Vec<Point>,
    /// One entry per series (model × chunk size): the fitted laws and the
    /// physical-core estimate. Derived from `points` whenever the page hands
    /// the document out; never read (a file's is skipped unparsed: the
    /// page's wasm carries no reader for it).
    #[serde(default, skip_deserializing)]
    pub analysis: Vec<SeriesAnalysis>,
    /// A link that opens this run on any browser (`docs/share-links.md`);
    /// set by the page, never read from a file.
    #[serde(default, skip_deserializing, skip_serializing_if = "Option::is_none")]
    pub share_url: Option<String>,
}

/// Milliseconds rounded to whole microseconds: how every measured time
/// enters a results document, so a share link (which carries µs as
/// integers) gives back exactly the same numbers.
pub fn round_to_us(ms: f64) -> f64 {
    (ms * 1000.0).round() / 1000.0
}

/// A timer resolution rounded to 0.1 µs (its precision in a share link).
pub fn round_to_100ns(ms: f64) -> f64 {
    (ms * 10_000.0).round() / 10_000.0
}
