//! What the page shows and exports about a comparison: the table rows,
//! the chart series, the chunk-size sweep and the CSV (the runs list: `runs_list.rs`). Numbers are formatted
//! here, once, so the page, the table and the CSV agree.

use super::csv_text::{defuse, write_record};
use super::describe::describe;
use super::{Mark, Session};
use crate::analysis::fit::Amdahl;
use crate::analysis::{series, AmdahlReading, Scaling, SeriesPoints};
use crate::config::Model;
use crate::i18n::{check_in, Lang};
use crate::results::{round_to_100ns, Point, Results};
use serde::Serialize;

/// Run colours, in the order runs get them; the first is the colour the
/// page has always drawn a single run in.
pub const PALETTE: [(u8, u8, u8); 8] = [(37, 99, 235), (220, 38, 38), (22, 163, 74), (147, 51, 234), (13, 148, 136), (219, 39, 119), (120, 80, 40), (17, 24, 39)];

pub fn hex((r, g, b): (u8, u8, u8)) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// One row of the points table: a run's point, as shown.
#[derive(Serialize)]
pub struct Row {
    /// The series' short name (as in the legends), and its whole name.
    pub run: String,
    pub run_full: String,
    pub colour: String,
    /// Its mark's name (`Mark::name`), as its swatch shows it.
    pub mark: &'static str,
    pub workers: String,
    pub median: String,
    pub range: String,
    pub speedup: String,
    pub efficiency: String,
    pub answer: String,
    pub check: String,
    pub verified: bool,
    pub threads_used: String,
    /// Threads used is what the schedule promises (exactly k; at most k for steal).
    pub threads_ok: bool,
    pub startup: String,
    /// `copy`: the transfer to process Workers; `copy`, `triad`: the bandwidth.
    pub traffic: String,
}

/// The traffic cell, in the page's language: "sent 64 MiB: receiving it took
/// 79.3 ms of the Workers' time (62 %) · 1.04 GB/s",
/// "8.40 GB/s", or "–". A run's transfers are summed over its chunks, which
/// k Workers receive side by side: their share is of k × the run's time.
fn traffic(p: &Point, lang: Lang) -> String {
    let sent = p.transfer_bytes.filter(|&b| b > 0).map(|b| {
        let ms = format!("{:.1}", p.transfer_ms.unwrap_or(0.0));
        let share = p.transfer_share().map(|s| lang.say("traffic.share", &[("share", format!("{:.0}", 100.0 * s))])).unwrap_or_default();
        lang.say("traffic.sent", &[("mib", (b / crate::kernels::copy::MIB).to_string()), ("ms", ms), ("share", share)])
    });
    let rate = p.bandwidth_gbs.map(|g| format!("{g:.2} GB/s"));
    let cells: Vec<String> = [sent, rate].into_iter().flatten().collect();
    if cells.is_empty() {
        "–".into()
    } else {
        cells.join(" · ")
    }
}

/// One series as the charts draw it: a run's points under one model and
/// chunk size.
pub struct Series<'a> {
    pub label: String,
    /// What the charts' legends call it: the label, its run's part shortened
    /// ([`short_label`]) — or, when the comparison holds one run of several
    /// series, only what tells them apart (model, chunk size), as the runs
    /// list's key does: the run's name once per series says nothing.
    pub legend: String,
    pub colour: (u8, u8, u8),
    pub mark: Mark,
    pub points: Vec<&'a Point>,
    pub scaling: Vec<Scaling>,
    pub hardware_concurrency: u32,
    pub amdahl: Option<Amdahl>,
    pub estimated_cores: Option<u32>,
}

/// A chunk-size sweep (seed 004's `chunksize`): time against chunk size,
/// one line per model and worker count.
pub struct ChunkSweep {
    /// The run's label, and what it measured ("primes, threads").
    pub run: String,
    pub what: String,
    pub lines: Vec<ChunkLine>,
}

/// One line of a chunk-size sweep: a worker count's points, in chunk order.
pub struct ChunkLine {
    /// Set when the sweep has lines of several models.
    pub model: Option<Model>,
    pub workers: u32,
    pub points: Vec<ChunkPoint>,
}

