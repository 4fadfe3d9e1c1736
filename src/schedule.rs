//! How units are split into chunks — the one place that decides it, for
//! every model. `static` gives worker i the i-th of k contiguous blocks;
//! `dynamic` and `steal` cut the units into chunks of `chunk` units.

use crate::config::Schedule;
use std::ops::Range;

/// The i-th of k contiguous blocks covering `0..units` (sizes differ by at most one).
pub fn static_block(units: u64, k: u64, i: u64) -> Range<u64> {
    let start = units * i / k;
    let end = units * (i + 1) / k;
    start..end
}

/// How many chunks of `chunk` units cover `0..units`.
pub fn chunk_count(units: u64, chunk: u64) -> u64 {
    units.div_ceil(chunk)
}

/// The c-th chunk of `chunk` units, or `None` past the end.
pub fn chunk_range(units: u64, chunk: u64, c: u64) -> Option<Range<u64>> {
    let start = c.checked_mul(chunk)?;
    (start < units).then(|| start..(start + chunk).min(units))
}

/// Every chunk of a run, in order: k blocks for `static` (block i is worker
/// i's), else chunks of `chunk` units. The processes model hands these out
/// by message; the engine computes the same ranges on the fly.
pub fn plan(schedule: Schedule, units: u64, k: u64, chunk: u64) -> Vec<Range<u64>> {
    match schedule {
        Schedule::Static => (0..k).map(|i| static_block(units, k, i)).collect(),
        Schedule::Dynamic | Schedule::Steal => (0..chunk_count(units, chunk)).filter_map(|c| chunk_range(units, chunk, c)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn covers_exactly(ranges: &[Range<u64>], units: u64) -> bool {
        let mut next = 0;
        for r in ranges {
            if r.start != next || r.end < r.start {
                return false;
            }
            next = r.end;
        }
        next == units
    }

    #[test]
    fn static_blocks_cover_and_balance() {
        for units in [1, 7, 10, 1000, 1001] {
            for k in 1..=8u64.min(units) {
                let blocks: Vec<_> = (0..k).map(|i| static_block(units, k, i)).collect();
                assert!(covers_exactly(&blocks, units), "units {units} k {k}");
                let sizes: Vec<u64> = blocks.iter().map(|b| b.end - b.start).collect();
                assert!(sizes.iter().max().unwrap() - sizes.iter().min().unwrap() <= 1);
                assert!(sizes.iter().all(|&s| s > 0));
            }
        }
    }

    #[test]
    fn plans_cover_every_unit_once() {
        for schedule in [Schedule::Static, Schedule::Dynamic, Schedule::Steal] {
            let p = plan(schedule, 1_001, 3, 100);
            assert!(covers_exactly(&p, 1_001), "{schedule:?}");
        }
        assert_eq!(plan(Schedule::Static, 10, 3, 1).len(), 3);
        assert_eq!(plan(Schedule::Dynamic, 10, 3, 4).len(), 3);
    }

    #[test]
    fn chunks_cover_with_a_short_last_one() {
        let chunks: Vec<_> = (0..).map_while(|c| chunk_range(10, 3, c)).collect();
        assert_eq!(chunks, vec![0..3, 3..6, 6..9, 9..10]);
        assert_eq!(chunk_count(10, 3), 4);
        assert_eq!(chunk_range(10, 3, u64::MAX), None);
    }
}
