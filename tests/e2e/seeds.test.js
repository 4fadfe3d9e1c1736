// The seeds' other half, end to end in each browser: work that waits
// (`wait`), work that must be copied (`copy`) and work that runs out of
// memory bandwidth (`triad`) — verified answers under every model and
// schedule that applies, the gil released while waiting, waiting that uses
// no CPU, the transfer to process Workers, bad sizes refused, the
// CPU-bound vs I/O-bound preset. Timings are never asserted.
import { test, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { eachBrowser, runTo, descendantsCpuSeconds, countNonWhite } from './harness.js';

// Small sizes: correctness, not speed. triad's 2^18 elements are 4 units.
const SMALL = { wait: 'n=16&wait_ms=5', copy: 'n=4', triad: 'n=262144' };
// One load per schedule, every model that applies in it interleaved.
const SWEEPS = {
  wait: ['schedule=static&model=threads,processes,gil', 'schedule=dynamic&model=threads,processes,gil', 'schedule=steal&model=threads,gil', 'model=sequential'],
  copy: ['schedule=static&model=threads,processes,gil', 'schedule=dynamic&model=threads,processes,gil', 'schedule=steal&model=threads,gil', 'model=sequential'],
  triad: ['schedule=static&model=threads,gil', 'schedule=dynamic&model=threads,gil', 'schedule=steal&model=threads', 'model=sequential'],
};

eachBrowser((site) => {
  let visitor;
  beforeEach(async () => { visitor = await site.open(); });
  afterEach(async () => { await visitor?.close(); });

  async function sweep(query) {
    const { page } = visitor;
    const state = await runTo(page, `${site.server.url}/?${query}&autorun=1`);
    assert.equal(state, 'done', `${query}: state ${state}, alert: ${await page.textContent('[role=alert]')}`);
    assert.deepEqual(await page.errors(), [], `${query}: uncaught errors`);
    return page.evaluate(() => window.corescope.lastRun());
  }

  for (const workload of Object.keys(SMALL)) {
    test(`${workload}: the same verified answer for k = 1, 2, 4 under every model and schedule that applies`, async () => {
      const answers = new Map();
      for (const how of SWEEPS[workload]) {
        const workers = how === 'model=sequential' ? '1' : '1,2,4';
        const query = `workload=${workload}&${SMALL[workload]}&${how}&workers=${workers}&repeats=1`;
        const run = await sweep(query);
        assert.equal(run.points.length, run.config.models.length * run.config.workers.length, query);
        for (const p of run.points) {
          assert.equal(p.verified, true, `${query} ${p.model} k=${p.workers}: ${p.check}`);
          if (p.schedule !== 'steal') assert.equal(p.threads_used, p.workers, `${query} ${p.model} k=${p.workers}`);
          answers.set(`${how} ${p.model} k=${p.workers}`, p.answer);
          if (workload === 'triad' || workload === 'copy') assert.ok(p.bandwidth_gbs > 0, `${query}: a bandwidth`);
          else assert.equal(p.bandwidth_gbs, undefined);
        }
      }
      assert.equal(new Set(answers.values()).size, 1, `answers differ: ${JSON.stringify(Object.fromEntries(answers))}`);
    });
  }

  // Spans of chunk records of different workers that overlap by more than `slack` ms.
  const overlaps = (chunks, slack) => chunks.some((a) => chunks.some((b) => a.worker !== b.worker && a.start_ms + slack < b.end_ms && b.start_ms + slack < a.end_ms));

  test('under the gil, waiting requests overlap and computing never does', async () => {
    const wait = await sweep('workload=wait&model=gil&n=16&wait_ms=40&workers=4&chunk=1&repeats=1');
    const [p] = wait.points;
    assert.equal(p.verified, true, p.check);
    assert.ok(overlaps(p.chunks, 20), `no two requests of different threads overlapped: ${JSON.stringify(p.chunks)}`);
    // π under the same lock: one chunk at a time (a timer step of slack between threads' clocks).
    const pi = await sweep('workload=pi&model=gil&n=4e6&workers=2&chunk=25&repeats=1');
    assert.equal(pi.points[0].threads_used, 2);
    assert.ok(!overlaps(pi.points[0].chunks, 0.05), `π chunks overlapped under the gil: ${JSON.stringify(pi.points[0].chunks)}`);
  });

  test('waiting uses no CPU: 8 workers waiting keep the browser well below one core', async (t) => {
    const { page } = visitor;
    // 160 requests of 50 ms on 8 workers: about 1 s of waiting per run, two runs.
    const query = 'workload=wait&model=threads&n=160&wait_ms=50&workers=8&repeats=1';
    await page.goto(`${site.server.url}/?${query}`);
    // The page starts the pool of 8 as it loads; measure from when it is ready.
    await page.waitForFunction(() => document.documentElement.dataset.state === 'idle' && /ms/.test(document.getElementById('env-pool').textContent), { timeout: 60_000 });
    const cpu0 = descendantsCpuSeconds();
    const t0 = Date.now();
    await page.click('#run');
    await page.waitForFunction(() => ['done', 'error'].includes(document.documentElement.dataset.state), { timeout: 60_000 });
    const cores = (descendantsCpuSeconds() - cpu0) / ((Date.now() - t0) / 1000);
    assert.equal(await page.evaluate(() => document.documentElement.dataset.state), 'done');
    const run = await page.evaluate(() => window.corescope.lastRun());
    assert.equal(run.points[0].verified, true);
    assert.equal(run.points[0].threads_used, 8);
    t.diagnostic(`${site.browser}: ${cores.toFixed(2)} cores while 8 workers waited`);
    // Busy-waiting 8 threads would keep both cores busy (2.0); blocking leaves
    // only the page's own work (drawing, messages: 0.2–0.35 here).
    assert.ok(cores < 0.75, `the browser used ${cores.toFixed(2)} cores while 8 workers waited`);
  });

  test('a process Worker waits as long as asked, even 1 ms a request (no clamped nested timers)', async () => {
    // Timers set from inside timers are clamped to 4 ms once five are nested:
    // 40 requests of 1 ms would take about 4 ms each, three times the threads'.
    const run = await sweep('workload=wait&model=threads,processes&n=40&wait_ms=1&workers=1&chunk=40&repeats=1');
    const perRequest = Object.fromEntries(run.points.map((p) => [p.model, p.median_ms / 40]));
    assert.ok(run.points.every((p) => p.verified));
    assert.ok(perRequest.processes < 2.5, `processes took ${perRequest.processes.toFixed(2)} ms a request for 1 ms waits (threads ${perRequest.threads.toFixed(2)})`);
  });

  test('copy and triad with another seed read their own input, not the last run\'s', async () => {
    // The coordinator keeps the last input between runs of one page: a run
    // that changes only the seed must not be given it (every point would fail its check).
    for (const [workload, models] of [['copy', 'threads,processes'], ['triad', 'threads']]) {
      const first = await sweep(`workload=${workload}&${SMALL[workload]}&model=${models}&workers=1-2&repeats=1&seed=1`);
      const { page } = visitor;
      await page.fill('#f-seed', '2');
      await page.click('#run');
      await page.waitForFunction(() => ['done', 'error'].includes(document.documentElement.dataset.state) && window.corescope.lastRun()?.config.seed === 2, { timeout: 60_000 });
      const second = await page.evaluate(() => window.corescope.lastRun());
      for (const p of [...first.points, ...second.points]) assert.equal(p.verified, true, `${workload} ${p.model} k=${p.workers}: ${p.check}`);
      assert.notEqual(second.points[0].answer, first.points[0].answer, `${workload}: the seed changes the answer`);
    }
  });

  test('copy: processes are sent the whole input, timed; threads share it', async () => {
    const run = await sweep('workload=copy&model=threads,processes&n=8&workers=1-2&repeats=1');
    for (const p of run.points) {
      assert.equal(p.verified, true, p.check);
      if (p.model === 'processes') {
        assert.ok(p.transfer_ms > 0, `processes k=${p.workers}: transfer ${p.transfer_ms}`);
        assert.equal(p.transfer_bytes, 8 * 1024 * 1024, 'every byte of the input is sent once');
        assert.ok(p.transfer_ms <= p.median_ms * p.workers, 'the transfer is part of the run');
      } else {
        assert.equal(p.transfer_ms, 0);
        assert.equal(p.transfer_bytes, 0);
      }
    }
    // The share link carries the transfer figures exactly.
    const { page } = visitor;
    assert.equal(await runTo(page, run.share_url), 'done', await page.textContent('[role=alert]'));
    const back = await page.evaluate(() => window.corescope.lastRun());
    assert.deepEqual(back.points.map((p) => [p.transfer_ms, p.transfer_bytes, p.bandwidth_gbs]), run.points.map((p) => [p.transfer_ms, p.transfer_bytes, p.bandwidth_gbs]));
    assert.equal(back.config.workload, 'copy');
  });

  test('a bad wait or an input beyond the memory limit is refused before anything runs', async () => {
    const { page } = visitor;
    for (const [query, says] of [
      ['workload=wait&wait_ms=0', 'wait_ms'],
      ['workload=wait&wait_ms=2000', 'from 1 to 1000'],
      ['workload=pi&wait_ms=10', 'applies only to workload=wait'],
      ['workload=copy&n=1024', 'MiB of memory'],
      ['workload=triad&n=1e9', 'MiB of memory'],
      ['workload=triad&model=processes', 'shared memory'],
    ]) {
      const state = await runTo(page, `${site.server.url}/?${query}&autorun=1`);
      assert.equal(state, 'error', query);
      const alert = await page.textContent('[role=alert]');
      assert.ok(alert.includes(says), `${query}: ${alert}`);
      assert.equal(await page.evaluate(() => window.corescope.runs().length), 0, `${query}: nothing ran`);
    }
  });

  test('the CPU-bound vs I/O-bound preset runs π and wait under threads and gil and overlays them', async () => {
    const { page } = visitor;
    await page.goto(`${site.server.url}/?preset=cpu-vs-io&autorun=1`);
    await page.waitForFunction(() => window.corescope?.runs().length === 2 && document.documentElement.dataset.state === 'done', { timeout: 240_000 });
    const runs = await page.evaluate(() => window.corescope.runs());
    assert.deepEqual(runs.map((r) => r.config.workload), ['pi', 'wait']);
    assert.deepEqual(runs.map((r) => r.label), ['π, CPU-bound', 'wait, I/O-bound'], 'each run is named for what it shows');
    for (const r of runs) {
      assert.deepEqual(r.config.models, ['threads', 'gil']);
      assert.ok(r.points.every((p) => p.verified), `${r.config.workload}: unverified points`);
    }
    const note = await page.textContent('#preset-note');
    assert.ok(note.includes('I/O-bound') && note.includes('gil'), note);
    assert.ok(await countNonWhite(page, 'chart-speedup') > 1000, 'the speedup chart is drawn');
    assert.deepEqual(await page.errors(), []);
  });
});
