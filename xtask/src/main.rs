//! `cargo xtask` — the single door to build, serve and test Corescope.
//!
//! Every command sets up what it needs first (the pinned toolchain's
//! target, the wasm-bindgen CLI, a browser, Node packages) and says what to
//! install by hand when it cannot.

mod bench;
mod cmd;
mod minify;
mod serve;
mod setup;
mod site;
mod suites;
mod wasm_opt;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <command> [options]

commands:
  serve [--port N] [--dir DIR] [--no-build] [--no-isolation]
        build the site and serve it on http://127.0.0.1:8000 (port 0: any free port)
        with the headers cross-origin isolation needs (--no-isolation: without
        COOP/COEP/CSP headers, like a static host that cannot set headers)
  build build the deployable static site into dist/
  test  run every test: native, wasm in headless Chromium and Firefox, end to end
        in both, and bench --quick (its report checked, its figures never asserted)
  bench [--quick]
        measure, side by side: every workload native (rayon), as wasm in headless
        Chromium and Firefox, as plain JavaScript Workers, and as the seeds' Python;
        writes target/bench/bench.md (tables for BENCHMARKS.md) and bench.json
        (--quick: small sizes, a few minutes, into target/bench-quick/)
";

pub type Result<T = ()> = std::result::Result<T, String>;

/// The repository root (the parent of this crate).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask lives in the repo").to_path_buf()
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let outcome = match args.first().map(String::as_str) {
        Some("build") => site::build_site().map(|_| ()),
        Some("serve") => serve::command(&args[1..]),
        Some("test") => suites::run_all(),
        Some("bench") => bench::command(&args[1..]),
        Some("-h" | "--help" | "help") => {
            print!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(format!("unknown command {other:?}\n\n{USAGE}")),
        None => Err(USAGE.to_string()),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}
