//! What the engine runs on and times with, passed in by the caller so the
//! same code runs natively and in the browser: a [`Pool`] (rayon's global
//! pool — the page's pool Workers — or a local one) and a [`Clock`]
//! (`performance` in the browser, `Instant` natively).

/// A monotonic clock in milliseconds, the same origin on every thread,
/// and a way to block the calling thread for a while without using a core
/// (the `wait` workload's stand-in for I/O).
pub trait Clock: Sync {
    fn now_ms(&self) -> f64;
    /// Whether [`Clock::block_ms`] can block here (a wasm build without
    /// shared memory cannot block a thread at all).
    fn can_block(&self) -> bool;
    /// Blocks the calling thread for `ms` (an atomic wait with a time-out
    /// in wasm, a sleep natively): the thread uses no core meanwhile.
    fn block_ms(&self, ms: f64);
    /// Spins — awake, on its core — until the clock reads `until_ms`: how a
    /// start line settles and a process waits for its starting gun.
    fn spin_until(&self, until_ms: f64) {
        while self.now_ms() < until_ms {
            std::hint::spin_loop();
        }
    }
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

/// rayon's global pool (in the browser: the page's pool Workers, `web::pool_start`).
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
    fn can_block(&self) -> bool {
        true
    }
    fn block_ms(&self, ms: f64) {
        std::thread::sleep(std::time::Duration::from_secs_f64(ms.max(0.0) / 1e3));
    }
}
