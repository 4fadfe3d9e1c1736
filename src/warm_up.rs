//! When measuring may begin. For about a second after its coordinator
//! Worker starts, a browser is still busy starting (compiling the build,
//! starting the pool's Workers, finishing the page), and a run then
//! competes with it for the cores: a sweep, its timed process start-ups
//! included, waits until its coordinator has been up `QUIET_AFTER_START_MS`. Then each point warms up with as many
//! unrecorded runs, back to back, as make `WARM_UP_MS` of work (at most
//! `WARM_UP_RUNS_MAX`): a browser first runs wasm as quickly compiled
//! baseline code and compiles the hot functions optimised in the
//! background (V8: Liftoff, then TurboFan).
//!
//! Measured in Chromium 156 on 2 vCPUs (π n = 1e7 at k = 1 and 2, 9
//! repeats, interleaved loads; BENCHMARKS.md, "nothing is measured while
//! the browser is still starting"): with one warm-up run and no hold, k = 2
//! ran serialized (one worker at a time) in about half the repeats of the
//! first three rounds, and the first k = 1 repeat was over 1.25× its median
//! in 23 of 36 loads. The longer warm-up alone brought the latter to 11 of
//! 36 and barely moved the former; the hold brought the first three rounds
//! to 3 of 72 repeats and the first k = 1 repeat to its median (0 of 24).

/// No run of a sweep, warm-up included, starts sooner than this after the
/// coordinator Worker (which compiles the build it runs, and starts the
/// pool) began. For its first second Chromium is still busy with the
/// start: π at k = 2 ran serialized in 36 of 72 repeats of the first three
/// rounds when the sweep began at once, in 3 of 72 when it began after
/// this hold (and in about one in ten later on, either way).
pub const QUIET_AFTER_START_MS: f64 = 1000.0;

/// How long a sweep about to begin `age_ms` after its coordinator started waits first.
pub fn hold_ms(age_ms: f64) -> f64 {
    if age_ms.is_nan() {
        return QUIET_AFTER_START_MS;
    }
    (QUIET_AFTER_START_MS - age_ms).clamp(0.0, QUIET_AFTER_START_MS)
}

/// A point is warm once its warm-up runs have taken this long together.
pub const WARM_UP_MS: f64 = 60.0;

/// …or once it has had this many, however short they were.
pub const WARM_UP_RUNS_MAX: usize = 12;

/// Whether a point whose warm-up runs took `times_ms` is warm.
pub fn is_warm(times_ms: &[f64]) -> bool {
    times_ms.len() >= WARM_UP_RUNS_MAX || times_ms.iter().sum::<f64>() >= WARM_UP_MS
}

/// How many warm-up runs a point whose runs take `run_ms` each will get
/// (for the sweep's time estimate): [`is_warm`] asked run by run.
pub fn warm_up_runs(run_ms: f64) -> usize {
    let mut times = Vec::with_capacity(WARM_UP_RUNS_MAX);
    while !is_warm(&times) {
        times.push(run_ms);
    }
    times.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sweep_waits_only_for_what_is_left_of_the_quiet_time() {
        assert_eq!(hold_ms(0.0), QUIET_AFTER_START_MS);
        assert_eq!(hold_ms(QUIET_AFTER_START_MS - 250.0), 250.0);
        assert_eq!(hold_ms(QUIET_AFTER_START_MS), 0.0);
        assert_eq!(hold_ms(1e9), 0.0);
        assert_eq!(hold_ms(-5.0), QUIET_AFTER_START_MS, "a clock that went back waits no longer than the whole hold");
        assert_eq!(hold_ms(f64::NAN), QUIET_AFTER_START_MS);
    }

    #[test]
    fn a_long_run_is_its_own_warm_up() {
        assert!(is_warm(&[WARM_UP_MS]));
        assert!(is_warm(&[900.0]));
        assert_eq!(warm_up_runs(900.0), 1);
    }

    #[test]
    fn short_runs_repeat_until_they_make_the_warm_up_time() {
        assert!(!is_warm(&[]));
        assert!(!is_warm(&[20.0, 20.0]));
        assert!(is_warm(&[20.0, 20.0, 20.0]));
        assert_eq!(warm_up_runs(20.0), 3);
        assert_eq!(warm_up_runs(25.0), 3);
    }

    #[test]
    fn tiny_runs_stop_at_the_most_runs() {
        let tiny = vec![0.01; WARM_UP_RUNS_MAX];
        assert!(!is_warm(&tiny[1..]));
        assert!(is_warm(&tiny));
        assert_eq!(warm_up_runs(0.01), WARM_UP_RUNS_MAX);
        assert_eq!(warm_up_runs(0.0), WARM_UP_RUNS_MAX);
        assert_eq!(warm_up_runs(f64::NAN), WARM_UP_RUNS_MAX);
    }

    #[test]
    fn the_count_foreseen_is_the_count_taken() {
        for run_ms in [0.3, 1.0, 4.9, 5.0, 7.5, 13.0, 29.9, 30.0, 59.0, 61.0] {
            let mut times = Vec::new();
            while !is_warm(&times) {
                times.push(run_ms);
            }
            assert_eq!(times.len(), warm_up_runs(run_ms), "{run_ms} ms");
        }
    }
}
