//! The link codec: exact round trips, typical lengths, and strangers'
//! input — a fixed hostile corpus plus generated and mutated links.

use super::*;
use crate::config::parse_query;
use crate::intake::admit;
use crate::results::{round_to_us, Env, Point, Results, RESULTS_VERSION};
use proptest::prelude::*;

const CHROME: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36";

/// A realistic run: `workers` worker counts, `repeats` times each (µs-rounded, as measured).
pub fn sample(query: &str, repeats: usize, salt: f64) -> Results {
    let config = parse_query(query, 8).unwrap().config;
    let points = config
        .workers
        .iter()
        .map(|&k| {
            let copies = config.workload == crate::kernels::WorkloadKind::Copy;
            let processes = config.model == crate::config::Model::Processes;
            let times_ms: Vec<f64> = (0..repeats).map(|r| round_to_us(400.0 / f64::from(k) + 0.123_456_7 * r as f64 + salt)).collect();
            let median_ms = crate::measure::median(&times_ms);
            Point {
                workers: k,
                model: config.model,
                schedule: config.schedule,
                chunk: config.chunk,
                median_ms,
                min_ms: times_ms.iter().copied().fold(f64::INFINITY, f64::min),
                max_ms: times_ms.iter().copied().fold(f64::NEG_INFINITY, f64::max),
                times_ms,
                answer: "3.141593".into(),
                verified: true,
                check: "within 6σ of π".into(),
                threads_used: k,
                chunks: vec![],
                chunks_total: config.workload.units(config.n).min(256),
                start_lag_ms: None,
                startup_ms: (config.model == crate::config::Model::Processes).then_some(round_to_us(31.25 + salt)),
                dispatch_ms: (config.model != crate::config::Model::Processes).then_some(round_to_us(0.042 + salt / 1000.0)),
                transfer_ms: copies.then(|| if processes { round_to_us(12.5 + salt) } else { 0.0 }),
                transfer_bytes: copies.then(|| if processes { config.workload.input_bytes(config.n) } else { 0 }),
                bandwidth_gbs: config.workload.bytes_moved(config.n).and_then(|b| crate::results::bandwidth_gbs(b, median_ms)),
            }
        })
        .collect();
    Results {
        version: RESULTS_VERSION,
        label: "Chrome 156 on Linux, 8 logical processors, isolated".into(),
        env: Env {
            user_agent: CHROME.into(),
            hardware_concurrency: 8,
            cross_origin_isolated: true,
            timer_resolution_ms: 0.005,
            build: "threads".into(),
            pool_threads: Some(16),
            pool_startup_ms: Some(123.456),
            pool_ready_at_ms: Some(640.125),
        },
        config,
        points,
        analysis: Vec::new(),
        share_url: None,
    }
}

#[test]
fn a_link_gives_back_exactly_what_went_in() {
    for query in [
        "workers=1-8&repeats=5",
        "workload=factor&model=processes&schedule=static&workers=1,2,4&repeats=3",
        "workload=sum&model=gil&workers=1-2&repeats=1&seed=77",
        "workload=wait&model=gil&wait_ms=25&workers=1-8",
        "workload=copy&model=processes&n=32&workers=1-4",
        "workload=copy&model=threads&n=32&workers=1-4",
        "workload=triad&workers=1-2",
    ] {
        let doc = sample(query, parse_query(query, 8).unwrap().config.repeats as usize, 0.000_5);
        let back = decode(&encode(&[&doc]).unwrap()).unwrap();
        assert_eq!(back, vec![doc], "{query}");
    }
}

#[test]
fn a_version_1_link_still_opens() {
    let doc = sample("workers=1-4&repeats=3", 3, 0.25);
    let v1 = wire::LinkV1 { runs: vec![wire::RunV1::from_results(&doc)] };
    let packed = miniz_oxide::deflate::compress_to_vec_zlib(&postcard::to_allocvec(&v1).unwrap(), 10);
    let back = decode(&format!("c1.{}", URL_SAFE_NO_PAD.encode(packed))).unwrap();
    assert_eq!(back, vec![doc]);
    assert!(encode(&[&back[0]]).unwrap().starts_with("c2."), "this page writes version 2");
}

