//! The sweep as the coordinator steps through it: `Sweep` wraps Rust's
//! [`crate::sweep::Sweep`] — what to run next, each run recorded, each
//! point summarised — and hands out a `ProcessRun` per processes run.

use super::processes::ProcessRun;
use super::{from_json, parse_cell, parse_config, to_json};
use crate::config::RunConfig;
use crate::engine::RunRecord;
use crate::sweep::Handout;
use wasm_bindgen::prelude::*;

/// One sweep of a configuration, its reference computed once (untimed).
#[wasm_bindgen(js_name = Sweep)]
pub struct SweepDriver {
    sweep: crate::sweep::Sweep,
    config: RunConfig,
}

#[wasm_bindgen(js_class = Sweep)]
impl SweepDriver {
    /// `seed` shuffles the rounds.
    #[wasm_bindgen(constructor)]
    pub fn new(config_json: &str, seed: u32) -> Result<SweepDriver, JsError> {
        let config = parse_config(config_json)?;
        let reference = config.workload().reference();
        Ok(SweepDriver { sweep: crate::sweep::Sweep::new(config.clone(), reference, u64::from(seed)), config })
    }

    /// Runs in the whole sweep, the warm-up included.
    #[wasm_bindgen(getter)]
    pub fn total(&self) -> u32 {
        self.sweep.total()
    }

    /// The next run as JSON (`{cell, round, rounds, done, total}`), or
    /// nothing when the sweep is over.
    pub fn next(&mut self) -> Result<Option<String>, JsError> {
        self.sweep.next_step().map(|step| to_json(&step)).transpose()
    }

    /// The start-up of `workers` fresh process Workers (ms), timed apart.
    #[wasm_bindgen(js_name = setStartup)]
    pub fn set_startup(&mut self, workers: u32, ms: f64) {
        self.sweep.set_startup(workers, ms);
    }

    /// Records the run of the step last returned (a run record as JSON);
    /// after the warm-up, returns its point with every repeat so far.
    pub fn record(&mut self, run_json: &str) -> Result<Option<String>, JsError> {
        let run: RunRecord = from_json("the run record", run_json)?;
        self.sweep.record(run).map_err(|e| JsError::new(&e))?.map(|point| to_json(&point)).transpose()
    }

    /// The chunk hand-out of a processes run of `cell_json`.
    #[wasm_bindgen(js_name = processRun)]
    pub fn process_run(&self, cell_json: &str) -> Result<ProcessRun, JsError> {
        let cell = parse_cell(&self.config, cell_json)?;
        Ok(ProcessRun::new(Handout::new(&self.config, cell)))
    }
}
