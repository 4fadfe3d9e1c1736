//! The threads and gil models: k threads of the pool woken and gathered at
//! the start line, then the chunks under the static, dynamic or steal
//! schedule. Compiled natively and in the threads build only: the plain
//! wasm build has no threads, and links no rayon.

use super::sync::lock;
use super::{finish, Local, Pool, RunContext, RunRecord, RunSpec};
use crate::config::Schedule;
use crate::engine::Clock;
use crate::schedule::{chunk_count, chunk_range, static_block};
use rayon::prelude::*;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex};

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

pub(super) fn run_on_pool<P: Pool, C: Clock>(pool: &P, ctx: &RunContext<'_, C>, spec: RunSpec) -> RunRecord {
    let units = ctx.workload.units();
    let k = spec.workers;
    let clock = ctx.clock;
    // Dispatch: from here until the k threads are at the start line.
    let asked_ms = clock.now_ms();
    let parked = ParkedThreads::park(pool, pool.threads() - k);
    let total = match spec.schedule {
        Schedule::Static | Schedule::Dynamic => {
            let next_chunk = AtomicU64::new(k as u64);
            let results = Mutex::new(Local::default());
            pool.install(|| {
                rayon::scope(|s| {
                    for i in 0..k as u64 {
                        let (next_chunk, results) = (&next_chunk, &results);
                        s.spawn(move |_| {
                            ctx.start.arrive_and_wait(clock);
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
                            ctx.leave_gil(worker);
                            let mut all = lock(results);
                            *all = std::mem::take(&mut *all).merge(local);
                        });
                    }
                })
            });
            results.into_inner().unwrap_or_else(|e| e.into_inner())
        }
        Schedule::Steal => pool.install(|| {
            // k − 1 helpers wake their threads and gather with this one at the
            // start line; then they return to the pool, awake, to steal.
            rayon::scope(|s| {
                for _ in 1..k {
                    s.spawn(move |_| {
                        ctx.start.arrive_and_wait(clock);
                    });
                }
                ctx.start.arrive_and_wait(clock);
                (0..chunk_count(units, spec.chunk))
                    .into_par_iter()
                    .fold(Local::default, |mut local, c| {
                        if let Some(range) = chunk_range(units, spec.chunk, c) {
                            ctx.run_chunk(current_worker(), range, &mut local);
                        }
                        local
                    })
                    .reduce(Local::default, Local::merge)
            })
        }),
    };
    drop(parked);
    let mut record = finish(ctx.finish.latest_ms(), total, ctx.chunks_seen.load(Ordering::Relaxed), ctx.thread_mask.load(Ordering::Relaxed).count_ones());
    record.dispatch_ms = ctx.start.gathered_ms() - asked_ms;
    record
}
