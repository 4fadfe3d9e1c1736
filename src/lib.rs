//! Corescope: how a device and its browser scale CPU work across Web Workers.
//!
//! Data flows one way: [`config`] (what to run) → [`engine`] (run it on k
//! threads with a [`schedule`]) → [`measure`] (repeats, medians) →
//! [`results`] (the JSON document) → [`analysis`] (speedup, efficiency) →
//! charts in the browser. [`kernels`] are the seeds' workloads as plain
//! Rust. Everything that touches JS lives in `web` (wasm only); everything
//! else builds and is tested natively.

pub mod analysis;
pub mod config;
pub mod engine;
pub mod kernels;
pub mod measure;
pub mod results;
pub mod schedule;

#[cfg(target_arch = "wasm32")]
pub mod web;
