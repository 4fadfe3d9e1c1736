//! The processes model's Rust half. The coordinator hands a point's chunks
//! out through a `ProcessRun` (which also folds the answers, messages from
//! the Workers, into one run record) and slices `copy`'s input for each
//! (`InputSlicer`); each process Worker
//! holds a `ChunkRunner`: its configuration parsed once, then a chunk at a
//! time — begun, computed (a `wait` request at a time, the Worker's event
//! loop doing the waiting in between), finished.

use super::{inputs_for, read_config, PerformanceClock};
use crate::engine::{ChunkRecord, Clock, RunRecord};
use crate::handout::{sends_input, Handout};
use crate::kernels::{Inputs, Tally, Workload};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use wasm_bindgen::prelude::*;

#[derive(Serialize, Deserialize)]
struct ChunkResult {
    tally: Tally,
    worker: u32,
    first: u64,
    end: u64,
    /// Absolute times (performance.timeOrigin + now()), comparable across workers.
    start_ms: f64,
    end_ms: f64,
    /// From the coordinator starting to slice this chunk's input to the
    /// Worker holding it in its own memory (`copy`; 0 elsewhere).
    #[serde(default)]
    transfer_ms: f64,
    #[serde(default)]
    transfer_bytes: u64,
}

/// The coordinator's side of `copy` under processes: the input, prepared
/// once per sweep (the same the threads read), and the slice each chunk sends.
#[wasm_bindgen]
pub struct InputSlicer {
    inputs: Arc<Inputs>,
    sends: bool,
}

#[wasm_bindgen]
impl InputSlicer {
    #[wasm_bindgen(constructor)]
    /// `config`: the page's message ([`crate::wire`]).
    pub fn new(config: &[u8]) -> Result<InputSlicer, JsError> {
        let workload = read_config(config)?.workload();
        let sends = sends_input(workload.kind);
        Ok(InputSlicer { inputs: inputs_for(&workload), sends })
    }

    /// Whether each chunk must carry its input (`copy`).
    #[wasm_bindgen(getter)]
    pub fn sends(&self) -> bool {
        self.sends
    }

    /// A copy of units `first..end` of the input: a fresh buffer, copied
    /// once straight out of this memory, that the coordinator then transfers
    /// (moves, without a second copy) to a Worker.
    pub fn bytes(&self, first: f64, end: f64) -> Result<js_sys::Uint8Array, JsError> {
        let bytes = self.inputs.copy_le_bytes(first as u64..end as u64).ok_or_else(|| JsError::new("the chunk is outside the input"))?;
        Ok(js_sys::Uint8Array::from(bytes))
    }
}

/// A chunk being computed in a process Worker.
struct Chunk {
    worker: u32,
    first: u64,
    end: u64,
    next: u64,
    tally: Tally,
    start_ms: f64,
}

/// One "process": a Worker's configuration, parsed and checked once when
/// its team is formed, so a timed run sends only ranges (and, for `copy`,
/// their input) and pays for no parsing.
#[wasm_bindgen]
pub struct ChunkRunner {
    workload: Workload,
    wait_ms: f64,
    inputs: Inputs,
    transfer_ms: f64,
    transfer_bytes: u64,
    chunk: Option<Chunk>,
}

#[wasm_bindgen]
impl ChunkRunner {
    #[wasm_bindgen(constructor)]
    /// `config`: the page's message ([`crate::wire`]), passed on by the coordinator.
    pub fn new(config: &[u8]) -> Result<ChunkRunner, JsError> {
        let config = read_config(config)?;
        Ok(ChunkRunner { workload: config.workload(), wait_ms: config.wait_ms_per_unit(), inputs: Inputs::None, transfer_ms: 0.0, transfer_bytes: 0, chunk: None })
    }

    /// How long to wait after each request (`wait`), in ms; 0 for the rest.
    #[wasm_bindgen(getter, js_name = waitMs)]
    pub fn wait_ms(&self) -> f64 {
        self.wait_ms
    }

    /// Takes the input of units from `first_unit` on, sent by the
    /// coordinator at `sent_ms`: copied into this Worker's memory, and the
    /// transfer timed up to here.
    /// One copy, from the transferred buffer straight into the words the
    /// chunks read (wasm-bindgen's `&[u8]` would copy into a scratch
    /// allocation first, and aligning that into words again: three copies
    /// where unpickling makes one).
    pub fn load(&mut self, bytes: &js_sys::Uint8Array, first_unit: f64, sent_ms: f64) -> Result<(), JsError> {
        let len = bytes.length() as usize;
        if !len.is_multiple_of(8) {
            return Err(JsError::new("the input sent is not a whole number of 64-bit words"));
        }
        let mut words: Vec<u64> = Vec::with_capacity(len / 8);
        // SAFETY: `words` has room for `len` bytes, and `raw_copy_to_ptr` writes
        // all `len` of them; any bytes are a valid u64, and wasm is
        // little-endian, as the coordinator's words were when it sent them.
        unsafe {
            bytes.raw_copy_to_ptr(words.as_mut_ptr().cast::<u8>());
            words.set_len(len / 8);
        }
        self.inputs = Inputs::copy_slice(self.workload.seed, first_unit as u64, words);
        self.transfer_ms = (PerformanceClock.now_ms() - sent_ms).max(0.0);
        self.transfer_bytes = len as u64;
        Ok(())
    }