impl ChunkLine {
    /// Its name in legends and sentences: "k = 4", or "processes, k = 4".
    pub fn name(&self, lang: Lang) -> String {
        let k = lang.say("legend.workers", &[("k", self.workers.to_string())]);
        self.model.map_or(k.clone(), |m| format!("{}, {k}", m.name()))
    }
}

/// (chunk size, median ms, chunks in the run), chunk sizes ascending.
pub type ChunkPoint = (u64, f64, u64);

/// Longest run part of a short label, in characters (the runs list shows a label whole).
const SHORT_RUN_CHARS: usize = 24;

/// A series' name short enough for a legend, a table cell or a sentence,
/// the same everywhere: a name ("run — model — chunk 100", "run — run 2")
/// keeps what follows the first " — " whole and shortens the run's part —
/// the same way for every series of a run, so one run never looks like
/// several: to at most [`SHORT_RUN_CHARS`], at a word's end where one is near.
pub fn short_label(label: &str) -> String {
    let (run, suffix) = label.split_once(" — ").map_or((label, ""), |(run, _)| (run, &label[run.len()..]));
    if run.chars().count() <= SHORT_RUN_CHARS {
        return label.to_string();
    }
    let cut: String = run.chars().take(SHORT_RUN_CHARS - 1).collect();
    // Back to the last space or comma, unless that loses over a third.
    let at_word = cut.rfind([' ', ',']).filter(|&i| i >= cut.len() * 2 / 3).map_or(cut.as_str(), |i| &cut[..i]);
    format!("{}…{suffix}", at_word.trim_end_matches([' ', ',']))
}

/// A series as legends and sentences name it: `label` (its run's `run_label`
/// plus what tells the run's series apart) with the run's part shortened
/// ([`short_label`]) — or, when its run is `alone` in the comparison and has
/// several series, only what tells them apart (model, chunk size).
pub(super) fn legend_name(label: &str, run_label: &str, alone: bool) -> String {
    let apart = label.strip_prefix(run_label).and_then(|rest| rest.strip_prefix(" — ")).filter(|_| alone);
    apart.map_or_else(|| short_label(label), str::to_string)
}

/// The series of one run with their names: the run's label, plus the model
/// and chunk size when the run measured several (the chunk size in `lang`:
/// "chunk 100", "청크 100").
pub(super) fn named_series<'a>(doc: &'a Results, lang: Lang) -> Vec<(String, SeriesPoints<'a>)> {
    let many_models = doc.config.models.len() > 1;
    let many_chunks = doc.config.chunks.len() > 1;
    series(&doc.config, &doc.points)
        .into_iter()
        .map(|s| {
            let mut name = doc.label.clone();
            if many_models {
                name = format!("{name} — {}", s.model.name());
            }
            if many_chunks {
                name = format!("{name} — {}", chunk_name(s.chunk, lang));
            }
            (name, s)
        })
        .collect()
}

/// A chunk size as series are named by it, in `lang`.
pub(super) fn chunk_name(chunk: u64, lang: Lang) -> String {
    lang.say("series.chunk", &[("n", chunk.to_string())])
}

/// Where a series stands in its run's configuration: models × chunk sizes,
/// the order [`super::Colours`] gives them colours in.
pub(super) fn slot(doc: &Results, s: &SeriesPoints) -> usize {
    let c = &doc.config;
    let model = c.models.iter().position(|&m| m == s.model).unwrap_or(0);
    let chunk = c.chunks.iter().position(|&k| k == s.chunk).unwrap_or(0);
    model * c.chunks.len() + chunk
}

/// Past this ratio between the slowest and the fastest median drawn, the
/// time chart's axis is logarithmic.
pub const LOG_TIME_RATIO: f64 = 30.0;

/// Whether the time chart needs a logarithmic axis: its medians span more
/// than [`LOG_TIME_RATIO`] (threads against processes on `copy`, a phone
/// against a desktop), and on a linear axis the fastest series would lie
/// flat on the floor. The speedup and efficiency charts are ratios already.
pub fn log_time_axis(series: &[Series]) -> bool {
    let medians = series.iter().flat_map(|s| s.points.iter().map(|p| p.median_ms)).filter(|&m| m > 0.0);
    let (lo, hi) = medians.fold((f64::INFINITY, 0.0_f64), |(lo, hi), m| (lo.min(m), hi.max(m)));
    hi > LOG_TIME_RATIO * lo
}

