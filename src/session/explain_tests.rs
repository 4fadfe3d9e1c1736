//! What the sentences under the charts say: about particular curves, in both
//! languages, and what they leave unread (memory, waiting, times under the timer).

use super::tests::{here, measure};
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

#[test]
fn the_curves_are_explained_in_both_languages() {
    let mut s = Session::new("http://x/", here());
    let mut doc = sample("model=threads,gil&workers=1-4&repeats=2", 2, 0.0);
    doc.points.clear();
    for k in 1..=4u32 {
        for (model, ms) in [(crate::config::Model::Threads, 100.0 / f64::from(k.min(2))), (crate::config::Model::Gil, 100.0)] {
            let mut p = sample("workers=1-4&repeats=2", 2, 0.0).points[0].clone();
            p.workers = k;
            p.model = model;
            p.times_ms = vec![ms, ms + 0.5];
            p.median_ms = ms + 0.25;
            p.min_ms = ms;
            p.max_ms = ms + 0.5;
            p.threads_used = k;
            doc.points.push(p);
        }
    }
    s.begin(doc.config.clone()).unwrap();
    for p in doc.points {
        s.add_point(p).unwrap();
    }
    s.finish().unwrap();
    let en = s.explain(crate::i18n::Lang::En);
    assert!(en.speedup.iter().any(|t| t == "threads: your browser reports 2 logical processors; this curve behaves like 2 cores."), "{:?}", en.speedup);
    assert!(en.speedup.iter().any(|t| t.starts_with("gil: no speedup")));
    assert!(en.efficiency.iter().any(|t| t.contains("Karp–Flatt")));
    let ko = s.explain(crate::i18n::Lang::Ko);
    assert!(ko.speedup.iter().any(|t| t.contains("코어 2개처럼")), "{:?}", ko.speedup);
    let run = s.last_run().unwrap();
    assert_eq!(run.analysis.len(), 2);
    assert_eq!(run.analysis[0].estimated_physical_cores, Some(2));
}

#[test]
fn times_below_the_timer_are_named_not_called_too_few_points() {
    let mut s = Session::new("http://x/", here());
    let mut doc = sample("workers=1-4&repeats=2", 2, 0.0);
    for p in &mut doc.points {
        (p.times_ms, p.median_ms, p.min_ms, p.max_ms) = (vec![0.0, 0.0], 0.0, 0.0, 0.0);
    }
    s.begin(doc.config.clone()).unwrap();
    for p in doc.points {
        s.add_point(p).unwrap();
    }
    s.finish().unwrap();
    let en = s.explain(crate::i18n::Lang::En).speedup;
    assert!(en.iter().any(|t| t.contains("4 of its 4 times are 0 ms")), "{en:?}");
    assert!(!en.iter().any(|t| t.contains("needs a 1-worker point")), "{en:?}");
    assert!(s.explain(crate::i18n::Lang::Ko).speedup.iter().any(|t| t.contains("4개 중 4개가 0 ms")));
}

#[test]
fn a_curve_that_falls_and_rises_again_gets_no_amdahl_bound_it_breaks() {
    // Faster up to 3 workers, then slower than 1 at 4: the least-squares
    // fit gives f = 1 ("at most 1.0× faster"), which 3 workers contradict.
    let mut s = Session::new("http://x/", here());
    let mut doc = sample("workers=1-4&repeats=2", 2, 0.0);
    for (p, ms) in doc.points.iter_mut().zip([1.89, 1.70, 1.14, 3.83]) {
        (p.times_ms, p.median_ms, p.min_ms, p.max_ms) = (vec![ms, ms], ms, ms, ms);
    }
    s.begin(doc.config.clone()).unwrap();
    for p in doc.points {
        s.add_point(p).unwrap();
    }
    s.finish().unwrap();
    let en = s.explain(Lang::En);
    assert!(en.speedup.iter().any(|t| t.contains("does not describe these points — at k = 3 the median was 1.14 ms")), "{:?}", en.speedup);
    assert!(!en.speedup.iter().any(|t| t.contains("at most")), "no bound a measured point breaks: {:?}", en.speedup);
    assert!(s.explain(Lang::Ko).speedup.iter().any(|t| t.contains("k = 3일 때 중앙값이 1.14 ms")));
    assert!(s.series().iter().all(|series| series.amdahl.is_none()), "and no fitted curve drawn");
    assert_eq!(s.last_run().unwrap().analysis[0].amdahl_serial_fraction, Some(1.0), "the file keeps the least-squares fit");
    // Slower at 4 than at 1: no "serial fraction" above 1 is read as serial code.
    assert!(en.efficiency.iter().any(|t| t.contains("at 4 workers the run was slower than on one") && t.contains("above 1")), "{:?}", en.efficiency);
    assert!(!en.efficiency.iter().any(|t| t.contains("stays near") || t.contains("rises from")), "{:?}", en.efficiency);
}

#[test]
fn memory_bound_and_waiting_curves_are_not_read_as_cores_and_copies_show_their_transfer() {
    let mut s = Session::new("http://x/", here());
    measure(&mut s, "workload=triad&workers=1-4");
    measure(&mut s, "workload=wait&model=gil&workers=1-4");
    measure(&mut s, "workload=copy&model=processes&n=64&workers=1-2");
    let en = s.explain(crate::i18n::Lang::En);
    assert!(en.speedup.iter().any(|t| t.contains("memory bandwidth") && t.contains("GB/s")), "{:?}", en.speedup);
    assert!(en.speedup.iter().any(|t| t.contains("waiting uses no core")), "{:?}", en.speedup);
    assert!(en.speedup.iter().any(|t| t.contains("receiving their slices")), "copy under processes is transfer-bound: {:?}", en.speedup);
    assert!(!en.speedup.iter().any(|t| t.contains("behaves like")), "no core count read off these curves: {:?}", en.speedup);
    let rows: Vec<_> = s.rows(Lang::En);
    let copy = rows.iter().find(|r| r.traffic.starts_with("sent 64 MiB")).expect("a copy row with its transfer");
    assert!(copy.traffic.contains('%') && copy.traffic.ends_with("GB/s"), "{}", copy.traffic);
    assert!(rows.iter().any(|r| r.traffic.ends_with("GB/s") && !r.traffic.contains("sent")), "triad rows show a bandwidth");
    assert!(rows.iter().any(|r| r.traffic == "–"), "wait rows move no data");
    assert!(s.csv().lines().next().unwrap().ends_with("wait_ms,transfer_ms,transfer_bytes,bandwidth_gbs,start_lag_ms"));
}
