//! Installing what the builds and tests need, once per machine: the pinned
//! nightly with its wasm target and std sources (the wasm builds use it;
//! xtask itself and the native tests build with whatever toolchain runs
//! `cargo`, so `cargo xtask` starts on a machine with only rustup's default),
//! the wasm-bindgen CLI, binaryen's wasm-opt and esbuild (cached by version),
//! Chromium with ChromeDriver (apt-get, as root on Debian), and the
//! end-to-end tests' Node packages.

use crate::cmd::{on_path, run};
use crate::{repo_root, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Must equal the `wasm-bindgen` crate version in Cargo.toml exactly.
pub const WASM_BINDGEN_VERSION: &str = "0.2.130";

/// The nightly the wasm builds use: the threads build needs `-Z build-std`
/// (std rebuilt with atomics). rustc 1.97.0-nightly (e50aa6fba 2026-05-19).
pub const NIGHTLY: &str = "nightly-2026-05-20";

/// Installs [`NIGHTLY`] with `rust-src` and the wasm target; a no-op when
/// present. Works where rustup does not install toolchains by itself
/// (`RUSTUP_AUTO_INSTALL=0`).
pub fn toolchain() -> Result {
    if !on_path("rustup") {
        return Err("rustup is not on PATH: install it (https://rustup.rs) and run the command again".into());
    }
    run(Command::new("rustup").args(["toolchain", "install", NIGHTLY, "--profile", "minimal", "--component", "rust-src", "--target", "wasm32-unknown-unknown"]))
}

/// `cargo` of the pinned nightly (for the wasm builds and cached tools).
pub fn nightly_cargo() -> Command {
    let mut cmd = Command::new("rustup");
    cmd.args(["run", NIGHTLY, "cargo"]);
    // The cargo running xtask says which toolchain it is; the nested one must not inherit that.
    cmd.env_remove("RUSTUP_TOOLCHAIN").env_remove("CARGO");
    cmd
}

fn cache_dir() -> PathBuf {
    let base = std::env::var_os("XDG_CACHE_HOME").map(PathBuf::from).or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache"))).unwrap_or_else(|| repo_root().join("target"));
    base.join("corescope")
}

/// The wasm-bindgen CLI binaries (`wasm-bindgen`, `wasm-bindgen-test-runner`),
/// installed into a per-version cache on first use (~3 minutes on 2 cores).
pub fn wasm_bindgen_cli() -> Result<PathBuf> {
    let root = cache_dir().join(format!("wasm-bindgen-cli-{WASM_BINDGEN_VERSION}"));
    let bin = root.join("bin");
    if bin.join("wasm-bindgen").is_file() && bin.join("wasm-bindgen-test-runner").is_file() {
        return Ok(bin);
    }
    eprintln!("Installing wasm-bindgen-cli {WASM_BINDGEN_VERSION} into {} (once per machine)…", root.display());
    // Not `--locked`: its lockfile names a webpki-roots version the registry here lacks.
    run(nightly_cargo().args(["install", "wasm-bindgen-cli", "--version", &format!("={WASM_BINDGEN_VERSION}"), "--root"]).arg(&root))?;
    Ok(bin)
}

/// binaryen's version, pinned exactly: the wasm-opt that shrinks both builds
/// (see `wasm_opt.rs`). Debian's binaryen (108) silently breaks wasm-bindgen
/// 0.2.130's output (its externref table), so PATH is never searched.
pub const BINARYEN_VERSION: &str = "132.0.0";

/// binaryen's `wasm-opt`, from npm's `binaryen` package (binaryen compiled to
/// wasm, run by Node: one download, no C++ build, the same on every
/// machine), installed into a per-version cache on first use.
pub fn wasm_opt() -> Result<PathBuf> {
    npm_tool("binaryen", BINARYEN_VERSION, "wasm-opt")
}

/// esbuild's version, pinned exactly: it minifies the site's JavaScript and
/// CSS (`minify.rs`).
pub const ESBUILD_VERSION: &str = "0.28.2";

/// `esbuild`, from npm (its binary for this platform comes as an optional
/// dependency), installed into a per-version cache on first use.
pub fn esbuild() -> Result<PathBuf> {
    npm_tool("esbuild", ESBUILD_VERSION, "esbuild")
}

/// Binary `bin` of npm package `package` at `version`, installed (with
/// Node and npm from apt-get if missing) into a per-version cache.
fn npm_tool(package: &str, version: &str, bin: &str) -> Result<PathBuf> {
    let root = cache_dir().join(format!("{package}-{version}"));
    let path = root.join("node_modules").join(".bin").join(bin);
    if path.is_file() {
        return Ok(path);
    }
    if !on_path("node") || !on_path("npm") {
        apt_install(&["nodejs", "npm"], &format!("{bin} (npm's {package} package)"))?;
    }
    eprintln!("Installing {package} {version} ({bin}) from npm into {} (once per machine)…", root.display());
    std::fs::create_dir_all(&root).map_err(|e| format!("could not create {}: {e}", root.display()))?;
    run(Command::new("npm").args(["install", "--no-audit", "--no-fund", "--save-exact", "--prefix"]).arg(&root).arg(format!("{package}@{version}")))
        .map_err(|e| format!("{e}\ncould not install {package} {version} from npm (is the npm registry reachable?)"))?;
    if !path.is_file() {
        return Err(format!("npm installed {package} {version}, but {} is missing", path.display()));
    }
    Ok(path)
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

fn apt_install(packages: &[&str], why: &str) -> Result {
    let debian = Path::new("/etc/debian_version").exists();
    if !(debian && is_root() && on_path("apt-get")) {
        return Err(format!("{why} needs the packages {}: install them (on Debian: `sudo apt-get install {}`) and run again", packages.join(", "), packages.join(" ")));
    }
    run(Command::new("apt-get").arg("update").arg("-qq"))?;
    run(Command::new("apt-get").args(["install", "-y", "-qq"]).args(packages).env("DEBIAN_FRONTEND", "noninteractive"))
}

/// Debian's Chromium and ChromeDriver, for the browser tests.
pub struct Chromium {
    pub browser: PathBuf,
    pub driver: PathBuf,
}

pub fn chromium() -> Result<Chromium> {
    let browser = PathBuf::from("/usr/bin/chromium");
    let driver = PathBuf::from("/usr/bin/chromedriver");
    if !browser.is_file() || !driver.is_file() {
        apt_install(&["chromium", "chromium-driver"], "the browser tests")?;
    }
    Ok(Chromium { browser, driver })
}

/// Debian's Firefox ESR and geckodriver (built once with cargo, cached by
/// version like the wasm-bindgen CLI), for the Firefox tests.
pub struct Firefox {
    pub browser: PathBuf,
    pub driver: PathBuf,
}

pub const GECKODRIVER_VERSION: &str = "0.37.1";

pub fn firefox() -> Result<Firefox> {
    let browser = PathBuf::from("/usr/bin/firefox-esr");
    if !browser.is_file() {
        apt_install(&["firefox-esr"], "the Firefox tests")?;
    }
    let root = cache_dir().join(format!("geckodriver-{GECKODRIVER_VERSION}"));
    let driver = root.join("bin").join("geckodriver");
    if !driver.is_file() {
        eprintln!("Installing geckodriver {GECKODRIVER_VERSION} into {} (once per machine)…", root.display());
        run(nightly_cargo().args(["install", "--locked", "geckodriver", "--version", &format!("={GECKODRIVER_VERSION}"), "--root"]).arg(&root))?;
    }
    Ok(Firefox { browser, driver })
}

/// The end-to-end tests' Node package (selenium-webdriver), from package-lock.json.
pub fn e2e_node_modules() -> Result<PathBuf> {
    let dir = repo_root().join("tests").join("e2e");
    if !on_path("node") || !on_path("npm") {
        apt_install(&["nodejs", "npm"], "the end-to-end tests")?;
    }
    if !dir.join("node_modules").join("selenium-webdriver").is_dir() {
        run(Command::new("npm").args(["ci", "--no-audit", "--no-fund"]).current_dir(&dir))?;
    }
    Ok(dir)
}
