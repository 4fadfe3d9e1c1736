//! Reading URLs and validating configurations.
use super::*;

fn parse(q: &str) -> Result<Request, ConfigError> {
    parse_query(q, 2)
}

#[test]
fn defaults_sweep_to_twice_the_cores() {
    let r = parse("").unwrap();
    assert_eq!(r.config.workers, vec![1, 2, 3, 4]);
    assert_eq!(r.config.workload, WorkloadKind::Pi);
    assert_eq!(r.config.model, Model::Threads);
    assert_eq!(r.config.repeats, 3);
    assert!(!r.autorun);
    assert_eq!(default_workers(48).len(), MAX_WORKERS as usize);
}

#[test]
fn reads_every_parameter() {
    let r = parse("?workload=primes&model=gil&schedule=static&n=1e6&workers=1,2,4&repeats=5&chunk=100&seed=9&autorun=1").unwrap();
    let c = r.config;
    assert_eq!((c.workload, c.model, c.schedule), (WorkloadKind::Primes, Model::Gil, Schedule::Static));
    assert_eq!((c.n, c.repeats, c.chunk, c.seed), (1_000_000, 5, 100, 9));
    assert_eq!(c.workers, vec![1, 2, 4]);
    assert!(r.autorun);
    assert_eq!(parse("lang=ko").unwrap().lang, Some(crate::i18n::Lang::Ko));
    assert_eq!(parse("").unwrap().lang, None);
}

#[test]
fn workers_ranges_and_lists() {
    assert_eq!(parse_workers("1-4").unwrap(), vec![1, 2, 3, 4]);
    assert_eq!(parse_workers("4,1,2,2").unwrap(), vec![1, 2, 4]);
    assert_eq!(parse_workers("1-2,8").unwrap(), vec![1, 2, 8]);
    assert_eq!(parse("workers=1%2C2").unwrap().config.workers, vec![1, 2]);
    assert_eq!(parse_workers(&["1-64"; 2000].join(",")).unwrap(), (1..=64).collect::<Vec<_>>(), "repeated ranges name each count once");
}

#[test]
fn a_query_from_a_stranger_is_bounded_before_it_is_read() {
    let long = format!("workload=pi&x={}", "a".repeat(parse::MAX_QUERY_BYTES));
    assert_eq!(parse(&long).unwrap_err().param, "query");
    let many: String = (0..1000).map(|i| format!("{i}&")).collect();
    assert!(many.len() <= parse::MAX_QUERY_BYTES && parse(&many).is_ok(), "unknown parameters are ignored");
    // n far past copy's limit is refused, not overflowed, while its units are counted.
    assert_eq!(parse("workload=copy&n=1e15").unwrap_err().param, "n");
}

#[test]
fn bad_values_name_the_parameter() {
    let cases = [
        ("workload=banana", "workload"),
        ("model=fork", "model"),
        ("schedule=guided", "schedule"),
        ("workers=0-4", "workers"),
        ("workers=4-1", "workers"),
        ("workers=1,x", "workers"),
        ("workers=65", "workers"),
        ("n=-5", "n"),
        ("n=abc", "n"),
        ("n=1e30", "n"),
        ("n=0", "n"),
        ("workload=mandelbrot&n=100000", "n"),
        ("repeats=0", "repeats"),
        ("repeats=1000", "repeats"),
        ("chunk=0", "chunk"),
        ("workload=factor&n=100&chunk=101", "chunk"),
        ("autorun=yes", "autorun"),
        ("lang=fr", "lang"),
        ("watchdog=0", "watchdog"),
        ("watchdog=99999", "watchdog"),
        ("test_hang=yes", "test_hang"),
        ("seed=9007199254740992", "seed"),
        ("model=sequential&workers=1-2", "workers"),
        ("model=processes&schedule=steal", "schedule"),
        ("workload=factor&n=1000&chunk=200&workers=1-8", "chunk"),
        ("workload=primes&n=1e6&model=processes&chunk=1", "chunk"),
        ("workload=factor&n=3&workers=1-4", "n"),
        ("n=5&n=6", "n"),
        ("n=%zz", "n"),
    ];
    for (q, param) in cases {
        let e = parse(q).expect_err(q);
        assert_eq!(e.param, param, "{q}: {e}");
        assert!(!e.message.is_empty());
    }
}

