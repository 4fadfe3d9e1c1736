// Once loaded, the page works offline: the service worker has cached the
// build, so with the server gone a reload still runs a verified sweep.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eachBrowser, runTo } from './harness.js';

eachBrowser((site) => {
  test('after one visit, the page loads and runs with the server stopped', async () => {
    const { page, close } = await site.open();
    await page.goto(`${site.server.url}/`);
    // `ready` resolves once the worker is active, i.e. after every file was cached.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    // Let the first visit finish loading (its pool fetches the threads build) before going offline.
    await page.waitForFunction(() => /ready/.test(document.getElementById('env-pool').textContent));
    await site.server.stop();
    await assert.rejects(fetch(`${site.server.url}/`), 'the server is really gone');

    const state = await runTo(page, `${site.server.url}/?workload=sum&model=threads&workers=1-2&n=1e6&repeats=1&autorun=1`);
    assert.equal(state, 'done', await page.textContent('[role=alert]'));
    assert.equal(await page.evaluate(() => self.crossOriginIsolated), true, 'the cached responses keep the page isolated');
    const run = await page.evaluate(() => window.corescope.lastRun());
    assert.equal(run.points.length, 2);
    assert.ok(run.points.every((p) => p.verified && p.threads_used === p.workers));
    assert.deepEqual(await page.errors(), []);
    await close();
  });
});
