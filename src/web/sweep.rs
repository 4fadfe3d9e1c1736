//! The sweep as the coordinator steps through it: `Sweep` wraps Rust's
//! [`crate::sweep::Sweep`] — what to run next, each run made and recorded,
//! each point summarised — and hands out a `ProcessRun` per processes run.
//! A run's record never leaves Rust; a point leaves as a message
//! ([`crate::wire`]) for the page.

use super::processes::ProcessRun;
use super::{inputs_for, read_config, PerformanceClock, STOP};
use crate::config::Model;
use crate::engine::RunRecord;
use crate::handout::{sends_input, Handout};
use crate::sweep::Step;
use wasm_bindgen::prelude::*;

/// One sweep of a configuration, its reference computed once (untimed).
#[wasm_bindgen(js_name = Sweep)]
pub struct SweepDriver {
    sweep: crate::sweep::Sweep,
    step: Option<Step>,
}

#[wasm_bindgen(js_class = Sweep)]
impl SweepDriver {
    /// `config`: the page's message ([`crate::wire`]); `seed` shuffles the rounds.
    #[wasm_bindgen(constructor)]
    pub fn new(config: &[u8], seed: u32) -> Result<SweepDriver, JsError> {
        let config = read_config(config)?;
        let reference = config.workload().reference();
        Ok(SweepDriver { sweep: crate::sweep::Sweep::new(config, reference, u64::from(seed)), step: None })
    }

    /// Points in the whole sweep, the warm-up round included (a point's
    /// warm-up counts as one, however many runs it takes).
    #[wasm_bindgen(getter)]
    pub fn total(&self) -> u32 {
        self.sweep.total()
    }

    /// Of those, the ones done before the current run.
    #[wasm_bindgen(getter)]
    pub fn done(&self) -> u32 {
        self.step.map_or(self.sweep.total(), |s| s.done)
    }

    /// Whether any point runs under the processes model (a team is needed).
    #[wasm_bindgen(getter, js_name = usesProcesses)]
    pub fn uses_processes(&self) -> bool {
        self.sweep.config().models.contains(&Model::Processes)
    }

    /// Whether any point runs on the pool (threads or gil).
    #[wasm_bindgen(getter, js_name = usesPool)]
    pub fn uses_pool(&self) -> bool {
        self.sweep.config().models.iter().any(|m| m.needs_shared_memory())
    }

    /// The size of the team of process Workers the runs use: the largest k.
    #[wasm_bindgen(getter, js_name = teamSize)]
    pub fn team_size(&self) -> u32 {
        self.sweep.config().workers.iter().copied().max().unwrap_or(1)
    }

    /// The side of the Mandelbrot picture to show afterwards (`mandelbrot` only).
    #[wasm_bindgen(getter, js_name = pictureSide)]
    pub fn picture_side(&self) -> Option<u32> {
        let config = self.sweep.config();
        (config.workload == crate::kernels::WorkloadKind::Mandelbrot).then(|| config.n.min(512) as u32)
    }

    /// How long to wait before the sweep's first run, `age_ms` after the
    /// coordinator started ([`crate::warm_up::hold_ms`]).
    #[wasm_bindgen(js_name = holdMs)]
    pub fn hold_ms(&self, age_ms: f64) -> f64 {
        crate::warm_up::hold_ms(age_ms)
    }

    /// Moves to the next run; false when the sweep is over.
    pub fn next(&mut self) -> bool {
        self.step = self.sweep.next_step();
        self.step.is_some()
    }

    /// The current run's round: 0 is the warm-up, then 1 … `rounds`.
    #[wasm_bindgen(getter)]
    pub fn round(&self) -> u32 {
        self.step.map_or(0, |s| s.round)
    }

    #[wasm_bindgen(getter)]
    pub fn rounds(&self) -> u32 {
        self.step.map_or(0, |s| s.rounds)
    }

    /// The current run's worker count.
    #[wasm_bindgen(getter)]
    pub fn workers(&self) -> u32 {
        self.step.map_or(0, |s| s.cell.workers)
    }

