// `cargo xtask bench`'s side-by-side comparison (not a test): every workload
// as wasm in headless Chromium and Firefox ESR through the page's own
// autorun contract (threads and processes, k = 1, 2, … 2 × hardwareConcurrency),
// the same kernels in plain JavaScript Workers (bench/js/) in both browsers,
// and — read from the files xtask wrote before — natively with rayon
// (native.json) and as the seeds' Python (python.json). Writes bench.md
// (tables for BENCHMARKS.md) and bench.json into CORESCOPE_BENCH_OUT.
// A π sweep under each schedule reports the start line (when the last worker
// began). CORESCOPE_BENCH_QUICK=1: small sizes, k = 1 and 2, one repeat — a few
// minutes. Figures are measured, never asserted; ratios compare within this
// one run.
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join, dirname } from 'node:path';
import { gzipSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startServer, openPage, runTo, need } from './harness.js';

const quick = Boolean(process.env.CORESCOPE_BENCH_QUICK);
const out = need('CORESCOPE_BENCH_OUT');
const browsers = (process.env.CORESCOPE_BROWSERS || 'chromium,firefox').split(',');
const repeats = quick ? 1 : 3;
const here = dirname(fileURLToPath(import.meta.url));

// Sizes: the page's quick sizes, a tenth of them with --quick (items per n in `items`).
const SIZES = {
  pi: [1e8, 1e7], sum: [1e8, 1e7], factor: [50_000, 5_000], primes: [3e6, 3e5], mandelbrot: [1000, 300],
  wait: [64, 16], copy: [64, 8], triad: [4_194_304, 1_048_576],
};
const items = (workload, n) => ({ mandelbrot: n * n, copy: (n * 1024 * 1024) / 8 }[workload] ?? n);
const JS_WORKLOADS = ['pi', 'sum', 'primes', 'mandelbrot'];

const lines = [];
const say = (line = '') => { lines.push(line); console.log(line); };
const fixed = (v, d = 2) => (v === undefined || v === null || !Number.isFinite(v) ? '–' : v.toFixed(d));

async function readJson(name) {
  try {
    return JSON.parse(await readFile(join(out, name), 'utf8'));
  } catch {
    return null;
  }
}

// The whole dist/, raw and gzipped (level 9), and each wasm.
async function sizes(dir) {
  const files = [];
  const walk = async (d) => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else files.push(p);
    }
  };
  await walk(dir);
  const all = { raw: 0, gzip: 0, files: files.length, wasm: {} };
  for (const f of files) {
    const bytes = await readFile(f);
    const gz = gzipSync(bytes, { level: 9 }).length;
    all.raw += bytes.length;
    all.gzip += gz;
    if (f.endsWith('.wasm')) all.wasm[f.slice(dir.length + 1)] = { raw: bytes.length, gzip: gz };
  }
  return all;
}

// One page per sweep: the page's own autorun contract.
async function wasmSweep(browser, url) {
  const { page, close } = await openPage(browser);
  try {
    const state = await runTo(page, url, { timeout: 900_000, acceptLong: true });
    if (state !== 'done') throw new Error(`${url}: ${await page.textContent('[role=alert]')}`);
    return await page.evaluate(() => window.corescope.lastRun());
  } finally {
    await close();
  }
}

async function jsRun(browser, url) {
  const { page, close } = await openPage(browser);
  try {
    await page.goto(url);
    const result = await page.waitForFunction(() => window.benchResult, { timeout: 900_000 });
    if (result.error) throw new Error(`${url}: ${result.error}`);
    return result;
  } finally {
    await close();
  }
}

// The answer the page would show for a JS total, to compare with wasm's.
function jsAnswer(workload, n, total) {
  if (workload === 'pi') return (4 * Number(total) / n).toFixed(6);
  if (workload === 'mandelbrot') return null;   // iterations summed, not the page's 64-bit digest
  return String(total);
}

