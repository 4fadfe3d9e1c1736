// Every seed experiment, end to end: each workload under each model (and
// each schedule), through autorun URLs, in each browser. Answers must
// be verified, identical across models/schedules/k, and k-worker points
// must have run on k distinct threads or Workers.
import { test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { eachBrowser, runTo } from './harness.js';

// Small sizes: correctness, not speed, is tested here.
const SMALL = { pi: '2e6', sum: '3e6', factor: '1500', primes: '200000', mandelbrot: '160' };
const RUNS = [
  { model: 'threads', schedule: 'static' },
  { model: 'threads', schedule: 'dynamic' },
  { model: 'threads', schedule: 'steal' },
  { model: 'processes', schedule: 'static' },
  { model: 'processes', schedule: 'dynamic' },
  { model: 'gil', schedule: 'dynamic' },
  { model: 'sequential', schedule: 'dynamic' },
];

eachBrowser((site) => {
  // One page per test; each sweep is a fresh load of its autorun URL.
  let visitor;
  beforeEach(async () => { visitor = await site.open(); });
  afterEach(async () => { await visitor?.close(); });

  // Runs `query` to completion; `inspect(page)` may look at the page after it.
  async function sweep(query, inspect = async () => {}) {
    const { page } = visitor;
    const state = await runTo(page, `${site.server.url}/?${query}&autorun=1`);
    const alert = await page.textContent('[role=alert]');
    assert.equal(state, 'done', `${query}: state ${state}, alert: ${alert}`);
    assert.deepEqual(await page.errors(), [], `${query}: uncaught errors`);
    await inspect(page);
    return { run: await page.evaluate(() => window.corescope.lastRun()) };
  }

  for (const workload of Object.keys(SMALL)) {
    test(`${workload}: every model and schedule gives the same verified answer`, async () => {
      const answers = new Map();
      for (const { model, schedule } of RUNS) {
        const workers = model === 'sequential' ? '1' : '1-2';
        const query = `workload=${workload}&model=${model}&schedule=${schedule}&n=${SMALL[workload]}&workers=${workers}&repeats=1`;
        const { run } = await sweep(query);
        assert.equal(run.config.workload, workload);
        assert.equal(run.points.length, model === 'sequential' ? 1 : 2, query);
        for (const p of run.points) {
          assert.equal(p.verified, true, `${query} k=${p.workers}: ${p.check}`);
          assert.equal(p.model, model);
          assert.equal(p.schedule, schedule);
          if (schedule === 'steal') {
            // Work stealing promises at most k threads, not k.
            assert.ok(p.threads_used >= 1 && p.threads_used <= p.workers, `${query} k=${p.workers}: ${p.threads_used} threads`);
          } else {
            assert.equal(p.threads_used, p.workers, `${query} k=${p.workers} ran on ${p.threads_used}`);
          }
          assert.ok(p.chunks.length > 0 && p.chunks.length <= p.chunks_total);
          for (const c of p.chunks) {
            assert.ok(c.start_ms <= c.end_ms && c.first < c.end, `${query}: chunk ${JSON.stringify(c)}`);
          }
          // When the last worker began, under every model: the latest of the workers' first chunk starts.
          const firsts = new Map();
          for (const c of p.chunks) firsts.set(c.worker, Math.min(firsts.get(c.worker) ?? Infinity, c.start_ms));
          if (p.chunks.length === p.chunks_total) {
            assert.equal(p.start_lag_ms, Math.round(Math.max(0, ...firsts.values()) * 1000) / 1000, `${query} k=${p.workers}: start lag`);
          }
          if (model === 'processes') assert.ok(p.startup_ms > 0, 'process start-up is timed');
          else assert.equal(p.startup_ms, undefined);
          answers.set(`${model}/${schedule}/k=${p.workers}`, p.answer);
        }
      }
      assert.equal(new Set(answers.values()).size, 1, `answers differ: ${JSON.stringify(Object.fromEntries(answers))}`);
    });
  }

  test('static blocks are contiguous, one per worker; dynamic chunks have the asked size', async () => {
    const { run: fixed } = await sweep('workload=primes&model=threads&schedule=static&n=100000&workers=3&repeats=1');
    const blocks = fixed.points[0].chunks.map((c) => [c.first, c.end]).sort((a, b) => a[0] - b[0]);
    assert.equal(blocks.length, 3);
    assert.equal(blocks[0][0], 0);
    assert.equal(blocks[2][1], 100000);
    assert.ok(blocks.every((b, i) => i === 0 || b[0] === blocks[i - 1][1]), 'blocks are contiguous');

    const { run: pulled } = await sweep('workload=primes&model=processes&schedule=dynamic&chunk=700&n=100000&workers=2&repeats=1');
    const p = pulled.points[0];
    assert.equal(p.chunks_total, Math.ceil(100000 / 700));
    assert.ok(p.chunks.every((c) => c.end - c.first === 700 || c.end === 100000));
  });

  test('processes, dynamic: a run with as many chunks as workers starts every worker', async () => {
    // 4 chunks: asked Worker after Worker, the first two took two each and two Workers idled.
    const { run } = await sweep('workload=primes&model=processes&schedule=dynamic&chunk=25000&n=100000&workers=2,4&repeats=1');
    for (const p of run.points) {
      assert.equal(p.chunks_total, 4);
      assert.equal(new Set(p.chunks.map((c) => c.worker)).size, p.workers, `k = ${p.workers}: ${JSON.stringify(p.chunks.map((c) => c.worker))}`);
      assert.equal(p.threads_used, p.workers);
    }
  });

  test('the mandelbrot image is shown', async () => {
    let colours;
    const { run } = await sweep('workload=mandelbrot&model=threads&n=120&workers=1&repeats=1', async (page) => {
      assert.ok(await page.isVisible('#picture-area'));
      colours = await page.evaluate(() => {
        const c = document.getElementById('picture');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        const seen = new Set();
        for (let i = 0; i < d.length; i += 4) seen.add(`${d[i]},${d[i + 1]},${d[i + 2]}`);
        return { side: c.width, distinct: seen.size };
      });
    });
    assert.equal(run.points[0].verified, true);
    assert.equal(colours.side, 120);
    assert.ok(colours.distinct > 10, `only ${colours.distinct} colours`);
  });
});
