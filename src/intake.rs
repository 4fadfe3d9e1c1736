//! Results documents from strangers — decoded share links and imported
//! files — checked before the page keeps them. Every field is bounded and
//! validated; text is cleaned of control and bidirectional characters;
//! the derived figures (median, min, max) are recomputed from the times, so
//! a document can never disagree with itself. An error names the run, the
//! point and the field, in words a visitor can act on, in the page's
//! language (`i18n/refusals.rs`).

use crate::config::{self, Model, Part, Reason, RunConfig, MAX_REPEATS, MAX_WORKERS};
use crate::engine::MAX_RECORDED_CHUNKS;
use crate::i18n::Lang;
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

/// Why a document was refused: a reason (`i18n/refusals.rs`), worded in
/// the page's language when shown ([`IntakeError::message_in`]) and in
/// English by `Display`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IntakeError(Reason);

impl IntakeError {
    /// Refused for reason `key` with `values` in its places.
    pub(crate) fn new(key: &'static str, values: Vec<(&'static str, Part)>) -> IntakeError {
        IntakeError(Reason::new(key, values))
    }

    /// Why, in `lang`.
    pub fn message_in(&self, lang: Lang) -> String {
        self.0.in_lang(lang)
    }
}

impl std::fmt::Display for IntakeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message_in(Lang::En))
    }
}

fn refuse<T>(key: &'static str, values: Vec<(&'static str, Part)>) -> Result<T, IntakeError> {
    Err(IntakeError::new(key, values))
}

/// A number, or any value shown as it is, in a reason's place.
pub(crate) fn shown(v: impl std::fmt::Display) -> Part {
    Part::Text(v.to_string())
}

/// A stranger's time as a message quotes it: at most a few dozen
/// characters, however large or small (`1e300` is not written out as 301 digits).
fn shown_ms(ms: f64) -> Part {
    let tiny = ms != 0.0 && ms.abs() < 1e-3;
    shown(if ms.is_finite() && (ms.abs() >= 1e9 || tiny) { format!("{ms:e}") } else { ms.to_string() })
}

/// What names run `n` (from 1) of a file in messages ("run 2").
pub(crate) fn file_run(n: usize) -> Part {
    Reason::new("in.run", vec![("n", shown(n))]).into()
}

/// A field of the run or point `who` names ("run 2: the label"), by its reason's key.
fn field(key: &'static str, who: &Part) -> Part {
    Reason::new(key, vec![("who", who.clone())]).into()
}

/// A stranger's string: refused when longer than `max` characters, else cleaned.
fn text(what: Part, s: &str, max: usize) -> Result<String, IntakeError> {
    let n = s.chars().count();
    if n > max {
        return refuse("in.too_long", vec![("what", what), ("n", shown(n)), ("max", shown(max))]);
    }
    Ok(clean(s, max))
}

/// A time in ms: finite, not negative, not absurd.
fn time(what: Part, ms: f64) -> Result<f64, IntakeError> {
    if !ms.is_finite() || !(0.0..=MAX_MS).contains(&ms) {
        return refuse("in.not_time", vec![("what", what), ("ms", shown_ms(ms)), ("max", shown(MAX_MS))]);
    }
    // -0 is a zero (a link carries it as 0): never shown as "-0.00".
    Ok(ms + 0.0)
}

/// Refuses a document written by a newer Corescope, with what to do.
fn check_version(version: u64, run: &Part) -> Result<(), IntakeError> {
    if version > u64::from(RESULTS_VERSION) {
        return refuse("in.newer", vec![("who", run.clone()), ("version", shown(version)), ("max", shown(RESULTS_VERSION))]);
    }
    Ok(())
}

