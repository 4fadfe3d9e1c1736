// The page's glue: reads the URL and the form, starts the coordinator
// Worker, and shows what comes back. It computes nothing itself: parsing,
// checking, statistics and charts are Rust (the plain build, loaded here);
// this file only formats numbers for display and moves messages.
import init, * as wasm from '../pkg/plain/corescope.js';

const $ = (id) => document.getElementById(id);
const root = document.documentElement;
const isolated = self.crossOriginIsolated === true;
const hardwareConcurrency = navigator.hardwareConcurrency || 1;

let results = null;      // the sweep being measured or last measured
let finished = null;     // the last finished results document
let coordinator = null;  // { worker, poolSize, poolTimer }
let pool = null;         // { threads, startupMs, readyAtMs } of the coordinator's pool

// How long the pool or the process Workers may take to start before the page gives up.
const START_TIMEOUT_MS = 60_000;

function setState(state) {
  root.dataset.state = state;
  $('run').disabled = state === 'running';
  $('stop').disabled = state !== 'running';
  $('export').disabled = finished === null;
}

function showAlert(message) {
  const alert = $('alert');
  alert.textContent = message;   // text only: messages can quote URL input
  alert.hidden = false;
}

function clearAlert() {
  $('alert').hidden = true;
  $('alert').textContent = '';
}

function setStatus(text, done = null, total = null) {
  $('status').textContent = text;
  if (done !== null) {
    $('progress').max = total;
    $('progress').value = done;
  }
}

// The smallest step performance.now() takes here (5 µs isolated, 100 µs–1 ms
// otherwise), from at most 10 steps or 50 ms of watching.
function timerResolutionMs() {
  let best = Infinity;
  const until = performance.now() + 50;
  for (let i = 0; i < 10 && (i === 0 || performance.now() < until); i++) {
    const t0 = performance.now();
    let t1 = t0;
    while (t1 === t0) t1 = performance.now();
    best = Math.min(best, t1 - t0);
  }
  return Math.round(best * 1e4) / 1e4;
}

// Where the results are measured; `build` and the pool come from the coordinator per run.
const env = {
  userAgent: navigator.userAgent,
  hardwareConcurrency,
  crossOriginIsolated: isolated,
  timerResolutionMs: 0,
};

function showEnv() {
  $('env-cores').textContent = String(hardwareConcurrency);
  $('env-isolated').textContent = isolated ? 'yes' : 'no';
  $('env-threads').textContent = isolated
    ? 'available'
    : 'unavailable: this page is not cross-origin isolated, so SharedArrayBuffer is off. '
      + 'The processes and sequential models still run.';
  $('env-timer').textContent = `${env.timerResolutionMs} ms`;
}

// ---- the form -------------------------------------------------------------

let catalog = null;

function fillSelect(select, names) {
  select.replaceChildren(...names.map((name) => new Option(name, name)));
}

function workloadInfo(name) {
  return catalog.workloads.find((w) => w.name === name);
}

function showHelp() {
  const w = workloadInfo($('f-workload').value);
  $('f-help').textContent = `n = ${w.n_meaning}; one unit of work = ${w.unit_meaning}. `
    + `Quick: n = ${w.quick_n}; seed size: n = ${w.seed_n}. The chunk is used by the dynamic and steal schedules.`;
}

function fillForm(config) {
  $('f-workload').value = config.workload;
  $('f-model').value = config.model;
  $('f-schedule').value = config.schedule;
  $('f-n').value = String(config.n);
  $('f-chunk').value = String(config.chunk);
  $('f-workers').value = config.workers.join(',');
  $('f-repeats').value = String(config.repeats);
  $('f-seed').value = String(config.seed);
  showHelp();
}

// The form becomes a query string, checked by the same parser as the URL.
function formQuery() {
  const params = new URLSearchParams();
  for (const name of ['workload', 'model', 'schedule', 'n', 'chunk', 'workers', 'repeats', 'seed']) {
    const value = $(`f-${name}`).value.trim();
    if (value !== '') params.set(name, value);
  }
  return params.toString();
}

