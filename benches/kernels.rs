//! Native cost of each kernel — ns per item single-threaded, and the time
//! on 1 and 2 threads of a rayon pool through the engine (dynamic
//! schedule) — the baseline the browser figures are compared with; and the
//! cost of one chunk (dynamic schedule with its timeline record). Run by
//! `cargo xtask bench` (or `cargo bench --bench kernels`), which reads the
//! JSON it writes to `$CORESCOPE_BENCH_OUT/native.json`;
//! `CORESCOPE_BENCH_QUICK=1` measures a tenth of each size, fewer times.

use corescope::config::{Model, Schedule};
use corescope::engine::{run, run_cancellable, RunSpec, SystemClock};
use corescope::kernels::{Inputs, Workload, WorkloadKind};
use std::sync::atomic::AtomicU32;
use std::time::Instant;

/// Best of 5 runs of a primes count on one pool thread in chunks of `chunk` numbers.
fn chunked_ms(pool: &rayon::ThreadPool, chunk: u64) -> (f64, u64) {
    let w = Workload { kind: WorkloadKind::Primes, n: 200_000, seed: 1 };
    let spec = RunSpec { model: Model::Threads, schedule: Schedule::Dynamic, chunk, workers: 1, wait_ms: 0 };
    (0..5).map(|_| run(pool, &SystemClock::default(), &w, spec).expect("a valid run")).map(|r| (r.elapsed_ms, r.chunks_total)).fold((f64::INFINITY, 0), |best, r| if r.0 < best.0 { r } else { best })
}

/// Items a run of `w` counts (samples, numbers, pixels, requests, words, elements).
fn items(w: &Workload) -> u64 {
    match w.kind {
        WorkloadKind::Mandelbrot => w.n * w.n,
        WorkloadKind::Copy => w.n * corescope::kernels::copy::MIB / 8,
        _ => w.n,
    }
}

fn main() {
    let quick = std::env::var_os("CORESCOPE_BENCH_QUICK").is_some();
    let repeats = if quick { 2 } else { 5 };
    let pool = rayon::ThreadPoolBuilder::new().num_threads(2).build().expect("a pool of two");
    let mut json = Vec::new();
    println!("| workload | n | items | best of {repeats}, 1 thread (ms) | ns per item | 2 threads (ms) | speedup |");
    println!("|---|---|---|---|---|---|---|");
    for &kind in WorkloadKind::ALL {
        let n = if quick { (kind.quick_n() / 10).max(kind.n_limits().0).max(64) } else { kind.quick_n() };
        let w = Workload { kind, n, seed: 1 };
        let inputs = Inputs::prepare(&w);
        let mut best = f64::INFINITY;
        let mut total = None;
        for _ in 0..repeats {
            let t0 = Instant::now();
            let tally = std::hint::black_box(w.run_with(0..w.units(), &inputs));
            best = best.min(t0.elapsed().as_secs_f64() * 1e3);
            assert!(total.is_none_or(|t| t == tally), "the kernel is not deterministic");
            total = Some(tally);
        }
        let answer = w.answer(total.expect("at least one run"), w.reference());
        // 1 and 2 threads through the engine (`wait` waits 0 ms here: its compute only).
        let engine_ms = |k: usize| {
            let spec = RunSpec { model: Model::Threads, schedule: Schedule::Dynamic, chunk: corescope::config::default_chunk(w.units()).max(1), workers: k, wait_ms: 0 };
            (0..repeats).map(|_| run_cancellable(&pool, &SystemClock::default(), &w, &inputs, spec, &AtomicU32::new(0)).expect("a valid run").elapsed_ms).fold(f64::INFINITY, f64::min)
        };
        let (k1, k2) = (engine_ms(1), engine_ms(2));
        let per_item = best * 1e6 / items(&w) as f64;
        println!("| {} | {n} | {} | {best:.1} | {per_item:.2} | {k2:.1} | {:.2}× |", kind.name(), items(&w), k1 / k2);
        json.push(format!(
            r#"{{"workload":"{}","n":{n},"items":{},"best_ms":{best},"ns_per_item":{per_item},"engine_k1_ms":{k1},"engine_k2_ms":{k2},"answer":"{}","verified":{}}}"#,
            kind.name(),
            items(&w),
            answer.value,
            answer.verified
        ));
    }

    let one = rayon::ThreadPoolBuilder::new().num_threads(1).build().expect("a pool of one");
    let (fine, fine_chunks) = chunked_ms(&one, 1);
    let (coarse, coarse_chunks) = chunked_ms(&one, 10_000);
    let per_chunk_us = (fine - coarse) * 1e3 / (fine_chunks - coarse_chunks) as f64;
    println!();
    println!(
        "One chunk (dynamic schedule + timeline record), primes n = 200000, k = 1: {fine_chunks} chunks {fine:.1} ms, {coarse_chunks} chunks {coarse:.1} ms: about {per_chunk_us:.3} µs per chunk."
    );
    if let Some(out) = std::env::var_os("CORESCOPE_BENCH_OUT") {
        let path = std::path::Path::new(&out).join("native.json");
        let doc = format!(r#"{{"cpu":"{}","per_chunk_us":{per_chunk_us},"workloads":[{}]}}"#, cpu_name().replace('"', "'"), json.join(","));
        std::fs::write(&path, doc).expect("could not write native.json");
    }
}

/// The CPU's model name (Linux), for the report.
fn cpu_name() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("model name")).and_then(|l| l.split(':').nth(1)).map(|s| s.trim().to_string()))
        .unwrap_or_else(|| "unknown".into())
}
