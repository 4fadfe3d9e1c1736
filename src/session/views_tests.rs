//! What the session shows about a comparison: series colours, and the
//! short names legends, table rows and sentences share.

use super::tests::{here, measure, measure_threads_and_gil};
use super::*;
use crate::i18n::Lang;
use crate::share::tests::sample;

#[test]
fn a_short_label_keeps_what_tells_series_apart() {
    let long = "Chrome (headless) 156 on Linux, 2 logical processors, isolated";
    assert_eq!(short_label("Firefox 153 — gil"), "Firefox 153 — gil");
    assert_eq!(short_label(&format!("{long} — run 2")), "Chrome (headless) 156… — run 2");
    assert_eq!(short_label(&format!("{long} — threads")), "Chrome (headless) 156… — threads");
    assert_eq!(short_label(&format!("{long} — processes, chunk 1000")), "Chrome (headless) 156… — processes, chunk 1000", "every series of a run cut alike");
    assert_eq!(short_label("Firefox 153 on Linux, 2 logical processors"), "Firefox 153 on Linux…");
    assert_eq!(short_label("Pixel8Pro-Chrome131-Android15-big-cores"), "Pixel8Pro-Chrome131-And…", "no word end near: cut where it falls");
    assert_eq!(short_label("내 휴대폰에서 크롬으로 측정한 결과입니다 두 번째"), "내 휴대폰에서 크롬으로 측정한 결과입니다…", "cut between characters, not bytes");
    let mut s = Session::new("http://x/", here());
    measure(&mut s, "workers=1-2");
    measure(&mut s, "workers=1-2");
    let rows = s.rows(Lang::En);
    assert!(rows.iter().any(|r| r.run.ends_with("… — run 2") && r.run_full.ends_with(", isolated — run 2")), "the table keeps the run's number");
    let said = s.explain(Lang::En).speedup;
    // Two series given the very same sentence share it, named as the legends name them.
    // (After what the dashed curve is, which names no series.)
    assert!(said[1..].iter().all(|t| t.starts_with("Firefox 153 on Linux… and Firefox 153 on Linux… — run 2: ")), "{said:?}");
    let ko = s.explain(Lang::Ko).speedup;
    assert!(ko[1..].iter().all(|t| t.starts_with("Firefox 153 on Linux…, Firefox 153 on Linux… — run 2: ")), "{ko:?}");
}

#[test]
fn two_runs_of_two_models_draw_four_colours() {
    let mut s = Session::new("http://x/", here());
    measure_threads_and_gil(&mut s, "model=threads,gil&workers=1-2");
    let legends: Vec<String> = s.series().iter().map(|x| x.legend.clone()).collect();
    assert_eq!(legends, ["threads", "gil"], "one run: the legend names only what tells its series apart");
    measure_threads_and_gil(&mut s, "workload=wait&model=threads,gil&workers=1-2");
    assert_eq!(s.series().len(), 4);
    assert!(s.series().iter().all(|x| x.legend == short_label(&x.label) && x.legend.contains(" — ")), "two runs: each legend names its run");
    let colours: std::collections::BTreeSet<_> = s.series().iter().map(|x| x.colour).collect();
    assert_eq!(colours.len(), 4, "every series its own colour");
}

/// A series is told apart by its colour and its mark — past the palette's
/// eight colours by its mark alone: in the charts (`Series`), the table and
/// the runs list alike.
#[test]
fn past_eight_series_the_marks_tell_them_apart() {
    let mut s = Session::new("http://x/", here());
    for _ in 0..5 {
        measure_threads_and_gil(&mut s, "model=threads,gil&workers=1-2");
    }
    let looks: std::collections::BTreeSet<_> = s.series().iter().map(|x| (x.colour, x.mark)).collect();
    assert_eq!((s.series().len(), looks.len()), (10, 10), "every series its own colour and mark");
    let colours: std::collections::BTreeSet<_> = s.series().iter().map(|x| x.colour).collect();
    assert_eq!(colours.len(), 8, "the whole palette is used before a mark repeats a colour");
    let rows = s.rows(Lang::En);
    let marks: std::collections::BTreeSet<&str> = rows.iter().map(|r| r.mark).collect();
    assert_eq!(marks, ["circle", "triangle", "square", "diamond"].into_iter().collect());
    let keys: Vec<(String, &str)> = s.summaries(Lang::En).iter().flat_map(|r| r.series.iter().map(|k| (k.colour.clone(), k.mark))).collect();
    let drawn: Vec<(String, &str)> = s.series().iter().map(|x| (super::views::hex(x.colour), x.mark.name())).collect();
    assert_eq!(keys, drawn, "the runs list's key shows each series as the charts draw it");
}

/// A series keeps its colour while its run's other models gain their first
/// points and while other runs come and go.
#[test]
fn a_series_keeps_its_colour() {
    let mut s = Session::new("http://x/", here());
    let colour_of = |s: &Session, label: &str| s.series().iter().find(|x| x.label.ends_with(label)).map(|x| x.colour);
    let doc = sample("model=threads,gil&workers=1-2", 2, 0.25);
    s.begin(doc.config.clone()).unwrap();
    let mut gil = doc.points[0].clone();
    gil.model = crate::config::Model::Gil;
    s.add_point(gil).unwrap();
    let gil_colour = colour_of(&s, "gil").unwrap();
    for p in doc.points {
        s.add_point(p).unwrap();
    }
    s.finish().unwrap();
    let threads_colour = colour_of(&s, "threads").unwrap();
    assert_eq!(colour_of(&s, "gil"), Some(gil_colour), "the threads series' arrival left gil's colour");
    assert_ne!(threads_colour, gil_colour);
    measure(&mut s, "workers=1-2&model=processes");
    measure(&mut s, "workers=1-2&model=threads,processes");
    assert_eq!((colour_of(&s, "— gil"), colour_of(&s, "— threads")), (Some(gil_colour), Some(threads_colour)), "runs added after it left its colours");
    let colours: std::collections::BTreeSet<_> = s.series().iter().map(|x| x.colour).collect();
    assert!(s.series().len() >= 4 && colours.len() == s.series().len(), "every series its own colour");
    s.remove(1).unwrap();
    assert_eq!(colour_of(&s, "— gil"), Some(gil_colour), "a removed run left its colours");
}

