//! Reading a URL query string into a [`Request`]: each parameter parsed
//! strictly, lists expanded and sorted, then the whole checked by `validate`.

use super::*;
use crate::i18n::Lang;
use crate::text::quoted;

/// Longest query read, in bytes: the page's own (the form's, a run's "Run
/// this on my device", the presets') stay under 300; results travel in the
/// fragment (`share.rs`).
pub const MAX_QUERY_BYTES: usize = 4096;

/// Reads a query string (`?a=b&c=d`, leading `?` optional) into a request.
pub fn parse_query(query: &str, hardware_concurrency: u32) -> Result<Request, ConfigError> {
    let pairs = query_pairs(query)?;
    let get = |name: &str| pairs.iter().find(|(k, _)| k == name).map(|(_, v)| v.trim());

    let workload = match get("workload") {
        None => WorkloadKind::Pi,
        Some(v) => WorkloadKind::from_name(v).ok_or_else(|| bad("workload", "unknown_workload", vec![("v", quoted(v)), ("names", names(WorkloadKind::ALL.iter().map(|w| w.name())))]))?,
    };
    let models = match get("model") {
        None => vec![Model::Threads],
        Some(v) => parse_list("model", v, |item| {
            let known = || names(Model::ALL.iter().map(|m| m.name()));
            // An empty list is the form with every model unticked.
            let unknown = || if item.is_empty() { bad("model", "no_model", vec![("names", known())]) } else { bad("model", "unknown_model", vec![("v", quoted(item)), ("names", known())]) };
            Model::from_name(item).ok_or_else(unknown)
        })?,
    };
    let model = models[0];
    let schedule = match get("schedule") {
        None => Schedule::Dynamic,
        Some(v) => Schedule::from_name(v).ok_or_else(|| bad("schedule", "unknown_schedule", vec![("v", quoted(v)), ("names", names(Schedule::ALL.iter().map(|s| s.name())))]))?,
    };
    let n = match get("n") {
        None => workload.quick_n(),
        Some(v) => parse_count("n", v, workload.n_limits().1)?,
    };
    let workers = match get("workers") {
        None if models == [Model::Sequential] => vec![1],
        None => default_workers(hardware_concurrency),
        Some(v) => parse_workers(v)?,
    };
    let repeats = match get("repeats") {
        None => 3,
        Some(v) => u32::try_from(parse_count("repeats", v, MAX_REPEATS.into())?).map_err(|_| bad("repeats", "outside", vec![("v", quoted(v)), ("max", MAX_REPEATS.to_string())]))?,
    };
    let seed = match get("seed") {
        None => 1,
        Some(v) => v.parse::<u64>().ok().filter(|&s| s <= MAX_SEED).ok_or_else(|| bad("seed", "seed", vec![("v", quoted(v)), ("max", MAX_SEED.to_string())]))?,
    };
    let units = workload.units(n.max(1));
    let mut chunks = match get("chunk") {
        None => vec![default_chunk(units)],
        Some(v) => parse_list("chunk", v, |item| parse_count("chunk", item, units))?,
    };
    chunks.sort_unstable();
    let chunk = chunks[0];
    let autorun = match get("autorun") {
        None | Some("0") => false,
        Some("1") => true,
        Some(v) => return Err(bad("autorun", "zero_or_one", vec![("v", quoted(v))])),
    };
    let (lo, hi) = crate::kernels::wait::WAIT_MS_LIMITS;
    let wait_ms = match (get("wait_ms"), workload.waits()) {
        (None, true) => Some(crate::kernels::wait::DEFAULT_WAIT_MS),
        (None, false) => None,
        (Some(v), true) => Some(whole_in(v, lo, hi).ok_or_else(|| bad("wait_ms", "wait_value", vec![("v", quoted(v)), ("lo", lo.to_string()), ("hi", hi.to_string())]))?),
        (Some(_), false) => return Err(bad("wait_ms", "wait_only", vec![("workload", workload.name().to_string())])),
    };
    let config = RunConfig { workload, model, models, schedule, chunk, chunks, n, workers, repeats, seed, wait_ms };
    validate(&config)?;
    let lang = match get("lang") {
        None => None,
        Some(v) => Some(Lang::from_name(v).ok_or_else(|| bad("lang", "unknown_lang", vec![("v", quoted(v)), ("names", names(Lang::ALL.iter().map(|l| l.name())))]))?),
    };
    let watchdog_s = match get("watchdog") {
        None => None,
        Some(v) => Some(whole_in(v, 1, MAX_WATCHDOG_S).ok_or_else(|| bad("watchdog", "watchdog", vec![("v", quoted(v)), ("max", MAX_WATCHDOG_S.to_string())]))?),
    };
    let test_hang = match get("test_hang") {
        None | Some("0") => false,
        Some("1") => true,
        Some(v) => return Err(bad("test_hang", "zero_or_one", vec![("v", quoted(v))])),
    };
    let preset = match get("preset") {
        None => None,
        Some(v) => Some(
            super::presets(hardware_concurrency)
                .into_iter()
                .map(|p| p.name)
                .find(|&name| name == v)
                .ok_or_else(|| bad("preset", "unknown_preset", vec![("v", quoted(v)), ("names", names(super::presets(1).iter().map(|p| p.name)))]))?
                .to_string(),
        ),
    };
    let misspelt = pairs.iter().filter_map(|(key, _)| misspelling(key)).take(MAX_MISSPELT).collect();
    Ok(Request { config, autorun, lang, watchdog_s, test_hang, preset, misspelt })
}

