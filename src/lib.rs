//! Corescope: how a device and its browser scale CPU work across Web Workers.
//!
//! Data flows one way: [`config`] (what to run) → [`engine`] (run it on k
//! threads with a [`schedule`]) → [`measure`] (repeats, medians) →
//! [`results`] (the JSON document) → [`analysis`] (speedup, efficiency) →
//! charts in the browser. [`kernels`] are the seeds' workloads as plain
//! Rust. Everything that touches JS lives in `web` (wasm only); everything
//! else builds and is tested natively.

pub mod analysis;
pub mod axis;
pub mod config;
pub mod engine;
pub mod estimate;
pub mod handout;
pub mod i18n;
pub mod intake;
/// The workloads: the `corescope-kernels` crate (`kernels/`), built for
/// speed; `named_enum!` comes from it too.
#[macro_use]
pub extern crate corescope_kernels as kernels;
pub mod measure;
pub mod pretty;
pub mod results;
pub mod schedule;
pub mod session;
pub mod share;
pub mod sweep;
pub mod text;
pub mod warm_up;
pub mod wire;

#[cfg(target_arch = "wasm32")]
pub mod web;
