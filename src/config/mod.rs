//! A run's configuration: its types here, reading a URL in `parse.rs`,
//! and the checks every configuration passes in `validate.rs`. URL query
//! strings come from strangers: every value is parsed strictly and a bad
//! one is reported with the parameter's name and what would be accepted —
//! never defaulted silently, never passed on.

mod parse;
mod presets;
mod validate;

pub use parse::{parse_query, parse_workers, query_lang, salvage_query, without_autorun};
pub use presets::{presets, Preset};
pub use validate::validate;

use crate::kernels::{Workload, WorkloadKind};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The most workers a sweep may ask for (the pool is one Worker per thread).
pub const MAX_WORKERS: u32 = 64;
/// The most repeats per worker count.
pub const MAX_REPEATS: u32 = 50;
/// The largest seed: 2^53 − 1, so it survives a trip through a JS number.
pub const MAX_SEED: u64 = (1 << 53) - 1;
/// The most chunks a processes run may send (each is a message each way).
pub const MAX_PROCESS_CHUNKS: u64 = 100_000;
/// How many dynamic chunks the default chunk size aims for.
pub const DEFAULT_CHUNKS: u64 = 256;
/// The most models, and the most chunk sizes, one sweep may compare.
pub const MAX_LIST: usize = 8;
/// The most points (worker counts × models × chunk sizes) in one sweep.
pub const MAX_CELLS: usize = 256;

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
    /// The first of `models` (what version-1 readers knew as the model).
    pub model: Model,
    /// Every model the sweep measures, interleaved in the same rounds.
    /// (Added within results version 1: absent in older files, where it is `[model]`.)
    #[serde(default)]
    pub models: Vec<Model>,
    pub schedule: Schedule,
    /// Units per chunk for `dynamic` and `steal` (ignored by `static`): the first of `chunks`.
    pub chunk: u64,
    /// Every chunk size the sweep measures, ascending (added like `models`).
    #[serde(default)]
    pub chunks: Vec<u64>,
    pub n: u64,
    /// Worker counts to measure, ascending, distinct.
    pub workers: Vec<u32>,
    pub repeats: u32,
    pub seed: u64,
    /// The wait per request in ms (`wait` only; absent for the others).
    /// (Added within results version 1.)
    #[serde(default, skip_serializing_if = "crate::wire::absent")]
    pub wait_ms: Option<u32>,
}

/// One point of a sweep: a worker count under one model and chunk size.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Cell {
    pub workers: u32,
    pub model: Model,
    pub chunk: u64,
}

impl RunConfig {
    pub fn workload(&self) -> Workload {
        Workload { kind: self.workload, n: self.n, seed: self.seed }
    }

    /// How long a `wait` run blocks after each request, in ms (0 for the rest).
    pub fn wait_ms_per_unit(&self) -> f64 {
        self.wait_ms.map_or(0.0, f64::from)
    }

    pub fn max_workers(&self) -> u32 {
        self.workers.iter().copied().max().unwrap_or(1)
    }

    /// Fills `models` and `chunks` from `model` and `chunk` when a document
    /// written before they existed leaves them out.
    pub fn fill_lists(&mut self) {
        if self.models.is_empty() {
            self.models = vec![self.model];
        }
        if self.chunks.is_empty() {
            self.chunks = vec![self.chunk];
        }
    }

    /// Every point the sweep measures, in a fixed order (the rounds shuffle it).
    pub fn cells(&self) -> Vec<Cell> {
        let mut cells = Vec::new();
        for &model in &self.models {
            for &chunk in &self.chunks {
                for &workers in &self.workers {
                    cells.push(Cell { workers, model, chunk });
                }
            }
        }
        cells
    }

    /// Whether any model of the sweep needs shared memory (the threads build and a pool).
    pub fn needs_shared_memory(&self) -> bool {
        self.models.iter().any(|m| m.needs_shared_memory())
    }
}

/// A parameter that could not be accepted, and why — in English as
/// `message` (tests, logs, `Display`), in any of the page's languages from
/// [`ConfigError::message_in`] (the page shows it in its own).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ConfigError {
    pub param: String,
    pub message: String,
    #[serde(skip)]
    reason: Reason,
}

/// A refusal as data, worded in a language when shown: reason `key`
/// (`i18n/reasons.rs`) with its places' values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Reason {
    key: &'static str,
    values: Vec<(&'static str, Part)>,
}

/// A value in a reason's place: text as it is, or words of the language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Part {
    Text(String),
    /// What `n` counts for a workload.
    NMeaning(WorkloadKind),
    /// What one unit of a workload's work is.
    Unit(WorkloadKind),
    /// A reason of its own (empty when `None`).
    Said(Option<Box<Reason>>),
}

