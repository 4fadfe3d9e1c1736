//! The page's state: the runs being compared. One object holds them — runs
//! measured here (one of them perhaps still being measured), runs opened
//! from share links and runs imported from files — with their labels and
//! colours, and answers everything the page shows or exports about them
//! (`views.rs`). JavaScript keeps none of it; it hands events in and puts
//! what comes out into the DOM.

mod colours;
mod csv_text;
mod describe;
mod explain;
mod runs_list;
mod timeline;
mod views;

pub use colours::{style, Colours, Mark, Style};
pub use describe::{describe, describe_in};
pub use explain::Explanations;
pub use runs_list::RunSummary;
pub use views::{log_time_axis, short_label, ChunkLine, ChunkSweep, Row, Series, PALETTE};

use crate::config::{self, RunConfig};
use crate::i18n::Lang;
use crate::intake::{self, IntakeError, MAX_RUNS};
use crate::results::{round_to_100ns, round_to_us, Env, Point, Results, RESULTS_VERSION};
use crate::share::{self, TooLong};
use crate::text::clean;

/// Where a run in the comparison came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    Here,
    Link,
    File,
}

/// One run in the comparison.
#[derive(Clone, Debug)]
pub struct Entry {
    id: u32,
    pub doc: Results,
    /// Its own colour and its series', kept while it stays.
    pub colours: Colours,
    pub source: Source,
    /// False while it is measured, and for a run that was stopped.
    pub complete: bool,
}

/// The thread pool of the coordinator, as it reported itself.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Pool {
    threads: u32,
    startup_ms: f64,
    ready_at_ms: f64,
}

/// The runs being compared and what the page knows about this device.
#[derive(Debug)]
pub struct Session {
    runs: Vec<Entry>,
    next_id: u32,
    /// The run being measured.
    live: Option<u32>,
    /// The oldest run, taken out to make room for the live one: it comes
    /// back if the live run ends without a point.
    displaced: Option<Entry>,
    /// What `lastRun()` returns: the run most recently finished here or opened.
    last: Option<u32>,
    /// This device (the build and pool are added per run).
    here: Env,
    pool: Option<Pool>,
    /// The page's address without query or fragment; share links start with it.
    base_url: String,
    /// The page's language: a run's default label is made in it.
    lang: Lang,
}

/// Whether two runs' points are the same measurement: as a link carries
/// them, without the chunk records (and the start lag read from them) that
/// only a file or the page keeps.
fn same_points(a: &[Point], b: &[Point]) -> bool {
    let bare = |p: &Point| Point { chunks: Vec::new(), start_lag_ms: None, ..p.clone() };
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| bare(x) == bare(y))
}

/// What a link or file added: its runs not yet compared, and how many it
/// held that were (the very same measurement, under any label).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Added {
    pub added: usize,
    pub already: usize,
}

impl Session {
    pub fn new(base_url: &str, mut here: Env) -> Session {
        here.timer_resolution_ms = round_to_100ns(here.timer_resolution_ms);
        here.user_agent = clean(&here.user_agent, intake::MAX_USER_AGENT);
        let base_url = base_url.split(['?', '#']).next().unwrap_or_default().to_string();
        Session { runs: Vec::new(), next_id: 0, live: None, displaced: None, last: None, here, pool: None, base_url, lang: Lang::En }
    }

    /// The page's language, for the labels of runs added from now on (a
    /// label is data: one already made stays as it is).
    pub fn set_lang(&mut self, lang: Lang) {
        self.lang = lang;
    }

