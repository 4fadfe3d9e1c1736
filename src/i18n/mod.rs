//! The page's words in English and Korean (the seeds are Korean posts).
//! Each language is one table of keyed strings (`en.rs`, `ko.rs`); adding a
//! language is adding a table with the same keys and a line to [`Lang`].
//! `{name}` in a string marks a value that [`fill`] puts in. Refusals of
//! URL parameters and form values (`config`'s `reason.*`) are said in each
//! language (`reasons.rs`), and so are those of links and files (`intake`,
//! `share`: `refusals.rs`).

mod checks;
mod en;
mod ko;
mod reasons;
#[cfg(not(feature = "threads"))]
mod refusals;

pub use checks::check_in;
pub use reasons::reason;

use crate::kernels::WorkloadKind;
use serde::Serialize;

/// A language the page speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    En,
    Ko,
}

named_enum!(Lang { En => "en", Ko => "ko" });

impl Lang {
    pub fn table(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Lang::En => en::TEXT,
            Lang::Ko => ko::TEXT,
        }
    }

    /// The language for a browser's `navigator.language` ("ko-KR" → Korean), English otherwise.
    pub fn for_browser(language: &str) -> Lang {
        let primary = language.split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase();
        Lang::from_name(&primary).unwrap_or(Lang::En)
    }

    /// The string for `key`; English when this language lacks it, the key itself when both do.
    pub fn text(self, key: &str) -> &'static str {
        let find = |table: &'static [(&'static str, &'static str)]| table.iter().find(|(k, _)| *k == key).map(|(_, v)| *v);
        find(self.table()).or_else(|| find(en::TEXT)).unwrap_or("")
    }

    /// What `n` counts for `workload`, and what one unit of work is, in this language.
    pub fn workload_words(self, workload: WorkloadKind) -> (&'static str, &'static str) {
        let english = (workload.n_meaning(), workload.unit_meaning());
        match self {
            Lang::En => english,
            Lang::Ko => ko::WORKLOADS.iter().find(|(name, _, _)| *name == workload.name()).map_or(english, |&(_, n, unit)| (n, unit)),
        }
    }

    /// Every string of this language by key, the workloads' words included
    /// (`n.<workload>`, `unit.<workload>`): what the page looks words up in.
    pub fn page_table(self) -> std::collections::BTreeMap<String, &'static str> {
        let mut table: std::collections::BTreeMap<String, &'static str> = self.table().iter().map(|&(k, v)| (k.to_string(), v)).collect();
        for &workload in WorkloadKind::ALL {
            let (n, unit) = self.workload_words(workload);
            table.insert(format!("n.{}", workload.name()), n);
            table.insert(format!("unit.{}", workload.name()), unit);
        }
        table
    }

    /// Names as a list in a sentence: "a, b and c".
    pub fn list(self, names: &[String]) -> String {
        match names {
            [] => String::new(),
            [one] => one.clone(),
            [first @ .., last] => format!("{}{}{last}", first.join(", "), self.text("list.last")),
        }
    }

    /// `key`'s string with its `{name}` places filled.
    pub fn say(self, key: &str, values: &[(&str, String)]) -> String {
        fill(self.text(key), values)
    }
}

/// A count for reading, its digits in groups of three joined by no-break
/// spaces (100 000 000), as the workloads' own words write them; the
/// same in both languages. Inputs, links and files keep plain digits.
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() * 2);
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{a0}');
        }
        out.push(d);
    }
    out
}