// Page start → pool ready (the page's own figure, corescope.poolReadyAtMs())
// on loads that run nothing, three ways: a freshly started browser's first
// load (its own start-up included); a first visit in a browser that is
// already running, on another site (nothing cached); and a reload, as a
// visitor who comes back sees it (revalidated cache, compiled code kept).
async function poolStart(browser, loads) {
  const readyAt = async (page, url) => {
    await page.goto(url);
    return page.waitForFunction(() => window.corescope?.poolReadyAtMs?.(), undefined, { timeout: 60_000 });
  };
  const times = { fresh: [], visit: [], reload: [] };
  for (let i = 0; i < loads; i++) {
    for (const before of [null, `${jsSite.url}/kernels.js`]) {
      const { page, close } = await openPage(browser);
      try {
        if (before) {
          await page.goto(before);
          times.visit.push(await readyAt(page, `${site.url}/`));
        } else {
          times.fresh.push(await readyAt(page, `${site.url}/`));
          times.reload.push(await readyAt(page, `${site.url}/`));
        }
      } finally {
        await close();
      }
    }
  }
  const spread = (v) => { const s = [...v].sort((x, y) => x - y); return { median: s[Math.floor(s.length / 2)], min: s[0], max: s[s.length - 1], loads: s.length }; };
  return Object.fromEntries(Object.entries(times).map(([kind, v]) => [kind, spread(v)]));
}

const report = { date: new Date().toISOString(), quick, machine: {}, sizes: null, browsers: {}, native: null, python: null };
const site = await startServer();
const jsSite = await startServer({ dir: join(here, '..', '..', 'bench', 'js') });
try {
  report.machine = {
    cpu: execFileSync('sh', ['-c', "lscpu | sed -n 's/^Model name: *//p' | head -1"]).toString().trim(),
    cpus: Number(execFileSync('nproc').toString().trim()),
  };
  report.sizes = await sizes(need('CORESCOPE_DIST'));
  report.native = await readJson('native.json');
  report.python = await readJson('python.json');
  for (const browser of browsers) {
    const b = { userAgent: null, hardwareConcurrency: null, poolReadyAtMs: null, poolStartupMs: null, workloads: {} };
    report.browsers[browser] = b;
    b.poolStart = await poolStart(browser, quick ? 1 : 9);
    for (const workload of Object.keys(SIZES)) {
      const n = SIZES[workload][quick ? 1 : 0];
      const models = workload === 'triad' ? 'threads' : 'threads,processes';
      const hc = b.hardwareConcurrency ?? 2;
      const workers = quick ? '1,2' : [...new Set([1, 2, hc, 2 * hc])].sort((x, y) => x - y).join(',');
      const run = await wasmSweep(browser, `${site.url}/?workload=${workload}&n=${n}&model=${models}&schedule=static&workers=${workers}&repeats=${repeats}&autorun=1`);
      b.userAgent = run.env.userAgent;
      b.hardwareConcurrency = run.env.hardwareConcurrency;
      b.poolReadyAtMs ??= run.env.poolReadyAtMs ?? null;
      b.poolStartupMs ??= run.env.poolStartupMs ?? null;
      const w = { n, items: items(workload, n), answer: run.points[0].answer, verified: run.points.every((p) => p.verified), points: [] };
      for (const p of run.points) {
        w.points.push({ model: p.model, k: p.workers, median_ms: p.median_ms, min_ms: p.min_ms, dispatch_ms: p.dispatch_ms ?? null, start_lag_ms: p.start_lag_ms ?? null, startup_ms: p.startup_ms ?? null, transfer_ms: p.transfer_ms ?? null, bandwidth_gbs: p.bandwidth_gbs ?? null, threads_used: p.threads_used });
      }
      if (JS_WORKLOADS.includes(workload)) {
        w.js = [];
        for (const k of workers.split(',').map(Number)) {
          const r = await jsRun(browser, `${jsSite.url}/?workload=${workload}&n=${n}&k=${k}&repeats=${repeats}`);
          const answer = jsAnswer(workload, n, r.answer);
          w.js.push({ k, best_ms: Math.min(...r.times), answer, same_answer: answer === null ? null : answer === w.answer });
        }
      }
      b.workloads[workload] = w;
    }
    // The start line under every schedule: π, threads, when the last worker began.
    const hc = b.hardwareConcurrency ?? 2;
    const ks = quick ? '1,2' : [...new Set([1, 2, hc, 2 * hc])].sort((x, y) => x - y).join(',');
    b.startLine = [];
    for (const schedule of ['static', 'dynamic', 'steal']) {
      const run = await wasmSweep(browser, `${site.url}/?workload=pi&n=${SIZES.pi[1]}&model=threads&schedule=${schedule}&workers=${ks}&repeats=${quick ? 1 : 7}&autorun=1`);
      for (const p of run.points) b.startLine.push({ schedule, k: p.workers, median_ms: p.median_ms, dispatch_ms: p.dispatch_ms ?? null, start_lag_ms: p.start_lag_ms ?? null, chunks_total: p.chunks_total });
    }
  }
} finally {
  await site.stop();
  await jsSite.stop();
}

