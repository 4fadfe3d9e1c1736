// A host that cannot send COOP/COEP: the page is not cross-origin isolated
// (service workers blocked, as on a browser without them). It must say so,
// refuse threads with a reason, and still run processes. With its service
// worker, one reload makes it isolated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eachBrowser, startServer, runTo } from './harness.js';

eachBrowser((site) => {
  test('without isolation, threads are refused with the reason', async () => {
    const { page, close } = await site.open({ serviceWorkers: 'block' });
    const state = await runTo(page, `${site.server.url}/?workload=pi&model=threads&workers=1-2&n=1e6&autorun=1`);
    assert.equal(state, 'error');
    assert.equal(await page.evaluate(() => self.crossOriginIsolated), false);
    assert.match(await page.textContent('[role=alert]'), /not cross-origin isolated/);
    assert.match(await page.textContent('#env-threads'), /unavailable/);
    // Said in the page's language too.
    assert.equal(await runTo(page, `${site.server.url}/?workload=pi&model=threads,gil&workers=1-2&n=1e6&lang=ko&autorun=1`), 'error');
    assert.match(await page.textContent('[role=alert]'), /^threads, gil 모델에는 공유 메모리가 필요한데/);
    assert.deepEqual(await page.errors(), []);
    await close();
  });

  test('without isolation, processes still run and verify', async () => {
    const { page, close } = await site.open({ serviceWorkers: 'block' });
    const state = await runTo(page, `${site.server.url}/?workload=sum&model=processes&workers=1-2&n=2e6&repeats=1&autorun=1`);
    assert.equal(state, 'done', await page.textContent('[role=alert]'));
    const run = await page.evaluate(() => window.corescope.lastRun());
    assert.equal(run.env.crossOriginIsolated, false);
    assert.equal(run.env.build, 'plain');
    assert.equal(run.env.poolThreads, undefined, 'no pool without isolation');
    assert.equal(run.points.length, 2);
    for (const p of run.points) {
      assert.equal(p.verified, true, p.check);
      assert.equal(p.threads_used, p.workers);
    }
    assert.deepEqual(await page.errors(), []);
    await close();
  });

  test('with its service worker, the page becomes isolated after one reload and runs threads', async () => {
    const { page, close } = await site.open();
    const state = await runTo(page, `${site.server.url}/?workload=pi&model=threads&workers=1-2&n=1e6&repeats=1&autorun=1`);
    assert.equal(state, 'done', await page.textContent('[role=alert]'));
    assert.equal(await page.evaluate(() => self.crossOriginIsolated), true);
    const run = await page.evaluate(() => window.corescope.lastRun());
    assert.equal(run.env.crossOriginIsolated, true);
    assert.equal(run.points.length, 2);
    assert.ok(run.points.every((p) => p.verified && p.threads_used === p.workers));
    assert.deepEqual(await page.errors(), []);
    await close();
  });

  test('framed by another site, an autorun link does not start, and says how to run it', async () => {
    const { page, close } = await site.open({ serviceWorkers: 'block' });
    const target = `${site.server.url}/?workload=sum&model=processes&workers=1-2&n=2e6&repeats=1&autorun=1`;
    // Another site (a second server, on another port: another origin) frames the autorun link.
    const dir = await mkdtemp(join(tmpdir(), 'corescope-framer-'));
    await writeFile(join(dir, 'index.html'), `<!doctype html><title>framer</title><iframe id="f" src="${target}" width="800" height="600"></iframe>`);
    const framer = await startServer({ dir, isolation: false });
    try {
      await page.goto(`${framer.url}/`);
      await page.waitForSelector('#f');
      await page.inFrame('#f', async () => {
        await page.waitForFunction(() => window.corescope && document.documentElement.dataset.state !== 'loading');
        await new Promise((resolve) => setTimeout(resolve, 1000));
        assert.equal(await page.evaluate(() => document.documentElement.dataset.state), 'idle', 'nothing runs');
        assert.equal(await page.evaluate(() => window.corescope.lastRun()), null);
        assert.match(await page.textContent('[role=alert]'), /inside another site's frame/);
        assert.equal(await page.getAttribute('[role=alert] a', 'target'), '_blank');
        // Said again in another language, the link still starts the run (the page's own address no longer says autorun).
        for (const lang of ['ko', 'en', 'ko']) await page.selectOption('#lang', lang);
        assert.match(await page.textContent('[role=alert]'), /다른 사이트/);
        assert.match(await page.getAttribute('[role=alert] a', 'href'), /autorun=1/);
        assert.deepEqual(await page.errors(), []);
      });
    } finally {
      await close();
      await framer.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('a host without headers sends no isolation or CSP header (the page\'s meta CSP still applies)', async () => {
    const response = await fetch(`${site.server.url}/`);
    assert.equal(response.headers.get('cross-origin-opener-policy'), null);
    assert.equal(response.headers.get('content-security-policy'), null);
    assert.match(await response.text(), /http-equiv="Content-Security-Policy"/);
  });
}, { isolation: false });
