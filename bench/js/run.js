// The main thread of the plain-JavaScript bench page: splits units 0..units
// into k contiguous blocks (the static schedule), hands one to each of k
// Workers by postMessage, and times the whole from the first message to the
// last answer — the same span the page times for its processes model. The
// Workers are started (and warmed up on one small block) before the clock
// starts. The result lands in `window.benchResult`.
import { units } from './kernels.js';

const params = new URLSearchParams(location.search);
const workload = params.get('workload');
const n = Number(params.get('n'));
const k = Number(params.get('k'));
const repeats = Number(params.get('repeats') || 3);
const seed = Number(params.get('seed') || 1);

const ask = (worker, message) => new Promise((resolve, reject) => {
  worker.onmessage = ({ data }) => resolve(data);
  worker.onerror = (e) => reject(new Error(e.message));
  worker.postMessage(message);
});

async function main() {
  const total = units(workload, n);
  const workers = Array.from({ length: k }, () => new Worker(new URL('./worker.js', import.meta.url), { type: 'module' }));
  await Promise.all(workers.map((w) => ask(w, { workload, n, seed, first: 0, end: Math.min(1, total) })));
  const times = [];
  let answer = null;
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    const parts = await Promise.all(workers.map((w, i) => ask(w, {
      workload, n, seed, first: Math.floor((total * i) / k), end: Math.floor((total * (i + 1)) / k),
    })));
    times.push(performance.now() - start);
    answer = parts.reduce((sum, p) => sum + p, 0);
  }
  workers.forEach((w) => w.terminate());
  window.benchResult = { workload, n, k, times, answer: String(answer) };
  document.getElementById('out').textContent = JSON.stringify(window.benchResult);
}

main().catch((e) => { window.benchResult = { error: String(e.message || e) }; });
