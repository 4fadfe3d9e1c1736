// Once loaded, the page works offline: the service worker has cached the
// build, so with the server gone a reload still runs a verified sweep.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, startBrowser, openPage, runTo } from './harness.js';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await startBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test('after one visit, the page loads and runs with the server stopped', async () => {
  const { context, page, problems } = await openPage(browser, server.url);
  await page.goto(`${server.url}/`);
  // `ready` resolves once the worker is active, i.e. after every file was cached.
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  await server.stop();
  await assert.rejects(fetch(`${server.url}/`), 'the server is really gone');

  const state = await runTo(page, `${server.url}/?workload=sum&model=threads&workers=1-2&n=1e6&repeats=1&autorun=1`);
  assert.equal(state, 'done', await page.textContent('[role=alert]'));
  assert.equal(await page.evaluate(() => self.crossOriginIsolated), true, 'the cached responses keep the page isolated');
  const run = await page.evaluate(() => window.corescope.lastRun());
  assert.ok(run.points.every((p) => p.verified && p.threads_used === p.workers));
  assert.deepEqual(problems.errors, []);
  await context.close();
});
