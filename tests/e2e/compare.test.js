// Sharing and comparing, end to end: a run travels as a link to another
// origin without isolation, runs overlay as series, the comparison survives
// a reload and reopens from its own link, Add takes a link or says why where it
// is seen, Import JSON gives back an exported
// run, CSV and PNG exports, a comparison too large for a link, a full one.
// (What strangers and the keyboard put in: input.test.js.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Key } from 'selenium-webdriver';
import { eachBrowser, startServer, runTo, countColour, state, settled, BLUE, RED } from './harness.js';

eachBrowser((site) => {
  const QUICK = 'workload=pi&model=threads&workers=1-2&n=2e6&repeats=2&autorun=1';

  // A link carries no chunk records, so neither what is derived from them.
  const withoutChunks = (run) => run.points.map(({ chunks, start_lag_ms, ...rest }) => rest);

  // A fresh page that has imported `file` (an exported JSON text) and shows its `count` runs.
  const importedIntoFreshPage = async (file, count) => {
    const fresh = await site.open();
    await fresh.page.goto(`${site.server.url}/`);
    await fresh.page.waitForFunction(() => document.documentElement.dataset.state === 'idle');
    // A visitor with nothing measured yet can take a file or a link in; the rest waits for runs.
    assert.ok(await fresh.page.isVisible('label:has(> #import)') && await fresh.page.isVisible('#add-link'), 'Import and Add are offered on a fresh page');
    assert.equal(await fresh.page.isVisible('#copy-link'), false);
    await fresh.page.setInputFiles('#import', { name: 'export.json', mimeType: 'application/json', buffer: Buffer.from(file) });
    await fresh.page.waitForFunction((n) => window.corescope.runs().length === n, count);
    return fresh;
  };

  test('a run travels as a link to another origin without isolation: same points, drawn, nothing run', async () => {
    const { page, close } = await site.open();
    assert.equal(await runTo(page, `${site.server.url}/?${QUICK}`), 'done', await page.textContent('[role=alert]'));
    const run = await page.evaluate(() => window.corescope.lastRun());
    assert.ok(run.share_url.startsWith(`${site.server.url}/#c2.`), run.share_url);
    assert.ok(run.share_url.length < 1500, `a 1..2 link is ${run.share_url.length} characters`);
    assert.match(run.label, /on Linux, \d+ logical processors?, isolated/);
    assert.deepEqual(await page.errors(), []);
    await close();

    const other = await startServer({ isolation: false });
    try {
      const visit = await site.open({ serviceWorkers: 'block' });   // closed after the test, even one that fails
      const fragment = run.share_url.slice(run.share_url.indexOf('#'));
      assert.equal(await runTo(visit.page, `${other.url}/${fragment}`), 'done', await visit.page.textContent('[role=alert]'));
      assert.equal(await visit.page.evaluate(() => self.crossOriginIsolated), false);
      const shared = await visit.page.evaluate(() => window.corescope.lastRun());
      assert.deepEqual(withoutChunks(shared), withoutChunks(run), 'the same numbers that went in');
      assert.deepEqual(shared.env, run.env);
      assert.deepEqual(shared.config, run.config);
      assert.equal(shared.label, run.label);
      assert.ok(shared.share_url.startsWith(`${other.url}/#c2.`));
      assert.ok(await countColour(visit.page, 'chart-speedup', BLUE) > 200, 'the shared run is drawn');
      assert.match(await visit.page.textContent('#status'), /nothing was run/);
      assert.equal(await visit.page.textContent('#env-pool'), 'not started', 'no pool, no run');
      assert.equal(await visit.page.count('#points tbody tr'), 2);
      // Add runs from a link, far down the page: the same run is already there; a
      // damaged link is refused where it is seen, and the note on the earlier one goes.
      await visit.page.fill('#add-link', run.share_url);
      await visit.page.click('#add-link-button');
      await visit.page.waitForFunction(() => /already compared/.test(document.getElementById('share-note').textContent));
      await visit.page.fill('#add-link', run.share_url.slice(0, -40));
      await visit.page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));   // a visitor at the bottom
      // The alert sits above the form, which has scrolled out of sight.
      assert.ok(await visit.page.evaluate(() => document.getElementById('controls').getBoundingClientRect().top < 0), 'the alert\'s place is off screen');
      await visit.page.click('#add-link-button');
      await visit.page.waitForFunction(() => !document.getElementById('alert').hidden);
      assert.match(await visit.page.textContent('#alert'), /could not be added.*damaged|damaged/);
      assert.equal(await visit.page.isVisible('#share-note'), false, 'the note on the earlier link is gone');
      const onScreen = await visit.page.evaluate(() => {
        const r = document.getElementById('alert').getBoundingClientRect();
        return r.top >= 0 && r.bottom <= innerHeight;
      });
      assert.ok(onScreen, 'the refusal is on screen');
      assert.equal(await visit.page.evaluate(() => window.corescope.runs().length), 1);
      assert.deepEqual(await visit.page.errors(), []);
      assert.deepEqual(await visit.page.foreignRequests(), []);
      await visit.close();
    } finally {
      await other.stop();
    }
  });

  test('two runs overlay, survive a reload, and reopen from the comparison link; CSV and PNG export', async () => {
    const { page, close } = await site.open();
    assert.equal(await runTo(page, `${site.server.url}/?${QUICK}`), 'done');
    await page.uncheck('#f-model input[value=threads]');
    await page.check('#f-model input[value=processes]');
    await page.selectOption('#f-schedule', 'static');
    // Four times the work: the second series lies well above the first, so
    // neither can hide the other however close the two models' times are.
    await page.fill('#f-n', '8e6');
    await page.click('#run');
    await settled(page, 2);
    assert.equal(await state(page), 'done', await page.textContent('[role=alert]'));
    await page.fill('#runs li:nth-child(2) .label', 'processes \u202Eevil');
    await page.press('#runs li:nth-child(2) .label', 'Enter');
    await page.waitForFunction(() => window.corescope.runs()[1].label === 'processes evil');
    const runs = await page.evaluate(() => window.corescope.runs());
    assert.deepEqual(runs.map((r) => r.config.model), ['threads', 'processes']);
    assert.deepEqual(runs.map((r) => r.config.n), [2e6, 8e6]);
    assert.ok(await countColour(page, 'chart-time', BLUE) > 200, 'first series');
    assert.ok(await countColour(page, 'chart-time', RED) > 200, 'second series');
    assert.equal(await page.count('#runs li'), 2);

    await page.reload();
    await page.waitForFunction(() => window.corescope && window.corescope.runs().length === 2);
    const reloaded = await page.evaluate(() => window.corescope.runs());
    assert.deepEqual(reloaded.map((r) => r.label), runs.map((r) => r.label));
    assert.deepEqual(reloaded.map(withoutChunks), runs.map(withoutChunks));
    assert.equal(await state(page), 'done', 'a reload runs nothing');

    await page.click('#copy-comparison');
    const link = await page.inputValue('#share-link');
    const fresh = await site.open();
    assert.equal(await runTo(fresh.page, link), 'done');
    const reopened = await fresh.page.evaluate(() => window.corescope.runs());
    assert.deepEqual(reopened.map(withoutChunks), runs.map(withoutChunks));
    assert.deepEqual(reopened.map((r) => r.label), runs.map((r) => r.label));
    await fresh.close();

    const csv = String(await page.download(() => page.click('#export-csv'))).trim().split('\n');
    assert.equal(csv.length, 1 + runs.reduce((n, r) => n + r.points.length, 0), 'a row per run × point');
    assert.match(csv[0], /^run,label,/);

    const png = await page.download(() => page.click('button.png[data-canvas="chart-speedup"]'));
    assert.deepEqual([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join(''), 'PNG');

    // Export all (JSON): one file that gives the whole comparison back.
    const all = String(await page.download(() => page.click('#export-all')));
    const other = await importedIntoFreshPage(all, 2);
    const back = await other.page.evaluate(() => window.corescope.runs());
    assert.deepEqual(back.map(withoutChunks), runs.map(withoutChunks));
    assert.deepEqual(back.map((r) => r.label), runs.map((r) => r.label));
    // The same file again adds nothing, and says so.
    await other.page.setInputFiles('#import', { name: 'export.json', mimeType: 'application/json', buffer: Buffer.from(all) });
    await other.page.waitForFunction(() => /2 runs were already compared/.test(document.getElementById('share-note').textContent));
    assert.equal((await other.page.evaluate(() => window.corescope.runs())).length, 2);
    await other.close();

    // Removing the newest run: the one left becomes the last run (Copy link still works)
    // and the link copied before goes. With every run removed, a reload runs nothing.
    await page.click('#copy-link');
    assert.equal(await page.isVisible('#share-link'), true);
    await page.click('#runs li:nth-child(2) button.remove');
    await page.waitForFunction(() => window.corescope.runs().length === 1);
    assert.equal(await page.isVisible('#share-link'), false, 'the copied link went with the run it carried');
    assert.equal(await page.isDisabled('#copy-link'), false);
    assert.equal((await page.evaluate(() => window.corescope.lastRun())).label, runs[0].label);
    await page.click('#runs li:nth-child(1) button.remove');
    await page.waitForFunction(() => window.corescope.runs().length === 0);
    assert.doesNotMatch(await page.evaluate(() => location.search), /autorun/, 'a reload would run again');
    assert.deepEqual(await page.errors(), []);
    await close();
  });

  test('Import JSON of an exported file gives the same run', async () => {
    const { page, close } = await site.open();
    assert.equal(await runTo(page, `${site.server.url}/?workload=sum&model=processes&workers=1-2&n=2e6&repeats=1&autorun=1`), 'done');
    const file = String(await page.download(() => page.click('#export')));
    const exported = await page.evaluate(() => window.corescope.lastRun());

    const other = await importedIntoFreshPage(file, 1);
    const imported = await other.page.evaluate(() => window.corescope.lastRun());
    // After the import's note, Copy link shows the link again.
    await other.page.click('#copy-link');
    assert.ok(await other.page.isVisible('#share-link'), 'the link box is shown');
    assert.equal(await other.page.inputValue('#share-link'), imported.share_url);
    const { share_url: a, ...left } = imported;
    const { share_url: b, ...right } = exported;
    assert.deepEqual(left, right, 'chunk timelines included');
    assert.ok(await other.page.isVisible('#timeline-area'), 'an imported file keeps its timeline');
    // A run a hundred times slower beside it: the time chart goes logarithmic and draws both.
    const slow = { ...exported, label: 'slow', points: exported.points.map((p) => ({ ...p, times_ms: p.times_ms.map((t) => t * 100) })) };
    await other.page.setInputFiles('#import', { name: 'slow.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(slow)) });
    await other.page.waitForFunction(() => window.corescope.runs().length === 2);
    assert.ok(await countColour(other.page, 'chart-time', BLUE) > 100 && await countColour(other.page, 'chart-time', RED) > 100, 'both runs drawn on the log axis');
    assert.deepEqual(await other.page.errors(), []);
    await other.close();
    assert.deepEqual(await page.errors(), []);
    await close();
  });

  test('a comparison too large for a link says so, the address carries none, and removing runs brings the link back', async () => {
    const { page, close } = await site.open();
    assert.equal(await runTo(page, `${site.server.url}/?${QUICK}`), 'done');
    const base = await page.evaluate(() => window.corescope.lastRun());
    // Ten runs of 64 worker counts × 50 repeats of noisy times: over a link's 48 KiB.
    let seed = 1;
    const noise = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const workers = Array.from({ length: 64 }, (_, i) => i + 1);
    const big = Array.from({ length: 10 }, (_, r) => ({
      ...base,
      label: `big ${r + 1}`,
      share_url: undefined,
      analysis: [],
      config: { ...base.config, workers, repeats: 50 },
      points: workers.map((k) => ({ ...base.points[0], workers: k, threads_used: 1, chunks: [], times_ms: Array.from({ length: 50 }, () => Math.round((1 + 99 * noise()) * 1000) / 1000) })),
    }));
    await page.setInputFiles('#import', { name: 'big.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(big)) });
    await page.waitForFunction(() => window.corescope.runs().length === 11);
    // Eleven runs, eight colours: past the palette a run is told apart by its mark, as its swatch shows.
    const looks = await page.evaluate(() => [...document.querySelectorAll('#runs > li > .swatch')].map((s) => `${s.style.backgroundColor} ${s.dataset.mark}`));
    assert.equal(looks.length, 11);
    assert.equal(new Set(looks).size, 11, `every run its own colour and mark: ${looks}`);
    // Neighbours differ in mark as well as colour; past the palette the marks start one later.
    const marks = ['circle', 'triangle', 'square', 'diamond'];
    assert.deepEqual(looks.map((l) => l.split(' ').pop()), Array.from({ length: 11 }, (_, i) => marks[(i + Math.floor(i / 8)) % 4]));
    const note = await page.textContent('#share-note');
    assert.match(note, /too large for a link \(\d+ characters; a link carries at most 49152\)/);
    assert.equal(await page.evaluate(() => location.hash), '', 'no fragment a reload would refuse');
    await page.click('#copy-comparison');
    assert.match(await page.textContent('#share-note'), /too large for a link/);
    assert.equal(await page.isVisible('#share-link'), false, 'no link to copy');
    // Said again in the language the reader switches to.
    await page.selectOption('#lang', 'ko');
    assert.match(await page.textContent('#share-note'), /링크에 담기에 너무 큽니다 \(\d+자, 링크에는 최대 49152자\)/);
    await page.selectOption('#lang', 'en');
    assert.match(await page.textContent('#share-note'), /too large for a link \(\d+ characters/);
    // Remove big runs until the rest fits: the note goes, the address carries the comparison again.
    for (let left = 10; left > 0 && (await page.evaluate(() => location.hash)) === ''; left--) {
      await page.click('#runs li:nth-child(2) button.remove');
    }
    const hash = await page.evaluate(() => location.hash);
    assert.match(hash, /^#c2\./);
    assert.equal(await page.isVisible('#share-area'), false, 'the note no longer holds');
    const runs = await page.evaluate(() => window.corescope.runs().length);
    const reopened = await site.open();
    await reopened.page.goto(`${site.server.url}/${hash}`);
    await reopened.page.waitForFunction((n) => window.corescope && window.corescope.runs().length === n, runs);
    assert.deepEqual(await reopened.page.errors(), []);
    await reopened.close();
    assert.deepEqual(await page.errors(), []);
    await close();
  });

  test('a run begun in a full comparison takes the oldest run\'s place, and the note says so in the page\'s language', async () => {
    const { page, close } = await site.open();
    assert.equal(await runTo(page, `${site.server.url}/?${QUICK}`), 'done');
    const base = await page.evaluate(() => window.corescope.lastRun());
    const others = Array.from({ length: 15 }, (_, r) => ({
      ...base,
      label: `other ${r + 1}`,
      share_url: undefined,
      analysis: [],
      points: base.points.map((p) => ({ ...p, chunks: [], times_ms: p.times_ms.map((t) => t * (2 + r)) })),
    }));
    await page.setInputFiles('#import', { name: 'full.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(others)) });
    await page.waitForFunction(() => window.corescope.runs().length === 16);
    // Run here, from the keyboard, on "other 5": the oldest run makes room,
    // every run moves up one, and the keyboard stays on the same run's button.
    const runOf = () => page.evaluate(() => {
      const e = document.activeElement;
      return [e.className, e.closest('li')?.querySelector('.label').value];
    });
    await page.evaluate(() => [...document.querySelectorAll('#runs li')].find((li) => li.querySelector('.label').value === 'other 5').querySelector('.run-here').focus());
    assert.deepEqual(await runOf(), ['run-here', 'other 5']);
    await page.driver.actions().sendKeys(Key.ENTER).perform();
    await page.waitForFunction(() => document.documentElement.dataset.state === 'done' && window.corescope.runs()[0].label === 'other 1');
    assert.deepEqual(await runOf(), ['run-here', 'other 5'], 'the keyboard stays with its run, not its place');
    const labels = (await page.evaluate(() => window.corescope.runs())).map((r) => r.label);
    assert.equal(labels.length, 16);
    assert.equal(labels[0], 'other 1', 'the oldest run made room');
    assert.equal(await page.textContent('#share-note'), `The comparison holds at most 16 runs: “${base.label}” was removed to make room.`);
    await page.selectOption('#lang', 'ko');
    assert.equal(await page.textContent('#share-note'), `비교 목록에는 측정을 최대 16개까지 둘 수 있어, 자리를 만들려고 “${base.label}”을(를) 뺐습니다.`);
    await page.selectOption('#lang', 'en');
    // A run that ends before its first point (here: it asks first) gives the room back, and the note goes.
    await page.fill('#f-n', '1e11');
    await page.click('#run');
    await page.waitForSelector('#confirm:not([hidden])');
    assert.equal((await page.evaluate(() => window.corescope.runs()))[0].label, 'other 1', 'the displaced run is back');
    assert.equal(await page.isVisible('#share-area'), false, 'no note that it was removed');
    assert.deepEqual(await page.errors(), []);
    await close();
  });
});
