//! The seeds' workloads as plain Rust: no threads, no wasm, no JS. Each
//! workload is a number of *units* (blocks of samples, numbers or rows) and
//! a function from a range of units to a [`Tally`]. Tallies add up with
//! wrapping arithmetic, which is commutative and associative, so the total —
//! and the answer — is the same for every split, schedule and worker count.

pub mod factor;
pub mod mandelbrot;
pub mod pi;
pub mod primes;
pub mod rng;
pub mod sum;

use serde::{Deserialize, Serialize};
use std::ops::Range;

/// Which experiment to run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum WorkloadKind {
    Pi,
    Sum,
    Factor,
    Primes,
    Mandelbrot,
}

named_enum!(WorkloadKind { Pi => "pi", Sum => "sum", Factor => "factor", Primes => "primes", Mandelbrot => "mandelbrot" });

impl WorkloadKind {
    /// What `n` counts for this workload.
    pub fn n_meaning(self) -> &'static str {
        match self {
            Self::Pi => "samples",
            Self::Sum => "numbers: the sum of i² mod 1 000 003 for i = 1 … n",
            Self::Factor => "random numbers to factorise",
            Self::Primes => "upper limit of the numbers checked",
            Self::Mandelbrot => "image side in pixels",
        }
    }

    /// A size that takes 0.2–0.5 s on one laptop core (for π and sum, the
    /// seeds' own 1e8 already does).
    pub fn quick_n(self) -> u64 {
        match self {
            Self::Pi => 100_000_000,
            Self::Sum => 100_000_000,
            Self::Factor => 50_000,
            Self::Primes => 3_000_000,
            Self::Mandelbrot => 1_000,
        }
    }

    /// The seeds' own parameters.
    pub fn seed_n(self) -> u64 {
        match self {
            Self::Pi => 100_000_000,
            Self::Sum => 100_000_000,
            Self::Factor => 10_000,
            Self::Primes => 10_000_000,
            Self::Mandelbrot => 2_000,
        }
    }

    /// The accepted range of `n`, bounded by time and by the memory of the check.
    pub fn n_limits(self) -> (u64, u64) {
        match self {
            Self::Pi => (1, 100_000_000_000),
            Self::Sum => (1, 1_000_000_000_000),
            Self::Factor => (1, 10_000_000),
            Self::Primes => (2, 200_000_000),
            Self::Mandelbrot => (8, 8_192),
        }
    }

    /// Units of work for size `n`.
    pub fn units(self, n: u64) -> u64 {
        match self {
            Self::Pi => pi::units(n),
            Self::Sum => sum::units(n),
            Self::Factor | Self::Primes | Self::Mandelbrot => n,
        }
    }

    /// What one unit is, for the page and the docs.
    pub fn unit_meaning(self) -> &'static str {
        match self {
            Self::Pi => "a block of 10 000 samples",
            Self::Sum => "a block of 10 000 numbers",
            Self::Factor => "one number",
            Self::Primes => "one number",
            Self::Mandelbrot => "one row",
        }
    }
}

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
        Tally {
            value: self.value.wrapping_add(other.value),
            checks: self.checks.wrapping_add(other.checks),
            coverage: self.coverage.wrapping_add(other.coverage),
        }
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

    /// The tally of units `range` — the whole of the compute.
    pub fn run(&self, range: Range<u64>) -> Tally {
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
        }
    }

    /// What the total is checked against. Not timed: done once per sweep.
    pub fn reference(&self) -> Reference {
        let exact = match self.kind {
            WorkloadKind::Pi | WorkloadKind::Factor => None,
            WorkloadKind::Sum => Some(sum::reference(self.n)),
            WorkloadKind::Primes => Some(primes::sieve_count(self.n)),
            WorkloadKind::Mandelbrot => Some((0..self.n).map(|y| mandelbrot::row_digest(self.n, y)).fold(0, u64::wrapping_add)),
        };
        let coverage = (0..self.units()).map(rng::mix64).fold(0, u64::wrapping_add);
        Reference { exact, coverage }
    }

    /// The number of items every correct run counts in `Tally::checks`.
    fn expected_checks(&self) -> u64 {
        match self.kind {
            WorkloadKind::Mandelbrot => self.n * self.n,
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
        let (value, (matches, check)) = match self.kind {
            WorkloadKind::Pi => {
                let e = pi::estimate(total.value, self.n);
                (format!("{e:.6}"), (pi::plausible(e, self.n), "within 6σ of π".to_string()))
            }
            WorkloadKind::Sum => (total.value.to_string(), exact("closed form (period of i² mod 1 000 003)")),
            WorkloadKind::Factor => (format!("{:016x}", total.value), (true, format!("{} of {} factorisations multiply back, factors prime", total.checks, self.n))),
            WorkloadKind::Primes => (total.value.to_string(), exact("sieve of Eratosthenes")),
            WorkloadKind::Mandelbrot => (format!("{:016x}", total.value), exact("sequential pass")),
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
                Some(v) => s.collect_str(v),
                None => s.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
            Option::<String>::deserialize(d)?.map(|s| s.parse().map_err(D::Error::custom)).transpose()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small(kind: WorkloadKind) -> Workload {
        let n = match kind {
            WorkloadKind::Pi => 123_457,
            WorkloadKind::Sum => 1_234_567,
            WorkloadKind::Factor => 300,
            WorkloadKind::Primes => 20_000,
            WorkloadKind::Mandelbrot => 48,
        };
        Workload { kind, n, seed: 2024 }
    }

    #[test]
    fn every_workload_verifies_whole_and_split() {
        for &kind in WorkloadKind::ALL {
            let w = small(kind);
            let whole = w.run(0..w.units());
            let u = w.units();
            let split = w.run(0..u / 3) + w.run(u / 3..u);
            assert_eq!(whole, split, "{kind:?}");
            let answer = w.answer(whole, w.reference());
            assert!(answer.verified, "{kind:?}: {answer:?}");
        }
    }

    #[test]
    fn a_missing_or_doubled_unit_fails_the_check() {
        for &kind in WorkloadKind::ALL {
            let w = small(kind);
            let u = w.units();
            let missing = w.run(1..u);
            assert!(!w.answer(missing, w.reference()).verified, "{kind:?} missing");
            let doubled = w.run(0..u) + w.run(0..1);
            assert!(!w.answer(doubled, w.reference()).verified, "{kind:?} doubled");
            // One unit run twice and its neighbour skipped: the counts match, the coverage does not.
            let swapped = w.run(0..1) + w.run(0..1) + w.run(2..u);
            assert!(!w.answer(swapped, w.reference()).verified, "{kind:?} swapped");
        }
    }

    #[test]
    fn references_survive_json() {
        for &kind in WorkloadKind::ALL {
            let r = small(kind).reference();
            let json = serde_json::to_string(&r).unwrap();
            assert_eq!(serde_json::from_str::<Reference>(&json).unwrap(), r);
        }
    }

    #[test]
    fn names_round_trip() {
        for &kind in WorkloadKind::ALL {
            assert_eq!(WorkloadKind::from_name(kind.name()), Some(kind));
            let (lo, hi) = kind.n_limits();
            assert!(lo <= kind.quick_n() && kind.seed_n() <= hi);
        }
        assert_eq!(WorkloadKind::from_name("PI"), None);
    }
}
