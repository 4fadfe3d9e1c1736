// The page's glue: reads the URL and the form, starts the coordinator
// Worker, and hands what comes back to the page's state — a Rust `Page`
// (the plain build, loaded here) that holds the runs being compared. It
// computes and decides nothing itself: parsing, checking, statistics,
// links and charts are Rust; this file moves events and messages.
import init, * as wasm from '../pkg/plain/corescope.js';
import { $, root, hardwareConcurrency, showAlert, rewordAlert, clearAlert } from './dom.js';
import { say, rewordStatus, sayProgress } from './status.js';
import { render, chooseTimeline, showPicture } from './view.js';
import { wireComparison, persist, sharedFragment, markWritten, showNote, rewordNote, withdrawNote } from './compare.js';
import { setLanguage, language, t, sentence, why, failure } from './i18n.js';
import { connectWorkers, coordinator, coordinatorFor, adoptEarlyCoordinator, dropCoordinator, startProcessTeam, endProcessTeam } from './workers.js';
import { setUpForm, parse, needsPool, fillForm, formQuery, showHelp, refusedQuery, refuseForm, clearRefusedMarks } from './form.js';
import { runPreset, nextOfPreset, endPreset, rewordPresetNote } from './presets.js';
import { watchdog, onWatchdog, armWatchdog, disarmWatchdog } from './watchdog.js';
import { startServiceWorker, framedByAnotherSite, showFramedNotice } from './host.js';
import { env, measureEnv, showEnv, showPool } from './device.js';

const isolated = self.crossOriginIsolated === true;

let page = null;         // the Rust Page: the runs being compared

// How long the browser is given, after a frame's script, to finish painting
// it (raster and compositing run on other threads) before a measured run.
const PAINT_SETTLE_MS = 20;

function setState(state) {
  root.dataset.state = state;
  $('loading').hidden = true;   // the page can run: the loading message goes
  refreshButtons();
}

function refreshButtons() {
  const state = root.dataset.state;
  const focused = document.activeElement;
  $('run').disabled = state === 'running';
  $('stop').disabled = state !== 'running';
  const hasLast = page !== null && page.hasLastRun();
  $('export').disabled = !hasLast;
  $('copy-link').disabled = !hasLast;
  $('copy-comparison').disabled = page === null || !page.hasComparison();
  $('export-all').disabled = page === null || !page.hasComparison();
  $('export-csv').disabled = page === null || !page.hasPoints();
  // A button disabled under the keyboard's focus drops it to the page's start:
  // it goes to the button that now does something (Run ↔ Stop).
  if (focused?.disabled) $(state === 'running' ? 'stop' : 'run').focus();
}

// After any change to the comparison: redraw, and keep the address in step.
function changed() {
  render(page);
  persist(page);
  refreshButtons();
}

function onCoordinatorMessage(message) {
  handleCoordinatorMessage(message);
  // Any word from the coordinator is progress: the watchdog starts over.
  if (root.dataset.state === 'running') armWatchdog();
}

function handleCoordinatorMessage(message) {
  switch (message.type) {
    case 'confirm':
      // A long run waits for the visitor: nothing has run yet.
      disarmWatchdog();
      endMeasuring();   // a run without points goes from the comparison
      changed();
      askFirst(message.estimateMs);
      break;
    case 'memory':
      Object.assign(coordinator, { memory: message.memory, stopFlag: message.stopFlag });
      break;
    case 'pool':
      clearTimeout(coordinator.poolTimer);
      {
        // When the pool was ready, by the coordinator's clock: this message may have waited.
        const readyAtMs = message.at - performance.timeOrigin;
        page.setPool(message.threads, message.ms, readyAtMs);
        showPool('pool.ready', { n: message.threads, ms: message.ms.toFixed(0), at: readyAtMs.toFixed(0) });
      }
      break;
    case 'started':
      // What the run really uses: the build that computes, and the pool if it has one.
      if (page.isMeasuring()) page.started(message.build, message.usesPool);
      break;
    case 'progress':
      watchdog.slowestMs = message.slowestMs ?? null;
      watchdog.doing = sayProgress(message, page);
      break;
    case 'point':
      // A point, new or refined by another repeat: it replaces the one with the same k.
      if (page.isMeasuring()) {
        page.addPoint(message.point);
        render(page);
      }
      break;
    case 'paint':
      {
        // Before each measured run: answered once this frame is painted and
        // the browser has had PAINT_SETTLE_MS to raster and composite it off
        // the main thread, so painting never overlaps a measured run.
        const { worker } = coordinator;
        requestAnimationFrame(() => setTimeout(() => worker.postMessage({ type: 'painted', id: message.id }), PAINT_SETTLE_MS));
      }
      break;
    case 'spawn':
      startProcessTeam(message.id, message.count);
      break;
    case 'end-team':
      endProcessTeam(message.id);
      break;
    case 'picture':
      showPicture(message.side, message.rgba);
      break;
    case 'done':
      disarmWatchdog();
      page.finish();
      say('status.done', { n: JSON.parse(page.lastRun()).points.length }, 1, 1);
      setState('done');
      changed();
      nextOfPreset(page, start, changed);
      break;
    case 'error':
      fail(message.key ? failure(message.key, message.values) : message.message);
      break;
  }
}

