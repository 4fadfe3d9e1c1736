// More browser benchmarks (run by a full `cargo xtask bench` after the
// side-by-side comparison of bench.mjs): π on 1..2 workers in detail,
// schedules on uneven work, chunk sizes, the cost of one chunk, and how
// often the core estimate hits hardwareConcurrency — sweeps through autorun
// URLs in headless Chromium, printed as Markdown tables for BENCHMARKS.md.
// Figures vary run to run; they are measured, never asserted.
import { writeFile, mkdir } from 'node:fs/promises';
import { startServer, openPage, runTo } from './harness.js';

const REPEATS = Number(process.env.CORESCOPE_BENCH_REPEATS || 5);
const out = process.env.CORESCOPE_BENCH_OUT;

const server = await startServer();
const browser = process.env.CORESCOPE_BENCH_BROWSER || 'chromium';
const lines = [];
const say = (line = '') => { lines.push(line); console.log(line); };
const runs = [];

async function sweep(query) {
  const { page, close } = await openPage(browser);
  try {
    const loaded = Date.now();
    const state = await runTo(page, `${server.url}/?${query}&repeats=${REPEATS}&autorun=1`, { timeout: 900_000, acceptLong: true });
    if (state !== 'done') throw new Error(`${query}: ${await page.textContent('[role=alert]')}`);
    const run = await page.evaluate(() => window.corescope.lastRun());
    runs.push(run);
    return { run, wallMs: Date.now() - loaded };
  } finally {
    await close();
  }
}

const ms = (v) => v.toFixed(1);
const byK = (run, k) => run.points.find((p) => p.workers === k);

