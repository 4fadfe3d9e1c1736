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
//! Work stealing makes no such promise: rayon may finish before a slow
//! thread steals anything, so `steal` can report fewer threads than k. Every chunk's thread is
//! recorded, and `threads_used` is counted from the records, never assumed.
//!
//! The engine never calls into JS: the pool and the clock come from the
//! caller (rayon's global pool and `performance` in the browser; a local
//! pool and `Instant` in native tests).

use crate::config::{Model, Schedule};
use crate::kernels::{Tally, Workload};
use crate::schedule::{chunk_count, chunk_range, static_block};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::ops::Range;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};

/// Chunk records kept per run; chunks past this are counted, not recorded,
/// so a tiny chunk size cannot exhaust memory.
pub const MAX_RECORDED_CHUNKS: u64 = 2_000;

/// A monotonic clock in milliseconds, the same origin on every thread.
pub trait Clock: Sync {
    fn now_ms(&self) -> f64;
}

/// A pool of threads to run work on (rayon's global pool, or a local one).
pub trait Pool: Sync {
    /// How many threads the pool has.
    fn threads(&self) -> usize;
    /// Runs `job` on some pool thread, without waiting for it.
    fn spawn(&self, job: Box<dyn FnOnce() + Send + 'static>);
    /// Runs `op` inside the pool and waits for its result.
    fn install<R: Send>(&self, op: impl FnOnce() -> R + Send) -> R;
}

impl Pool for rayon::ThreadPool {
    fn threads(&self) -> usize {
        self.current_num_threads()
    }
    fn spawn(&self, job: Box<dyn FnOnce() + Send + 'static>) {
        rayon::ThreadPool::spawn(self, job)
    }
    fn install<R: Send>(&self, op: impl FnOnce() -> R + Send) -> R {
        rayon::ThreadPool::install(self, op)
    }
}

/// rayon's global pool (in the browser: wasm-bindgen-rayon's Workers).
pub struct GlobalPool;

impl Pool for GlobalPool {
    fn threads(&self) -> usize {
        rayon::current_num_threads()
    }
    fn spawn(&self, job: Box<dyn FnOnce() + Send + 'static>) {
        rayon::spawn(job)
    }
    fn install<R: Send>(&self, op: impl FnOnce() -> R + Send) -> R {
        // From outside the pool, a scope's body is injected into the pool.
        rayon::scope(|_| op())
    }
}

/// One chunk of work: which thread ran which units, when (ms after the run started).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChunkRecord {
    pub worker: u32,
    pub first: u64,
    pub end: u64,
    pub start_ms: f64,
    pub end_ms: f64,
}

/// One timed run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunRecord {
    pub elapsed_ms: f64,
    pub tally: Tally,
    /// Distinct threads (or workers) that ran at least one chunk.
    pub threads_used: u32,
    /// The first [`MAX_RECORDED_CHUNKS`] chunks, in start order.
    pub chunks: Vec<ChunkRecord>,
    pub chunks_total: u64,
}

impl RunRecord {
    /// A run's record from all of its chunks, in any order (the processes
    /// model collects them by message): the total, the distinct workers, and
    /// the first [`MAX_RECORDED_CHUNKS`] chunks to start.
    pub fn from_chunks(elapsed_ms: f64, mut chunks: Vec<(Tally, ChunkRecord)>) -> RunRecord {
        chunks.sort_by(|a, b| a.1.start_ms.total_cmp(&b.1.start_ms));
        let mut workers: Vec<u32> = chunks.iter().map(|(_, c)| c.worker).collect();
        workers.sort_unstable();
        workers.dedup();
        RunRecord {
            elapsed_ms,
            tally: chunks.iter().map(|(t, _)| *t).sum(),
            threads_used: workers.len() as u32,
            chunks_total: chunks.len() as u64,
            chunks: chunks.into_iter().take(MAX_RECORDED_CHUNKS as usize).map(|(_, c)| c).collect(),
        }
    }
}

