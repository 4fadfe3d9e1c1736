//! The seeds' workloads as plain Rust: no threads, no wasm, no JS. Each
//! workload is a number of *units* (blocks of samples, numbers or rows) and
//! a function from a range of units to a [`Tally`]. Tallies add up with
//! wrapping arithmetic, which is commutative and associative, so the total —
//! and the answer — is the same for every split, schedule and worker count.

/// `ALL`, `name()` and `from_name()` for an enum whose variants have URL names.
#[macro_export]
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

pub mod copy;
pub mod factor;
mod inputs;
mod kind;
pub mod mandelbrot;
pub mod pi;
pub mod primes;
pub mod rng;
pub mod sum;
pub mod triad;
pub mod wait;

pub use inputs::Inputs;
pub use kind::{Bound, WorkloadKind, MAX_INPUT_BYTES};

use serde::{Deserialize, Serialize};
use std::ops::Range;

/// What a range of units contributes: `value` is the workload's sum
/// (points inside, Σ terms, checksum, primes, checksum), `checks` counts
/// the items done (and, for factor, the factorisations that checked out),
/// and `coverage` is Σ mix64(unit) over the units done — it matches its
/// reference only if every unit ran exactly once (a count alone misses one
/// unit run twice and another skipped).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    #[serde(with = "u64_string")]
    pub value: u64,
    #[serde(with = "u64_string")]
    pub checks: u64,
    #[serde(with = "u64_string")]
    pub coverage: u64,
}

/// Wrapping addition, field by field: commutative and associative.
impl std::ops::Add for Tally {
    type Output = Tally;

    fn add(self, other: Tally) -> Tally {
        Tally { value: self.value.wrapping_add(other.value), checks: self.checks.wrapping_add(other.checks), coverage: self.coverage.wrapping_add(other.coverage) }
    }
}

impl Tally {
    /// The tally of one unit: its value and item count, and its coverage mark.
    fn unit(unit: u64, value: u64, checks: u64) -> Tally {
        Tally { value, checks, coverage: rng::mix64(unit) }
    }
}

impl std::iter::Sum for Tally {
    fn sum<I: Iterator<Item = Tally>>(iter: I) -> Tally {
        iter.fold(Tally::default(), std::ops::Add::add)
    }
}

/// One experiment: a workload, its size and its random seed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Workload {
    pub kind: WorkloadKind,
    pub n: u64,
    pub seed: u64,
}

/// The answer of a run, checked.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Answer {
    /// The answer as shown (π estimate, sum, checksum, prime count).
    pub value: String,
    pub verified: bool,
    /// How it was checked, in words.
    pub check: String,
}

/// What a run's total is checked against, computed once per configuration.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reference {
    /// The exact tally value (sum: closed form; primes: sieve; mandelbrot: a
    /// sequential pass); `None` where it is checked statistically (pi) or
    /// inside the kernel (factor).
    #[serde(with = "u64_string::option")]
    pub exact: Option<u64>,
    /// Σ mix64(unit) over every unit: what `Tally::coverage` must be.
    #[serde(with = "u64_string")]
    pub coverage: u64,
}

impl Workload {
    pub fn units(&self) -> u64 {
        self.kind.units(self.n)
    }

    /// The tally of units `range` of a workload that reads no inputs (for
    /// `copy` and `triad`, see [`Workload::run_with`]).
    pub fn run(&self, range: Range<u64>) -> Tally {
        self.run_with(range, &Inputs::None)
    }

    /// The tally of units `range` — the whole of the compute; for `wait`,
    /// the computing of each request (the engine does the waiting). Units
    /// whose inputs are not in `inputs` count nothing, so the check fails.
    pub fn run_with(&self, range: Range<u64>, inputs: &Inputs) -> Tally {
        let n = self.n;
        let seed = self.seed;
        match self.kind {
            WorkloadKind::Pi => range.map(|u| Tally::unit(u, pi::inside_in_unit(seed, n, u), pi::samples_in_unit(n, u))).sum(),
            WorkloadKind::Sum => range.map(|u| Tally::unit(u, sum::sum_in_unit(n, u), sum::numbers_in_unit(n, u))).sum(),
            WorkloadKind::Factor => range
                .map(|i| {
                    let (digest, ok) = factor::checked_digest(seed, i);
                    Tally::unit(i, digest, u64::from(ok))
                })
                .sum(),
            WorkloadKind::Primes => range.map(|u| Tally::unit(u, u64::from(primes::check_prime(u + 1)), 1)).sum(),
            WorkloadKind::Mandelbrot => range.map(|y| Tally::unit(y, mandelbrot::row_digest(n, y), n)).sum(),
            WorkloadKind::Wait => range.map(|u| Tally::unit(u, wait::response(seed, u), 1)).sum(),
            WorkloadKind::Copy => range.filter_map(|u| inputs.copy_words(u, 1).map(|words| Tally::unit(u, copy::reduce(words), words.len() as u64))).sum(),
            WorkloadKind::Triad => match inputs {
                Inputs::Triad { arrays, .. } if range.end <= self.units() => range.map(|u| Tally::unit(u, arrays.triad_unit(u), triad::elements_in_unit(n, u))).sum(),
                _ => Tally::default(),
            },
        }
    }

