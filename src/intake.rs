//! Results documents from strangers — decoded share links and imported
//! files — checked before the page keeps them. Every field is bounded and
//! validated; text is cleaned of control and bidirectional characters;
//! the derived figures (median, min, max) are recomputed from the times, so
//! a document can never disagree with itself. An error names the run, the
//! point and the field, in words a visitor can act on.

use crate::config::{self, Model, RunConfig, MAX_REPEATS, MAX_WORKERS};
use crate::engine::MAX_RECORDED_CHUNKS;
use crate::kernels::WorkloadKind;
use crate::measure::median;
use crate::results::{bandwidth_gbs, round_to_100ns, round_to_us, Env, Point, Results, RESULTS_VERSION};
use crate::text::clean;
use serde::Deserialize;
use serde_json::value::RawValue;

/// Most runs in one comparison (a link or a file).
pub const MAX_RUNS: usize = 16;
/// Most points in one run.
pub const MAX_POINTS: usize = 256;
/// Longest label, user agent, answer and check text, in characters.
pub const MAX_LABEL: usize = 80;
pub const MAX_USER_AGENT: usize = 400;
pub const MAX_ANSWER: usize = 64;
pub const MAX_CHECK: usize = 256;
/// Longest time accepted anywhere, in ms (about 11.6 days).
pub const MAX_MS: f64 = 1e9;
/// The largest file imported: 16 runs with full timelines stay well below it.
pub const MAX_FILE_BYTES: usize = 16 << 20;
/// The largest `hardwareConcurrency` believed.
pub const MAX_REPORTED_CORES: u32 = 1024;

/// Why a document was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IntakeError(pub String);

impl std::fmt::Display for IntakeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn refuse<T>(message: String) -> Result<T, IntakeError> {
    Err(IntakeError(message))
}

/// A stranger's string: refused when longer than `max` characters, else cleaned.
fn text(what: &str, s: &str, max: usize) -> Result<String, IntakeError> {
    let n = s.chars().count();
    if n > max {
        return refuse(format!("{what} is {n} characters long; at most {max} are accepted"));
    }
    Ok(clean(s, max))
}

/// A time in ms: finite, not negative, not absurd.
fn time(what: &str, ms: f64) -> Result<f64, IntakeError> {
    if !ms.is_finite() || !(0.0..=MAX_MS).contains(&ms) {
        return refuse(format!("{what} is {ms}, not a time between 0 and {MAX_MS} ms"));
    }
    // -0 is a zero (a link carries it as 0): never shown as "-0.00".
    Ok(ms + 0.0)
}

/// Refuses a document written by a newer Corescope, with what to do.
fn check_version(version: u64, run: &str) -> Result<(), IntakeError> {
    if version > u64::from(RESULTS_VERSION) {
        return refuse(format!("{run} was written by a newer version of Corescope (results version {version}; this page reads up to {RESULTS_VERSION}): reload the page to get the newest version"));
    }
    Ok(())
}

/// Checks and cleans one results document; `run` names it in messages ("run 2").
pub fn admit(mut doc: Results, run: &str) -> Result<Results, IntakeError> {
    check_version(u64::from(doc.version), run)?;
    if doc.version == 0 {
        return refuse(format!("{run} has results version 0, which no Corescope ever wrote"));
    }
    doc.config.fill_lists();
    config::validate(&doc.config).map_err(|e| IntakeError(format!("{run}: its configuration is not valid: {e}")))?;
    doc.label = text(&format!("{run}: the label"), &doc.label, MAX_LABEL)?;
    doc.env = admit_env(doc.env, run)?;
    doc.share_url = None;
    doc.analysis.clear();
    if doc.points.len() > MAX_POINTS {
        return refuse(format!("{run} has {} points; at most {MAX_POINTS} are accepted", doc.points.len()));
    }
    let points = std::mem::take(&mut doc.points);
    for point in points {
        let point = admit_point(point, &doc, run)?;
        if doc.points.iter().any(|p| (p.workers, p.model, p.chunk) == (point.workers, point.model, point.chunk)) {
            return refuse(format!("{run} has two points with {} workers, model {} and chunk {}", point.workers, point.model.name(), point.chunk));
        }
        doc.points.push(point);
    }
    doc.points.sort_by_key(|p| (p.workers, p.model.name(), p.chunk));
    Ok(doc)
}

