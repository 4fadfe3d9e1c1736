//! The threads build in a real browser: wasm-bindgen-test runs these in a
//! dedicated Worker of headless Chromium and of Firefox ESR (`cargo xtask
//! test` sets them up),
//! where the pool (`PoolStart`) is real Web Workers sharing one memory.
//! Natively this file is empty.
#![cfg(all(target_arch = "wasm32", feature = "threads"))]

use corescope::config::{Model, Schedule};
use corescope::engine::{run, GlobalPool, RunSpec};
use corescope::kernels::{Workload, WorkloadKind};
use corescope::web::pool_start::PoolStart;
use corescope::web::PerformanceClock;
use js_sys::JsString;
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, Ordering};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_dedicated_worker);

/// More threads than the machine's two cores, so parking is exercised.
const POOL: usize = 3;

// The pool as the page starts it (src/web/pool_start.rs), on Workers made
// here: the page's pool-thread.js loads the site's glue, these load the
// test's (its URL is the glue's `import.meta.url`).
#[wasm_bindgen(inline_js = r#"
export function startPoolWorkers(mainJS, count, module, memory, queue) {
  const script = `self.onmessage = async ({ data }) => {
    const pkg = await import(data.mainJS);
    await pkg.default({ module_or_path: data.module, memory: data.memory });
    pkg.runPoolThread(data.queue);
  };`;
  const url = URL.createObjectURL(new Blob([script], { type: 'text/javascript' }));
  // Kept: a Worker nothing refers to may be collected (Firefox bug 1702191).
  self.corescopePoolWorkers = [];
  for (let i = 0; i < count; i++) {
    const worker = new Worker(url, { type: 'module' });
    self.corescopePoolWorkers.push(worker);
    worker.postMessage({ mainJS, module, memory, queue });
  }
}
export function sleepMs(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = startPoolWorkers)]
    fn start_pool_workers(main_js: JsString, count: u32, module: JsValue, memory: JsValue, queue: u32);
    #[wasm_bindgen(js_name = sleepMs)]
    fn sleep_ms(ms: u32) -> js_sys::Promise;
}

// Apart from the block above: a static there would be read from its module.
#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(thread_local_v2, js_namespace = ["import", "meta"], js_name = url)]
    static GLUE_URL: JsString;
}

async fn start_pool() {
    static STARTED: AtomicBool = AtomicBool::new(false);
    if !STARTED.swap(true, Ordering::SeqCst) {
        let start = PoolStart::new(POOL);
        start_pool_workers(GLUE_URL.with(Clone::clone), POOL as u32, start.module(), start.memory(), start.queue());
        // As the coordinator does: wait, without blocking, until every Worker is at the queue.
        while start.waiting() < POOL as u32 {
            wasm_bindgen_futures::JsFuture::from(sleep_ms(5)).await.expect("setTimeout failed");
        }
        start.build().expect("the pool was not built");
    }
}

fn spec(model: Model, schedule: Schedule, workers: usize) -> RunSpec {
    RunSpec { model, schedule, chunk: 8, workers, wait_ms: 0 }
}

#[wasm_bindgen_test]
async fn the_pool_has_the_requested_threads() {
    start_pool().await;
    assert_eq!(rayon::current_num_threads(), POOL);
}

#[wasm_bindgen_test]
async fn k_workers_run_on_k_distinct_threads() {
    start_pool().await;
    let w = Workload { kind: WorkloadKind::Primes, n: 300_000, seed: 1 };
    for model in [Model::Threads, Model::Gil] {
        for schedule in [Schedule::Static, Schedule::Dynamic] {
            for k in 1..=POOL {
                let r = run(&GlobalPool, &PerformanceClock, &w, RunSpec { chunk: 2_000, ..spec(model, schedule, k) }).unwrap();
                let distinct: BTreeSet<u32> = r.chunks.iter().map(|c| c.worker).collect();
                assert_eq!(r.threads_used as usize, k, "{model:?} {schedule:?} k={k}");
                assert_eq!(distinct.len(), k, "{model:?} {schedule:?} k={k}: workers {distinct:?}");
            }
        }
    }
}