function parse(query) {
  return JSON.parse(wasm.parseQuery(query, hardwareConcurrency));
}

function presetN(which) {
  const w = workloadInfo($('f-workload').value);
  $('f-n').value = which === 'seed' ? w.seed_n : w.quick_n;
  $('f-chunk').value = '';   // back to the default chunk for the new size
}

// ---- the coordinator Worker ----------------------------------------------

function needsPool(model) {
  return catalog.models.find((m) => m.name === model).shared_memory;
}

// The coordinator for a run needing a pool of `poolSize` threads (0: none).
// A pool cannot grow, so a larger one means a new coordinator.
function coordinatorFor(poolSize) {
  if (coordinator && coordinator.poolSize >= poolSize) return coordinator;
  dropCoordinator();
  const worker = new Worker(new URL('./coordinator.js', import.meta.url), { type: 'module' });
  const current = { worker, poolSize, poolTimer: null };
  coordinator = current;
  // Events from a coordinator that was replaced or stopped are ignored.
  worker.onmessage = ({ data }) => { if (coordinator === current) onCoordinatorMessage(data); };
  worker.onerror = (event) => {
    if (coordinator !== current) return;
    event.preventDefault(); // handled: reported in the alert below
    dropCoordinator();
    fail(`The coordinator Worker failed: ${event.message || 'unknown error'}`);
  };
  if (isolated && poolSize > 0) {
    $('env-pool').textContent = `starting ${poolSize} threads…`;
    worker.postMessage({ type: 'init', poolSize });
    current.poolTimer = setTimeout(() => {
      if (coordinator !== current) return;
      dropCoordinator();
      fail(`The thread pool of ${poolSize} Workers did not start within ${START_TIMEOUT_MS / 1000} s. Try fewer workers, or the processes model.`);
    }, START_TIMEOUT_MS);
  }
  return current;
}

function dropCoordinator() {
  if (!coordinator) return;
  clearTimeout(coordinator.poolTimer);
  coordinator.worker.terminate();
  coordinator = null;
  pool = null;
  $('env-pool').textContent = 'not started';
}

function onCoordinatorMessage(message) {
  switch (message.type) {
    case 'pool':
      clearTimeout(coordinator.poolTimer);
      pool = { threads: message.threads, startupMs: message.ms, readyAtMs: performance.now() };
      $('env-pool').textContent = `${pool.threads} threads, ready in ${pool.startupMs.toFixed(0)} ms `
        + `(${pool.readyAtMs.toFixed(0)} ms after the page started loading)`;
      break;
    case 'started':
      // What the run really used: the build that computed, and the pool if it had one.
      if (results) {
        results.env = { ...env, build: message.build };
        if (message.usesPool && pool) {
          Object.assign(results.env, { poolThreads: pool.threads, poolStartupMs: pool.startupMs, poolReadyAtMs: pool.readyAtMs });
        }
      }
      break;
    case 'progress':
      setStatus(message.text, message.done, message.total);
      break;
    case 'point':
      // A point, new or refined by another repeat: it replaces the one with the same k.
      if (results) {
        const point = JSON.parse(message.point);
        results.points = results.points.filter((p) => p.workers !== point.workers).concat([point]);
        results.points.sort((a, b) => a.workers - b.workers);
        render(results);
        // Tell the coordinator once this is painted, so painting never overlaps a measured run.
        const { worker } = coordinator;
        const answer = () => setTimeout(() => worker.postMessage({ type: 'drawn' }), 0);
        requestAnimationFrame(answer);
      }
      break;
    case 'picture':
      showPicture(message.side, message.rgba);
      break;
    case 'done':
      finished = results;
      setStatus(`Done: ${results.points.length} worker counts measured.`, 1, 1);
      setState('done');
      break;
    case 'error':
      fail(message.message);
      break;
  }
}

function fail(message) {
  showAlert(message);
  setStatus('Stopped by an error.');
  setState('error');
}

