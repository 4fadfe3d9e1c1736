//! Fits of the classic scaling laws to one series' medians, by least
//! squares (each law is linear in its parameters after a change of
//! variables, so the fits are closed-form and deterministic):
//!
//! - **Amdahl**: T(k) = T₁·(f + (1 − f)/k) — f is the serial fraction.
//! - **Karp–Flatt**: e(k) = (1/S(k) − 1/k) / (1 − 1/k) — the serial fraction
//!   each measured point implies; a value that rises with k means growing
//!   overhead, not serial code.
//! - **Universal Scalability Law**: S(N) = N / (1 + σ(N − 1) + κN(N − 1)) —
//!   σ contention, κ coherence (crosstalk); throughput peaks at
//!   N* = √((1 − σ)/κ).

use serde::Serialize;

/// Amdahl's law fitted to (workers, time) pairs: `T(k) = a + b/k`, with
/// a = T₁·f and b = T₁·(1 − f), both kept ≥ 0.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Amdahl {
    pub serial_fraction: f64,
    /// The fitted time on one worker.
    pub t1_ms: f64,
}

/// How far under the law's floor a measured time may fall, as a share of
/// the floor, and still be taken for noise around a fit that holds.
pub const FLOOR_SLACK: f64 = 0.1;

impl Amdahl {
    pub fn time_ms(&self, k: f64) -> f64 {
        self.t1_ms * (self.serial_fraction + (1.0 - self.serial_fraction) / k)
    }

    /// The time the law says no number of workers beats: T₁·f.
    pub fn floor_ms(&self) -> f64 {
        self.t1_ms * self.serial_fraction
    }

    /// The fastest measured (workers, time) that beats the floor by more
    /// than `FLOOR_SLACK`: then the fit does not describe the points (a
    /// curve that falls and then rises again, overhead the law leaves out),
    /// and the bound it sets (at most 1/f times faster) is contradicted.
    pub fn broken_by(&self, points: &[(f64, f64)]) -> Option<(f64, f64)> {
        let limit = self.floor_ms() * (1.0 - FLOOR_SLACK);
        points.iter().copied().filter(|&(_, t)| t < limit).min_by(|a, b| a.1.total_cmp(&b.1))
    }
}

/// Needs at least two distinct worker counts and positive times.
pub fn amdahl(points: &[(f64, f64)]) -> Option<Amdahl> {
    let distinct = points.iter().map(|p| p.0.to_bits()).collect::<std::collections::BTreeSet<_>>().len();
    if distinct < 2 || points.iter().any(|&(k, t)| k <= 0.0 || !t.is_finite() || t <= 0.0) {
        return None;
    }
    let n = points.len() as f64;
    let xs: Vec<f64> = points.iter().map(|p| 1.0 / p.0).collect();
    let mean_x = xs.iter().sum::<f64>() / n;
    let mean_t = points.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = xs.iter().map(|x| (x - mean_x).powi(2)).sum();
    let sxt: f64 = xs.iter().zip(points).map(|(x, p)| (x - mean_x) * (p.1 - mean_t)).sum();
    let mut b = sxt / sxx;
    let mut a = mean_t - b * mean_x;
    if a < 0.0 {
        // No negative serial time: the best fit through the origin.
        a = 0.0;
        b = xs.iter().zip(points).map(|(x, p)| x * p.1).sum::<f64>() / xs.iter().map(|x| x * x).sum::<f64>();
    }
    if b < 0.0 {
        // Time that grows with k: nothing is parallel in this model.
        b = 0.0;
        a = mean_t;
    }
    let t1 = a + b;
    (t1 > 0.0).then_some(Amdahl { serial_fraction: a / t1, t1_ms: t1 })
}

/// One Karp–Flatt value.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct KarpFlatt {
    pub workers: u32,
    pub value: f64,
}

/// Whether `speedups` are against one worker, measured: a series that
/// starts at k > 1 has speedups against kₘᵢₙ·T(kₘᵢₙ), which assumes perfect
/// scaling up to kₘᵢₙ — Karp–Flatt and the USL read from them would invent
/// their serial fraction (exact Amdahl times with f = 0.5 on 2–8 workers
/// gave e rising from 0 to 0.29, and a USL peak at 6.6 workers).
fn against_one_worker(speedups: &[(u32, f64)]) -> bool {
    speedups.iter().any(|&(k, _)| k == 1)
}