#[wasm_bindgen_test]
async fn the_pi_estimate_does_not_depend_on_k() {
    start_pool().await;
    let w = Workload { kind: WorkloadKind::Pi, n: 3_000_000, seed: 7 };
    let expected = w.run(0..w.units());
    assert!(w.answer(expected, w.reference()).verified);
    for schedule in [Schedule::Static, Schedule::Dynamic, Schedule::Steal] {
        for k in 1..=POOL {
            let r = run(&GlobalPool, &PerformanceClock, &w, spec(Model::Threads, schedule, k)).unwrap();
            assert_eq!(r.tally, expected, "{schedule:?} k={k}");
        }
    }
}

#[wasm_bindgen_test]
async fn chunk_times_share_one_clock_across_workers() {
    start_pool().await;
    let w = Workload { kind: WorkloadKind::Mandelbrot, n: 200, seed: 1 };
    let r = run(&GlobalPool, &PerformanceClock, &w, spec(Model::Threads, Schedule::Dynamic, POOL)).unwrap();
    assert!(r.elapsed_ms > 0.0);
    for c in &r.chunks {
        assert!(c.start_ms >= 0.0 && c.start_ms <= c.end_ms && c.end_ms <= r.elapsed_ms, "{c:?} outside 0..{}", r.elapsed_ms);
    }
}

#[wasm_bindgen_test]
fn pi_in_wasm_simd_counts_the_same_samples_as_the_scalar_kernel() {
    use corescope::kernels::pi;
    // Whole blocks and a short last block (10 003 samples: a tail of 3).
    for (seed, samples) in [(1, 50_000), (9, 10_003), (0xDEAD_BEEF, 123_457)] {
        for unit in 0..pi::units(samples) {
            let count = pi::samples_in_unit(samples, unit) as u32;
            assert_eq!(pi::inside_in_unit(seed, samples, unit), pi::inside_scalar(seed, unit, 0, count), "seed {seed}, unit {unit}");
        }
    }
}

#[wasm_bindgen_test]
fn sum_in_wasm_simd_matches_the_division_reference() {
    use corescope::kernels::sum;
    // Two whole periods of the modulus and a part (blocks that wrap past M,
    // and a short last block of odd length for the scalar tail).
    for n in [2 * sum::MODULUS + 12_345, 10_007] {
        let blocks = (0..sum::units(n)).map(|u| sum::sum_in_unit(n, u)).fold(0u64, u64::wrapping_add);
        assert_eq!(blocks, sum::reference(n), "n = {n}");
    }
}

#[wasm_bindgen_test]
fn copy_reduction_in_wasm_simd_matches_the_scalar_one() {
    use corescope::kernels::copy;
    let input = copy::generate(5, 1);
    // A whole slice, and lengths that leave a tail of 1–3 words.
    for len in [input.len(), 8_191, 6, 3] {
        assert_eq!(copy::reduce(&input[..len]), copy::reduce_scalar(&input[..len]), "{len} words");
    }
}

#[wasm_bindgen_test]
async fn wait_copy_and_triad_verify_for_every_k_and_waits_block_in_parallel() {
    use corescope::kernels::{triad, Inputs};
    start_pool().await;
    for (kind, n) in [(WorkloadKind::Wait, 12), (WorkloadKind::Copy, 2), (WorkloadKind::Triad, triad::ELEMENTS_PER_UNIT * 6)] {
        let w = Workload { kind, n, seed: 3 };
        let expected = w.run_with(0..w.units(), &Inputs::prepare(&w));
        assert!(w.answer(expected, w.reference()).verified, "{kind:?}");
        for model in [Model::Threads, Model::Gil] {
            for k in 1..=POOL {
                let wait_ms = if kind == WorkloadKind::Wait { 20 } else { 0 };
                let r = run(&GlobalPool, &PerformanceClock, &w, RunSpec { chunk: 1, wait_ms, ..spec(model, Schedule::Dynamic, k) }).unwrap();
                assert_eq!(r.tally, expected, "{kind:?} {model:?} k={k}");
                if kind == WorkloadKind::Wait && k == POOL {
                    // 12 requests of 20 ms on 3 threads, gil or not: about 80 ms, not 240 —
                    // the wasm threads block (atomic wait) side by side.
                    assert!(r.elapsed_ms < 200.0, "{model:?}: {} ms", r.elapsed_ms);
                }
            }
        }
    }
}
