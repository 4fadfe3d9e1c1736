//! What the page reads as it starts, as JSON for JS: the catalog of
//! workloads, models and presets, its words in a language, and the URL's
//! configuration. Plain build only (the main thread); JSON documents are
//! written and read here and in `page.rs`, never in the threads build.

use super::page::lang_of;
use crate::config;
use crate::i18n::grouped;
use crate::kernels::WorkloadKind;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

pub(super) fn to_json<T: Serialize>(value: &T) -> Result<String, JsError> {
    serde_json::to_string(value).map_err(|e| JsError::new(&format!("could not encode JSON: {e}")))
}

pub(super) fn from_json<'a, T: Deserialize<'a>>(what: &str, json: &'a str) -> Result<T, JsError> {
    serde_json::from_str(json).map_err(|e| JsError::new(&format!("{what} is not valid: {e}")))
}

#[derive(Serialize)]
struct WorkloadInfo {
    name: &'static str,
    /// As the n field takes them, and grouped for reading (`quick_words`, `seed_words`).
    quick_n: String,
    seed_n: String,
    quick_words: String,
    seed_words: String,
    /// Takes `wait_ms` (the form shows the field).
    waits: bool,
}

#[derive(Serialize)]
struct ModelInfo {
    name: &'static str,
    /// Needs the threads build (cross-origin isolation) and a pool.
    shared_memory: bool,
}

#[derive(Serialize)]
struct Catalog {
    workloads: Vec<WorkloadInfo>,
    models: Vec<ModelInfo>,
    schedules: Vec<&'static str>,
    max_workers: u32,
    presets: Vec<config::Preset>,
}

/// What the page can offer: workloads with their presets, models,
/// schedules, and the experiments of several sweeps for this device.
#[wasm_bindgen]
pub fn catalog(hardware_concurrency: u32) -> Result<String, JsError> {
    to_json(&Catalog {
        workloads: WorkloadKind::ALL
            .iter()
            .map(|w| WorkloadInfo {
                name: w.name(),
                quick_n: w.quick_n().to_string(),
                seed_n: w.seed_n().to_string(),
                quick_words: grouped(w.quick_n()),
                seed_words: grouped(w.seed_n()),
                waits: w.waits(),
            })
            .collect(),
        models: config::Model::ALL.iter().map(|&m| ModelInfo { name: m.name(), shared_memory: m.needs_shared_memory() }).collect(),
        schedules: config::Schedule::ALL.iter().map(|s| s.name()).collect(),
        max_workers: config::MAX_WORKERS,
        presets: config::presets(hardware_concurrency),
    })
}

/// The page's strings in a language (`en`, `ko`; else English), as a
/// `{key: text}` object; `{name}` marks a value the page fills in.
#[wasm_bindgen(js_name = pageText)]
pub fn page_text(lang: &str) -> Result<String, JsError> {
    to_json(&lang_of(lang).page_table())
}

/// The language to show: the URL's `lang` when it names one — even when
/// another parameter is refused, so the refusal is said in it — else the browser's.
#[wasm_bindgen(js_name = pickLang)]
pub fn pick_lang(query: &str, navigator_language: &str) -> String {
    use crate::i18n::Lang;
    config::query_lang(query).unwrap_or_else(|| Lang::for_browser(navigator_language)).name().to_string()
}

/// Why `config_json` cannot run on a page without cross-origin isolation,
/// in `lang` (`None`: it can — none of its models needs shared memory).
#[wasm_bindgen(js_name = isolationRefusal)]
pub fn isolation_refusal(config_json: &str, lang: &str) -> Result<Option<String>, JsError> {
    let config: config::RunConfig = from_json("the run configuration", config_json)?;
    let lang = lang_of(lang);
    let pooled: Vec<String> = config.models.iter().filter(|m| m.needs_shared_memory()).map(|m| m.name().to_string()).collect();
    Ok((!pooled.is_empty()).then(|| lang.say("error.no-isolation", &[("models", lang.list(&pooled))])))
}

/// The page's query once its runs are shown: without `autorun`, however
/// encoded, so a reload runs nothing ([`config::without_autorun`]).
#[wasm_bindgen(js_name = withoutAutorun)]
pub fn without_autorun(query: &str) -> String {
    config::without_autorun(query)
}

/// Reads a URL query string: `{"ok": {config, autorun}}` or `{"error":
/// {param, message}, "salvaged": config}`, the message in `lang` (the
/// page's), `salvaged` what the form shows instead of the defaults
/// ([`config::salvage_query`]; absent when nothing could be kept); `host`
/// is the page's (`location.hostname`), for the test hooks ([`config::check_test_hooks`]).
#[wasm_bindgen(js_name = parseQuery)]
pub fn parse_query(query: &str, hardware_concurrency: u32, host: &str, lang: &str) -> Result<String, JsError> {
    #[derive(Serialize)]
    #[serde(rename_all = "lowercase")]
    enum Outcome {
        Ok(config::Request),
        Error(config::ConfigError),
    }
    #[derive(Serialize)]
    struct Reading {
        #[serde(flatten)]
        outcome: Outcome,
        #[serde(skip_serializing_if = "Option::is_none")]
        salvaged: Option<config::RunConfig>,
    }
    to_json(&match config::parse_query(query, hardware_concurrency).and_then(|request| config::check_test_hooks(request, host)) {
        Ok(request) => Reading { outcome: Outcome::Ok(request), salvaged: None },
        Err(error) => Reading { outcome: Outcome::Error(error.in_lang(lang_of(lang))), salvaged: config::salvage_query(query, hardware_concurrency) },
    })
}