/// Query `q` is refused, saying `text`.
fn says(q: &str, text: &str) {
    let e = parse(q).expect_err(q).to_string();
    assert!(e.contains(text), "{q}: {e}");
}

#[test]
fn out_of_range_numbers_say_the_range_and_odd_encodings_are_refused_or_ignored() {
    // Too large to hold: the limit named is the parameter's own, not the integer type's.
    let most = crate::i18n::grouped(crate::kernels::WorkloadKind::Pi.n_limits().1);
    says("n=1e99999999999", &format!("too large (more than {most})"));
    says("n=99999999999999999999999", &format!("too large (more than {most})"));
    says("repeats=99999999999999999999999", "too large (more than 50)");
    says("workers=99999999999", "outside 1–64");
    says("repeats=1e10", "outside 1–50");
    // "%+5" is not a percent escape (from_str_radix alone read it as 5).
    says("n=1%+5", "not valid percent-encoded");
    // An unknown parameter is ignored however it is encoded; a known one is not.
    assert!(parse("utm=%zz&n=1e6").is_ok());
    assert!(parse("%zz=1&n=1e6").is_ok());
}

#[test]
fn refusals_quote_what_was_written() {
    // Not the empty side of the dash.
    says("workers=-1", "\"-1\" is not a worker count");
    says("workers=2-", "\"2-\" is not a worker count");
    // A sign, which no other count takes.
    says("workers=%2B5", "\"+5\" is not a worker count");
    // Two models and an empty item: not "no model is chosen".
    says("model=threads,,gil", "\"threads,,gil\" has an empty item");
    says("workers=1,,2", "\"1,,2\" has an empty item");
    says("workload=primes&chunk=100,", "\"100,\" has an empty item");
    says("model=", "no model is chosen");
}

#[test]
fn validate_guards_configs_from_elsewhere() {
    let mut c = parse("workers=1-2").unwrap().config;
    c.workers = vec![2, 1];
    assert_eq!(validate(&c).unwrap_err().param, "workers");
    c.workers = vec![1, 1];
    assert_eq!(validate(&c).unwrap_err().param, "workers");
    c.workers = vec![1, 2];
    c.seed = MAX_SEED + 1;
    assert_eq!(validate(&c).unwrap_err().param, "seed");
}

#[test]
fn messages_quote_and_truncate_stranger_input() {
    let long = "<script>".repeat(20);
    let e = parse(&format!("workload={long}")).unwrap_err();
    assert!(e.message.contains('…'));
    assert!(e.message.len() < 200);
}

#[test]
fn models_and_chunks_take_lists() {
    let c = parse("model=threads,processes,gil&chunk=1000,100,10000&workload=primes&n=1e6").unwrap().config;
    assert_eq!(c.models, vec![Model::Threads, Model::Processes, Model::Gil]);
    assert_eq!(c.model, Model::Threads);
    assert_eq!(c.chunks, vec![100, 1000, 10000]);
    assert_eq!(c.chunk, 100);
    assert_eq!(c.cells().len(), 3 * 3 * 4);
    for (q, param) in [
        ("model=threads,threads", "model"),
        ("model=threads,fork", "model"),
        ("model=threads,sequential", "model"),
        ("model=processes,threads&schedule=steal", "schedule"),
        ("chunk=10,10", "chunk"),
        ("chunk=10,20&schedule=static", "chunk"),
        ("chunk=1,2,3,4,5,6,7,8,9", "chunk"),
        ("workers=1-64&model=threads,gil,processes&chunk=100,200", "workers"),
    ] {
        assert_eq!(parse(q).expect_err(q).param, param, "{q}");
    }
}

#[test]
fn documents_without_lists_get_them_filled() {
    let mut c = parse("model=gil&chunk=7").unwrap().config;
    c.models.clear();
    c.chunks.clear();
    assert_eq!(validate(&c).unwrap_err().param, "model");
    c.fill_lists();
    assert_eq!((c.models.clone(), c.chunks.clone()), (vec![Model::Gil], vec![7]));
    validate(&c).unwrap();
}

