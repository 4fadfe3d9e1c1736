//! Starting rayon's global pool on the coordinator's own Workers, started
//! before its build is loaded (threads build only).
//!
//! This is wasm-bindgen-rayon's hand-off (1.3, Apache-2.0, Google): every
//! pool Worker instantiates this build on the coordinator's shared memory
//! and blocks on one queue; `build` then makes rayon's global pool, whose
//! spawn handler puts each thread's `ThreadBuilder` on the queue for a Worker
//! to run. What differs is when the Workers start. wasm-bindgen-rayon (the
//! design's choice until 2026-11-23) starts them in `initThreadPool`, after
//! the coordinator has loaded its build, and each then fetches its helper
//! and loads the glue: in Chromium on a 2-core VM the pool was ready
//! 100–180 ms after the build. Its JS cannot be handed Workers started
//! earlier, so this module replaces it: the coordinator starts the pool's
//! Workers (`www/pool-thread.js`) as soon as a pool is asked for, they load
//! the glue while the coordinator loads its own, and the pool is ready
//! 5–75 ms after the build (page start → pool ready, medians: Chromium
//! 443 → 352 ms, Firefox 528 → 422; BENCHMARKS.md, 2026-11-23 afternoon).
//!
//! The queue is a vector behind a mutex with a condition variable: a
//! Worker waits until a builder is there and takes it.

use rayon::{ThreadBuilder, ThreadPoolBuilder};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Condvar, Mutex};
use wasm_bindgen::prelude::*;

/// Where the pool's Workers wait for their thread. Leaked: a Worker may
/// reach it after the coordinator's `PoolStart` is gone, and a pool lives
/// as long as its memory.
#[derive(Default)]
struct Queue {
    threads: Mutex<Vec<ThreadBuilder>>,
    arrived: Condvar,
    /// Workers that have reached the queue: the pool is ready when all have.
    /// Counted in the shared memory, not said by message: a Worker that
    /// posts a message and then blocks may never have it sent (Chromium
    /// bug 1075645, as wasm-bindgen-rayon notes).
    waiting: AtomicU32,
}

/// One start of the global pool: its `threads` Workers wait at
/// [`PoolStart::queue`] (through `runPoolThread`) — [`PoolStart::waiting`]
/// counts them — and [`PoolStart::build`] hands each a thread.
#[wasm_bindgen]
pub struct PoolStart {
    threads: usize,
    queue: &'static Queue,
}

#[wasm_bindgen]
impl PoolStart {
    #[wasm_bindgen(constructor)]
    pub fn new(threads: usize) -> PoolStart {
        PoolStart { threads, queue: Box::leak(Box::default()) }
    }

    /// The address each pool Worker gives `runPoolThread` (the memory is shared).
    #[wasm_bindgen(getter)]
    pub fn queue(&self) -> u32 {
        self.queue as *const Queue as u32
    }

    /// How many pool Workers wait at the queue (the coordinator polls it).
    #[wasm_bindgen(getter)]
    pub fn waiting(&self) -> u32 {
        self.queue.waiting.load(Ordering::Acquire)
    }

    /// This instance's module and memory: what a pool Worker instantiates.
    #[wasm_bindgen(getter)]
    pub fn module(&self) -> JsValue {
        wasm_bindgen::module()
    }

    #[wasm_bindgen(getter)]
    pub fn memory(&self) -> JsValue {
        wasm_bindgen::memory()
    }

    /// Makes rayon's global pool; its threads run in the waiting Workers.
    pub fn build(&self) -> Result<(), JsError> {
        let queue = self.queue;
        ThreadPoolBuilder::new()
            .num_threads(self.threads)
            .spawn_handler(move |thread| {
                queue.threads.lock().unwrap_or_else(|e| e.into_inner()).push(thread);
                queue.arrived.notify_one();
                Ok(())
            })
            .build_global()
            .map_err(|e| JsError::new(&format!("the thread pool could not start: {e}")))
    }
}

/// Runs in a pool Worker: waits for a thread of the pool and runs it (for
/// as long as the pool lives). `queue` is a [`PoolStart::queue`].
#[wasm_bindgen(js_name = runPoolThread)]
pub fn run_pool_thread(queue: u32) {
    // Safety: `queue` came from `PoolStart::queue` in this shared memory,
    // and queues are leaked, so it is valid for good. A stranger cannot
    // reach this export: only the page's own scripts load the build.
    let queue = unsafe { &*(queue as *const Queue) };
    queue.waiting.fetch_add(1, Ordering::Release);
    let mut threads = queue.threads.lock().unwrap_or_else(|e| e.into_inner());
    let thread = loop {
        match threads.pop() {
            Some(thread) => break thread,
            None => threads = queue.arrived.wait(threads).unwrap_or_else(|e| e.into_inner()),
        }
    };
    drop(threads);
    thread.run();
}
