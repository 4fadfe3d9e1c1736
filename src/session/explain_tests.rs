//! What the sentences under the charts say about particular curves.

use super::tests::here;
use super::*;
use crate::i18n::Lang;
use crate::share::tests::sample;

/// A session holding one run of `query` whose k-th point took `ms[k - 1]` (two equal repeats).
fn run_of(query: &str, ms: &[f64]) -> Session {
    let mut s = Session::new("http://x/", here());
    let mut doc = sample(query, 2, 0.0);
    let template = doc.points[0].clone();
    doc.points = ms
        .iter()
        .zip(1u32..)
        .map(|(&t, k)| {
            let mut p = template.clone();
            (p.workers, p.threads_used, p.times_ms, p.median_ms, p.min_ms, p.max_ms) = (k, k, vec![t, t], t, t, t);
            p
        })
        .collect();
    s.begin(doc.config.clone()).unwrap();
    for p in doc.points {
        s.add_point(p).unwrap();
    }
    s.finish().unwrap();
    s
}

#[test]
fn an_amdahl_bound_already_passed_is_called_a_rough_fit() {
    // The fit gives f ≈ 0.52 (at most 1.91×) while 2 workers ran 2.00× faster.
    let s = run_of("workers=1-8", &[100.0, 50.0, 52.0, 54.0, 56.0, 58.0, 60.0, 62.0]);
    let said = s.explain(Lang::En).speedup;
    assert!(said.iter().any(|t| t.contains("only roughly (f ≈ 0.52): at 2 workers the run was 2.00× faster, past the 1.9×")), "{said:?}");
    assert!(!said.iter().any(|t| t.contains("at most")), "{said:?}");
}

#[test]
fn an_amdahl_fit_through_two_worker_counts_states_no_limit() {
    // 1 → 2 workers: 100 → 60 ms gives f = 0.2 exactly, "at most 5×" from two points.
    let two = run_of("workers=1-2", &[100.0, 60.0]).explain(Lang::En).speedup;
    assert!(two.iter().any(|t| t.contains("from two worker counts") && t.contains("f ≈ 0.20") && t.contains("limit of 5.0×")), "{two:?}");
    assert!(!two.iter().any(|t| t.contains("at most")), "{two:?}");
    let three = run_of("workers=1-3", &[100.0, 60.0, 46.7]).explain(Lang::En).speedup;
    assert!(three.iter().any(|t| t.contains("at most 5.0× faster")), "{three:?}");
    assert!(run_of("workers=1-2", &[100.0, 60.0]).explain(Lang::Ko).speedup.iter().any(|t| t.contains("두 가지")));
}

#[test]
fn karp_flatt_from_one_point_or_below_zero_is_not_called_steady() {
    let one = run_of("workers=1-2", &[100.0, 55.0]).explain(Lang::En).efficiency;
    assert!(one.iter().any(|t| t.ends_with(": Karp–Flatt serial fraction 0.10 at 2 workers.")), "{one:?}");
    let faster = run_of("workers=1-3", &[100.0, 45.0, 30.0]).explain(Lang::En).efficiency;
    assert!(faster.iter().any(|t| t.contains("more than 2 times faster than on one (Karp–Flatt -0.10 is below 0)")), "{faster:?}");
    assert!(!faster.iter().chain(&one).any(|t| t.contains("stays near")));
}

#[test]
fn a_memory_bound_workload_under_gil_is_said_to_wait_for_the_lock() {
    let said = run_of("workload=triad&n=1048576&model=gil&workers=1-3", &[10.0, 10.2, 10.1]).explain(Lang::En).speedup;
    assert!(said.iter().any(|t| t.contains("under the gil model that is the point")), "{said:?}");
    assert!(!said.iter().any(|t| t.contains("memory bandwidth")), "{said:?}");
}

#[test]
fn a_value_that_rounds_to_zero_is_not_negative() {
    // Karp–Flatt at 2 workers: 2 / 1.998 − 1 ≈ −0.001.
    let said = run_of("workers=1-2", &[100.0, 49.95]).explain(Lang::En).efficiency;
    assert!(said.iter().any(|t| t.ends_with("Karp–Flatt serial fraction 0.00 at 2 workers.")), "{said:?}");
}

#[test]
fn the_dashed_and_dotted_lines_are_explained_only_when_drawn() {
    let dashed = "The dashed curve is Amdahl's law fitted to your points.";
    let dotted = "The dotted line marks where your curve stops improving";
    let two = run_of("workers=1-2", &[100.0, 60.0]).explain(Lang::En).speedup;
    assert_eq!(two[0], dashed, "{two:?}");
    assert!(!two.iter().any(|t| t.starts_with(dotted)), "two points place no knee: {two:?}");
    let knee = run_of("workers=1-4", &[100.0, 50.0, 50.0, 50.0]).explain(Lang::En).speedup;
    assert!(knee[0] == dashed && knee[1].starts_with(dotted), "{knee:?}");
    let one = run_of("workers=1", &[100.0]).explain(Lang::En).speedup;
    assert!(!one.iter().any(|t| t == dashed || t.starts_with(dotted)), "nothing fitted, nothing marked: {one:?}");
}
