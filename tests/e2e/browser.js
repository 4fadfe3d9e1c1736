// One browser session, either browser, through W3C WebDriver (chromedriver
// for Debian's Chromium, geckodriver for Firefox ESR) with WebDriver BiDi for
// what classic WebDriver cannot see: uncaught errors, requests, and scripts
// that must run before the page's own. The few verbs the tests use are
// methods of `Page`; each waits for its element the way a visitor would.
// selenium-webdriver is the client because it speaks both protocols to both
// drivers (Playwright cannot drive stock Firefox).
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Builder, Browser, By, Key } from 'selenium-webdriver';
import chrome from 'selenium-webdriver/chrome.js';
import firefox from 'selenium-webdriver/firefox.js';

export const need = (name) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run these tests with \`cargo xtask test\``);
  return value;
};

// The browsers `cargo xtask test` runs every end-to-end test in;
// CORESCOPE_BROWSERS=firefox (say) narrows a manual run.
export const BROWSERS = (process.env.CORESCOPE_BROWSERS || 'chromium,firefox').split(',').filter(Boolean);

// Without the background-networking flags Chromium keeps dialling Google's
// hosts, which this closed network refuses.
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--window-size=1280,1000',
];
const DOWNLOADED_TYPES = 'application/json,text/csv,image/png,application/octet-stream';

async function startDriver(name, downloads, scratch, { serviceWorkers }) {
  process.env.SE_OFFLINE = 'true'; // Selenium Manager must not look for drivers online
  const bidi = name === 'chromium' && serviceWorkers === 'block';
  const builder = new Builder().withCapabilities({ webSocketUrl: bidi, unhandledPromptBehavior: 'ignore' });
  if (name === 'chromium') {
    const options = new chrome.Options().setChromeBinaryPath(need('CORESCOPE_CHROMIUM')).addArguments(...CHROMIUM_ARGS);
    options.setUserPreferences({ 'download.default_directory': downloads, 'download.prompt_for_download': false });
    const service = new chrome.ServiceBuilder(need('CORESCOPE_CHROMEDRIVER')).setEnvironment(scratch);
    return builder.forBrowser(Browser.CHROME).setChromeOptions(options).setChromeService(service).build();
  }
  if (name === 'firefox') {
    const options = new firefox.Options().setBinary(need('CORESCOPE_FIREFOX')).addArguments('-headless', '-width=1280', '-height=1000');
    options.setPreference('browser.download.folderList', 2);
    options.setPreference('browser.download.dir', downloads);
    options.setPreference('browser.download.useDownloadDir', true);
    options.setPreference('browser.download.always_ask_before_handling_new_types', false);
    options.setPreference('browser.helperApps.neverAsk.saveToDisk', DOWNLOADED_TYPES);
    if (serviceWorkers === 'block') options.setPreference('dom.serviceWorkers.enabled', false);
    const service = new firefox.ServiceBuilder(need('CORESCOPE_GECKODRIVER')).setEnvironment(scratch);
    return builder.forBrowser(Browser.FIREFOX).setFirefoxOptions(options).setFirefoxService(service).build();
  }
  throw new Error(`unknown browser ${name}`);
}

