//! Building the static site: the crate twice (threads and plain), the
//! wasm-bindgen step and binaryen's wasm-opt for each, and the page's
//! files (JavaScript and CSS minified by esbuild), into `dist/`.
//!
//! ```text
//! dist/index.html  www/*  sw.js (from www/sw.js)  _headers
//! dist/pkg/threads/corescope.js, corescope_bg.wasm  (atomics, shared memory)
//! dist/pkg/plain/corescope.js, corescope_bg.wasm               (no atomics)
//! ```

use crate::cmd::run;
use crate::{minify, repo_root, setup, wasm_opt, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The two builds of the one crate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flavor {
    /// Shared memory + atomics, std rebuilt; runs the pool (needs cross-origin isolation).
    Threads,
    /// No atomics: the main thread (charts) and the process workers.
    Plain,
}

impl Flavor {
    pub fn name(self) -> &'static str {
        match self {
            Flavor::Threads => "threads",
            Flavor::Plain => "plain",
        }
    }

    /// Separate target dirs, so the two builds never rebuild each other.
    pub fn target_dir(self) -> PathBuf {
        repo_root().join("target").join(format!("wasm-{}", self.name()))
    }

    /// `cargo <subcommand>` for wasm32 with this flavour's flags and features.
    pub fn cargo(self, subcommand: &str) -> Command {
        self.cargo_with(subcommand, &[])
    }

    /// `cargo build` of the site's wasm: the size profile, and panics that
    /// trap at once. (Tests keep std's panics: wasm-bindgen-test reports
    /// failures through them.)
    fn site_build(self) -> Command {
        let mut cmd = self.cargo_with("build", PANIC_RUSTFLAGS);
        cmd.args(["--lib", "--profile", PROFILE]);
        cmd.args(["-Z", STD_FEATURES]);
        cmd
    }

    fn cargo_with(self, subcommand: &str, extra_rustflags: &[&str]) -> Command {
        let mut cmd = setup::nightly_cargo();
        cmd.current_dir(repo_root()).arg(subcommand).args(["--target", "wasm32-unknown-unknown", "--target-dir"]).arg(self.target_dir());
        // Config or environment RUSTFLAGS must not leak into either build.
        cmd.env_remove("RUSTFLAGS");
        // std is rebuilt: by the threads build for atomics, by both for
        // PANIC_RUSTFLAGS (std's panic machinery compiled out).
        cmd.args(["-Z", "build-std=panic_abort,std"]);
        let mut flags: Vec<&str> = SIMD_RUSTFLAGS.to_vec();
        if self == Flavor::Threads {
            cmd.args(["--features", "threads"]);
            flags.extend(THREADS_RUSTFLAGS);
        }
        flags.extend(extra_rustflags);
        cmd.env("CARGO_ENCODED_RUSTFLAGS", flags.join("\x1f"));
        cmd
    }
}

/// The Cargo profile of the site's builds (Cargo.toml's `[profile.web]`:
/// release, optimized for size).
pub const PROFILE: &str = "web";

/// std compiled for size: `optimize_for_size` swaps std's sorts (each
/// instantiation of driftsort and ipnsort is several KB of code; the
/// sorts were 62 KB of the plain build before wasm-opt) and its number
/// formatting and parsing for small versions. The kernels use none of
/// them.
pub const STD_FEATURES: &str = "build-std-features=optimize_for_size";

/// A panic traps at once, without formatting its message: on
/// wasm32-unknown-unknown std's panic message goes to a stderr that
/// writes nowhere, so nothing visible is lost, and the formatting and
/// location code is gone (32 KB gzipped off the site when measured, the
/// threads build 124 → 113 KB, plain 287 → 266 KB). `location-detail=none`
/// drops the file names and lines panics would have reported (0.8 KB
/// gzipped; nothing reads them: `src/` has no `#[track_caller]`).
pub const PANIC_RUSTFLAGS: &[&str] = &["-Z", "unstable-options", "-C", "panic=immediate-abort", "-Z", "location-detail=none"];

/// Both builds use wasm SIMD: the π kernel is written for it
/// (`kernels/src/pi.rs`). Every browser with wasm threads has it (Safari
/// since 16.4).
pub const SIMD_RUSTFLAGS: &[&str] = &["-C", "target-feature=+simd128"];

