//! The session: runs measured here, opened from links and imported from
//! files, and what it hands out about them.

use super::*;
use crate::i18n::Lang;
use crate::intake::MAX_LABEL;
use crate::share::tests::sample;

pub(super) fn here() -> Env {
    Env {
        user_agent: "Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0".into(),
        hardware_concurrency: 2,
        cross_origin_isolated: true,
        timer_resolution_ms: 0.020_000_01,
        build: String::new(),
        pool_threads: None,
        pool_startup_ms: None,
        pool_ready_at_ms: None,
    }
}

pub(super) fn measure(session: &mut Session, query: &str) {
    let doc = sample(query, 2, 0.25);
    session.begin(doc.config.clone()).unwrap();
    session.started("threads", true).unwrap();
    for p in doc.points.into_iter().rev() {
        session.add_point(p).unwrap();
    }
    session.finish().unwrap();
}

/// Measures `query` (models threads,gil) with every point taken twice: under threads and under gil.
pub(super) fn measure_threads_and_gil(session: &mut Session, query: &str) {
    let mut doc = sample(query, 2, 0.25);
    let gil: Vec<_> = doc.points.iter().cloned().map(|p| Point { model: crate::config::Model::Gil, ..p }).collect();
    doc.points.extend(gil);
    session.begin(doc.config.clone()).unwrap();
    for p in doc.points {
        session.add_point(p).unwrap();
    }
    session.finish().unwrap();
}

#[test]
fn a_run_measured_here_becomes_last_run_with_a_link() {
    let mut s = Session::new("http://127.0.0.1:8000/?workload=pi&autorun=1#old", here());
    assert!(s.last_run().is_none());
    s.set_pool(4, 101.123_456, 500.0);
    measure(&mut s, "workers=1-4&repeats=2");
    let run = s.last_run().unwrap();
    assert_eq!(run.label, "Firefox 153 on Linux, 2 logical processors, isolated");
    assert_eq!(run.env.timer_resolution_ms, 0.02);
    assert_eq!(run.env.pool_startup_ms, Some(101.123));
    assert_eq!(run.points.iter().map(|p| p.workers).collect::<Vec<_>>(), vec![1, 2, 3, 4]);
    let url = run.share_url.clone().unwrap();
    assert!(url.starts_with("http://127.0.0.1:8000/#c2."), "{url}");
    let mut other = Session::new("http://localhost:9/", here());
    other.open_link(url.split_once('#').unwrap().1).unwrap();
    let mut opened = other.last_run().unwrap();
    opened.share_url = None;
    let mut original = run;
    original.share_url = None;
    assert_eq!(opened, original);
}

#[test]
fn runs_are_compared_relabelled_and_removed() {
    let mut s = Session::new("http://x/", here());
    measure(&mut s, "workers=1-2&repeats=2");
    measure(&mut s, "workers=1-2&repeats=2&model=processes&schedule=static");
    assert_eq!(s.runs().len(), 2);
    assert_eq!(s.series().len(), 2);
    let labels: Vec<String> = s.runs().into_iter().map(|r| r.label).collect();
    assert_eq!(labels[1], format!("{} — run 2", labels[0]), "same device, told apart");
    let colours: Vec<String> = s.summaries(Lang::En).into_iter().map(|r| r.colour).collect();
    assert_eq!(colours, vec!["#2563eb", "#dc2626"]);
    s.relabel(1, "  my \u{202E}laptop ").unwrap();
    assert_eq!(s.runs()[1].label, "my laptop");
    s.relabel(1, &format!(" {} ", labels[0])).unwrap();
    assert_eq!(s.runs()[1].label, format!("{} — run 2", labels[0]), "a name another run has is told apart");
    s.relabel(0, &labels[0]).unwrap();
    assert_eq!(s.runs()[0].label, labels[0], "a run keeps its own name");
    s.relabel(1, "").unwrap();
    assert!(s.runs()[1].label.starts_with("Firefox 153"));
    // The table puts the same worker count of both runs next to each other.
    let rows = s.rows(Lang::En);
    assert_eq!(rows.iter().map(|r| r.workers.as_str()).collect::<Vec<_>>(), vec!["1", "1", "2", "2"]);
    let link = s.comparison_fragment().unwrap().unwrap();
    let second = s.summaries(Lang::En)[1].id;
    assert_ne!(s.summaries(Lang::En)[0].id, second, "each run its own id");
    s.remove(0).unwrap();
    assert!(s.last_run().is_some(), "the second run is still the last one");
    assert_eq!(s.summaries(Lang::En)[0].colour, "#dc2626", "a run keeps its colour");
    assert_eq!(s.summaries(Lang::En)[0].id, second, "and its id, where it moved");
    assert_eq!(s.open_link(&link).unwrap(), 2);
    assert_eq!(s.runs().len(), 2);
    assert!(s.remove(5).is_err());
    // Removing the last run makes the newest one left the last: its link and export stay.
    let first = s.runs()[0].label.clone();
    s.remove(1).unwrap();
    assert_eq!(s.last_run().map(|r| r.label), Some(first));
    s.remove(0).unwrap();
    assert!(s.last_run().is_none());
}

