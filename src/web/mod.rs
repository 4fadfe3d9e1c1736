//! The wasm boundary: the only module that knows about JS. What JS reads
//! comes out as JSON strings (u64s as decimal strings) or plain values;
//! what one Rust half sends another (page → coordinator → process Workers
//! and back) is a message of bytes ([`crate::wire`]) that JS only carries.
//! Either way the JS glue stays a wire: it never computes, checks or
//! formats results itself.
//!
//! The page's state lives in `page::Page` (the session of runs being
//! compared). Both builds export the same functions; the threads build adds
//! `initThreadPool` (feature `threads`), and only it can run the threads and
//! gil models in `runHere`.

// Drawing and the page's state live on the main thread, in the plain build
// only: the threads build computes and never draws.
#[cfg(not(feature = "threads"))]
mod chart;
mod clock;
#[cfg(not(feature = "threads"))]
mod page;
mod processes;
mod sweep;

use crate::config::RunConfig;
use crate::kernels::{mandelbrot, Inputs, Workload};
use crate::measure;
use std::sync::{Arc, Mutex};
use wasm_bindgen::prelude::*;
#[cfg(not(feature = "threads"))]
use {
    crate::config,
    crate::kernels::WorkloadKind,
    serde::{Deserialize, Serialize},
};

pub use clock::PerformanceClock;

#[cfg(feature = "threads")]
pub use wasm_bindgen_rayon::init_thread_pool;

// JSON only in the plain build (the page's documents): the threads build
// reads and writes messages only, and carries no JSON code.
#[cfg(not(feature = "threads"))]
fn to_json<T: Serialize>(value: &T) -> Result<String, JsError> {
    serde_json::to_string(value).map_err(|e| JsError::new(&format!("could not encode JSON: {e}")))
}

#[cfg(not(feature = "threads"))]
fn from_json<'a, T: Deserialize<'a>>(what: &str, json: &'a str) -> Result<T, JsError> {
    serde_json::from_str(json).map_err(|e| JsError::new(&format!("{what} is not valid: {e}")))
}

/// Whether this is the shared-memory build.
#[wasm_bindgen(js_name = isThreadsBuild)]
pub fn is_threads_build() -> bool {
    cfg!(feature = "threads")
}

#[cfg(not(feature = "threads"))]
#[derive(Serialize)]
struct WorkloadInfo {
    name: &'static str,
    quick_n: String,
    seed_n: String,
    n_meaning: &'static str,
    unit_meaning: &'static str,
    /// Takes `wait_ms` (the form shows the field).
    waits: bool,
}

#[cfg(not(feature = "threads"))]
#[derive(Serialize)]
struct ModelInfo {
    name: &'static str,
    /// Needs the threads build (cross-origin isolation) and a pool.
    shared_memory: bool,
}

#[cfg(not(feature = "threads"))]
#[derive(Serialize)]
struct Catalog {
    workloads: Vec<WorkloadInfo>,
    models: Vec<ModelInfo>,
    schedules: Vec<&'static str>,
    max_workers: u32,
    presets: Vec<config::Preset>,
}

#[cfg(not(feature = "threads"))]
/// What the page can offer: workloads with their presets, models,
/// schedules, and the experiments of several sweeps for this device.
#[wasm_bindgen]
pub fn catalog(hardware_concurrency: u32) -> Result<String, JsError> {
    to_json(&Catalog {
        workloads: WorkloadKind::ALL
            .iter()
            .map(|w| WorkloadInfo { name: w.name(), quick_n: w.quick_n().to_string(), seed_n: w.seed_n().to_string(), n_meaning: w.n_meaning(), unit_meaning: w.unit_meaning(), waits: w.waits() })
            .collect(),
        models: config::Model::ALL.iter().map(|&m| ModelInfo { name: m.name(), shared_memory: m.needs_shared_memory() }).collect(),
        schedules: config::Schedule::ALL.iter().map(|s| s.name()).collect(),
        max_workers: config::MAX_WORKERS,
        presets: config::presets(hardware_concurrency),
    })
}

/// The page's strings in a language (`en`, `ko`; else English), as a
/// `{key: text}` object; `{name}` marks a value the page fills in.
#[cfg(not(feature = "threads"))]
#[wasm_bindgen(js_name = pageText)]
pub fn page_text(lang: &str) -> Result<String, JsError> {
    let lang = crate::i18n::Lang::from_name(lang).unwrap_or(crate::i18n::Lang::En);
    to_json(&lang.table().iter().copied().collect::<std::collections::BTreeMap<_, _>>())
}

/// The language to show: the URL's `lang` when it has one, else the browser's.
#[cfg(not(feature = "threads"))]
#[wasm_bindgen(js_name = pickLang)]
pub fn pick_lang(url_lang: Option<String>, navigator_language: &str) -> String {
    use crate::i18n::Lang;
    url_lang.as_deref().and_then(Lang::from_name).unwrap_or_else(|| Lang::for_browser(navigator_language)).name().to_string()
}

