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

/// How long after the clock started the last of the workers began its first
/// chunk: 0 when every worker was at work from the start. `None` when
/// nothing was recorded, or when the records (the first chunks to start)
/// stop before every one of the `workers` could appear in them.
pub fn start_lag_ms(chunks: &[ChunkRecord], chunks_total: u64, workers: u32) -> Option<f64> {
    let mut firsts: Vec<(u32, f64)> = Vec::new();
    for c in chunks {
        match firsts.iter_mut().find(|(w, _)| *w == c.worker) {
            Some((_, first)) => *first = first.min(c.start_ms),
            None => firsts.push((c.worker, c.start_ms)),
        }
    }
    let complete = chunks.len() as u64 >= chunks_total || firsts.len() as u32 >= workers;
    // Workers' clocks can differ by a timer step: a start "before" the clock is 0.
    (complete && !firsts.is_empty()).then(|| firsts.iter().map(|&(_, first)| first).fold(0.0, f64::max))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn chunk(worker: u32, start_ms: f64) -> ChunkRecord {
        ChunkRecord { worker, first: 0, end: 1, start_ms, end_ms: start_ms + 1.0 }
    }

    #[test]
    fn start_lag_is_the_latest_first_start() {
        let chunks = [chunk(0, 0.0), chunk(0, 1.0), chunk(1, 0.25), chunk(1, 2.0), chunk(0, 3.0)];
        assert_eq!(start_lag_ms(&chunks, 5, 2), Some(0.25));
    }

    #[test]
    fn a_start_before_the_clock_counts_as_zero() {
        assert_eq!(start_lag_ms(&[chunk(0, -0.005), chunk(1, -0.002)], 2, 2), Some(0.0));
    }

    #[test]
    fn truncated_records_without_every_worker_give_no_lag() {
        let chunks = [chunk(0, 0.0), chunk(0, 1.0)];
        assert_eq!(start_lag_ms(&chunks, 10, 2), None, "worker 1 began after the last record: how late is unknown");
        assert_eq!(start_lag_ms(&chunks, 2, 2), Some(0.0), "all chunks recorded: worker 1 never ran, it was not late");
        assert_eq!(start_lag_ms(&[], 0, 1), None);
    }
}
