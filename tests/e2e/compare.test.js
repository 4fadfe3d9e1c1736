// Sharing and comparing, end to end: a run travels as a link to another
// origin without isolation, runs overlay as series, the comparison survives
// a reload and reopens from its own link, Import JSON gives back an exported
// run, CSV and PNG exports, and a corpus of hostile links and files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Key } from 'selenium-webdriver';
import { eachBrowser, startServer, runTo, countColour } from './harness.js';

const BLUE = [37, 99, 235];
const RED = [220, 38, 38];
eachBrowser((site) => {
  const QUICK = 'workload=pi&model=threads&workers=1-2&n=2e6&repeats=2&autorun=1';

  // A link carries no chunk records, so neither what is derived from them.
  const withoutChunks = (run) => run.points.map(({ chunks, start_lag_ms, ...rest }) => rest);
  const state = (page) => page.evaluate(() => document.documentElement.dataset.state);
  const settled = (page, runs) => page.waitForFunction(
    (n) => ['done', 'error'].includes(document.documentElement.dataset.state) && window.corescope.runs().length === n,
    runs, { timeout: 120_000 },
  );

  // A fresh page that has imported `file` (an exported JSON text) and shows its `count` runs.
  const importedIntoFreshPage = async (file, count) => {
    const fresh = await site.open();
    await fresh.page.goto(`${site.server.url}/`);
    await fresh.page.waitForFunction(() => document.documentElement.dataset.state === 'idle');
    // A visitor with nothing measured yet can take a file or a link in; the rest waits for runs.
    assert.ok(await fresh.page.isVisible('#import') && await fresh.page.isVisible('#add-link'), 'Import and Add are offered on a fresh page');
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

  test('hostile links and files end in a specific error, inject nothing, and leave the page usable', async () => {
    const { page, close } = await site.open();
    assert.equal(await runTo(page, `${site.server.url}/?${QUICK}`), 'done');
    const good = (await page.evaluate(() => window.corescope.lastRun())).share_url;
    const exported = await page.evaluate(() => window.corescope.lastRun());
    await close();
    const fragment = good.slice(good.indexOf('#') + 1);
    // One visitor opens every link in turn, each as a fresh load.
    const visit = await site.open();
    const flip = (s, i) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
    const links = [
      [fragment.slice(0, Math.floor(fragment.length / 2)), /damaged/],
      [flip(fragment, Math.floor(fragment.length * 0.6)), /damaged|not valid|outside|differs|not in the run/],
      [`c1.${'A'.repeat(60_000)}`, /at most \d+ are read/],
      [fragment.replace('c2.', 'c7.'), /newer version/],
      ['c1.<script>window.__pwned=1</script>', /base64/],
      [`c1.${encodeURIComponent('<img src=x onerror="window.__pwned=1">')}`, /base64/],
    ];
    const files = [
      ['<script>window.__pwned=1</script>', /not JSON/],
      [JSON.stringify({ ...exported, version: 99 }), /newer version/],
      [JSON.stringify({ ...exported, label: 'x'.repeat(500) }), /label is 500 characters/],
      [JSON.stringify({ ...exported, points: [{ ...exported.points[0], times_ms: [-1] }] }), /not a time/],
      [JSON.stringify(Array(17).fill(exported)), /1 to 16/],
      [JSON.stringify({ ...exported, config: { ...exported.config, n: 0 } }), /configuration is not valid/],
      // Refused from its size, before it is read (Rust's bound and words: intake::check_file_size).
      [' '.repeat(16 * 2 ** 20 + 1), /“evil\.json” was not imported: the file is 16777217 bytes; at most 16777216 \(16 MiB\) are read/],
    ];
    const check = async (p, expected, what) => {
      await p.page.waitForFunction((source) => document.documentElement.dataset.state === 'error'
        && new RegExp(source).test(document.getElementById('alert').textContent), expected.source);
      assert.ok(await p.page.isVisible('[role=alert]'), what);
      assert.match(await p.page.textContent('[role=alert]'), expected, what);
      assert.equal(await p.page.count('#alert *'), 0, `${what}: no markup in the alert`);
      assert.equal(await p.page.evaluate(() => window.__pwned), undefined, what);
      assert.equal(await p.page.isDisabled('#run'), false, `${what}: Run is usable`);
      assert.deepEqual(await p.page.errors(), [], `${what}: no uncaught error`);
    };
    for (const [link, expected] of links) {
      assert.equal(await runTo(visit.page, `${site.server.url}/#${link}`), 'error');
      await check(visit, expected, `link ${link.slice(0, 30)}`);
      assert.equal(await visit.page.evaluate(() => window.corescope.lastRun()), null);
    }
    // The address keeps a refused link (to be read again or reported), until the page has runs of its own.
    assert.equal(await runTo(visit.page, `${site.server.url}/#${links[0][0]}`), 'error');
    assert.equal(await visit.page.evaluate(() => location.hash.slice(1)), links[0][0]);
    // On a Korean page the refusal is Korean too, the part that says why included.
    assert.equal(await runTo(visit.page, `${site.server.url}/?lang=ko#${links[0][0]}`), 'error');
    await check(visit, /이 링크의 측정 결과를 열 수 없습니다: 링크가 손상되었습니다/, 'a cut link, in Korean');
    // Its reader asks for English: the alert says it again, the reason included.
    await visit.page.selectOption('#lang', 'en');
    await check(visit, /^This link's results could not be opened: the link is damaged/, 'a cut link, worded again in English');
    await visit.close();
    const p = await site.open();
    await p.page.goto(`${site.server.url}/`);
    await p.page.waitForFunction(() => document.documentElement.dataset.state === 'idle');
    for (const [text, expected] of files) {
      await p.page.setInputFiles('#import', { name: 'evil.json', mimeType: 'application/json', buffer: Buffer.from(text) });
      await check(p, expected, `file ${text.slice(0, 30)}`);
    }
    await p.page.selectOption('#lang', 'ko');
    await p.page.setInputFiles('#import', { name: 'evil.json', mimeType: 'application/json', buffer: Buffer.from(files[3][0]) });
    await check(p, /측정 1, 워커 1개 지점: 반복 1 — -1: 0부터 1000000000 ms 사이의 시간이 아닙니다/, 'a file refused in Korean');
    await p.page.selectOption('#lang', 'en');
    await check(p, /^“evil\.json” was not imported: .*not a time/, 'a file refused, worded again in English');
    assert.equal(await p.page.evaluate(() => window.corescope.runs().length), 0, 'nothing was added');
    // A good file after refused ones: taken, and the page is out of its error state.
    await p.page.setInputFiles('#import', { name: 'good.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(exported)) });
    await p.page.waitForFunction(() => window.corescope.runs().length === 1);
    assert.equal(await state(p.page), 'idle');
    assert.equal(await p.page.isVisible('[role=alert]'), false);
    // The note saying so follows the page's language too.
    assert.equal(await p.page.textContent('#share-note'), 'Imported 1 run from “good.json”.');
    await p.page.selectOption('#lang', 'ko');
    assert.equal(await p.page.textContent('#share-note'), '“good.json”에서 측정 1개를 가져왔습니다.');
    await p.page.selectOption('#lang', 'en');
    // Still usable: a run works after all of that.
    await p.page.fill('#f-n', '1e6');
    await p.page.fill('#f-workers', '1');
    await p.page.click('#run');
    await settled(p.page, 2);
    assert.equal(await state(p.page), 'done', await p.page.textContent('[role=alert]'));
    await p.close();
  });

  test('a link entered in the address bar joins the comparison, a refused one leaves the address on it; autorun goes however encoded', async () => {
    const other = await site.open();
    assert.equal(await runTo(other.page, `${site.server.url}/?workload=sum&n=1e6&workers=1&repeats=1&autorun=1`), 'done');
    const otherLink = (await other.page.evaluate(() => window.corescope.lastRun())).share_url;
    await other.close();
    const { page, close } = await site.open();
    // "%61utorun" is autorun to the page: it runs, and the address no longer asks for it.
    assert.equal(await runTo(page, `${site.server.url}/?%61utorun=1&${QUICK.replace('&autorun=1', '')}`), 'done');
    assert.doesNotMatch(await page.evaluate(() => location.search), /utorun/);
    const measured = await page.evaluate(() => window.corescope.lastRun());
    const own = await page.evaluate(() => location.hash);
    assert.match(own, /^#c2\./);
    // A damaged link typed into the address bar: refused, and the address carries the comparison again.
    await page.evaluate(() => { location.hash = '#c2.AAAA'; });
    await page.waitForFunction(() => /could not be opened/.test(document.getElementById('alert').textContent));
    assert.equal(await page.evaluate(() => location.hash), own);
    // Another visitor's link: its run joins the one measured here, which stays, timeline and all.
    await page.evaluate((hash) => { location.hash = hash; }, otherLink.slice(otherLink.indexOf('#')));
    await page.waitForFunction(() => window.corescope.runs().length === 2);
    const runs = await page.evaluate(() => window.corescope.runs());
    assert.equal(runs[0].label, measured.label);
    assert.ok(runs[0].points.some((p) => p.chunks.length > 0), 'the measured run keeps its chunk records');
    assert.equal(await page.textContent('#share-note'), 'Added 1 run from the link.');
    const both = await page.evaluate(() => location.hash);
    assert.ok(both !== own && !otherLink.endsWith(both), 'the address carries both runs');
    // Back to an entry the page wrote (the refused link's, rewritten): nothing is added or lost.
    await page.evaluate(() => history.back());
    await page.waitForFunction((hash) => location.hash === hash, both);
    assert.equal(await page.evaluate(() => window.corescope.runs().length), 2);
    assert.equal(await page.textContent('#share-note'), 'Added 1 run from the link.', 'no new note');
    // A reload shows what the page showed, and runs nothing.
    await page.reload();
    await page.waitForFunction(() => window.corescope && window.corescope.runs().length === 2);
    assert.equal(await state(page), 'done');
    // A file's name is a stranger's text: a bidi override in it is shown as an escape, not obeyed.
    await page.setInputFiles('#import', { name: 'results\u202Enosj.exe', mimeType: 'application/json', buffer: Buffer.from('nope') });
    await page.waitForFunction(() => /not JSON/.test(document.getElementById('alert').textContent));
    const alert = await page.textContent('#alert');
    assert.ok(alert.includes('results\\u{202E}nosj.exe') && !alert.includes('\u202E'), alert);
    assert.deepEqual(await page.errors(), []);
    await close();
  });

  test('the keyboard keeps its place: Run and Stop, a label set with Enter or left with Tab, Remove', async () => {
    const { page, close } = await site.open();
    const active = () => page.evaluate(() => {
      const e = document.activeElement;
      return e.id || `${e.className}[${e.dataset.index ?? ''}]`;
    });
    await page.goto(`${site.server.url}/?workload=pi&n=2e6&workers=1-2&repeats=1`);
    await page.waitForFunction(() => document.documentElement.dataset.state === 'idle');
    // The wait field is for wait alone (a display rule once showed it, hidden, for every workload).
    assert.equal(await page.isVisible('#f-wait_ms'), false);
    // Run from the keyboard: focus goes to Stop while it runs, and back to Run.
    for (const runs of [1, 2]) {
      await page.evaluate(() => document.getElementById('run').focus());
      await page.press('#run', 'enter');
      await settled(page, runs);
      assert.equal(await active(), 'run', `after run ${runs}`);
    }
    // A label set with Enter keeps the keyboard on it; Tab goes on to the run's next control.
    await page.fill('.label[data-index="0"]', 'mine');
    await page.press('.label[data-index="0"]', 'enter');
    await page.waitForFunction(() => window.corescope.runs()[0].label === 'mine');
    assert.equal(await active(), 'label[0]');
    await page.fill('.label[data-index="1"]', 'yours');
    await page.press('.label[data-index="1"]', 'tab');
    await page.waitForFunction(() => window.corescope.runs()[1].label === 'yours');
    assert.equal(await active(), 'run-here[1]');
    // Remove: the keyboard goes to the next run's Remove, then to Import JSON when none is left.
    await page.evaluate(() => document.querySelector('.remove[data-index="0"]').focus());
    await page.press('.remove[data-index="0"]', 'enter');
    await page.waitForFunction(() => window.corescope.runs().length === 1);
    assert.equal(await active(), 'remove[0]');
    assert.equal(await page.evaluate(() => window.corescope.runs()[0].label), 'yours');
    await page.press('.remove[data-index="0"]', 'enter');
    await page.waitForFunction(() => window.corescope.runs().length === 0);
    assert.equal(await active(), 'import');
    // A label typed into during a run: each point rebuilds the list; the typing, and the
    // keyboard, stay, and leaving the field sets it.
    await page.evaluate(() => document.getElementById('run').focus());
    await page.fill('#f-n', '1e8');
    await page.fill('#f-workers', '1-4');
    await page.press('#f-workers', 'enter');
    await page.waitForFunction(() => document.documentElement.dataset.state === 'running' && document.querySelector('.label[data-index="0"]'));
    // Typed as keys to whatever has the focus: the element itself is replaced on every point.
    const keys = (text) => page.driver.actions().sendKeys(text).perform();
    await page.evaluate(() => document.querySelector('.label[data-index="0"]').select());
    await keys('typed');
    await page.evaluate(() => {
      window.rebuilt = 0;
      new MutationObserver(() => { window.rebuilt += 1; }).observe(document.getElementById('runs'), { childList: true });
    });
    await page.waitForFunction(() => window.rebuilt > 0, undefined, { timeout: 60_000 });
    assert.deepEqual(await page.evaluate(() => [document.activeElement.value, document.activeElement.dataset.index]), ['typed', '0']);
    await keys(Key.TAB);
    await page.waitForFunction(() => window.corescope.runs()[0].label === 'typed');
    await page.click('#stop');
    assert.deepEqual(await page.errors(), []);
    await close();
  });

  test('a refused file during a run leaves the run going; a chunk sweep without its first model still draws', async () => {
    const { page, close } = await site.open();
    // Small enough that a loaded machine's estimate never asks first (asking ends the measuring, and the refusal would then be the page's error).
    await page.goto(`${site.server.url}/?workload=primes&model=threads,gil&schedule=dynamic&chunk=1000,4000&workers=1-2&n=1e6&repeats=2&autorun=1`);
    await page.waitForFunction(() => document.documentElement.dataset.state === 'running' && window.corescope.runs().length === 1, null, { timeout: 60_000 });
    await page.setInputFiles('#import', { name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"not": "a run"') });
    await page.waitForFunction(() => /not JSON/.test(document.getElementById('alert').textContent));
    if (await page.isVisible('#confirm')) await page.click('#confirm-run');
    await settled(page, 1);
    // Ended by the refusal, the run would be 'error' with some of its points.
    assert.equal(await state(page), 'done', `the refusal did not end the run: ${await page.textContent('[role=alert]')} ${await page.textContent('#status')}`);
    const run = await page.evaluate(() => window.corescope.lastRun());
    assert.equal(run.points.length, 8, 'every cell of 2 models × 2 chunks × 2 worker counts');
    assert.ok(run.points.every((p) => p.verified));

    // The same run with only its second model's points (as a stopped run can be): the sweep is that model's.
    const gilOnly = { ...run, label: 'gil only', points: run.points.filter((p) => p.model === 'gil') };
    await page.setInputFiles('#import', { name: 'gil.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(gilOnly)) });
    await page.waitForFunction(() => window.corescope.runs().length === 2, null, { timeout: 10_000 });
    assert.ok(await page.isVisible('#chart-chunk'), 'the chunk sweep is drawn');
    assert.ok(await countColour(page, 'chart-chunk', BLUE) > 200 && await countColour(page, 'chart-chunk', RED) > 200, 'a line for each worker count');
    assert.deepEqual(await page.errors(), []);
    await close();
  });

  test('markup and bidi characters in a shared label are shown as text, cleaned', async () => {
    const { page, close } = await site.open();
    await page.goto(`${site.server.url}/`);
    await page.waitForFunction(() => document.documentElement.dataset.state === 'idle');
    const exported = await (async () => {
      assert.equal(await runTo(page, `${site.server.url}/?${QUICK}`), 'done');
      return page.evaluate(() => window.corescope.lastRun());
    })();
    // Another device's run (the very same one would not be added twice).
    const evil = { ...exported, env: { ...exported.env, userAgent: `${exported.env.userAgent} (another)` }, label: '<img src=x onerror="window.__pwned=1">\u202Egnp.exe' };
    await page.setInputFiles('#import', { name: 'label.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(evil)) });
    await page.waitForFunction(() => window.corescope.runs().length === 2);
    const label = await page.inputValue('#runs li:nth-child(2) .label');
    assert.equal(label, '<img src=x onerror="window.__pwned=1">gnp.exe');
    assert.equal(await page.count('#runs img, #points img'), 0);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
    await close();
  });
});