fn admit_env(mut env: Env, run: &str) -> Result<Env, IntakeError> {
    env.user_agent = text(&format!("{run}: the user agent"), &env.user_agent, MAX_USER_AGENT)?;
    if !(1..=MAX_REPORTED_CORES).contains(&env.hardware_concurrency) {
        return refuse(format!("{run}: hardwareConcurrency {} is outside 1–{MAX_REPORTED_CORES}", env.hardware_concurrency));
    }
    env.timer_resolution_ms = round_to_100ns(time(&format!("{run}: the timer resolution"), env.timer_resolution_ms)?);
    if !["", "plain", "threads"].contains(&env.build.as_str()) {
        return refuse(format!("{run}: the build {} is not \"threads\" or \"plain\"", crate::text::quoted(&env.build)));
    }
    if let Some(p) = env.pool_threads.filter(|p| !(1..=MAX_WORKERS).contains(p)) {
        return refuse(format!("{run}: a pool of {p} threads is outside 1–{MAX_WORKERS}"));
    }
    if let Some(ms) = env.pool_startup_ms {
        env.pool_startup_ms = Some(round_to_us(time(&format!("{run}: the pool start-up"), ms)?));
    }
    if let Some(ms) = env.pool_ready_at_ms {
        env.pool_ready_at_ms = Some(round_to_us(time(&format!("{run}: the pool-ready time"), ms)?));
    }
    Ok(env)
}

fn admit_point(mut p: Point, doc: &Results, run: &str) -> Result<Point, IntakeError> {
    let at = format!("{run}, the point with {} workers", p.workers);
    let c = &doc.config;
    if !c.workers.contains(&p.workers) {
        return refuse(format!("{at}: {} workers is not in the run's worker counts", p.workers));
    }
    if !c.models.contains(&p.model) || !c.chunks.contains(&p.chunk) || p.schedule != c.schedule {
        return refuse(format!("{at}: its model, schedule or chunk is not one the run's configuration measures"));
    }
    if p.times_ms.is_empty() || p.times_ms.len() > c.repeats.min(MAX_REPEATS) as usize {
        return refuse(format!("{at}: {} times, but the run has 1 to {} repeats", p.times_ms.len(), c.repeats));
    }
    for (i, t) in p.times_ms.iter_mut().enumerate() {
        // Whole microseconds, as the page measures them (a link carries no more).
        *t = round_to_us(time(&format!("{at}: repeat {}", i + 1), *t)?);
    }
    p.median_ms = median(&p.times_ms);
    p.min_ms = p.times_ms.iter().copied().fold(f64::INFINITY, f64::min);
    p.max_ms = p.times_ms.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    p.answer = text(&format!("{at}: the answer"), &p.answer, MAX_ANSWER)?;
    p.check = text(&format!("{at}: the check"), &p.check, MAX_CHECK)?;
    if p.threads_used == 0 || p.threads_used > p.workers {
        return refuse(format!("{at}: {} threads used, not 1 to its {} workers", p.threads_used, p.workers));
    }
    if let Some(ms) = p.startup_ms {
        p.startup_ms = Some(round_to_us(time(&format!("{at}: the start-up time"), ms)?));
    }
    if let Some(ms) = p.dispatch_ms {
        p.dispatch_ms = Some(round_to_us(time(&format!("{at}: the dispatch time"), ms)?));
    }
    admit_traffic(&mut p, c, &at)?;
    if p.chunks.len() as u64 > MAX_RECORDED_CHUNKS.min(p.chunks_total) {
        return refuse(format!("{at}: {} chunk records for {} chunks (at most {MAX_RECORDED_CHUNKS} are kept)", p.chunks.len(), p.chunks_total));
    }
    let units = c.workload().units();
    if p.chunks_total > units {
        return refuse(format!("{at}: {} chunks, more than the {units} units of work", p.chunks_total));
    }
    for (i, r) in p.chunks.iter().enumerate() {
        let fine = r.worker < MAX_WORKERS
            && r.first < r.end
            && r.end <= units
            && r.start_ms.is_finite()
            && r.end_ms.is_finite()
            && r.start_ms.abs() <= MAX_MS
            && r.end_ms.abs() <= MAX_MS
            && r.start_ms <= r.end_ms;
        if !fine {
            return refuse(format!("{at}: chunk record {} is not a valid (worker, units, start, end)", i + 1));
        }
    }
    // Worker ids are pool thread indices (a pool can be larger than k), but no more of them than threads used.
    let mut ids: Vec<u32> = p.chunks.iter().map(|r| r.worker).collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.len() > p.threads_used as usize {
        return refuse(format!("{at}: chunk records name {} workers, more than the {} threads used", ids.len(), p.threads_used));
    }
    p.start_lag_ms = p.derived_start_lag_ms();
    Ok(p)
}

/// `copy`'s transfer figures — only for `copy`, non-zero only under
/// processes, never more bytes than the input — and the bandwidth of
/// `copy` and `triad`, recomputed from the median.
fn admit_traffic(p: &mut Point, c: &RunConfig, at: &str) -> Result<(), IntakeError> {
    if c.workload != WorkloadKind::Copy && (p.transfer_ms.is_some() || p.transfer_bytes.is_some()) {
        return refuse(format!("{at}: transfer figures belong to the copy workload only"));
    }
    if let Some(ms) = p.transfer_ms {
        p.transfer_ms = Some(round_to_us(time(&format!("{at}: the transfer time"), ms)?));
    }
    let input = c.workload.input_bytes(c.n);
    if let Some(bytes) = p.transfer_bytes.filter(|&b| b > input) {
        return refuse(format!("{at}: {bytes} bytes transferred, more than the input's {input}"));
    }
    let moved = p.transfer_ms.is_some_and(|ms| ms > 0.0) || p.transfer_bytes.is_some_and(|b| b > 0);
    if moved && p.model != Model::Processes {
        return refuse(format!("{at}: only the processes model transfers its input; {} shares it", p.model.name()));
    }
    p.bandwidth_gbs = c.workload.bytes_moved(c.n).and_then(|bytes| bandwidth_gbs(bytes, p.median_ms));
    Ok(())
}