impl Reason {
    pub(crate) fn new(key: &'static str, values: Vec<(&'static str, Part)>) -> Reason {
        Reason { key, values }
    }

    /// This reason worded in `lang`.
    pub(crate) fn in_lang(&self, lang: crate::i18n::Lang) -> String {
        let values: Vec<(&str, String)> = self
            .values
            .iter()
            .map(|(name, part)| {
                let text = match part {
                    Part::Text(t) => t.clone(),
                    Part::NMeaning(w) => lang.workload_words(*w).0.to_string(),
                    Part::Unit(w) => lang.workload_words(*w).1.to_string(),
                    Part::Said(r) => r.as_ref().map_or_else(String::new, |r| r.in_lang(lang)),
                };
                (*name, text)
            })
            .collect();
        crate::i18n::reason(lang, self.key, &values)
    }
}

impl From<String> for Part {
    fn from(text: String) -> Part {
        Part::Text(text)
    }
}

impl From<&str> for Part {
    fn from(text: &str) -> Part {
        Part::Text(text.to_string())
    }
}

impl From<Reason> for Part {
    fn from(reason: Reason) -> Part {
        Part::Said(Some(Box::new(reason)))
    }
}

impl ConfigError {
    /// Why, in `lang`.
    pub fn message_in(&self, lang: crate::i18n::Lang) -> String {
        self.reason.in_lang(lang)
    }

    /// Why, as data: "{param}: {reason}" (`param.refused`), for a message that quotes it.
    pub(crate) fn as_reason(&self) -> Reason {
        Reason::new("param.refused", vec![("param", self.param.as_str().into()), ("reason", self.reason.clone().into())])
    }

    /// The same refusal with `message` in `lang`.
    pub fn in_lang(&self, lang: crate::i18n::Lang) -> ConfigError {
        ConfigError { message: self.message_in(lang), ..self.clone() }
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.param, self.message)
    }
}

impl std::error::Error for ConfigError {}

/// `param` refused: reason `key` (`i18n/reasons.rs`) with `values` in its places.
pub(crate) fn bad(param: &str, key: &'static str, values: Vec<(&'static str, String)>) -> ConfigError {
    refused(param, Reason::new(key, values.into_iter().map(|(name, v)| (name, Part::Text(v))).collect()))
}

/// `param` refused for `reason`.
pub(crate) fn refused(param: &str, reason: Reason) -> ConfigError {
    ConfigError { param: param.to_string(), message: reason.in_lang(crate::i18n::Lang::En), reason }
}

/// A configuration read from a URL, and whether it asks to start at once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Request {
    pub config: RunConfig,
    pub autorun: bool,
    /// The page's language, when the URL names one (`lang=en|ko`).
    pub lang: Option<crate::i18n::Lang>,
    /// The watchdog's floor in seconds (`watchdog=`, 1 … 3600), when given.
    pub watchdog_s: Option<u32>,
    /// Test hook (`test_hang=1`): the autorun's coordinator stops answering
    /// after its first measured run, so the watchdog can be seen to act.
    pub test_hang: bool,
    /// A preset of several sweeps to run instead of `config` (`preset=`,
    /// with `autorun=1`; `docs`: the presets in `presets.rs`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preset: Option<String>,
    /// Unknown parameters that look like a misspelt known one, with it:
    /// ignored like every unknown parameter, but the page says so (a link
    /// with `worker=8` would otherwise run the default workers silently).
    pub misspelt: Vec<Misspelt>,
}

/// An unknown parameter and the known one it is close to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Misspelt {
    /// The name as given, quoted and escaped for a message (`text::quoted`).
    pub given: String,
    pub known: &'static str,
}

/// The test hooks (`test_hang`) only where the tests run: on this machine's
/// own address. From any other host a link could leave a visitor's page
/// hung on purpose.
pub fn check_test_hooks(request: Request, host: &str) -> Result<Request, ConfigError> {
    let loopback = matches!(host, "localhost" | "[::1]" | "::1") || host.strip_prefix("127.").is_some_and(|rest| rest.split('.').count() == 3);
    if request.test_hang && !loopback {
        return Err(bad("test_hang", "test_hook", vec![]));
    }
    Ok(request)
}

/// The most seconds the watchdog's floor may be set to.
pub const MAX_WATCHDOG_S: u32 = 3600;

/// The default worker counts: 1 ..= 2 × hardwareConcurrency (past the
/// reported count, to find the knee), capped at [`MAX_WORKERS`].
pub fn default_workers(hardware_concurrency: u32) -> Vec<u32> {
    (1..=(2 * hardware_concurrency.max(1)).min(MAX_WORKERS)).collect()
}

/// The default chunk for `units` units: about [`DEFAULT_CHUNKS`] chunks.
pub fn default_chunk(units: u64) -> u64 {
    units.div_ceil(DEFAULT_CHUNKS).max(1)
}

#[cfg(test)]
mod tests;
