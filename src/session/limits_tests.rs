//! The comparison's limits: a full comparison, a run stopped early, what
//! the page measures staying within what a link or file may carry, and
//! files too large or too long to hold.

use super::tests::{here, measure, measure_threads_and_gil};
use super::*;
use crate::i18n::Lang;
use crate::share::tests::sample;

#[test]
fn a_stopped_run_stays_only_if_it_has_points_and_a_full_comparison_makes_room() {
    let mut s = Session::new("http://x/", here());
    let doc = sample("workers=1-2&repeats=2", 2, 0.0);
    s.begin(doc.config.clone()).unwrap();
    s.stop();
    assert!(s.runs().is_empty());
    s.begin(doc.config.clone()).unwrap();
    s.add_point(doc.points[0].clone()).unwrap();
    assert!(s.comparison_fragment().is_none(), "the live run is not shared");
    assert!(!s.has_comparison() && !s.has_last_run());
    s.stop();
    assert_eq!(s.runs().len(), 1);
    assert!(s.summaries(Lang::En)[0].stopped);
    assert!(s.last_run().is_none(), "a stopped run is not lastRun()");
    assert!(s.has_comparison(), "its points can still be shared");
    for _ in 0..MAX_RUNS {
        measure(&mut s, "workers=1-2&repeats=2");
    }
    assert_eq!(s.runs().len(), MAX_RUNS);
    let mut other = Session::new("http://x/", here());
    measure(&mut other, "workers=1-3&repeats=2");
    let link = other.comparison_fragment().unwrap().unwrap();
    assert!(s.add_link(&link).unwrap_err().to_string().contains("remove some first"));
    let own = s.comparison_fragment().unwrap().unwrap();
    assert_eq!(s.add_link(&own).unwrap(), Added { added: 0, already: MAX_RUNS }, "runs already compared need no room");
}

#[test]
fn a_run_stopped_before_its_first_point_gives_back_the_run_it_displaced() {
    let mut s = Session::new("http://x/", here());
    for _ in 0..MAX_RUNS {
        measure(&mut s, "workers=1-2&repeats=2");
    }
    let before: Vec<String> = s.runs().into_iter().map(|r| r.label).collect();
    let config = sample("workers=1-2&repeats=2", 2, 0.0).config;
    let dropped = s.begin(config.clone()).unwrap().unwrap();
    assert_eq!(dropped, before[0]);
    let note = crate::session::full_note(&dropped, crate::i18n::Lang::En);
    assert!(note.contains(&before[0]) && note.contains(&MAX_RUNS.to_string()), "{note}");
    assert_ne!(crate::session::full_note(&dropped, crate::i18n::Lang::Ko), note);
    assert!(s.stop(), "stopped before its first point: the displaced run is back");
    assert_eq!(s.runs().into_iter().map(|r| r.label).collect::<Vec<_>>(), before);
    s.begin(config).unwrap();
    s.add_point(sample("workers=1-2&repeats=2", 2, 0.0).points[0].clone()).unwrap();
    assert!(!s.stop(), "a run with a point keeps the room it took");
    let after: Vec<String> = s.runs().into_iter().map(|r| r.label).collect();
    assert_eq!(after.len(), MAX_RUNS);
    assert_eq!(after[..MAX_RUNS - 1], before[1..], "a run with a point keeps the room it took");
}

#[test]
fn what_the_page_measures_it_can_share_a_late_pool_and_a_long_check() {
    let mut s = Session::new("http://x/", here());
    s.set_pool(4, 100.0, 2e9);
    let doc = sample("workload=sum&n=1e12&workers=1-2&repeats=2", 2, 0.0);
    s.begin(doc.config.clone()).unwrap();
    s.started("threads", true).unwrap();
    for mut p in doc.points {
        p.check = format!("repeats disagree; {}", "sum 499999999999500000000000 ≠ n(n−1)/2 ".repeat(4).trim_end());
        assert!(p.check.chars().count() > 160);
        s.add_point(p).unwrap();
    }
    s.finish().unwrap();
    let run = s.last_run().unwrap();
    assert_eq!(run.env.pool_ready_at_ms, None, "past what a link may carry: left out");
    assert_eq!(run.env.pool_startup_ms, Some(100.0));
    let mut other = Session::new("http://x/", here());
    other.open_link(run.share_url.unwrap().split_once('#').unwrap().1).unwrap();
    assert_eq!(other.last_run().unwrap().points[0].check, s.last_run().unwrap().points[0].check);
}