    /// Starts units `first..end` for worker `worker`; the chunk's clock
    /// starts now, or at `start_at_ms` (absolute; NaN: none) — a run's
    /// starting gun, waited for spinning, so the Workers' first chunks begin
    /// together (a message that came after it begins at once, and late).
    pub fn begin(&mut self, first: f64, end: f64, worker: u32, start_at_ms: f64) -> Result<(), JsError> {
        let units = self.workload.units();
        let (first, end) = (first as u64, end as u64);
        if first >= end || end > units {
            return Err(JsError::new(&format!("chunk {first}..{end} is outside 0..{units}")));
        }
        if start_at_ms.is_finite() {
            // Never longer than the lead: clocks that disagree cannot stall a Worker.
            PerformanceClock.spin_until(start_at_ms.min(PerformanceClock.now_ms() + GUN_LEAD_MS));
        }
        self.chunk = Some(Chunk { worker, first, end, next: first, tally: Tally::default(), start_ms: PerformanceClock.now_ms() });
        Ok(())
    }

    /// Computes what is left of the chunk — for `wait`, one request — and
    /// says whether a wait follows (the Worker waits, then calls again).
    #[wasm_bindgen(js_name = computeNext)]
    pub fn compute_next(&mut self) -> bool {
        let Some(chunk) = self.chunk.as_mut() else { return false };
        if chunk.next >= chunk.end {
            return false;
        }
        let end = if self.wait_ms > 0.0 { chunk.next + 1 } else { chunk.end };
        chunk.tally = chunk.tally + self.workload.run_with(chunk.next..end, &self.inputs);
        chunk.next = end;
        self.wait_ms > 0.0
    }

    /// The finished chunk's result (a message for the coordinator), its
    /// clock stopped now; the input it was sent is let go.
    pub fn finish(&mut self) -> Result<Vec<u8>, JsError> {
        let end_ms = PerformanceClock.now_ms();
        let c = self.chunk.take().ok_or_else(|| JsError::new("no chunk was begun"))?;
        let result = ChunkResult { tally: c.tally, worker: c.worker, first: c.first, end: c.end, start_ms: c.start_ms, end_ms, transfer_ms: self.transfer_ms, transfer_bytes: self.transfer_bytes };
        (self.inputs, self.transfer_ms, self.transfer_bytes) = (Inputs::None, 0.0, 0);
        Ok(crate::wire::encode(&result))
    }
}

/// One processes run of a point: which chunk each Worker gets next (Rust's
/// [`Handout`]), and the answers folded into one run record at the end —
/// read then, not while the run is timed.
#[wasm_bindgen]
pub struct ProcessRun {
    handout: Option<Handout>,
    results: Vec<Vec<u8>>,
    lead_ms: f64,
}

/// How far ahead of a processes run its starting gun is set: each Worker's
/// first chunk is sent with the time to begin at, and the clock starts then,
/// so the message and the wake-up of an idle Worker are not timed as work
/// (on the 2-vCPU VM the last Worker began 0.15–4.3 ms late at k = 2
/// without it). A message slower than this begins late, and shows as
/// `start_lag_ms`.
pub const GUN_LEAD_MS: f64 = 10.0;

impl ProcessRun {
    /// `sends_input`: the run sends each chunk its input (`copy`), which is
    /// part of its time, so it has no starting gun.
    pub(super) fn new(handout: Handout, sends_input: bool) -> ProcessRun {
        ProcessRun { handout: Some(handout), results: Vec::new(), lead_ms: if sends_input { 0.0 } else { GUN_LEAD_MS } }
    }

    /// The run's record from every chunk's answer, with chunk times made
    /// relative to `start_ms` (absolute, as the Workers' times are).
    pub(super) fn finish(&mut self, start_ms: f64, elapsed_ms: f64) -> Result<RunRecord, JsError> {
        let mut handout = self.handout.take().ok_or_else(|| JsError::new("this run has finished"))?;
        for message in std::mem::take(&mut self.results) {
            let r: ChunkResult = crate::wire::decode("a chunk's result", &message).map_err(|e| JsError::new(&e))?;
            let record = ChunkRecord { worker: r.worker, first: r.first, end: r.end, start_ms: r.start_ms - start_ms, end_ms: r.end_ms - start_ms };
            handout.add(r.tally, record, r.transfer_ms, r.transfer_bytes);
        }
        handout.finish(elapsed_ms).map_err(|e| JsError::new(&e))
    }
}

#[wasm_bindgen]
impl ProcessRun {
    /// How far ahead of now the run starts (its starting gun); 0: at once.
    #[wasm_bindgen(getter, js_name = leadMs)]
    pub fn lead_ms(&self) -> f64 {
        self.lead_ms
    }

    /// The run's first chunks, `[worker, first, end]` after one another
    /// ([`Handout::opening`]: dealt round the Workers in turn).
    pub fn opening(&mut self) -> Box<[f64]> {
        let Some(handout) = self.handout.as_mut() else { return Box::new([]) };
        handout.opening().into_iter().flat_map(|(worker, range)| [f64::from(worker), range.start as f64, range.end as f64]).collect()
    }

    /// `[first, end]` of the next chunk for Worker `worker`, which holds
    /// `held` chunks it has not answered; nothing when it gets none now
    /// ([`Handout::next_for`]).
    #[wasm_bindgen(js_name = nextFor)]
    pub fn next_for(&mut self, worker: u32, held: u32) -> Option<Box<[f64]>> {
        let range = self.handout.as_mut()?.next_for(worker, held)?;
        Some(Box::new([range.start as f64, range.end as f64]))
    }

    /// Keeps a chunk's answer (a Worker's message), read when the run is recorded.
    pub fn add(&mut self, result: Vec<u8>) {
        self.results.push(result);
    }
}
