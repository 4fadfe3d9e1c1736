// Firefox ESR, end to end, through W3C WebDriver: the threads sweep
// (isolation, verification, k distinct threads, the charts, no CSP
// violation), a share link and a comparison, Korean, and the processes
// sweep on 30 fresh loads (Firefox once hung starting process Workers).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, startFirefox, driverRunTo } from './harness.js';

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

test('Firefox: the processes sweep finishes on 30 fresh loads in a row', async () => {
  const stuck = [];
  for (let i = 0; i < 30; i++) {
    const state = await driverRunTo(driver, `${server.url}/?workload=sum&model=processes&workers=1-2&n=2e6&repeats=1&autorun=1`, { timeout: 60_000 });
    if (state !== 'done') stuck.push(`load ${i + 1}: ${state}, ${await js('return document.getElementById("status").textContent')}`);
  }
  assert.deepEqual(stuck, [], 'every load finished');
});