/// The threads build's flags. Nightlies after 2025-10 no longer add the
/// shared-memory link arguments: without them starting the pool fails at
/// run time with "#<Memory> could not be cloned". The maximum memory is
/// kept at 1 GiB: iOS Safari refuses large shared maximums.
pub const THREADS_RUSTFLAGS: &[&str] = &[
    "-C",
    "target-feature=+atomics,+bulk-memory,+mutable-globals",
    "-C",
    "link-arg=--shared-memory",
    "-C",
    "link-arg=--max-memory=1073741824",
    "-C",
    "link-arg=--import-memory",
    "-C",
    "link-arg=--export=__wasm_init_tls",
    "-C",
    "link-arg=--export=__tls_size",
    "-C",
    "link-arg=--export=__tls_align",
    "-C",
    "link-arg=--export=__tls_base",
];

pub fn dist_dir() -> PathBuf {
    repo_root().join("dist")
}

/// Builds everything and writes the deployable site to `dist/`.
pub fn build_site() -> Result<PathBuf> {
    setup::toolchain()?;
    let bindgen_bin = setup::wasm_bindgen_cli()?;
    let wasm_opt_bin = setup::wasm_opt()?;
    let esbuild_bin = setup::esbuild()?;
    let dist = dist_dir();
    if dist.exists() {
        std::fs::remove_dir_all(&dist).map_err(|e| format!("could not clear {}: {e}", dist.display()))?;
    }
    for flavor in [Flavor::Threads, Flavor::Plain] {
        run(&mut flavor.site_build())?;
        let wasm = flavor.target_dir().join("wasm32-unknown-unknown").join(PROFILE).join("corescope.wasm");
        let out = dist.join("pkg").join(flavor.name());
        run(Command::new(bindgen_bin.join("wasm-bindgen")).args(["--target", "web", "--no-typescript", "--out-dir"]).arg(&out).arg(&wasm))?;
        wasm_opt::optimize(&wasm_opt_bin, flavor, &out.join("corescope_bg.wasm"))?;
    }
    let root = repo_root();
    copy_file(&root.join("index.html"), &dist.join("index.html"))?;
    copy_dir(&root.join("www"), &dist.join("www"))?;
    minify::minify_site(&esbuild_bin, &dist)?;
    let csp = content_security_policy()?;
    write_service_worker(&dist, &csp)?;
    std::fs::write(dist.join("_headers"), headers_file(&csp)).map_err(|e| format!("could not write _headers: {e}"))?;
    report_sizes(&dist);
    eprintln!("Site written to {}", dist.display());
    Ok(dist)
}

/// The policy of index.html's `<meta http-equiv="Content-Security-Policy">`,
/// the one source of it: the server and `_headers` send the same.
pub fn content_security_policy() -> Result<String> {
    let html = std::fs::read_to_string(repo_root().join("index.html")).map_err(|e| format!("could not read index.html: {e}"))?;
    let tag_start = html.find("http-equiv=\"Content-Security-Policy\"").ok_or("index.html has no Content-Security-Policy meta tag")?;
    let rest = &html[tag_start..];
    let content = rest.find("content=\"").ok_or("the CSP meta tag has no content")? + "content=\"".len();
    let end = rest[content..].find('"').ok_or("the CSP meta tag's content is not closed")?;
    Ok(rest[content..content + end].to_string())
}

/// Headers every response needs: cross-origin isolation (for
/// SharedArrayBuffer), the CSP, and no MIME sniffing.
pub fn security_headers(csp: &str) -> Vec<(&'static str, String)> {
    vec![
        ("Cross-Origin-Opener-Policy", "same-origin".into()),
        ("Cross-Origin-Embedder-Policy", "require-corp".into()),
        ("Cross-Origin-Resource-Policy", "same-origin".into()),
        ("Content-Security-Policy", format!("{csp}; frame-ancestors 'none'")),
        ("X-Content-Type-Options", "nosniff".into()),
    ]
}

/// `_headers` for static hosts that read it (Netlify, Cloudflare Pages).
fn headers_file(csp: &str) -> String {
    let mut s = String::from("/*\n");
    for (name, value) in security_headers(csp) {
        s.push_str(&format!("  {name}: {value}\n"));
    }
    s
}

