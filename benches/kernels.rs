//! Native single-thread cost of each kernel, in ns per item (sample, number,
//! pixel): the baseline the browser figures are compared with; and the cost
//! of one chunk (dynamic schedule with its timeline record). Run by
//! `cargo xtask bench` (or `cargo bench --bench kernels`).

use corescope::config::{Model, Schedule};
use corescope::engine::{run, RunSpec, SystemClock};
use corescope::kernels::{Workload, WorkloadKind};
use std::time::Instant;

/// Best of 5 runs of a primes count on one pool thread in chunks of `chunk` numbers.
fn chunked_ms(pool: &rayon::ThreadPool, chunk: u64) -> (f64, u64) {
    let w = Workload { kind: WorkloadKind::Primes, n: 200_000, seed: 1 };
    let spec = RunSpec { model: Model::Threads, schedule: Schedule::Dynamic, chunk, workers: 1, wait_ms: 0 };
    (0..5)
        .map(|_| run(pool, &SystemClock::default(), &w, spec).expect("a valid run"))
        .map(|r| (r.elapsed_ms, r.chunks_total))
        .fold((f64::INFINITY, 0), |best, r| if r.0 < best.0 { r } else { best })
}

fn main() {
    println!("| workload | n | items | best of 5 (ms) | ns per item |");
    println!("|---|---|---|---|---|");
    for &kind in WorkloadKind::ALL {
        let n = kind.quick_n();
        let w = Workload { kind, n, seed: 1 };
        let items = if kind == WorkloadKind::Mandelbrot { n * n } else { n };
        let mut best = f64::INFINITY;
        let mut total = None;
        for _ in 0..5 {
            let t0 = Instant::now();
            let tally = std::hint::black_box(w.run(0..w.units()));
            best = best.min(t0.elapsed().as_secs_f64() * 1e3);
            assert!(total.is_none_or(|t| t == tally), "the kernel is not deterministic");
            total = Some(tally);
        }
        println!("| {} | {n} | {items} | {best:.1} | {:.2} |", kind.name(), best * 1e6 / items as f64);
    }

    let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().expect("a pool of one");
    let (fine, fine_chunks) = chunked_ms(&pool, 1);
    let (coarse, coarse_chunks) = chunked_ms(&pool, 10_000);
    let per_chunk_us = (fine - coarse) * 1e3 / (fine_chunks - coarse_chunks) as f64;
    println!();
    println!("One chunk (dynamic schedule + timeline record), primes n = 200000, k = 1: {fine_chunks} chunks {fine:.1} ms, {coarse_chunks} chunks {coarse:.1} ms: about {per_chunk_us:.3} µs per chunk.");
}
