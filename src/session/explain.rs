//! What the visitor's own curves say, in sentences of the chosen language:
//! the physical-core estimate next to `hardwareConcurrency`, Amdahl's serial
//! fraction, the trend of Karp–Flatt, the USL peak, and the chunk-size
//! trade-off. The general "how to read this chart" texts are in the
//! language tables; these sentences are about the numbers measured.

use super::views::{legend_name, named_series, ChunkSweep};
use super::Session;
use crate::analysis::knee::NoKnee;
use crate::analysis::{AmdahlReading, SeriesAnalysis};
use crate::config::Model;
use crate::i18n::Lang;
use serde::Serialize;

/// The most series described (the most recent ones), so the text stays readable.
const MAX_DESCRIBED: usize = 6;

/// Sentences beside each chart.
#[derive(Debug, Default, Serialize)]
pub struct Explanations {
    pub speedup: Vec<String>,
    pub efficiency: Vec<String>,
    pub chunk: Vec<String>,
}

fn num(v: f64, decimals: usize) -> String {
    // A value that rounds to zero is 0, not "-0.00".
    let v = if v.abs() < 0.5 / 10f64.powi(decimals as i32) { 0.0 } else { v };
    format!("{v:.decimals$}")
}

/// What a series showed besides its analysis.
struct Seen {
    /// The reporting device's `hardwareConcurrency`.
    hc: u32,
    /// The largest worker count measured.
    last_k: u32,
    /// The best bandwidth of its points (`copy`, `triad`), GB/s.
    best_gbs: Option<f64>,
    /// `copy` under processes: the share of the Workers' time spent receiving
    /// their input, at the largest worker count.
    transfer_share: Option<f64>,
    /// Amdahl's law against its points: its bound is stated only when no point breaks it.
    amdahl: Option<AmdahlReading>,
    /// Its points whose time is 0 ms (below the timer's resolution), and all its points.
    zero_times: usize,
    /// Its largest measured speedup over the fewest workers, and where.
    best: Option<(u32, f64)>,
    points: usize,
}

