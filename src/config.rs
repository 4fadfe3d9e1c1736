//! A run's configuration and its validation. URL query strings come from
//! strangers: every value is parsed strictly and a bad one is reported with
//! the parameter's name and what would be accepted — never defaulted
//! silently, never passed on.

use crate::kernels::{Workload, WorkloadKind};
use crate::text::quoted;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The most workers a sweep may ask for (the pool is one Worker per thread).
pub const MAX_WORKERS: u32 = 64;
/// The most repeats per worker count.
pub const MAX_REPEATS: u32 = 50;
/// The largest seed: 2^53 − 1, so it survives a trip through a JS number.
pub const MAX_SEED: u64 = (1 << 53) - 1;
/// The most chunks a processes run may send (each is a message round trip).
pub const MAX_PROCESS_CHUNKS: u64 = 100_000;
/// How many dynamic chunks the default chunk size aims for.
pub const DEFAULT_CHUNKS: u64 = 256;

/// How the work runs in parallel (the seeds' comparison).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Model {
    /// Shared-memory wasm threads in the rayon pool.
    Threads,
    /// Workers with their own module instance and memory, talking by messages.
    Processes,
    /// Threads that must hold one global lock while they compute (Python's GIL).
    Gil,
    /// One thread, no pool: the baseline.
    Sequential,
}

/// How the units are handed to workers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Schedule {
    /// k contiguous blocks, one per worker.
    Static,
    /// Workers pull chunks of `chunk` units from a shared counter.
    Dynamic,
    /// rayon's work stealing over chunks of `chunk` units.
    Steal,
}

named_enum!(Model { Threads => "threads", Processes => "processes", Gil => "gil", Sequential => "sequential" });
named_enum!(Schedule { Static => "static", Dynamic => "dynamic", Steal => "steal" });

impl Model {
    /// Whether the model needs the shared-memory (threads) build.
    pub fn needs_shared_memory(self) -> bool {
        matches!(self, Model::Threads | Model::Gil)
    }
}

/// Everything that decides what a sweep computes and how.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunConfig {
    pub workload: WorkloadKind,
    pub model: Model,
    pub schedule: Schedule,
    /// Units per chunk for `dynamic` and `steal` (ignored by `static`).
    pub chunk: u64,
    pub n: u64,
    /// Worker counts to measure, ascending, distinct.
    pub workers: Vec<u32>,
    pub repeats: u32,
    pub seed: u64,
}

impl RunConfig {
    pub fn workload(&self) -> Workload {
        Workload { kind: self.workload, n: self.n, seed: self.seed }
    }

    pub fn max_workers(&self) -> u32 {
        self.workers.iter().copied().max().unwrap_or(1)
    }
}

/// A parameter that could not be accepted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ConfigError {
    pub param: String,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.param, self.message)
    }
}

impl std::error::Error for ConfigError {}

fn bad(param: &str, message: impl Into<String>) -> ConfigError {
    ConfigError { param: param.to_string(), message: message.into() }
}

/// A configuration read from a URL, and whether it asks to start at once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Request {
    pub config: RunConfig,
    pub autorun: bool,
}

/// The default worker counts: 1 ..= 2 × hardwareConcurrency (past the
/// reported count, to find the knee), capped at [`MAX_WORKERS`].
pub fn default_workers(hardware_concurrency: u32) -> Vec<u32> {
    (1..=(2 * hardware_concurrency.max(1)).min(MAX_WORKERS)).collect()
}

/// The default chunk for `units` units: about [`DEFAULT_CHUNKS`] chunks.
pub fn default_chunk(units: u64) -> u64 {
    units.div_ceil(DEFAULT_CHUNKS).max(1)
}

