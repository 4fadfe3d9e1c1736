// Corescope's kernels as a web developer would write them in plain
// JavaScript: the same units and the same arithmetic as `kernels/src/`, so
// pi, sum and primes give the very answers the wasm page checks (pi's
// per-unit key needs 64-bit mixing: BigInt, once per 10 000 samples; its
// coordinates are the hash's signed 16-bit halves). Mandelbrot computes the same
// iterations but sums them instead of the 64-bit digest (BigInt per pixel
// would dominate the time). Factor is left out: its 64-bit Miller–Rabin
// would be BigInt throughout, which no one would time against wasm.

const SAMPLES_PER_UNIT = 10_000;
const NUMBERS_PER_UNIT = 10_000;
const MASK = (1n << 64n) - 1n;

export function units(workload, n) {
  if (workload === 'pi') return Math.ceil(n / SAMPLES_PER_UNIT);
  if (workload === 'sum') return Math.ceil(n / NUMBERS_PER_UNIT);
  return n;
}

function mix64(z) {
  z = ((z ^ (z >> 30n)) * 0xBF58476D1CE4E5B9n) & MASK;
  z = ((z ^ (z >> 27n)) * 0x94D049BB133111EBn) & MASK;
  return z ^ (z >> 31n);
}

function fmix32(h) {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85EBCA6B);
  h ^= h >>> 13;
  h = Math.imul(h, 0xC2B2AE35);
  return (h ^ (h >>> 16)) >>> 0;
}

function piUnit(seed, n, unit) {
  const key = Number(mix64(BigInt(seed) ^ mix64((BigInt(unit) + 0x9E3779B97F4A7C15n) & MASK)) & 0xFFFFFFFFn);
  const count = Math.min(SAMPLES_PER_UNIT, Math.max(0, n - unit * SAMPLES_PER_UNIT));
  let inside = 0;
  for (let i = 0; i < count; i++) {
    const h = fmix32((Math.imul(i, 0x9E3779B9) + key) | 0);
    const x = (h << 16) >> 16;
    const y = h >> 16;
    if (x * x + y * y < 1 << 30) inside++;
  }
  return inside;
}

function sumUnit(n, unit) {
  const first = unit * NUMBERS_PER_UNIT + 1;
  const last = Math.min((unit + 1) * NUMBERS_PER_UNIT, n);
  let sum = 0;
  for (let i = first; i <= last; i++) {
    const r = i % 1_000_003;
    sum += (r * r) % 1_000_003;
  }
  return sum;
}

function isPrime(k) {
  if (k < 2) return false;
  if (k < 4) return true;
  if (k % 2 === 0) return false;
  for (let d = 3; d * d <= k; d += 2) if (k % d === 0) return false;
  return true;
}

function mandelbrotRow(n, y) {
  let total = 0;
  const ci = -1.2 + ((1.8 - -1.2) * (y + 0.5)) / n;
  for (let x = 0; x < n; x++) {
    const cr = -2.2 + ((0.8 - -2.2) * (x + 0.5)) / n;
    let zr = 0;
    let zi = 0;
    let i = 0;
    while (i < 500 && zr * zr + zi * zi <= 4) {
      const t = zr * zr - zi * zi + cr;
      zi = 2 * zr * zi + ci;
      zr = t;
      i++;
    }
    total += i;
  }
  return total;
}

// The sum over units first..end of the workload's per-unit value.
export function run(workload, n, seed, first, end) {
  let total = 0;
  for (let u = first; u < end; u++) {
    if (workload === 'pi') total += piUnit(seed, n, u);
    else if (workload === 'sum') total += sumUnit(n, u);
    else if (workload === 'primes') total += isPrime(u + 1) ? 1 : 0;
    else if (workload === 'mandelbrot') total += mandelbrotRow(n, u);
    else throw new Error(`no JavaScript kernel for ${workload}`);
  }
  return total;
}
