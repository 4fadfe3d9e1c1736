//! A sweep's course, owned by Rust: the rounds (a warm-up, then one per
//! repeat), each running every point of the configuration once in a freshly
//! shuffled order — in the warm-up, as many times as make it warm
//! ([`crate::warm_up`]); the runs each point collected; and, for the processes
//! model, which chunk each Worker is handed next. The coordinator only steps
//! through it — it asks what to run, runs it, and hands back what it got.

use crate::config::{Cell, Model, RunConfig, Schedule};
use crate::engine::{ChunkRecord, RunRecord};
use crate::kernels::{Reference, Tally};
use crate::measure::{summarize_point, sweep_order};
use crate::results::Point;
use crate::schedule;
use std::ops::Range;

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
    startup_ms: Vec<(u32, f64)>,
}

impl Sweep {
    /// A sweep of a checked configuration; `seed` shuffles its rounds.
    pub fn new(config: RunConfig, reference: Reference, seed: u64) -> Sweep {
        let order = sweep_order(&config.cells(), seed);
        Sweep { config, reference, seed, round: 0, order, next: 0, done: 0, warming: Vec::new(), runs: Vec::new(), startup_ms: Vec::new() }
    }

    /// The configuration swept.
    pub fn config(&self) -> &RunConfig {
        &self.config
    }

    /// A point in the progress line: `k = 2`, plus its model and chunk
    /// size when the sweep compares several.
    pub fn label(&self, cell: Cell) -> String {
        let mut label = format!("k = {}", cell.workers);
        if self.config.models.len() > 1 {
            label += &format!(", {}", cell.model.name());
        }
        if self.config.chunks.len() > 1 {
            label += &format!(", chunk {}", cell.chunk);
        }
        label
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

    /// The start-up of `workers` fresh process Workers, timed apart from the runs.
    pub fn set_startup(&mut self, workers: u32, ms: f64) {
        self.startup_ms.retain(|&(k, _)| k != workers);
        self.startup_ms.push((workers, ms));
    }

    /// Records the run of the step last returned; after the warm-up, the
    /// point with every repeat so far (it replaces the one shown before).
    /// A warm-up run is not kept: the same step comes again until the
    /// point is warm.
    pub fn record(&mut self, run: RunRecord) -> Result<Option<Point>, String> {
        let cell = *self.order.get(self.next).ok_or("no run was asked for")?;
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
        let startup = (cell.model == Model::Processes).then(|| self.startup_ms.iter().find(|&&(k, _)| k == cell.workers).map(|&(_, ms)| ms)).flatten();
        Ok(Some(summarize_point(&self.config, cell, &self.runs[index].1, self.reference, startup)))
    }
}

/// The chunks of one processes run, handed to its Workers as they ask:
/// under `static` block i to Worker i, once; under `dynamic` the next chunk
/// to whichever Worker is free (one message round trip each, as
/// `multiprocessing.Pool.map` hands out its chunks). Collects the answers.
pub struct Handout {
    plan: Vec<Range<u64>>,
    fixed: bool,
    next: usize,
    taken: Vec<bool>,
    results: Vec<(Tally, ChunkRecord)>,
    transfer_ms: f64,
    transfer_bytes: u64,
}

impl Handout {
    pub fn new(config: &RunConfig, cell: Cell) -> Handout {
        let plan = schedule::plan(config.schedule, config.workload().units(), u64::from(cell.workers.max(1)), cell.chunk);
        let taken = vec![false; plan.len()];
        Handout { plan, fixed: config.schedule == Schedule::Static, next: 0, taken, results: Vec::new(), transfer_ms: 0.0, transfer_bytes: 0 }
    }

    /// The next range of units for Worker `worker`, or `None` when it has none left.
    pub fn next_for(&mut self, worker: u32) -> Option<Range<u64>> {
        let index = if self.fixed {
            let i = worker as usize;
            (i < self.plan.len() && !self.taken[i]).then_some(i)?
        } else {
            let i = self.next;
            self.next += 1;
            (i < self.plan.len()).then_some(i)?
        };
        self.taken[index] = true;
        Some(self.plan[index].clone())
    }