/// Reads a query string (`?a=b&c=d`, leading `?` optional) into a request.
pub fn parse_query(query: &str, hardware_concurrency: u32) -> Result<Request, ConfigError> {
    let mut pairs: Vec<(String, String)> = Vec::new();
    for part in query.trim_start_matches('?').split('&').filter(|p| !p.is_empty()) {
        let (key, value) = part.split_once('=').unwrap_or((part, ""));
        let key = percent_decode(key).ok_or_else(|| bad("query", "a parameter name is not valid percent-encoded UTF-8"))?;
        let value = percent_decode(value).ok_or_else(|| bad(&key, "the value is not valid percent-encoded UTF-8"))?;
        if pairs.iter().any(|(k, _)| *k == key) && KNOWN.contains(&key.as_str()) {
            return Err(bad(&key, "given more than once; give it once"));
        }
        pairs.push((key, value));
    }
    let get = |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim());

    let workload = match get("workload") {
        None => WorkloadKind::Pi,
        Some(v) => WorkloadKind::from_name(v).ok_or_else(|| bad("workload", format!("unknown workload {}; choose one of {}", quoted(v), names(WorkloadKind::ALL.iter().map(|w| w.name())))))?,
    };
    let model = match get("model") {
        None => Model::Threads,
        Some(v) => Model::from_name(v).ok_or_else(|| bad("model", format!("unknown model {}; choose one of {}", quoted(v), names(Model::ALL.iter().map(|m| m.name())))))?,
    };
    let schedule = match get("schedule") {
        None => Schedule::Dynamic,
        Some(v) => Schedule::from_name(v).ok_or_else(|| bad("schedule", format!("unknown schedule {}; choose one of {}", quoted(v), names(Schedule::ALL.iter().map(|s| s.name())))))?,
    };
    let n = match get("n") {
        None => workload.quick_n(),
        Some(v) => parse_count("n", v)?,
    };
    let workers = match get("workers") {
        None if model == Model::Sequential => vec![1],
        None => default_workers(hardware_concurrency),
        Some(v) => parse_workers(v)?,
    };
    let repeats = match get("repeats") {
        None => 3,
        Some(v) => u32::try_from(parse_count("repeats", v)?).map_err(|_| bad("repeats", "too large"))?,
    };
    let seed = match get("seed") {
        None => 1,
        Some(v) => v.parse::<u64>().ok().filter(|&s| s <= MAX_SEED).ok_or_else(|| bad("seed", format!("{} is not a whole number from 0 to {MAX_SEED}", quoted(v))))?,
    };
    let units = workload.units(n.max(1));
    let chunk = match get("chunk") {
        None => default_chunk(units),
        Some(v) => parse_count("chunk", v)?,
    };
    let autorun = match get("autorun") {
        None | Some("0") => false,
        Some("1") => true,
        Some(v) => return Err(bad("autorun", format!("{} is not 0 or 1", quoted(v)))),
    };
    let config = RunConfig { workload, model, schedule, chunk, n, workers, repeats, seed };
    validate(&config)?;
    Ok(Request { config, autorun })
}

const KNOWN: &[&str] = &["workload", "model", "schedule", "chunk", "n", "workers", "repeats", "seed", "autorun"];