    /// The page's language: refusals of links and files are said in it.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    pub fn entries(&self) -> &[Entry] {
        &self.runs
    }

    fn index_of(&self, id: Option<u32>) -> Option<usize> {
        id.and_then(|id| self.runs.iter().position(|e| e.id == id))
    }

    fn live_mut(&mut self) -> Result<&mut Entry, String> {
        let i = self.index_of(self.live).ok_or("no run is being measured")?;
        Ok(&mut self.runs[i])
    }

    fn push(&mut self, mut doc: Results, source: Source, complete: bool) -> u32 {
        if doc.label.is_empty() {
            doc.label = describe_in(&doc.env, self.lang);
        }
        doc.label = self.distinct_label(doc.label, None);
        let id = self.next_id;
        self.next_id += 1;
        let colours = Colours::allot(self.runs.iter().map(|e| &e.colours), doc.config.models.len() * doc.config.chunks.len());
        self.runs.push(Entry { id, doc, colours, source, complete });
        id
    }

    pub fn set_pool(&mut self, threads: u32, startup_ms: f64, ready_at_ms: f64) {
        self.pool = Some(Pool { threads, startup_ms: round_to_us(startup_ms), ready_at_ms: round_to_us(ready_at_ms) });
    }

    pub fn clear_pool(&mut self) {
        self.pool = None;
    }

    /// A new run measured here. A full comparison drops its oldest run to
    /// make room; its label is returned (for [`full_note`]).
    pub fn begin(&mut self, config: RunConfig) -> Result<Option<String>, String> {
        config::validate(&config).map_err(|e| e.to_string())?;
        self.stop();
        let mut dropped_label = None;
        if self.runs.len() >= MAX_RUNS {
            let dropped = self.runs.remove(0);
            dropped_label = Some(dropped.doc.label.clone());
            self.displaced = Some(dropped);
        }
        let doc = Results { version: RESULTS_VERSION, label: String::new(), env: self.here.clone(), config, points: Vec::new(), analysis: Vec::new(), share_url: None };
        self.live = Some(self.push(doc, Source::Here, false));
        Ok(dropped_label)
    }

    /// What the run really uses: the build that computes, and the pool if any.
    pub fn started(&mut self, build: &str, uses_pool: bool) -> Result<(), String> {
        let pool = self.pool.filter(|_| uses_pool);
        let entry = self.live_mut()?;
        entry.doc.env.build = if build == "threads" { "threads" } else { "plain" }.to_string();
        entry.doc.env.pool_threads = pool.map(|p| p.threads);
        entry.doc.env.pool_startup_ms = pool.map(|p| p.startup_ms);
        // A tab open for weeks before its pool was ready: the time is past what a link or file may carry, so it is left out.
        entry.doc.env.pool_ready_at_ms = pool.map(|p| p.ready_at_ms).filter(|&ms| ms <= intake::MAX_MS);
        Ok(())
    }

    /// A point of the live run, new or refined by another repeat: it
    /// replaces the point of the same worker count, model and chunk.
    pub fn add_point(&mut self, point: Point) -> Result<(), String> {
        let entry = self.live_mut()?;
        let cell = crate::config::Cell { workers: point.workers, model: point.model, chunk: point.chunk };
        if !entry.doc.config.cells().contains(&cell) {
            return Err(format!("a point for {} workers ({}, chunk {}) does not belong to this run", point.workers, point.model.name(), point.chunk));
        }
        let points = &mut entry.doc.points;
        points.retain(|p| (p.workers, p.model, p.chunk) != (cell.workers, cell.model, cell.chunk));
        points.push(point);
        points.sort_by_key(|p| (p.workers, p.model.name(), p.chunk));
        self.displaced = None;
        Ok(())
    }

    /// The live run is complete: it becomes `lastRun()`.
    pub fn finish(&mut self) -> Result<(), String> {
        let entry = self.live_mut()?;
        entry.complete = true;
        self.last = self.live.take();
        Ok(())
    }

    /// The live run ends unfinished: it stays (marked stopped) if it has
    /// points, else it goes and the run it displaced comes back (then
    /// `true`: the note that it was removed no longer holds).
    pub fn stop(&mut self) -> bool {
        let live = self.live.take();
        let mut back_again = false;
        if let Some(i) = self.index_of(live) {
            if self.runs[i].doc.points.is_empty() {
                self.runs.remove(i);
                if let Some(back) = self.displaced.take().filter(|_| self.runs.len() < MAX_RUNS) {
                    self.runs.insert(0, back);
                    back_again = true;
                }
            }
        }
        self.displaced = None;
        back_again
    }

    pub fn is_measuring(&self) -> bool {
        self.live.is_some()
    }

    /// The configuration of the run being measured.
    pub fn live_config(&self) -> Option<&RunConfig> {
        self.index_of(self.live).map(|i| &self.runs[i].doc.config)
    }

    /// Adds `docs`; with `skip_known`, those that are the very measurement of
    /// a run already compared (or of an earlier one of `docs`) are left out:
    /// a file imported twice adds nothing the second time.
    fn add_all(&mut self, docs: Vec<Results>, source: Source, skip_known: bool) -> Result<Added, IntakeError> {
        let held = docs.len();
        let mut fresh: Vec<Results> = Vec::with_capacity(held);
        for doc in docs {
            let same = |d: &Results| d.config == doc.config && d.env == doc.env && same_points(&d.points, &doc.points);
            if !(skip_known && (self.runs.iter().any(|e| same(&e.doc)) || fresh.iter().any(same))) {
                fresh.push(doc);
            }
        }
        let room = MAX_RUNS - self.runs.len().min(MAX_RUNS);
        if fresh.len() > room {
            return Err(IntakeError::new("in.full", vec![("n", intake::shown(self.runs.len() + fresh.len())), ("max", intake::shown(MAX_RUNS))]));
        }
        let added = Added { added: fresh.len(), already: held - fresh.len() };
        for doc in fresh {
            self.last = Some(self.push(doc, source, true));
        }
        Ok(added)
    }

    /// Adds the runs of a share link's fragment. Nothing changes on error.
    pub fn add_link(&mut self, fragment: &str) -> Result<Added, IntakeError> {
        let docs = share::decode(fragment)?;
        self.add_all(docs, Source::Link, true)
    }

    /// The comparison becomes exactly the runs of a link (opening the page on one).
    pub fn open_link(&mut self, fragment: &str) -> Result<usize, IntakeError> {
        let docs = share::decode(fragment)?;
        self.runs.clear();
        self.live = None;
        self.displaced = None;
        self.last = None;
        Ok(self.add_all(docs, Source::Link, false)?.added)
    }

    /// Adds the runs of a file that Export JSON (or `runs()`) wrote.
    pub fn import_file(&mut self, json: &str) -> Result<Added, IntakeError> {
        let docs = intake::parse_file(json)?;
        self.add_all(docs, Source::File, true)
    }

    /// Removes the run at `index` (in the order shown).
    pub fn remove(&mut self, index: usize) -> Result<(), String> {
        let entry = self.runs.get(index).ok_or_else(|| format!("there is no run {}", index + 1))?;
        let id = entry.id;
        if self.live == Some(id) {
            return Err("the run being measured cannot be removed; stop it first".into());
        }
        self.runs.remove(index);
        if self.last == Some(id) {
            // The newest run left (not one still being measured) is the last one now:
            // Copy link and Export JSON keep working while runs remain.
            self.last = self.runs.iter().rev().map(|e| e.id).find(|&id| Some(id) != self.live);
        }
        Ok(())
    }

    /// The configuration of the run at `index` ("Run this on my device").
    pub fn config_of(&self, index: usize) -> Option<RunConfig> {
        self.runs.get(index).map(|e| e.doc.config.clone())
    }

    /// A document as the page hands it out: with its share link, unless it
    /// is too large for one.
    fn published(&self, doc: &Results) -> Results {
        let mut out = doc.clone();
        out.analysis = crate::analysis::analyse(&doc.config, &doc.points);
        out.share_url = self.url_of(&[doc]).ok();
        out
    }

    fn url_of(&self, docs: &[&Results]) -> Result<String, TooLong> {
        Ok(format!("{}#{}", self.base_url, share::encode(docs)?))
    }

    /// The link of the run most recently finished here or opened; `None`
    /// when there is none.
    pub fn last_run_url(&self) -> Option<Result<String, TooLong>> {
        self.index_of(self.last).map(|i| self.url_of(&[&self.runs[i].doc]))
    }

    /// The run most recently finished here or opened, with its `share_url`.
    pub fn last_run(&self) -> Option<Results> {
        self.index_of(self.last).map(|i| self.published(&self.runs[i].doc))
    }

    /// Every run in the comparison, in the order shown (the live one too).
    pub fn runs(&self) -> Vec<Results> {
        self.runs.iter().map(|e| self.published(&e.doc)).collect()
    }

    /// The runs a comparison link carries: not the one being measured, none without points.
    fn shareable(&self) -> impl Iterator<Item = &Results> {
        self.runs.iter().filter(|e| self.live != Some(e.id) && !e.doc.points.is_empty()).map(|e| &e.doc)
    }

    /// Whether there is a comparison to share (without encoding it).
    pub fn has_comparison(&self) -> bool {
        self.shareable().next().is_some()
    }

    /// Whether `lastRun()` has a run (without handing it out).
    /// When the pool was ready, in ms after the page started loading, once it is.
    pub fn pool_ready_at_ms(&self) -> Option<f64> {
        self.pool.map(|p| p.ready_at_ms)
    }

    pub fn has_last_run(&self) -> bool {
        self.index_of(self.last).is_some()
    }

    /// The fragment that carries the whole comparison; `None` when it has no run to carry.
    pub fn comparison_fragment(&self) -> Option<Result<String, TooLong>> {
        let docs: Vec<&Results> = self.shareable().collect();
        (!docs.is_empty()).then(|| share::encode(&docs))
    }

    /// The link of the whole comparison.
    pub fn comparison_url(&self) -> Option<Result<String, TooLong>> {
        self.comparison_fragment().map(|f| f.map(|f| format!("{}#{f}", self.base_url)))
    }

    /// The run whose chunk timeline is shown: the live run, else the most
    /// recent one that has chunk records (links carry none).
    pub fn timeline_run(&self) -> Option<&Results> {
        if let Some(i) = self.index_of(self.live) {
            return Some(&self.runs[i].doc);
        }
        self.runs.iter().rev().map(|e| &e.doc).find(|d| d.points.iter().any(|p| !p.chunks.is_empty()))
    }
}

#[cfg(test)]
mod explain_tests;
#[cfg(test)]
mod limits_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod views_tests;

/// What the page says when a run begun in a full comparison took the place
/// of the run labelled `label`, in `lang`.
pub fn full_note(label: &str, lang: Lang) -> String {
    lang.say("note.full", &[("max", MAX_RUNS.to_string()), ("label", label.to_string())])
}
