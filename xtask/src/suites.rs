//! `cargo xtask test`: every suite, in order of cost — native unit tests,
//! wasm tests of the threads build in headless Chromium and Firefox ESR (a
//! dedicated worker, a real pool), then end-to-end tests of the built site
//! served by the project's own server, every one in both browsers through
//! WebDriver, and `bench --quick` with its report checked. Prints one
//! closing line with the totals.

use crate::cmd::describe;
use crate::setup::{self, Chromium};
use crate::site::{self, Flavor};
use crate::{repo_root, Result};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

#[derive(Default)]
struct Totals {
    passed: u64,
    failed: u64,
}

pub fn run_all() -> Result {
    setup::toolchain()?;
    let bindgen_bin = setup::wasm_bindgen_cli()?;
    let chromium = setup::chromium()?;
    let firefox = setup::firefox()?;
    let e2e_dir = setup::e2e_node_modules()?;
    let mut totals = Totals::default();
    let mut failures = Vec::new();

    let mut native = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    native.current_dir(repo_root()).args(["test", "--workspace"]);
    record(&mut totals, &mut failures, "native", run_counting(&mut native));

    let scratch = repo_root().join("target").join("browser-test-tmp");
    let mut wasm = wasm_browser_tests(&bindgen_bin, &scratch)?;
    wasm.env("CHROMEDRIVER", &chromium.driver).env("WASM_BINDGEN_TEST_WEBDRIVER_JSON", chrome_capabilities(&chromium, &scratch)?);
    record(&mut totals, &mut failures, "wasm in Chromium", run_counting(&mut wasm));
    let mut wasm = wasm_browser_tests(&bindgen_bin, &scratch)?;
    wasm.env("GECKODRIVER", &firefox.driver);
    record(&mut totals, &mut failures, "wasm in Firefox", run_counting(&mut wasm));
    // The drivers leave their profiles here; they are ours to remove.
    let _ = std::fs::remove_dir_all(&scratch);

    let dist = site::build_site()?;
    let mut e2e = node_against_site(&e2e_dir, &dist, &chromium)?;
    e2e.env("CORESCOPE_FIREFOX", &firefox.browser).env("CORESCOPE_GECKODRIVER", &firefox.driver);
    e2e.args(["--test", "--test-reporter=spec", "--test-concurrency=1"]);
    record(&mut totals, &mut failures, "end to end", run_counting(&mut e2e));

    // The benchmarks' quick mode runs and writes a well-formed report (its figures are never asserted).
    let quick = crate::bench::run(true).and_then(|report| crate::bench::check_report(&report));
    if let Err(e) = &quick {
        eprintln!("xtask: bench --quick: {e}");
    }
    record(&mut totals, &mut failures, "bench --quick", quick.map(|()| Totals { passed: 1, failed: 0 }));

    println!();
    println!("total: {} passed, {} failed", totals.passed, totals.failed);
    if failures.is_empty() && totals.passed > 0 {
        Ok(())
    } else if failures.is_empty() {
        Err("no test ran".into())
    } else {
        Err(format!("failed: {}", failures.join(", ")))
    }
}

/// `node` in `tests/e2e`, told where the site, the server (this very
/// binary, as `xtask serve`) and the browser are.
pub(crate) fn node_against_site(e2e_dir: &Path, dist: &Path, chromium: &Chromium) -> Result<Command> {
    let mut cmd = Command::new("node");
    cmd.current_dir(e2e_dir)
        .env("CORESCOPE_XTASK", std::env::current_exe().map_err(|e| e.to_string())?)
        .env("CORESCOPE_DIST", dist)
        .env("CORESCOPE_CHROMIUM", &chromium.browser)
        .env("CORESCOPE_CHROMEDRIVER", &chromium.driver);
    Ok(cmd)
}

