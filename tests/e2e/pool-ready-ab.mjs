// Page start → pool ready, A against B (not a test): first visits of two or
// more built sites, each load in a fresh browser, in rounds; the order of the
// sites turns by one each round, because the site loaded first in a round
// tends to win by 15–45 ms on a 2-core machine (BENCHMARKS.md, 2026-12-06).
// Prints each load and the medians. Before each load the browser opens a page
// of another origin (bench/js), so nothing of the site is in its caches.
//   DISTS=/tmp/a/dist,/work/main/dist BROWSER=chromium|firefox LOADS=7 node pool-ready-ab.mjs
// (with the CORESCOPE_* browser and driver variables `cargo xtask test` sets).
import { Builder, Browser } from 'selenium-webdriver';
import firefox from 'selenium-webdriver/firefox.js';
import chrome from 'selenium-webdriver/chrome.js';
import { fileURLToPath } from 'node:url';
import { startServer, need } from './harness.js';
import { CHROMIUM_ARGS } from './browser.js';

const dists = need('DISTS').split(',');
const browser = process.env.BROWSER || 'chromium';
const loads = Number(process.env.LOADS || 7);
const sites = await Promise.all(dists.map((dir) => startServer({ dir })));
const elsewhere = await startServer({ dir: fileURLToPath(new URL('../../bench/js', import.meta.url)) });
const readyMs = Object.fromEntries(dists.map((d) => [d, []]));

function driver() {
  if (browser === 'chromium') {
    return new Builder().forBrowser(Browser.CHROME)
      .setChromeOptions(new chrome.Options().setChromeBinaryPath(need('CORESCOPE_CHROMIUM')).addArguments(...CHROMIUM_ARGS))
      .setChromeService(new chrome.ServiceBuilder(need('CORESCOPE_CHROMEDRIVER'))).build();
  }
  return new Builder().forBrowser(Browser.FIREFOX)
    .setFirefoxOptions(new firefox.Options().setBinary(need('CORESCOPE_FIREFOX')).addArguments('-headless'))
    .setFirefoxService(new firefox.ServiceBuilder(need('CORESCOPE_GECKODRIVER'))).build();
}

try {
  for (let round = 0; round < loads; round++) {
    for (let i = 0; i < sites.length; i++) {
      const j = (i + round) % sites.length;
      const d = await driver();
      try {
        await d.get(`${elsewhere.url}/kernels.js`);
        await d.get(`${sites[j].url}/`);
        let ready = null;
        for (let t = 0; t < 500 && ready === null; t++) {
          ready = await d.executeScript('return window.corescope?.poolReadyAtMs?.() ?? null;');
          if (ready === null) await new Promise((resolve) => setTimeout(resolve, 20));
        }
        if (ready === null) throw new Error(`${dists[j]}: no pool within 10 s`);
        readyMs[dists[j]].push(Math.round(ready));
        console.log(`round ${round + 1}: ${dists[j]} ${Math.round(ready)} ms`);
      } finally {
        await d.quit();
      }
    }
  }
} finally {
  for (const s of sites) await s.stop();
  await elsewhere.stop();
}
for (const [dist, all] of Object.entries(readyMs)) {
  all.sort((a, b) => a - b);
  console.log(`${dist}: median ${all[Math.floor(all.length / 2)]} ms of ${all.length} (${all.join(' ')})`);
}