/// Checks and cleans one results document; `run` names it in messages
/// ([`file_run`]: "run 2").
pub(crate) fn admit(mut doc: Results, run: &Part) -> Result<Results, IntakeError> {
    check_version(u64::from(doc.version), run)?;
    if doc.version == 0 {
        return refuse("in.version0", vec![("who", run.clone())]);
    }
    doc.config.fill_lists();
    config::validate(&doc.config).map_err(|e| IntakeError::new("in.config", vec![("who", run.clone()), ("why", e.as_reason().into())]))?;
    doc.label = text(field("in.f.label", run), &doc.label, MAX_LABEL)?;
    doc.env = admit_env(doc.env, run)?;
    doc.share_url = None;
    doc.analysis.clear();
    if doc.points.len() > MAX_POINTS {
        return refuse("in.points", vec![("who", run.clone()), ("n", shown(doc.points.len())), ("max", shown(MAX_POINTS))]);
    }
    let points = std::mem::take(&mut doc.points);
    for point in points {
        let point = admit_point(point, &doc, run)?;
        if doc.points.iter().any(|p| (p.workers, p.model, p.chunk) == (point.workers, point.model, point.chunk)) {
            let values = vec![("who", run.clone()), ("k", shown(point.workers)), ("model", point.model.name().into()), ("chunk", shown(point.chunk))];
            return refuse("in.two_points", values);
        }
        doc.points.push(point);
    }
    doc.points.sort_by_key(|p| (p.workers, p.model.name(), p.chunk));
    Ok(doc)
}

fn admit_env(mut env: Env, run: &Part) -> Result<Env, IntakeError> {
    env.user_agent = text(field("in.f.user_agent", run), &env.user_agent, MAX_USER_AGENT)?;
    if !(1..=MAX_REPORTED_CORES).contains(&env.hardware_concurrency) {
        return refuse("in.cores", vec![("who", run.clone()), ("v", shown(env.hardware_concurrency)), ("max", shown(MAX_REPORTED_CORES))]);
    }
    env.timer_resolution_ms = round_to_100ns(time(field("in.f.timer", run), env.timer_resolution_ms)?);
    if !["", "plain", "threads"].contains(&env.build.as_str()) {
        return refuse("in.build", vec![("who", run.clone()), ("v", crate::text::quoted(&env.build).into())]);
    }
    if let Some(p) = env.pool_threads.filter(|p| !(1..=MAX_WORKERS).contains(p)) {
        return refuse("in.pool", vec![("who", run.clone()), ("p", shown(p)), ("max", shown(MAX_WORKERS))]);
    }
    if let Some(ms) = env.pool_startup_ms {
        env.pool_startup_ms = Some(round_to_us(time(field("in.f.pool_startup", run), ms)?));
    }
    if let Some(ms) = env.pool_ready_at_ms {
        env.pool_ready_at_ms = Some(round_to_us(time(field("in.f.pool_ready", run), ms)?));
    }
    Ok(env)
}