// A refused file, link or label: said, without ending a run being measured.
// `words`: a string, or a function wording it in the page's language.
function refuse(words) {
  if (page && page.isMeasuring()) showAlert(words);
  else fail(words, 'status.refused');
}

function fail(words, status = 'status.error') {
  disarmWatchdog();
  endPreset();
  if (page && page.isMeasuring()) {
    endMeasuring();   // the points measured so far stay
    changed();
  }
  showAlert(words);
  say(status);
  setState('error');
}

// The note that a run made room in a full comparison (while it is shown).
let fullNote = null;

// The run being measured ends; one without points gives back the run it
// displaced from a full comparison, and the note saying it was removed goes.
function endMeasuring() {
  if (page.stop()) withdrawNote(fullNote);
}

// The estimate and two buttons, in the page (no dialog): Run anyway starts it.
let pending = null;

function askFirst(estimateMs) {
  const minutes = estimateMs / 60_000;
  $('confirm-text').textContent = t('confirm.text', { time: minutes < 90 ? t('time.min', { n: Math.ceil(minutes) }) : t('time.h', { n: (minutes / 60).toFixed(1) }) });
  $('confirm').hidden = false;
  say('status.waiting');
  setState('idle');
  $('confirm-run').focus();
}

function start(config, { hang = false, confirmed = false, keepPreset = false } = {}) {
  $('confirm').hidden = true;
  if (!keepPreset) endPreset({ hideNote: true });
  pending = { config, hang };
  clearAlert();
  const pooled = needsPool(config.models);
  const refusal = (lang) => (isolated ? null : wasm.isolationRefusal(JSON.stringify(config), lang));
  if (refusal(language())) {
    fail(() => refusal(language()));
    return;
  }
  const poolSize = pooled ? Math.max(...config.workers) : 0;
  // A run still going (started again from the comparison) ends with its coordinator: its late points must not land in this one.
  if (page.isMeasuring()) dropCoordinator();
  const { worker } = coordinatorFor(poolSize);
  // A full comparison: the oldest run made room, and the note says so (in the page's language, again when it changes).
  const dropped = page.begin(JSON.stringify(config));
  if (dropped !== undefined) showNote(fullNote = () => wasm.fullNote(dropped, language()));
  $('picture-area').hidden = true;
  render(page);
  setState('running');
  say('status.starting', {}, 0, 1);
  watchdog.slowestMs = null;
  watchdog.doing = null;
  armWatchdog();
  // The coordinator gets the run's configuration as Rust's message (bytes), not JSON.
  worker.postMessage({ type: 'run', config: page.liveConfig(), poolSize, hang, confirmed });
}

function stop() {
  disarmWatchdog();
  endPreset();
  dropCoordinator();
  endMeasuring();
  say('status.stopped');
  setState('idle');
  changed();
}

// ---- start ----------------------------------------------------------------

// Content-Security-Policy violations and uncaught errors the page saw (from
// when this script ran), so tests in every browser read them the same way —
// without a debugger attached, which changes how Firefox runs Workers.
const cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => cspViolations.push(`${e.violatedDirective}: ${e.blockedURI}`));
const uncaught = [];
window.addEventListener('error', (e) => uncaught.push(String(e.error ?? e.message)));
window.addEventListener('unhandledrejection', (e) => uncaught.push(`Uncaught (in promise) ${String(e.reason)}`));

window.corescope = {
  cspViolations: () => [...cspViolations],
  errors: () => [...uncaught],
  lastRun: () => (page ? JSON.parse(page.lastRun()) : null),
  poolReadyAtMs: () => page?.poolReadyAtMs() ?? null,
  runs: () => (page ? JSON.parse(page.runs()) : []),
  state: () => root.dataset.state,
};

