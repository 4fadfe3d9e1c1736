//! The runs list: each run's label (told apart from every other run's;
//! renaming), style (colour and mark), and a line on where and what it
//! measured, where it came from and how far it got, in the page's language;
//! and, for a run of several series, which style is which.

use super::describe::describe_in;
use super::views::{hex, named_series, slot};
use super::{style, Style};
use super::{Session, Source};
use crate::i18n::{fill, grouped, Lang};
use crate::intake::MAX_LABEL;
use crate::results::Results;
use crate::text::clean;
use serde::Serialize;

/// One run in the comparison list.
#[derive(Serialize)]
pub struct RunSummary {
    /// The run's own number in this page, kept while it stays (indices move
    /// when a run is removed or a full comparison makes room): the page
    /// gives the keyboard back to the same run's control by it.
    pub id: u32,
    pub label: String,
    pub colour: String,
    /// Its mark's name (`Mark::name`), as its swatch shows it.
    pub mark: &'static str,
    /// Where and what it measured, where it came from, how many points, in
    /// the page's language: "Firefox 153 on Linux, …; pi n = …, threads /
    /// dynamic, workers 1–4 (measured here, 8 points)".
    pub about: String,
    pub measuring: bool,
    pub stopped: bool,
    /// Its series' colours and names ("processes", "threads, chunk 100"),
    /// when it has several: a legend short of room names runs, not series.
    pub series: Vec<SeriesKey>,
}

/// A series' style and what sets it apart within its run.
#[derive(Serialize)]
pub struct SeriesKey {
    pub name: String,
    pub colour: String,
    pub mark: &'static str,
}

impl SeriesKey {
    fn new(name: String, look: Style) -> SeriesKey {
        SeriesKey { name, colour: hex(look.colour), mark: look.mark.name() }
    }
}

fn config_words(doc: &Results, lang: Lang) -> String {
    let c = &doc.config;
    let models: Vec<&str> = c.models.iter().map(|m| m.name()).collect();
    let chunks = if c.chunks.len() > 1 { fill(lang.text("run.chunks"), &[("chunks", c.chunks.iter().map(u64::to_string).collect::<Vec<_>>().join(","))]) } else { String::new() };
    let values = [
        ("workload", c.workload.name().to_string()),
        ("n", grouped(c.n)),
        ("models", models.join(",")),
        ("schedule", c.schedule.name().to_string()),
        ("chunks", chunks),
        ("workers", workers_words(&c.workers)),
    ];
    fill(lang.text("run.config"), &values)
}

fn workers_words(workers: &[u32]) -> String {
    let contiguous = workers.windows(2).all(|w| w[1] == w[0] + 1);
    match (workers.first(), workers.last()) {
        (Some(a), Some(b)) if contiguous && a != b => format!("{a}–{b}"),
        _ => workers.iter().map(u32::to_string).collect::<Vec<_>>().join(","),
    }
}

impl Session {
    /// `label`, or with " — run 2", " — run 3" … (in the page's language) appended when another run
    /// (not the one at `skip`) has it (legends keep what follows " — "),
    /// cut to fit [`MAX_LABEL`] with its suffix: links and files carry the
    /// label, and a longer one would be refused when they are read back.
    pub(super) fn distinct_label(&self, label: String, skip: Option<usize>) -> String {
        let taken = |l: &str| self.runs.iter().enumerate().any(|(i, e)| Some(i) != skip && e.doc.label == l);
        let whole = clean(&label, MAX_LABEL);
        if !taken(&whole) {
            return whole;
        }
        (2..)
            .map(|n| {
                let suffix = format!(" — {}", self.lang.say("label.again", &[("n", n.to_string())]));
                format!("{}{suffix}", clean(&label, MAX_LABEL - suffix.chars().count()))
            })
            .find(|l| !taken(l))
            .unwrap_or(whole)
    }

    /// Renames the run at `index`; an empty label goes back to the default.
    /// A name another run has gets a number, as on arrival.
    pub fn relabel(&mut self, index: usize, label: &str) -> Result<(), String> {
        let entry = self.runs.get(index).ok_or_else(|| format!("there is no run {}", index + 1))?;
        let label = clean(label, MAX_LABEL);
        let label = if label.is_empty() { describe_in(&entry.doc.env, self.lang) } else { label };
        // Two runs never share a label: the charts' legends and the table tell runs apart by it.
        let label = self.distinct_label(label, Some(index));
        self.runs[index].doc.label = label;
        Ok(())
    }

    pub fn summaries(&self, lang: Lang) -> Vec<RunSummary> {
        self.runs
            .iter()
            .map(|e| {
                let measuring = self.live == Some(e.id);
                let stopped = !e.complete && !measuring;
                let source = match e.source {
                    Source::Here => "run.source.here",
                    Source::Link => "run.source.link",
                    Source::File => "run.source.file",
                };
                let points = e.doc.points.len();
                let state = match (measuring, stopped) {
                    (true, _) => format!(" — {}", lang.text("run.measuring")),
                    (_, true) => format!(" — {}", lang.text("run.stopped")),
                    _ => String::new(),
                };
                let values = [
                    ("description", format!("{}; {}", describe_in(&e.doc.env, lang), config_words(&e.doc, lang))),
                    ("source", lang.text(source).to_string()),
                    ("points", fill(lang.text(if points == 1 { "run.points.one" } else { "run.points" }), &[("n", points.to_string())])),
                    ("state", state),
                ];
                let named = named_series(&e.doc, lang);
                let series = if named.len() < 2 {
                    Vec::new()
                } else {
                    let key = |name: &str| name.get(e.doc.label.len()..).unwrap_or_default().trim_start_matches(" — ").replace(" — ", ", ");
                    named.iter().map(|(name, s)| SeriesKey::new(key(name), e.colours.of(slot(&e.doc, s)))).collect()
                };
                let own = style(e.colours.own());
                RunSummary { id: e.id, label: e.doc.label.clone(), colour: hex(own.colour), mark: own.mark.name(), about: fill(lang.text("run.about"), &values), measuring, stopped, series }
            })
            .collect()
    }
}
