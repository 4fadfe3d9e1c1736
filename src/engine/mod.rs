//! Runs a workload on exactly k threads of a rayon pool, under the threads,
//! gil or sequential model, with a schedule, and records who ran which chunk
//! and when.
//!
//! The pool is created once with P threads and cannot be resized, so a run
//! on k < P threads first *parks* P − k of them: it spawns P − k tasks that
//! block on a gate, waits until all are blocked, runs the work (only k
//! threads are left to take it), then opens the gate. Static and dynamic
//! runs start k tasks that meet at a start line before touching any work,
//! so they necessarily run on k distinct threads, and each task's first
//! chunk is its own (block i, or chunk i), so each of the k threads works.
//! The clock starts when the last of the k arrives at the line (every
//! schedule, `steal` included): waking sleeping threads is reported apart as
//! `dispatch_ms`, not timed as work. It stops when the last chunk ends
//! (`FinishLine`): merging the records, the pool's join and waking the
//! thread that asked are not timed either.
//! Work stealing makes no such promise: rayon may finish before a slow
//! thread steals anything, so `steal` can report fewer threads than k. Every chunk's thread is
//! recorded, and `threads_used` is counted from the records, never assumed.
//!
//! The engine never calls into JS: the pool and the clock come from the
//! caller (rayon's global pool and `performance` in the browser; a local
//! pool and `Instant` in native tests).

//!
//! `pool.rs`: the pool and clock traits; `record.rs`: what a run leaves;
//! `pooled.rs`: the threads and gil models, parking included; `sync.rs`:
//! the start and finish lines, the gil's fair lock.

mod pool;
/// The models that share a pool of threads: where there are threads (natively
/// and in the threads build); the plain wasm build links no rayon.
#[cfg(any(not(target_arch = "wasm32"), feature = "threads"))]
mod pooled;
mod record;
mod sync;

#[cfg(not(target_arch = "wasm32"))]
pub use pool::SystemClock;
pub use pool::{Clock, GlobalPool, Pool};
pub use record::{start_lag_ms, ChunkRecord, RunRecord, MAX_RECORDED_CHUNKS};

use crate::config::{Model, Schedule};
use crate::kernels::{Inputs, Tally, Workload};
use crate::schedule::{chunk_count, chunk_range};
use std::ops::Range;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use sync::{FairLock, FinishLine, StartLine};

/// What to run: a model, a schedule and a worker count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RunSpec {
    pub model: Model,
    pub schedule: Schedule,
    pub chunk: u64,
    pub workers: usize,
    /// The wait after each unit (`wait`), in ms; 0 for the rest.
    pub wait_ms: u32,
}

/// A run that cannot be made as asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EngineError(pub String);

impl std::fmt::Display for EngineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Runs `workload` as `spec` says, timing it with `clock`; its inputs are
/// prepared first, untimed (callers that run a workload many times prepare
/// them once and call [`run_cancellable`]).
pub fn run<P: Pool, C: Clock>(pool: &P, clock: &C, workload: &Workload, spec: RunSpec) -> Result<RunRecord, EngineError> {
    run_cancellable(pool, clock, workload, &Inputs::prepare(workload), spec, &AtomicU32::new(0))
}

/// [`run`], stopped between chunks once `cancel` is non-zero (the page's
/// Stop sets it in the shared memory): every thread skips the chunks left,
/// and the run ends with an error instead of a record.
pub fn run_cancellable<P: Pool, C: Clock>(pool: &P, clock: &C, workload: &Workload, inputs: &Inputs, spec: RunSpec, cancel: &AtomicU32) -> Result<RunRecord, EngineError> {
    if !inputs.suit(workload) {
        return Err(EngineError(format!("the inputs prepared do not belong to this {} run", workload.kind.name())));
    }
    if spec.wait_ms > 0 && !clock.can_block() {
        return Err(EngineError("waiting needs a thread that can block, which only the shared-memory build has: this page is not cross-origin isolated, so run wait under the processes model".into()));
    }
    let ctx = RunContext::new(workload, inputs, cancel, clock, spec);
    let record = run_unchecked(pool, &ctx, spec)?;
    if cancel.load(Ordering::Relaxed) != 0 {
        return Err(EngineError("the run was stopped".into()));
    }
    Ok(record)
}