function start(config) {
  clearAlert();
  const pooled = needsPool(config.model);
  if (pooled && !isolated) {
    fail(`The ${config.model} model needs shared memory, and this page is not cross-origin isolated `
      + '(the server must send COOP/COEP headers). Try the processes model.');
    return;
  }
  const poolSize = pooled ? Math.max(...config.workers) : 0;
  const { worker } = coordinatorFor(poolSize);
  finished = null;
  results = { version: wasm.resultsVersion(), env: { ...env }, config, points: [] };
  $('picture-area').hidden = true;
  render(results);
  setState('running');
  setStatus('Starting…', 0, 1);
  worker.postMessage({ type: 'run', config: JSON.stringify(config), poolSize });
}

function stop() {
  dropCoordinator();
  setStatus('Stopped.');
  setState('idle');
}

// ---- showing results ------------------------------------------------------

function sizeCanvas(canvas) {
  const ratio = window.devicePixelRatio || 1;
  const width = Math.max(1, Math.round(canvas.clientWidth * ratio));
  const height = Math.max(1, Math.round(canvas.clientHeight * ratio));
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
  return ratio;
}

// Rust reads what it draws as JSON. The charts need no chunk records (up to
// 2 000 per point), so they get the points without them; the timeline gets
// only the one point it shows.
function withPoints(doc, points) {
  return JSON.stringify({ ...doc, points });
}

function render(doc) {
  const json = withPoints(doc, doc.points.map(({ chunks, ...rest }) => rest));
  const canvases = [$('chart-time'), $('chart-speedup'), $('chart-efficiency')];
  const ratio = canvases.map(sizeCanvas)[0];
  try {
    wasm.drawCharts(...canvases, json, ratio);
  } catch (e) {
    showAlert(`Could not draw the charts: ${e.message || e}`);
  }
  renderTable(doc, JSON.parse(wasm.scaling(json)));
  renderTimeline(doc);
}

// The timeline shows one point; the largest worker count unless one is chosen.
function renderTimeline(doc) {
  const select = $('timeline-k');
  const chosen = Number(select.value);
  const counts = doc.points.map((p) => p.workers);
  select.replaceChildren(...counts.map((k) => new Option(String(k), String(k))));
  $('timeline-area').hidden = counts.length === 0;
  if (counts.length === 0) return;
  const shown = counts.includes(chosen) ? chosen : Math.max(...counts);
  select.value = String(shown);
  const canvas = $('timeline');
  const ratio = sizeCanvas(canvas);
  try {
    wasm.drawTimeline(canvas, withPoints(doc, doc.points.filter((p) => p.workers === shown)), shown, ratio);
  } catch (e) {
    showAlert(`Could not draw the timeline: ${e.message || e}`);
  }
}

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function renderTable(doc, scaling) {
  const rows = doc.points.map((p) => {
    const s = scaling.find((r) => r.workers === p.workers);
    const tr = document.createElement('tr');
    tr.append(
      cell(String(p.workers)),
      cell(p.median_ms.toFixed(2)),
      cell(`${p.min_ms.toFixed(2)}–${p.max_ms.toFixed(2)}`),
      cell(s ? `${s.speedup.toFixed(2)}×` : '–'),
      cell(s ? `${(s.efficiency * 100).toFixed(0)}%` : '–'),
      cell(p.answer),
      cell(`${p.verified ? '✓' : '✗'} ${p.check}`, p.verified ? 'ok' : 'bad'),
      // Work stealing promises at most k threads, the other schedules exactly k.
      cell(String(p.threads_used), p.threads_used === p.workers || p.schedule === 'steal' ? '' : 'bad'),
      cell(p.startup_ms == null ? '–' : p.startup_ms.toFixed(1)),
    );
    return tr;
  });
  $('points').tBodies[0].replaceChildren(...rows);
}