/// The one field read before the rest: `version`, when it is a whole number.
#[derive(Deserialize)]
struct Head<'a> {
    #[serde(default, borrow)]
    version: Option<&'a RawValue>,
}

/// A file's array of runs: the first [`MAX_RUNS`] kept and the rest only
/// counted, so a file of millions of items allocates nothing for them.
struct Runs<'a> {
    kept: Vec<&'a RawValue>,
    count: usize,
}

impl<'de> Deserialize<'de> for Runs<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(reader: D) -> Result<Self, D::Error> {
        struct Counting;
        impl<'de> serde::de::Visitor<'de> for Counting {
            type Value = Runs<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an array of results documents")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut items: A) -> Result<Runs<'de>, A::Error> {
                let mut runs = Runs { kept: Vec::new(), count: 0 };
                while let Some(item) = items.next_element::<&'de RawValue>()? {
                    runs.count += 1;
                    if runs.kept.len() < MAX_RUNS {
                        runs.kept.push(item);
                    }
                }
                Ok(runs)
            }
        }
        reader.deserialize_seq(Counting)
    }
}

/// The JSON reader's message, made safe to show: it quotes the bad value
/// whole (a stranger's string of any length, with any characters).
fn reader_error(e: &serde_json::Error) -> String {
    let full = e.to_string();
    let shown = crate::text::escaped(&full, MAX_READER_ERROR_CHARS);
    // A cut takes the reader's "at line L column C" with it: put it back.
    if shown.ends_with('…') && e.line() > 0 {
        format!("{shown} at line {} column {}", e.line(), e.column())
    } else {
        shown
    }
}

/// Longest JSON reader's message shown, in characters (its own text is
/// under 150; the rest would be the quoted value).
const MAX_READER_ERROR_CHARS: usize = 200;

/// Refuses a file larger than [`MAX_FILE_BYTES`] — asked by the page with the
/// file's size before it reads the file, and again on its text. `f64`: a
/// browser's `File.size` can pass what a 32-bit `usize` holds.
pub fn check_file_size(bytes: f64) -> Result<(), IntakeError> {
    if bytes > MAX_FILE_BYTES as f64 {
        return refuse(format!("the file is {bytes} bytes; at most {MAX_FILE_BYTES} ({} MiB) are read", MAX_FILE_BYTES >> 20));
    }
    Ok(())
}

/// Reads an imported file: one results document (what Export JSON writes)
/// or an array of them (what `corescope.runs()` returns). The size is
/// bounded before parsing.
pub fn parse_file(json: &str) -> Result<Vec<Results>, IntakeError> {
    check_file_size(json.len() as f64)?;
    // Read as raw JSON text, never as `serde_json::Value`: each run is then
    // parsed straight into `Results`, and the wasm carries one JSON reader
    // (`Value` and its readers were 60 KB of code before wasm-opt).
    let not_json = |e: serde_json::Error| IntakeError(format!("the file is not JSON ({}): choose a file that Export JSON wrote", reader_error(&e)));
    let whole: &RawValue = serde_json::from_str(json).map_err(not_json)?;
    let (items, count) = match whole.get().trim_start().as_bytes().first() {
        Some(b'[') => serde_json::from_str::<Runs>(whole.get()).map(|r| (r.kept, r.count)).map_err(not_json)?,
        Some(b'{') => (vec![whole], 1),
        _ => return refuse("the file is JSON but not a Corescope results document".into()),
    };
    if count == 0 || count > MAX_RUNS {
        return refuse(format!("the file holds {count} runs; 1 to {MAX_RUNS} are accepted"));
    }
    items
        .into_iter()
        .enumerate()
        .map(|(i, item)| {
            let run = format!("run {}", i + 1);
            let not_results = |e: serde_json::Error| IntakeError(format!("{run} is not a Corescope results document: {}", reader_error(&e)));
            // Before reading the fields: a newer document may not fit this page's types.
            let head: Head = serde_json::from_str(item.get()).map_err(not_results)?;
            if let Some(version) = head.version.and_then(|v| v.get().parse::<u64>().ok()) {
                check_version(version, &run)?;
            }
            let doc: Results = serde_json::from_str(item.get()).map_err(not_results)?;
            admit(doc, &run)
        })
        .collect()
}