/// The sentences about one series.
fn describe_series(lang: Lang, out: &mut Explanations, series: &str, a: &SeriesAnalysis, seen: &Seen) {
    let Seen { hc, last_k, best_gbs, transfer_share, amdahl, zero_times, best, points } = *seen;
    let model = a.model;
    let s = || ("series", series.to_string());
    out.speedup.push(match (a.estimated_physical_cores, a.reason) {
        (Some(n), _) => lang.say("say.cores", &[s(), ("hc", hc.to_string()), ("n", n.to_string())]),
        // Under gil the lock, not memory, is what flattens a memory-bound curve.
        (None, Some(NoKnee::NoSpeedup | NoKnee::MemoryBound)) if model == Model::Gil => lang.say("say.no_speedup_gil", &[s()]),
        (None, Some(NoKnee::NoSpeedup)) => lang.say("say.no_speedup", &[s()]),
        (None, Some(NoKnee::MemoryBound)) if transfer_share.is_some() => lang.say("say.transfer_bound", &[s(), ("pct", num(100.0 * transfer_share.unwrap_or(0.0), 0)), ("k", last_k.to_string())]),
        (None, Some(NoKnee::MemoryBound)) => lang.say("say.memory_bound", &[s(), ("gbs", best_gbs.map_or_else(|| "?".into(), |g| num(g, 1)))]),
        (None, Some(NoKnee::Waiting)) => lang.say("say.waiting", &[s(), ("hc", hc.to_string())]),
        (None, Some(NoKnee::NoBend)) => lang.say("say.no_bend", &[s(), ("k", last_k.to_string())]),
        (None, Some(NoKnee::TooNoisy)) => lang.say("say.too_noisy", &[s()]),
        (None, Some(NoKnee::Unsteady)) => lang.say("say.unsteady", &[s()]),
        // Too few points because some took no measurable time: say that, not "measure more".
        (None, _) if zero_times > 0 => lang.say("say.too_short", &[s(), ("n", zero_times.to_string()), ("total", points.to_string())]),
        (None, _) => lang.say("say.too_few", &[s()]),
    });
    match amdahl {
        Some(AmdahlReading::Fits(fit)) if fit.serial_fraction < 0.005 => out.speedup.push(lang.say("say.amdahl_zero", &[s()])),
        // A measured speedup already past the bound: the fit is rough, and its bound is not stated as fact.
        Some(AmdahlReading::Fits(fit)) if best.is_some_and(|(_, b)| b > 1.0 / fit.serial_fraction) => {
            let (k, b) = best.unwrap_or_default();
            let f = fit.serial_fraction;
            out.speedup.push(lang.say("say.amdahl_rough", &[s(), ("f", num(f, 2)), ("k", k.to_string()), ("best", num(b, 2)), ("max", num(1.0 / f, 1))]));
        }
        // Two worker counts give f exactly, whatever the curve does next: its bound is not stated as a limit.
        Some(AmdahlReading::Fits(fit)) if points == 2 => {
            let f = fit.serial_fraction;
            out.speedup.push(lang.say("say.amdahl_two", &[s(), ("f", num(f, 2)), ("max", num(1.0 / f, 1))]));
        }
        Some(AmdahlReading::Fits(fit)) => {
            let f = fit.serial_fraction;
            out.speedup.push(lang.say("say.amdahl", &[s(), ("f", num(f, 2)), ("max", num(1.0 / f, 1))]));
        }
        Some(AmdahlReading::Broken { workers, median_ms, floor_ms }) => {
            out.speedup.push(lang.say("say.amdahl_broken", &[s(), ("k", workers.to_string()), ("ms", num(median_ms, 2)), ("floor", num(floor_ms, 2))]));
        }
        None => {}
    }
    if let Some(u) = a.usl {
        out.speedup.push(match u.peak_workers {
            Some(peak) if peak < 1.5 => lang.say("say.usl_peak_at_one", &[s(), ("sigma", num(u.sigma, 3)), ("kappa", num(u.kappa, 4))]),
            Some(peak) => lang.say("say.usl", &[s(), ("sigma", num(u.sigma, 3)), ("kappa", num(u.kappa, 4)), ("peak", num(peak, 1))]),
            None => lang.say("say.usl_no_peak", &[s(), ("sigma", num(u.sigma, 3))]),
        });
    }
    if let Some(over) = a.karp_flatt.iter().find(|e| e.value > 1.0) {
        // Slower than one worker: a "serial fraction" above 1 is no fraction of the work.
        out.efficiency.push(lang.say("say.kf_over_one", &[s(), ("k", over.workers.to_string()), ("a", num(over.value, 2))]));
    } else if let Some(under) = a.karp_flatt.iter().find(|e| e.value < -0.005) {
        // More than k times faster: no serial fraction is negative.
        out.efficiency.push(lang.say("say.kf_below_zero", &[s(), ("k", under.workers.to_string()), ("a", num(under.value, 2))]));
    } else if let [only] = a.karp_flatt.as_slice() {
        // One value says nothing about staying or growing.
        out.efficiency.push(lang.say("say.kf_one", &[s(), ("k", only.workers.to_string()), ("a", num(only.value, 2))]));
    } else if let (Some(first), Some(last)) = (a.karp_flatt.first(), a.karp_flatt.last()) {
        out.efficiency.push(if a.karp_flatt.len() > 1 && last.value - first.value > 0.05 {
            lang.say("say.kf_rising", &[s(), ("a", num(first.value, 2)), ("k1", first.workers.to_string()), ("b", num(last.value, 2)), ("k2", last.workers.to_string())])
        } else {
            let mean = a.karp_flatt.iter().map(|e| e.value).sum::<f64>() / a.karp_flatt.len() as f64;
            lang.say("say.kf_steady", &[s(), ("a", num(mean, 2))])
        });
    }
}

