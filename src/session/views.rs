//! What the page shows and exports about a comparison: the list of runs,
//! the table rows, the chart series and the CSV. Numbers are formatted
//! here, once, so the page, the table and the CSV agree.

use super::{describe, Session, Source};
use crate::analysis::{scaling, Scaling};
use crate::results::{Point, Results};
use serde::Serialize;

/// Run colours, in the order runs get them; the first is the colour the
/// page has always drawn a single run in.
pub const PALETTE: [(u8, u8, u8); 8] = [(37, 99, 235), (220, 38, 38), (22, 163, 74), (147, 51, 234), (13, 148, 136), (219, 39, 119), (120, 80, 40), (17, 24, 39)];

pub fn hex((r, g, b): (u8, u8, u8)) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// One run in the comparison list.
#[derive(Serialize)]
pub struct RunSummary {
    pub label: String,
    pub colour: String,
    /// Where it was measured and what, in words.
    pub description: String,
    pub source: &'static str,
    pub points: usize,
    pub measuring: bool,
    pub stopped: bool,
}

/// One row of the points table: a run's point, as shown.
#[derive(Serialize)]
pub struct Row {
    pub run: String,
    pub colour: String,
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
}

/// One run as the charts draw it.
pub struct Series<'a> {
    pub label: &'a str,
    pub colour: (u8, u8, u8),
    pub points: &'a [Point],
    pub scaling: Vec<Scaling>,
    pub hardware_concurrency: u32,
}

fn config_words(doc: &Results) -> String {
    let c = &doc.config;
    format!("{} n = {}, {} / {}, workers {}", c.workload.name(), c.n, c.model.name(), c.schedule.name(), workers_words(&c.workers))
}

fn workers_words(workers: &[u32]) -> String {
    let contiguous = workers.windows(2).all(|w| w[1] == w[0] + 1);
    match (workers.first(), workers.last()) {
        (Some(a), Some(b)) if contiguous && a != b => format!("{a}–{b}"),
        _ => workers.iter().map(u32::to_string).collect::<Vec<_>>().join(","),
    }
}

fn ms(v: f64) -> String {
    format!("{v:.2}")
}

impl Session {
    pub fn summaries(&self) -> Vec<RunSummary> {
        self.runs
            .iter()
            .map(|e| RunSummary {
                label: e.doc.label.clone(),
                colour: hex(PALETTE[e.colour]),
                description: format!("{}; {}", describe(&e.doc.env), config_words(&e.doc)),
                source: match e.source {
                    Source::Here => "measured here",
                    Source::Link => "from a link",
                    Source::File => "from a file",
                },
                points: e.doc.points.len(),
                measuring: self.live == Some(e.id),
                stopped: !e.complete && self.live != Some(e.id),
            })
            .collect()
    }

    /// Every run that has points, as chart series.
    pub fn series(&self) -> Vec<Series<'_>> {
        self.runs
            .iter()
            .filter(|e| !e.doc.points.is_empty())
            .map(|e| Series { label: &e.doc.label, colour: PALETTE[e.colour], points: &e.doc.points, scaling: scaling(&e.doc.points), hardware_concurrency: e.doc.env.hardware_concurrency })
            .collect()
    }

    /// The table: grouped by worker count, the runs side by side in the order shown.
    pub fn rows(&self) -> Vec<Row> {
        let mut counts: Vec<u32> = self.runs.iter().flat_map(|e| e.doc.points.iter().map(|p| p.workers)).collect();
        counts.sort_unstable();
        counts.dedup();
        let scaled: Vec<Vec<Scaling>> = self.runs.iter().map(|e| scaling(&e.doc.points)).collect();
        let mut rows = Vec::new();
        for k in counts {
            for (e, scale) in self.runs.iter().zip(&scaled) {
                let Some(p) = e.doc.points.iter().find(|p| p.workers == k) else { continue };
                let s = scale.iter().find(|s| s.workers == k);
                rows.push(Row {
                    run: e.doc.label.clone(),
                    colour: hex(PALETTE[e.colour]),
                    workers: k.to_string(),
                    median: ms(p.median_ms),
                    range: format!("{}–{}", ms(p.min_ms), ms(p.max_ms)),
                    speedup: s.map_or("–".into(), |s| format!("{:.2}×", s.speedup)),
                    efficiency: s.map_or("–".into(), |s| format!("{:.0}%", s.efficiency * 100.0)),
                    answer: p.answer.clone(),
                    check: format!("{} {}", if p.verified { '✓' } else { '✗' }, p.check),
                    verified: p.verified,
                    threads_used: p.threads_used.to_string(),
                    threads_ok: p.threads_used == p.workers || p.schedule == crate::config::Schedule::Steal,
                    startup: p.startup_ms.map_or("–".into(), |v| format!("{v:.1}")),
                });
            }
        }
        rows
    }

    /// One row per run × point. Cells a spreadsheet would run as a formula
    /// (starting with = + - @) are prefixed with an apostrophe.
    pub fn csv(&self) -> String {
        // The csv crate quotes commas, quotes and line breaks correctly.
        let mut out = csv::Writer::from_writer(Vec::new());
        let header = [
            "run", "label", "browser", "hardware_concurrency", "cross_origin_isolated", "build", "workload", "n", "model", "schedule", "chunk", "workers", "median_ms", "min_ms", "max_ms", "speedup", "efficiency", "repeats", "times_ms",
            "answer", "verified", "check", "threads_used", "startup_ms",
        ];
        let _ = out.write_record(header);
        for (i, e) in self.runs.iter().enumerate() {
            let d = &e.doc;
            let scale = scaling(&d.points);
            for p in &d.points {
                let s = scale.iter().find(|s| s.workers == p.workers);
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
                    p.median_ms.to_string(),
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
                ];
                let _ = out.write_record(record.iter().map(|cell| defuse(cell)));
            }
        }
        String::from_utf8(out.into_inner().unwrap_or_default()).unwrap_or_default()
    }
}

/// A cell that a spreadsheet would read as a formula gets a leading apostrophe.
fn defuse(cell: &str) -> String {
    let numeric = cell.parse::<f64>().is_ok();
    if !numeric && cell.starts_with(['=', '+', '-', '@']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}
