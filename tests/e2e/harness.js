// Test harness: starts the project's own server (`xtask serve --no-build`)
// on the built dist/ and runs each test file's tests once per browser
// (Debian's Chromium and Firefox ESR, the same tests: `browser.js` drives
// both through WebDriver), stopping what it started when they end. Also the
// page-level helpers the tests share: run a URL to its end, count a
// canvas's pixels, read the browsers' CPU time.
import { spawn, execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { before, after, afterEach, describe } from 'node:test';
import { BROWSERS, openPage, need } from './browser.js';

export { BROWSERS, openPage, need };

// Starts `xtask serve` on a free port; resolves with { url, stop }.
// `dir` serves another copy of the site than CORESCOPE_DIST.
export async function startServer({ isolation = true, dir = need('CORESCOPE_DIST') } = {}) {
  const args = ['serve', '--no-build', '--port', '0', '--dir', dir];
  if (!isolation) args.push('--no-isolation');
  const child = spawn(need('CORESCOPE_XTASK'), args, {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let buffered = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the server did not start within 30 s')), 30_000);
    child.stdout.on('data', (chunk) => {
      buffered += chunk;
      const match = buffered.match(/at (http:\/\/127\.0\.0\.1:\d+)\//);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited early (code ${code})`));
    });
  });
  return {
    url,
    pid: child.pid,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        process.kill(child.pid, 'SIGTERM');
        await once(child, 'exit');
      }
    },
  };
}

// For a test file: a suite per browser (`BROWSERS`), each with its own
// server, started before its tests and stopped after them. `body(site)`
// declares the tests; `site.open(options)` gives a fresh page in that
// suite's browser (see `openPage`), `site.browser` its name. A page a test
// leaves open (it failed before closing it) is closed after it.
export function eachBrowser(body, serverOptions = {}) {
  for (const browser of BROWSERS) {
    describe(browser, () => {
      const open = new Set();
      const site = {
        browser,
        async open(options) {
          const opened = await openPage(browser, options);
          open.add(opened);
          return { ...opened, close: () => { open.delete(opened); return opened.close(); } };
        },
      };
      before(async () => { site.server = await startServer(serverOptions); });
      afterEach(async () => {
        for (const opened of open) await opened.close().catch(() => {});
        open.clear();
      });
      after(async () => { await site.server?.stop(); });
      body(site);
    });
  }
}

// Opens `url` and waits until the page is done or reports an error. Polls,
// so a reload on the way (the service worker's isolation reload) is survived.
// `acceptLong`: a sweep the page estimates at over a minute waits for its
// Run anyway button (the bench's do, depending on the machine): it is pressed.
export async function runTo(page, url, { timeout = 240_000, acceptLong = false } = {}) {
  await page.goto('about:blank');
  await page.goto(url);
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    const state = await page
      .evaluate(() => (window.corescope ? document.documentElement.dataset.state : 'loading'))
      .catch(() => 'navigating');
    if (state === 'done' || state === 'error') return state;
    if (acceptLong && state === 'idle' && (await page.isVisible('#confirm'))) await page.click('#confirm-run');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} was neither done nor in error after ${timeout} ms`);
}

// The page's state (data-state on <html>: loading, idle, running, done, error).
export const state = (page) => page.evaluate(() => document.documentElement.dataset.state);

// Waits until the page is done (or in error) with `runs` runs compared.
export const settled = (page, runs) => page.waitForFunction(
  (n) => ['done', 'error'].includes(document.documentElement.dataset.state) && window.corescope.runs().length === n,
  runs, { timeout: 120_000 },
);

// The palette's first two colours (Rust's `session::views::PALETTE`): the first and second run's series.
export const BLUE = [37, 99, 235];
export const RED = [220, 38, 38];

// Pixels of a canvas close to an RGB colour (or, with `not`, far from it).
export async function countColour(page, canvasId, [r, g, b], { not = false } = {}) {
  return page.evaluate(({ canvasId, r, g, b, not }) => {
    const canvas = document.getElementById(canvasId);
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      const close = Math.abs(data[i] - r) < 24 && Math.abs(data[i + 1] - g) < 24 && Math.abs(data[i + 2] - b) < 24;
      if (close !== not) n++;
    }
    return n;
  }, { canvasId, r, g, b, not });
}

export const countNonWhite = (page, canvasId) => countColour(page, canvasId, [255, 255, 255], { not: true });

// CPU seconds used so far by every process this test process started (the
// browsers, their renderers and Workers' processes), from /proc: Linux only.
const TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
export function descendantsCpuSeconds(root = process.pid) {
  const stats = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // After the command: state(0) ppid(1) … utime(11) stime(12).
      stats.push({ pid: Number(entry), ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // The process ended while we looked.
    }
  }
  const mine = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of stats) if (!mine.has(p.pid) && mine.has(p.ppid)) { mine.add(p.pid); grew = true; }
  }
  return stats.filter((p) => mine.has(p.pid) && p.pid !== root).reduce((sum, p) => sum + p.ticks, 0) / TICKS;
}
