//! binaryen's `wasm-opt` on each build after wasm-bindgen: it drops the
//! name section and shrinks the code. The pinned binaryen comes from npm
//! (`setup::wasm_opt`); a wasm-opt found on PATH is never used (Debian's
//! 108 breaks wasm-bindgen's output).
//!
//! The result is cached in `target/wasm-opt/`, keyed by the input's bytes
//! and the arguments, because wasm-opt (binaryen compiled to wasm, run by
//! Node) takes several seconds per build and `cargo xtask test` builds the
//! site again.

use crate::cmd::run;
use crate::site::Flavor;
use crate::{repo_root, setup, Result};
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::process::Command;

/// `-Os`, measured against `-O3` and `-Oz` on the `[profile.web]` builds
/// (binaryen 132): threads + plain wasm gzipped 113.6 + 265.7 KB after -O3,
/// 112.5 + 264.9 after -Os, 113.6 + 265.0 after -Oz (smaller raw, larger
/// gzipped). π, 1e8 samples on one thread, did not move: 222 ms in Node for
/// the plain build at every level, ~235 ms (threads model) and ~260 ms
/// (processes) in Chromium. With the speed equal, the smallest download wins.
pub const LEVEL: &str = "-Os";

/// The wasm features each build's code uses, as rustc's `target_features`
/// section lists them: the nightly's defaults for wasm32-unknown-unknown
/// (wasm-bindgen turns reference types into an externref table and uses
/// multi-value returns) and SIMD (both builds), plus atomics for the threads build. binaryen 132
/// also reads that section (the output was byte-identical without these
/// flags); they are named here so the build's assumptions are visible and
/// the module validates even if the section goes missing.
fn features(flavor: Flavor) -> Vec<&'static str> {
    let mut flags = vec![
        "--enable-bulk-memory",
        "--enable-bulk-memory-opt",
        "--enable-call-indirect-overlong",
        "--enable-multivalue",
        "--enable-mutable-globals",
        "--enable-nontrapping-float-to-int",
        "--enable-reference-types",
        "--enable-sign-ext",
        "--enable-simd",
    ];
    if flavor == Flavor::Threads {
        flags.push("--enable-threads");
    }
    flags
}

/// Optimizes `wasm` in place (the files wasm-bindgen wrote).
pub fn optimize(wasm_opt: &Path, flavor: Flavor, wasm: &Path) -> Result {
    let input = std::fs::read(wasm).map_err(|e| format!("could not read {}: {e}", wasm.display()))?;
    let mut args = vec![LEVEL];
    args.extend(features(flavor));
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    (setup::BINARYEN_VERSION, &args, &input).hash(&mut hasher);
    let cache = repo_root().join("target").join("wasm-opt");
    let cached = cache.join(format!("{}-{:016x}.wasm", flavor.name(), hasher.finish()));
    if !cached.is_file() {
        std::fs::create_dir_all(&cache).map_err(|e| format!("could not create {}: {e}", cache.display()))?;
        let partial = cached.with_extension("partial");
        run(Command::new(wasm_opt).args(&args).arg(wasm).arg("-o").arg(&partial))?;
        std::fs::rename(&partial, &cached).map_err(|e| e.to_string())?;
        forget_older(&cache, flavor, &cached);
    } else {
        eprintln!("{} wasm: wasm-opt output unchanged, from {}", flavor.name(), cached.display());
    }
    std::fs::copy(&cached, wasm).map(|_| ()).map_err(|e| format!("could not copy {} to {}: {e}", cached.display(), wasm.display()))
}

/// Keeps one cached output per build: removes this flavour's others.
fn forget_older(cache: &Path, flavor: Flavor, keep: &Path) {
    let prefix = format!("{}-", flavor.name());
    for entry in std::fs::read_dir(cache).into_iter().flatten().flatten() {
        let path = entry.path();
        if path != keep && entry.file_name().to_string_lossy().starts_with(&prefix) {
            let _ = std::fs::remove_file(path);
        }
    }
}
