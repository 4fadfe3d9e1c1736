"""The seeds' own Python, timed for `cargo xtask bench`: each workload as the
blog posts wrote it (plain functions mapped over a `multiprocessing.Pool`,
split into k contiguous chunks as `Pool.map` with a chunksize does), at a
smaller n than the page uses, reported per item so it can be set beside the
wasm figures. Prints one JSON document. Usage: seeds.py [--quick]
"""

import json
import math
import multiprocessing
import random
import sys
import time


def pi_chunk(args):
    """Seed 004: Monte Carlo pi — count random points inside the quarter circle."""
    seed, count = args
    rng = random.Random(seed)
    inside = 0
    for _ in range(count):
        x, y = rng.random(), rng.random()
        if x * x + y * y <= 1.0:
            inside += 1
    return inside


def sum_chunk(bounds):
    """Seed 001, with Corescope's term: the sum of i² mod 1 000 003."""
    first, last = bounds
    return sum((i % 1_000_003) * (i % 1_000_003) % 1_000_003 for i in range(first, last + 1))


def check_prime(k):
    """Seed 004's check_prime: trial division by odd numbers up to √k."""
    if k < 2:
        return False
    if k < 4:
        return True
    if k % 2 == 0:
        return False
    for d in range(3, math.isqrt(k) + 1, 2):
        if k % d == 0:
            return False
    return True


def primes_chunk(bounds):
    first, last = bounds
    return sum(1 for k in range(first, last + 1) if check_prime(k))


def factorise(x):
    """Seed 002: prime factorisation by trial division."""
    factors, d = [], 2
    while d * d <= x:
        while x % d == 0:
            factors.append(d)
            x //= d
        d += 1
    if x > 1:
        factors.append(x)
    return factors


def factor_chunk(args):
    seed, count = args
    rng = random.Random(seed)
    return sum(len(factorise(rng.randint(20_000, 100_000_000))) for _ in range(count))


def blocks(n, k):
    """k contiguous ranges covering 1..n."""
    return [(n * i // k + 1, n * (i + 1) // k) for i in range(k)]


WORKLOADS = {
    # name: (n, the chunk function, how n is split among k workers)
    "pi": (2_000_000, pi_chunk, lambda n, k: [(i + 1, n // k) for i in range(k)]),
    "sum": (4_000_000, sum_chunk, blocks),
    "primes": (400_000, primes_chunk, blocks),
    "factor": (400, factor_chunk, lambda n, k: [(i + 1, n // k) for i in range(k)]),
}


def main():
    quick = "--quick" in sys.argv
    ks = [1, 2] if quick else [1, 2, 4]
    repeats = 1 if quick else 3
    out = {"python": sys.version.split()[0], "cpus": multiprocessing.cpu_count(), "workloads": []}
    for name, (n, chunk, split) in WORKLOADS.items():
        if quick:
            n //= 10
        entry = {"workload": name, "n": n, "points": []}
        for k in ks:
            with multiprocessing.Pool(k) as pool:
                pool.map(chunk, split(max(k, n // 100), k))  # warm the processes up
                best, answer = math.inf, None
                for _ in range(repeats):
                    t0 = time.perf_counter()
                    answer = sum(pool.map(chunk, split(n, k), chunksize=1))
                    best = min(best, (time.perf_counter() - t0) * 1e3)
            entry["points"].append({"k": k, "best_ms": best, "ns_per_item": best * 1e6 / n, "answer": answer})
        out["workloads"].append(entry)
    json.dump(out, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