#[test]
fn wait_takes_a_wait_per_request_and_nothing_else_does() {
    let c = parse("workload=wait").unwrap().config;
    assert_eq!(c.wait_ms, Some(crate::kernels::wait::DEFAULT_WAIT_MS));
    assert_eq!(parse("workload=wait&wait_ms=250&workers=1-8").unwrap().config.wait_ms, Some(250));
    assert_eq!(parse("workload=pi").unwrap().config.wait_ms, None);
    for (query, says) in [
        ("workload=wait&wait_ms=0", "wait_ms: \"0\" is not a whole number of milliseconds from 1 to 1000"),
        ("workload=wait&wait_ms=5000", "from 1 to 1000"),
        ("workload=wait&wait_ms=ten", "\"ten\""),
        ("workload=pi&wait_ms=10", "wait_ms: applies only to workload=wait, not pi"),
    ] {
        let e = parse(query).unwrap_err().to_string();
        assert!(e.contains(says), "{query}: {e}");
    }
    let mut bad = parse("workload=wait").unwrap().config;
    bad.wait_ms = None;
    assert_eq!(validate(&bad).unwrap_err().param, "wait_ms");
}

#[test]
fn inputs_beyond_the_memory_limit_are_refused_before_anything_runs() {
    let e = parse("workload=copy&n=1024").unwrap_err();
    assert_eq!(e.param, "n");
    assert!(e.message.contains("1024 MiB of memory") && e.message.contains("within 384 MiB"), "{e}");
    let e = parse("workload=triad&n=1e9").unwrap_err();
    assert!(e.message.contains("MiB of memory"), "{e}");
    assert!(parse("workload=triad&n=16000000").is_ok());
    let e = parse("workload=triad&model=processes").unwrap_err();
    assert_eq!(e.param, "model");
    assert!(parse("workload=copy&model=threads,processes&workers=1-4").is_ok());
}

#[test]
fn a_misspelt_parameter_is_named_with_the_known_one_and_others_are_not() {
    let r = parse("workload=pi&worker=1-8&Repeats=2&utm_source=chat&fbclid=abc&x=1&v=2").unwrap();
    let named: Vec<(&str, &str)> = r.misspelt.iter().map(|m| (m.given.as_str(), m.known)).collect();
    assert_eq!(named, [("\"worker\"", "workers"), ("\"Repeats\"", "repeats")]);
    assert_eq!(r.config.workers, default_workers(2), "still ignored: the defaults run");
    assert!(parse("workload=pi&n=5e6&lang=en&seed=3").unwrap().misspelt.is_empty());
    let many: String = (0..20).map(|i| format!("workerz{i}=1&")).collect();
    assert!(parse(&format!("{many}wrokers=1")).unwrap().misspelt.len() <= 3, "bounded");
}

#[test]
fn test_hooks_only_on_this_machine() {
    let hang = || parse("test_hang=1").unwrap();
    for host in ["127.0.0.1", "localhost", "[::1]", "127.1.2.3"] {
        assert!(check_test_hooks(hang(), host).is_ok(), "{host}");
    }
    for host in ["corescope.example", "127.0.0.1.evil.example", "192.168.1.2", ""] {
        assert_eq!(check_test_hooks(hang(), host).unwrap_err().param, "test_hang", "{host}");
    }
    assert!(check_test_hooks(parse("").unwrap(), "corescope.example").is_ok(), "no hook asked: nothing to check");
}

#[test]
fn an_empty_model_list_and_a_bad_count_say_what_to_give() {
    let e = parse("?model=").unwrap_err();
    assert!(e.message.starts_with("no model is chosen; choose one or more of"), "{}", e.message);
    assert!(parse("?repeats=x").unwrap_err().message.ends_with("(e.g. 3)"));
    assert!(parse("?n=x").unwrap_err().message.ends_with("(e.g. 1000000 or 1e6)"));
}

#[test]
fn a_size_may_be_written_with_a_fraction_when_it_is_whole() {
    let n = |v: &str| parse(&format!("?workload=sum&n={v}")).map(|r| r.config.n).map_err(|e| e.message);
    assert_eq!(n("1.5e5"), Ok(150_000));
    assert_eq!(n("2.50e5"), Ok(250_000));
    assert_eq!(n("1e6"), Ok(1_000_000));
    assert!(n("1.55e1").unwrap_err().contains("not a positive whole number"));
    assert!(n("1.5").is_err() && n(".5e1").is_err() && n("1.e6") == Ok(1_000_000));
}

