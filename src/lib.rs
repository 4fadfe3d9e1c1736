//! Corescope: how a device and its browser scale CPU work across Web Workers.
//!
//! Data flows one way: [`config`] (what to run) → [`engine`] (run it on k
//! threads with a [`schedule`]) → [`measure`] (repeats, medians) →
//! [`results`] (the JSON document) → [`analysis`] (speedup, efficiency) →
//! charts in the browser. [`kernels`] are the seeds' workloads as plain
//! Rust. Everything that touches JS lives in `web` (wasm only); everything
//! else builds and is tested natively.

/// `ALL`, `name()` and `from_name()` for an enum whose variants have URL names.
macro_rules! named_enum {
    ($ty:ty { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $ty {
            pub const ALL: &'static [$ty] = &[$(<$ty>::$variant),+];
            /// The name used in URLs and results.
            pub fn name(self) -> &'static str {
                match self { $(<$ty>::$variant => $name),+ }
            }
            pub fn from_name(name: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.name() == name)
            }
        }
    };
}

pub mod analysis;
pub mod config;
pub mod engine;
pub mod i18n;
pub mod intake;
pub mod kernels;
pub mod measure;
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