fn ms(v: f64) -> String {
    format!("{v:.2}")
}

impl Session {
    /// The point being measured, for the progress line, in `lang`: "k = 2",
    /// plus its model and chunk size when the live run compares several.
    pub fn point_label(&self, workers: u32, model: Model, chunk: u64, lang: Lang) -> String {
        let config = self.index_of(self.live).map(|i| &self.runs[i].doc.config);
        let mut label = format!("k = {workers}");
        if config.is_some_and(|c| c.models.len() > 1) {
            label += &format!(", {}", model.name());
        }
        if config.is_some_and(|c| c.chunks.len() > 1) {
            label += &format!(", {}", chunk_name(chunk, lang));
        }
        label
    }

    /// Every series of every run, in the order shown, as the charts draw them.
    pub fn series(&self) -> Vec<Series<'_>> {
        let mut out = Vec::new();
        let one_run = self.runs.len() == 1;
        for e in &self.runs {
            for (label, s) in named_series(&e.doc, self.lang) {
                let analysis = s.analyse();
                let look = e.colours.of(slot(&e.doc, &s));
                out.push(Series {
                    legend: legend_name(&label, &e.doc.label, one_run),
                    label,
                    colour: look.colour,
                    mark: look.mark,
                    scaling: s.scaling(),
                    amdahl: s.amdahl_reading().and_then(AmdahlReading::fit),
                    estimated_cores: analysis.estimated_physical_cores,
                    points: s.points,
                    hardware_concurrency: e.doc.env.hardware_concurrency,
                });
            }
        }
        out
    }

    /// The most recent run that measured several chunk sizes: a line per
    /// model that has points (a run's first point may be of any model) and
    /// worker count.
    pub fn chunk_sweep(&self) -> Option<ChunkSweep> {
        let doc = self.runs.iter().rev().map(|e| &e.doc).find(|d| d.config.chunks.len() > 1 && !d.points.is_empty())?;
        let models: Vec<Model> = doc.config.models.iter().copied().filter(|&m| doc.points.iter().any(|p| p.model == m)).collect();
        let several = models.len() > 1;
        let mut lines = Vec::new();
        for &model in &models {
            for &workers in &doc.config.workers {
                let mut points: Vec<ChunkPoint> = doc.points.iter().filter(|p| p.workers == workers && p.model == model).map(|p| (p.chunk, p.median_ms, p.chunks_total)).collect();
                points.sort_by_key(|l| l.0);
                if !points.is_empty() {
                    lines.push(ChunkLine { model: several.then_some(model), workers, points });
                }
            }
        }
        let names: Vec<&str> = models.iter().map(|m| m.name()).collect();
        Some(ChunkSweep { run: doc.label.clone(), what: format!("{}, {}", doc.config.workload.name(), names.join(", ")), lines })
    }

    /// The table, its words in `lang`: grouped by worker count, the series
    /// side by side in the order shown.
    pub fn rows(&self, lang: Lang) -> Vec<Row> {
        let all = self.series();
        let mut counts: Vec<u32> = all.iter().flat_map(|s| s.points.iter().map(|p| p.workers)).collect();
        counts.sort_unstable();
        counts.dedup();
        let mut rows = Vec::new();
        for k in counts {
            for series in &all {
                let Some(p) = series.points.iter().find(|p| p.workers == k) else { continue };
                let s = series.scaling.iter().find(|s| s.workers == k);
                let threads_ok = p.threads_used == p.workers || p.schedule == crate::config::Schedule::Steal;
                rows.push(Row {
                    run: series.legend.clone(),
                    run_full: series.label.clone(),
                    colour: hex(series.colour),
                    mark: series.mark.name(),
                    workers: k.to_string(),
                    median: ms(p.median_ms),
                    range: format!("{}–{}", ms(p.min_ms), ms(p.max_ms)),
                    speedup: s.map_or("–".into(), |s| format!("{:.2}×", s.speedup)),
                    efficiency: s.map_or("–".into(), |s| format!("{:.0}%", s.efficiency * 100.0)),
                    answer: p.answer.clone(),
                    check: format!("{} {}", if p.verified { '✓' } else { '✗' }, check_in(lang, &p.check)),
                    verified: p.verified,
                    // Not red alone: a mismatch is marked as a failed check is.
                    threads_used: if threads_ok { p.threads_used.to_string() } else { format!("✗ {}", p.threads_used) },
                    threads_ok,
                    // Processes: starting the Workers; threads: waking the pool threads. Neither is in the time.
                    startup: p.startup_ms.map(|v| format!("{v:.1}")).or_else(|| p.dispatch_ms.map(|v| format!("{v:.2}"))).unwrap_or_else(|| "–".into()),
                    traffic: traffic(p, lang),
                });
            }
        }
        rows
    }

    /// One row per run × point. Cells a spreadsheet would run as a formula
    /// (starting with = + - @) are prefixed with an apostrophe.
    pub fn csv(&self) -> String {
        // Quoted as the csv crate's default writer does (csv_text.rs; its tests compare).
        let mut out = String::new();
        let header = [
            "run",
            "label",
            "browser",
            "hardware_concurrency",
            "cross_origin_isolated",
            "build",
            "workload",
            "n",
            "model",
            "schedule",
            "chunk",
            "workers",
            "median_ms",
            "min_ms",
            "max_ms",
            "speedup",
            "efficiency",
            "repeats",
            "times_ms",
            "answer",
            "verified",
            "check",
            "threads_used",
            "startup_ms",
            "dispatch_ms",
            "wait_ms",
            "transfer_ms",
            "transfer_bytes",
            "bandwidth_gbs",
            "start_lag_ms",
        ];
        write_record(&mut out, header);
        for (i, e) in self.runs.iter().enumerate() {
            let d = &e.doc;
            let scales: Vec<(crate::config::Model, u64, Vec<Scaling>)> = series(&d.config, &d.points).iter().map(|s| (s.model, s.chunk, s.scaling())).collect();
            for p in &d.points {
                let s = scales.iter().find(|(m, c, _)| (*m, *c) == (p.model, p.chunk)).and_then(|(_, _, scale)| scale.iter().find(|s| s.workers == p.workers));
                let record = [
                    (i + 1).to_string(),
                    d.label.clone(),
                    describe(&d.env),
                    d.env.hardware_concurrency.to_string(),
                    d.env.cross_origin_isolated.to_string(),
                    d.env.build.clone(),
                    d.config.workload.name().to_string(),
                    d.config.n.to_string(),
                    p.model.name().to_string(),
                    p.schedule.name().to_string(),
                    p.chunk.to_string(),
                    p.workers.to_string(),
                    // The mean of two µs-rounded times carries float noise (1.4925000000000002).
                    round_to_100ns(p.median_ms).to_string(),
                    p.min_ms.to_string(),
                    p.max_ms.to_string(),
                    s.map_or(String::new(), |s| format!("{:.4}", s.speedup)),
                    s.map_or(String::new(), |s| format!("{:.4}", s.efficiency)),
                    p.times_ms.len().to_string(),
                    p.times_ms.iter().map(f64::to_string).collect::<Vec<_>>().join(" "),
                    p.answer.clone(),
                    p.verified.to_string(),
                    p.check.clone(),
                    p.threads_used.to_string(),
                    p.startup_ms.map_or(String::new(), |v| v.to_string()),
                    p.dispatch_ms.map_or(String::new(), |v| v.to_string()),
                    d.config.wait_ms.map_or(String::new(), |v| v.to_string()),
                    p.transfer_ms.map_or(String::new(), |v| v.to_string()),
                    p.transfer_bytes.map_or(String::new(), |v| v.to_string()),
                    p.bandwidth_gbs.map_or(String::new(), |v| format!("{v:.4}")),
                    p.start_lag_ms.map_or(String::new(), |v| v.to_string()),
                ];
                write_record(&mut out, record.iter().map(|cell| defuse(cell)));
            }
        }
        out
    }
}