/// The language a query string names (`lang=`), whatever else it holds:
/// a refusal of another parameter is said in it.
pub fn query_lang(query: &str) -> Option<Lang> {
    query_pairs(query).ok()?.iter().find(|(k, _)| k == "lang").and_then(|(_, v)| Lang::from_name(v.trim()))
}

/// What the form shows for a refused link: the configuration its other
/// parameters make, each refused one dropped in turn — so the visitor
/// corrects one field instead of entering them all again. `None` when the
/// query cannot be read at all (the form then shows the defaults). Only the
/// configuration is kept: nothing salvaged is ever run.
pub fn salvage_query(query: &str, hardware_concurrency: u32) -> Option<RunConfig> {
    let named = |part: &str, param: &str| percent_decode(part.split_once('=').map_or(part, |(key, _)| key)).as_deref() == Some(param);
    let mut parts: Vec<&str> = query.trim_start_matches('?').split('&').filter(|part| !part.is_empty()).collect();
    // Each round drops one known parameter, so it ends within as many rounds.
    for _ in 0..=KNOWN.len() {
        let error = match parse_query(&parts.join("&"), hardware_concurrency) {
            Ok(request) => return Some(request.config),
            Err(error) => error,
        };
        let before = parts.len();
        parts.retain(|part| !named(part, &error.param));
        if parts.len() == before {
            return None;
        }
    }
    None
}

/// The address's query once the runs it asked for are shown: every part as
/// written except `autorun` — however its name is encoded (`%61utorun`) —
/// which has done its work: a reload runs nothing.
pub fn without_autorun(query: &str) -> String {
    let is_autorun = |part: &&str| percent_decode(part.split_once('=').map_or(*part, |(key, _)| key)).as_deref() == Some("autorun");
    query.trim_start_matches('?').split('&').filter(|part| !part.is_empty() && !is_autorun(part)).collect::<Vec<_>>().join("&")
}

/// A query string's parameters, decoded; ours given at most once.
fn query_pairs(query: &str) -> Result<Vec<(String, String)>, ConfigError> {
    if query.len() > MAX_QUERY_BYTES {
        return Err(bad("query", "query_long", vec![("bytes", query.len().to_string()), ("max", MAX_QUERY_BYTES.to_string())]));
    }
    let mut pairs: Vec<(String, String)> = Vec::new();
    for part in query.trim_start_matches('?').split('&').filter(|p| !p.is_empty()) {
        let (key, value) = part.split_once('=').unwrap_or((part, ""));
        // A name that does not decode is no parameter of ours: ignored, like any unknown one.
        let Some(key) = percent_decode(key) else { continue };
        let value = match percent_decode(value) {
            Some(value) => value,
            None if KNOWN.contains(&key.as_str()) => return Err(bad(&key, "not_utf8", vec![])),
            None => continue,
        };
        if KNOWN.contains(&key.as_str()) && pairs.iter().any(|(k, _)| *k == key) {
            return Err(bad(&key, "given_twice", vec![]));
        }
        pairs.push((key, value));
    }
    Ok(pairs)
}

/// The most misspelt parameters named.
const MAX_MISSPELT: usize = 3;

/// The known parameter an unknown `key` is one or two edits away from
/// (`worker`, `models`, `repeat`, `wrokers`); `None` for known names and
/// for others' parameters (`utm_source`, `fbclid`), which are far from all.
fn misspelling(key: &str) -> Option<Misspelt> {
    if KNOWN.contains(&key) || key.chars().count() > 32 {
        return None;
    }
    let (known, distance) = KNOWN.iter().map(|&known| (known, strsim::osa_distance(key, known))).min_by_key(|&(_, d)| d)?;
    // Short names take fewer edits: "x" is not a typo of `n`.
    let allowed = match known.len() {
        0..=2 => 0,
        3..=5 => 1,
        _ => 2,
    };
    (distance <= allowed).then(|| Misspelt { given: quoted(key), known })
}

const KNOWN: &[&str] = &["workload", "model", "schedule", "chunk", "n", "wait_ms", "workers", "repeats", "seed", "autorun", "lang", "watchdog", "test_hang", "preset"];

