//! An n×n Mandelbrot image (the wasm-bindgen-rayon demo's workload): rows
//! near the set cost far more than rows outside it. The view is off-centre
//! vertically, so the set's costly rows are not mirrored about the middle
//! and two static halves really are unbalanced. One unit is one row. The
//! answer is an order-independent checksum of the iteration counts.

use super::rng::mix64;

/// Iterations before a point counts as inside the set.
pub const MAX_ITER: u32 = 500;
const X_MIN: f64 = -2.2;
const X_MAX: f64 = 0.8;
const Y_MIN: f64 = -1.2;
const Y_MAX: f64 = 1.8;

/// Iterations until escape for the pixel (x, y) of an n×n image.
#[inline]
pub fn iterations(n: u64, x: u64, y: u64) -> u32 {
    let cr = X_MIN + (X_MAX - X_MIN) * (x as f64 + 0.5) / n as f64;
    let ci = Y_MIN + (Y_MAX - Y_MIN) * (y as f64 + 0.5) / n as f64;
    let (mut zr, mut zi) = (0.0f64, 0.0f64);
    let mut i = 0;
    while i < MAX_ITER && zr * zr + zi * zi <= 4.0 {
        let t = zr * zr - zi * zi + cr;
        zi = 2.0 * zr * zi + ci;
        zr = t;
        i += 1;
    }
    i
}

/// The checksum of row `y`: each pixel's count weighted by its position,
/// so a row computed twice or in the wrong place changes the sum.
pub fn row_digest(n: u64, y: u64) -> u64 {
    digest(n, y, (0..n).map(|x| iterations(n, x, y)))
}

/// Σ count × mix64(pixel index) over a row's counts.
fn digest(n: u64, y: u64, counts: impl Iterator<Item = u32>) -> u64 {
    counts.zip(0..).fold(0u64, |acc, (count, x)| acc.wrapping_add(u64::from(count).wrapping_mul(mix64(y * n + x) | 1)))
}

/// The iteration counts of a whole image, row by row, for drawing it.
pub fn image(n: u64) -> Vec<u32> {
    (0..n).flat_map(|y| (0..n).map(move |x| iterations(n, x, y))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inside_and_outside() {
        // c ≈ -0.5 + 0i is inside the set.
        let n = 100;
        let x_inside = ((-0.5 - X_MIN) / (X_MAX - X_MIN) * n as f64) as u64;
        let y_axis = ((0.0 - Y_MIN) / (Y_MAX - Y_MIN) * n as f64) as u64;
        assert_eq!(iterations(n, x_inside, y_axis), MAX_ITER);
        // The corner (-2.2, -1.2) escapes at once.
        assert!(iterations(n, 0, 0) <= 2);
    }

    #[test]
    fn rows_cost_unevenly() {
        let n = 64;
        let cost = |y| (0..n).map(|x| iterations(n, x, y) as u64).sum::<u64>();
        assert!(cost(n * 2 / 5) > 10 * cost(n - 1));
        // Two static halves differ: the set sits mostly in the first.
        let first: u64 = (0..n / 2).map(cost).sum();
        let second: u64 = (n / 2..n).map(cost).sum();
        assert!(first > 2 * second, "halves cost {first} and {second}");
    }

    #[test]
    fn digest_depends_on_position() {
        // The same counts in another row, or in another order, give another digest.
        let counts: Vec<u32> = (0..64).map(|x| iterations(64, x, 20)).collect();
        let here = digest(64, 20, counts.iter().copied());
        assert_eq!(here, row_digest(64, 20));
        assert_ne!(here, digest(64, 43, counts.iter().copied()));
        assert_ne!(here, digest(64, 20, counts.iter().rev().copied()));
    }
}