fn admit_point(mut p: Point, doc: &Results, run: &Part) -> Result<Point, IntakeError> {
    let at: Part = Reason::new("in.point", vec![("who", run.clone()), ("k", shown(p.workers)), ("model", p.model.name().to_string().into()), ("chunk", shown(p.chunk))]).into();
    let here = |key: &'static str, mut values: Vec<(&'static str, Part)>| {
        values.insert(0, ("at", at.clone()));
        Err(IntakeError::new(key, values))
    };
    let c = &doc.config;
    if !c.workers.contains(&p.workers) {
        return here("in.not_a_count", vec![("k", shown(p.workers))]);
    }
    if !c.models.contains(&p.model) || !c.chunks.contains(&p.chunk) || p.schedule != c.schedule {
        return here("in.not_measured", vec![]);
    }
    if p.times_ms.is_empty() {
        return here("in.no_times", vec![]);
    }
    if p.times_ms.len() > c.repeats.min(MAX_REPEATS) as usize {
        return here("in.times", vec![("n", shown(p.times_ms.len())), ("max", shown(c.repeats))]);
    }
    for (i, t) in p.times_ms.iter_mut().enumerate() {
        // Whole microseconds, as the page measures them (a link carries no more).
        let repeat = Reason::new("in.f.repeat", vec![("who", at.clone()), ("i", shown(i + 1))]);
        *t = round_to_us(time(repeat.into(), *t)?);
    }
    p.median_ms = median(&p.times_ms);
    p.min_ms = p.times_ms.iter().copied().fold(f64::INFINITY, f64::min);
    p.max_ms = p.times_ms.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    p.answer = text(field("in.f.answer", &at), &p.answer, MAX_ANSWER)?;
    p.check = text(field("in.f.check", &at), &p.check, MAX_CHECK)?;
    if p.threads_used == 0 || p.threads_used > p.workers {
        return here("in.threads_used", vec![("n", shown(p.threads_used)), ("k", shown(p.workers))]);
    }
    if let Some(ms) = p.startup_ms {
        p.startup_ms = Some(round_to_us(time(field("in.f.startup", &at), ms)?));
    }
    if let Some(ms) = p.dispatch_ms {
        p.dispatch_ms = Some(round_to_us(time(field("in.f.dispatch", &at), ms)?));
    }
    admit_traffic(&mut p, c, &at)?;
    if p.chunks.len() as u64 > MAX_RECORDED_CHUNKS.min(p.chunks_total) {
        return here("in.records", vec![("n", shown(p.chunks.len())), ("chunks", shown(p.chunks_total)), ("max", shown(MAX_RECORDED_CHUNKS))]);
    }
    let units = c.workload().units();
    if p.chunks_total > units {
        return here("in.chunks", vec![("n", shown(p.chunks_total)), ("units", shown(units))]);
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
            return here("in.record", vec![("i", shown(i + 1))]);
        }
    }
    // Worker ids are pool thread indices (a pool can be larger than k), but no more of them than threads used.
    let mut ids: Vec<u32> = p.chunks.iter().map(|r| r.worker).collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.len() > p.threads_used as usize {
        return here("in.record_workers", vec![("n", shown(ids.len())), ("used", shown(p.threads_used))]);
    }
    p.start_lag_ms = p.derived_start_lag_ms();
    Ok(p)
}

/// `copy`'s transfer figures — only for `copy`, non-zero only under
/// processes, never more bytes than the input — and the bandwidth of
/// `copy` and `triad`, recomputed from the median.
fn admit_traffic(p: &mut Point, c: &RunConfig, at: &Part) -> Result<(), IntakeError> {
    if c.workload != WorkloadKind::Copy && (p.transfer_ms.is_some() || p.transfer_bytes.is_some()) {
        return refuse("in.transfer_copy", vec![("at", at.clone())]);
    }
    if let Some(ms) = p.transfer_ms {
        p.transfer_ms = Some(round_to_us(time(field("in.f.transfer", at), ms)?));
    }
    let input = c.workload.input_bytes(c.n);
    if let Some(bytes) = p.transfer_bytes.filter(|&b| b > input) {
        return refuse("in.transfer_bytes", vec![("at", at.clone()), ("bytes", shown(bytes)), ("input", shown(input))]);
    }
    let moved = p.transfer_ms.is_some_and(|ms| ms > 0.0) || p.transfer_bytes.is_some_and(|b| b > 0);
    if moved && p.model != Model::Processes {
        return refuse("in.transfer_model", vec![("at", at.clone()), ("model", p.model.name().into())]);
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
        return refuse("in.file_size", vec![("bytes", shown(bytes)), ("max", shown(MAX_FILE_BYTES)), ("mib", shown(MAX_FILE_BYTES >> 20))]);
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
    let not_json = |e: serde_json::Error| IntakeError::new("in.not_json", vec![("detail", reader_error(&e).into())]);
    let whole: &RawValue = serde_json::from_str(json).map_err(not_json)?;
    let (items, count) = match whole.get().trim_start().as_bytes().first() {
        Some(b'[') => serde_json::from_str::<Runs>(whole.get()).map(|r| (r.kept, r.count)).map_err(not_json)?,
        Some(b'{') => (vec![whole], 1),
        _ => return refuse("in.not_document", vec![]),
    };
    if count == 0 || count > MAX_RUNS {
        return refuse("in.file_runs", vec![("n", shown(count)), ("max", shown(MAX_RUNS))]);
    }
    items
        .into_iter()
        .enumerate()
        .map(|(i, item)| {
            let run = file_run(i + 1);
            let not_results = |e: serde_json::Error| IntakeError::new("in.not_results", vec![("who", run.clone()), ("detail", reader_error(&e).into())]);
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
