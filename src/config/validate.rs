//! The checks every configuration passes — from a URL, from the form, from
//! a share link or a file, and at the wasm boundary — with the name of the
//! parameter at fault and what would be accepted.

use super::*;
use crate::kernels::{copy::MIB, wait, MAX_INPUT_BYTES};

/// Checks the combination of values; `parse_query` calls it, and so does
/// the wasm boundary for every configuration JS hands back.
pub fn validate(c: &RunConfig) -> Result<(), ConfigError> {
    let (lo, hi) = c.workload.n_limits();
    if !(lo..=hi).contains(&c.n) {
        let memory = match c.workload.input_bytes(hi) {
            0 => String::new(),
            _ => format!("; the inputs would take {} MiB of memory, and this page keeps them within {} MiB", c.workload.input_bytes(c.n) / MIB, MAX_INPUT_BYTES / MIB),
        };
        return Err(bad("n", format!("{} for {} must be between {} and {} ({}){memory}", c.n, c.workload.name(), lo, hi, c.workload.n_meaning())));
    }
    check_wait(c)?;
    if c.workload == WorkloadKind::Triad && c.models.contains(&Model::Processes) {
        return Err(bad("model", "triad measures the bandwidth of one shared memory; processes have none to share: use threads, gil or sequential"));
    }
    if c.workers.is_empty() {
        return Err(bad("workers", "no worker counts given"));
    }
    if let Some(&w) = c.workers.iter().find(|&&w| w == 0 || w > MAX_WORKERS) {
        return Err(bad("workers", format!("{w} is outside 1–{MAX_WORKERS}")));
    }
    if c.workers.windows(2).any(|p| p[0] >= p[1]) {
        return Err(bad("workers", "the worker counts must be distinct and ascending"));
    }
    check_lists(c)?;
    if c.models.contains(&Model::Sequential) && c.models.len() > 1 {
        return Err(bad("model", "sequential is the one-thread baseline and runs alone; compare threads at 1 worker instead"));
    }
    if c.model == Model::Sequential && c.workers != [1] {
        return Err(bad("workers", "the sequential model runs on one thread; use workers=1"));
    }
    if c.models.contains(&Model::Processes) && c.schedule == Schedule::Steal {
        return Err(bad("schedule", "work stealing needs shared memory; processes take static or dynamic"));
    }
    if c.seed > MAX_SEED {
        return Err(bad("seed", format!("{} is above {MAX_SEED}", c.seed)));
    }
    if !(1..=MAX_REPEATS).contains(&c.repeats) {
        return Err(bad("repeats", format!("{} is outside 1–{MAX_REPEATS}", c.repeats)));
    }
    let units = c.workload.units(c.n);
    if u64::from(c.max_workers()) > units {
        let units_words = if units == 1 { "1 unit of work".to_string() } else { format!("{units} units of work") };
        return Err(bad("n", format!("n = {} gives {units_words} ({} each), fewer than the {} workers asked for", c.n, c.workload.unit_meaning(), c.max_workers())));
    }
    for &chunk in &c.chunks {
        check_chunk(c, chunk, units)?;
    }
    Ok(())
}

/// `wait_ms`: given for `wait` (within its limits), absent for the rest.
fn check_wait(c: &RunConfig) -> Result<(), ConfigError> {
    let (lo, hi) = wait::WAIT_MS_LIMITS;
    match (c.wait_ms, c.workload.waits()) {
        (Some(ms), true) if (lo..=hi).contains(&ms) => Ok(()),
        (None, false) => Ok(()),
        (Some(ms), true) => Err(bad("wait_ms", format!("{ms} is outside {lo}–{hi} ms"))),
        (None, true) => Err(bad("wait_ms", "workload=wait needs a wait per request")),
        (Some(_), false) => Err(bad("wait_ms", format!("applies only to workload=wait, not {}", c.workload.name()))),
    }
}

/// `models` and `chunks`: present, bounded, distinct, consistent with `model`
/// and `chunk`, and a sweep of at most [`MAX_CELLS`] points.
fn check_lists(c: &RunConfig) -> Result<(), ConfigError> {
    if c.models.is_empty() || c.models.len() > MAX_LIST {
        return Err(bad("model", format!("{} models given; give 1 to {MAX_LIST}", c.models.len())));
    }
    if c.models[0] != c.model {
        return Err(bad("model", format!("the run's model is {} but its list of models starts with {}", c.model.name(), c.models[0].name())));
    }
    if c.models.iter().enumerate().any(|(i, m)| c.models[..i].contains(m)) {
        return Err(bad("model", "a model is listed twice"));
    }
    if c.chunks.is_empty() || c.chunks.len() > MAX_LIST {
        return Err(bad("chunk", format!("{} chunk sizes given; give 1 to {MAX_LIST}", c.chunks.len())));
    }
    if c.chunks[0] != c.chunk {
        return Err(bad("chunk", format!("the run's chunk is {} but its list of chunk sizes starts with {}", c.chunk, c.chunks[0])));
    }
    if c.chunks.windows(2).any(|p| p[0] >= p[1]) {
        return Err(bad("chunk", "the chunk sizes must be distinct and ascending"));
    }
    if c.chunks.len() > 1 && c.schedule == Schedule::Static {
        return Err(bad("chunk", "several chunk sizes need schedule=dynamic or steal (static cuts one block per worker)"));
    }
    let cells = c.workers.len() * c.models.len() * c.chunks.len();
    if cells > MAX_CELLS {
        return Err(bad("workers", format!("{} worker counts × {} models × {} chunk sizes make {cells} points; at most {MAX_CELLS}", c.workers.len(), c.models.len(), c.chunks.len())));
    }
    Ok(())
}

/// One chunk size against the units and the workers of the sweep.
fn check_chunk(c: &RunConfig, chunk: u64, units: u64) -> Result<(), ConfigError> {
    if chunk == 0 || chunk > units {
        return Err(bad("chunk", format!("{chunk} must be between 1 and {units} (the units of work: {} each)", c.workload.unit_meaning())));
    }
    let chunks = units.div_ceil(chunk);
    if c.models.contains(&Model::Processes) && c.schedule == Schedule::Dynamic && chunks > MAX_PROCESS_CHUNKS {
        let smallest = units.div_ceil(MAX_PROCESS_CHUNKS);
        return Err(bad(
            "chunk",
            format!("{chunk} units per chunk make {chunks} chunks; each is a message to a process Worker, and at most {MAX_PROCESS_CHUNKS} are allowed: use a chunk of at least {smallest}"),
        ));
    }
    if c.schedule == Schedule::Dynamic && chunks < u64::from(c.max_workers()) {
        let largest = units / u64::from(c.max_workers());
        return Err(bad("chunk", format!("{chunk} units per chunk make only {chunks} chunks, fewer than the {} workers; use a chunk of at most {largest}", c.max_workers())));
    }
    Ok(())
}
