//! The browser's clock: `performance.timeOrigin + performance.now()`, so
//! times taken on different Workers (each with its own `now()` origin) can
//! be compared on one timeline.

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
}
