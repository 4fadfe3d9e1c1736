// Firefox ESR, end to end, through W3C WebDriver: the threads sweep
// (isolation, verification, k distinct threads, the charts, no CSP
// violation), a share link and a comparison, several models and chunk
// sizes with their analysis, hostile links and files, Korean, Stop, and
// the processes sweep on 30 fresh loads (Firefox once hung starting
// process Workers).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { By } from 'selenium-webdriver';
import { startServer, startFirefox, driverRunTo, descendantsCpuSeconds } from './harness.js';

let server;
let driver;
before(async () => {
  server = await startServer();
  driver = await startFirefox();
});
after(async () => {
  await driver?.quit();
  await server?.stop();
});

const js = (script, ...args) => driver.executeScript(script, ...args);
const alertText = () => js('return document.getElementById("alert").textContent');
const nonWhite = (id) => js(`const c = document.getElementById(arguments[0]);
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let n = 0; for (let i = 0; i < d.length; i += 4) if (d[i] < 232 || d[i + 1] < 232 || d[i + 2] < 232) n++;
  return n;`, id);

test('Firefox: a pi sweep on threads is isolated, verified, on k distinct threads, drawn, with no CSP violation', async () => {
  const state = await driverRunTo(driver, `${server.url}/?workload=pi&model=threads&workers=1-3&n=3e6&repeats=2&autorun=1`);
  assert.equal(state, 'done', await alertText());
  assert.equal(await js('return self.crossOriginIsolated'), true);
  const run = await js('return window.corescope.lastRun()');
  assert.match(run.env.userAgent, /Firefox/);
  assert.match(run.label, /^Firefox \d+ on Linux/);
  assert.equal(run.env.build, 'threads');
  assert.ok(run.env.timerResolutionMs > 0);
  assert.deepEqual(run.points.map((p) => p.workers), [1, 2, 3]);
  for (const p of run.points) {
    assert.equal(p.verified, true, p.check);
    assert.equal(p.threads_used, p.workers);
    assert.ok(p.dispatch_ms >= 0, 'the wake-up is reported apart');
  }
  assert.equal(new Set(run.points.map((p) => p.answer)).size, 1);
  assert.ok(await nonWhite('chart-speedup') > 2000, 'the speedup chart is drawn');
  assert.ok(await nonWhite('timeline') > 2000, 'the timeline is drawn');
  assert.equal(run.analysis.length, 1);
  assert.deepEqual(await js('return window.corescope.cspViolations()'), []);
});

test('Firefox: a share link reopens the same points, and Run this on my device overlays a second run', async () => {
  assert.equal(await driverRunTo(driver, `${server.url}/?workload=sum&model=processes&workers=1-2&n=2e6&repeats=2&autorun=1`), 'done', await alertText());
  const run = await js('return window.corescope.lastRun()');
  assert.equal(await driverRunTo(driver, run.share_url), 'done', await alertText());
  const shared = await js('return window.corescope.lastRun()');
  const strip = (r) => r.points.map(({ chunks, ...rest }) => rest);
  assert.deepEqual(strip(shared), strip(run));
  await js('document.querySelector("#runs button.run-here").click()');
  const settled = 'return window.corescope.runs().length === 2 && document.documentElement.dataset.state !== "running"';
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline && !(await js(settled))) await new Promise((resolve) => setTimeout(resolve, 200));
  assert.equal(await js('return document.documentElement.dataset.state'), 'done', await alertText());
  assert.equal(await js('return window.corescope.runs().length'), 2);
});

test('Firefox: lang=ko speaks Korean, and a bad parameter is refused with a message', async () => {
  assert.equal(await driverRunTo(driver, `${server.url}/?workload=pi&workers=1-2&n=1e6&repeats=1&lang=ko&autorun=1`), 'done');
  assert.equal(await js('return document.getElementById("run").textContent'), '실행');
  assert.equal(await driverRunTo(driver, `${server.url}/?workers=0-4&autorun=1`), 'error');
  assert.match(await alertText(), /0 is outside 1–64/);
});