#[test]
fn every_refusal_is_said_in_the_pages_language() {
    use crate::i18n::Lang;
    let refused = [
        "workers=0",
        "workers=4-2",
        "workers=x",
        "n=0",
        "n=abc",
        "workload=nope",
        "model=",
        "model=threads,threads",
        "schedule=nope",
        "repeats=99",
        "seed=-1",
        "autorun=2",
        "lang=fr",
        "workload=copy&n=1e12",
        "workload=primes&n=2&workers=4",
        "workload=primes&n=2&workers=1,3",
        "schedule=dynamic&chunk=999999999&workers=1",
        "schedule=static&chunk=10,20",
        "model=sequential,threads",
        "model=processes&schedule=steal",
        "workload=triad&model=processes",
        "wait_ms=5",
        "workers=1&workers=2",
    ];
    for q in refused {
        let e = parse(q).expect_err(q);
        let ko = e.message_in(Lang::Ko);
        assert_eq!(e.message_in(Lang::En), e.message, "{q}");
        assert!(ko.chars().any(|c| ('가'..='힣').contains(&c)), "{q}: {ko}");
        assert!(!ko.contains('{') && !e.message.contains('{'), "every place filled: {q}: {ko} / {}", e.message);
        assert_eq!(e.in_lang(Lang::Ko).message, ko);
        assert_eq!(e.in_lang(Lang::Ko).param, e.param);
    }
    // The unit words are the language's own.
    let units = parse("workload=primes&n=2&workers=4").unwrap_err().message_in(Lang::Ko);
    assert!(units.contains(Lang::Ko.workload_words(WorkloadKind::Primes).1), "{units}");
}

#[test]
fn a_query_names_its_language_even_when_another_parameter_is_refused() {
    use crate::i18n::Lang;
    assert_eq!(query_lang("?workers=0&lang=ko"), Some(Lang::Ko));
    assert_eq!(query_lang("lang=%6Bo"), Some(Lang::Ko), "decoded");
    assert_eq!(query_lang("lang=fr"), None);
    assert_eq!(query_lang(""), None);
    assert_eq!(query_lang("lang=ko&lang=en"), None, "given twice: no choice made");
}

#[test]
fn the_address_keeps_everything_but_autorun_as_written() {
    assert_eq!(without_autorun("?workload=sum&autorun=1&n=1e6"), "workload=sum&n=1e6");
    // However the name is encoded: the page reads it as autorun, so it goes.
    assert_eq!(without_autorun("%61utorun=1&workers=1%2C2&"), "workers=1%2C2");
    assert_eq!(without_autorun("autorun&lang=ko"), "lang=ko");
    assert_eq!(without_autorun("autorunx=1&%zz=2"), "autorunx=1&%zz=2");
    assert_eq!(without_autorun(""), "");
}

#[test]
fn a_refused_link_keeps_its_other_settings_for_the_form() {
    let kept = salvage_query("?workload=sum&n=5e6&workers=0-4&repeats=7&autorun=1", 2).expect("the rest parses");
    assert_eq!((kept.workload, kept.n, kept.repeats), (WorkloadKind::Sum, 5_000_000, 7));
    assert_eq!(kept.workers, parse("").unwrap().config.workers, "the refused workers= is dropped for the default");
    // Two refusals in turn, and a combination: n too small for the workers asked is dropped too.
    let kept = salvage_query("workload=primes&n=1&workers=1-4&model=nonsense&schedule=static", 2).unwrap();
    assert_eq!((kept.workload, kept.schedule, kept.workers.clone()), (WorkloadKind::Primes, Schedule::Static, vec![1, 2, 3, 4]));
    assert_eq!(kept.n, WorkloadKind::Primes.quick_n());
    assert!(salvage_query(&"x".repeat(10_000), 2).is_none(), "a query too long to read keeps nothing");
    assert_eq!(salvage_query("n=1e6", 2).unwrap().n, 1_000_000, "a good query is itself");
}

#[test]
fn every_count_takes_the_same_notations() {
    let r = parse("workload=wait&wait_ms=1e2&n=1_000&watchdog=1.2e2&repeats=1e1").unwrap();
    assert_eq!((r.config.wait_ms, r.config.n, r.watchdog_s, r.config.repeats), (Some(100), 1000, Some(120), 10));
    says("workload=wait&wait_ms=1e4", "1e4");
    says("watchdog=1.5", "watchdog");
    says("workload=wait&wait_ms=-5", "-5");
}
