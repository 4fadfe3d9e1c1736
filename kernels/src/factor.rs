//! Prime factorisation by trial division (seed 002): `count` seeded random
//! integers in [`LOW`, `HIGH`]. One unit is one number. Each factorisation
//! is checked where it is made — the factors multiply back to the number
//! and each is prime by an independent test (Miller–Rabin) — and folded
//! into an order-independent checksum.

use super::rng::{mix64, SplitMix64};

pub const LOW: u64 = 20_000;
pub const HIGH: u64 = 100_000_000;

/// The `index`-th number of the run: its own stream, so any worker draws the same one.
pub fn number(seed: u64, index: u64) -> u64 {
    SplitMix64::for_block(seed, index).in_range(LOW, HIGH)
}

/// The prime factors of `x` (≥ 2) in ascending order, with multiplicity.
/// Every number drawn is below 2^32, and 32-bit division costs a fraction
/// of 64-bit division — natively, and more so in wasm — so such numbers
/// are divided as `u32`; the algorithm is the same.
pub fn factorise(x: u64) -> Vec<u64> {
    match u32::try_from(x) {
        Ok(small) => trial_division(small),
        Err(_) => trial_division(x),
    }
}

/// Trial division by 2, then by odd numbers up to √x.
fn trial_division<T>(mut x: T) -> Vec<u64>
where
    T: Copy + PartialOrd + From<u8> + Into<u64> + std::ops::Rem<Output = T> + std::ops::Div<Output = T> + std::ops::Mul<Output = T> + std::ops::Add<Output = T>,
{
    let (zero, one, two) = (T::from(0), T::from(1), T::from(2));
    let mut factors = Vec::new();
    while x % two == zero {
        factors.push(2);
        x = x / two;
    }
    let mut d = T::from(3);
    while d * d <= x {
        while x % d == zero {
            factors.push(d.into());
            x = x / d;
        }
        d = d + two;
    }
    if x > one {
        factors.push(x.into());
    }
    factors
}

/// a·b mod m for a, b < m: in 64 bits when m < 2^32 (every number drawn),
/// else through 128 bits.
fn mul_mod(a: u64, b: u64, m: u64) -> u64 {
    if m <= u64::from(u32::MAX) {
        a * b % m
    } else {
        (u128::from(a) * u128::from(b) % u128::from(m)) as u64
    }
}

fn pow_mod(mut base: u64, mut exp: u64, m: u64) -> u64 {
    let mut acc = 1 % m;
    base %= m;
    while exp > 0 {
        if exp & 1 == 1 {
            acc = mul_mod(acc, base, m);
        }
        base = mul_mod(base, base, m);
        exp >>= 1;
    }
    acc
}

/// Deterministic Miller–Rabin for every u64 (these twelve bases suffice).
pub fn is_prime(n: u64) -> bool {
    const BASES: [u64; 12] = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37];
    if n < 2 {
        return false;
    }
    for p in BASES {
        if n.is_multiple_of(p) {
            return n == p;
        }
    }
    let (mut d, mut s) = (n - 1, 0);
    while d % 2 == 0 {
        d /= 2;
        s += 1;
    }
    'bases: for a in BASES {
        let mut x = pow_mod(a, d, n);
        if x == 1 || x == n - 1 {
            continue;
        }
        for _ in 1..s {
            x = mul_mod(x, x, n);
            if x == n - 1 {
                continue 'bases;
            }
        }
        return false;
    }
    true
}

/// Whether `factors` is a correct prime factorisation of `x`.
pub fn is_factorisation(x: u64, factors: &[u64]) -> bool {
    let product = factors.iter().try_fold(1u64, |acc, &f| acc.checked_mul(f));
    product == Some(x) && factors.iter().all(|&f| is_prime(f))
}

/// One number's contribution to the checksum, and whether it checked out.
pub fn checked_digest(seed: u64, index: u64) -> (u64, bool) {
    let x = number(seed, index);
    let factors = factorise(x);
    let digest = factors.iter().enumerate().fold(mix64(x), |h, (i, &f)| h.wrapping_add(mix64(f ^ ((i as u64) << 40))));
    (digest, is_factorisation(x, &factors))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn factorises_known_numbers() {
        assert_eq!(factorise(2), vec![2]);
        assert_eq!(factorise(360), vec![2, 2, 2, 3, 3, 5]);
        assert_eq!(factorise(99_999_989), vec![99_999_989]); // a prime
        assert_eq!(factorise(99_999_990), vec![2, 3, 3, 5, 239, 4_649]);
    }

    #[test]
    fn miller_rabin_agrees_with_trial_division() {
        let by_trial = |n: u64| n >= 2 && (2..).take_while(|d| d * d <= n).all(|d| !n.is_multiple_of(d));
        for n in 0..20_000 {
            assert_eq!(is_prime(n), by_trial(n), "{n}");
        }
        assert!(is_prime(18_446_744_073_709_551_557)); // the largest u64 prime
    }

    #[test]
    fn checks_catch_wrong_factorisations() {
        assert!(is_factorisation(12, &[2, 2, 3]));
        assert!(!is_factorisation(12, &[2, 6]));
        assert!(!is_factorisation(12, &[2, 2, 2]));
    }

    #[test]
    fn numbers_fall_in_the_seed_range() {
        for i in 0..1000 {
            assert!((LOW..=HIGH).contains(&number(9, i)));
            assert!(checked_digest(9, i).1);
        }
    }
}