async function main() {
  const serviceWorker = startServiceWorker();
  await init();
  // The URL's lang=en|ko (even when another parameter is refused), else the browser's language.
  setLanguage(wasm.pickLang(location.search, navigator.language || 'en'));
  const fromUrl = parse(location.search);
  setUpForm();
  measureEnv();
  page = new wasm.Page(location.href, JSON.stringify(env));
  page.setLang(language());   // a run's default label is made in it
  onWatchdog((doing, seconds) => {
    dropCoordinator();
    fail(() => t('watchdog', { what: doing ? doing() : t('status.starting'), s: seconds }));
  });
  connectWorkers({
    onMessage: onCoordinatorMessage,
    fail,
    showPool,
    dropped: () => {
      page.clearPool();
      showPool('pool.none');
    },
  });
  if (isolated) {
    adoptEarlyCoordinator(wasm.defaultPoolSize(hardwareConcurrency));
    // A URL asking for more workers than the default needs a larger pool: start it now
    // (not for a link that carries runs: it runs nothing).
    if (fromUrl.ok && !sharedFragment() && needsPool(fromUrl.ok.config.models)) coordinatorFor(Math.max(...fromUrl.ok.config.workers));
  }
  wireComparison(page, {
    changed,
    refuse,
    // A link, file or label taken after a refusal: the page is no longer in error.
    note: (words) => {
      clearAlert();
      showNote(words);
      if (root.dataset.state === 'error') {
        say('status.idle');
        setState('idle');
      }
    },
    runConfig: (json) => {
      const config = JSON.parse(json);
      fillForm(config);
      start(config);
    },
  });

  $('lang').addEventListener('change', () => {
    setLanguage($('lang').value);
    page.setLang(language());
    // The address keeps the choice (lang=…), so a reload or a shared link keeps it too.
    const params = new URLSearchParams(location.search);
    params.set('lang', language());
    history.replaceState(history.state, '', `${location.pathname}?${params}${location.hash}`);
    showEnv();
    showHelp();
    rewordPresetNote();
    showMisspelt();
    rewordAlert();
    rewordNote();
    rewordStatus();
    render(page);
    persist(page);   // a note that the comparison is too large for a link, reworded
  });
  let resizeTimer;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => render(page), 150);
  });
  $('preset-cpu-vs-io').addEventListener('click', () => runPreset('cpu-vs-io', start));
  $('stop').addEventListener('click', stop);
  $('confirm-run').addEventListener('click', () => {
    if (!pending) return;
    start(pending.config, { hang: pending.hang, confirmed: true, keepPreset: true });
    $('stop').focus();   // the prompt, and the button the keyboard was on, are gone
  });
  const cancelPrompt = () => {
    endPreset();
    $('confirm').hidden = true;
    say('status.idle');
  };
  $('confirm-cancel').addEventListener('click', () => {
    cancelPrompt();
    $('run').focus();
  });
  // The prompt asks about the sweep the form held: once the form changes, Run starts over.
  for (const type of ['input', 'change']) {
    $('controls').addEventListener(type, () => { if (!$('confirm').hidden) cancelPrompt(); });
  }
  for (const id of ['timeline-series', 'timeline-k']) {
    $(id).addEventListener('change', () => {
      chooseTimeline($('timeline-series').selectedOptions[0]?.text ?? null, Number($('timeline-k').value));
      render(page);
    });
  }
  $('controls').addEventListener('submit', (event) => {
    event.preventDefault();
    clearRefusedMarks();
    const query = formQuery();
    const parsed = parse(query);
    if (parsed.error) {
      fail(refuseForm(query, parsed.error.param), 'status.not-started');
      return;
    }
    start(parsed.ok.config);
  });

  // A link that carries runs draws them at once and runs nothing.
  const fragment = sharedFragment();
  if (fragment) {
    markWritten(fragment);
    let count = 0;
    try {
      count = page.openLink(fragment);
    } catch (e) {
      fillForm(parse('').ok.config);
      const reason = why(e);
      fail(() => t('error.link', { reason: sentence(reason()) }));
      // The address keeps the refused link, for the visitor to read or report;
      // the page's first change writes its own comparison there.
      render(page);
      refreshButtons();
      return;
    }
    const shared = JSON.parse(page.lastRun());
    fillForm(shared.config);
    changed();
    say('status.opened', { n: count, label: shared.label }, 1, 1);
    setState('done');
    if (!isolated) await serviceWorker;
    return;
  }

  if (fromUrl.error) {
    // The link's other settings, its refused one marked (Rust keeps what it can), never run;
    // not focused: on a phone that would open the keyboard over the alert.
    fillForm(fromUrl.salvaged ?? parse('').ok.config);
    refuseForm(location.search, fromUrl.error.param, { focus: false });
    fail(refusedQuery(location.search, (error) => t('error.param', { param: error.param, reason: sentence(error.message) })), 'status.link-refused');
    return;
  }
  fillForm(fromUrl.ok.config);
  misspelt = fromUrl.ok.misspelt;
  showMisspelt();
  // Not isolated: the service worker may reload the page isolated; wait for it.
  if (!isolated && await serviceWorker) return;
  setState('idle');
  if (fromUrl.ok.autorun && framedByAnotherSite()) {
    showFramedNotice();
    return;
  }
  watchdog.floorS = fromUrl.ok.watchdog_s ?? null;
  if (fromUrl.ok.autorun && fromUrl.ok.preset) runPreset(fromUrl.ok.preset, start);
  else if (fromUrl.ok.autorun) start(fromUrl.ok.config, { hang: fromUrl.ok.test_hang });
}

// The link's unknown parameters that look like misspelt known ones (Rust's
// parse_query finds them): ignored, as every unknown parameter is, and said.
let misspelt = [];
function showMisspelt() {
  $('url-note').textContent = misspelt.map(({ given, known }) => t('url.misspelt', { given, known })).join(' ');
  $('url-note').hidden = misspelt.length === 0;
}

main().catch((e) => fail(`The page could not start: ${e.message || e}`));
