// Why the curve bends, end to end: several models in one sweep (one series
// and one analysis entry each), a chunk-size sweep (a point per chunk size
// and its chart), the analysis block's shape, the page in Korean, the
// timeline's worker count, no empty chart frames, and the progress line.
// Timings are never asserted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eachBrowser, runTo, countColour, countNonWhite, BLUE, RED } from './harness.js';

eachBrowser((site) => {
  function assertAnalysis(entry, model) {
    assert.equal(entry.model, model);
    assert.equal(typeof entry.schedule, 'string');
    assert.equal(typeof entry.chunk, 'number');
    assert.ok(entry.amdahl_serial_fraction === null || (entry.amdahl_serial_fraction >= 0 && entry.amdahl_serial_fraction <= 1));
    assert.ok(Array.isArray(entry.karp_flatt));
    for (const kf of entry.karp_flatt) assert.ok(kf.workers > 1 && Number.isFinite(kf.value));
    assert.ok(entry.usl === null || (entry.usl.sigma >= 0 && entry.usl.kappa >= 0));
    if (entry.estimated_physical_cores === null) {
      assert.match(entry.reason, /^(too_few_points|too_noisy|no_speedup|no_bend|unsteady)$/);
    } else {
      assert.ok(Number.isInteger(entry.estimated_physical_cores) && entry.estimated_physical_cores >= 1);
      assert.equal(entry.reason, null);
    }
  }

  test('one sweep measures every listed model, interleaved: a point and a series each, and the analysis', async () => {
    const { page, close } = await site.open();
    await page.goto(`${site.server.url}/?workload=sum&model=threads,processes,gil&workers=1-3&n=3e6&repeats=2`);
    await page.waitForFunction(() => document.documentElement.dataset.state === 'idle');
    assert.equal(await page.isVisible('#charts'), false, 'no empty chart frames before a run');
    assert.equal(await page.isVisible('#timeline-area'), false);

    // Every text the progress line shows during the run, recorded in the page.
    await page.evaluate(() => {
      window.progressSeen = [];
      const status = document.getElementById('status');
      new MutationObserver(() => window.progressSeen.push(status.textContent))
        .observe(status, { childList: true, characterData: true, subtree: true });
    });
    await page.click('#run');
    const state = await page.waitForFunction(() => ['done', 'error'].includes(document.documentElement.dataset.state) && document.documentElement.dataset.state, null, { timeout: 240_000 });
    const progress = await page.evaluate(() => window.progressSeen);
    assert.equal(state, 'done', await page.textContent('[role=alert]'));
    const run = await page.evaluate(() => window.corescope.lastRun());
    assert.deepEqual(run.config.models, ['threads', 'processes', 'gil']);
    for (const model of ['threads', 'processes', 'gil']) {
      const points = run.points.filter((p) => p.model === model);
      assert.deepEqual(points.map((p) => p.workers), [1, 2, 3], model);
      assert.ok(points.every((p) => p.verified && p.times_ms.length === 2), model);
    }
    assert.equal(new Set(run.points.map((p) => p.answer)).size, 1, 'the same answer under every model');
    assert.equal(run.analysis.length, 3, 'one analysis entry per series');
    run.analysis.forEach((entry, i) => assertAnalysis(entry, run.config.models[i]));
    assert.ok(await countColour(page, 'chart-time', BLUE) > 100, 'first series drawn');
    assert.ok(await countColour(page, 'chart-time', RED) > 100, 'second series drawn');
    assert.ok((await page.textContent('#explain-speedup')).length > 40, 'the speedup chart explains the curve');
    assert.ok(progress.some((text) => /\(\d+ of \d+/.test(text)), `the progress line counts points: ${progress.slice(0, 5)}`);
    assert.ok(progress.some((text) => /(threads|processes|gil)/.test(text)), 'the progress line names the model');
    assert.deepEqual(await page.errors(), []);
    await close();
  });

  test('a chunk-size sweep gives a point per chunk size and worker count, and its chart', async () => {
    const { page, close } = await site.open();
    const state = await runTo(page, `${site.server.url}/?workload=primes&schedule=dynamic&chunk=100,1000,10000&workers=1-2&n=3e5&repeats=1&autorun=1`);
    assert.equal(state, 'done', await page.textContent('[role=alert]'));
    const run = await page.evaluate(() => window.corescope.lastRun());
    assert.deepEqual(run.config.chunks, [100, 1000, 10000]);
    const cells = run.points.map((p) => `${p.workers}/${p.chunk}`).sort();
    assert.deepEqual(cells, ['1/100', '1/1000', '1/10000', '2/100', '2/1000', '2/10000']);
    for (const p of run.points) assert.equal(p.chunks_total, Math.ceil(3e5 / p.chunk), `chunk count for ${p.chunk}`);
    assert.equal(run.analysis.length, 3);
    assert.ok(await page.isVisible('#chunk-figure'), 'the time vs chunk size chart is shown');
    assert.ok(await countNonWhite(page, 'chart-chunk') > 2000);
    assert.match(await page.textContent('#explain-chunk'), /fastest chunk size/);
    // Its series are named by chunk size in the page's language.
    assert.match(await page.textContent('#runs .series-key'), /chunk 100 .*chunk 10000/);
    await page.selectOption('#lang', 'ko');
    assert.match(await page.textContent('#runs .series-key'), /청크 100 .*청크 10000/);
    assert.deepEqual(await page.errors(), []);
    await close();
  });

  test('lang=ko shows the page in Korean, and the choice switches back', async () => {
    const { page, close } = await site.open();
    const state = await runTo(page, `${site.server.url}/?workload=pi&workers=1-2&n=2e6&repeats=1&lang=ko&autorun=1`);
    assert.equal(state, 'done', await page.textContent('[role=alert]'));
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'ko');
    assert.equal(await page.textContent('#run'), '실행');
    assert.match(await page.evaluate(() => document.getElementById('chart-speedup').getAttribute('aria-label')), /[가-힣]/, 'a chart is named in Korean');
    const named = await page.evaluate(() => [document.title, document.getElementById('charts').getAttribute('aria-label'), document.getElementById('f-workers').placeholder]);
    assert.ok(named.every((text) => /[가-힣]/.test(text)), `the title, sections and placeholders too: ${named}`);
    assert.match(await page.textContent('#status'), /완료/);
    assert.match(await page.inputValue('#runs li:nth-child(1) .label'), /논리 프로세서/, 'a run made here is named in the page\'s language');
    assert.match(await page.textContent('#explain-speedup'), /[가-힣]/, 'the analysis speaks Korean');
    assert.match(await page.textContent('#points tbody'), /✓ π와의 차이가 6σ 이내/, 'the answer check in Korean');
    await page.selectOption('#lang', 'en');
    assert.equal(await page.textContent('#run'), 'Run');
    assert.equal(await page.evaluate(() => document.getElementById('chart-speedup').getAttribute('aria-label')), 'Speedup against the number of workers');
    assert.match(await page.evaluate(() => document.title), /^Corescope — how your device/);
    assert.match(await page.url(), /lang=en/);
    // In English, but for the run's label: a label is data, made in Korean when the run was.
    const sentences = await page.evaluate(() => [...document.querySelectorAll('#explain-speedup > *')].map((p) => p.textContent.split(': ').slice(1).join(': ')));
    assert.ok(sentences.length > 0 && sentences.every((text) => !/[가-힣]/.test(text)), sentences.join(' | '));
    assert.match(await page.textContent('#points tbody'), /✓ within 6σ of π/, 'the check as the run carries it');
    assert.equal((await page.evaluate(() => window.corescope.lastRun())).points[0].check, 'within 6σ of π', 'the data stays English');
    assert.deepEqual(await page.errors(), []);
    await close();
  });

  test('a refused parameter is explained in the language the link asks for, as is a refused form value', async () => {
    const { page, close } = await site.open();
    assert.equal(await runTo(page, `${site.server.url}/?workers=4-2&lang=ko&autorun=1`), 'error');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'ko', 'lang=ko holds though workers was refused');
    const alert = await page.textContent('[role=alert]');
    assert.match(alert, /링크의 “workers” 매개변수를 받아들이지 않았습니다: 범위 4-2의 순서가 거꾸로입니다\. 2-4로 쓰세요\./, alert);
    // Switching the language says the link's refusal again, read from the link as it was.
    await page.selectOption('#lang', 'en');
    assert.match(await page.textContent('[role=alert]'), /^The link's parameter “workers” was not accepted: .*4-2/);
    await page.selectOption('#lang', 'ko');
    await page.fill('#f-n', 'abc');
    await page.click('#run');
    assert.match(await page.textContent('[role=alert]'), /n: "abc": 양의 정수가 아닙니다/);
    await page.selectOption('#lang', 'en');
    assert.match(await page.textContent('[role=alert]'), /n: "abc" is not a positive whole number/, 'said again in English');
    await page.click('#run');
    assert.match(await page.textContent('[role=alert]'), /n: "abc" is not a positive whole number/);
    // The field is marked as refused and has the focus; nothing was running, so nothing "stopped".
    assert.deepEqual(await page.evaluate(() => [document.activeElement.id, document.getElementById('f-n').getAttribute('aria-invalid')]), ['f-n', 'true']);
    assert.match(await page.textContent('#status'), /^Not started/);
    // Another field refused: named as the form names it, and the first no longer marked once edited.
    await page.fill('#f-n', '1e6');
    await page.fill('#f-workers', '1-999');
    await page.click('#run');
    assert.match(await page.textContent('[role=alert]'), /^Workers: .*outside 1–64/);
    assert.deepEqual(await page.evaluate(() => ['f-n', 'f-workers'].map((id) => document.getElementById(id).getAttribute('aria-invalid'))), [null, 'true']);
    await close();
  });

  test('the timeline shows the largest worker count and stays where the visitor puts it', async () => {
    const { page, close } = await site.open();
    assert.equal(await runTo(page, `${site.server.url}/?workload=pi&workers=1-3&n=2e6&repeats=1&autorun=1`), 'done');
    assert.equal(await page.inputValue('#timeline-k'), '3');
    // The note under it: when the last of the 3 began, from the run's own records.
    const three = (await page.evaluate(() => window.corescope.lastRun())).points.find((p) => p.workers === 3);
    // At most the run's time, which ends with the last chunk (equal when the last worker,
    // woken late past the cores, ran only its first chunk within one step of Firefox's 20 µs clock).
    assert.ok(three.start_lag_ms >= 0 && three.start_lag_ms <= three.median_ms, `start lag ${three.start_lag_ms}, median ${three.median_ms}`);
    const note = await page.textContent('#timeline-note');
    assert.ok(note.includes('3 workers') && note.includes(`${three.start_lag_ms.toFixed(3)} ms`) && note.includes('waking'), note);
    // More workers than the processors the browser reports: the note says why some begin late.
    const cores = await page.evaluate(() => navigator.hardwareConcurrency);
    assert.equal(note.includes(`The browser reports ${cores} logical processor${cores === 1 ? '' : 's'} for these 3 workers`), 3 > cores, note);
    await page.selectOption('#timeline-k', '1');
    assert.match(await page.textContent('#timeline-note'), /^The worker began its first chunk/);
    assert.doesNotMatch(await page.textContent('#timeline-note'), /can run at a time/);
    await page.click('#run');
    await page.waitForFunction(() => document.documentElement.dataset.state === 'done' && window.corescope.runs().length === 2);
    assert.equal(await page.inputValue('#timeline-k'), '1', 'the visitor\'s choice stays');
    assert.equal(await page.isVisible('#timeline-series'), false, 'one model: nothing to choose');
    assert.deepEqual(await page.errors(), []);
    await close();
  });

  test('with several models the timeline shows any of them, processes included', async () => {
    const { page, close } = await site.open();
    assert.equal(await runTo(page, `${site.server.url}/?workload=pi&model=threads,processes&workers=1-2&n=2e6&repeats=1&autorun=1`), 'done');
    assert.deepEqual(await page.evaluate(() => [...document.querySelectorAll('#timeline-series option')].map((o) => o.textContent)), ['threads', 'processes']);
    // The runs list says which colour is which model (a legend short of room names runs only).
    assert.deepEqual(await page.evaluate(() => [...document.querySelectorAll('#runs .series-key > span')].map((k) => k.textContent.trim())), ['threads', 'processes']);
    assert.match(await page.textContent('#timeline-note'), /waking/, 'threads first: the pool woke before the clock');
    const before = await page.evaluate(() => document.getElementById('timeline').toDataURL());
    await page.selectOption('#timeline-series', '1');
    assert.match(await page.textContent('#timeline-note'), /Starting the Workers took/, 'processes: their start-up, not a wake-up');
    assert.doesNotMatch(await page.textContent('#timeline-note'), /waking/);
    assert.notEqual(await page.evaluate(() => document.getElementById('timeline').toDataURL()), before, 'the processes\' chunks are drawn');
    assert.equal(await page.inputValue('#timeline-k'), '2');
    await page.selectOption('#timeline-k', '1');
    assert.equal(await page.inputValue('#timeline-series'), '1', 'choosing a count keeps the model');
    assert.deepEqual(await page.errors(), []);
    await close();
  });
});