/// e(k) for every k > 1, from (workers, speedup against one worker) pairs;
/// none when one worker was not measured.
pub fn karp_flatt(speedups: &[(u32, f64)]) -> Vec<KarpFlatt> {
    if !against_one_worker(speedups) {
        return Vec::new();
    }
    speedups
        .iter()
        .filter(|&&(k, s)| k > 1 && s > 0.0 && s.is_finite())
        .map(|&(k, s)| {
            let inv_k = 1.0 / f64::from(k);
            KarpFlatt { workers: k, value: (1.0 / s - inv_k) / (1.0 - inv_k) }
        })
        .collect()
}

/// The Universal Scalability Law's parameters.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Usl {
    pub sigma: f64,
    pub kappa: f64,
    /// Where throughput peaks, in workers, at least 1 (`None`: it never does, κ = 0).
    pub peak_workers: Option<f64>,
}

impl Usl {
    pub fn speedup(&self, n: f64) -> f64 {
        n / (1.0 + self.sigma * (n - 1.0) + self.kappa * n * (n - 1.0))
    }
}

/// The fewest distinct worker counts a USL fit is made from.
pub const USL_MIN_COUNTS: usize = 6;

/// Fits N/S(N) − 1 = σ(N − 1) + κN(N − 1) (no intercept), σ and κ kept ≥ 0.
/// `speedups` are (workers, speedup against one worker); none when one
/// worker was not measured.
pub fn usl(speedups: &[(u32, f64)]) -> Option<Usl> {
    if !against_one_worker(speedups) {
        return None;
    }
    let rows: Vec<(f64, f64, f64)> = speedups
        .iter()
        .filter(|&&(_, s)| s > 0.0 && s.is_finite())
        .map(|&(k, s)| {
            let n = f64::from(k);
            (n - 1.0, n * (n - 1.0), n / s - 1.0)
        })
        .collect();
    if rows.len() < USL_MIN_COUNTS {
        return None;
    }
    let sum = |f: &dyn Fn(&(f64, f64, f64)) -> f64| rows.iter().map(f).sum::<f64>();
    let (s11, s12, s22) = (sum(&|r| r.0 * r.0), sum(&|r| r.0 * r.1), sum(&|r| r.1 * r.1));
    let (s1y, s2y) = (sum(&|r| r.0 * r.2), sum(&|r| r.1 * r.2));
    let det = s11 * s22 - s12 * s12;
    let (mut sigma, mut kappa) = if det.abs() > f64::EPSILON * s11 * s22 { ((s1y * s22 - s2y * s12) / det, (s2y * s11 - s1y * s12) / det) } else { (s1y / s11, 0.0) };
    if kappa < 0.0 {
        kappa = 0.0;
        sigma = s1y / s11;
    }
    if sigma < 0.0 {
        sigma = 0.0;
        kappa = (s2y / s22).max(0.0);
    }
    let sigma = sigma.min(1.0);
    // At σ = 1 the formula's peak is 0 workers: throughput is highest at the one worker measured first.
    let peak_workers = (kappa > 0.0).then(|| ((1.0 - sigma) / kappa).sqrt().max(1.0));
    Some(Usl { sigma, kappa, peak_workers })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn amdahl_by_hand() {
        // Perfect scaling: T = 100/k → f = 0.
        let perfect: Vec<(f64, f64)> = (1..=8).map(|k| (f64::from(k), 100.0 / f64::from(k))).collect();
        let fit = amdahl(&perfect).unwrap();
        assert!(close(fit.serial_fraction, 0.0) && close(fit.t1_ms, 100.0));
        // Flat: T = 100 → f = 1.
        let flat: Vec<(f64, f64)> = (1..=4).map(|k| (f64::from(k), 100.0)).collect();
        assert!(close(amdahl(&flat).unwrap().serial_fraction, 1.0));
        // T = 100·(0.2 + 0.8/k) → f = 0.2 exactly (the model fits without error).
        let fifth: Vec<(f64, f64)> = (1..=6).map(|k| (f64::from(k), 100.0 * (0.2 + 0.8 / f64::from(k)))).collect();
        let fit = amdahl(&fifth).unwrap();
        assert!(close(fit.serial_fraction, 0.2), "{fit:?}");
        assert!(close(fit.time_ms(4.0), 40.0));
        // Slower with more workers: f = 1, not beyond.
        assert!(close(amdahl(&[(1.0, 10.0), (2.0, 12.0)]).unwrap().serial_fraction, 1.0));
        assert!(amdahl(&[(1.0, 10.0)]).is_none());
    }

    #[test]
    fn a_fit_is_broken_by_a_time_under_its_floor() {
        // Faster to 3 workers, then much slower at 4: the best line through
        // 1/k slopes the wrong way, so f = 1 and the floor is the mean time,
        // which 3 workers beat by far.
        let bent = [(1.0, 1.89), (2.0, 1.70), (3.0, 1.14), (4.0, 3.83)];
        let fit = amdahl(&bent).unwrap();
        assert!(close(fit.serial_fraction, 1.0));
        assert_eq!(fit.broken_by(&bent), Some((3.0, 1.14)));
        // An exact fit, and one with noise within the slack, hold.
        let fifth: Vec<(f64, f64)> = (1..=6).map(|k| (f64::from(k), 100.0 * (0.2 + 0.8 / f64::from(k)))).collect();
        assert_eq!(amdahl(&fifth).unwrap().broken_by(&fifth), None);
        let noisy: Vec<(f64, f64)> = fifth.iter().enumerate().map(|(i, &(k, t))| (k, t * if i % 2 == 0 { 0.95 } else { 1.05 })).collect();
        assert_eq!(amdahl(&noisy).unwrap().broken_by(&noisy), None);
        // f = 0 sets no floor to beat.
        let perfect: Vec<(f64, f64)> = (1..=8).map(|k| (f64::from(k), 100.0 / f64::from(k))).collect();
        assert_eq!(amdahl(&perfect).unwrap().broken_by(&perfect), None);
    }

    #[test]
    fn karp_flatt_by_hand() {
        // S(2) = 1.6: e = (1/1.6 − 1/2) / (1 − 1/2) = (0.625 − 0.5) / 0.5 = 0.25.
        let e = karp_flatt(&[(1, 1.0), (2, 1.6), (4, 4.0)]);
        assert_eq!(e.len(), 2);
        assert!(close(e[0].value, 0.25));
        assert!(close(e[1].value, 0.0), "perfect speedup: no serial fraction");
    }

    #[test]
    fn no_karp_flatt_or_usl_without_one_worker_measured() {
        // Exact Amdahl times, f = 0.5, on 2–8 workers: speedups against 2·T(2)
        // (what the page can compute) would read as no serial fraction at all.
        let times: Vec<(u32, f64)> = (2..=8).map(|k| (k, 100.0 * (0.5 + 0.5 / f64::from(k)))).collect();
        let against_two: Vec<(u32, f64)> = times.iter().map(|&(k, t)| (k, 2.0 * times[0].1 / t)).collect();
        assert!(karp_flatt(&against_two).is_empty());
        assert_eq!(usl(&against_two), None);
        // With one worker measured, e is the serial fraction at every k.
        let with_one: Vec<(u32, f64)> = std::iter::once((1, 1.0)).chain(times.iter().map(|&(k, t)| (k, 100.0 / t))).collect();
        assert!(karp_flatt(&with_one).iter().all(|e| close(e.value, 0.5)));
        assert!(usl(&with_one).is_some());
    }

    #[test]
    fn usl_recovers_its_parameters() {
        let truth = Usl { sigma: 0.05, kappa: 0.002, peak_workers: None };
        let points: Vec<(u32, f64)> = (1..=16).map(|n| (n, truth.speedup(f64::from(n)))).collect();
        let fit = usl(&points).unwrap();
        assert!((fit.sigma - 0.05).abs() < 1e-9 && (fit.kappa - 0.002).abs() < 1e-9, "{fit:?}");
        assert!((fit.peak_workers.unwrap() - (0.95f64 / 0.002).sqrt()).abs() < 1e-6);
        // Linear scaling: σ = κ = 0, no peak.
        let linear: Vec<(u32, f64)> = (1..=6).map(|n| (n, f64::from(n))).collect();
        let fit = usl(&linear).unwrap();
        assert!(close(fit.sigma, 0.0) && close(fit.kappa, 0.0) && fit.peak_workers.is_none());
        assert!(usl(&linear[..5]).is_none(), "needs six worker counts");
        // Slower with every worker added: the peak is the one worker, not below it
        // (σ held at 1 put it at 0 workers).
        let worse: Vec<(u32, f64)> = (1..=6).map(|n| (n, 1.0 / f64::from(n * n))).collect();
        assert_eq!(usl(&worse).unwrap().peak_workers, Some(1.0));
        let contended: Vec<(u32, f64)> = (1..=6u32).map(f64::from).map(|n| (n as u32, n / (1.0 + 3.0 * (n - 1.0) + 0.01 * n * (n - 1.0)))).collect();
        let fit = usl(&contended).unwrap();
        assert!(close(fit.sigma, 1.0) && fit.kappa > 0.0, "{fit:?}");
        assert_eq!(fit.peak_workers, Some(1.0));
    }
}
