//! The chunks of one processes run, handed to its Workers by message: which
//! range each Worker gets next and how many it may hold at once, and the
//! answers collected into the run's record. Plain Rust; the coordinator
//! asks it (`ProcessRun` in `web/processes.rs`).

use crate::config::{Cell, RunConfig, Schedule};
use crate::engine::{ChunkRecord, RunRecord};
use crate::kernels::{Tally, WorkloadKind};
use crate::schedule;
use std::ops::Range;

/// How many chunks a Worker may hold at once under `dynamic`: the one it
/// computes and the next ones, already in its message queue, so it never
/// idles while its answer travels to the coordinator and the next range
/// travels back. Handed one at a time, a dynamic π run (n = 4·10⁶, 200
/// chunks of 5–10 µs, one Worker) took 21–40 ms in Chromium and 70–100 ms in
/// Firefox against 1.5 ms on threads: the round trips, not the work. Holding
/// 2: 12–15 and 31–37 ms (35 and 160 µs between a Worker's chunks); holding
/// up to 8: 5–10 and 17–23 ms (15 and 40–60 µs between chunks: the messages
/// themselves). Python's `Pool` does not wait either: its workers read a
/// queue filled ahead.
pub const MAX_HELD: u32 = 8;

/// Whether a run sends each chunk its input (`copy`): that sending is timed
/// as part of the run, as `multiprocessing` pickles a task's arguments.
pub fn sends_input(kind: WorkloadKind) -> bool {
    kind == WorkloadKind::Copy
}

/// Under `static` block i goes to Worker i, once. Under `dynamic` the next
/// chunk goes to whichever Worker answers, which may hold up to
/// [`MAX_HELD`] — but besides the one it computes, never more than its share
/// of what was left when it asked, rounded up (⌈left ÷ k⌉), so near the end
/// no Worker sits on chunks another could run. A run opens with chunks dealt
/// round the Workers in turn ([`Handout::opening`]), so every Worker starts
/// with work however few chunks there are. (A simulation, in the tests: one Worker three times slower than the
/// other ends one of its chunks after the ideal, four with a plain limit; with
/// messages of 3 chunk-times each way, 200 chunks end at 114 chunk-times
/// against 106 for the plain limit and 700 one at a time.) A run that sends
/// input gets one at a time, so a chunk's transfer is not its wait in a queue.
pub struct Handout {
    plan: Vec<Range<u64>>,
    fixed: bool,
    workers: usize,
    max_held: u32,
    next: usize,
    taken: Vec<bool>,
    results: Vec<(Tally, ChunkRecord)>,
    transfer_ms: f64,
    transfer_bytes: u64,
}

impl Handout {
    pub fn new(config: &RunConfig, cell: Cell) -> Handout {
        let workers = cell.workers.max(1);
        let plan = schedule::plan(config.schedule, config.workload().units(), u64::from(workers), cell.chunk);
        let taken = vec![false; plan.len()];
        let max_held = if sends_input(config.workload) { 1 } else { MAX_HELD };
        Handout { plan, fixed: config.schedule == Schedule::Static, workers: workers as usize, max_held, next: 0, taken, results: Vec::new(), transfer_ms: 0.0, transfer_bytes: 0 }
    }

    /// The next range of units for Worker `worker`, which holds `held`
    /// chunks it has not answered yet; `None` when it gets none now (under
    /// `dynamic` it may get more after its next answer).
    pub fn next_for(&mut self, worker: u32, held: u32) -> Option<Range<u64>> {
        let index = if self.fixed {
            let i = worker as usize;
            (i < self.plan.len() && !self.taken[i]).then_some(i)?
        } else {
            let left = self.plan.len() - self.next;
            let more = held == 0 || (held < self.max_held && held as usize * self.workers < left + self.workers);
            (left > 0 && more).then_some(self.next)?
        };
        self.next = self.next.max(index + 1);
        self.taken[index] = true;
        Some(self.plan[index].clone())
    }

    /// The run's first hand-out, before any Worker has answered: `(worker,
    /// range)` dealt round the Workers in turn, one each per round, for as
    /// long as any Worker takes one. (Asked Worker after Worker instead, the
    /// first would fill up to its share of the whole run before the next was
    /// asked: 8 chunks on 8 Workers went 2, 2, 2, 2 and four Workers idle.)
    pub fn opening(&mut self) -> Vec<(u32, Range<u64>)> {
        let mut held = vec![0u32; self.workers];
        let mut given = Vec::new();
        loop {
            let before = given.len();
            for (worker, held) in (0u32..).zip(held.iter_mut()) {
                if let Some(range) = self.next_for(worker, *held) {
                    *held += 1;
                    given.push((worker, range));
                }
            }
            if given.len() == before {
                return given;
            }
        }
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
mod tests;
