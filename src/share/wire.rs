//! The bytes of a share link, version 1 (`docs/share-links.md`): plain
//! structs serialised with postcard. Kept apart from the results types on
//! purpose — those may grow, but a version-1 link must decode the same
//! forever. Enums are one-byte codes from fixed tables (never Rust's
//! variant order); times are whole microseconds, timer resolutions whole
//! 0.1 µs, because the page rounds them so when it measures — a link gives
//! back exactly the numbers that went in.

use crate::config::{Model, RunConfig, Schedule};
use crate::kernels::WorkloadKind;
use crate::results::{Env, Point, Results, RESULTS_VERSION};
use serde::{Deserialize, Serialize};

#[derive(Debug, Serialize, Deserialize)]
pub struct LinkV1 {
    pub runs: Vec<RunV1>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct RunV1 {
    pub label: String,
    pub env: EnvV1,
    pub config: ConfigV1,
    pub points: Vec<PointV1>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct EnvV1 {
    pub user_agent: String,
    pub hardware_concurrency: u32,
    pub cross_origin_isolated: bool,
    pub timer_resolution_100ns: u64,
    /// 0 unknown, 1 plain, 2 threads.
    pub build: u8,
    pub pool_threads: Option<u32>,
    pub pool_startup_us: Option<u64>,
    pub pool_ready_at_us: Option<u64>,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct ConfigV1 {
    pub workload: u8,
    /// Every model measured; the first is the run's model.
    pub models: Vec<u8>,
    pub schedule: u8,
    /// Every chunk size measured; the first is the run's chunk.
    pub chunks: Vec<u64>,
    pub n: u64,
    pub workers: Vec<u32>,
    pub repeats: u32,
    pub seed: u64,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct PointV1 {
    pub workers: u32,
    pub model: u8,
    pub schedule: u8,
    pub chunk: u64,
    pub times_us: Vec<u64>,
    pub answer: String,
    pub verified: bool,
    pub check: String,
    pub threads_used: u32,
    pub chunks_total: u64,
    pub startup_us: Option<u64>,
    pub dispatch_us: Option<u64>,
}

/// The fixed one-byte codes of version 1. New names get new codes; a code
/// is never reused.
const WORKLOADS: [(WorkloadKind, u8); 8] = [
    (WorkloadKind::Pi, 0),
    (WorkloadKind::Sum, 1),
    (WorkloadKind::Factor, 2),
    (WorkloadKind::Primes, 3),
    (WorkloadKind::Mandelbrot, 4),
    (WorkloadKind::Wait, 5),
    (WorkloadKind::Copy, 6),
    (WorkloadKind::Triad, 7),
];
const MODELS: [(Model, u8); 4] = [(Model::Threads, 0), (Model::Processes, 1), (Model::Gil, 2), (Model::Sequential, 3)];
const SCHEDULES: [(Schedule, u8); 3] = [(Schedule::Static, 0), (Schedule::Dynamic, 1), (Schedule::Steal, 2)];
const BUILDS: [(&str, u8); 3] = [("", 0), ("plain", 1), ("threads", 2)];

fn code<T: PartialEq + Copy>(table: &[(T, u8)], value: T) -> u8 {
    table.iter().find(|(v, _)| *v == value).map_or(u8::MAX, |&(_, c)| c)
}

fn from_code<T: Copy>(table: &[(T, u8)], code: u8, what: &str) -> Result<T, String> {
    table.iter().find(|(_, c)| *c == code).map(|&(v, _)| v).ok_or_else(|| format!("unknown {what} code {code}"))
}

/// Whole units of `unit` ms (1e-3 for µs); negative or absurd values saturate and are refused on the way in.
fn ticks(ms: f64, per_ms: f64) -> u64 {
    (ms * per_ms).round().clamp(0.0, u64::MAX as f64) as u64
}

fn from_ticks(ticks: u64, per_ms: f64) -> f64 {
    ticks as f64 / per_ms
}

const US: f64 = 1_000.0;
const HUNDRED_NS: f64 = 10_000.0;

impl RunV1 {
    pub fn from_results(doc: &Results) -> RunV1 {
        let c = &doc.config;
        let e = &doc.env;
        RunV1 {
            label: doc.label.clone(),
            env: EnvV1 {
                user_agent: e.user_agent.clone(),
                hardware_concurrency: e.hardware_concurrency,
                cross_origin_isolated: e.cross_origin_isolated,
                timer_resolution_100ns: ticks(e.timer_resolution_ms, HUNDRED_NS),
                build: code(&BUILDS, e.build.as_str()),
                pool_threads: e.pool_threads,
                pool_startup_us: e.pool_startup_ms.map(|ms| ticks(ms, US)),
                pool_ready_at_us: e.pool_ready_at_ms.map(|ms| ticks(ms, US)),
            },
            config: ConfigV1 {
                workload: code(&WORKLOADS, c.workload),
                models: c.models.iter().map(|&m| code(&MODELS, m)).collect(),
                schedule: code(&SCHEDULES, c.schedule),
                chunks: c.chunks.clone(),
                n: c.n,
                workers: c.workers.clone(),
                repeats: c.repeats,
                seed: c.seed,
            },
            points: doc
                .points
                .iter()
                .map(|p| PointV1 {
                    workers: p.workers,
                    model: code(&MODELS, p.model),
                    schedule: code(&SCHEDULES, p.schedule),
                    chunk: p.chunk,
                    times_us: p.times_ms.iter().map(|&t| ticks(t, US)).collect(),
                    answer: p.answer.clone(),
                    verified: p.verified,
                    check: p.check.clone(),
                    threads_used: p.threads_used,
                    chunks_total: p.chunks_total,
                    startup_us: p.startup_ms.map(|ms| ticks(ms, US)),
                    dispatch_us: p.dispatch_ms.map(|ms| ticks(ms, US)),
                })
                .collect(),
        }
    }

    /// The results document this run describes, not yet validated (that is
    /// `intake::admit`'s job); median, min and max are filled in there.
    pub fn into_results(self) -> Result<Results, String> {
        let c = self.config;
        let models = c.models.iter().map(|&m| from_code(&MODELS, m, "model")).collect::<Result<Vec<_>, _>>()?;
        let config = RunConfig {
            workload: from_code(&WORKLOADS, c.workload, "workload")?,
            model: *models.first().ok_or("the run lists no model")?,
            models,
            schedule: from_code(&SCHEDULES, c.schedule, "schedule")?,
            chunk: *c.chunks.first().ok_or("the run lists no chunk size")?,
            chunks: c.chunks,
            n: c.n,
            workers: c.workers,
            repeats: c.repeats,
            seed: c.seed,
            wait_ms: None,
        };
        let e = self.env;
        let env = Env {
            user_agent: e.user_agent,
            hardware_concurrency: e.hardware_concurrency,
            cross_origin_isolated: e.cross_origin_isolated,
            timer_resolution_ms: from_ticks(e.timer_resolution_100ns, HUNDRED_NS),
            build: from_code(&BUILDS, e.build, "build")?.to_string(),
            pool_threads: e.pool_threads,
            pool_startup_ms: e.pool_startup_us.map(|t| from_ticks(t, US)),
            pool_ready_at_ms: e.pool_ready_at_us.map(|t| from_ticks(t, US)),
        };
        let points = self
            .points
            .into_iter()
            .map(|p| {
                Ok(Point {
                    workers: p.workers,
                    model: from_code(&MODELS, p.model, "model")?,
                    schedule: from_code(&SCHEDULES, p.schedule, "schedule")?,
                    chunk: p.chunk,
                    times_ms: p.times_us.into_iter().map(|t| from_ticks(t, US)).collect(),
                    median_ms: 0.0,
                    min_ms: 0.0,
                    max_ms: 0.0,
                    answer: p.answer,
                    verified: p.verified,
                    check: p.check,
                    threads_used: p.threads_used,
                    chunks: Vec::new(),
                    chunks_total: p.chunks_total,
                    startup_ms: p.startup_us.map(|t| from_ticks(t, US)),
                    dispatch_ms: p.dispatch_us.map(|t| from_ticks(t, US)),
                    start_lag_ms: None,
                    transfer_ms: None,
                    transfer_bytes: None,
                    bandwidth_gbs: None,
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        Ok(Results { version: RESULTS_VERSION, label: self.label, env, config, points, analysis: Vec::new(), share_url: None })
    }
}
