// Test harness: starts the project's own server (`xtask serve --no-build`)
// on the built dist/, Debian's Chromium through playwright-core and Firefox
// ESR through W3C WebDriver (selenium-webdriver driving geckodriver:
// Playwright cannot drive stock Firefox), and stops them — the processes
// they started — when the tests end.
import { spawn, execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { once } from 'node:events';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';
import { Builder, Browser } from 'selenium-webdriver';
import firefox from 'selenium-webdriver/firefox.js';

const need = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run these tests with \`cargo xtask test\``);
  return value;
};

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

// Starts `xtask serve` on a free port; resolves with { url, stop }.
export async function startServer({ isolation = true } = {}) {
  const args = ['serve', '--no-build', '--port', '0', '--dir', need('CORESCOPE_DIST')];
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

export async function startBrowser() {
  return chromium.launch({ executablePath: need('CORESCOPE_CHROMIUM'), headless: true, args: CHROMIUM_ARGS });
}

// For a test file: starts a server and a browser before its tests, stops both
// after them. Returns an object whose `server` and `browser` are set by then.
export function useSiteAndBrowser(serverOptions = {}) {
  const site = {};
  before(async () => {
    site.server = await startServer(serverOptions);
    site.browser = await startBrowser();
  });
  after(async () => {
    await site.browser?.close();
    await site.server?.stop();
  });
  return site;
}

// A page that records uncaught errors, CSP violations and requests to other origins.
// `serviceWorkers: 'block'` shows the page as on a first visit without one.
export async function openPage(browser, origin, { serviceWorkers = 'allow' } = {}) {
  const context = await browser.newContext({ acceptDownloads: true, serviceWorkers });
  const page = await context.newPage();
  const problems = { errors: [], foreignRequests: [], cspViolations: [] };
  page.on('pageerror', (e) => problems.errors.push(String(e)));
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) problems.cspViolations.push(m.text());
  });
  context.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(origin) && !url.startsWith('blob:') && !url.startsWith('data:')) problems.foreignRequests.push(url);
  });
  page.on('worker', (w) => w.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) problems.cspViolations.push(m.text());
  }));
  return { context, page, problems };
}

// Opens `url` and waits until the page is done or reports an error. Polls,
// so a reload on the way (the service worker's isolation reload) is survived.
export async function runTo(page, url, { timeout = 240_000 } = {}) {
  await page.goto(url);
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    const state = await page
      .evaluate(() => (window.corescope ? document.documentElement.dataset.state : 'loading'))
      .catch(() => 'navigating');
    if (state === 'done' || state === 'error') return state;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} was neither done nor in error after ${timeout} ms`);
}

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

// Firefox ESR, headless, through geckodriver; `quit()` ends both.
export async function startFirefox() {
  process.env.SE_OFFLINE = 'true';   // Selenium Manager must not look for drivers online
  const options = new firefox.Options().setBinary(need('CORESCOPE_FIREFOX')).addArguments('-headless');
  const service = new firefox.ServiceBuilder(need('CORESCOPE_GECKODRIVER'));
  return new Builder().forBrowser(Browser.FIREFOX).setFirefoxOptions(options).setFirefoxService(service).build();
}

// In a WebDriver session: opens `url` from a blank page and waits until the
// page is done or in error; returns the state.
export async function driverRunTo(driver, url, { timeout = 240_000 } = {}) {
  await driver.get('about:blank');
  await driver.get(url);
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    const state = await driver
      .executeScript('return window.corescope ? document.documentElement.dataset.state : "loading"')
      .catch(() => 'navigating');
    if (state === 'done' || state === 'error') return state;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return 'timed out';
}

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