    /// Whether the current run is a processes run (else it runs here).
    #[wasm_bindgen(getter, js_name = isProcesses)]
    pub fn is_processes(&self) -> bool {
        self.step.is_some_and(|s| s.cell.model == Model::Processes)
    }

    /// The current point's worker count, model and chunk size, for the
    /// progress line (the page words them: `Page::pointLabel`).
    #[wasm_bindgen(getter, js_name = cellWorkers)]
    pub fn cell_workers(&self) -> u32 {
        self.step.map_or(0, |s| s.cell.workers)
    }

    #[wasm_bindgen(getter, js_name = cellModel)]
    pub fn cell_model(&self) -> String {
        self.step.map(|s| s.cell.model.name().to_string()).unwrap_or_default()
    }

    #[wasm_bindgen(getter, js_name = cellChunk)]
    pub fn cell_chunk(&self) -> f64 {
        self.step.map_or(0.0, |s| s.cell.chunk as f64)
    }

    /// The worker counts whose fresh teams of process Workers are started
    /// and timed, in this order (several samples of each, shuffled).
    #[wasm_bindgen(getter, js_name = startupOrder)]
    pub fn startup_order(&self) -> Vec<u32> {
        self.sweep.startup_order()
    }

    /// One sample of the start-up of `workers` fresh process Workers (ms), timed apart.
    #[wasm_bindgen(js_name = addStartup)]
    pub fn add_startup(&mut self, workers: u32, ms: f64) {
        self.sweep.add_startup(workers, ms);
    }

    /// Makes the current run here — on `workers` threads of the pool
    /// (threads and gil models; the engine refuses them in the plain build)
    /// or on this thread
    /// (sequential) — and records it: after the warm-up, its point with
    /// every repeat so far, as the page's message.
    #[wasm_bindgen(js_name = runHere)]
    pub fn run_here(&mut self) -> Result<Option<Vec<u8>>, JsError> {
        use crate::engine::{run_cancellable, GlobalPool, RunSpec};
        let cell = self.step.ok_or_else(|| JsError::new("no run was asked for"))?.cell;
        if cell.model == Model::Processes {
            return Err(JsError::new("a processes run is made by process Workers, not here"));
        }
        let config = self.sweep.config();
        let spec = RunSpec { model: cell.model, schedule: config.schedule, chunk: cell.chunk, workers: cell.workers as usize, wait_ms: config.wait_ms.unwrap_or(0) };
        let workload = config.workload();
        let inputs = inputs_for(&workload);
        let record = run_cancellable(&GlobalPool, &PerformanceClock, &workload, &inputs, spec, &STOP).map_err(|e| JsError::new(&e.0))?;
        self.record(record)
    }

    /// The chunk hand-out of the current run (a processes run).
    #[wasm_bindgen(js_name = processRun)]
    pub fn process_run(&self) -> Result<ProcessRun, JsError> {
        let cell = self.step.filter(|s| s.cell.model == Model::Processes).ok_or_else(|| JsError::new("the current run is not a processes run"))?.cell;
        let config = self.sweep.config();
        Ok(ProcessRun::new(Handout::new(config, cell), sends_input(config.workload)))
    }

    /// Records a processes run once its Workers have answered: `start_ms`
    /// (absolute) and `elapsed_ms` as the coordinator timed it. Returns what
    /// [`SweepDriver::run_here`] returns.
    #[wasm_bindgen(js_name = recordProcesses)]
    pub fn record_processes(&mut self, run: &mut ProcessRun, start_ms: f64, elapsed_ms: f64) -> Result<Option<Vec<u8>>, JsError> {
        let record = run.finish(start_ms, elapsed_ms)?;
        self.record(record)
    }

    fn record(&mut self, run: RunRecord) -> Result<Option<Vec<u8>>, JsError> {
        let point = self.sweep.record(run).map_err(|e| JsError::new(&e))?;
        Ok(point.map(|point| crate::wire::encode(&point)))
    }
}