#[test]
fn the_csv_writes_a_median_without_float_noise() {
    let mut s = Session::new("http://x/", here());
    let mut doc = sample("workers=1", 2, 0.0);
    let p = &mut doc.points[0];
    (p.times_ms, p.min_ms, p.max_ms) = (vec![1.49, 1.495], 1.49, 1.495);
    p.median_ms = (1.49 + 1.495) / 2.0;
    assert_eq!(p.median_ms.to_string(), "1.4925000000000002", "the noise this test is about");
    s.begin(doc.config.clone()).unwrap();
    for p in doc.points {
        s.add_point(p).unwrap();
    }
    s.finish().unwrap();
    assert!(s.csv().lines().nth(1).unwrap().contains(",1.4925,1.49,1.495,"), "{}", s.csv());
}

#[test]
fn the_runs_list_names_a_runs_series_by_colour_when_it_has_several() {
    let mut s = Session::new("http://x/", here());
    measure_threads_and_gil(&mut s, "model=threads,gil&workers=1-2");
    measure(&mut s, "workers=1-2");
    let summaries = s.summaries(Lang::En);
    let key: Vec<(&str, &str)> = summaries[0].series.iter().map(|k| (k.name.as_str(), k.colour.as_str())).collect();
    let drawn: Vec<String> = s.series().iter().take(2).map(|x| super::views::hex(x.colour)).collect();
    assert_eq!(key, [("threads", drawn[0].as_str()), ("gil", drawn[1].as_str())], "the colours the charts draw");
    assert!(summaries[1].series.is_empty(), "one series: the run's own swatch says it");
}

/// The time chart goes logarithmic only when its medians span more than
/// 30×: threads against processes on `copy`, not the ordinary curve of one run.
#[test]
fn the_time_axis_is_logarithmic_only_for_a_wide_span() {
    let mut s = Session::new("http://x/", here());
    measure(&mut s, "workers=1-8");
    assert!(!log_time_axis(&s.series()), "a sweep's own curve stays linear");
    let mut slow = sample("workers=1-8", 2, 0.25);
    for p in &mut slow.points {
        p.times_ms.iter_mut().for_each(|t| *t *= 100.0);
        p.median_ms *= 100.0;
    }
    slow.label = "slow".into();
    s.import_file(&serde_json::to_string(&slow).unwrap()).unwrap();
    assert!(log_time_axis(&s.series()), "{:?}", s.series().iter().map(|x| x.points.iter().map(|p| p.median_ms).collect::<Vec<_>>()).collect::<Vec<_>>());
}

#[test]
fn the_time_chart_s_caption_names_the_log_axis_ratio() {
    let ratio = super::views::LOG_TIME_RATIO;
    assert!(Lang::En.text("explain.time").contains(&format!("more than {ratio}×")));
    assert!(Lang::Ko.text("explain.time").contains(&format!("{ratio}배")));
}

/// A series' chunk size is named in the page's language, wherever series are named.
#[test]
fn chunk_sizes_are_named_in_the_page_s_language() {
    let mut s = Session::new("http://x/", here());
    let mut doc = sample("workers=1-2&schedule=dynamic&chunk=100,1000", 2, 0.25);
    let bigger: Vec<_> = doc.points.iter().cloned().map(|p| crate::results::Point { chunk: 1000, ..p }).collect();
    doc.points.extend(bigger);
    s.begin(doc.config.clone()).unwrap();
    for p in doc.points {
        s.add_point(p).unwrap();
    }
    s.finish().unwrap();
    assert!(s.series().iter().any(|x| x.label.ends_with(" — chunk 1000")));
    s.set_lang(Lang::Ko);
    let labels: Vec<String> = s.series().iter().map(|x| x.label.clone()).collect();
    assert!(labels.iter().all(|l| l.contains(" — 청크 ")), "{labels:?}");
    let keys: Vec<String> = s.summaries(Lang::Ko)[0].series.iter().map(|k| k.name.clone()).collect();
    assert_eq!(keys, ["청크 100", "청크 1000"]);
}

/// The progress line names the point being measured by what its run compares, in the page's language.
#[test]
fn a_point_in_progress_is_named_by_what_the_run_compares() {
    use crate::config::Model;
    let label = |query: &str, model: Model, chunk: u64, lang: Lang| {
        let mut s = Session::new("http://x/", here());
        s.begin(sample(query, 1, 0.0).config).unwrap();
        s.point_label(3, model, chunk, lang)
    };
    assert_eq!(label("workers=1-4", Model::Threads, 10, Lang::En), "k = 3");
    assert_eq!(label("model=threads,gil&workers=1-4", Model::Gil, 10, Lang::En), "k = 3, gil");
    let both = "workload=primes&schedule=dynamic&chunk=100,1000&model=threads,processes&workers=1-4";
    assert_eq!(label(both, Model::Processes, 1000, Lang::En), "k = 3, processes, chunk 1000");
    assert_eq!(label(both, Model::Processes, 1000, Lang::Ko), "k = 3, processes, 청크 1000");
    assert_eq!(Session::new("http://x/", here()).point_label(2, Model::Threads, 1, Lang::En), "k = 2", "no live run: the count alone");
}
