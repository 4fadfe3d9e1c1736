// What visitors and strangers put in, end to end: hostile links and files, a
// link entered in the address bar, the keyboard in the runs list, a refused
// file during a run, markup and bidi characters in a shared label, a
// stranger's watchdog floor.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Key } from 'selenium-webdriver';
import { eachBrowser, runTo, countColour, state, settled, BLUE, RED } from './harness.js';

eachBrowser((site) => {
  const QUICK = 'workload=pi&model=threads&workers=1-2&n=2e6&repeats=2&autorun=1';

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
    await check(p, /측정 1, k = 1 지점 \(threads, 청크 \d+\): 반복 1 — -1: 0부터 1000000000 ms 사이의 시간이 아닙니다/, 'a file refused in Korean');
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

  test("a link's watchdog=1 cannot end a healthy first run that is silent for longer", async () => {
    const { page, close } = await site.open();
    // Two requests that each wait 1 s: the coordinator is silent for over a second.
    assert.equal(await runTo(page, `${site.server.url}/?workload=wait&wait_ms=1000&n=2&model=threads&workers=1&repeats=1&watchdog=1&autorun=1`), 'done', await page.textContent('[role=alert]'));
    const run = await page.evaluate(() => window.corescope.lastRun());
    assert.ok(run.points.length === 1 && run.points[0].verified && run.points[0].median_ms >= 2000, JSON.stringify(run.points));
    assert.deepEqual(await page.errors(), []);
    await close();
  });
});