/// What to run: a model, a schedule and a worker count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RunSpec {
    pub model: Model,
    pub schedule: Schedule,
    pub chunk: u64,
    pub workers: usize,
}

/// A run that cannot be made as asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EngineError(pub String);

impl std::fmt::Display for EngineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Runs `workload` as `spec` says, timing it with `clock`.
pub fn run<P: Pool, C: Clock>(pool: &P, clock: &C, workload: &Workload, spec: RunSpec) -> Result<RunRecord, EngineError> {
    let units = workload.units();
    if spec.workers == 0 || spec.chunk == 0 || units < spec.workers as u64 {
        return Err(EngineError(format!("cannot split {units} units among {} workers in chunks of {}", spec.workers, spec.chunk)));
    }
    match spec.model {
        Model::Sequential => Ok(run_sequential(clock, workload, spec)),
        Model::Threads | Model::Gil => {
            if spec.workers > pool.threads() {
                return Err(EngineError(format!("{} workers asked for, but the pool has {} threads", spec.workers, pool.threads())));
            }
            Ok(run_on_pool(pool, clock, workload, spec))
        }
        Model::Processes => Err(EngineError("the processes model runs in separate Workers, not in the thread pool".into())),
    }
}

/// What every chunk-running task shares during one run.
struct RunContext<'a, C: Clock> {
    workload: &'a Workload,
    clock: &'a C,
    start_ms: f64,
    gil: Option<FairLock>,
    chunks_seen: AtomicU64,
    thread_mask: AtomicU64,
}

impl<C: Clock> RunContext<'_, C> {
    /// Runs one chunk on the current thread, under the GIL if the model has one.
    fn run_chunk(&self, worker: u32, range: Range<u64>, local: &mut Local) {
        let _held = self.gil.as_ref().map(FairLock::lock);
        // The slot is claimed at the start, so the records kept are the first chunks to start.
        let recorded = self.chunks_seen.fetch_add(1, Ordering::Relaxed) < MAX_RECORDED_CHUNKS;
        let start_ms = self.clock.now_ms() - self.start_ms;
        let tally = self.workload.run(range.clone());
        let end_ms = self.clock.now_ms() - self.start_ms;
        local.tally = local.tally + tally;
        self.thread_mask.fetch_or(1u64 << (worker % 64), Ordering::Relaxed);
        if recorded {
            local.records.push(ChunkRecord { worker, first: range.start, end: range.end, start_ms, end_ms });
        }
    }
}

/// What one task accumulates, merged when the run ends.
#[derive(Default)]
struct Local {
    tally: Tally,
    records: Vec<ChunkRecord>,
}

impl Local {
    fn merge(mut self, other: Local) -> Local {
        self.tally = self.tally + other.tally;
        self.records.extend(other.records);
        self
    }
}

fn current_worker() -> u32 {
    rayon::current_thread_index().map_or(0, |i| i as u32)
}