/// A comma-separated list of at most [`MAX_LIST`] distinct values.
fn parse_list<T: PartialEq>(param: &str, v: &str, item: impl Fn(&str) -> Result<T, ConfigError>) -> Result<Vec<T>, ConfigError> {
    let items: Vec<&str> = v.split(',').map(str::trim).collect();
    if items.len() > MAX_LIST {
        return Err(bad(param, "list_long", vec![("count", items.len().to_string()), ("max", MAX_LIST.to_string())]));
    }
    // A list, not one empty value (the form with nothing ticked): say so, not "no model".
    if items.len() > 1 && items.contains(&"") {
        return Err(bad(param, "empty_item", vec![("v", quoted(v))]));
    }
    let mut out: Vec<T> = Vec::new();
    for text in items {
        let value = item(text)?;
        if out.contains(&value) {
            return Err(bad(param, "listed_twice", vec![("v", quoted(text))]));
        }
        out.push(value);
    }
    Ok(out)
}

/// A positive whole number: digits (with optional `_` separators) or `1e8`
/// style, the mantissa perhaps with a fraction (`1.5e5`) as long as the whole
/// is a whole number. A number too large to hold is refused naming `max`,
/// the most the parameter takes (a value that fits is checked against it
/// later, with the whole range).
fn parse_count(param: &str, v: &str, max: u64) -> Result<u64, ConfigError> {
    let err = || bad(param, if param == "n" { "count_n" } else { "count" }, vec![("v", quoted(v))]);
    let too_large = || bad(param, "too_large", vec![("v", quoted(v)), ("max", crate::i18n::grouped(max))]);
    let digits = v.replace('_', "");
    let value = if let Some((mantissa, exp)) = digits.split_once(['e', 'E']) {
        let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let fraction = fraction.trim_end_matches('0');
        if !all_digits(whole) || !(fraction.is_empty() || all_digits(fraction)) || !all_digits(exp) {
            return Err(err());
        }
        let m: u64 = format!("{whole}{fraction}").parse().map_err(|_| too_large())?;
        let e: u32 = exp.parse().map_err(|_| too_large())?;
        // 1.55e1 is 15.5: not whole.
        let e = e.checked_sub(fraction.len() as u32).ok_or_else(err)?;
        10u64.checked_pow(e).and_then(|p| p.checked_mul(m)).ok_or_else(too_large)?
    } else {
        if !all_digits(&digits) {
            return Err(err());
        }
        digits.parse().map_err(|_| too_large())?
    };
    if value == 0 {
        return Err(bad(param, "at_least_one", vec![]));
    }
    Ok(value)
}

/// A whole number from `lo` to `hi` written as a count is (`1000`, `1_000`,
/// `1e3`), for parameters whose refusal names their own range.
fn whole_in(v: &str, lo: u32, hi: u32) -> Option<u32> {
    parse_count("", v, hi.into()).ok().and_then(|n| u32::try_from(n).ok()).filter(|n| (lo..=hi).contains(n))
}

/// `1-8` (a range) or `1,2,4` (a list, ranges allowed in it: `1-4,8`):
/// the counts named, ascending, each once.
pub fn parse_workers(v: &str) -> Result<Vec<u32>, ConfigError> {
    // Which counts are named, not a list of them: however many items
    // repeat, the memory used stays the same.
    let mut named = [false; MAX_WORKERS as usize + 1];
    let items: Vec<&str> = v.split(',').map(str::trim).collect();
    if items.len() > 1 && items.contains(&"") {
        return Err(bad("workers", "empty_item", vec![("v", quoted(v))]));
    }
    for item in items {
        let number = |s: &str| -> Result<u32, ConfigError> {
            let s = s.trim();
            // Digits only: `u32::from_str` would take "+5", which no other count does;
            // an empty side ("-1", "2-") is named as written, not as "".
            if !all_digits(s) {
                return Err(bad("workers", "not_workers", vec![("v", quoted(if s.is_empty() { item } else { s }))]));
            }
            let k: u32 = match s.parse() {
                Ok(k) => k,
                Err(_) => return Err(bad("workers", "outside", vec![("v", quoted(s)), ("max", MAX_WORKERS.to_string())])),
            };
            if k == 0 || k > MAX_WORKERS {
                return Err(bad("workers", "outside", vec![("v", k.to_string()), ("max", MAX_WORKERS.to_string())]));
            }
            Ok(k)
        };
        match item.split_once('-') {
            Some((a, b)) => {
                let (a, b) = (number(a)?, number(b)?);
                if a > b {
                    return Err(bad("workers", "backwards", vec![("a", a.to_string()), ("b", b.to_string())]));
                }
                named[a as usize..=b as usize].fill(true);
            }
            None => named[number(item)? as usize] = true,
        }
    }
    Ok((1..=MAX_WORKERS).filter(|&k| named[k as usize]).collect())
}

/// A whole number in decimal digits only (too large for its type is a range error, not a form error).
fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                // Two hex digits exactly (from_str_radix alone would take "+5").
                let hex = bytes.get(i + 1..i + 3).filter(|h| h.iter().all(u8::is_ascii_hexdigit))?;
                out.push(u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

fn names<'a>(all: impl Iterator<Item = &'a str>) -> String {
    all.collect::<Vec<_>>().join(", ")
}