#[test]
fn an_exported_file_imports_as_the_same_run() {
    let mut s = Session::new("http://x/", here());
    measure(&mut s, "workers=1-3&repeats=2");
    let exported = serde_json::to_string_pretty(&s.last_run().unwrap()).unwrap();
    let mut t = Session::new("http://y/", here());
    assert_eq!(t.import_file(&exported).unwrap(), Added { added: 1, already: 0 });
    let mut a = s.last_run().unwrap();
    let mut b = t.last_run().unwrap();
    a.share_url = None;
    b.share_url = None;
    assert_eq!(a, b);
    // runs() as a file imports too; a run already compared is not added again, under any label.
    measure(&mut s, "workers=1-2&repeats=2");
    let mut both = s.runs();
    both[0].label = "renamed".into();
    assert_eq!(t.import_file(&serde_json::to_string(&both).unwrap()).unwrap(), Added { added: 1, already: 1 });
    let twice = serde_json::to_string(&[&both[1], &both[1]]).unwrap();
    assert_eq!(Session::new("http://z/", here()).import_file(&twice).unwrap(), Added { added: 1, already: 1 }, "nor twice from one file");
    for bad in ["", "<script>alert(1)</script>", "[]", "42", r#"{"version": 99}"#, r#"{"version": 1}"#] {
        assert!(t.import_file(bad).is_err(), "{bad}");
    }
    assert_eq!(t.runs().len(), 2, "a refused file changes nothing");
}

