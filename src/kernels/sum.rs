//! Summing a range (seed 001). A plain `sum += i` loop is folded into a
//! closed form by the compiler, so each element costs real work: the sum is
//! Σ (i² mod M) for i in 1..=n, with M = [`MODULUS`]. One unit is a block
//! of [`NUMBERS_PER_UNIT`] consecutive numbers.

/// The modulus, a prime; `i² mod M` is periodic in i with period M.
pub const MODULUS: u64 = 1_000_003;
/// Numbers in one unit of work.
pub const NUMBERS_PER_UNIT: u64 = 10_000;

pub fn units(n: u64) -> u64 {
    n.div_ceil(NUMBERS_PER_UNIT)
}

#[inline]
fn term(i: u64) -> u64 {
    let r = i % MODULUS;
    r * r % MODULUS
}

/// Σ (i² mod M) over the numbers of block `unit` (numbers start at 1).
pub fn sum_in_unit(n: u64, unit: u64) -> u64 {
    let first = unit * NUMBERS_PER_UNIT + 1;
    let last = ((unit + 1) * NUMBERS_PER_UNIT).min(n);
    (first..=last).map(term).fold(0u64, u64::wrapping_add)
}

/// How many numbers block `unit` holds.
pub fn numbers_in_unit(n: u64, unit: u64) -> u64 {
    NUMBERS_PER_UNIT.min(n.saturating_sub(unit * NUMBERS_PER_UNIT))
}

/// The exact answer, computed independently of any split: the terms repeat
/// with period M, so Σ = q·(one period) + (a partial period), q = n / M.
pub fn reference(n: u64) -> u64 {
    let period = |upto: u64| -> u128 { (1..=upto).map(|i| u128::from(term(i))).sum() };
    let whole = u128::from(n / MODULUS) * period(MODULUS);
    let total = whole + period(n % MODULUS);
    // The kernel sums with wrapping u64 arithmetic; so does this, by truncation.
    total as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_sums_by_hand() {
        // 1 + 4 + 9 + 16 = 30, all below the modulus.
        assert_eq!(sum_in_unit(4, 0), 30);
        assert_eq!(reference(4), 30);
    }

    #[test]
    fn reference_agrees_with_blocks_across_periods() {
        let n = 2 * MODULUS + 12_345;
        let blocks: u64 = (0..units(n)).map(|u| sum_in_unit(n, u)).fold(0, u64::wrapping_add);
        assert_eq!(blocks, reference(n));
        let counted: u64 = (0..units(n)).map(|u| numbers_in_unit(n, u)).sum();
        assert_eq!(counted, n);
    }

    #[test]
    fn term_wraps_at_the_modulus() {
        assert_eq!(term(MODULUS), 0);
        assert_eq!(term(MODULUS + 2), 4);
    }
}
