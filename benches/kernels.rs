//! Native single-thread cost of each kernel, in ns per item (sample, number,
//! pixel): the baseline the browser figures are compared with. Run by
//! `cargo xtask bench` (or `cargo bench --bench kernels`).

use corescope::kernels::{Workload, WorkloadKind};
use std::time::Instant;

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
}
