//! The page's state as a JS object: a thin wrapper around
//! [`Session`](crate::session::Session). The main thread holds one `Page`;
//! every DOM event that changes the comparison goes through it, and
//! everything the page shows or exports comes out of it as JSON or text.

use super::chart;
use super::refusal::Refusal;
use super::start::{from_json, to_json};
use crate::config::RunConfig;
use crate::results::{Env, Point};
use crate::session::Session;
use wasm_bindgen::prelude::*;

/// What a link or file added, as the page reads it: `[added, already compared]`.
fn counts(a: crate::session::Added) -> Vec<u32> {
    vec![a.added as u32, a.already as u32]
}

/// A language code from the page; English for anything else.
pub(super) fn lang_of(code: &str) -> crate::i18n::Lang {
    crate::i18n::Lang::from_name(code).unwrap_or(crate::i18n::Lang::En)
}

fn js_err(e: impl std::fmt::Display) -> JsError {
    JsError::new(&e.to_string())
}

/// What the page says when a new run took the place of the run labelled
/// `label` (a full comparison), in `lang`.
#[wasm_bindgen(js_name = fullNote)]
pub fn full_note(label: &str, lang: &str) -> String {
    crate::session::full_note(label, lang_of(lang))
}

/// Whether a URL fragment is meant to carry runs (else it is left alone).
#[wasm_bindgen(js_name = isShareFragment)]
pub fn is_share_fragment(fragment: &str) -> bool {
    crate::share::is_link(fragment)
}

/// A chosen file's name as the page quotes it: a stranger may have named it
/// (`results\u{202E}nosj.exe` shows as "resultsexe.json"), so unsafe
/// characters are shown as escapes and the length is bounded.
#[wasm_bindgen(js_name = shownFileName)]
pub fn shown_file_name(name: &str) -> String {
    crate::text::escaped(name, crate::intake::MAX_LABEL)
}

/// Refuses a file Import JSON would not read, from its size alone, saying
/// why in `lang`: the page asks before reading it into memory.
#[wasm_bindgen(js_name = checkFileSize)]
pub fn check_file_size(bytes: f64, lang: &str) -> Result<(), Refusal> {
    crate::intake::check_file_size(bytes).map_err(Refusal::in_lang(lang_of(lang)))
}

#[wasm_bindgen]
pub struct Page {
    session: Session,
}

#[wasm_bindgen]
impl Page {
    /// `base_url`: the page's address (query and fragment are dropped);
    /// `env_json`: this device (userAgent, hardwareConcurrency, crossOriginIsolated, timerResolutionMs).
    #[wasm_bindgen(constructor)]
    pub fn new(base_url: &str, env_json: &str) -> Result<Page, JsError> {
        let env: Env = from_json("the environment", env_json)?;
        Ok(Page { session: Session::new(base_url, env) })
    }

    #[wasm_bindgen(js_name = setPool)]
    pub fn set_pool(&mut self, threads: u32, startup_ms: f64, ready_at_ms: f64) {
        self.session.set_pool(threads, startup_ms, ready_at_ms);
    }

    #[wasm_bindgen(js_name = clearPool)]
    pub fn clear_pool(&mut self) {
        self.session.clear_pool();
    }

    /// Starts a run here; returns the label of the old run that made room
    /// for it, if one did (`fullNote` words it).
    pub fn begin(&mut self, config_json: &str) -> Result<Option<String>, JsError> {
        let config: RunConfig = from_json("the run configuration", config_json)?;
        self.session.begin(config).map_err(js_err)
    }

    /// The configuration of the run being measured, as the coordinator's
    /// message ([`crate::wire`]).
    #[wasm_bindgen(js_name = liveConfig)]
    pub fn live_config(&self) -> Result<Vec<u8>, JsError> {
        self.session.live_config().map(crate::wire::encode).ok_or_else(|| JsError::new("no run is being measured"))
    }

    pub fn started(&mut self, build: &str, uses_pool: bool) -> Result<(), JsError> {
        self.session.started(build, uses_pool).map_err(js_err)
    }

    /// A point of the live run: the coordinator's message.
    #[wasm_bindgen(js_name = addPoint)]
    pub fn add_point(&mut self, point: &[u8]) -> Result<(), JsError> {
        let point: Point = crate::wire::decode("the point", point).map_err(|e| JsError::new(&e))?;
        self.session.add_point(point).map_err(js_err)
    }

    pub fn finish(&mut self) -> Result<(), JsError> {
        self.session.finish().map_err(js_err)
    }

