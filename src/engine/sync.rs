//! The hand-made synchronisation of a run: the start line where the k
//! threads gather before the clock starts, the finish line where it stops,
//! and the fair lock of the gil model. (Parking the P − k pool threads a run must not use is in
//! `pooled.rs`, with the rest of the pool's side.)

use super::Clock;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard};

pub(super) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic in a task aborts the wasm build; natively, keep going with the data.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// How long the k threads spin together at the start line, all gathered,
/// before the clock starts. A core that has just woken is not yet a core
/// the run can count on: on the 2-vCPU VM, natively, π at k = 2 (9 ms) had
/// one thread begin exactly 4.0 ms late (the host's scheduler tick) in 12
/// to 17 of 30 runs with no settling, 11 with 2 ms, 0 or 1 with 4 or 5 ms;
/// the browsers showed the same. On a phone it also lets a core leave its
/// idle state and raise its clock before it is timed. Outside the time,
/// and not in `dispatch_ms` either.
pub(super) const SETTLE_MS: f64 = 5.0;

/// The k tasks of a run gather here before the clock starts: the last to
/// arrive notes when (the end of the dispatch), spins [`SETTLE_MS`] with the
/// others, then reads the clock (the run's start) and releases them. They
/// spin — awake, not asleep — so every worker starts at once, and waking
/// sleeping pool threads is measured apart (`dispatch_ms`), never as work.
pub(super) struct StartLine {
    arrived: AtomicUsize,
    released: AtomicBool,
    gathered_bits: AtomicU64,
    start_bits: AtomicU64,
    expected: usize,
}

impl StartLine {
    pub(super) fn new(expected: usize) -> Self {
        StartLine { arrived: AtomicUsize::new(0), released: AtomicBool::new(false), gathered_bits: AtomicU64::new(0), start_bits: AtomicU64::new(0), expected }
    }

    /// Waits for all k and the settling; returns the run's start time.
    pub(super) fn arrive_and_wait<C: Clock>(&self, clock: &C) -> f64 {
        if self.arrived.fetch_add(1, Ordering::AcqRel) + 1 == self.expected {
            let gathered = clock.now_ms();
            self.gathered_bits.store(gathered.to_bits(), Ordering::Relaxed);
            clock.spin_until(gathered + SETTLE_MS);
            self.start_bits.store(clock.now_ms().to_bits(), Ordering::Relaxed);
            self.released.store(true, Ordering::Release);
        } else {
            while !self.released.load(Ordering::Acquire) {
                std::hint::spin_loop();
            }
        }
        self.start_ms()
    }

    /// The start time (valid once released).
    pub(super) fn start_ms(&self) -> f64 {
        f64::from_bits(self.start_bits.load(Ordering::Relaxed))
    }

    /// When the last of the k arrived: the end of the dispatch (valid once
    /// released). Read by the pooled models only, which the plain build lacks.
    #[cfg(any(not(target_arch = "wasm32"), feature = "threads"))]
    pub(super) fn gathered_ms(&self) -> f64 {
        f64::from_bits(self.gathered_bits.load(Ordering::Relaxed))
    }
}

/// Where a run's clock stops: the latest end of any of its chunks, relative
/// to the start. Merging the threads' records, the pool's join and waking
/// the thread that asked for the run come after it, and are not the work.
#[derive(Default)]
pub(super) struct FinishLine {
    /// The latest end's bits: non-negative doubles order as their bits do,
    /// so `fetch_max` on the bits keeps the latest.
    latest_bits: AtomicU64,
}

impl FinishLine {
    /// A chunk ended `end_ms` (≥ 0) after the start.
    pub(super) fn cross(&self, end_ms: f64) {
        debug_assert!(end_ms >= 0.0);
        self.latest_bits.fetch_max(end_ms.to_bits(), Ordering::Relaxed);
    }

    /// The latest end (valid once every chunk has ended: after the join).
    pub(super) fn latest_ms(&self) -> f64 {
        f64::from_bits(self.latest_bits.load(Ordering::Relaxed))
    }
}

/// CPython's switch interval (`sys.getswitchinterval()`, 5 ms): how long a
/// thread may keep the gil across its chunks while another waits.
pub(super) const SWITCH_INTERVAL_MS: f64 = 5.0;

/// The global lock of the gil model, handed over as CPython hands over its
/// GIL: a thread keeps it across its chunks for its turn, the switch
/// interval, and lets go when that is over and another thread waits (or
/// when it has no more chunks); a thread that lets go cannot take it
/// straight back while another waits, and among the waiters whichever runs
/// first takes it.
///
/// A hand-off at every chunk (as before) made the figure our lock's: each
/// one waits for the browser to wake a sleeping thread (tens of µs for an
/// `Atomics.notify`), and π n = 1e7 under the gil at k = 2 took 2.5–3× its
/// k = 1 time in both browsers, where CPython's two threads take about what
/// one does. A strict first-come queue (before that) was worse with more
/// workers than cores: it handed the lock to a thread the OS was not running
/// (k = 3, 4: 10–14 ms against 6.5–7.6; BENCHMARKS.md, 2026-12-06).
#[derive(Default)]
pub(super) struct FairLock {
    state: Mutex<LockState>,
    released: Condvar,
}

#[derive(Default)]
struct LockState {
    held: bool,
    /// The worker keeping it between two of its chunks, its turn going on.
    kept_by: Option<u32>,
    /// Threads in `lock`, not yet holding it.
    waiting: usize,
    /// The worker that held it last.
    last: Option<u32>,
    /// When the holder's turn began.
    turn_start_ms: f64,
}

