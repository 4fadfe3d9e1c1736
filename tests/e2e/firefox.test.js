// Firefox once hung starting process Workers (issue 10: 11 of 29 fresh
// loads). Every other end-to-end test runs in Firefox too; this one is
// Firefox's own: the processes sweep on 30 fresh loads in a row, all of which
// must finish.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BROWSERS, startServer, openPage, runTo } from './harness.js';

const inFirefox = BROWSERS.includes('firefox');
let server;
let visitor;
before(async () => {
  if (!inFirefox) return;
  server = await startServer();
  visitor = await openPage('firefox');
});
after(async () => {
  await visitor?.close();
  await server?.stop();
});

test('Firefox: the processes sweep finishes on 30 fresh loads in a row', { skip: !inFirefox && 'Firefox is not in CORESCOPE_BROWSERS' }, async () => {
  const { page } = visitor;
  const stuck = [];
  for (let i = 0; i < 30; i++) {
    const state = await runTo(page, `${server.url}/?workload=sum&model=processes&workers=1-2&n=2e6&repeats=1&autorun=1`, { timeout: 60_000 })
      .catch((e) => e.message);
    if (state !== 'done') stuck.push(`load ${i + 1}: ${state}, ${await page.textContent('#status')}`);
  }
  assert.deepEqual(stuck, [], 'every load finished');
  assert.deepEqual(await page.errors(), []);
});