try {
  const { run: first } = await sweep('workload=pi&model=threads&n=1e8&workers=1-2');
  say(`Browser: ${first.env.userAgent}`);
  say(`hardwareConcurrency ${first.env.hardwareConcurrency}, cross-origin isolated ${first.env.crossOriginIsolated}, timer resolution ${first.env.timerResolutionMs} ms, ${REPEATS} repeats per point (median, min–max)`);
  say();
  say('### Monte Carlo π, n = 1e8, threads, dynamic schedule');
  say();
  say('| k | median (ms) | min–max (ms) | speedup | ns per sample (k = 1) | threads used |');
  say('|---|---|---|---|---|---|');
  const t1 = byK(first, 1).median_ms;
  for (const p of first.points) {
    say(`| ${p.workers} | ${ms(p.median_ms)} | ${ms(p.min_ms)}–${ms(p.max_ms)} | ${(t1 / p.median_ms).toFixed(2)}× | ${p.workers === 1 ? (p.median_ms * 1e6 / 1e8).toFixed(2) : ''} | ${p.threads_used} |`);
  }
  say(`\nPool of ${first.env.poolThreads} threads: started ${ms(first.env.poolStartupMs)} ms after the coordinator had its build; ready ${ms(first.env.poolReadyAtMs)} ms after the page started loading.`);

  say();
  say('### Every workload at its quick size: k = 1 and k = 2 under each model (static schedule: k contiguous ranges, as in seeds 001–002)');
  say();
  say('| workload | n | model | k = 1 (ms) | k = 2 (ms) | speedup | verified | process start-up k = 2 (ms) |');
  say('|---|---|---|---|---|---|---|---|');
  for (const workload of ['pi', 'sum', 'factor', 'primes', 'mandelbrot']) {
    for (const model of ['threads', 'processes', 'gil']) {
      const { run } = await sweep(`workload=${workload}&model=${model}&schedule=static&workers=1-2`);
      const [a, b] = [byK(run, 1), byK(run, 2)];
      const verified = run.points.every((p) => p.verified) ? 'yes' : 'NO';
      say(`| ${workload} | ${run.config.n} | ${model} | ${ms(a.median_ms)} | ${ms(b.median_ms)} | ${(a.median_ms / b.median_ms).toFixed(2)}× | ${verified} | ${b.startup_ms == null ? '' : ms(b.startup_ms)} |`);
    }
  }

  say();
  say('### Schedules on uneven work (threads, k = 2)');
  say();
  say('| workload | n | schedule | chunk | k = 1 (ms) | k = 2 (ms) | speedup |');
  say('|---|---|---|---|---|---|---|');
  for (const workload of ['primes', 'mandelbrot']) {
    for (const schedule of ['static', 'dynamic', 'steal']) {
      const { run } = await sweep(`workload=${workload}&model=threads&schedule=${schedule}&workers=1-2`);
      const [a, b] = [byK(run, 1), byK(run, 2)];
      say(`| ${workload} | ${run.config.n} | ${schedule} | ${schedule === 'static' ? '–' : run.config.chunk} | ${ms(a.median_ms)} | ${ms(b.median_ms)} | ${(a.median_ms / b.median_ms).toFixed(2)}× |`);
    }
  }

  say();
  say('### Chunk size (seed 004): primes, n = 2e6, dynamic schedule, k = 2');
  say();
  say('| model | chunk (numbers) | chunks | k = 2 (ms) | speedup over k = 1 |');
  say('|---|---|---|---|---|');
  for (const model of ['threads', 'processes']) {
    for (const chunk of [100, 1000, 10000, 100000, 1000000]) {
      const { run } = await sweep(`workload=primes&n=2e6&model=${model}&schedule=dynamic&chunk=${chunk}&workers=1-2`);
      const [a, b] = [byK(run, 1), byK(run, 2)];
      say(`| ${model} | ${chunk} | ${b.chunks_total} | ${ms(b.median_ms)} | ${(a.median_ms / b.median_ms).toFixed(2)}× |`);
    }
  }

  say();
  say('### Cost of one chunk (dynamic schedule, with its timeline record): primes, n = 2e5, threads, k = 1');
  say();
  const fine = byK((await sweep('workload=primes&n=200000&model=threads&schedule=dynamic&chunk=1&workers=1')).run, 1);
  const coarse = byK((await sweep('workload=primes&n=200000&model=threads&schedule=dynamic&chunk=10000&workers=1')).run, 1);
  const perChunkUs = ((fine.median_ms - coarse.median_ms) * 1000) / (fine.chunks_total - coarse.chunks_total);
  say(`${fine.chunks_total} chunks of 1 number: ${ms(fine.median_ms)} ms; ${coarse.chunks_total} chunks of 10 000: ${ms(coarse.median_ms)} ms; about ${perChunkUs.toFixed(2)} µs per chunk.`);

  const sweeps = Number(process.env.CORESCOPE_BENCH_ESTIMATES || 5);
  say();
  say(`### The physical-core estimate: ${sweeps} sweeps of 1..4 workers per workload (quick size, threads, 3 repeats)`);
  say();
  say('| workload | estimates (or the reason for none) | how often the estimate is hardwareConcurrency |');
  say('|---|---|---|');
  for (const workload of ['pi', 'sum', 'factor', 'primes', 'mandelbrot']) {
    const said = [];
    let cores = 0;
    for (let i = 0; i < sweeps; i++) {
      const { page, close } = await openPage(browser);
      try {
        const state = await runTo(page, `${server.url}/?workload=${workload}&model=threads&workers=1-4&repeats=3&autorun=1`, { timeout: 900_000, acceptLong: true });
        if (state !== 'done') throw new Error(`${workload}: ${await page.textContent('[role=alert]')}`);
        const run = await page.evaluate(() => window.corescope.lastRun());
        cores = run.env.hardwareConcurrency;
        said.push(run.analysis[0].estimated_physical_cores ?? run.analysis[0].reason);
      } finally {
        await close();
      }
    }
    say(`| ${workload} | ${said.join(', ')} | ${said.filter((e) => e === cores).length} of ${sweeps} |`);
  }
} finally {
  await server.stop();
}

if (out) {
  await mkdir(out, { recursive: true });
  await writeFile(`${out}/more.md`, `${lines.join('\n')}\n`);
  await writeFile(`${out}/more-runs.json`, JSON.stringify(runs, null, 1));
}