#[test]
fn a_comparison_keeps_its_runs_in_order() {
    let a = sample("workers=1-4&repeats=3", 3, 0.0);
    let mut b = sample("workers=1-4&repeats=3&model=processes&schedule=static", 3, 1.5);
    b.label = "my phone".into();
    let back = decode(&format!("#{}", encode(&[&a, &b]).unwrap())).unwrap();
    assert_eq!(back, vec![a, b]);
}

#[test]
fn typical_links_are_short() {
    // The bound: a 1..8 sweep with 5 repeats in 1 500 characters, address included.
    let base = "https://corescope.example/";
    for (workers, repeats, bound) in [("1-2", 3, 600), ("1-2", 5, 600), ("1-8", 3, 1_500 - base.len()), ("1-8", 5, 1_500 - base.len()), ("1-16", 3, 2_500), ("1-16", 5, 2_500)] {
        let doc = sample(&format!("workers={workers}&repeats={repeats}"), repeats, 0.0);
        let len = encode(&[&doc]).unwrap().len() + 1;
        eprintln!("fragment of a {workers} sweep, {repeats} repeats: {len} characters");
        assert!(len <= bound, "workers {workers}, {repeats} repeats: {len} characters");
    }
}

#[test]
fn hostile_links_are_refused_with_a_reason() {
    let good = encode(&[&sample("workers=1-4&repeats=3", 3, 0.0)]).unwrap();
    let huge = format!("c1.{}", "A".repeat(MAX_FRAGMENT_CHARS));
    let bomb = format!("c1.{}", URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec_zlib(&vec![0u8; 4 << 20], 10)));
    let cases: Vec<(String, &str)> = vec![
        (good[..good.len() / 2].to_string(), "damaged"),
        (good[..good.len() - 1].to_string(), "damaged"),
        (good.replacen("c2.", "c9.", 1), "newer version"),
        (good.replacen("c2.", "c99999999999.", 1), "link format 99999999999;"),
        (good.replacen("c2.", "c0.", 1), "older"),
        ("c1.<script>alert(1)</script>".into(), "base64"),
        ("c1.".into(), "damaged"),
        ("hello".into(), "not a Corescope share link"),
        (huge, "at most"),
        (bomb, "inflate to more than"),
        (format!("c1.{}", URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec_zlib(&[0], 6))), "1 to 16 are accepted"),
    ];
    for (link, reason) in cases {
        let e = decode(&link).expect_err(&link[..link.len().min(60)]);
        assert!(e.to_string().contains(reason), "{}: {e}", &link[..link.len().min(60)]);
    }
}

#[test]
fn every_field_of_a_decoded_run_is_validated() {
    let mut doc = sample("workers=1-2&repeats=2", 2, 0.0);
    doc.points[0].threads_used = 9;
    assert!(decode(&encode(&[&doc]).unwrap()).unwrap_err().to_string().contains("threads used"));
    let mut doc = sample("workers=1-2&repeats=2", 2, 0.0);
    doc.config.n = 0;
    assert!(decode(&encode(&[&doc]).unwrap()).unwrap_err().to_string().contains("configuration"));
    let mut doc = sample("workers=1-2&repeats=2", 2, 0.0);
    doc.env.user_agent = "x".repeat(1000);
    assert!(decode(&encode(&[&doc]).unwrap()).unwrap_err().to_string().contains("user agent"));
    let mut doc = sample("workers=1-2&repeats=2", 2, 0.0);
    doc.points[1].times_ms.push(1.0);
    doc.points[1].times_ms.push(1.0);
    assert!(decode(&encode(&[&doc]).unwrap()).unwrap_err().to_string().contains("repeats"));
}

