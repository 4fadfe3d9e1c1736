//! Experiments the page offers as one button: several sweeps run one after
//! the other, each a query string the URL parser reads like any other, so
//! they land side by side in the comparison.

use serde::Serialize;

/// A named series of sweeps.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Preset {
    pub name: &'static str,
    /// The sweeps' query strings, in the order run.
    pub queries: Vec<String>,
    /// The label each sweep's run gets in the comparison: a key of the
    /// page's language tables (one per query).
    pub labels: Vec<&'static str>,
}

/// Worker counts 1, 2, 4, … up to twice the reported processors and at
/// least 8: waiting work keeps scaling past the cores, so the sweep must too.
fn doubling_workers(hardware_concurrency: u32) -> String {
    let top = (2 * hardware_concurrency.max(1)).clamp(8, super::MAX_WORKERS);
    std::iter::successors(Some(1u32), |k| Some(k * 2)).take_while(|&k| k <= top).map(|k| k.to_string()).collect::<Vec<_>>().join(",")
}

/// Every preset, for a device reporting `hardware_concurrency` processors.
pub fn presets(hardware_concurrency: u32) -> Vec<Preset> {
    let workers = doubling_workers(hardware_concurrency);
    vec![Preset {
        // Seed 002: threads under a GIL do not speed up CPU-bound work, but do speed up I/O-bound work.
        // π at its quick size (1e8, 30–50 ms on one worker): smaller runs are too short for a clear knee.
        name: "cpu-vs-io",
        queries: vec![format!("workload=pi&model=threads,gil&n=100000000&workers={workers}&repeats=2"), format!("workload=wait&model=threads,gil&n=64&wait_ms=10&workers={workers}&repeats=2")],
        labels: vec!["preset.cpu-vs-io.pi", "preset.cpu-vs-io.wait"],
    }]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_query_is_a_valid_sweep() {
        for hc in [1, 2, 8, 64] {
            for preset in presets(hc) {
                assert_eq!(preset.labels.len(), preset.queries.len());
                for query in &preset.queries {
                    assert!(crate::config::parse_query(query, hc).is_ok(), "{query}");
                }
            }
        }
        assert_eq!(doubling_workers(2), "1,2,4,8");
        assert_eq!(doubling_workers(8), "1,2,4,8,16");
    }
}
