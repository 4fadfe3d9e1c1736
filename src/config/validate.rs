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
        let memory = (c.workload.input_bytes(hi) > 0)
            .then(|| Box::new(Reason::new("memory", vec![("mib", (c.workload.input_bytes(c.n) / MIB).to_string().into()), ("max", (MAX_INPUT_BYTES / MIB).to_string().into())])));
        let values = vec![
            ("n", c.n.to_string().into()),
            ("workload", c.workload.name().to_string().into()),
            ("lo", lo.to_string().into()),
            ("hi", hi.to_string().into()),
            ("meaning", Part::NMeaning(c.workload)),
            ("memory", Part::Said(memory)),
        ];
        return Err(refused("n", Reason::new("n_range", values)));
    }
    check_wait(c)?;
    if c.workload == WorkloadKind::Triad && c.models.contains(&Model::Processes) {
        return Err(bad("model", "triad_processes", vec![]));
    }
    if c.workers.is_empty() {
        return Err(bad("workers", "no_workers", vec![]));
    }
    if let Some(&w) = c.workers.iter().find(|&&w| w == 0 || w > MAX_WORKERS) {
        return Err(bad("workers", "outside", vec![("v", w.to_string()), ("max", MAX_WORKERS.to_string())]));
    }
    if c.workers.windows(2).any(|p| p[0] >= p[1]) {
        return Err(bad("workers", "workers_ascending", vec![]));
    }
    check_lists(c)?;
    if c.models.contains(&Model::Sequential) && c.models.len() > 1 {
        return Err(bad("model", "sequential_alone", vec![]));
    }
    if c.model == Model::Sequential && c.workers != [1] {
        return Err(bad("workers", "sequential_one", vec![]));
    }
    if c.models.contains(&Model::Processes) && c.schedule == Schedule::Steal {
        return Err(bad("schedule", "steal_processes", vec![]));
    }
    if c.seed > MAX_SEED {
        return Err(bad("seed", "seed_above", vec![("v", c.seed.to_string()), ("max", MAX_SEED.to_string())]));
    }
    if !(1..=MAX_REPEATS).contains(&c.repeats) {
        return Err(bad("repeats", "outside", vec![("v", c.repeats.to_string()), ("max", MAX_REPEATS.to_string())]));
    }
    let units = c.workload.units(c.n);
    if u64::from(c.max_workers()) > units {
        let key = if units == 1 { "few_units_one" } else { "few_units" };
        let values = vec![("n", c.n.to_string().into()), ("units", units.to_string().into()), ("unit", Part::Unit(c.workload)), ("k", c.max_workers().to_string().into())];
        return Err(refused("n", Reason::new(key, values)));
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
        (Some(ms), true) => Err(bad("wait_ms", "wait_outside", vec![("v", ms.to_string()), ("lo", lo.to_string()), ("hi", hi.to_string())])),
        (None, true) => Err(bad("wait_ms", "wait_needed", vec![])),
        (Some(_), false) => Err(bad("wait_ms", "wait_only", vec![("workload", c.workload.name().to_string())])),
    }
}

/// `models` and `chunks`: present, bounded, distinct, consistent with `model`
/// and `chunk`, and a sweep of at most [`MAX_CELLS`] points.
fn check_lists(c: &RunConfig) -> Result<(), ConfigError> {
    if c.models.is_empty() || c.models.len() > MAX_LIST {
        return Err(bad("model", "models_count", vec![("count", c.models.len().to_string()), ("max", MAX_LIST.to_string())]));
    }
    if c.models[0] != c.model {
        return Err(bad("model", "model_first", vec![("model", c.model.name().to_string()), ("first", c.models[0].name().to_string())]));
    }
    if c.models.iter().enumerate().any(|(i, m)| c.models[..i].contains(m)) {
        return Err(bad("model", "model_twice", vec![]));
    }
    if c.chunks.is_empty() || c.chunks.len() > MAX_LIST {
        return Err(bad("chunk", "chunks_count", vec![("count", c.chunks.len().to_string()), ("max", MAX_LIST.to_string())]));
    }
    if c.chunks[0] != c.chunk {
        return Err(bad("chunk", "chunk_first", vec![("chunk", c.chunk.to_string()), ("first", c.chunks[0].to_string())]));
    }
    if c.chunks.windows(2).any(|p| p[0] >= p[1]) {
        return Err(bad("chunk", "chunks_ascending", vec![]));
    }
    if c.chunks.len() > 1 && c.schedule == Schedule::Static {
        return Err(bad("chunk", "chunks_static", vec![]));
    }
    let cells = c.workers.len() * c.models.len() * c.chunks.len();
    if cells > MAX_CELLS {
        return Err(bad(
            "workers",
            "cells",
            vec![
                ("workers", c.workers.len().to_string()),
                ("models", c.models.len().to_string()),
                ("chunks", c.chunks.len().to_string()),
                ("cells", cells.to_string()),
                ("max", MAX_CELLS.to_string()),
            ],
        ));
    }
    Ok(())
}

/// One chunk size against the units and the workers of the sweep.
fn check_chunk(c: &RunConfig, chunk: u64, units: u64) -> Result<(), ConfigError> {
    if chunk == 0 || chunk > units {
        let values = vec![("chunk", chunk.to_string().into()), ("units", units.to_string().into()), ("unit", Part::Unit(c.workload))];
        return Err(refused("chunk", Reason::new("chunk_range", values)));
    }
    let chunks = units.div_ceil(chunk);
    if c.models.contains(&Model::Processes) && c.schedule == Schedule::Dynamic && chunks > MAX_PROCESS_CHUNKS {
        let smallest = units.div_ceil(MAX_PROCESS_CHUNKS);
        return Err(bad("chunk", "chunk_messages", vec![("chunk", chunk.to_string()), ("chunks", chunks.to_string()), ("max", MAX_PROCESS_CHUNKS.to_string()), ("smallest", smallest.to_string())]));
    }
    if c.schedule == Schedule::Dynamic && chunks < u64::from(c.max_workers()) {
        let largest = units / u64::from(c.max_workers());
        return Err(bad("chunk", "chunk_few", vec![("chunk", chunk.to_string()), ("chunks", chunks.to_string()), ("k", c.max_workers().to_string()), ("largest", largest.to_string())]));
    }
    Ok(())
}