fn record(totals: &mut Totals, failures: &mut Vec<String>, suite: &str, outcome: Result<Totals>) {
    match outcome {
        Ok(t) => {
            totals.passed += t.passed;
            totals.failed += t.failed;
            if t.failed > 0 {
                failures.push(suite.to_string());
            }
        }
        Err(e) => {
            eprintln!("xtask: {suite}: {e}");
            totals.failed += 1;
            failures.push(suite.to_string());
        }
    }
}

/// The threads build's wasm-bindgen tests, run by wasm-bindgen-test-runner
/// through a WebDriver (the caller names it: `CHROMEDRIVER` or
/// `GECKODRIVER`). The drivers' temporary profiles go to a folder of ours
/// that is removed afterwards.
fn wasm_browser_tests(bindgen_bin: &Path, scratch: &Path) -> Result<Command> {
    std::fs::create_dir_all(scratch).map_err(|e| e.to_string())?;
    let mut cmd = Flavor::Threads.cargo("test");
    cmd.args(["--test", "browser_threads"])
        .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER", bindgen_bin.join("wasm-bindgen-test-runner"))
        .env("WASM_BINDGEN_TEST_TIMEOUT", "120")
        .env("TMPDIR", scratch);
    Ok(cmd)
}

/// Chromium's capabilities for the runner: Debian's binary and the flags
/// this machine's closed network needs.
fn chrome_capabilities(chromium: &Chromium, scratch: &Path) -> Result<std::path::PathBuf> {
    let _ = std::fs::remove_dir_all(scratch);
    std::fs::create_dir_all(scratch).map_err(|e| e.to_string())?;
    let capabilities = scratch.join("webdriver.json");
    std::fs::write(
        &capabilities,
        format!(
            r#"{{"goog:chromeOptions": {{"binary": "{}", "args": ["--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"]}}}}"#,
            chromium.browser.display()
        ),
    )
    .map_err(|e| e.to_string())?;
    Ok(capabilities)
}

/// Runs a test command, echoing its output and counting the results it
/// reports (cargo's `test result:` lines, node's `pass`/`fail` summary).
fn run_counting(cmd: &mut Command) -> Result<Totals> {
    eprintln!("$ {}", describe(cmd));
    let mut child = cmd.stdout(Stdio::piped()).spawn().map_err(|e| format!("could not start `{}`: {e}", describe(cmd)))?;
    let mut totals = Totals::default();
    if let Some(out) = child.stdout.take() {
        for line in BufReader::new(out).lines().map_while(|l| l.ok()) {
            println!("{line}");
            count_line(&line, &mut totals);
        }
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    if !status.success() && totals.failed == 0 {
        totals.failed = 1;
    }
    Ok(totals)
}

fn count_line(line: &str, totals: &mut Totals) {
    let number_before = |text: &str, word: &str| -> Option<u64> {
        let idx = text.find(word)?;
        text[..idx].split_whitespace().last()?.parse().ok()
    };
    let number_after = |text: &str, word: &str| -> Option<u64> { text.trim().strip_prefix(word)?.trim().parse().ok() };
    if let Some(rest) = line.trim_start().strip_prefix("test result:") {
        totals.passed += number_before(rest, " passed").unwrap_or(0);
        totals.failed += number_before(rest, " failed").unwrap_or(0);
    } else if let Some(rest) = line.trim_start().strip_prefix("ℹ ").or_else(|| line.strip_prefix("# ")) {
        totals.passed += number_after(rest, "pass").unwrap_or(0);
        totals.failed += number_after(rest, "fail").unwrap_or(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_cargo_and_node_summaries() {
        let mut t = Totals::default();
        for line in ["test result: ok. 39 passed; 0 failed; 0 ignored", "test result: FAILED. 3 passed; 2 failed;", "ℹ pass 4", "ℹ fail 1", "# pass 2", "ℹ tests 5"] {
            count_line(line, &mut t);
        }
        assert_eq!((t.passed, t.failed), (48, 3));
    }
}