#[test]
fn a_chunk_sweep_uses_a_model_that_has_points_or_there_is_none() {
    let mut s = Session::new("http://x/", here());
    let doc = sample("model=threads,gil&workers=1-2&chunk=100,200&schedule=dynamic&repeats=2", 2, 0.0);
    s.begin(doc.config.clone()).unwrap();
    assert!(s.chunk_sweep().is_none(), "no points, no sweep");
    let mut p = doc.points[0].clone();
    p.model = crate::config::Model::Gil;
    s.add_point(p).unwrap();
    let sweep = s.chunk_sweep().unwrap();
    assert!(sweep.what.ends_with(crate::config::Model::Gil.name()), "{}", sweep.what);
    assert_eq!(sweep.lines.len(), 1);
    assert!(sweep.lines.iter().all(|line| !line.points.is_empty() && line.model.is_none()));
}

#[test]
fn a_file_of_many_items_is_counted_not_held_and_an_oversized_one_says_its_size() {
    let mut s = Session::new("http://x/", here());
    let many = format!("[{}{{}}]", "{},".repeat(999_999));
    assert!(s.import_file(&many).unwrap_err().to_string().contains("holds 1000000 runs; 1 to 16"));
    assert!(s.import_file("[]").unwrap_err().to_string().contains("holds 0 runs"));
    let big = " ".repeat(crate::intake::MAX_FILE_BYTES + 1);
    let e = s.import_file(&big).unwrap_err().to_string();
    assert!(e.contains(&format!("{} bytes; at most {}", crate::intake::MAX_FILE_BYTES + 1, crate::intake::MAX_FILE_BYTES)), "{e}");
    assert!(s.runs().is_empty());
    // The page asks with File.size before reading: a size past 32 bits is told exactly.
    assert!(crate::intake::check_file_size(5e9).unwrap_err().to_string().starts_with("the file is 5000000000 bytes; at most 16777216 (16 MiB)"));
    assert!(crate::intake::check_file_size(crate::intake::MAX_FILE_BYTES as f64).is_ok());
}

#[test]
fn a_chunk_sweep_of_two_models_draws_and_says_both() {
    let mut s = Session::new("http://x/", here());
    measure_threads_and_gil(&mut s, "model=threads,gil&workers=1-2&chunk=100,200&schedule=dynamic&repeats=2");
    let sweep = s.chunk_sweep().unwrap();
    let names: Vec<String> = sweep.lines.iter().map(|l| l.name(crate::i18n::Lang::En)).collect();
    assert_eq!(names, ["threads, k = 1", "threads, k = 2", "gil, k = 1", "gil, k = 2"]);
    assert!(sweep.what.ends_with("threads, gil"), "{}", sweep.what);
    let said = s.explain(crate::i18n::Lang::En).chunk;
    assert!(said.iter().any(|t| t.starts_with("gil, k = 2: the fastest chunk size was")), "{said:?}");
}

#[test]
fn a_time_out_of_range_is_quoted_briefly_however_many_digits_it_would_take() {
    let mut s = Session::new("http://x/", here());
    measure(&mut s, "workers=1-2&repeats=2");
    let mut doc = s.last_run().unwrap();
    for (bad, quoted) in [(1e300, "1e300"), (-1e-300, "-1e-300"), (-2.5, "-2.5")] {
        doc.points[0].times_ms[0] = bad;
        let e = Session::new("http://y/", here()).import_file(&serde_json::to_string(&doc).unwrap()).unwrap_err().to_string();
        assert!(e.contains(&format!("repeat 1 is {quoted}, not a time")) && e.len() < 200, "{e}");
    }
}
