//! An answer's check, said in the page's language. The check's text is data
//! (English, as `Workload::answer` and the measurement write it), so links
//! and files carry it unchanged; this reads the forms those write and says
//! them with the language's `check.*` strings. Any other text (a newer
//! page's, a stranger's file) is shown as it is: it was cleaned on the way
//! in, and none of it is ever put into a template's places except numbers.

use super::Lang;
use crate::config::Model;
use crate::measure::{DIFFERS, DISAGREE};

/// What `Workload::answer` adds when units were missed or run twice.
const COVERAGE: &str = "; some units were missed or run twice (";

/// `check` in `lang` (unchanged when it is not a form the kernels write).
pub fn check_in(lang: Lang, check: &str) -> String {
    if let Some(rest) = check.strip_prefix(DISAGREE) {
        return lang.say("check.disagree", &[("check", check_in(lang, rest))]);
    }
    if let Some((cell, rest)) = check.strip_prefix(DIFFERS).and_then(|r| r.split_once("); ")) {
        // "2 (threads, chunk 1000": numbers and a model's name only go into the template.
        let parts = cell.split_once(" (").and_then(|(k, m)| m.split_once(", chunk ").map(|(model, chunk)| (k, model, chunk)));
        if let Some((k, model, chunk)) = parts.filter(|&(k, model, chunk)| is_number(k) && is_number(chunk) && Model::from_name(model).is_some()) {
            return lang.say("check.differs", &[("k", k.into()), ("model", model.into()), ("chunk", chunk.into()), ("check", check_in(lang, rest))]);
        }
    }
    if let Some((head, tail)) = check.split_once(COVERAGE) {
        let counts = tail.strip_suffix(" expected)").and_then(|t| t.split_once(" items counted, "));
        if let Some((counted, expected)) = counts.filter(|(c, e)| is_number(c) && is_number(e)) {
            return lang.say("check.coverage", &[("check", check_in(lang, head)), ("counted", counted.into()), ("expected", expected.into())]);
        }
    }
    match phrase(check) {
        Some((key, values)) => lang.say(key, &values),
        None => check.to_string(),
    }
}

/// The `check.*` key and numbers of one of the kernels' check phrases.
fn phrase(check: &str) -> Option<(&'static str, Vec<(&'static str, String)>)> {
    const FIXED: [(&str, &str); 6] = [
        ("within 6σ of π", "check.pi"),
        ("matches the sequential pass", "check.mandelbrot"),
        ("matches the responses computed in order", "check.wait"),
        ("matches the input's sum from its generator", "check.copy"),
        ("matches the b + 3·c from the generator", "check.triad"),
        ("no reference", "check.none"),
    ];
    if let Some(&(_, key)) = FIXED.iter().find(|(text, _)| *text == check) {
        return Some((key, Vec::new()));
    }
    for (prefix, key) in [("closed form (period of i² mod 1 000 003) = ", "check.sum"), ("sieve of Eratosthenes = ", "check.primes")] {
        if let Some(value) = check.strip_prefix(prefix).filter(|v| is_number(v)) {
            return Some((key, vec![("value", value.into())]));
        }
    }
    let (good, rest) = check.split_once(" of ")?;
    let all = rest.strip_suffix(" factorisations multiply back, factors prime")?;
    (is_number(good) && is_number(all)).then(|| ("check.factor", vec![("good", good.into()), ("all", all.into())]))
}

fn is_number(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::parse_query;
    use crate::kernels::{Tally, WorkloadKind};

    /// Every check text the kernels write, for each workload: right, with
    /// units missed, and with repeats that disagree.
    fn kernel_checks() -> Vec<String> {
        let mut out = Vec::new();
        for &kind in WorkloadKind::ALL {
            let wait = if kind == WorkloadKind::Wait { "&wait_ms=1" } else { "" };
            let config = parse_query(&format!("workload={}&n={}&workers=1{wait}", kind.name(), kind.n_limits().0.max(8)), 2).unwrap().config;
            let w = config.workload();
            let reference = w.reference();
            let total = w.run(0..w.units());
            out.push(w.answer(total, reference).check);
            out.push(w.answer(Tally { checks: total.checks + 1, ..total }, reference).check);
        }
        out.push(format!("{DISAGREE}{}", out[0]));
        out.push(format!("{DIFFERS}2 (threads, chunk 1000); {}", out[0]));
        out
    }

    #[test]
    fn every_check_the_kernels_write_is_read_and_said_in_each_language() {
        for check in kernel_checks() {
            assert_eq!(check_in(Lang::En, &check), check, "the English strings are the kernels' own");
            let korean = check_in(Lang::Ko, &check);
            assert!(korean.chars().any(|c| ('가'..='힣').contains(&c)), "{check} → {korean}");
            assert!(!korean.contains("matches") && !korean.contains("of π") && !korean.contains("units were"), "{check} → {korean}");
        }
    }

    #[test]
    fn other_text_is_shown_as_it_is() {
        for text in ["checked by hand", "12 of many factorisations multiply back, factors prime", "sieve of Eratosthenes = {value}", ""] {
            assert_eq!(check_in(Lang::Ko, text), text);
        }
    }
}
