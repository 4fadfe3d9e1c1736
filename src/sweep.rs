//! A sweep's course, owned by Rust: the rounds (a warm-up, then one per
//! repeat), each running every point of the configuration once in a freshly
//! shuffled order — in the warm-up, as many times as make it warm
//! ([`crate::warm_up`]); and the runs each point collected (a processes run's
//! chunks are handed out by [`crate::handout`]). The coordinator only steps
//! through it — it asks what to run, runs it, and hands back what it got.

use crate::config::{Cell, Model, RunConfig};
use crate::engine::RunRecord;
use crate::kernels::{Reference, Tally};
use crate::measure::{median, summarize_point, sweep_order, DIFFERS};
use crate::results::Point;

/// What to run next, and where the sweep stands.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Step {
    pub cell: Cell,
    /// 0 is the warm-up round (not recorded), then 1 … repeats.
    pub round: u32,
    pub rounds: u32,
    /// Points done so far, and in all, round by round (a point's whole
    /// warm-up counts as one).
    pub done: u32,
    pub total: u32,
}

/// The rounds of one sweep and the runs they recorded.
pub struct Sweep {
    config: RunConfig,
    reference: Reference,
    seed: u64,
    round: u32,
    order: Vec<Cell>,
    next: usize,
    done: u32,
    /// The current point's warm-up runs so far (ms).
    warming: Vec<f64>,
    runs: Vec<(Cell, Vec<RunRecord>)>,
    /// Every start-up sample taken, as (k, ms).
    startup_ms: Vec<(u32, f64)>,
    /// The sweep's first run (a warm-up run) and its answer, which every
    /// point must give too.
    first_answer: Option<(Cell, Tally)>,
}

/// How many times, at most, the start-up of k fresh process Workers is
/// timed: a Worker's start-up swings with whatever else the browser does (one
/// sample once took 345 ms where the rest took 40–90), so a point shows the
/// median of its samples.
pub const STARTUP_SAMPLES: u32 = 3;

/// Fresh process Workers worth starting for those samples: a sweep to k = 4
/// gets three samples of each k (30 Workers, about half a second), one to 8
/// two, one to 16 or beyond one (every Worker costs ~18 ms to start:
/// [`crate::estimate::PROCESS_START_MS_PER_WORKER`]).
const STARTUP_BUDGET_WORKERS: u32 = 64;

/// How many times the start-up of each worker count of `workers` is timed.
pub fn startup_samples(workers: &[u32]) -> u32 {
    let per_sample: u32 = workers.iter().sum::<u32>().max(1);
    STARTUP_BUDGET_WORKERS.div_ceil(per_sample).clamp(1, STARTUP_SAMPLES)
}

impl Sweep {
    /// A sweep of a checked configuration; `seed` shuffles its rounds.
    pub fn new(config: RunConfig, reference: Reference, seed: u64) -> Sweep {
        let order = sweep_order(&config.cells(), seed);
        Sweep { config, reference, seed, round: 0, order, next: 0, done: 0, warming: Vec::new(), runs: Vec::new(), startup_ms: Vec::new(), first_answer: None }
    }

    /// The configuration swept.
    pub fn config(&self) -> &RunConfig {
        &self.config
    }

    /// Points in the whole sweep, the warm-up round included (each
    /// point's warm-up counts as one, however many runs it takes).
    pub fn total(&self) -> u32 {
        self.config.cells().len() as u32 * (self.config.repeats + 1)
    }

    /// The next run, or `None` when the sweep is over.
    pub fn next_step(&mut self) -> Option<Step> {
        if self.next == self.order.len() {
            if self.round == self.config.repeats {
                return None;
            }
            self.round += 1;
            self.next = 0;
            self.order = sweep_order(&self.config.cells(), self.seed.wrapping_add(u64::from(self.round)));
        }
        let cell = self.order[self.next];
        Some(Step { cell, round: self.round, rounds: self.config.repeats, done: self.done, total: self.total() })
    }

    /// The order in which fresh teams of process Workers are started and
    /// timed: [`startup_samples`] rounds, each every worker count once in a
    /// freshly shuffled order, so a slow moment of the browser does not land
    /// on one k alone.
    pub fn startup_order(&self) -> Vec<u32> {
        (0..u64::from(startup_samples(&self.config.workers))).flat_map(|round| sweep_order(&self.config.workers, self.seed ^ (round + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15))).collect()
    }