    /// One chunk's answer: its tally, its record (times relative to the
    /// run's start) and what sending its input cost.
    pub fn add(&mut self, tally: Tally, record: ChunkRecord, transfer_ms: f64, transfer_bytes: u64) {
        self.results.push((tally, record));
        self.transfer_ms += transfer_ms;
        self.transfer_bytes += transfer_bytes;
    }

    /// The run's record once every chunk has answered.
    pub fn finish(self, elapsed_ms: f64) -> Result<RunRecord, String> {
        if self.results.len() != self.plan.len() {
            return Err(format!("{} of {} chunks answered", self.results.len(), self.plan.len()));
        }
        let (transfer_ms, transfer_bytes) = (self.transfer_ms, self.transfer_bytes);
        Ok(RunRecord { transfer_ms, transfer_bytes, ..RunRecord::from_chunks(elapsed_ms, self.results) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::parse_query;

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
    fn a_point_is_named_by_what_the_sweep_compares() {
        let label = |query: &str| {
            let config = parse_query(query, 4).unwrap().config;
            let sweep = Sweep::new(config.clone(), config.workload().reference(), 1);
            sweep.label(Cell { workers: 3, model: config.models[config.models.len() - 1], chunk: config.chunks[config.chunks.len() - 1] })
        };
        assert_eq!(label("workers=1-4"), "k = 3");
        assert_eq!(label("model=threads,gil&workers=1-4"), "k = 3, gil");
        assert_eq!(label("workload=primes&schedule=dynamic&chunk=100,1000&model=threads,processes&workers=1-4"), "k = 3, processes, chunk 1000");
    }

    #[test]
    fn processes_take_their_startup_and_their_chunks_as_they_ask() {
        let config = parse_query("workload=primes&n=1000&model=processes&schedule=dynamic&chunk=100&workers=2&repeats=1", 2).unwrap().config;
        let cell = config.cells()[0];
        let mut dynamic = Handout::new(&config, cell);
        let mut given = Vec::new();
        while let Some(r) = dynamic.next_for((given.len() % 2) as u32) {
            given.push(r);
        }
        assert_eq!(given.len(), 10, "1000 units in chunks of 100, to whoever asks");
        let fixed_config = parse_query("workload=primes&n=1000&model=processes&schedule=static&workers=2&repeats=1", 2).unwrap().config;
        let mut fixed = Handout::new(&fixed_config, fixed_config.cells()[0]);
        assert_eq!(fixed.next_for(1), Some(500..1000), "static: block i to Worker i");
        assert_eq!(fixed.next_for(1), None, "once");
        assert_eq!(fixed.next_for(0), Some(0..500));
        let w = fixed_config.workload();
        for (worker, r) in [(0u32, 0..500u64), (1, 500..1000)] {
            fixed.add(w.run(r.clone()), ChunkRecord { worker, first: r.start, end: r.end, start_ms: 0.0, end_ms: 1.0 }, 0.5, 64);
        }
        let run = fixed.finish(2.0).unwrap();
        assert_eq!((run.tally, run.threads_used, run.transfer_ms, run.transfer_bytes), (w.run(0..1000), 2, 1.0, 128));
        assert!(Handout::new(&fixed_config, fixed_config.cells()[0]).finish(1.0).is_err(), "every chunk must answer");

        let mut sweep = Sweep::new(fixed_config.clone(), w.reference(), 1);
        sweep.set_startup(2, 31.5);
        while sweep.next_step().unwrap().round == 0 {
            sweep.record(record(w.run(0..1000))).unwrap();
        }
        let point = sweep.record(record(w.run(0..1000))).unwrap().unwrap();
        assert_eq!(point.startup_ms, Some(31.5));
    }
}