fn run_on_pool<P: Pool, C: Clock>(pool: &P, clock: &C, workload: &Workload, spec: RunSpec) -> RunRecord {
    let units = workload.units();
    let k = spec.workers;
    let parked = ParkedThreads::park(pool, pool.threads() - k);
    let ctx = RunContext {
        workload,
        clock,
        start_ms: clock.now_ms(),
        gil: (spec.model == Model::Gil).then(FairLock::default),
        chunks_seen: AtomicU64::new(0),
        thread_mask: AtomicU64::new(0),
    };
    let total = match spec.schedule {
        Schedule::Static | Schedule::Dynamic => {
            let next_chunk = AtomicU64::new(k as u64);
            let start_line = StartLine::new(k);
            let results = Mutex::new(Local::default());
            pool.install(|| {
                rayon::scope(|s| {
                    for i in 0..k as u64 {
                        let (ctx, next_chunk, start_line, results) = (&ctx, &next_chunk, &start_line, &results);
                        s.spawn(move |_| {
                            start_line.arrive_and_wait();
                            let worker = current_worker();
                            let mut local = Local::default();
                            if spec.schedule == Schedule::Static {
                                ctx.run_chunk(worker, static_block(units, k as u64, i), &mut local);
                            } else {
                                // Chunk i is task i's first, so each of the k threads works even when
                                // one wakes late (k > cores); the rest go to whoever asks first.
                                let mut next = i;
                                while let Some(range) = chunk_range(units, spec.chunk, next) {
                                    ctx.run_chunk(worker, range, &mut local);
                                    next = next_chunk.fetch_add(1, Ordering::Relaxed);
                                }
                            }
                            let mut all = lock(results);
                            *all = std::mem::take(&mut *all).merge(local);
                        });
                    }
                })
            });
            results.into_inner().unwrap_or_else(|e| e.into_inner())
        }
        Schedule::Steal => pool.install(|| {
            (0..chunk_count(units, spec.chunk))
                .into_par_iter()
                .fold(Local::default, |mut local, c| {
                    if let Some(range) = chunk_range(units, spec.chunk, c) {
                        ctx.run_chunk(current_worker(), range, &mut local);
                    }
                    local
                })
                .reduce(Local::default, Local::merge)
        }),
    };
    let elapsed_ms = clock.now_ms() - ctx.start_ms;
    drop(parked);
    finish(elapsed_ms, total, ctx.chunks_seen.into_inner(), ctx.thread_mask.into_inner().count_ones())
}

fn run_sequential<C: Clock>(clock: &C, workload: &Workload, spec: RunSpec) -> RunRecord {
    let units = workload.units();
    let ctx = RunContext { workload, clock, start_ms: clock.now_ms(), gil: None, chunks_seen: AtomicU64::new(0), thread_mask: AtomicU64::new(0) };
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
    let elapsed_ms = clock.now_ms() - ctx.start_ms;
    finish(elapsed_ms, local, ctx.chunks_seen.into_inner(), 1)
}

fn finish(elapsed_ms: f64, mut total: Local, chunks_total: u64, threads_used: u32) -> RunRecord {
    total.records.sort_by(|a, b| a.start_ms.total_cmp(&b.start_ms));
    RunRecord { elapsed_ms, tally: total.tally, threads_used, chunks: total.records, chunks_total }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic in a task aborts the wasm build; natively, keep going with the data.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// P − k pool threads held blocked for the length of a run; dropping this releases them.
struct ParkedThreads {
    gate: Arc<(Mutex<(usize, bool)>, Condvar)>,
}

impl ParkedThreads {
    fn park<P: Pool>(pool: &P, count: usize) -> Self {
        let gate = Arc::new((Mutex::new((0usize, false)), Condvar::new()));
        for _ in 0..count {
            let gate = Arc::clone(&gate);
            pool.spawn(Box::new(move || {
                let (state, changed) = &*gate;
                let mut s = lock(state);
                s.0 += 1;
                changed.notify_all();
                while !s.1 {
                    s = changed.wait(s).unwrap_or_else(|e| e.into_inner());
                }
            }));
        }
        {
            let (state, changed) = &*gate;
            let mut s = lock(state);
            while s.0 < count {
                s = changed.wait(s).unwrap_or_else(|e| e.into_inner());
            }
        }
        ParkedThreads { gate }
    }
}

impl Drop for ParkedThreads {
    fn drop(&mut self) {
        let (state, changed) = &*self.gate;
        lock(state).1 = true;
        changed.notify_all();
    }
}

/// k tasks wait here until all k have arrived, each on its own thread.
struct StartLine {
    arrived: Mutex<usize>,
    all_here: Condvar,
    expected: usize,
}

impl StartLine {
    fn new(expected: usize) -> Self {
        StartLine { arrived: Mutex::new(0), all_here: Condvar::new(), expected }
    }

    fn arrive_and_wait(&self) {
        let mut n = lock(&self.arrived);
        *n += 1;
        self.all_here.notify_all();
        while *n < self.expected {
            n = self.all_here.wait(n).unwrap_or_else(|e| e.into_inner());
        }
    }
}

/// The global lock of the gil model: a ticket lock, so threads take turns
/// in arrival order like Python's GIL hand-offs (std's Mutex is not fair
/// and would let one thread keep it).
#[derive(Default)]
struct FairLock {
    tickets: Mutex<(u64, u64)>, // (next ticket, now serving)
    turn: Condvar,
}

struct FairGuard<'a>(&'a FairLock);

