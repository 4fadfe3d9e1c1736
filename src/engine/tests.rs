//! The engine natively: k distinct threads, answers independent of k,
//! model and schedule, records, the gil, and the start line.
use super::*;
use crate::kernels::WorkloadKind;

fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap()
}

fn spec(model: Model, schedule: Schedule, workers: usize) -> RunSpec {
    RunSpec { model, schedule, chunk: 7, workers, wait_ms: 0 }
}

fn work(kind: WorkloadKind, n: u64) -> Workload {
    Workload { kind, n, seed: 5 }
}

/// A size of every workload that runs in milliseconds and still has a few chunks of 7 units.
fn small(kind: WorkloadKind) -> Workload {
    let n = match kind {
        WorkloadKind::Mandelbrot => 40,
        WorkloadKind::Wait => 24,
        WorkloadKind::Copy => 2,
        WorkloadKind::Triad => crate::kernels::triad::ELEMENTS_PER_UNIT * 20 + 3,
        _ => kind.quick_n() / 200,
    };
    work(kind, n)
}

/// `spec` for `w`: a wait workload waits 1 ms per request.
fn spec_for(w: &Workload, model: Model, schedule: Schedule, workers: usize) -> RunSpec {
    RunSpec { wait_ms: u32::from(w.kind.waits()), ..spec(model, schedule, workers) }
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
        let w = small(kind);
        let expected = w.run_with(0..w.units(), &Inputs::prepare(&w));
        for model in [Model::Threads, Model::Gil, Model::Sequential] {
            for schedule in [Schedule::Static, Schedule::Dynamic, Schedule::Steal] {
                let ks: &[usize] = if model == Model::Sequential { &[1] } else { &[1, 2, 3] };
                for &k in ks {
                    let r = run(&pool, &clock, &w, spec_for(&w, model, schedule, k)).unwrap();
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
        let w = small(kind);
        let inputs = Inputs::prepare(&w);
        let expected = w.run_with(0..w.units(), &inputs);
        for schedule in [Schedule::Static, Schedule::Dynamic] {
            for k in 1..=3u64 {
                let chunks = crate::schedule::plan(schedule, w.units(), k, 7)
                    .into_iter()
                    .enumerate()
                    .map(|(i, r)| (w.run_with(r.clone(), &inputs), ChunkRecord { worker: (i as u64 % k) as u32, first: r.start, end: r.end, start_ms: 0.0, end_ms: 0.0 }))
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
fn the_clock_stops_when_the_last_chunk_ends() {
    // Not after the records are merged, the pool has joined and the caller
    // woke: with every chunk recorded, the time is the latest chunk's end.
    let pool = pool(3);
    let clock = SystemClock::default();
    let w = work(WorkloadKind::Primes, 20_000);
    for model in [Model::Sequential, Model::Threads, Model::Gil] {
        for schedule in [Schedule::Static, Schedule::Dynamic, Schedule::Steal] {
            for k in 1..=3 {
                let r = run(&pool, &clock, &w, RunSpec { chunk: 1_000, ..spec(model, schedule, k) }).unwrap();
                assert!(r.chunks_total <= MAX_RECORDED_CHUNKS && r.chunks.len() as u64 == r.chunks_total);
                let last_end = r.chunks.iter().map(|c| c.end_ms).fold(0.0, f64::max);
                assert_eq!(r.elapsed_ms, last_end, "{model:?} {schedule:?} k={k}");
            }
        }
    }
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
    let chunk = |worker, first, start_ms| (Tally { value: first, checks: 1, coverage: 0 }, ChunkRecord { worker, first, end: first + 1, start_ms, end_ms: start_ms + 1.0 });
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

#[test]
fn the_clock_starts_when_all_k_threads_are_at_the_line() {
    let pool = pool(4);
    let clock = SystemClock::default();
    let w = work(WorkloadKind::Primes, 60_000);
    for schedule in [Schedule::Static, Schedule::Dynamic, Schedule::Steal] {
        for k in [1, 2, 4] {
            let r = run(&pool, &clock, &w, spec(Model::Threads, schedule, k)).unwrap();
            assert!(r.dispatch_ms >= 0.0 && r.dispatch_ms.is_finite(), "{schedule:?} k={k}: dispatch {}", r.dispatch_ms);
            // No chunk can start before the clock: the start line is passed first.
            assert!(r.chunks.iter().all(|c| c.start_ms >= 0.0), "{schedule:?} k={k}");
        }
    }
    let seq = run(&pool, &clock, &w, spec(Model::Sequential, Schedule::Dynamic, 1)).unwrap();
    assert_eq!(seq.dispatch_ms, 0.0, "nothing to wake for the sequential model");
}

#[test]
fn a_stopped_run_skips_its_chunks_and_reports_it() {
    let pool = pool(2);
    let clock = SystemClock::default();
    let w = work(WorkloadKind::Primes, 60_000);
    let stopped = AtomicU32::new(1);
    for schedule in [Schedule::Dynamic, Schedule::Steal] {
        let e = run_cancellable(&pool, &clock, &w, &Inputs::None, spec(Model::Threads, schedule, 2), &stopped).unwrap_err();
        assert!(e.0.contains("stopped"), "{schedule:?}: {e}");
    }
    let going = AtomicU32::new(0);
    assert!(run_cancellable(&pool, &clock, &w, &Inputs::None, spec(Model::Threads, Schedule::Dynamic, 2), &going).is_ok());
}

#[test]
fn stop_reaches_inside_a_static_block() {
    // Two static blocks of π, each ~10¹² samples: hours of work. A Stop
    // 30 ms in must end the run; if the kernels only looked between chunks,
    // this test would never finish.
    let pool = pool(2);
    let clock = SystemClock::default();
    let w = work(WorkloadKind::Pi, 2_000_000_000_000);
    let stop = AtomicU32::new(0);
    let outcome = std::thread::scope(|s| {
        s.spawn(|| {
            std::thread::sleep(std::time::Duration::from_millis(30));
            stop.store(1, Ordering::Relaxed);
        });
        run_cancellable(&pool, &clock, &w, &Inputs::None, spec(Model::Threads, Schedule::Static, 2), &stop)
    });
    assert!(outcome.unwrap_err().0.contains("stopped"));
}

#[test]
fn slices_add_up_to_the_whole_chunk() {
    // The stop checks split a chunk into slices; the tally must not change.
    let clock = SystemClock::default();
    let pool = pool(1);
    for w in [work(WorkloadKind::Sum, 3_000_000), work(WorkloadKind::Mandelbrot, 300)] {
        let whole = w.run(0..w.units());
        let r = run(&pool, &clock, &w, spec(Model::Sequential, Schedule::Static, 1)).unwrap();
        assert_eq!(r.tally, whole, "{:?}", w.kind);
    }
}

#[test]
fn a_stop_is_looked_at_every_few_ms_of_mandelbrot_whatever_its_size() {
    // A row is n pixels of up to MAX_ITER iterations: at n = 8 192, 256 rows
    // between looks took 1.4 s. A slice holds at most 8 192 pixels, and a row.
    let (min, max) = WorkloadKind::Mandelbrot.n_limits();
    for n in [min, 40, 300, 1_000, 4_096, 5_000, max] {
        let slice = units_between_stop_checks(&work(WorkloadKind::Mandelbrot, n));
        assert!(slice >= 1 && slice * n <= 8_192, "n = {n}: {slice} rows");
    }
    assert_eq!(units_between_stop_checks(&work(WorkloadKind::Pi, 1 << 40)), 256);
}

#[test]
fn waiting_releases_the_gil() {
    // Under the gil, requests of different threads overlap while they wait
    // (CPython releases the GIL around blocking I/O); computing never overlaps.
    let pool = pool(3);
    let clock = SystemClock::default();
    let w = work(WorkloadKind::Wait, 12);
    let r = run(&pool, &clock, &w, RunSpec { chunk: 1, wait_ms: 20, ..spec(Model::Gil, Schedule::Dynamic, 3) }).unwrap();
    assert!(w.answer(r.tally, w.reference()).verified);
    let overlaps = r.chunks.iter().any(|a| r.chunks.iter().any(|b| a.worker != b.worker && a.start_ms < b.end_ms && b.start_ms < a.end_ms));
    assert!(overlaps, "no two requests of different threads overlapped: the lock was held while waiting");
    // 12 requests of 20 ms on 3 threads take about 80 ms, not 240 ms (generous: a busy machine).
    assert!(r.elapsed_ms < 200.0, "{} ms: the waits did not overlap", r.elapsed_ms);
}

#[test]
fn inputs_of_another_run_are_refused() {
    let pool = pool(1);
    let clock = SystemClock::default();
    let w = work(WorkloadKind::Copy, 2);
    let other = Inputs::prepare(&work(WorkloadKind::Copy, 1));
    let e = run_cancellable(&pool, &clock, &w, &other, spec(Model::Threads, Schedule::Static, 1), &AtomicU32::new(0)).unwrap_err();
    assert!(e.0.contains("do not belong"), "{e}");
}
