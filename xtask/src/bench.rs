//! `cargo xtask bench [--quick]`: figures, not pass/fail, side by side in
//! one run — the kernels natively with rayon (`benches/kernels.rs` →
//! native.json), the seeds' Python (`bench/python/seeds.py` → python.json),
//! then wasm in both browsers and plain JavaScript Workers
//! (`tests/e2e/bench.mjs`, which reads the two files and writes bench.md and
//! bench.json); a full run adds `tests/e2e/bench-more.mjs`. `--quick` is
//! checked by `cargo xtask test`: it runs and its report is well-formed.

use crate::setup;
use crate::site;
use crate::{repo_root, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

pub fn command(args: &[String]) -> Result {
    let quick = match args {
        [] => false,
        [flag] if flag == "--quick" => true,
        _ => return Err(format!("bench takes only --quick, not {args:?}")),
    };
    let report = run(quick)?;
    eprintln!("Report written to {}", report.display());
    Ok(())
}

/// Runs every benchmark; returns the path of bench.json.
pub fn run(quick: bool) -> Result<PathBuf> {
    setup::toolchain()?;
    let chromium = setup::chromium()?;
    let firefox = setup::firefox()?;
    let e2e_dir = setup::e2e_node_modules()?;
    let out = repo_root().join("target").join(if quick { "bench-quick" } else { "bench" });
    std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
    let quick_env = |cmd: &mut Command| {
        cmd.env("CORESCOPE_BENCH_OUT", &out);
        if quick {
            cmd.env("CORESCOPE_BENCH_QUICK", "1");
        }
    };

    let mut native = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    native.current_dir(repo_root()).args(["bench", "--quiet", "--bench", "kernels"]);
    quick_env(&mut native);
    crate::cmd::run(&mut native)?;

    let python = Command::new("python3")
        .arg(repo_root().join("bench").join("python").join("seeds.py"))
        .args(quick.then_some("--quick"))
        .output()
        .map_err(|e| format!("could not run python3 (the seeds' Python is part of the bench; install python3): {e}"))?;
    if !python.status.success() {
        return Err(format!("the seeds' Python failed: {}", String::from_utf8_lossy(&python.stderr)));
    }
    std::fs::write(out.join("python.json"), &python.stdout).map_err(|e| e.to_string())?;

    let dist = site::build_site()?;
    let mut browsers = crate::suites::node_against_site(&e2e_dir, &dist, &chromium)?;
    browsers.arg("bench.mjs").env("CORESCOPE_FIREFOX", &firefox.browser).env("CORESCOPE_GECKODRIVER", &firefox.driver);
    quick_env(&mut browsers);
    crate::cmd::run(&mut browsers)?;
    if !quick {
        let mut more = crate::suites::node_against_site(&e2e_dir, &dist, &chromium)?;
        more.arg("bench-more.mjs").env("CORESCOPE_BENCH_OUT", &out);
        crate::cmd::run(&mut more)?;
    }
    Ok(out.join("bench.json"))
}

/// A report is well-formed when it has the machine, the sizes, every
/// browser with every workload verified and positive finite times, its
/// start line under each schedule, its page start → pool ready in a fresh
/// browser, on a first visit and on a reload, the
/// native and the Python sections — never a check of how fast.
pub fn check_report(path: &Path) -> Result {
    let text = std::fs::read_to_string(path).map_err(|e| format!("no report at {}: {e}", path.display()))?;
    let report: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("the report is not JSON: {e}"))?;
    let positive = |v: &serde_json::Value| v.as_f64().is_some_and(|x| x.is_finite() && x > 0.0);
    let fail = |what: String| Err(format!("the report {}: {what}", path.display()));
    if !positive(&report["sizes"]["gzip"]) || !positive(&report["machine"]["cpus"]) {
        return fail("has no sizes or machine".into());
    }
    for browser in ["chromium", "firefox"] {
        let start_line = report["browsers"][browser]["startLine"].as_array().map(Vec::as_slice).unwrap_or_default();
        for schedule in ["static", "dynamic", "steal"] {
            if !start_line.iter().any(|r| r["schedule"] == schedule && positive(&r["median_ms"])) {
                return fail(format!("{browser} has no start line under the {schedule} schedule"));
            }
        }
        let pool_start = &report["browsers"][browser]["poolStart"];
        if !["fresh", "visit", "reload"].iter().all(|load| positive(&pool_start[load]["median"])) {
            return fail(format!("{browser} has no page start → pool ready in a fresh browser, on a first visit and on a reload"));
        }
        let workloads = &report["browsers"][browser]["workloads"];
        for workload in ["pi", "sum", "factor", "primes", "mandelbrot", "wait", "copy", "triad"] {
            let w = &workloads[workload];
            if w["verified"] != serde_json::Value::Bool(true) {
                return fail(format!("{browser} {workload} is missing or not verified"));
            }
            let points = w["points"].as_array().map(Vec::as_slice).unwrap_or_default();
            if points.len() < 2 || !points.iter().all(|p| positive(&p["median_ms"])) {
                return fail(format!("{browser} {workload} lacks its points"));
            }
            if let Some(js) = w["js"].as_array() {
                if js.iter().any(|r| !positive(&r["best_ms"]) || r["same_answer"] == serde_json::Value::Bool(false)) {
                    return fail(format!("{browser} {workload}: JavaScript gave no time or another answer"));
                }
            }
        }
    }
    let native = report["native"]["workloads"].as_array().map(Vec::len).unwrap_or(0);
    let python = report["python"]["workloads"].as_array().map(Vec::len).unwrap_or(0);
    if native < 8 || python < 4 {
        return fail(format!("has {native} native and {python} Python workloads"));
    }
    Ok(())
}
