//! The hand-made synchronisation of a run: the start line where the k
//! threads gather before the clock starts, and the fair lock of the gil
//! model. (Parking the P − k pool threads a run must not use is in
//! `pooled.rs`, with the rest of the pool's side.)

use super::Clock;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard};

pub(super) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic in a task aborts the wasm build; natively, keep going with the data.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// The k tasks of a run gather here before the clock starts: the last to
/// arrive reads the clock (the run's start) and releases the others, who
/// spin — awake, not asleep — so every worker starts at once, and waking
/// sleeping pool threads is measured apart (`dispatch_ms`), never as work.
pub(super) struct StartLine {
    arrived: AtomicUsize,
    released: AtomicBool,
    start_bits: AtomicU64,
    expected: usize,
}

impl StartLine {
    pub(super) fn new(expected: usize) -> Self {
        StartLine { arrived: AtomicUsize::new(0), released: AtomicBool::new(false), start_bits: AtomicU64::new(0), expected }
    }

    /// Waits for all k; returns the run's start time.
    pub(super) fn arrive_and_wait<C: Clock>(&self, clock: &C) -> f64 {
        if self.arrived.fetch_add(1, Ordering::AcqRel) + 1 == self.expected {
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
}

/// The global lock of the gil model: a ticket lock, so threads take turns
/// in arrival order like Python's GIL hand-offs (std's Mutex is not fair
/// and would let one thread keep it).
#[derive(Default)]
pub(super) struct FairLock {
    tickets: Mutex<(u64, u64)>, // (next ticket, now serving)
    turn: Condvar,
}

pub(super) struct FairGuard<'a>(&'a FairLock);

impl FairLock {
    pub(super) fn lock(&self) -> FairGuard<'_> {
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
