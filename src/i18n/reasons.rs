//! Why a URL parameter or form value was refused (`config::ConfigError`),
//! and, through `refusals.rs`, a share link or an imported file, in each
//! language: a table per language, keyed like the page's text
//! (`en.rs`, `ko.rs`) but apart from it, because the threads build refuses
//! configurations too and should not carry the page's text to do it. That
//! build carries no table at all: it never shows a refusal to a reader
//! (what it is handed, the page checked first), so it names the reason by
//! its key and values, and saves 4 KB gzipped.

use super::Lang;
#[cfg(not(feature = "threads"))]
use super::{fill, refusals};

/// `key`'s reason in `lang` with its `{name}` places filled (English when
/// the language lacks it).
#[cfg(not(feature = "threads"))]
pub fn reason(lang: Lang, key: &str, values: &[(&str, String)]) -> String {
    let find = |tables: [&'static [(&'static str, &'static str)]; 2]| tables.iter().find_map(|table| table.iter().find(|(k, _)| *k == key).map(|(_, v)| *v));
    fill(find(tables(lang)).or_else(|| find(tables(Lang::En))).unwrap_or(key), values)
}

/// The threads build's reason: its key and values ("outside (v = 0, max = 64)").
#[cfg(feature = "threads")]
pub fn reason(_: Lang, key: &str, values: &[(&str, String)]) -> String {
    let values: Vec<String> = values.iter().filter(|(_, v)| !v.is_empty()).map(|(name, v)| format!("{name} = {v}")).collect();
    format!("{key} ({})", values.join(", "))
}

/// A language's reasons: the URL's, then the links' and files'.
#[cfg(not(feature = "threads"))]
fn tables(lang: Lang) -> [&'static [(&'static str, &'static str)]; 2] {
    match lang {
        Lang::En => [EN, refusals::EN],
        Lang::Ko => [KO, refusals::KO],
    }
}

#[cfg(not(feature = "threads"))]
const EN: &[(&str, &str)] = &[
    ("query_long", "the address's query is {bytes} bytes long; at most {max} are read"),
    ("not_utf8", "the value is not valid percent-encoded UTF-8"),
    ("given_twice", "given more than once; give it once"),
    ("unknown_workload", "unknown workload {v}; choose one of {names}"),
    ("no_model", "no model is chosen; choose one or more of {names}"),
    ("empty_item", "{v} has an empty item: two commas together, or one at an end"),
    ("unknown_model", "unknown model {v}; choose one or more of {names}"),
    ("unknown_schedule", "unknown schedule {v}; choose one of {names}"),
    ("unknown_lang", "{v} is not a language of this page; choose one of {names}"),
    ("unknown_preset", "unknown preset {v}; choose one of {names}"),
    ("outside", "{v} is outside 1–{max}"),
    ("seed", "{v} is not a whole number from 0 to {max}"),
    ("seed_above", "{v} is above {max}"),
    ("zero_or_one", "{v} is not 0 or 1"),
    ("wait_value", "{v} is not a whole number of milliseconds from {lo} to {hi}"),
    ("wait_outside", "{v} is outside {lo}–{hi} ms"),
    ("wait_needed", "workload=wait needs a wait per request"),
    ("wait_only", "applies only to workload=wait, not {workload}"),
    ("watchdog", "{v} is not a whole number of seconds from 1 to {max}"),
    ("test_hook", "is a test hook, honoured only when the page is served from this machine (localhost)"),
    ("list_long", "{count} values given; at most {max}"),
    ("listed_twice", "{v} is listed twice"),
    ("count_n", "{v} is not a positive whole number (e.g. 1000000 or 1e6)"),
    ("count", "{v} is not a positive whole number (e.g. 3)"),
    ("too_large", "{v} is too large (more than {max})"),
    ("at_least_one", "must be at least 1"),
    ("not_workers", "{v} is not a worker count; write a range like 1-8 or a list like 1,2,4"),
    ("backwards", "the range {a}-{b} runs backwards; write {b}-{a}"),
    ("n_range", "{n} for {workload} must be between {lo} and {hi} ({meaning}){memory}"),
    ("memory", "; the inputs would take {mib} MiB of memory, and this page keeps them within {max} MiB"),
    ("triad_processes", "triad measures the bandwidth of one shared memory; processes have none to share: use threads, gil or sequential"),
    ("no_workers", "no worker counts given"),
    ("workers_ascending", "the worker counts must be distinct and ascending"),
    ("sequential_alone", "sequential is the one-thread baseline and runs alone; compare threads at 1 worker instead"),
    ("sequential_one", "the sequential model runs on one thread; use workers=1"),
    ("steal_processes", "work stealing needs shared memory; processes take static or dynamic"),
    ("few_units_one", "n = {n} gives 1 unit of work ({unit}), fewer than the {k} workers asked for"),
    ("few_units", "n = {n} gives {units} units of work ({unit} each), fewer than the {k} workers asked for"),
    ("models_count", "{count} models given; give 1 to {max}"),
    ("model_first", "the run's model is {model} but its list of models starts with {first}"),
    ("model_twice", "a model is listed twice"),
    ("chunks_count", "{count} chunk sizes given; give 1 to {max}"),
    ("chunk_first", "the run's chunk is {chunk} but its list of chunk sizes starts with {first}"),
    ("chunks_ascending", "the chunk sizes must be distinct and ascending"),
    ("chunks_static", "several chunk sizes need schedule=dynamic or steal (static cuts one block per worker)"),
    ("cells", "{workers} worker counts × {models} models × {chunks} chunk sizes make {cells} points; at most {max}"),
    ("chunk_range", "{chunk} must be between 1 and {units} (the units of work: {unit} each)"),
    ("chunk_messages", "{chunk} units per chunk make {chunks} chunks; each is a message to a process Worker, and at most {max} are allowed: use a chunk of at least {smallest}"),
    ("chunk_few", "{chunk} units per chunk make only {chunks} chunks, fewer than the {k} workers; use a chunk of at most {largest}"),
];

#[cfg(not(feature = "threads"))]
const KO: &[(&str, &str)] = &[
    ("query_long", "주소의 쿼리가 {bytes}바이트입니다. 최대 {max}바이트까지만 읽습니다"),
    ("not_utf8", "값이 올바른 퍼센트 인코딩 UTF-8이 아닙니다"),
    ("given_twice", "두 번 이상 주어졌습니다. 한 번만 주세요"),
    ("unknown_workload", "알 수 없는 워크로드 {v}입니다. 다음 중 하나를 고르세요: {names}"),
    ("no_model", "선택된 모델이 없습니다. 다음 중 하나 이상을 고르세요: {names}"),
    ("empty_item", "{v}: 빈 항목이 있습니다(쉼표가 연달아 있거나 끝에 있습니다)"),
    ("unknown_model", "알 수 없는 모델 {v}입니다. 다음 중 하나 이상을 고르세요: {names}"),
    ("unknown_schedule", "알 수 없는 스케줄 {v}입니다. 다음 중 하나를 고르세요: {names}"),
    ("unknown_lang", "{v}: 이 페이지의 언어가 아닙니다. 다음 중 하나를 고르세요: {names}"),
    ("unknown_preset", "알 수 없는 프리셋 {v}입니다. 다음 중 하나를 고르세요: {names}"),
    ("outside", "{v}: 1–{max} 범위를 벗어났습니다"),
    ("seed", "{v}: 0부터 {max}까지의 정수가 아닙니다"),
    ("seed_above", "{v}: {max}보다 큽니다"),
    ("zero_or_one", "{v}: 0 또는 1이 아닙니다"),
    ("wait_value", "{v}: {lo}부터 {hi}까지의 정수 밀리초가 아닙니다"),
    ("wait_outside", "{v}: {lo}–{hi} ms 범위를 벗어났습니다"),
    ("wait_needed", "workload=wait에는 요청마다 기다릴 시간이 필요합니다"),
    ("wait_only", "workload=wait에만 쓰이며, {workload}에는 쓰이지 않습니다"),
    ("watchdog", "{v}: 1부터 {max}까지의 정수 초가 아닙니다"),
    ("test_hook", "테스트용 매개변수로, 페이지를 이 컴퓨터(localhost)에서 제공할 때만 따릅니다"),
    ("list_long", "값이 {count}개 주어졌습니다. 최대 {max}개입니다"),
    ("listed_twice", "{v}: 두 번 적혀 있습니다"),
    ("count_n", "{v}: 양의 정수가 아닙니다 (예: 1000000 또는 1e6)"),
    ("count", "{v}: 양의 정수가 아닙니다 (예: 3)"),
    ("too_large", "{v}: 너무 큽니다 ({max} 초과)"),
    ("at_least_one", "1 이상이어야 합니다"),
    ("not_workers", "{v}: 워커 수가 아닙니다. 1-8 같은 범위나 1,2,4 같은 목록으로 쓰세요"),
    ("backwards", "범위 {a}-{b}의 순서가 거꾸로입니다. {b}-{a}로 쓰세요"),
    ("n_range", "{workload}의 n({n})은 {lo}부터 {hi} 사이여야 합니다 ({meaning}){memory}"),
    ("memory", ". 입력이 메모리 {mib} MiB를 차지하게 되는데, 이 페이지는 {max} MiB 안에서만 다룹니다"),
    ("triad_processes", "triad는 공유 메모리 하나의 대역폭을 잽니다. 프로세스에는 공유할 메모리가 없으니 threads, gil 또는 sequential을 쓰세요"),
    ("no_workers", "워커 수가 주어지지 않았습니다"),
    ("workers_ascending", "워커 수는 서로 다르고 오름차순이어야 합니다"),
    ("sequential_alone", "sequential은 스레드 하나의 기준선이라 단독으로만 실행됩니다. 대신 워커 1개의 threads와 비교하세요"),
    ("sequential_one", "sequential 모델은 스레드 하나로 실행됩니다. workers=1을 쓰세요"),
    ("steal_processes", "작업 훔치기(steal)에는 공유 메모리가 필요합니다. processes에는 static이나 dynamic을 쓰세요"),
    ("few_units_one", "n = {n}이면 작업 단위가 1개({unit})뿐이라, 요청한 워커 {k}개보다 적습니다"),
    ("few_units", "n = {n}이면 작업 단위가 {units}개(각각 {unit})뿐이라, 요청한 워커 {k}개보다 적습니다"),
    ("models_count", "모델이 {count}개 주어졌습니다. 1개부터 {max}개까지 주세요"),
    ("model_first", "실행의 모델은 {model}인데 모델 목록은 {first}(으)로 시작합니다"),
    ("model_twice", "모델 하나가 두 번 적혀 있습니다"),
    ("chunks_count", "청크 크기가 {count}개 주어졌습니다. 1개부터 {max}개까지 주세요"),
    ("chunk_first", "실행의 청크는 {chunk}인데 청크 크기 목록은 {first}(으)로 시작합니다"),
    ("chunks_ascending", "청크 크기는 서로 다르고 오름차순이어야 합니다"),
    ("chunks_static", "청크 크기 여러 개에는 schedule=dynamic 또는 steal이 필요합니다 (static은 워커마다 블록 하나로 자릅니다)"),
    ("cells", "워커 수 {workers}가지 × 모델 {models}개 × 청크 크기 {chunks}개는 측정점 {cells}개입니다. 최대 {max}개입니다"),
    ("chunk_range", "{chunk}: 1부터 {units} 사이여야 합니다 (작업 단위: 각각 {unit})"),
    ("chunk_messages", "청크당 {chunk} 단위면 청크가 {chunks}개입니다. 청크마다 프로세스 Worker에 메시지를 하나씩 보내는데, 최대 {max}개까지 허용됩니다: 청크를 {smallest} 이상으로 하세요"),
    ("chunk_few", "청크당 {chunk} 단위면 청크가 {chunks}개뿐이라 워커 {k}개보다 적습니다. 청크를 {largest} 이하로 하세요"),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_gives_every_reason_with_the_same_places() {
        let places = |s: &str| {
            let mut p: Vec<String> = s.split('{').skip(1).filter_map(|t| t.split_once('}').map(|(name, _)| name.to_string())).collect();
            p.sort();
            p
        };
        for lang in Lang::ALL {
            for (table, english) in tables(*lang).into_iter().zip(tables(Lang::En)) {
                let keys: Vec<&str> = table.iter().map(|(k, _)| *k).collect();
                assert_eq!(keys, english.iter().map(|(k, _)| *k).collect::<Vec<_>>(), "{lang:?}: the same keys in the same order");
                for (key, text) in table {
                    assert_eq!(places(text), places(&reason(Lang::En, key, &[])), "{lang:?} {key}");
                }
            }
        }
        let all: Vec<&str> = tables(Lang::En).iter().flat_map(|t| t.iter().map(|(k, _)| *k)).collect();
        assert!(all.iter().all(|k| all.iter().filter(|o| *o == k).count() == 1), "no key in both tables");
        assert_eq!(reason(Lang::Ko, "outside", &[("v", "9".into()), ("max", "8".into())]), "9: 1–8 범위를 벗어났습니다");
        assert_eq!(reason(Lang::Ko, "no such reason", &[]), "no such reason");
    }
}