/// The chunk-size sentences: the best size per line (model and worker count), and the cost
/// of one extra chunk between the two smallest sizes.
fn describe_chunks(lang: Lang, out: &mut Explanations, sweep: &ChunkSweep) {
    for line in &sweep.lines {
        let name = line.name(lang);
        if let Some(best) = line.points.iter().min_by(|a, b| a.1.total_cmp(&b.1)) {
            out.chunk.push(lang.say("say.chunk_best", &[("line", name.clone()), ("c", best.0.to_string()), ("n", best.2.to_string())]));
        }
        if let [small, larger, ..] = line.points.as_slice() {
            let extra = small.2.saturating_sub(larger.2);
            let slower_ms = small.1 - larger.1;
            if extra > 0 && slower_ms > 0.0 {
                let values = [
                    ("line", name.clone()),
                    ("c1", small.0.to_string()),
                    ("n1", small.2.to_string()),
                    ("c2", larger.0.to_string()),
                    ("n2", larger.2.to_string()),
                    ("ms", num(slower_ms, 2)),
                    ("us", num(slower_ms * 1000.0 / extra as f64, 2)),
                ];
                out.chunk.push(lang.say("say.chunk_overhead", &values));
            }
        }
    }
}

/// Where a series' name goes in its sentences until they are folded: a
/// character no name has (names are cleaned of control characters).
const NAME: &str = "\u{0}";

/// Sentences in order of first appearance, each with the series it is about.
#[derive(Default)]
struct Folded(Vec<(String, Vec<String>)>);

impl Folded {
    fn add(&mut self, sentences: Vec<String>, name: &str) {
        for sentence in sentences {
            match self.0.iter_mut().find(|(s, _)| *s == sentence) {
                Some((_, names)) => names.push(name.to_string()),
                None => self.0.push((sentence, vec![name.to_string()])),
            }
        }
    }

    fn say(self, lang: Lang) -> Vec<String> {
        self.0.into_iter().map(|(sentence, names)| sentence.replacen(NAME, &lang.list(&names), 1)).collect()
    }
}

impl Session {
    pub fn explain(&self, lang: Lang) -> Explanations {
        let mut out = Explanations::default();
        let mut described = Vec::new();
        let alone = self.runs.len() == 1;
        for e in self.runs.iter().rev() {
            for (name, series) in named_series(&e.doc, lang).into_iter().rev() {
                // As the legends name them: by model (and chunk) alone with one run on screen.
                let name = legend_name(&name, &e.doc.label, alone);
                let seen = Seen {
                    hc: e.doc.env.hardware_concurrency,
                    last_k: series.points.last().map_or(0, |p| p.workers),
                    best_gbs: series.points.iter().filter_map(|p| p.bandwidth_gbs).reduce(f64::max),
                    transfer_share: series.points.last().and_then(|p| p.transfer_share()),
                    amdahl: series.amdahl_reading(),
                    zero_times: series.points.iter().filter(|p| p.median_ms <= 0.0).count(),
                    best: series.scaling().iter().map(|x| (x.workers, x.speedup)).max_by(|a, b| a.1.total_cmp(&b.1)),
                    points: series.points.len(),
                };
                described.push((name, series.analyse(), seen));
            }
        }
        described.truncate(MAX_DESCRIBED);
        // Each series' sentences are written with a stand-in for its name;
        // series that get the very same sentence share it, named together.
        let (mut speedup, mut efficiency) = (Folded::default(), Folded::default());
        for (name, analysis, seen) in described.iter().rev() {
            let mut mine = Explanations::default();
            describe_series(lang, &mut mine, NAME, analysis, seen);
            speedup.add(mine.speedup, name);
            efficiency.add(mine.efficiency, name);
        }
        // What the dashed and dotted lines are, said only when the chart draws them.
        let drawn = self.series();
        let amdahl = drawn.iter().any(|s| s.amdahl.is_some()).then(|| lang.text("explain.amdahl-line").to_string());
        let knee = drawn.iter().any(|s| s.estimated_cores.is_some()).then(|| lang.text("explain.knee-line").to_string());
        out.speedup = amdahl.into_iter().chain(knee).chain(speedup.say(lang)).collect();
        out.efficiency = efficiency.say(lang);
        if let Some(sweep) = self.chunk_sweep() {
            describe_chunks(lang, &mut out, &sweep);
        }
        out
    }
}
