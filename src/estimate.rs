//! How long a whole sweep should take, for asking before a long one: the
//! work of every cell of every round at its ideal speedup, and what each
//! cell costs besides the work — the pool's wake-up before every run
//! (`dispatch_ms`, calibrated on this device just before), and for the
//! processes model the start-up of fresh Workers and the messages of
//! every run. An estimate, not a promise.
//!
//! Without the overheads, `primes&n=1e5&workers=1-64` on 2 vCPUs was
//! estimated at under a second and ran 228 s: at k = 64 each run waited
//! 0.5–1.1 s for the pool's threads (`dispatch_ms`), and 64 fresh
//! process Workers took 1.3 s to start.

use crate::config::{Model, RunConfig};
use crate::kernels::WorkloadKind;
use crate::sweep::startup_samples;
use crate::warm_up::warm_up_runs;

/// Starting a process Worker (a Worker compiling and instantiating the plain
/// build), per Worker. Measured in Chromium 156 on 2 vCPUs: 43 ms for one,
/// 124 for 8, 696 for 32, 1 256 for 64 (`startup_ms`).
pub const PROCESS_START_MS_PER_WORKER: f64 = 18.0;

/// What a processes run costs besides its work (handing out the ranges,
/// gathering the tallies): primes at n = 1e5 ran in 3 ms on the pool and
/// 9–12 ms in processes, at every k (Chromium 156, 2 vCPUs).
pub const PROCESS_RUN_MS: f64 = 8.0;

/// The pool's wake-up per run, measured at a few worker counts.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dispatch {
    /// (k, ms) ascending in k; empty when nothing was measured (no pool).
    pub measured: Vec<(u32, f64)>,
}

impl Dispatch {
    /// The worker counts worth measuring for a sweep up to `most` workers on
    /// `processors`: `most`, then halving while above the processors, and
    /// the processors' count (wake-up grows fast once threads outnumber
    /// them). Ascending.
    pub fn counts_to_measure(most: u32, processors: u32) -> Vec<u32> {
        let processors = processors.max(1);
        let mut counts = vec![most.min(processors)];
        let mut k = most;
        while k > processors {
            counts.push(k);
            k /= 2;
        }
        counts.sort_unstable();
        counts.dedup();
        counts.retain(|&k| k > 0);
        counts
    }

    /// The wake-up of a run on `k` threads: straight lines between the
    /// counts measured, in proportion to k below the first, the last
    /// measured beyond it; 0 when nothing was.
    pub fn at(&self, k: u32) -> f64 {
        let k = f64::from(k);
        let Some(&(first_k, first_ms)) = self.measured.first() else { return 0.0 };
        if k <= f64::from(first_k) {
            return first_ms * k / f64::from(first_k);
        }
        for pair in self.measured.windows(2) {
            let ((k0, ms0), (k1, ms1)) = (pair[0], pair[1]);
            let (k0, k1) = (f64::from(k0), f64::from(k1));
            if k <= k1 {
                return ms0 + (ms1 - ms0) * (k - k0) / (k1 - k0);
            }
        }
        self.measured.last().map_or(0.0, |&(_, ms)| ms)
    }
}

/// How long the sweep of `config` should take, in ms, when the work takes
/// `one_worker_ms` on one worker: every cell of every round and its warm-up
/// runs ([`warm_up_runs`]) at the ideal speedup — at most the reported
/// processors, none under the gil — each run with its overhead, each
/// processes worker count with its start-up (and one team of the most),
/// plus the reference pass where the check is a sequential run (mandelbrot).
pub fn estimate_sweep_ms(config: &RunConfig, one_worker_ms: f64, hardware_concurrency: u32, dispatch: &Dispatch) -> f64 {
    let repeats = f64::from(config.repeats);
    let cells: f64 = config
        .cells()
        .iter()
        .map(|c| {
            // Waiting uses no core: a wait workload speeds up with every worker, gil included.
            let speedup = if config.workload.waits() {
                f64::from(c.workers)
            } else if c.model == Model::Gil {
                1.0
            } else {
                f64::from(c.workers.min(hardware_concurrency.max(1)))
            };
            let run_ms = one_worker_ms / speedup;
            let overhead_ms = match c.model {
                Model::Processes => PROCESS_RUN_MS,
                Model::Threads | Model::Gil => dispatch.at(c.workers),
                Model::Sequential => 0.0,
            };
            (run_ms + overhead_ms) * (repeats + warm_up_runs(run_ms) as f64)
        })
        .sum();
    let reference = if config.workload == WorkloadKind::Mandelbrot { one_worker_ms } else { 0.0 };
    cells + reference + process_start_ms(config)
}