// A fresh session (a new profile: no service worker, no cache).
// `serviceWorkers: 'block'` shows the page as in a browser without them.
//
// No WebDriver BiDi events or preload scripts in Firefox: any of them makes
// Firefox watch every Worker, and then a Worker's `new Worker()` can block
// for good (a Firefox bug; ARCHITECTURE.md, "Firefox and watched Workers"),
// which is what the coordinator does. Errors and CSP violations are read from
// the page's own record instead (`Page.errors`), the same in both browsers.
export async function openPage(name, { serviceWorkers = 'allow' } = {}) {
  // Everything the session writes — downloads, and through TMPDIR the
  // driver's profile and the browser's own temporary files — goes under one
  // folder, removed when the page is closed.
  const folder = await mkdtemp(join(tmpdir(), 'corescope-page-'));
  const downloads = join(folder, 'downloads');
  const scratch = { ...process.env, TMPDIR: join(folder, 'tmp') };
  await mkdir(downloads);
  await mkdir(scratch.TMPDIR);
  let driver;
  try {
    driver = await startDriver(name, downloads, scratch, { serviceWorkers });
  } catch (e) {
    await rm(folder, { recursive: true, force: true });
    throw e;
  }
  const page = new Page(name, driver, downloads, folder);
  if (name === 'chromium' && serviceWorkers === 'block') {
    // Chromium has no switch for it; a script before the page's own removes the API.
    try {
      const bidi = await driver.getBidi();
      const reply = await bidi.send({ method: 'script.addPreloadScript', params: { functionDeclaration: '() => { delete Navigator.prototype.serviceWorker; }' } });
      if (reply.error) throw new Error(`addPreloadScript: ${reply.error}: ${reply.message}`);
    } catch (e) {
      await page.close();
      throw e;
    }
  }
  return { page, close: () => page.close() };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export class Page {
  constructor(name, driver, downloads, folder = downloads) {
    this.browserName = name;
    this.driver = driver;
    this.downloads = downloads;
    this.folder = folder;
  }

  // Quits the browser and its driver; once, however often it is called.
  close() {
    this.closing ??= (async () => {
      try {
        await this.driver.quit();
      } finally {
        // The browser's last processes may still be writing as the driver returns:
        // rm retries (ENOTEMPTY, EBUSY) with a growing delay.
        await rm(this.folder, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
      }
    })();
    return this.closing;
  }

  goto(url) { return this.driver.get(url); }
  reload() { return this.driver.navigate().refresh(); }
  url() { return this.driver.getCurrentUrl(); }

  // `fn` runs in the page with `arg`; a returned promise is awaited. The
  // value comes back as JSON text, parsed here: exact (geckodriver re-encodes
  // WebDriver's numbers and can move a double by one bit) and with
  // `undefined` kept.
  async evaluate(fn, arg) {
    const text = await this.driver.executeScript(`return Promise.resolve((${fn})(arguments[0])).then((v) => v === undefined ? '"__undefined__"' : JSON.stringify(v));`, arg);
    return text === '"__undefined__"' ? undefined : JSON.parse(text);
  }

  // Polls `fn(arg)` in the page until it is truthy; navigations on the way are survived.
  async waitForFunction(fn, arg, { timeout = 30_000 } = {}) {
    const deadline = Date.now() + timeout;
    let last;
    while (Date.now() < deadline) {
      try {
        const value = await this.evaluate(fn, arg);
        if (value) return value;
      } catch (e) {
        last = e;
      }
      await sleep(50);
    }
    throw new Error(`waited ${timeout} ms for ${String(fn).slice(0, 160)}${last ? ` (last error: ${last.message})` : ''}`);
  }

  waitForSelector(selector, options) {
    return this.waitForFunction((s) => {
      const e = document.querySelector(s);
      return e !== null && e.getClientRects().length > 0;
    }, selector, options);
  }

  // The element, once it is shown and enabled (as Playwright's actions wait).
  async ready(selector, { timeout = 30_000 } = {}) {
    const deadline = Date.now() + timeout;
    for (;;) {
      const [element] = await this.driver.findElements(By.css(selector));
      if (element && (await element.isDisplayed()) && (await element.isEnabled())) return element;
      if (Date.now() > deadline) throw new Error(`${selector} was not shown and enabled within ${timeout} ms`);
      await sleep(50);
    }
  }

  async click(selector) { await (await this.ready(selector)).click(); }

  // Types `value` over an input's whole text, as a visitor would (input events
  // included; no change event before the new text is in).
  async fill(selector, value) {
    const element = await this.ready(selector);
    await this.evaluate((s) => document.querySelector(s).select(), selector);
    await element.sendKeys(value);
  }

  async press(selector, key) { await (await this.ready(selector)).sendKeys(Key[key.toUpperCase()]); }

  async check(selector) { if (!(await (await this.ready(selector)).isSelected())) await this.click(selector); }
  async uncheck(selector) { if (await (await this.ready(selector)).isSelected()) await this.click(selector); }

  async selectOption(selector, value) {
    await this.ready(selector);
    await this.click(`${selector} option[value="${value}"]`);
  }

  // Gives a file input the file a visitor would pick.
  async setInputFiles(selector, { name, buffer }) {
    const dir = await mkdtemp(join(tmpdir(), 'corescope-upload-'));
    try {
      const file = join(dir, name);
      await writeFile(file, buffer);
      const [element] = await this.driver.findElements(By.css(selector));
      if (!element) throw new Error(`no ${selector}`);
      await element.sendKeys(file);
      // The page reads the file on `change`; give it the time to start before the file goes.
      await sleep(300);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  // Runs `action` (a click) and resolves with the bytes of the file it downloads.
  // A browser may create the file at its final name before the bytes are in
  // (Firefox writes `<name>.part` beside it, Chromium `.crdownload`): the file is
  // done when no partial file is left, it is not empty and its bytes held still.
  async download(action, { timeout = 30_000 } = {}) {
    const before = new Set(await readdir(this.downloads));
    await action();
    const deadline = Date.now() + timeout;
    let last = null;
    while (Date.now() < deadline) {
      const names = (await readdir(this.downloads)).filter((f) => !before.has(f) && !f.startsWith('.'));
      const partial = names.some((f) => /\.(part|crdownload)$/.test(f));
      const done = names.filter((f) => !/\.(part|crdownload)$/.test(f));
      if (!partial && done.length > 0) {
        const bytes = await readFile(join(this.downloads, done[0])).catch(() => null);
        if (bytes && bytes.length > 0 && last !== null && last.equals(bytes)) return bytes;
        last = bytes;
      } else {
        last = null;
      }
      await sleep(100);
    }
    throw new Error(`no download within ${timeout} ms`);
  }

  // Uncaught errors and CSP violations the page recorded since its script ran.
  async errors() {
    const seen = await this.evaluate(() => (window.corescope ? [...window.corescope.errors(), ...window.corescope.cspViolations()] : ['the page never started']));
    return seen;
  }

  // Every URL the document fetched from another origin than its own (Resource Timing).
  foreignRequests() {
    return this.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name)
      .filter((url) => new URL(url).origin !== location.origin && !/^(blob|data):/.test(url)));
  }

  textContent(selector) {
    return this.evaluate((s) => document.querySelector(s)?.textContent ?? null, selector);
  }
  inputValue(selector) { return this.evaluate((s) => document.querySelector(s).value, selector); }
  getAttribute(selector, name) { return this.evaluate(([s, n]) => document.querySelector(s).getAttribute(n), [selector, name]); }
  count(selector) { return this.evaluate((s) => document.querySelectorAll(s).length, selector); }
  isDisabled(selector) { return this.evaluate((s) => document.querySelector(s).disabled, selector); }
  async isVisible(selector) {
    const [element] = await this.driver.findElements(By.css(selector));
    return element ? element.isDisplayed() : false;
  }

  // Runs `body()` with the page's verbs acting inside the iframe `selector`.
  async inFrame(selector, body) {
    const frame = await this.driver.findElement(By.css(selector));
    await this.driver.switchTo().frame(frame);
    try {
      return await body();
    } finally {
      await this.driver.switchTo().defaultContent();
    }
  }
}
