//! Work that runs out of memory bandwidth: the STREAM triad
//! `a[i] = b[i] + s·c[i]` over three arrays of `n` doubles, far larger than
//! the caches, in one shared memory. Each element costs one multiply-add
//! and 24 bytes of traffic (two reads, one write — STREAM's count), so the
//! memory, not the cores, sets the pace. A unit is a block of
//! [`ELEMENTS_PER_UNIT`] elements; a run is one pass. The answer is a
//! checksum of the bits of every `a[i]` written.

use super::rng::mix64;
use std::cell::UnsafeCell;

/// Elements in one unit (512 KiB of each array).
pub const ELEMENTS_PER_UNIT: u64 = 65_536;
/// The triad's scalar.
pub const SCALAR: f64 = 3.0;
/// Bytes of memory traffic per element (STREAM counts 2 reads + 1 write).
pub const BYTES_PER_ELEMENT: u64 = 24;

pub fn units(n: u64) -> u64 {
    n.div_ceil(ELEMENTS_PER_UNIT)
}

/// A uniform double in [0, 1) from a 64-bit word.
#[inline]
fn unit_interval(z: u64) -> f64 {
    (z >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// `b[i]` and `c[i]` of run `seed`.
#[inline]
pub fn inputs_at(seed: u64, i: u64) -> (f64, f64) {
    (unit_interval(mix64(seed ^ i)), unit_interval(mix64(!seed ^ i.rotate_left(17))))
}

/// The three arrays, prepared once per sweep (not timed). `a` is written by
/// the run's threads, each unit to its own block of elements.
pub struct Arrays {
    a: Vec<UnsafeCell<f64>>,
    b: Vec<f64>,
    c: Vec<f64>,
}

// SAFETY: `a`'s cells are written only through `triad_block`, and the engine
// hands each unit — a disjoint block of indices — to exactly one thread per
// run (the coverage check would catch a unit run twice); runs of one
// process never overlap. `b` and `c` are only read.
unsafe impl Sync for Arrays {}

impl Arrays {
    pub fn generate(seed: u64, n: u64) -> Arrays {
        let (b, c) = (0..n).map(|i| inputs_at(seed, i)).unzip();
        Arrays { a: (0..n).map(|_| UnsafeCell::new(0.0)).collect(), b, c }
    }

    pub fn len(&self) -> u64 {
        self.b.len() as u64
    }

    pub fn is_empty(&self) -> bool {
        self.b.is_empty()
    }

    /// The triad over unit `unit`'s block; the wrapping sum of the bits written.
    pub fn triad_unit(&self, unit: u64) -> u64 {
        let first = (unit * ELEMENTS_PER_UNIT) as usize;
        let end = ((unit + 1) * ELEMENTS_PER_UNIT).min(self.len()) as usize;
        let (b, c) = (&self.b[first..end], &self.c[first..end]);
        let a = &self.a[first..end];
        let mut sum = 0u64;
        for i in 0..a.len() {
            let x = b[i] + SCALAR * c[i];
            // SAFETY: see `impl Sync`: this block is this thread's alone during the run.
            unsafe { *a[i].get() = x };
            sum = sum.wrapping_add(x.to_bits());
        }
        sum
    }

    /// `a[i]` as last written (for tests).
    pub fn a_at(&self, i: usize) -> f64 {
        // SAFETY: read between runs only.
        unsafe { *self.a[i].get() }
    }
}

/// Elements in unit `unit`.
pub fn elements_in_unit(n: u64, unit: u64) -> u64 {
    ((unit + 1) * ELEMENTS_PER_UNIT).min(n) - unit * ELEMENTS_PER_UNIT
}

/// The checksum of a whole pass, from the generator (the reference).
pub fn reference(seed: u64, n: u64) -> u64 {
    (0..n).fold(0u64, |s, i| {
        let (b, c) = inputs_at(seed, i);
        s.wrapping_add((b + SCALAR * c).to_bits())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pass_writes_a_and_matches_the_reference() {
        let n = ELEMENTS_PER_UNIT * 2 + 5;
        let arrays = Arrays::generate(9, n);
        let sum = (0..units(n)).map(|u| arrays.triad_unit(u)).fold(0u64, u64::wrapping_add);
        assert_eq!(sum, reference(9, n));
        let (b, c) = inputs_at(9, 7);
        assert_eq!(arrays.a_at(7), b + SCALAR * c);
        assert_eq!(elements_in_unit(n, 2), 5);
    }
}