    /// What the total is checked against. Not timed: done once per sweep.
    pub fn reference(&self) -> Reference {
        let exact = match self.kind {
            WorkloadKind::Pi | WorkloadKind::Factor => None,
            WorkloadKind::Sum => Some(sum::reference(self.n)),
            WorkloadKind::Primes => Some(primes::sieve_count(self.n)),
            WorkloadKind::Mandelbrot => Some((0..self.n).map(|y| mandelbrot::row_digest(self.n, y)).fold(0, u64::wrapping_add)),
            WorkloadKind::Wait => Some((0..self.n).map(|u| wait::response(self.seed, u)).fold(0, u64::wrapping_add)),
            WorkloadKind::Copy => Some(copy::reference(self.seed, self.n)),
            WorkloadKind::Triad => Some(triad::reference(self.seed, self.n)),
        };
        let coverage = (0..self.units()).map(rng::mix64).fold(0, u64::wrapping_add);
        Reference { exact, coverage }
    }

    /// The number of items every correct run counts in `Tally::checks`.
    fn expected_checks(&self) -> u64 {
        match self.kind {
            WorkloadKind::Mandelbrot => self.n * self.n,
            WorkloadKind::Copy => self.n * copy::MIB / 8,
            _ => self.n,
        }
    }

    /// The answer shown for `total`, checked against `reference`.
    pub fn answer(&self, total: Tally, reference: Reference) -> Answer {
        let complete = total.checks == self.expected_checks() && total.coverage == reference.coverage;
        let exact = |what: &str| match reference.exact {
            Some(expected) => (total.value == expected, format!("{what} = {expected}")),
            None => (false, "no reference".to_string()),
        };
        // A checksum's expected value says nothing a reader can use (the
        // answer shows it in hex): only what it was checked against.
        let same = |what: &str| match reference.exact {
            Some(expected) => (total.value == expected, format!("matches the {what}")),
            None => (false, "no reference".to_string()),
        };
        let (value, (matches, check)) = match self.kind {
            WorkloadKind::Pi => {
                let e = pi::estimate(total.value, self.n);
                (format!("{e:.6}"), (pi::plausible(e, self.n), "within 6σ of π".to_string()))
            }
            WorkloadKind::Sum => (total.value.to_string(), exact("closed form (period of i² mod 1 000 003)")),
            WorkloadKind::Factor => (format!("{:016x}", total.value), (true, format!("{} of {} factorisations multiply back, factors prime", total.checks, self.n))),
            WorkloadKind::Primes => (total.value.to_string(), exact("sieve of Eratosthenes")),
            WorkloadKind::Mandelbrot => (format!("{:016x}", total.value), same("sequential pass")),
            WorkloadKind::Wait => (format!("{:016x}", total.value), same("responses computed in order")),
            WorkloadKind::Copy => (format!("{:016x}", total.value), same("input's sum from its generator")),
            WorkloadKind::Triad => (format!("{:016x}", total.value), same("b + 3·c from the generator")),
        };
        let coverage = if complete { String::new() } else { format!("; some units were missed or run twice ({} items counted, {} expected)", total.checks, self.expected_checks()) };
        Answer { value, verified: complete && matches, check: format!("{check}{coverage}") }
    }
}

/// Serialise u64 as decimal strings: JSON numbers lose precision past 2^53 in JS.
pub mod u64_string {
    use serde::{de::Error, Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(v: &u64, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(v)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
        String::deserialize(d)?.parse().map_err(D::Error::custom)
    }

    /// The same for `Option<u64>` (`null` for `None`).
    pub mod option {
        use super::*;

        pub fn serialize<S: Serializer>(v: &Option<u64>, s: S) -> Result<S::Ok, S::Error> {
            match v {
                // `serialize_some`: JSON writes just the string, a binary
                // format (`crate::wire`) also marks that one is there.
                Some(v) => s.serialize_some(&v.to_string()),
                None => s.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
            Option::<String>::deserialize(d)?.map(|s| s.parse().map_err(D::Error::custom)).transpose()
        }
    }
}

#[cfg(test)]
mod tests;