/// Puts `values` into the `{name}` places of `template`; unknown places stay
/// as they are. One pass over the template, as the page's `t()` does: a value
/// is never searched for places itself (a value may carry `{…}`).
pub fn fill(template: &str, values: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let place = after.find('}').and_then(|close| values.iter().find(|(name, _)| *name == &after[..close]).map(|(_, value)| (close, value)));
        match place {
            Some((close, value)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_grouped_by_three() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(4_000_000), "4\u{a0}000\u{a0}000");
        assert_eq!(grouped(12_345), "12\u{a0}345");
        assert_eq!(grouped(u64::MAX), "18\u{a0}446\u{a0}744\u{a0}073\u{a0}709\u{a0}551\u{a0}615");
    }

    fn keys(lang: Lang) -> Vec<&'static str> {
        let mut k: Vec<&str> = lang.table().iter().map(|(k, _)| *k).collect();
        k.sort_unstable();
        k
    }

    #[test]
    fn fill_puts_each_value_once_and_keeps_unknown_places() {
        let values = [("a", "{b}".to_string()), ("b", "2".to_string())];
        assert_eq!(fill("{a}, {b}, {c}, {", &values), "{b}, 2, {c}, {");
        assert_eq!(fill("{a}{a}", &values), "{b}{b}");
    }

    #[test]
    fn every_language_has_every_key_once() {
        for lang in Lang::ALL {
            let k = keys(*lang);
            let mut unique = k.clone();
            unique.dedup();
            assert_eq!(k, unique, "{lang:?} repeats a key");
            assert_eq!(k, keys(Lang::En), "{lang:?} and English differ in keys");
            assert!(lang.table().iter().all(|(_, v)| !v.is_empty()));
        }
    }

    #[test]
    fn placeholders_match_between_languages() {
        let places = |s: &str| {
            let mut p: Vec<String> = s.split('{').skip(1).filter_map(|t| t.split_once('}').map(|(name, _)| name.to_string())).collect();
            p.sort();
            p
        };
        for (key, en) in Lang::En.table() {
            assert_eq!(places(Lang::Ko.text(key)), places(en), "{key}");
        }
    }

    #[test]
    fn the_page_uses_only_known_keys() {
        let html = include_str!("../../index.html");
        for attribute in ["data-i18n=\"", "data-i18n-aria=\"", "data-i18n-placeholder=\""] {
            for part in html.split(attribute).skip(1) {
                let key = part.split('"').next().unwrap();
                assert!(!Lang::En.text(key).is_empty(), "index.html uses unknown key {key}");
            }
        }
    }

    /// Every key the scripts name literally (`t('key'`, `say('key'`, a
    /// Worker's `Failure('key'`…) is in the page's text: a misspelt one
    /// would show the key itself.
    #[test]
    fn the_scripts_use_only_known_keys() {
        let www = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("www");
        let mut named = 0;
        for entry in std::fs::read_dir(&www).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "js") {
                continue;
            }
            let script = std::fs::read_to_string(&path).unwrap();
            for call in ["t('", "say('", "failure('", "Failure('", "showPool('", "fail('"] {
                for (at, _) in script.match_indices(call) {
                    // A call of its own, not the end of a longer name (`import('`).
                    if script[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_') {
                        continue;
                    }
                    let key = script[at + call.len()..].split('\'').next().unwrap();
                    assert!(!Lang::En.text(key).is_empty(), "{} uses unknown key {key}", path.display());
                    named += 1;
                }
            }
        }
        assert!(named > 40, "only {named} keys found: the scripts' calls have changed shape");
    }

    #[test]
    fn every_workload_is_described_in_every_language() {
        for lang in Lang::ALL {
            let table = lang.page_table();
            for w in WorkloadKind::ALL {
                let (n, unit) = lang.workload_words(*w);
                assert_eq!(table[&format!("n.{}", w.name())], n);
                assert_eq!(table[&format!("unit.{}", w.name())], unit);
                if *lang != Lang::En {
                    assert_ne!((n, unit), Lang::En.workload_words(*w), "{lang:?} lacks words for {}", w.name());
                }
            }
        }
        assert_eq!(ko::WORKLOADS.len(), WorkloadKind::ALL.len(), "no Korean words for a workload that is gone");
        assert_eq!(Lang::Ko.workload_words(WorkloadKind::Pi).0, "표본 수");
    }

    #[test]
    fn picks_and_fills() {
        assert_eq!(Lang::for_browser("ko-KR"), Lang::Ko);
        assert_eq!(Lang::for_browser("en-GB"), Lang::En);
        assert_eq!(Lang::for_browser("de"), Lang::En);
        assert_eq!(Lang::Ko.say("status.done", &[("n", "4".into())]), "완료: 4개 지점을 측정했습니다.");
        assert_eq!(fill("{a} and {b}", &[("a", "1".into())]), "1 and {b}");
    }
}