fn run_unchecked<P: Pool, C: Clock>(pool: &P, ctx: &RunContext<'_, C>, spec: RunSpec) -> Result<RunRecord, EngineError> {
    let units = ctx.workload.units();
    if spec.workers == 0 || spec.chunk == 0 || units < spec.workers as u64 {
        return Err(EngineError(format!("cannot split {units} units among {} workers in chunks of {}", spec.workers, spec.chunk)));
    }
    match spec.model {
        Model::Sequential => Ok(run_sequential(ctx, spec)),
        Model::Threads | Model::Gil => {
            #[cfg(any(not(target_arch = "wasm32"), feature = "threads"))]
            {
                if spec.workers > pool.threads() {
                    return Err(EngineError(format!("{} workers asked for, but the pool has {} threads", spec.workers, pool.threads())));
                }
                Ok(pooled::run_on_pool(pool, ctx, spec))
            }
            #[cfg(all(target_arch = "wasm32", not(feature = "threads")))]
            {
                let _ = pool;
                Err(EngineError("the threads and gil models need shared memory, which this page only has when it is cross-origin isolated".into()))
            }
        }
        Model::Processes => Err(EngineError("the processes model runs in separate Workers, not in the thread pool".into())),
    }
}

/// What every chunk-running task shares during one run.
struct RunContext<'a, C: Clock> {
    workload: &'a Workload,
    inputs: &'a Inputs,
    /// The wait after each unit (ms), 0 when the workload does not wait.
    wait_ms: f64,
    /// Non-zero once the run is stopped: chunks not yet begun are skipped.
    cancel: &'a AtomicU32,
    clock: &'a C,
    /// Where the k threads gather; the clock starts when the last arrives.
    start: StartLine,
    /// Where the clock stops: when the last chunk ends.
    finish: FinishLine,
    gil: Option<FairLock>,
    /// Whether a gil turn may go on across a task's chunks: the static and
    /// dynamic tasks say when they have no more ([`RunContext::leave_gil`]);
    /// stolen chunks belong to no task, so under `steal` every chunk hands over.
    gil_keeps: bool,
    chunks_seen: AtomicU64,
    thread_mask: AtomicU64,
}

impl<'a, C: Clock> RunContext<'a, C> {
    fn new(workload: &'a Workload, inputs: &'a Inputs, cancel: &'a AtomicU32, clock: &'a C, spec: RunSpec) -> Self {
        let workers = if spec.model == Model::Sequential { 1 } else { spec.workers };
        RunContext {
            workload,
            inputs,
            wait_ms: f64::from(spec.wait_ms),
            cancel,
            clock,
            start: StartLine::new(workers),
            finish: FinishLine::default(),
            gil: (spec.model == Model::Gil).then(FairLock::default),
            gil_keeps: spec.schedule != Schedule::Steal,
            chunks_seen: AtomicU64::new(0),
            thread_mask: AtomicU64::new(0),
        }
    }

    /// `worker` has no more chunks: a gil turn it kept goes to the next thread.
    fn leave_gil(&self, worker: u32) {
        if let Some(gil) = &self.gil {
            gil.leave(worker);
        }
    }

    /// Runs one chunk on the current thread, under the GIL if the model has
    /// one — held for the whole chunk, or for a `wait` workload only while
    /// each request computes (released while it waits, as CPython does).
    fn run_chunk(&self, worker: u32, range: Range<u64>, local: &mut Local) {
        if self.cancel.load(Ordering::Relaxed) != 0 {
            return;
        }
        let held = (self.wait_ms == 0.0).then(|| self.gil.as_ref().map(|gil| gil.lock(worker, self.clock))).flatten();
        // The slot is claimed at the start, so the records kept are the first chunks to start.
        let recorded = self.chunks_seen.fetch_add(1, Ordering::Relaxed) < MAX_RECORDED_CHUNKS;
        let origin = self.start.start_ms();
        // The start was read on another thread, whose clock (timeOrigin + now()
        // in another Worker) can differ by a rounding step or a timer tick: a
        // chunk begun at once after the start line could read as a hair before
        // it. No chunk starts before the run does.
        let start_ms = (self.clock.now_ms() - origin).max(0.0);
        let tally = self.run_until_stopped(worker, range.clone());
        let end_ms = (self.clock.now_ms() - origin).max(start_ms);
        // The bookkeeping below is not the chunk's work, but under the gil a thread
        // keeps its turn across its chunks (where a schedule says when it has no more).
        match held {
            Some(held) if self.gil_keeps => held.end_chunk(worker, self.clock),
            held => drop(held),
        }
        self.finish.cross(end_ms);
        local.tally = local.tally + tally;
        self.thread_mask.fetch_or(1u64 << (worker % 64), Ordering::Relaxed);
        if recorded {
            local.records.push(ChunkRecord { worker, first: range.start, end: range.end, start_ms, end_ms });
        }
    }
}