// The Mandelbrot image, computed by the coordinator after a mandelbrot sweep.
function showPicture(side, rgba) {
  const canvas = $('picture');
  canvas.width = side;
  canvas.height = side;
  canvas.getContext('2d').putImageData(new ImageData(new Uint8ClampedArray(rgba), side, side), 0, 0);
  $('picture-area').hidden = false;
}

function exportJson() {
  if (!finished) return;
  const blob = new Blob([JSON.stringify(finished, null, 2)], { type: 'application/json' });
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  const c = finished.config;
  link.download = `corescope-${c.workload}-${c.model}-${new Date().toISOString().slice(0, 19).replace(/:/g, '')}.json`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

// ---- start ----------------------------------------------------------------

window.corescope = {
  lastRun: () => (finished ? structuredClone(finished) : null),
  state: () => root.dataset.state,
};

// The service worker caches the site for offline use and, on hosts that
// cannot send COOP/COEP, adds them: one reload then makes the page isolated.
// Resolves to true when the page is about to reload.
async function startServiceWorker() {
  if (!('serviceWorker' in navigator)) return false;
  try {
    const registration = await navigator.serviceWorker.register('sw.js');
    if (isolated || navigator.serviceWorker.controller) return false;
    const timeout = new Promise((resolve) => setTimeout(resolve, 5000));
    await Promise.race([navigator.serviceWorker.ready, timeout]);
    const reloadedOnce = sessionStorage.getItem('corescope-isolation-reload') !== null;
    if (!reloadedOnce && registration.active) {
      sessionStorage.setItem('corescope-isolation-reload', '1');
      location.reload();
      return true;
    }
  } catch {
    // No service worker (private mode, file:// …): the page works without it.
  }
  return false;
}

async function main() {
  const serviceWorker = startServiceWorker();
  await init();
  catalog = JSON.parse(wasm.catalog());
  fillSelect($('f-workload'), catalog.workloads.map((w) => w.name));
  fillSelect($('f-model'), catalog.models.map((m) => m.name));
  fillSelect($('f-schedule'), catalog.schedules);
  env.timerResolutionMs = timerResolutionMs();
  showEnv();

  $('f-workload').addEventListener('change', () => { presetN('quick'); showHelp(); });
  $('f-model').addEventListener('change', () => {
    const sequential = $('f-model').value === 'sequential';
    if (sequential) $('f-workers').value = '1';
    else if ($('f-workers').value === '1') $('f-workers').value = parse('').ok.config.workers.join(',');
  });
  let resizeTimer;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => { if (results) render(results); }, 150);
  });
  // A chunk typed for another size would be wrong for this one: back to the default.
  $('f-n').addEventListener('input', () => { $('f-chunk').value = ''; });
  $('preset-quick').addEventListener('click', () => presetN('quick'));
  $('preset-seed').addEventListener('click', () => presetN('seed'));
  $('stop').addEventListener('click', stop);
  $('timeline-k').addEventListener('change', () => { if (results) renderTimeline(results); });
  $('export').addEventListener('click', exportJson);
  $('controls').addEventListener('submit', (event) => {
    event.preventDefault();
    const parsed = parse(formQuery());
    if (parsed.error) {
      fail(`${parsed.error.param}: ${parsed.error.message}`);
      return;
    }
    start(parsed.ok.config);
  });

  const fromUrl = parse(location.search);
  if (fromUrl.error) {
    fillForm(parse('').ok.config);
    fail(`The link's parameter “${fromUrl.error.param}” was not accepted: ${fromUrl.error.message}. Nothing was run; the form shows the defaults.`);
    return;
  }
  fillForm(fromUrl.ok.config);
  // Start the pool early, while the visitor reads the page.
  if (isolated && needsPool(fromUrl.ok.config.model)) coordinatorFor(Math.max(...fromUrl.ok.config.workers));
  // Not isolated: the service worker may reload the page isolated; wait for it.
  if (!isolated && await serviceWorker) return;
  setState('idle');
  if (fromUrl.ok.autorun) start(fromUrl.ok.config);
}

main().catch((e) => fail(`The page could not start: ${e.message || e}`));
