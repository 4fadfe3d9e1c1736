// The "Your browser" panel and what the page sends with every run about
// where it was measured: logical processors, isolation, the timer's step
// and the thread pool's state. Glue only: the words are the page's text.
import { $, hardwareConcurrency } from './dom.js';
import { t } from './i18n.js';

const isolated = self.crossOriginIsolated === true;

// The smallest step performance.now() takes here (5 µs isolated, 100 µs–1 ms
// otherwise), from at most 10 steps or 50 ms of watching.
function timerResolutionMs() {
  let best = Infinity;
  const until = performance.now() + 50;
  for (let i = 0; i < 10 && (i === 0 || performance.now() < until); i++) {
    const t0 = performance.now();
    let t1 = t0;
    while (t1 === t0) t1 = performance.now();
    best = Math.min(best, t1 - t0);
  }
  return Math.round(best * 1e4) / 1e4;
}

// Where the results are measured; `build` and the pool come from the coordinator per run.
export const env = {
  userAgent: navigator.userAgent,
  hardwareConcurrency,
  crossOriginIsolated: isolated,
  timerResolutionMs: 0,
};

// What the pool line says: [key, values], kept so a change of language can word it again.
let poolWords = ['pool.none', {}];

export function showPool(key, values = {}) {
  poolWords = [key, values];
  $('env-pool').textContent = t(key, values);
}

// Measures the timer's step (once) and shows the panel.
export function measureEnv() {
  env.timerResolutionMs = timerResolutionMs();
  showEnv();
}

export function showEnv() {
  $('env-cores').textContent = String(hardwareConcurrency);
  $('env-isolated').textContent = t(isolated ? 'env.yes' : 'env.no');
  $('env-threads').textContent = t(isolated ? 'env.available' : 'env.unavailable');
  $('env-timer').textContent = `${env.timerResolutionMs} ms`;
  showPool(...poolWords);
}