/// Moves `www/sw.js` to the site's root (a service worker controls only its
/// folder and below) with the build prepended: its version, its files, and
/// the headers every response gets. A new build (or a new sw.js) is a new
/// worker with a new cache.
fn write_service_worker(dist: &Path, csp: &str) -> Result {
    let source = dist.join("www").join("sw.js");
    let body = std::fs::read_to_string(&source).map_err(|e| format!("could not read {}: {e}", source.display()))?;
    std::fs::remove_file(&source).map_err(|e| e.to_string())?;
    let mut files = Vec::new();
    list_files(dist, dist, &mut files)?;
    files.sort();
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    std::hash::Hash::hash(&body, &mut hasher);
    for file in &files {
        std::hash::Hash::hash(file, &mut hasher);
        std::hash::Hash::hash(&std::fs::read(dist.join(file)).map_err(|e| e.to_string())?, &mut hasher);
    }
    let version = format!("{:016x}", std::hash::Hasher::finish(&hasher));
    let urls: Vec<String> = std::iter::once("./".to_string()).chain(files.iter().map(|f| format!("./{f}"))).collect();
    let quoted = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
    let headers: Vec<String> = security_headers(csp).iter().map(|(name, value)| format!("[{}, {}]", quoted(name), quoted(value))).collect();
    let build = format!("const BUILD = {{ version: {}, files: [{}], headers: [{}] }};\n", quoted(&version), urls.iter().map(|u| quoted(u)).collect::<Vec<_>>().join(", "), headers.join(", "));
    std::fs::write(dist.join("sw.js"), build + &body).map_err(|e| format!("could not write sw.js: {e}"))
}

/// Paths of the files under `dir`, relative to `base`, with `/` separators.
fn list_files(base: &Path, dir: &Path, out: &mut Vec<String>) -> Result {
    for entry in std::fs::read_dir(dir).map_err(|e| format!("could not read {}: {e}", dir.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            list_files(base, &path, out)?;
        } else if let Ok(relative) = path.strip_prefix(base) {
            let relative = relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            if relative != "_headers" && relative != "sw.js" {
                out.push(relative);
            }
        }
    }
    Ok(())
}

fn copy_file(from: &Path, to: &Path) -> Result {
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("could not create {}: {e}", parent.display()))?;
    }
    std::fs::copy(from, to).map(|_| ()).map_err(|e| format!("could not copy {} to {}: {e}", from.display(), to.display()))
}

fn copy_dir(from: &Path, to: &Path) -> Result {
    let entries = std::fs::read_dir(from).map_err(|e| format!("could not read {}: {e}", from.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| e.to_string())?;
        let path = entry.path();
        if path.is_dir() {
            copy_dir(&path, &to.join(entry.file_name()))?;
        } else {
            copy_file(&path, &to.join(entry.file_name()))?;
        }
    }
    Ok(())
}

fn gzipped_len(bytes: &[u8]) -> usize {
    use std::io::Write;
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let _ = enc.write_all(bytes);
    enc.finish().map_or(0, |v| v.len())
}

/// Prints each wasm build's size and the whole site's (every file, each
/// gzipped on its own, as a server compresses them).
fn report_sizes(dist: &Path) {
    for flavor in [Flavor::Threads, Flavor::Plain] {
        let path = dist.join("pkg").join(flavor.name()).join("corescope_bg.wasm");
        if let Ok(bytes) = std::fs::read(&path) {
            eprintln!("{:>8} wasm: {:>7} bytes, {:>7} gzipped", flavor.name(), bytes.len(), gzipped_len(&bytes));
        }
    }
    let mut files = Vec::new();
    if list_files(dist, dist, &mut files).is_ok() {
        files.extend(["_headers".to_string(), "sw.js".to_string()]);
        let (mut raw, mut gzipped) = (0, 0);
        for bytes in files.iter().filter_map(|f| std::fs::read(dist.join(f)).ok()) {
            raw += bytes.len();
            gzipped += gzipped_len(&bytes);
        }
        eprintln!("   whole site: {raw:>7} bytes, {gzipped:>7} gzipped ({} files)", files.len());
    }
}