#[cfg(not(feature = "threads"))]
/// Reads a URL query string: `{"ok": {config, autorun}}` or `{"error": {param, message}}`.
#[wasm_bindgen(js_name = parseQuery)]
pub fn parse_query(query: &str, hardware_concurrency: u32) -> Result<String, JsError> {
    #[derive(Serialize)]
    #[serde(rename_all = "lowercase")]
    enum Outcome {
        Ok(config::Request),
        Error(config::ConfigError),
    }
    to_json(&match config::parse_query(query, hardware_concurrency) {
        Ok(request) => Outcome::Ok(request),
        Err(error) => Outcome::Error(error),
    })
}

/// The inputs of the workload last run here (`copy`'s input, `triad`'s
/// arrays), prepared once per sweep — outside every timed run — and shared
/// by the pool's threads (threads build: one memory).
static INPUTS: Mutex<Option<Arc<Inputs>>> = Mutex::new(None);

/// The inputs of `workload`, prepared now unless the last ones suit it.
fn inputs_for(workload: &Workload) -> Arc<Inputs> {
    let mut cached = INPUTS.lock().unwrap_or_else(|e| e.into_inner());
    match cached.as_ref() {
        Some(inputs) if inputs.suit(workload) => Arc::clone(inputs),
        _ => {
            // Drop the old inputs before making new ones: both may not fit at once.
            *cached = None;
            let inputs = Arc::new(Inputs::prepare(workload));
            *cached = Some(Arc::clone(&inputs));
            inputs
        }
    }
}

/// A run configuration from the page's message, checked again here.
fn read_config(message: &[u8]) -> Result<RunConfig, JsError> {
    let config: RunConfig = crate::wire::decode("the run configuration", message).map_err(|e| JsError::new(&e))?;
    crate::config::validate(&config).map_err(|e| JsError::new(&e.to_string()))?;
    Ok(config)
}

/// Set (to 1) by the page's Stop, through the shared memory, while a run is
/// in the pool: its threads skip the chunks left. A coordinator is never
/// reused after a Stop, so nothing clears it.
static STOP: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);

/// Where [`STOP`] lives in this instance's memory (threads build: the
/// memory is shared, so the page can set it while the coordinator is busy).
#[wasm_bindgen(js_name = stopFlagAddress)]
pub fn stop_flag_address() -> u32 {
    std::ptr::addr_of!(STOP) as u32
}

/// How long the sweep of a configuration should take, in ms: units spread
/// over the range are timed here for about 20 ms (a short calibration) and
/// scaled to the whole, then to the sweep (`measure::estimate_sweep_ms`).
#[wasm_bindgen(js_name = estimateSweepMs)]
pub fn estimate_sweep_ms(config: &[u8], hardware_concurrency: u32) -> Result<f64, JsError> {
    use crate::engine::Clock;
    let config = read_config(config)?;
    let workload = config.workload();
    let units = workload.units();
    let inputs = inputs_for(&workload);
    // The first call runs the engine's baseline code and touches cold memory: untimed.
    std::hint::black_box(workload.run_with(0..1, &inputs));
    // Units spread over the range (their cost varies along it), four times
    // more each try, until the timing is long enough to trust (20 ms) or
    // every unit was run.
    let mut samples = units.min(8);
    let per_unit_ms = loop {
        let started = PerformanceClock.now_ms();
        for i in 0..samples {
            let unit = i * units / samples;
            std::hint::black_box(workload.run_with(unit..unit + 1, &inputs));
        }
        let elapsed = PerformanceClock.now_ms() - started;
        if elapsed >= 20.0 || samples == units {
            break elapsed / samples as f64;
        }
        samples = (samples * 4).min(units);
    };
    // A request's wait is part of its cost on one worker.
    let per_unit_ms = per_unit_ms + config.wait_ms_per_unit();
    Ok(measure::estimate_sweep_ms(&config, per_unit_ms * units as f64, hardware_concurrency))
}

/// An RGBA picture of the n×n Mandelbrot image (for showing it; n ≤ 1024).
/// The returned bytes are a fresh copy, never a view on (shared) wasm memory.
#[wasm_bindgen(js_name = mandelbrotPicture)]
pub fn mandelbrot_picture(n: u32) -> Result<Vec<u8>, JsError> {
    if !(8..=1024).contains(&n) {
        return Err(JsError::new("the picture side must be 8–1024 pixels"));
    }
    Ok(mandelbrot::image(u64::from(n))
        .into_iter()
        .flat_map(|i| {
            if i >= mandelbrot::MAX_ITER {
                [17, 24, 39, 255]
            } else {
                let t = (f64::from(i) / 60.0).min(1.0);
                [(40.0 + 215.0 * t) as u8, (80.0 + 150.0 * t.sqrt()) as u8, (200.0 - 80.0 * t) as u8, 255]
            }
        })
        .collect())
}