pub(super) struct FairGuard<'a>(&'a FairLock);

impl FairLock {
    pub(super) fn lock<C: Clock>(&self, worker: u32, clock: &C) -> FairGuard<'_> {
        let mut s = lock(&self.state);
        if s.kept_by == Some(worker) {
            // Its turn goes on.
            s.kept_by = None;
            return FairGuard(self);
        }
        s.waiting += 1;
        // Another waiter exists whenever `waiting > 1`, and it is not the last holder.
        while s.held || (s.last == Some(worker) && s.waiting > 1) {
            s = self.released.wait(s).unwrap_or_else(|e| e.into_inner());
        }
        s.waiting -= 1;
        s.held = true;
        s.last = Some(worker);
        s.turn_start_ms = clock.now_ms();
        FairGuard(self)
    }

    /// `worker` has no more chunks: a lock it kept for its next one goes.
    pub(super) fn leave(&self, worker: u32) {
        let mut s = lock(&self.state);
        if s.kept_by == Some(worker) {
            s.kept_by = None;
            s.held = false;
            drop(s);
            self.released.notify_all();
        }
    }
}

impl FairGuard<'_> {
    /// The end of one of `worker`'s chunks: it keeps the lock for its next
    /// chunk unless its turn has lasted the switch interval and another
    /// thread waits. (Whoever ends a chunk this way calls [`FairLock::leave`]
    /// when it has no more.)
    pub(super) fn end_chunk<C: Clock>(self, worker: u32, clock: &C) {
        let mut s = lock(&self.0.state);
        let turn_over = s.waiting > 0 && clock.now_ms() - s.turn_start_ms >= SWITCH_INTERVAL_MS;
        if turn_over {
            drop(s);
            drop(self);
            return;
        }
        s.kept_by = Some(worker);
        drop(s);
        // Still held: not let go.
        std::mem::forget(self);
    }
}

impl Drop for FairGuard<'_> {
    fn drop(&mut self) {
        lock(&self.0.state).held = false;
        // All: the one woken must not be the thread that just let go.
        self.0.released.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::SystemClock;

    #[test]
    fn the_clock_starts_a_settling_after_the_last_arrives_and_releases_everyone() {
        let clock = SystemClock::default();
        let line = StartLine::new(3);
        let starts: Vec<f64> = std::thread::scope(|s| {
            let waiting: Vec<_> = (0..3).map(|_| s.spawn(|| line.arrive_and_wait(&clock))).collect();
            waiting.into_iter().map(|t| t.join().unwrap()).collect()
        });
        assert!(starts.iter().all(|&t| t == line.start_ms()), "one start for all: {starts:?}");
        assert!(line.start_ms() - line.gathered_ms() >= SETTLE_MS, "settled {} ms", line.start_ms() - line.gathered_ms());
    }

    #[test]
    fn the_finish_line_keeps_the_latest_end_whatever_the_order() {
        let line = FinishLine::default();
        assert_eq!(line.latest_ms(), 0.0);
        std::thread::scope(|s| {
            for end in [3.25, 0.0, 17.5, 1e-9, 9.0] {
                let line = &line;
                s.spawn(move || line.cross(end));
            }
        });
        assert_eq!(line.latest_ms(), 17.5);
    }

    #[test]
    fn a_thread_that_lets_the_gil_go_waits_for_one_already_waiting() {
        let gil = FairLock::default();
        let order = Mutex::new(Vec::new());
        std::thread::scope(|s| {
            let clock = SystemClock::default();
            let held = gil.lock(0, &clock);
            s.spawn(|| {
                let _turn = gil.lock(1, &SystemClock::default());
                order.lock().unwrap().push(1);
            });
            while lock(&gil.state).waiting == 0 {
                std::thread::yield_now();
            }
            drop(held);
            let _again = gil.lock(0, &clock);
            order.lock().unwrap().push(0);
        });
        assert_eq!(order.into_inner().unwrap(), [1, 0]);
    }

    #[test]
    fn a_turn_keeps_the_gil_across_chunks_until_the_switch_interval_or_the_last_chunk() {
        let gil = FairLock::default();
        let clock = SystemClock::default();
        let order = Mutex::new(Vec::new());
        std::thread::scope(|s| {
            gil.lock(0, &clock).end_chunk(0, &clock);
            s.spawn(|| {
                let _turn = gil.lock(1, &SystemClock::default());
                order.lock().unwrap().push(1);
            });
            while lock(&gil.state).waiting == 0 {
                std::thread::yield_now();
            }
            // Within its turn, worker 0 goes on though worker 1 waits.
            gil.lock(0, &clock).end_chunk(0, &clock);
            order.lock().unwrap().push(0);
            // The turn over: the next chunk's end lets go, and worker 1 takes it.
            let guard = gil.lock(0, &clock);
            clock.spin_until(lock(&gil.state).turn_start_ms + SWITCH_INTERVAL_MS);
            guard.end_chunk(0, &clock);
            while order.lock().unwrap().len() < 2 {
                std::thread::yield_now();
            }
            order.lock().unwrap().push(0);
            gil.leave(0);
        });
        assert_eq!(order.into_inner().unwrap(), [0, 1, 0]);
        assert!(!lock(&gil.state).held, "left, nothing kept");
    }
}