#[test]
fn an_imported_start_lag_is_recomputed_from_the_chunks() {
    let mut s = Session::new("http://x/", here());
    measure(&mut s, "workers=1-2&repeats=2");
    let mut doc = s.last_run().unwrap();
    let two = doc.points.iter_mut().find(|p| p.workers == 2).unwrap();
    let chunk = |worker, first, start_ms| crate::engine::ChunkRecord { worker, first, end: first + 1, start_ms, end_ms: start_ms + 1.0 };
    two.chunks = vec![chunk(0, 0, 0.0), chunk(1, 1, 0.125), chunk(0, 2, 1.0)];
    two.chunks_total = 3;
    two.start_lag_ms = Some(99.0);
    let mut t = Session::new("http://y/", here());
    t.import_file(&serde_json::to_string(&doc).unwrap()).unwrap();
    let imported = t.last_run().unwrap();
    assert_eq!(imported.points.iter().find(|p| p.workers == 2).unwrap().start_lag_ms, Some(0.125), "a file's own figure is not believed");
    assert_eq!(imported.points.iter().find(|p| p.workers == 1).unwrap().start_lag_ms, None, "no chunk records, no lag");
    // Pool thread indices may exceed k (a larger pool), but not name more workers than threads used.
    let two = doc.points.iter_mut().find(|p| p.workers == 2).unwrap();
    two.chunks = vec![chunk(5, 0, 0.0), chunk(7, 1, 0.125), chunk(5, 2, 1.0)];
    t.import_file(&serde_json::to_string(&doc).unwrap()).unwrap();
    let two = doc.points.iter_mut().find(|p| p.workers == 2).unwrap();
    two.chunks = vec![chunk(0, 0, 0.0), chunk(1, 1, 0.125), chunk(3, 2, 1.0)];
    assert!(t.import_file(&serde_json::to_string(&doc).unwrap()).unwrap_err().to_string().contains("name 3 workers, more than the 2 threads used"));
    let two = doc.points.iter_mut().find(|p| p.workers == 2).unwrap();
    two.chunks.clear();
    two.threads_used = 0;
    // The same refusal in Korean, the run and the point named in Korean too.
    assert_import_refused(
        &mut t,
        &doc,
        "run 1, the point k = 2 (threads, chunk 40): 0 threads used, not 1 to its 2 workers",
        "측정 1, k = 2 지점 (threads, 청크 40): 사용한 스레드 0개: 1부터 워커 수 2까지가 아닙니다",
    );
}

/// `doc`, imported into `s`, is refused with `en` in English and `ko` in Korean.
fn assert_import_refused(s: &mut Session, doc: &Results, en: &str, ko: &str) {
    let refused = s.import_file(&serde_json::to_string(doc).unwrap()).unwrap_err();
    assert_eq!(refused.to_string(), en);
    assert_eq!(refused.message_in(Lang::Ko), ko);
}

#[test]
fn refused_links_and_files_are_said_in_the_page_s_language() {
    let mut s = Session::new("http://x/", here());
    let damaged = s.add_link("#c2.@@@").unwrap_err();
    assert!(damaged.to_string().starts_with("the link is damaged: its results are not valid URL-safe base64 ("), "{damaged}");
    assert!(damaged.message_in(Lang::Ko).starts_with("링크가 손상되었습니다: 결과가 올바른 URL-safe base64가 아닙니다 ("), "{}", damaged.message_in(Lang::Ko));
    assert_eq!(s.import_file("[]").unwrap_err().message_in(Lang::Ko), "파일에 측정이 0개 있습니다. 1개부터 16개까지 받습니다");
    // A configuration refused inside a file: the file's words and the parameter's, both in Korean.
    let mut doc = crate::share::tests::sample("workers=1-2", 1, 0.25);
    doc.config.repeats = 0;
    assert_import_refused(&mut s, &doc, "run 1: its configuration is not valid: repeats: 0 is outside 1–50", "측정 1: 설정이 올바르지 않습니다: repeats: 0: 1–50 범위를 벗어났습니다");
}

#[test]
fn points_survive_json_exactly() {
    // serde_json parses floats exactly only with `float_roundtrip`; without it a
    // median recomputed after a trip through JSON could differ in the last bit.
    let mut s = Session::new("http://x/", here());
    measure(&mut s, "workers=1-8&repeats=4");
    let doc = s.last_run().unwrap();
    let back: Results = serde_json::from_str(&serde_json::to_string(&doc).unwrap()).unwrap();
    // What the page derives (analysis, link) is written, never read back.
    assert!(back.analysis.is_empty() && back.share_url.is_none() && !doc.analysis.is_empty());
    assert_eq!(Results { analysis: doc.analysis.clone(), share_url: doc.share_url.clone(), ..back.clone() }, doc);
    let admitted = crate::intake::admit(back, &"run".into()).unwrap();
    assert_eq!(admitted.points, doc.points);
}