impl FairLock {
    fn lock(&self) -> FairGuard<'_> {
        let mut t = lock(&self.tickets);
        let mine = t.0;
        t.0 += 1;
        while t.1 != mine {
            t = self.turn.wait(t).unwrap_or_else(|e| e.into_inner());
        }
        FairGuard(self)
    }
}

impl Drop for FairGuard<'_> {
    fn drop(&mut self) {
        lock(&self.0.tickets).1 += 1;
        self.0.turn.notify_all();
    }
}

/// `Instant`-based clock for native runs and tests.
#[cfg(not(target_arch = "wasm32"))]
pub struct SystemClock(std::time::Instant);

#[cfg(not(target_arch = "wasm32"))]
impl Default for SystemClock {
    fn default() -> Self {
        SystemClock(std::time::Instant::now())
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl Clock for SystemClock {
    fn now_ms(&self) -> f64 {
        self.0.elapsed().as_secs_f64() * 1e3
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernels::WorkloadKind;

    fn pool(threads: usize) -> rayon::ThreadPool {
        rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap()
    }

    fn spec(model: Model, schedule: Schedule, workers: usize) -> RunSpec {
        RunSpec { model, schedule, chunk: 7, workers }
    }

    fn work(kind: WorkloadKind, n: u64) -> Workload {
        Workload { kind, n, seed: 5 }
    }

    #[test]
    fn k_workers_means_k_distinct_threads() {
        let pool = pool(4);
        let clock = SystemClock::default();
        let w = work(WorkloadKind::Primes, 200_000);
        for schedule in [Schedule::Static, Schedule::Dynamic] {
            for model in [Model::Threads, Model::Gil] {
                for k in 1..=4 {
                    let r = run(&pool, &clock, &w, RunSpec { chunk: 1_000, ..spec(model, schedule, k) }).unwrap();
                    assert_eq!(r.threads_used as usize, k, "{model:?} {schedule:?} k={k}");
                    let distinct: std::collections::BTreeSet<u32> = r.chunks.iter().map(|c| c.worker).collect();
                    assert_eq!(distinct.len(), k);
                }
            }
        }
    }

    #[test]
    fn stealing_never_uses_more_than_k_threads() {
        let pool = pool(4);
        let clock = SystemClock::default();
        let w = work(WorkloadKind::Mandelbrot, 120);
        for k in 1..=4 {
            let r = run(&pool, &clock, &w, RunSpec { chunk: 1, ..spec(Model::Threads, Schedule::Steal, k) }).unwrap();
            assert!(r.threads_used as usize <= k && r.threads_used >= 1, "k={k} used {}", r.threads_used);
            assert_eq!(r.chunks_total, 120);
        }
    }

    #[test]
    fn the_answer_never_depends_on_model_schedule_or_k() {
        let pool = pool(3);
        let clock = SystemClock::default();
        for &kind in WorkloadKind::ALL {
            let w = work(kind, if kind == WorkloadKind::Mandelbrot { 40 } else { kind.quick_n() / 200 });
            let expected = w.run(0..w.units());
            for model in [Model::Threads, Model::Gil, Model::Sequential] {
                for schedule in [Schedule::Static, Schedule::Dynamic, Schedule::Steal] {
                    let ks: &[usize] = if model == Model::Sequential { &[1] } else { &[1, 2, 3] };
                    for &k in ks {
                        let r = run(&pool, &clock, &w, spec(model, schedule, k)).unwrap();
                        assert_eq!(r.tally, expected, "{kind:?} {model:?} {schedule:?} k={k}");
                        assert!(w.answer(r.tally, w.reference()).verified);
                    }
                }
            }
        }
    }

    #[test]
    fn a_processes_run_from_its_plan_gives_the_same_answer() {
        // What the processes model does by message: plan, run each chunk alone, merge.
        for &kind in WorkloadKind::ALL {
            let w = work(kind, if kind == WorkloadKind::Mandelbrot { 40 } else { kind.quick_n() / 200 });
            let expected = w.run(0..w.units());
            for schedule in [Schedule::Static, Schedule::Dynamic] {
                for k in 1..=3u64 {
                    let chunks = crate::schedule::plan(schedule, w.units(), k, 7)
                        .into_iter()
                        .enumerate()
                        .map(|(i, r)| (w.run(r.clone()), ChunkRecord { worker: (i as u64 % k) as u32, first: r.start, end: r.end, start_ms: 0.0, end_ms: 0.0 }))
                        .collect();
                    let record = RunRecord::from_chunks(1.0, chunks);
                    assert_eq!(record.tally, expected, "{kind:?} {schedule:?} k={k}");
                    assert_eq!(record.threads_used as u64, k);
                }
            }
        }
    }

    #[test]
    fn chunks_are_recorded_in_time_order_and_capped() {
        let pool = pool(2);
        let clock = SystemClock::default();
        let w = work(WorkloadKind::Primes, 50_000);
        let r = run(&pool, &clock, &w, RunSpec { chunk: 10, ..spec(Model::Threads, Schedule::Dynamic, 2) }).unwrap();
        assert_eq!(r.chunks_total, 5_000);
        assert_eq!(r.chunks.len() as u64, MAX_RECORDED_CHUNKS);
        assert!(r.chunks.windows(2).all(|p| p[0].start_ms <= p[1].start_ms));
        assert!(r.chunks.iter().all(|c| c.start_ms <= c.end_ms && c.end_ms <= r.elapsed_ms));
    }

    #[test]
    fn gil_runs_one_chunk_at_a_time() {
        let pool = pool(2);
        let clock = SystemClock::default();
        let w = work(WorkloadKind::Primes, 300_000);
        let r = run(&pool, &clock, &w, RunSpec { chunk: 5_000, ..spec(Model::Gil, Schedule::Dynamic, 2) }).unwrap();
        let mut spans: Vec<(f64, f64)> = r.chunks.iter().map(|c| (c.start_ms, c.end_ms)).collect();
        spans.sort_by(|a, b| a.0.total_cmp(&b.0));
        assert!(spans.windows(2).all(|p| p[0].1 <= p[1].0), "chunks overlapped under the GIL");
        assert_eq!(r.threads_used, 2, "the fair lock lets both threads take turns");
    }

    #[test]
    fn records_from_messages_match_the_engine_s_rules() {
        let chunk = |worker, first, start_ms| {
            (Tally { value: first, checks: 1, coverage: 0 }, ChunkRecord { worker, first, end: first + 1, start_ms, end_ms: start_ms + 1.0 })
        };
        let many: Vec<_> = (0..MAX_RECORDED_CHUNKS + 5).rev().map(|i| chunk((i % 3) as u32, i, i as f64)).collect();
        let r = RunRecord::from_chunks(9.0, many);
        assert_eq!(r.threads_used, 3);
        assert_eq!(r.chunks_total, MAX_RECORDED_CHUNKS + 5);
        assert_eq!(r.chunks.len() as u64, MAX_RECORDED_CHUNKS);
        assert_eq!(r.chunks[0].first, 0, "the first to start are kept, in start order");
        assert_eq!(r.tally.checks, MAX_RECORDED_CHUNKS + 5);
    }

    #[test]
    fn impossible_runs_are_errors() {
        let pool = pool(2);
        let clock = SystemClock::default();
        let w = work(WorkloadKind::Factor, 10);
        assert!(run(&pool, &clock, &w, spec(Model::Threads, Schedule::Static, 3)).is_err());
        assert!(run(&pool, &clock, &w, spec(Model::Processes, Schedule::Static, 1)).is_err());
        assert!(run(&pool, &clock, &Workload { n: 1, ..w }, spec(Model::Threads, Schedule::Static, 2)).is_err());
    }
}