/// Checks the combination of values; `parse_query` calls it, and so does
/// the wasm boundary for every configuration JS hands back.
pub fn validate(c: &RunConfig) -> Result<(), ConfigError> {
    let (lo, hi) = c.workload.n_limits();
    if !(lo..=hi).contains(&c.n) {
        return Err(bad("n", format!("{} for {} must be between {} and {} ({})", c.n, c.workload.name(), lo, hi, c.workload.n_meaning())));
    }
    if c.workers.is_empty() {
        return Err(bad("workers", "no worker counts given"));
    }
    if let Some(&w) = c.workers.iter().find(|&&w| w == 0 || w > MAX_WORKERS) {
        return Err(bad("workers", format!("{w} is outside 1–{MAX_WORKERS}")));
    }
    if c.workers.windows(2).any(|p| p[0] >= p[1]) {
        return Err(bad("workers", "the worker counts must be distinct and ascending"));
    }
    if c.model == Model::Sequential && c.workers != [1] {
        return Err(bad("workers", "the sequential model runs on one thread; use workers=1"));
    }
    if c.model == Model::Processes && c.schedule == Schedule::Steal {
        return Err(bad("schedule", "work stealing needs shared memory; processes take static or dynamic"));
    }
    if c.seed > MAX_SEED {
        return Err(bad("seed", format!("{} is above {MAX_SEED}", c.seed)));
    }
    if !(1..=MAX_REPEATS).contains(&c.repeats) {
        return Err(bad("repeats", format!("{} is outside 1–{MAX_REPEATS}", c.repeats)));
    }
    let units = c.workload.units(c.n);
    if u64::from(c.max_workers()) > units {
        return Err(bad("n", format!("n = {} gives {} units of work ({} each), fewer than the {} workers asked for", c.n, units, c.workload.unit_meaning(), c.max_workers())));
    }
    if c.chunk == 0 || c.chunk > units {
        return Err(bad("chunk", format!("{} must be between 1 and {} (the units of work: {} each)", c.chunk, units, c.workload.unit_meaning())));
    }
    let chunks = units.div_ceil(c.chunk);
    if c.model == Model::Processes && c.schedule == Schedule::Dynamic && chunks > MAX_PROCESS_CHUNKS {
        let smallest = units.div_ceil(MAX_PROCESS_CHUNKS);
        return Err(bad("chunk", format!("{} units per chunk make {chunks} chunks; each is a message to a process Worker, and at most {MAX_PROCESS_CHUNKS} are allowed: use a chunk of at least {smallest}", c.chunk)));
    }
    if c.schedule == Schedule::Dynamic && chunks < u64::from(c.max_workers()) {
        let largest = units / u64::from(c.max_workers());
        return Err(bad("chunk", format!("{} units per chunk make only {chunks} chunks, fewer than the {} workers; use a chunk of at most {largest}", c.chunk, c.max_workers())));
    }
    Ok(())
}

/// A positive whole number: digits (with optional `_` separators) or `1e8` style.
fn parse_count(param: &str, v: &str) -> Result<u64, ConfigError> {
    let err = || bad(param, format!("{} is not a positive whole number (e.g. 1000000 or 1e6)", quoted(v)));
    let digits = v.replace('_', "");
    let value = if let Some((mantissa, exp)) = digits.split_once(['e', 'E']) {
        let m: u64 = mantissa.parse().map_err(|_| err())?;
        let e: u32 = exp.parse().map_err(|_| err())?;
        10u64.checked_pow(e).and_then(|p| p.checked_mul(m)).ok_or_else(|| bad(param, format!("{} is too large", quoted(v))))?
    } else {
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err());
        }
        digits.parse().map_err(|_| bad(param, format!("{} is too large", quoted(v))))?
    };
    if value == 0 {
        return Err(bad(param, "must be at least 1"));
    }
    Ok(value)
}

/// `1-8` (a range) or `1,2,4` (a list, ranges allowed in it: `1-4,8`).
pub fn parse_workers(v: &str) -> Result<Vec<u32>, ConfigError> {
    let form = "write a range like 1-8 or a list like 1,2,4";
    let mut out = Vec::new();
    for item in v.split(',').map(str::trim) {
        let number = |s: &str| -> Result<u32, ConfigError> {
            let k: u32 = s.trim().parse().map_err(|_| bad("workers", format!("{} is not a worker count; {form}", quoted(s.trim()))))?;
            if k == 0 || k > MAX_WORKERS {
                return Err(bad("workers", format!("{k} is outside 1–{MAX_WORKERS}")));
            }
            Ok(k)
        };
        match item.split_once('-') {
            Some((a, b)) => {
                let (a, b) = (number(a)?, number(b)?);
                if a > b {
                    return Err(bad("workers", format!("the range {a}-{b} runs backwards; write {b}-{a}")));
                }
                out.extend(a..=b);
            }
            None => out.push(number(item)?),
        }
    }
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}