/// The processes model's Workers started before the sweep: one team of the
/// most, then fresh teams of each worker count, a few times (their start-up
/// is measured: [`startup_samples`]).
fn process_start_ms(config: &RunConfig) -> f64 {
    if !config.models.contains(&Model::Processes) {
        return 0.0;
    }
    let samples = startup_samples(&config.workers);
    let workers: u32 = samples * config.workers.iter().sum::<u32>() + config.workers.iter().max().copied().unwrap_or(0);
    f64::from(workers) * PROCESS_START_MS_PER_WORKER
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::parse_query;

    #[test]
    fn a_sweep_estimate_adds_every_cell_of_every_round() {
        // 1..4 workers on 2 processors, 2 repeats: 100 + 50 + 50 + 50 = 250 per
        // round, and a warm-up of one run of 100 ms and three times two of 50 ms.
        let none = Dispatch::default();
        let c = parse_query("workers=1-4&repeats=2", 2).unwrap().config;
        assert_eq!(estimate_sweep_ms(&c, 100.0, 2, &none), 500.0 + 100.0 + 3.0 * 100.0);
        let gil = parse_query("model=gil&workers=1-2&repeats=1", 2).unwrap().config;
        assert_eq!(estimate_sweep_ms(&gil, 100.0, 2, &none), 400.0, "no speedup under the gil");
        let m = parse_query("workload=mandelbrot&workers=1&repeats=1", 2).unwrap().config;
        assert_eq!(estimate_sweep_ms(&m, 10.0, 2, &none), 10.0 + 60.0 + 10.0, "six warm-up runs; the reference pass counts once");
    }

    #[test]
    fn every_pool_run_pays_the_wake_up_of_its_worker_count() {
        let c = parse_query("workers=1,4&repeats=2", 2).unwrap().config;
        let dispatch = Dispatch { measured: vec![(2, 2.0), (4, 10.0)] };
        // k = 1: 1 warm-up + 2 repeats of (100 + 1); k = 4: 2 + 2 of (50 + 10).
        assert_eq!(estimate_sweep_ms(&c, 100.0, 2, &dispatch), 3.0 * 101.0 + 4.0 * 60.0);
    }

    #[test]
    fn tiny_work_on_many_threads_is_dominated_by_waking_them() {
        // The sweep that ran 228 s on 2 vCPUs without asking.
        let c = parse_query("workload=primes&n=1e5&workers=1-64", 2).unwrap().config;
        let measured = Dispatch { measured: vec![(2, 3.0), (4, 8.0), (8, 19.0), (16, 40.0), (32, 76.0), (64, 528.0)] };
        assert!(estimate_sweep_ms(&c, 3.0, 2, &Dispatch::default()) < 10_000.0);
        assert!(estimate_sweep_ms(&c, 3.0, 2, &measured) > 60_000.0, "asks first");
    }

    #[test]
    fn processes_pay_for_starting_workers_and_for_each_run() {
        let c = parse_query("model=processes&workers=1-2&repeats=1", 2).unwrap().config;
        // The team of 2 that runs, then three samples each of fresh teams of 1 and 2.
        let start = (2.0 + 3.0 * 3.0) * PROCESS_START_MS_PER_WORKER;
        // A warm-up run and a repeat each.
        let runs = 2.0 * (1000.0 + PROCESS_RUN_MS) + 2.0 * (500.0 + PROCESS_RUN_MS);
        assert_eq!(estimate_sweep_ms(&c, 1000.0, 2, &Dispatch::default()), start + runs);
    }

    #[test]
    fn wake_up_is_measured_where_it_grows_and_read_between() {
        assert_eq!(Dispatch::counts_to_measure(4, 8), vec![4]);
        assert_eq!(Dispatch::counts_to_measure(8, 8), vec![8]);
        assert_eq!(Dispatch::counts_to_measure(64, 2), vec![2, 4, 8, 16, 32, 64]);
        assert_eq!(Dispatch::counts_to_measure(12, 4), vec![4, 6, 12]);
        assert_eq!(Dispatch::counts_to_measure(3, 0), vec![1, 3]);
        let d = Dispatch { measured: vec![(2, 4.0), (4, 10.0), (8, 30.0)] };
        assert_eq!(d.at(1), 2.0, "in proportion below the first");
        assert_eq!(d.at(3), 7.0);
        assert_eq!(d.at(6), 20.0);
        assert_eq!(d.at(8), 30.0);
        assert_eq!(d.at(9), 30.0, "never guessed beyond the last");
        assert_eq!(Dispatch::default().at(64), 0.0);
    }
}