    /// Ends the run being measured; `true` when it had no point and the run
    /// it displaced from a full comparison came back.
    pub fn stop(&mut self) -> bool {
        self.session.stop()
    }

    /// The comparison becomes the runs of `fragment`; returns how many.
    #[wasm_bindgen(js_name = openLink)]
    pub fn open_link(&mut self, fragment: &str) -> Result<u32, Refusal> {
        self.session.open_link(fragment).map(|n| n as u32).map_err(Refusal::in_lang(self.session.lang()))
    }

    /// The page's language (`en`, `ko`): runs added from now on get their
    /// default label in it.
    #[wasm_bindgen(js_name = setLang)]
    pub fn set_lang(&mut self, lang: &str) {
        self.session.set_lang(lang_of(lang));
    }

    /// Adds the runs of a pasted share link (the whole URL or its fragment):
    /// `[added, already compared]`.
    #[wasm_bindgen(js_name = addLink)]
    pub fn add_link(&mut self, text: &str) -> Result<Vec<u32>, Refusal> {
        let text = text.trim();
        let fragment = text.split_once('#').map_or(text, |(_, f)| f);
        self.session.add_link(fragment).map(counts).map_err(Refusal::in_lang(self.session.lang()))
    }

    /// Adds the runs of an imported file: `[added, already compared]`.
    #[wasm_bindgen(js_name = importFile)]
    pub fn import_file(&mut self, json: &str) -> Result<Vec<u32>, Refusal> {
        self.session.import_file(json).map(counts).map_err(Refusal::in_lang(self.session.lang()))
    }

    pub fn remove(&mut self, index: u32) -> Result<(), JsError> {
        self.session.remove(index as usize).map_err(js_err)
    }

    pub fn relabel(&mut self, index: u32, label: &str) -> Result<(), JsError> {
        self.session.relabel(index as usize, label).map_err(js_err)
    }

    /// The configuration of run `index`, as JSON.
    #[wasm_bindgen(js_name = configOf)]
    pub fn config_of(&self, index: u32) -> Result<String, JsError> {
        to_json(&self.session.config_of(index as usize).ok_or_else(|| JsError::new("no such run"))?)
    }

    /// Whether `lastRun()` would return a run (cheap: nothing is encoded).
    #[wasm_bindgen(js_name = hasLastRun)]
    pub fn has_last_run(&self) -> bool {
        self.session.has_last_run()
    }

    /// Whether a comparison link can be made (cheap: nothing is encoded).
    #[wasm_bindgen(js_name = hasComparison)]
    pub fn has_comparison(&self) -> bool {
        self.session.has_comparison()
    }

    #[wasm_bindgen(js_name = isMeasuring)]
    pub fn is_measuring(&self) -> bool {
        self.session.is_measuring()
    }

    /// When the pool was ready, in ms after the page started loading (a run's
    /// `env.poolReadyAtMs`), or `undefined` before it is.
    #[wasm_bindgen(js_name = poolReadyAtMs)]
    pub fn pool_ready_at_ms(&self) -> Option<f64> {
        self.session.pool_ready_at_ms()
    }

    /// `lastRun()`: the results document, or `null`.
    #[wasm_bindgen(js_name = lastRun)]
    pub fn last_run(&self) -> Result<String, JsError> {
        to_json(&self.session.last_run())
    }

    /// What Export JSON downloads: `lastRun()`, indented.
    #[wasm_bindgen(js_name = exportJson)]
    pub fn export_json(&self) -> Result<Option<String>, JsError> {
        self.session.last_run().map(|doc| serde_json::to_string(&doc).map(|json| crate::pretty::indent(&json)).map_err(js_err)).transpose()
    }

    /// `runs()`: every run compared, in the order shown.
    pub fn runs(&self) -> Result<String, JsError> {
        to_json(&self.session.runs())
    }

    pub fn csv(&self) -> String {
        self.session.csv()
    }

    /// The fragment that carries the comparison (nothing: no run to carry);
    /// throws, saying so in `lang`, when it is too large for a link.
    #[wasm_bindgen(js_name = comparisonFragment)]
    pub fn comparison_fragment(&self, lang: &str) -> Result<Option<String>, Refusal> {
        self.session.comparison_fragment().transpose().map_err(Refusal::too_long("share.comparison-too-long", lang_of(lang)))
    }

    /// The comparison's link; throws as `comparisonFragment` does.
    #[wasm_bindgen(js_name = comparisonUrl)]
    pub fn comparison_url(&self, lang: &str) -> Result<Option<String>, Refusal> {
        self.session.comparison_url().transpose().map_err(Refusal::too_long("share.comparison-too-long", lang_of(lang)))
    }