#[test]
fn csv_has_a_row_per_run_and_point_and_defuses_formulas() {
    let mut s = Session::new("http://x/", here());
    measure(&mut s, "workers=1-3&repeats=2");
    measure(&mut s, "workers=1-2&repeats=2");
    s.relabel(0, "=HYPERLINK(\"x\"), with a comma").unwrap();
    let csv = s.csv();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 1 + 3 + 2);
    assert!(lines[0].starts_with("run,label,browser"));
    assert!(lines[1].starts_with("1,\"'=HYPERLINK(\"\"x\"\"), with a comma\""), "{}", lines[1]);
}

#[test]
fn the_runs_list_speaks_the_page_language_and_the_label_stays_english() {
    let mut s = Session::new("http://x/", here());
    measure(&mut s, "workload=primes&workers=1-3&repeats=2&chunk=100,1000");
    let points = s.runs()[0].points.len();
    let en = &s.summaries(Lang::En)[0];
    let ko = &s.summaries(Lang::Ko)[0];
    assert_eq!(en.label, "Firefox 153 on Linux, 2 logical processors, isolated");
    assert_eq!(ko.label, en.label, "a label is data: the same in every language");
    assert!(en.about.starts_with("Firefox 153 on Linux, 2 logical processors, isolated; primes n = "), "{}", en.about);
    assert!(en.about.contains(", chunks 100,1000, workers 1–3 ("), "{}", en.about);
    assert!(en.about.ends_with(&format!("(measured here, {points} points)")), "{}", en.about);
    assert!(ko.about.starts_with("Linux의 Firefox 153, 논리 프로세서 2개, 격리됨; primes n = "), "{}", ko.about);
    assert!(ko.about.contains(", 청크 100,1000, 워커 1–3 ("), "{}", ko.about);
    assert!(ko.about.ends_with(&format!("(여기서 측정, 지점 {points}개)")), "{}", ko.about);

    let doc = sample("workers=1-2&repeats=2", 2, 0.0);
    s.begin(doc.config.clone()).unwrap();
    s.add_point(doc.points[0].clone()).unwrap();
    assert!(s.summaries(Lang::Ko)[1].about.ends_with("(여기서 측정, 지점 1개 — 측정 중…)"), "{}", s.summaries(Lang::Ko)[1].about);
    s.stop();
    assert!(s.summaries(Lang::En)[1].about.ends_with("(measured here, 1 point — stopped before the end)"), "{}", s.summaries(Lang::En)[1].about);
}

#[test]
fn labels_made_here_fit_what_a_link_or_file_may_carry() {
    let mut doc = sample("workers=1-2&repeats=2", 2, 0.25);
    doc.label = "L".repeat(MAX_LABEL);
    let file = serde_json::to_string(&doc).unwrap();
    let mut s = Session::new("http://x/", here());
    s.import_file(&file).unwrap();
    // The same label on another measurement.
    doc.points[0].times_ms[0] += 1.0;
    s.import_file(&serde_json::to_string(&doc).unwrap()).unwrap();
    // No label: the default is made from the user agent, which is a stranger's.
    doc.label = String::new();
    doc.env.user_agent = format!("Mozilla/5.0 Firefox/{}", "9".repeat(300));
    s.import_file(&serde_json::to_string(&doc).unwrap()).unwrap();
    let labels: Vec<String> = s.runs().into_iter().map(|r| r.label).collect();
    assert!(labels.iter().all(|l| l.chars().count() <= MAX_LABEL), "{labels:?}");
    assert!(labels[1].ends_with(" — run 2") && labels[1].starts_with("LLL"), "{}", labels[1]);
    // What the page writes, it reads back: the comparison link and its runs as a file.
    let mut other = Session::new("http://x/", here());
    assert_eq!(other.open_link(&s.comparison_fragment().unwrap().unwrap()).unwrap(), 3);
    let mut third = Session::new("http://x/", here());
    assert_eq!(third.import_file(&serde_json::to_string(&s.runs()).unwrap()).unwrap(), Added { added: 3, already: 0 });
    assert_eq!(other.import_file(&serde_json::to_string(&s.runs()).unwrap()).unwrap(), Added { added: 0, already: 3 }, "the very same runs, already compared");
}