#[test]
fn labels_lose_bidi_and_control_characters() {
    let mut doc = sample("workers=1-2&repeats=1", 1, 0.0);
    doc.label = "\u{202E}<img src=x onerror=alert(1)>\u{0000}".into();
    let back = decode(&encode(&[&doc]).unwrap()).unwrap();
    assert_eq!(back[0].label, "<img src=x onerror=alert(1)>");
}

fn arb_doc() -> impl Strategy<Value = Results> {
    (1u32..=16, 1usize..=5, 0.0f64..1000.0, any::<bool>(), "\\PC{0,40}", 0usize..4).prop_map(|(k, repeats, salt, processes, label, workload)| {
        let workload = ["pi", "sum", "factor", "primes"][workload];
        let model = if processes { "processes" } else { "threads" };
        let mut doc = sample(&format!("workload={workload}&model={model}&workers=1-{k}&repeats={repeats}"), repeats, salt);
        doc.label = label;
        doc
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2_000, ..ProptestConfig::default() })]

    /// Any valid run comes back as the intake would admit it.
    #[test]
    fn generated_runs_round_trip(doc in arb_doc()) {
        let expected = admit(doc.clone(), &"run".into()).unwrap();
        let back = decode(&encode(&[&doc]).unwrap()).unwrap();
        prop_assert_eq!(back, vec![expected]);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 10_000, ..ProptestConfig::default() })]

    /// Mutated links (flipped, cut, inserted characters) never panic, and
    /// whatever decodes is admitted again unchanged.
    #[test]
    fn mutated_links_never_panic(doc in arb_doc(), edits in proptest::collection::vec((any::<prop::sample::Index>(), 0u8..3, 0u8..64), 1..4)) {
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let mut link: Vec<u8> = encode(&[&doc]).unwrap().into_bytes();
        for (at, kind, ch) in edits {
            let i = at.index(link.len());
            match kind {
                0 => link[i] = ALPHABET[usize::from(ch)],
                1 => link.truncate(i.max(1)),
                _ => link.insert(i, ALPHABET[usize::from(ch)]),
            }
        }
        let link = String::from_utf8(link).unwrap();
        if let Ok(runs) = decode(&link) {
            for run in runs {
                prop_assert_eq!(admit(run.clone(), &"again".into()).unwrap(), run);
            }
        }
    }

    /// Arbitrary text never panics the decoder.
    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,200}", prefix in prop::bool::ANY) {
        let _ = decode(&if prefix { format!("c1.{text}") } else { text });
    }
}

#[test]
fn runs_too_large_for_a_link_get_none_rather_than_one_that_is_refused() {
    // Noisy times compress badly: ten runs of 64 worker counts × 50 repeats.
    let runs: Vec<Results> = (0..10u64)
        .map(|run| {
            let mut doc = sample("workers=1-64&repeats=50", 50, 0.25);
            for (i, p) in (0u64..).zip(doc.points.iter_mut()) {
                p.times_ms = (0..50u64).map(|r| round_to_us(1.0 + 100.0 * (crate::kernels::rng::mix64((run << 32) + i * 1000 + r) as f64 / u64::MAX as f64))).collect();
            }
            doc
        })
        .collect();
    // (Not `expect_err`: it would print the whole fragment.)
    let Err(too_long) = encode(&runs.iter().collect::<Vec<_>>()) else { panic!("ten such runs do not fit a link") };
    assert!(too_long.chars > MAX_FRAGMENT_CHARS, "{too_long:?}");
    let one = encode(&[&runs[0]]).unwrap();
    eprintln!("one run of 64 worker counts × 50 noisy repeats: {} characters; ten: {}", one.len(), too_long.chars);
    assert_eq!(decode(&one).unwrap().len(), 1, "one of them fits, and reads back");
}
