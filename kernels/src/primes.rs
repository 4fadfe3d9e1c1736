//! Counting primes ≤ n with seed 004's `check_prime`: trial division by odd
//! numbers up to √k. The work per number grows with k and stops early for
//! most composites — uneven units, which is what schedules are about. One
//! unit is one number (unit u is the number u + 1). The reference count comes
//! from an independent sieve of Eratosthenes.

/// Seed 004's check: trial division up to √k.
///
/// Every k the page can ask about fits in 32 bits, and is divided in 32
/// bits: the same answer, and wasm has no way around a slow 64-bit division
/// (on Intel cores before Ice Lake, ~3× a 32-bit one), which native x86 code
/// gets from the compiler (it tries a 32-bit division when both fit).
pub fn check_prime(k: u64) -> bool {
    match u32::try_from(k) {
        Ok(k) => check_prime_u32(k),
        Err(_) => check_prime_u64(k),
    }
}

fn check_prime_u32(k: u32) -> bool {
    if k < 2 {
        return false;
    }
    if k < 4 {
        return true;
    }
    if k.is_multiple_of(2) {
        return false;
    }
    let mut d: u32 = 3;
    // d² in 64 bits: near u32::MAX it would not fit in 32.
    while u64::from(d) * u64::from(d) <= u64::from(k) {
        if k.is_multiple_of(d) {
            return false;
        }
        d += 2;
    }
    true
}

fn check_prime_u64(k: u64) -> bool {
    let mut d = 3;
    if k.is_multiple_of(2) {
        return false;
    }
    while d * d <= k {
        if k.is_multiple_of(d) {
            return false;
        }
        d += 2;
    }
    true
}

/// π(n) by a sieve of Eratosthenes over odd numbers (a bitset: n/16 bytes).
pub fn sieve_count(n: u64) -> u64 {
    if n < 2 {
        return 0;
    }
    // Bit i stands for the odd number 2i + 1; set = composite.
    let odd_count = n.div_ceil(2) as usize;
    let mut composite = vec![0u64; odd_count.div_ceil(64)];
    let mut i = 1usize; // the number 3
    while (2 * i + 1) * (2 * i + 1) <= n as usize {
        if composite[i / 64] >> (i % 64) & 1 == 0 {
            let p = 2 * i + 1;
            let mut j = (p * p) / 2;
            while j < odd_count {
                composite[j / 64] |= 1 << (j % 64);
                j += p;
            }
        }
        i += 1;
    }
    let composite_odds: u64 = composite.iter().map(|w| u64::from(w.count_ones())).sum();
    // Odd numbers that are not composite, less the number 1, plus the prime 2.
    odd_count as u64 - composite_odds - 1 + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_32_bit_check_agrees_with_the_64_bit_one() {
        // Around the squares of primes and the top of the 32-bit range, where d² needs 64 bits.
        let edges = [0u64, 1, 2, 3, 4, 5, 9, 25, 49, 65_521 * 65_521, 4_294_967_291, 4_294_967_295];
        for k in (0..20_000u64).chain(edges).chain(4_294_960_000..4_294_967_296) {
            let wide = k >= 2 && (k < 4 || check_prime_u64(k));
            assert_eq!(check_prime(k), wide, "{k}");
        }
        assert!(check_prime(4_294_967_311), "the first prime past u32::MAX, by the 64-bit check");
    }

    #[test]
    fn check_prime_small() {
        let primes: Vec<u64> = (0..30).filter(|&k| check_prime(k)).collect();
        assert_eq!(primes, vec![2, 3, 5, 7, 11, 13, 17, 19, 23, 29]);
    }

    #[test]
    fn sieve_matches_known_values() {
        assert_eq!(sieve_count(1), 0);
        assert_eq!(sieve_count(2), 1);
        assert_eq!(sieve_count(10), 4);
        assert_eq!(sieve_count(100), 25);
        assert_eq!(sieve_count(1_000_000), 78_498);
        assert_eq!(sieve_count(10_000_000), 664_579);
    }

    #[test]
    fn trial_division_matches_sieve() {
        for n in [1, 2, 3, 64, 65, 127, 128, 129, 10_007, 65_536] {
            let by_trial = (1..=n).filter(|&k| check_prime(k)).count() as u64;
            assert_eq!(by_trial, sieve_count(n), "n = {n}");
        }
    }
}