/// Units computed between two looks at the stop flag: few enough that a
/// Stop reaches the longest chunk (a static block is a worker's whole share)
/// within milliseconds, and enough that looking costs nothing measurable.
/// 256 units are at most a few ms of every workload but mandelbrot, whose
/// row grows with n: there, rows of at most 8 192 pixels together (up to
/// 4 M iterations; 256 rows of 8 192 took 1.4 s natively).
fn units_between_stop_checks(workload: &Workload) -> u64 {
    match workload.kind {
        crate::kernels::WorkloadKind::Mandelbrot => (8_192 / workload.n.max(1)).clamp(1, 256),
        _ => 256,
    }
}

impl<C: Clock> RunContext<'_, C> {
    /// The tally of `range`, computed in slices with a look at the stop flag
    /// before each. Slices add up to exactly the tally of the whole range; a
    /// stopped run's partial tally is never reported (the run ends in an error).
    fn run_until_stopped(&self, worker: u32, range: Range<u64>) -> Tally {
        if self.wait_ms > 0.0 {
            return self.run_requests(worker, range);
        }
        let mut tally = Tally::default();
        let mut first = range.start;
        let slice = units_between_stop_checks(self.workload);
        while first < range.end && self.cancel.load(Ordering::Relaxed) == 0 {
            let end = range.end.min(first + slice);
            tally = tally + self.workload.run_with(first..end, self.inputs);
            first = end;
        }
        tally
    }

    /// `wait`: each request computes (under the GIL, if any) and then blocks,
    /// lock released, for `wait_ms`; the stop flag is looked at between requests.
    fn run_requests(&self, worker: u32, range: Range<u64>) -> Tally {
        let mut tally = Tally::default();
        for unit in range {
            if self.cancel.load(Ordering::Relaxed) != 0 {
                break;
            }
            let held = self.gil.as_ref().map(|gil| gil.lock(worker, self.clock));
            tally = tally + self.workload.run_with(unit..unit + 1, self.inputs);
            drop(held);
            self.clock.block_ms(self.wait_ms);
        }
        tally
    }
}

/// What one task accumulates, merged when the run ends.
#[derive(Default)]
struct Local {
    tally: Tally,
    records: Vec<ChunkRecord>,
}

fn run_sequential<C: Clock>(ctx: &RunContext<'_, C>, spec: RunSpec) -> RunRecord {
    let units = ctx.workload.units();
    let clock = ctx.clock;
    ctx.start.arrive_and_wait(clock);
    let mut local = Local::default();
    match spec.schedule {
        Schedule::Static => ctx.run_chunk(0, 0..units, &mut local),
        Schedule::Dynamic | Schedule::Steal => {
            for c in 0..chunk_count(units, spec.chunk) {
                if let Some(range) = chunk_range(units, spec.chunk, c) {
                    ctx.run_chunk(0, range, &mut local);
                }
            }
        }
    }
    finish(ctx.finish.latest_ms(), local, ctx.chunks_seen.load(Ordering::Relaxed), 1)
}

fn finish(elapsed_ms: f64, mut total: Local, chunks_total: u64, threads_used: u32) -> RunRecord {
    total.records.sort_by(|a, b| a.start_ms.total_cmp(&b.start_ms));
    RunRecord { elapsed_ms, tally: total.tally, threads_used, chunks: total.records, chunks_total, dispatch_ms: 0.0, transfer_ms: 0.0, transfer_bytes: 0 }
}

#[cfg(test)]
mod tests;