test('Firefox: several models and chunk sizes in one sweep, a series and an analysis entry each', async () => {
  assert.equal(await driverRunTo(driver, `${server.url}/?workload=sum&model=threads,processes,gil&workers=1-3&n=3e6&repeats=2&autorun=1`), 'done', await alertText());
  let run = await js('return window.corescope.lastRun()');
  assert.deepEqual(run.analysis.map((a) => a.model), ['threads', 'processes', 'gil']);
  assert.equal(run.points.length, 9);
  assert.ok(run.points.every((p) => p.verified));
  assert.ok((await js('return document.getElementById("explain-speedup").textContent')).length > 40);
  assert.equal(await driverRunTo(driver, `${server.url}/?workload=primes&schedule=dynamic&chunk=100,1000,10000&workers=1-2&n=3e5&repeats=1&autorun=1`), 'done', await alertText());
  run = await js('return window.corescope.lastRun()');
  assert.deepEqual([...new Set(run.points.map((p) => p.chunk))], [100, 1000, 10000]);
  assert.ok(await nonWhite('chart-chunk') > 2000, 'the chunk-size chart is drawn');
});

test('Firefox: hostile links and files end in a specific error and leave the page usable', async () => {
  for (const [fragment, expected] of [['c1.AAAA', /damaged/], ['c9.AAAA', /newer version/], ['c1.<script>x</script>', /base64|damaged/]]) {
    assert.equal(await driverRunTo(driver, `${server.url}/#${fragment}`), 'error', fragment);
    assert.match(await alertText(), expected, fragment);
    assert.equal(await js('return document.querySelectorAll("#alert *").length'), 0);
  }
  const dir = await mkdtemp(join(tmpdir(), 'corescope-ff-'));
  try {
    const file = join(dir, 'evil.json');
    await writeFile(file, '<script>window.__pwned = 1</script>');
    await driver.get('about:blank');
    await driver.get(`${server.url}/`);
    await driver.wait(async () => (await js('return document.documentElement.dataset.state')) === 'idle', 30_000);
    await driver.findElement(By.id('import')).sendKeys(file);
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && !/not JSON/.test(await alertText())) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.match(await alertText(), /not JSON/);
    assert.equal(await js('return window.__pwned'), null);
    assert.equal(await js('return document.getElementById("run").disabled'), false, 'Run is usable');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('Firefox: Stop ends a long run and the pool stops computing', async () => {
  await driver.get('about:blank');
  await driver.get(`${server.url}/?workload=pi&model=threads&n=1e10&workers=1-2&repeats=3&autorun=1`);
  await driver.wait(async () => js('return !document.getElementById("confirm").hidden'), 30_000);
  await js('document.getElementById("confirm-run").click()');
  await driver.wait(async () => /Warm-up|Round/.test(await js('return document.getElementById("status").textContent')), 30_000);
  await js('document.getElementById("stop").click()');
  assert.equal(await js('return document.documentElement.dataset.state'), 'idle');
  await new Promise((resolve) => setTimeout(resolve, 500));
  const before = descendantsCpuSeconds();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const used = descendantsCpuSeconds() - before;
  assert.ok(used < 0.5, `Firefox used ${used.toFixed(2)} CPU seconds in the second after Stop`);
});

test('Firefox: the processes sweep finishes on 30 fresh loads in a row', async () => {
  const stuck = [];
  for (let i = 0; i < 30; i++) {
    const state = await driverRunTo(driver, `${server.url}/?workload=sum&model=processes&workers=1-2&n=2e6&repeats=1&autorun=1`, { timeout: 60_000 });
    if (state !== 'done') stuck.push(`load ${i + 1}: ${state}, ${await js('return document.getElementById("status").textContent')}`);
  }
  assert.deepEqual(stuck, [], 'every load finished');
});
