//! The workloads the page offers, with what their `n` means, their presets,
//! their bounds (of time and of memory) and their units.

use super::{copy, pi, sum, triad};
use serde::{Deserialize, Serialize};

/// Which experiment to run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WorkloadKind {
    Pi,
    Sum,
    Factor,
    Primes,
    Mandelbrot,
    /// I/O-bound: requests that compute a little and then wait.
    Wait,
    /// The price of not sharing: one large input reduced slice by slice.
    Copy,
    /// Memory-bound: the STREAM triad.
    Triad,
}

named_enum!(WorkloadKind { Pi => "pi", Sum => "sum", Factor => "factor", Primes => "primes", Mandelbrot => "mandelbrot", Wait => "wait", Copy => "copy", Triad => "triad" });

/// What sets a workload's pace — and so what its speedup curve can tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bound {
    /// Computing: the curve bends at the physical cores.
    Cpu,
    /// Moving data: the curve flattens where memory bandwidth runs out.
    Memory,
    /// Waiting: no core is used while waiting, so the curve can pass the cores.
    Waiting,
}

/// The most memory a workload's inputs may take: the threads build's shared
/// memory is at most 1 GiB (phones refuse much larger), and the engine,
/// the pool's stacks and a copy for the processes model need room too.
pub const MAX_INPUT_BYTES: u64 = 384 * 1024 * 1024;

impl WorkloadKind {
    /// What `n` counts for this workload.
    pub fn n_meaning(self) -> &'static str {
        match self {
            Self::Pi => "samples",
            Self::Sum => "numbers: the sum of i² mod 1 000 003 for i = 1 … n",
            Self::Factor => "random numbers to factorise",
            Self::Primes => "upper limit of the numbers checked",
            Self::Mandelbrot => "image side in pixels",
            Self::Wait => "requests, each a little computing and then a wait of wait_ms",
            Self::Copy => "MiB of input, reduced in 64 KiB slices",
            Self::Triad => "elements in each of the three arrays (8 bytes each)",
        }
    }

    /// A size that takes 0.2–0.5 s on one laptop core (for π and sum, the
    /// seeds' own 1e8 already does); for `wait`, about 0.6 s of waiting.
    pub fn quick_n(self) -> u64 {
        match self {
            Self::Pi => 100_000_000,
            Self::Sum => 100_000_000,
            Self::Factor => 50_000,
            Self::Primes => 3_000_000,
            Self::Mandelbrot => 1_000,
            Self::Wait => 64,
            Self::Copy => 64,
            Self::Triad => 4 * 1024 * 1024,
        }
    }

    /// The seeds' own parameters (for the three added workloads, sizes in
    /// their spirit: STREAM's default array of 10 million elements).
    pub fn seed_n(self) -> u64 {
        match self {
            Self::Pi => 100_000_000,
            Self::Sum => 100_000_000,
            Self::Factor => 10_000,
            Self::Primes => 10_000_000,
            Self::Mandelbrot => 2_000,
            Self::Wait => 200,
            Self::Copy => 128,
            Self::Triad => 10_000_000,
        }
    }

    /// The accepted range of `n`, bounded by time, by the memory of the
    /// check, and for `copy` and `triad` by [`MAX_INPUT_BYTES`].
    pub fn n_limits(self) -> (u64, u64) {
        match self {
            Self::Pi => (1, 100_000_000_000),
            Self::Sum => (1, 1_000_000_000_000),
            Self::Factor => (1, 10_000_000),
            Self::Primes => (2, 200_000_000),
            Self::Mandelbrot => (8, 8_192),
            Self::Wait => (1, 20_000),
            Self::Copy => (1, 256),
            Self::Triad => (triad::ELEMENTS_PER_UNIT, MAX_INPUT_BYTES / (3 * 8)),
        }
    }

    /// The bytes of input a run of size `n` keeps in memory (0 for the
    /// workloads that compute everything they read).
    pub fn input_bytes(self, n: u64) -> u64 {
        match self {
            Self::Copy => n.saturating_mul(copy::MIB),
            Self::Triad => n.saturating_mul(3 * 8),
            _ => 0,
        }
    }

    /// The bytes a run reads and writes, for a bandwidth (`copy`, `triad`).
    pub fn bytes_moved(self, n: u64) -> Option<u64> {
        match self {
            Self::Copy => Some(n * copy::MIB),
            Self::Triad => Some(n * triad::BYTES_PER_ELEMENT),
            _ => None,
        }
    }

    /// Units of work for size `n`.
    pub fn units(self, n: u64) -> u64 {
        match self {
            Self::Pi => pi::units(n),
            Self::Sum => sum::units(n),
            Self::Copy => copy::units(n),
            Self::Triad => triad::units(n),
            Self::Factor | Self::Primes | Self::Mandelbrot | Self::Wait => n,
        }
    }

    /// What one unit is, for the page and the docs.
    pub fn unit_meaning(self) -> &'static str {
        match self {
            Self::Pi => "a block of 10\u{a0}000 samples",
            Self::Sum => "a block of 10\u{a0}000 numbers",
            Self::Factor => "one number",
            Self::Primes => "one number",
            Self::Mandelbrot => "one row",
            Self::Wait => "one request",
            Self::Copy => "a 64 KiB slice",
            Self::Triad => "a block of 65\u{a0}536 elements",
        }
    }

    /// What limits the workload: the cores, the memory, or waiting.
    pub fn bound(self) -> Bound {
        match self {
            Self::Wait => Bound::Waiting,
            Self::Copy | Self::Triad => Bound::Memory,
            _ => Bound::Cpu,
        }
    }

    /// Whether a unit blocks after computing (the `wait` workload).
    pub fn waits(self) -> bool {
        self == Self::Wait
    }
}
