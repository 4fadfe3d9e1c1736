//! The browser's clock: `performance.timeOrigin + performance.now()`, so
//! times taken on different Workers (each with its own `now()` origin) can
//! be compared on one timeline; and blocking a thread, where it can.

use crate::engine::Clock;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    type Performance;

    #[wasm_bindgen(thread_local_v2, js_name = performance)]
    static PERFORMANCE: Performance;

    #[wasm_bindgen(method)]
    fn now(this: &Performance) -> f64;

    #[wasm_bindgen(method, getter, js_name = timeOrigin)]
    fn time_origin(this: &Performance) -> f64;
}

/// `performance` on whichever thread calls it (main thread or Worker).
pub struct PerformanceClock;

impl Clock for PerformanceClock {
    fn now_ms(&self) -> f64 {
        PERFORMANCE.with(|p| p.time_origin() + p.now())
    }

    /// The threads build blocks with std's sleep: `memory.atomic.wait32` with
    /// a time-out on the shared memory, which Workers may do. The plain build
    /// has no shared memory, and a thread without it cannot block.
    fn can_block(&self) -> bool {
        cfg!(feature = "threads")
    }

    fn block_ms(&self, ms: f64) {
        if self.can_block() {
            std::thread::sleep(std::time::Duration::from_secs_f64(ms.max(0.0) / 1e3));
        }
    }
}
