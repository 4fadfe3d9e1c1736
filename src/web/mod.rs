//! The wasm boundary: the only module that knows about JS. What JS reads
//! comes out as JSON strings (u64s as decimal strings) or plain values;
//! what one Rust half sends another (page → coordinator → process Workers
//! and back) is a message of bytes ([`crate::wire`]) that JS only carries.
//! Either way the JS glue stays a wire: it never computes, checks or
//! formats results itself.
//!
//! The page's state lives in `page::Page` (the session of runs being
//! compared), what it reads as it starts (catalog, words, URL) in `start`:
//! both in the plain build only. Both builds export the coordinator's and
//! the process Workers' functions; the threads build adds `PoolStart` and
//! `runPoolThread` (feature `threads`, [`pool_start`]), and only it can run
//! the threads and gil models in `Sweep.runHere`.

// Drawing, the page's state and what it reads as it starts live on the
// main thread, in the plain build only: the threads build computes, never
// draws, and reads no JSON.
#[cfg(not(feature = "threads"))]
mod chart;
mod clock;
#[cfg(not(feature = "threads"))]
mod legend;
#[cfg(not(feature = "threads"))]
mod page;
mod processes;
#[cfg(not(feature = "threads"))]
mod refusal;
#[cfg(not(feature = "threads"))]
mod start;
mod sweep;

use crate::config::RunConfig;
use crate::estimate;
use crate::kernels::{mandelbrot, Inputs, Workload};
use std::sync::{Arc, Mutex};
use wasm_bindgen::prelude::*;

pub use clock::PerformanceClock;

#[cfg(feature = "threads")]
pub mod pool_start;

/// Whether this is the shared-memory build.
#[wasm_bindgen(js_name = isThreadsBuild)]
pub fn is_threads_build() -> bool {
    cfg!(feature = "threads")
}

/// The pool an isolated page starts while it loads, before its URL is
/// read: the size the default sweep needs (its most workers). A URL that
/// asks for more gets a larger pool in a new coordinator; one that asks for
/// fewer uses some of these threads.
#[wasm_bindgen(js_name = defaultPoolSize)]
pub fn default_pool_size(hardware_concurrency: u32) -> u32 {
    crate::config::default_workers(hardware_concurrency).into_iter().max().unwrap_or(1)
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
/// scaled to the whole, then to the sweep with its overheads (`estimate::estimate_sweep_ms`).
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
    let dispatch = pool_wake_up(&config, hardware_concurrency);
    Ok(estimate::estimate_sweep_ms(&config, per_unit_ms * units as f64, hardware_concurrency, &dispatch))
}

/// The pool's wake-up (`dispatch_ms`) at the worker counts
/// [`estimate::Dispatch::counts_to_measure`] names, each from a run of a few
/// units of primes under the sweep's first pool model: what every run of a
/// sweep pays before its clock starts. Nothing where the sweep uses no pool
/// or this build has none.
fn pool_wake_up(config: &RunConfig, hardware_concurrency: u32) -> estimate::Dispatch {
    use crate::engine::{run, GlobalPool, Pool, RunSpec};
    use crate::kernels::WorkloadKind;
    let Some(&model) = config.models.iter().find(|m| m.needs_shared_memory()) else { return estimate::Dispatch::default() };
    if !cfg!(feature = "threads") {
        return estimate::Dispatch::default();
    }
    let most = config.workers.iter().copied().max().unwrap_or(1).min(GlobalPool.threads() as u32);
    let measured = estimate::Dispatch::counts_to_measure(most, hardware_concurrency)
        .into_iter()
        .filter_map(|k| {
            let tiny = Workload { kind: WorkloadKind::Primes, n: 4 * u64::from(k), seed: 0 };
            let spec = RunSpec { model, schedule: crate::config::Schedule::Static, chunk: 1, workers: k as usize, wait_ms: 0 };
            run(&GlobalPool, &PerformanceClock, &tiny, spec).ok().map(|r| (k, r.dispatch_ms))
        })
        .collect();
    estimate::Dispatch { measured }
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