    /// One sample of the start-up of `workers` fresh process Workers, timed apart from the runs.
    pub fn add_startup(&mut self, workers: u32, ms: f64) {
        self.startup_ms.push((workers, ms));
    }

    /// The start-up of `workers` fresh process Workers: the median of its samples.
    fn startup_of(&self, workers: u32) -> Option<f64> {
        let samples: Vec<f64> = self.startup_ms.iter().filter(|&&(k, _)| k == workers).map(|&(_, ms)| ms).collect();
        (!samples.is_empty()).then(|| median(&samples))
    }

    /// Records the run of the step last returned; after the warm-up, the
    /// point with every repeat so far (it replaces the one shown before).
    /// A warm-up run is not kept: the same step comes again until the
    /// point is warm.
    ///
    /// Every answer is independent of k, model, schedule and chunk (a
    /// tally adds exactly, in any order), so a point whose answer is not the
    /// sweep's first one is not verified, whatever its own check says: the
    /// work was split wrongly somewhere — something π's statistical check
    /// and a check per point could not see.
    pub fn record(&mut self, run: RunRecord) -> Result<Option<Point>, String> {
        let cell = *self.order.get(self.next).ok_or("no run was asked for")?;
        let (first_cell, first_tally) = *self.first_answer.get_or_insert((cell, run.tally));
        if self.round == 0 {
            self.warming.push(run.elapsed_ms);
            if crate::warm_up::is_warm(&self.warming) {
                self.warming.clear();
                self.next += 1;
                self.done += 1;
            }
            return Ok(None);
        }
        self.next += 1;
        self.done += 1;
        let index = match self.runs.iter().position(|(c, _)| *c == cell) {
            Some(i) => i,
            None => {
                self.runs.push((cell, Vec::new()));
                self.runs.len() - 1
            }
        };
        self.runs[index].1.push(run);
        let startup = (cell.model == Model::Processes).then(|| self.startup_of(cell.workers)).flatten();
        let mut point = summarize_point(&self.config, cell, &self.runs[index].1, self.reference, startup);
        if self.runs[index].1[0].tally != first_tally {
            point.verified = false;
            point.check = format!("{DIFFERS}{} ({}, chunk {}); {}", first_cell.workers, first_cell.model.name(), first_cell.chunk, point.check);
        }
        Ok(Some(point))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::parse_query;
    use crate::kernels::Tally;

    fn record(tally: Tally) -> RunRecord {
        RunRecord { elapsed_ms: 1.0, tally, threads_used: 1, chunks: vec![], chunks_total: 1, dispatch_ms: 0.0, transfer_ms: 0.0, transfer_bytes: 0 }
    }

    #[test]
    fn a_sweep_is_a_warm_up_then_every_cell_once_per_repeat_in_shuffled_rounds() {
        let config = parse_query("workload=primes&n=1000&model=threads,gil&workers=1-4&repeats=3", 4).unwrap().config;
        let w = config.workload();
        let tally = w.run(0..w.units());
        let mut sweep = Sweep::new(config.clone(), w.reference(), 7);
        let mut rounds: Vec<Vec<Cell>> = vec![Vec::new(); 4];
        let mut points = 0;
        let mut last_done = None;
        while let Some(step) = sweep.next_step() {
            assert_eq!(step.total, 8 * 4);
            // A point's warm-up runs are one step of the progress, asked again.
            if last_done != Some(step.done) {
                rounds[step.round as usize].push(step.cell);
            }
            last_done = Some(step.done);
            let point = sweep.record(record(tally)).unwrap();
            assert_eq!(point.is_some(), step.round > 0, "the warm-up is not recorded");
            if let Some(p) = point {
                assert_eq!(p.times_ms.len() as u32, step.round, "a point carries every repeat so far");
                assert!(p.verified);
                points += 1;
            }
        }
        assert_eq!(points, 8 * 3);
        for round in &rounds {
            let mut sorted = round.clone();
            sorted.sort_by_key(|c| (c.workers, c.model.name()));
            let mut cells = config.cells();
            cells.sort_by_key(|c| (c.workers, c.model.name()));
            assert_eq!(sorted, cells, "every round runs every cell once");
        }
        assert_ne!(rounds[1], rounds[2], "each round is shuffled afresh");
        assert!(sweep.record(record(tally)).is_err(), "nothing was asked for");
    }

    #[test]
    fn each_point_is_warmed_up_back_to_back_until_warm_and_nothing_of_it_is_kept() {
        let config = parse_query("workload=primes&n=1000&model=threads&workers=1,2&repeats=1", 2).unwrap().config;
        let w = config.workload();
        let tally = w.run(0..w.units());
        let mut sweep = Sweep::new(config, w.reference(), 3);
        let mut warm_up = Vec::new();
        let timed = |ms: f64| RunRecord { elapsed_ms: ms, ..record(tally) };
        // Runs of 25 ms: three make a point warm.
        while let Some(step) = sweep.next_step().filter(|s| s.round == 0) {
            warm_up.push((step.cell.workers, step.done));
            assert_eq!(sweep.record(timed(25.0)).unwrap(), None);
        }
        assert_eq!(warm_up.len(), 2 * crate::warm_up::warm_up_runs(25.0));
        assert_eq!(warm_up[0], warm_up[2], "the same point three times, one step of the progress");
        assert_ne!(warm_up[2], warm_up[3]);
        assert_eq!(warm_up[3].1, 1);
        let first = sweep.next_step().unwrap();
        assert_eq!((first.round, first.done), (1, 2));
        let point = sweep.record(timed(25.0)).unwrap().unwrap();
        assert_eq!(point.times_ms.len(), 1, "only the measured run is in the point");
    }

    #[test]
    fn a_processes_point_carries_the_median_of_its_startup_samples() {
        let fixed_config = parse_query("workload=primes&n=1000&model=processes&schedule=static&workers=1,2&repeats=1", 2).unwrap().config;
        let w = fixed_config.workload();
        let mut sweep = Sweep::new(fixed_config.clone(), w.reference(), 1);
        for (k, ms) in [(2, 31.5), (1, 20.0), (2, 345.0), (2, 40.25), (1, 22.0)] {
            sweep.add_startup(k, ms);
        }
        let mut startups = Vec::new();
        while let Some(step) = sweep.next_step() {
            if let Some(point) = sweep.record(record(w.run(0..1000))).unwrap() {
                startups.push((step.cell.workers, point.startup_ms));
            }
        }
        startups.sort_by_key(|&(k, _)| k);
        assert_eq!(startups, [(1, Some(21.0)), (2, Some(40.25))], "an outlier does not move the median");
    }

    #[test]
    fn start_ups_are_timed_in_rounds_of_every_count_shuffled_afresh() {
        let config = parse_query("workload=primes&n=1000&model=processes&workers=1-8&repeats=1", 8).unwrap().config;
        let sweep = Sweep::new(config.clone(), config.workload().reference(), 5);
        let order = sweep.startup_order();
        let rounds: Vec<&[u32]> = order.chunks(config.workers.len()).collect();
        assert_eq!(rounds.len(), 2, "1 + … + 8 = 36 Workers a round: two rounds fit 64");
        for round in &rounds {
            let mut sorted = round.to_vec();
            sorted.sort_unstable();
            assert_eq!(sorted, config.workers, "every count once per round");
        }
        assert!(rounds.windows(2).any(|pair| pair[0] != pair[1]), "rounds are shuffled afresh");
    }

    #[test]
    fn a_point_whose_answer_is_not_the_sweeps_first_is_not_verified() {
        let config = parse_query("workload=pi&n=1e5&model=threads&workers=1-3&repeats=2", 2).unwrap().config;
        let w = config.workload();
        let right = w.run(0..w.units());
        // π's own check passes on a tally one sample off: only the comparison sees it.
        let off = Tally { value: right.value + 1, ..right };
        assert!(w.answer(off, w.reference()).verified);
        let mut sweep = Sweep::new(config, w.reference(), 11);
        let mut last = std::collections::BTreeMap::new();
        while let Some(step) = sweep.next_step() {
            let tally = if step.cell.workers == 2 && step.round > 0 { off } else { right };
            if let Some(p) = sweep.record(record(tally)).unwrap() {
                last.insert(p.workers, p);
            }
        }
        assert!(last[&1].verified && last[&3].verified);
        let two = &last[&2];
        assert!(!two.verified);
        assert!(two.check.starts_with(DIFFERS) && two.check.contains("(threads, chunk "), "{}", two.check);
    }

    #[test]
    fn small_sweeps_get_more_startup_samples_and_large_ones_still_one() {
        assert_eq!(startup_samples(&[1, 2, 3, 4]), STARTUP_SAMPLES);
        assert_eq!(startup_samples(&[64]), 1);
        assert_eq!(startup_samples(&(1..=64).collect::<Vec<_>>()), 1);
        assert_eq!(startup_samples(&[]), STARTUP_SAMPLES, "nothing to start costs nothing");
    }
}
