// The foundation, end to end: the built site, served by `xtask serve`,
// in each browser — an autorun sweep of Monte Carlo π on the threads
// model, the results contract, the chart, export, and a bad parameter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eachBrowser, startServer, runTo, countColour, countNonWhite, descendantsCpuSeconds, need, BLUE } from './harness.js';

eachBrowser((site) => {
  test('an autorun pi sweep on threads is isolated, verified, on k distinct threads, and drawn', async () => {
    const { page, close } = await site.open();
    // Record how many points the table shows each time it changes during the
    // run: the observer goes in while the page waits, then Run starts it.
    await page.goto(`${site.server.url}/?workload=pi&model=threads&workers=1-3&n=3e6&repeats=2`);
    await page.waitForFunction(() => document.documentElement.dataset.state === 'idle');
    await page.evaluate(() => {
      window.rowsWhileRunning = [];
      const body = document.querySelector('#points tbody');
      new MutationObserver(() => {
        if (document.documentElement.dataset.state === 'running') window.rowsWhileRunning.push(body.rows.length);
      }).observe(body, { childList: true });
    });
    await page.click('#run');
    const state = await page.waitForFunction(() => ['done', 'error'].includes(document.documentElement.dataset.state) && document.documentElement.dataset.state, null, { timeout: 240_000 });
    const alert = await page.textContent('[role=alert]');
    assert.equal(state, 'done', `state ${state}; alert: ${alert}`);
    assert.equal(await page.evaluate(() => self.crossOriginIsolated), true);

    const run = await page.evaluate(() => window.corescope.lastRun());
    assert.equal(typeof run.version, 'number');
    assert.equal(run.env.crossOriginIsolated, true);
    assert.equal(run.env.hardwareConcurrency, await page.evaluate(() => navigator.hardwareConcurrency));
    assert.ok(run.env.timerResolutionMs > 0, 'timer resolution recorded');
    assert.equal(run.env.build, 'threads');
    // The pool may be larger than the sweep needs (the default sweep's, started early).
    assert.ok(run.env.poolThreads >= 3, `pool of ${run.env.poolThreads}`);
    assert.match(run.env.userAgent, site.browser === 'firefox' ? /Firefox\// : /Chrome\//);
    assert.match(run.label, site.browser === 'firefox' ? /^Firefox \d+ on Linux/ : /^Chrome/);
    assert.equal(run.config.workload, 'pi');
    assert.deepEqual(run.points.map((p) => p.workers), [1, 2, 3]);
    const answers = new Set();
    for (const p of run.points) {
      assert.equal(p.model, 'threads');
      assert.equal(typeof p.schedule, 'string');
      assert.equal(p.times_ms.length, 2, 'one time per repeat');
      assert.ok(p.times_ms.every((t) => t > 0));
      assert.ok(p.median_ms >= Math.min(...p.times_ms) && p.median_ms <= Math.max(...p.times_ms));
      assert.equal(p.verified, true, `k=${p.workers}: ${p.check}`);
      assert.equal(p.threads_used, p.workers, `k=${p.workers} ran on ${p.threads_used} threads`);
      assert.ok(p.dispatch_ms >= 0, 'the wake-up is reported apart');
      assert.equal(new Set(p.chunks.map((c) => c.worker)).size, p.workers);
      answers.add(p.answer);
    }
    assert.equal(answers.size, 1, `the estimate depends on k: ${[...answers]}`);
    assert.ok(Math.abs(Number([...answers][0]) - Math.PI) < 0.01);

    assert.ok(await countColour(page, 'chart-time', BLUE) > 200, 'the time chart shows the measured line');
    assert.ok(await countColour(page, 'chart-speedup', BLUE) > 200, 'the speedup chart shows the measured line');
    assert.equal(await page.count('#points tbody tr'), 3);
    const rows = await page.evaluate(() => window.rowsWhileRunning);
    assert.ok(rows.includes(1) && rows.includes(2), `points appear one by one while running: ${rows}`);
    assert.ok(await countNonWhite(page, 'timeline') > 2000, 'the timeline shows chunks');
    assert.ok(run.env.poolStartupMs > 0 && run.env.poolReadyAtMs > run.env.poolStartupMs, 'the pool is recorded');
    assert.equal(await page.evaluate(() => window.corescope.poolReadyAtMs()), run.env.poolReadyAtMs, 'corescope.poolReadyAtMs() is what the run recorded');

    const exported = JSON.parse(await page.download(() => page.click('#export')));
    assert.deepEqual(exported, run, 'Export JSON downloads lastRun()');

    assert.deepEqual(await page.errors(), [], 'no uncaught errors');
    assert.deepEqual(await page.foreignRequests(), [], 'no request to another origin');
    assert.deepEqual(await page.evaluate(() => window.corescope.cspViolations()), [], 'the page saw no CSP violation');
    await close();
  });

  test('the default sweep goes to twice hardwareConcurrency', async () => {
    const { page, close } = await site.open();
    await page.goto(`${site.server.url}/`);
    await page.waitForFunction(() => document.getElementById('f-workers').value !== '');
    const hc = await page.evaluate(() => navigator.hardwareConcurrency);
    const workers = (await page.inputValue('#f-workers')).split(',').map(Number);
    assert.deepEqual(workers, Array.from({ length: Math.min(2 * hc, 64) }, (_, i) => i + 1));
    assert.equal(await page.evaluate(() => window.corescope.lastRun()), null, 'nothing runs without autorun');
    await close();
  });

  test('Run takes the form as it is: the seed from the link, and a fresh chunk for a new n', async () => {
    const { page, close } = await site.open();
    await page.goto(`${site.server.url}/?workload=factor&model=threads&n=4000&chunk=1000&workers=1,2&repeats=1&seed=9`);
    await page.waitForFunction(() => document.getElementById('f-seed').value !== '');
    assert.equal(await page.inputValue('#f-chunk'), '1000');
    // The help reads sizes in groups of three; the field takes plain digits.
    assert.match(await page.textContent('#f-help'), /Quick: n = \d{1,3}(\u00a0\d{3})+/);
    await page.click('#preset-quick');
    assert.match(await page.inputValue('#f-n'), /^\d+$/);
    await page.fill('#f-n', '600');
    assert.equal(await page.inputValue('#f-chunk'), '', 'a new n clears the chunk sized for the old one');
    await page.click('#run');
    await page.waitForFunction(() => ['done', 'error'].includes(document.documentElement.dataset.state));
    assert.equal(await page.evaluate(() => document.documentElement.dataset.state), 'done', await page.textContent('[role=alert]'));
    const run = await page.evaluate(() => window.corescope.lastRun());
    assert.equal(run.config.seed, 9);
    assert.equal(run.config.n, 600);
    assert.ok(run.config.chunk < 1000 && run.config.chunk >= 1);
    assert.ok(run.points.length === 2 && run.points.every((p) => p.verified));
    assert.deepEqual(await page.errors(), []);
    await close();
  });

  test('a bad parameter shows a specific alert, sets state error, and runs nothing', async () => {
    const { page, close } = await site.open();
    const state = await runTo(page, `${site.server.url}/?workload=sum&repeats=7&workers=0-4&autorun=1`);
    assert.equal(state, 'error');
    // The form keeps the link's other settings, the refused one marked and given its default.
    assert.equal(await page.inputValue('#f-workload'), 'sum');
    assert.equal(await page.inputValue('#f-repeats'), '7');
    assert.equal(await page.evaluate(() => document.getElementById('f-workers').getAttribute('aria-invalid')), 'true');
    assert.match(await page.textContent('#status'), /^Nothing was run/);
    assert.ok(await page.isVisible('[role=alert]'));
    const text = await page.textContent('[role=alert]');
    assert.match(text, /workers/);
    assert.match(text, /0 is outside 1–64/);
    assert.equal(await page.evaluate(() => window.corescope.lastRun()), null);
    assert.equal(await page.count('#points tbody tr'), 0);
    assert.equal(await page.inputValue('#f-workers') !== '', true, 'the form is still usable, with defaults');
    assert.deepEqual(await page.errors(), []);
    await close();
  });

  test('a misspelt parameter is ignored and named with the one it looks like; others\' parameters are not', async () => {
    const { page, close } = await site.open();
    const state = await runTo(page, `${site.server.url}/?workload=pi&worker=1-8&utm_source=chat&n=2e6&repeats=1&autorun=1`);
    assert.equal(state, 'done', await page.textContent('[role=alert]'));
    assert.ok(await page.isVisible('#url-note'));
    const note = await page.textContent('#url-note');
    assert.match(note, /"worker".*did you mean workers\?/);
    assert.doesNotMatch(note, /utm_source/);
    const { config } = await page.evaluate(() => window.corescope.lastRun());
    const hc = await page.evaluate(() => navigator.hardwareConcurrency);
    assert.deepEqual(config.workers, Array.from({ length: Math.min(2 * hc, 64) }, (_, i) => i + 1), 'ignored: the default workers ran');
    await page.selectOption('#lang', 'ko');
    assert.match(await page.textContent('#url-note'), /"worker".*무시했습니다/, 'reworded with the language');
    assert.deepEqual(await page.errors(), []);
    await close();
  });

  test('markup in a parameter is shown as text, never run', async () => {
    const { page, close } = await site.open();
    const evil = encodeURIComponent('<img src=x onerror="window.__pwned=1">');
    const state = await runTo(page, `${site.server.url}/?workload=${evil}&autorun=1`);
    assert.equal(state, 'error');
    assert.match(await page.textContent('[role=alert]'), /unknown workload "<img src=x/);
    assert.equal(await page.count('#alert img'), 0);
    // (The CSP would also stop an injected handler; the img count above is the real check.)
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    assert.deepEqual(await page.foreignRequests(), []);
    await close();
  });

  test('control and bidi characters quoted from a parameter are shown escaped, not obeyed', async () => {
    const { page, close } = await site.open();
    const evil = encodeURIComponent('pi\u202Egnp.exe\u0007');
    assert.equal(await runTo(page, `${site.server.url}/?workload=${evil}&autorun=1`), 'error');
    const text = await page.textContent('[role=alert]');
    assert.ok(!/[\u202A-\u202E\u2066-\u2069\u0000-\u001F]/.test(text), 'no raw control or bidi character in the message');
    assert.match(text, /pi\\u\{202E\}gnp\.exe\\u\{0007\}/);
    await close();
  });

  test('a run estimated over a minute waits for the visitor, even from an autorun link', async () => {
    const { page, close } = await site.open();
    await page.goto(`${site.server.url}/?workload=pi&model=threads&n=1e11&workers=1-2&repeats=3&autorun=1`);
    await page.waitForSelector('#confirm:not([hidden])');
    assert.match(await page.textContent('#confirm'), /estimated to take about \d+(\.\d)? (min|h)/);
    assert.equal(await page.evaluate(() => document.documentElement.dataset.state), 'idle', 'nothing runs before the answer');
    assert.equal(await page.evaluate(() => window.corescope.runs().length), 0);
    assert.equal(await page.count('#runs li'), 0, 'no run waits in the list');
    await page.click('#confirm-cancel');
    assert.equal(await page.isVisible('#confirm'), false);
    // Asked again, then the form changes: the question was about the old sweep, so it goes.
    await page.click('#run');
    await page.waitForSelector('#confirm:not([hidden])');
    await page.fill('#f-n', '2e6');
    assert.equal(await page.isVisible('#confirm'), false, 'Run anyway would have run what the form no longer shows');
    assert.equal(await page.evaluate(() => document.documentElement.dataset.state), 'idle');
    assert.deepEqual(await page.errors(), []);
    await close();
  });

  test('tiny work on many threads asks first: waking the pool is part of the estimate', async () => {
    const { page, close } = await site.open();
    // Milliseconds of work per run, but 64 threads to wake for every run on a
    // device with far fewer: it once ran for minutes without asking.
    await page.goto(`${site.server.url}/?workload=primes&model=threads&n=1e5&workers=1-64&repeats=20&autorun=1`);
    await page.waitForSelector('#confirm:not([hidden])', { timeout: 60_000 });
    assert.match(await page.textContent('#confirm'), /waking the workers/);
    assert.equal(await page.evaluate(() => document.documentElement.dataset.state), 'idle');
    await close();
  });

  test('Stop ends a long run at once, and the next Run works', async () => {
    const { page, close } = await site.open();
    await page.goto(`${site.server.url}/?workload=pi&model=threads&n=1e11&workers=1-2&repeats=3&autorun=1`);
    // Long: the page asks first.
    await page.click('#confirm-run');
    await page.waitForFunction(() => /Warm-up|Round/.test(document.getElementById('status').textContent));
    assert.equal(await page.evaluate(() => document.documentElement.dataset.state), 'running');
    await page.click('#stop');
    assert.equal(await page.evaluate(() => document.documentElement.dataset.state), 'idle');
    assert.equal(await page.evaluate(() => window.corescope.lastRun()), null);
    // Within half a second nothing of the old run computes: over the next second
    // the browser uses far less than one core (it used two while running).
    await new Promise((resolve) => setTimeout(resolve, 500));
    const before = descendantsCpuSeconds();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const used = descendantsCpuSeconds() - before;
    assert.ok(used < 0.5, `the browser used ${used.toFixed(2)} CPU seconds in the second after Stop`);

    await page.fill('#f-n', '2e6');
    await page.click('#run');
    await page.waitForFunction(() => ['done', 'error'].includes(document.documentElement.dataset.state), null, { timeout: 60_000 });
    assert.equal(await page.evaluate(() => document.documentElement.dataset.state), 'done', await page.textContent('[role=alert]'));
    const run = await page.evaluate(() => window.corescope.lastRun());
    assert.equal(run.config.n, 2e6);
    assert.ok(run.points.length === 2 && run.points.every((p) => p.verified && p.threads_used === p.workers));
    assert.deepEqual(await page.errors(), []);
    await close();
  });

  test('a run that stops making progress is ended by the watchdog with a message, and the page runs again', async () => {
    const { page, close } = await site.open();
    // Two models: the point the alert quotes names its model (the run is no longer live when it is worded).
    await page.goto(`${site.server.url}/?workload=sum&model=threads,gil&workers=1-2&n=1e6&repeats=2&watchdog=8&test_hang=1&autorun=1`);
    // Hung: the status line says what the run was doing, and a change of language says it again.
    await page.waitForFunction(() => document.documentElement.dataset.state === 'running' && /^Round \d of 2/.test(document.getElementById('status').textContent));
    await page.selectOption('#lang', 'ko');
    assert.match(await page.textContent('#status'), /^2회 중 \d회차, /);
    await page.selectOption('#lang', 'en');
    assert.match(await page.textContent('#status'), /^Round \d of 2, /);
    await page.waitForFunction(() => document.documentElement.dataset.state !== 'running', null, { timeout: 30_000 });
    const state = await page.evaluate(() => document.documentElement.dataset.state);
    assert.equal(state, 'error');
    assert.match(await page.textContent('[role=alert]'), /stopped making progress: “Round \d of 2, k = \d, (threads|gil)” did not finish within 8 s/);
    assert.equal(await page.evaluate(() => window.corescope.lastRun()), null);
    // Switching the page's language says it again in that language.
    await page.selectOption('#lang', 'ko');
    // What it was doing, quoted, is said again too.
    assert.match(await page.textContent('[role=alert]'), /^측정이 더 이상 진행되지 않습니다: “2회 중 \d회차, [^”]*\d[^”]*”이\(가\) 8초 안에 끝나지 않았습니다/);
    await page.selectOption('#lang', 'en');
    assert.match(await page.textContent('[role=alert]'), /^The run stopped making progress: “Round \d of 2, k = \d, (threads|gil)” did not finish/);
    await page.click('#run');
    await page.waitForFunction(() => ['done', 'error'].includes(document.documentElement.dataset.state), null, { timeout: 60_000 });
    assert.equal(await page.evaluate(() => document.documentElement.dataset.state), 'done', await page.textContent('[role=alert]'));
    assert.deepEqual(await page.errors(), []);
    await close();
  });

  test('the server sends the isolation headers, the page\'s own CSP, and application/wasm', async () => {
    const page = await fetch(`${site.server.url}/`);
    assert.equal(page.headers.get('cross-origin-opener-policy'), 'same-origin');
    assert.equal(page.headers.get('cross-origin-embedder-policy'), 'require-corp');
    const csp = page.headers.get('content-security-policy');
    const html = await page.text();
    const meta = html.match(/http-equiv="Content-Security-Policy" content="([^"]+)"/)[1];
    assert.ok(csp.startsWith(meta), 'the header carries the meta tag\'s policy');
    assert.match(csp, /frame-ancestors 'none'/);
    const wasm = await fetch(`${site.server.url}/pkg/threads/corescope_bg.wasm`);
    assert.equal(wasm.headers.get('content-type'), 'application/wasm');
    assert.equal(wasm.headers.get('cross-origin-resource-policy'), 'same-origin');
    assert.equal((await fetch(`${site.server.url}/no-such-file`)).status, 404);
    // A path that goes on past a file would serve the page with every relative URL broken.
    assert.equal((await fetch(`${site.server.url}/index.html/`)).status, 404);
    assert.equal((await fetch(`${site.server.url}/www/main.js/x`)).status, 404);
    assert.equal((await fetch(`${site.server.url}/${'a'.repeat(300)}`)).status, 404, 'an over-long segment is not found, not a 500');
  });

  test('a page whose script cannot load says so and stays "loading", never "idle"', async () => {
    // A copy of the site without main.js, served by the real server: every
    // request for it is a 404, as on a broken deployment.
    const dir = await mkdtemp(join(tmpdir(), 'corescope-broken-'));
    await cp(need('CORESCOPE_DIST'), dir, { recursive: true });
    await rm(join(dir, 'www', 'main.js'));
    const broken = await startServer({ dir });
    const { page, close } = await site.open();
    try {
      await page.goto(`${broken.url}/?autorun=1`);
      await page.waitForFunction(() => document.readyState === 'complete');
      await new Promise((resolve) => setTimeout(resolve, 1000));
      assert.equal(await page.evaluate(() => document.documentElement.dataset.state), 'loading');
      assert.ok(await page.isVisible('#loading'), 'the loading message stays');
      assert.match(await page.textContent('#loading'), /could not be loaded/);
      assert.equal(await page.isDisabled('#run'), true, 'Run does nothing it cannot do');
    } finally {
      await close();
      await broken.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('at a phone\'s width the form fits the screen and each model\'s box sits by its name', async () => {
    const { page, close } = await site.open();
    // The model boxes are an <input> in a label, and a narrow screen's rule
    // for the form's inputs once made each box 7rem wide: the box centred
    // far from its name.
    const layout = () => page.evaluate(() => {
      const gaps = [...document.querySelectorAll('#f-model label')].map((label) => {
        const range = document.createRange();
        range.selectNodeContents(label.lastChild);
        const box = label.querySelector('input').getBoundingClientRect();
        return range.getBoundingClientRect().left - (box.left + box.width / 2);
      });
      return { width: innerWidth, scrollWidth: document.documentElement.scrollWidth, gaps };
    });
    for (const width of [1280, 360]) {
      await page.driver.manage().window().setRect({ width, height: 900 });
      await page.goto(`${site.server.url}/?workload=pi`);
      await page.waitForFunction(() => document.documentElement.dataset.state === 'idle');
      const seen = await layout();
      // Firefox keeps a window at least 500 px wide: narrower than 40rem, the narrow layout's.
      if (width === 360) assert.ok(seen.width < 640, `a window in the narrow layout: ${seen.width} px`);
      assert.ok(seen.scrollWidth <= seen.width, `nothing wider than the ${seen.width} px screen: ${seen.scrollWidth} px`);
      assert.equal(seen.gaps.length, 4, 'four models');
      // From the box's centre to its name: half a box and a space.
      for (const gap of seen.gaps) assert.ok(gap > 0 && gap < 24, `a box's centre ${gap.toFixed(1)} px from its name at ${seen.width} px`);
    }
    await close();
  });
});
