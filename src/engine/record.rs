//! What a run leaves behind: its time, its tally, the threads that worked,
//! and who ran which chunk when.

use crate::kernels::Tally;
use serde::{Deserialize, Serialize};

/// Chunk records kept per run; chunks past this are counted, not recorded,
/// so a tiny chunk size cannot exhaust memory.
pub const MAX_RECORDED_CHUNKS: u64 = 2_000;

/// One chunk of work: which thread ran which units, when (ms after the run started).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChunkRecord {
    pub worker: u32,
    pub first: u64,
    pub end: u64,
    pub start_ms: f64,
    pub end_ms: f64,
}

/// One timed run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunRecord {
    pub elapsed_ms: f64,
    pub tally: Tally,
    /// Distinct threads (or workers) that ran at least one chunk.
    pub threads_used: u32,
    /// The first [`MAX_RECORDED_CHUNKS`] chunks, in start order.
    pub chunks: Vec<ChunkRecord>,
    pub chunks_total: u64,
    /// Waking the k threads and gathering them at the start line, before
    /// the clock started (not part of `elapsed_ms`); 0 where nothing is woken.
    #[serde(default)]
    pub dispatch_ms: f64,
    /// Sending inputs to process Workers, summed over the chunks (`copy`
    /// under processes; inside `elapsed_ms`, also reported apart); 0 elsewhere.
    #[serde(default)]
    pub transfer_ms: f64,
    /// The bytes those transfers moved.
    #[serde(default)]
    pub transfer_bytes: u64,
}

impl RunRecord {
    /// A run's record from all of its chunks, in any order (the processes
    /// model collects them by message): the total, the distinct workers, and
    /// the first [`MAX_RECORDED_CHUNKS`] chunks to start.
    pub fn from_chunks(elapsed_ms: f64, mut chunks: Vec<(Tally, ChunkRecord)>) -> RunRecord {
        chunks.sort_by(|a, b| a.1.start_ms.total_cmp(&b.1.start_ms));
        let mut workers: Vec<u32> = chunks.iter().map(|(_, c)| c.worker).collect();
        workers.sort_unstable();
        workers.dedup();
        RunRecord {
            elapsed_ms,
            tally: chunks.iter().map(|(t, _)| *t).sum(),
            threads_used: workers.len() as u32,
            chunks_total: chunks.len() as u64,
            chunks: chunks.into_iter().take(MAX_RECORDED_CHUNKS as usize).map(|(_, c)| c).collect(),
            dispatch_ms: 0.0,
            transfer_ms: 0.0,
            transfer_bytes: 0,
        }
    }
}