// ---- the report ---------------------------------------------------------------
const nsPerItem = (ms, w) => (ms * 1e6) / w.items;
const point = (w, model, k) => w.points.find((p) => p.model === model && p.k === k);

say(`Measured ${report.date.slice(0, 10)} on ${report.machine.cpu}, ${report.machine.cpus} vCPUs${quick ? ' (--quick: small sizes, one repeat)' : ''}.`);
for (const [name, b] of Object.entries(report.browsers)) say(`- ${name}: ${b.userAgent}; hardwareConcurrency ${b.hardwareConcurrency}; page start → pool ready ${fixed(b.poolReadyAtMs, 0)} ms in the first sweep's load (pool start once the build was loaded ${fixed(b.poolStartupMs, 0)} ms)`);
if (report.python) say(`- Python ${report.python.python} (the seeds' functions on multiprocessing.Pool, at a smaller n)`);
const s = report.sizes;
say(`- Site: ${s.files} files, ${(s.raw / 1024).toFixed(1)} KiB raw, ${(s.gzip / 1024).toFixed(1)} KiB gzipped; ${Object.entries(s.wasm).map(([f, v]) => `${f} ${(v.raw / 1024).toFixed(0)} KiB (${(v.gzip / 1024).toFixed(0)} gz)`).join(', ')}`);
say();
say('### Page start → pool ready');
say();
say('The page\'s own figure on loads that run nothing: a freshly started browser\'s first load (the browser\'s own start-up included); a first visit in a running browser that had another site open (nothing cached); a reload (a visitor coming back). Median (min–max).');
say();
say('| browser | fresh browser (ms) | first visit (ms) | reload (ms) | loads each |');
say('|---|---|---|---|---|');
for (const [name, b] of Object.entries(report.browsers)) {
  const cell = ({ median, min, max }) => `${fixed(median, 0)} (${fixed(min, 0)}–${fixed(max, 0)})`;
  say(`| ${name} | ${cell(b.poolStart.fresh)} | ${cell(b.poolStart.visit)} | ${cell(b.poolStart.reload)} | ${b.poolStart.fresh.loads} |`);
}
say();
say('### ns per item, one worker, side by side');
say();
const names = Object.keys(report.browsers);
say(`| workload | n | native | ${names.map((b) => `wasm ${b}`).join(' | ')} | ${names.map((b) => `JS ${b}`).join(' | ')} | Python | wasm/native | JS/wasm | Python/wasm |`);
say(`|---|---|---|${names.map(() => '---').join('|')}|${names.map(() => '---').join('|')}|---|---|---|---|`);
for (const workload of Object.keys(SIZES)) {
  const nat = report.native?.workloads.find((x) => x.workload === workload);
  const wasm = names.map((b) => { const w = report.browsers[b].workloads[workload]; return nsPerItem(point(w, 'threads', 1).median_ms, w); });
  const js = names.map((b) => { const w = report.browsers[b].workloads[workload]; const r = w.js?.find((x) => x.k === 1); return r ? nsPerItem(r.best_ms, w) : null; });
  const py = report.python?.workloads.find((x) => x.workload === workload)?.points.find((p) => p.k === 1)?.ns_per_item ?? null;
  const first = report.browsers[names[0]].workloads[workload];
  // wait's browser time is its waiting; native times its computing only: no ratio.
  const vsNative = nat && workload !== 'wait' ? wasm[0] / nat.ns_per_item : null;
  say(`| ${workload} | ${first.n} | ${fixed(nat?.ns_per_item)} | ${wasm.map((v) => fixed(v)).join(' | ')} | ${js.map((v) => fixed(v)).join(' | ')} | ${fixed(py, 1)} | ${fixed(vsNative)} | ${fixed(js[0] ? js[0] / wasm[0] : null)} | ${fixed(py ? py / wasm[0] : null, 0)} |`);
}
say();
say('Ratios use the first browser. `wait` is its computing natively (the native bench does not wait) but its 10 ms waits in the browsers, so it has no ratio; `copy` counts 8-byte words, `triad` elements. With `--quick` the native sizes are a tenth of the quick sizes and need not match the browsers\'.');
say();
say('### Speedup and efficiency per k (static schedule; dispatch = waking pool threads, start-up = starting process Workers, both outside the time)');
say();
say('| browser | workload | model | k | median (ms) | speedup | efficiency | dispatch (ms) | last start (ms) | start-up (ms) | transfer (ms) | GB/s |');
say('|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const b of names) {
  for (const [workload, w] of Object.entries(report.browsers[b].workloads)) {
    for (const model of ['threads', 'processes']) {
      const one = point(w, model, 1);
      if (!one) continue;
      for (const p of w.points.filter((x) => x.model === model)) {
        const speedup = one.median_ms / p.median_ms;
        say(`| ${b} | ${workload} | ${model} | ${p.k} | ${fixed(p.median_ms)} | ${fixed(speedup)}× | ${fixed((100 * speedup) / p.k, 0)}% | ${fixed(p.dispatch_ms)} | ${fixed(p.start_lag_ms, 3)} | ${fixed(p.startup_ms, 1)} | ${fixed(p.transfer_ms, 1)} | ${fixed(p.bandwidth_gbs)} |`);
      }
    }
  }
}
say();
say('### The start line: π, threads, each schedule');
say();
say(`n = ${SIZES.pi[1]}; last start = when the last worker began its first chunk, after the clock started (the repeat closest to the median); dispatch = waking and gathering the threads before it, outside the time.`);
say();
say('| browser | schedule | k | median (ms) | dispatch (ms) | last start (ms) | chunks |');
say('|---|---|---|---|---|---|---|');
for (const b of names) {
  for (const r of report.browsers[b].startLine) say(`| ${b} | ${r.schedule} | ${r.k} | ${fixed(r.median_ms)} | ${fixed(r.dispatch_ms)} | ${fixed(r.start_lag_ms, 3)} | ${r.chunks_total} |`);
}
say();
say('### Answers');
say();
for (const b of names) {
  const rows = Object.entries(report.browsers[b].workloads).map(([workload, w]) => `${workload}: ${w.verified ? 'verified' : 'NOT VERIFIED'}${w.js ? `, JS ${w.js.every((r) => r.same_answer !== false) ? (w.js[0].same_answer === null ? 'not compared' : 'same answer') : 'DIFFERENT ANSWER'}` : ''}`);
  say(`- ${b}: ${rows.join('; ')}`);
}
if (report.native) say(`- native: ${report.native.workloads.map((w) => `${w.workload} ${w.verified ? 'verified' : 'NOT VERIFIED'}`).join(', ')}; one dynamic chunk costs ${fixed(report.native.per_chunk_us, 3)} µs`);

await writeFile(join(out, 'bench.md'), `${lines.join('\n')}\n`);
await writeFile(join(out, 'bench.json'), JSON.stringify(report, null, 1));