    /// The last run's link (nothing: no run); throws, saying so in `lang`,
    /// when the run is too large for a link.
    #[wasm_bindgen(js_name = lastRunUrl)]
    pub fn last_run_url(&self, lang: &str) -> Result<Option<String>, Refusal> {
        self.session.last_run_url().transpose().map_err(Refusal::too_long("share.run-too-long", lang_of(lang)))
    }

    /// The runs list in `lang`: label, colour, what each is (`about`), state.
    pub fn summaries(&self, lang: &str) -> Result<String, JsError> {
        to_json(&self.session.summaries(lang_of(lang)))
    }

    /// The points table, formatted, its words in `lang`.
    pub fn rows(&self, lang: &str) -> Result<String, JsError> {
        to_json(&self.session.rows(lang_of(lang)))
    }

    /// Whether any run has a point to draw.
    #[wasm_bindgen(js_name = hasPoints)]
    pub fn has_points(&self) -> bool {
        !self.session.series().is_empty()
    }

    #[wasm_bindgen(js_name = drawCharts)]
    pub fn draw_charts(&self, time: web_sys::HtmlCanvasElement, speedup: web_sys::HtmlCanvasElement, efficiency: web_sys::HtmlCanvasElement, pixel_ratio: f64, lang: &str) -> Result<(), JsError> {
        chart::draw_all(&self.session.series(), [time, speedup, efficiency], pixel_ratio, lang_of(lang)).map_err(|e| JsError::new(&e))
    }

    /// What the measured curves say, in `lang`: `{speedup, efficiency, chunk}`, lists of sentences.
    pub fn explain(&self, lang: &str) -> Result<String, JsError> {
        to_json(&self.session.explain(lang_of(lang)))
    }

    /// Whether a run measured several chunk sizes (the chunk-size chart has something to draw).
    #[wasm_bindgen(js_name = hasChunkSweep)]
    pub fn has_chunk_sweep(&self) -> bool {
        self.session.chunk_sweep().is_some()
    }

    #[wasm_bindgen(js_name = drawChunkSweep)]
    pub fn draw_chunk_sweep(&self, canvas: web_sys::HtmlCanvasElement, pixel_ratio: f64, lang: &str) -> Result<(), JsError> {
        let sweep = self.session.chunk_sweep().ok_or_else(|| JsError::new("no run measured several chunk sizes"))?;
        chart::draw_chunk_sweep(&sweep, canvas, pixel_ratio, lang_of(lang)).map_err(|e| JsError::new(&e))
    }

    /// The point being measured, for the progress line, in `lang` ("k = 4,
    /// processes, chunk 100"; what the sweep does not compare is left out).
    #[wasm_bindgen(js_name = pointLabel)]
    pub fn point_label(&self, workers: u32, model: &str, chunk: f64, lang: &str) -> String {
        let model = crate::config::Model::from_name(model).unwrap_or(crate::config::Model::Threads);
        self.session.point_label(workers, model, chunk as u64, lang_of(lang))
    }

    /// The names of the series whose chunk timeline can be shown (empty:
    /// none); the others take an index of this list.
    #[wasm_bindgen(js_name = timelineSeries)]
    pub fn timeline_series(&self) -> Vec<String> {
        self.session.timeline_series_names()
    }

    /// The worker counts of timeline series `series` with chunk records, ascending.
    #[wasm_bindgen(js_name = timelineCounts)]
    pub fn timeline_counts(&self, series: usize) -> Vec<u32> {
        self.session.timeline_counts(series)
    }

    #[wasm_bindgen(js_name = drawTimeline)]
    pub fn draw_timeline(&self, canvas: web_sys::HtmlCanvasElement, series: usize, workers: u32, pixel_ratio: f64, lang: &str) -> Result<(), JsError> {
        let (doc, point) = self.session.timeline_point(series, workers).ok_or_else(|| JsError::new(&format!("no timeline of series {series} with {workers} workers")))?;
        chart::draw_timeline(canvas, &doc.label, point, pixel_ratio, lang_of(lang)).map_err(|e| JsError::new(&e))
    }

    /// The sentence under the timeline: when the last worker began, and the
    /// waking or starting before the clock (empty when unknown).
    #[wasm_bindgen(js_name = timelineNote)]
    pub fn timeline_note(&self, series: usize, workers: u32, lang: &str) -> String {
        self.session.timeline_note(series, workers, lang_of(lang))
    }
}