#[test]
fn a_bad_file_is_refused_with_a_message_that_shows_its_text_safely() {
    let mut doc = serde_json::to_value(sample("workers=1-2&repeats=2", 2, 0.25)).unwrap();
    doc["config"]["workload"] = format!("pi\u{202E}{}", "A".repeat(100_000)).into();
    let message = Session::new("http://x/", here()).import_file(&doc.to_string()).unwrap_err().to_string();
    assert!(message.starts_with("run 1 is not a Corescope results document: unknown variant"), "{message}");
    assert!(message.chars().count() < 300 && message.contains("\\u{202E}") && !message.contains('\u{202E}'), "{message}");
    assert!(message.contains("…") && message.contains(" at line 1 column "), "cut, and still says where: {message}");
}

#[test]
fn a_negative_zero_time_is_read_as_zero() {
    let mut doc = sample("workers=1-2&repeats=2", 2, 0.25);
    doc.points[0].times_ms = vec![-0.0, 1.0];
    let mut s = Session::new("http://x/", here());
    s.import_file(&serde_json::to_string(&doc).unwrap()).unwrap();
    assert!(s.runs()[0].points[0].min_ms.is_sign_positive(), "{:?}", s.runs()[0].points[0].times_ms);
}

#[test]
fn a_zero_time_shows_no_transfer_share() {
    let doc = sample("workload=copy&n=4&model=processes&workers=1-2&repeats=2", 2, 0.25);
    let mut s = Session::new("http://x/", here());
    // Times of zero (a run too quick for the timer): no share to show, and no "NaN %".
    let mut quick = doc;
    for p in &mut quick.points {
        p.times_ms = vec![0.0, 0.0];
        p.transfer_ms = Some(0.0);
    }
    s.import_file(&serde_json::to_string(&quick).unwrap()).unwrap();
    let rows = s.rows(Lang::En);
    assert!(rows.iter().all(|r| r.traffic.starts_with("sent 4 MiB: receiving it took 0.0 ms") && !r.traffic.contains('%')), "{:?}", rows.iter().map(|r| &r.traffic).collect::<Vec<_>>());
}

#[test]
fn a_default_label_is_made_in_the_pages_language_and_then_stays() {
    let mut s = Session::new("http://x/", here());
    s.set_lang(Lang::Ko);
    measure(&mut s, "workers=1-2");
    measure(&mut s, "workers=1-2");
    let labels: Vec<String> = s.runs().into_iter().map(|r| r.label).collect();
    assert_eq!(labels[0], describe_in(&here(), Lang::Ko));
    assert_eq!(labels[1], format!("{} — 측정 2", labels[0]));
    s.set_lang(Lang::En);
    assert_eq!(s.runs()[0].label, labels[0], "a label is data: it stays");
    s.relabel(0, "").unwrap();
    assert_eq!(s.runs()[0].label, describe(&here()), "emptied, it is made again in the page's language");
}

#[test]
fn a_run_measured_here_is_known_when_its_link_comes_back() {
    let mut s = Session::new("http://x/", here());
    let doc = sample("workers=1-2&repeats=2", 2, 0.25);
    s.begin(doc.config.clone()).unwrap();
    for mut p in doc.points {
        // Chunk records and the lag read from them stay here; a link does not carry them.
        p.chunks = vec![crate::engine::ChunkRecord { worker: 0, first: 0, end: 1, start_ms: 0.0, end_ms: 1.0 }];
        p.start_lag_ms = Some(0.0);
        s.add_point(p).unwrap();
    }
    s.finish().unwrap();
    let link = s.comparison_fragment().unwrap().unwrap();
    assert_eq!(s.add_link(&link).unwrap(), Added { added: 0, already: 1 });
    assert_eq!(s.runs().len(), 1);
}
