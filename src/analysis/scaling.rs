//! Speedup and efficiency from the measured points of one series: the
//! numbers the charts draw. The baseline is the smallest worker count measured (normally 1):
//! speedup(k) = kₘᵢₙ · T(kₘᵢₙ) / T(k), efficiency(k) = speedup(k) / k.

use crate::results::Point;

/// One worker count's derived figures.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scaling {
    pub workers: u32,
    pub speedup: f64,
    pub efficiency: f64,
}

/// Speedup and efficiency for every point with a usable time, by worker count.
pub fn scaling(points: &[Point]) -> Vec<Scaling> {
    let Some(base) = points.iter().filter(|p| p.median_ms > 0.0).min_by_key(|p| p.workers) else {
        return Vec::new();
    };
    let base_work = f64::from(base.workers) * base.median_ms;
    let mut out: Vec<Scaling> = points
        .iter()
        .filter(|p| p.median_ms > 0.0)
        .map(|p| {
            let speedup = base_work / p.median_ms;
            Scaling { workers: p.workers, speedup, efficiency: speedup / f64::from(p.workers) }
        })
        .collect();
    out.sort_by_key(|s| s.workers);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Model;

    fn point(workers: u32, median_ms: f64) -> Point {
        crate::analysis::tests::point(workers, Model::Threads, median_ms)
    }

    #[test]
    fn speedup_against_one_worker() {
        let s = scaling(&[point(2, 50.0), point(1, 100.0), point(4, 40.0)]);
        assert_eq!(s.iter().map(|s| s.workers).collect::<Vec<_>>(), vec![1, 2, 4]);
        assert_eq!(s[1].speedup, 2.0);
        assert_eq!(s[1].efficiency, 1.0);
        assert_eq!(s[2].speedup, 2.5);
        assert_eq!(s[2].efficiency, 0.625);
    }

    #[test]
    fn baseline_is_the_smallest_count() {
        let s = scaling(&[point(2, 50.0), point(4, 25.0)]);
        assert_eq!(s[0].speedup, 2.0);
        assert_eq!(s[1].speedup, 4.0);
        assert!(scaling(&[]).is_empty());
    }
}