fn names<'a>(all: impl Iterator<Item = &'a str>) -> String {
    all.collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(q: &str) -> Result<Request, ConfigError> {
        parse_query(q, 2)
    }

    #[test]
    fn defaults_sweep_to_twice_the_cores() {
        let r = parse("").unwrap();
        assert_eq!(r.config.workers, vec![1, 2, 3, 4]);
        assert_eq!(r.config.workload, WorkloadKind::Pi);
        assert_eq!(r.config.model, Model::Threads);
        assert_eq!(r.config.repeats, 3);
        assert!(!r.autorun);
        assert_eq!(default_workers(48).len(), MAX_WORKERS as usize);
    }

    #[test]
    fn reads_every_parameter() {
        let r = parse("?workload=primes&model=gil&schedule=static&n=1e6&workers=1,2,4&repeats=5&chunk=100&seed=9&autorun=1").unwrap();
        let c = r.config;
        assert_eq!((c.workload, c.model, c.schedule), (WorkloadKind::Primes, Model::Gil, Schedule::Static));
        assert_eq!((c.n, c.repeats, c.chunk, c.seed), (1_000_000, 5, 100, 9));
        assert_eq!(c.workers, vec![1, 2, 4]);
        assert!(r.autorun);
    }

    #[test]
    fn workers_ranges_and_lists() {
        assert_eq!(parse_workers("1-4").unwrap(), vec![1, 2, 3, 4]);
        assert_eq!(parse_workers("4,1,2,2").unwrap(), vec![1, 2, 4]);
        assert_eq!(parse_workers("1-2,8").unwrap(), vec![1, 2, 8]);
        assert_eq!(parse("workers=1%2C2").unwrap().config.workers, vec![1, 2]);
    }

    #[test]
    fn bad_values_name_the_parameter() {
        let cases = [
            ("workload=banana", "workload"),
            ("model=fork", "model"),
            ("schedule=guided", "schedule"),
            ("workers=0-4", "workers"),
            ("workers=4-1", "workers"),
            ("workers=1,x", "workers"),
            ("workers=65", "workers"),
            ("n=-5", "n"),
            ("n=abc", "n"),
            ("n=1e30", "n"),
            ("n=0", "n"),
            ("workload=mandelbrot&n=100000", "n"),
            ("repeats=0", "repeats"),
            ("repeats=1000", "repeats"),
            ("chunk=0", "chunk"),
            ("workload=factor&n=100&chunk=101", "chunk"),
            ("autorun=yes", "autorun"),
            ("seed=9007199254740992", "seed"),
            ("model=sequential&workers=1-2", "workers"),
            ("model=processes&schedule=steal", "schedule"),
            ("workload=factor&n=1000&chunk=200&workers=1-8", "chunk"),
            ("workload=primes&n=1e6&model=processes&chunk=1", "chunk"),
            ("workload=factor&n=3&workers=1-4", "n"),
            ("n=5&n=6", "n"),
            ("n=%zz", "n"),
        ];
        for (q, param) in cases {
            let e = parse(q).expect_err(q);
            assert_eq!(e.param, param, "{q}: {e}");
            assert!(!e.message.is_empty());
        }
    }

    #[test]
    fn validate_guards_configs_from_elsewhere() {
        let mut c = parse("workers=1-2").unwrap().config;
        c.workers = vec![2, 1];
        assert_eq!(validate(&c).unwrap_err().param, "workers");
        c.workers = vec![1, 1];
        assert_eq!(validate(&c).unwrap_err().param, "workers");
        c.workers = vec![1, 2];
        c.seed = MAX_SEED + 1;
        assert_eq!(validate(&c).unwrap_err().param, "seed");
    }

    #[test]
    fn messages_quote_and_truncate_stranger_input() {
        let long = "<script>".repeat(20);
        let e = parse(&format!("workload={long}")).unwrap_err();
        assert!(e.message.contains('…'));
        assert!(e.message.len() < 200);
    }
}
