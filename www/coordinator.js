// The coordinator Worker: runs sweeps off the main thread. When the page is
// cross-origin isolated it loads the threads build and starts the rayon pool
// on its pool Workers (pool-thread.js); otherwise the plain build. The
// processes model has the page start its Workers (process-worker.js): k
// fresh ones per worker count to time their start-up, then one team for
// the runs, reached through MessagePorts.
// Glue only: what to run, in what order, and the checks are Rust's.

const isolated = self.crossOriginIsolated === true;
let wasm = null;
let poolThreads = 0;

const post = (message, transfer = []) => self.postMessage(message, transfer);

// A failure of this Worker's own, named by its key in the page's text (the
// page words it in its language; `why`: the browser's words, if any).
class Failure extends Error {
  constructor(key, values = {}) {
    super(key);
    this.key = key;
    this.values = values;
  }
}
const now = () => performance.timeOrigin + performance.now();

// The build's wasm is requested at once, while its glue loads.
const wasmResponse = fetch(new URL(`../pkg/${isolated ? 'threads' : 'plain'}/corescope_bg.wasm`, import.meta.url));
wasmResponse.catch(() => {});   // a failure is reported when init awaits it

// The pool's Workers (pool-thread.js) are started as soon as a pool is
// asked for, before this Worker has its build: their start-up and glue
// overlap its own. They are this Worker's (nested), so the page keeps
// one handle, the coordinator, and terminating it ends them.
const poolWorkers = [];

function startPoolWorkers(count) {
  while (poolWorkers.length < count) {
    poolWorkers.push(new Worker(new URL('./pool-thread.js', import.meta.url), { type: 'module' }));
  }
}

// How many pool Workers to start for `poolSize` before the build can say
// what 'default' is (Rust's defaultPoolSize: 2 × hardwareConcurrency, at
// most config::MAX_WORKERS = 64). Only a head start: startPool makes the
// count right.
function poolWorkersFor(poolSize) {
  return poolSize === 'default' ? Math.min(2 * (navigator.hardwareConcurrency || 1), 64) : poolSize;
}

async function load(poolSize) {
  if (!wasm) {
    wasm = isolated ? await import('../pkg/threads/corescope.js') : await import('../pkg/plain/corescope.js');
    const instance = await wasm.default({ module_or_path: wasmResponse });
    // The threads build's memory is shared: the page keeps a handle, so its
    // Stop can set the engine's stop flag while a run blocks this Worker.
    if (wasm.isThreadsBuild()) post({ type: 'memory', memory: instance.memory, stopFlag: wasm.stopFlagAddress() });
  }
  // 'default' (from early.js, before the page has read its URL): the default sweep's pool.
  if (poolSize === 'default') poolSize = isolated ? wasm.defaultPoolSize(navigator.hardwareConcurrency || 1) : 0;
  if (isolated && poolSize > 0 && poolThreads === 0) {
    const t0 = performance.now();
    await startPool(poolSize);
    poolThreads = poolSize;
    post({ type: 'pool', threads: poolSize, ms: performance.now() - t0, at: now() });
  }
  if (poolSize > poolThreads && isolated) {
    throw new Failure('fail.pool-grow', { threads: poolThreads, n: poolSize });
  }
}

// Rust's PoolStart on the pool Workers: each gets this build's module, its
// shared memory and the pool's queue, instantiates and waits at the queue
// (Rust counts those waiting; a Worker about to block says nothing by
// message). Then the pool is built and its threads run in them.
async function startPool(size) {
  startPoolWorkers(size);
  poolWorkers.splice(size).forEach((worker) => worker.terminate());
  const start = new wasm.PoolStart(size);
  try {
    const message = { module: start.module, memory: start.memory, queue: start.queue };
    await new Promise((resolve, reject) => {
      for (const worker of poolWorkers) {
        worker.onmessage = ({ data }) => reject(new Failure('fail.pool-worker', { why: data.message }));
        worker.onerror = (event) => {
          event.preventDefault();
          reject(new Failure('fail.pool-worker', { why: event.message }));
        };
        worker.postMessage(message);
      }
      const check = () => (start.waiting >= size ? resolve() : setTimeout(check, 1));
      check();
    });
    start.build();
  } finally {
    start.free();
  }
}

// ---- processes: Workers with their own memory, talking by messages --------

// `worker` is the coordinator's end of a process Worker's MessagePort: a
// port has no error event (a Worker that fails is reported to the page by
// its Worker object, workers.js), only messages that cannot be read.
function nextMessage(worker) {
  return new Promise((resolve, reject) => {
    worker.onmessage = ({ data }) => (data.type === 'error' ? reject(new Error(data.message)) : resolve(data));
    worker.onmessageerror = () => reject(new Failure('fail.unreadable'));
  });
}

const START_TIMEOUT_MS = 60_000;

// Process Workers are created by the page, not here: in Firefox a Worker
// that creates Workers can block for good while anything watches Workers
// (DevTools, WebDriver BiDi; ARCHITECTURE.md, "Firefox and watched
// Workers"). This Worker asks for a team, the page starts it and hands over
// one MessagePort per process; a team is ended by asking the page again.
let lastTeam = 0;
const teamsAsked = new Map();   // id → resolve(ports)

function askPageForTeam(count) {
  const id = ++lastTeam;
  const ports = new Promise((resolve) => teamsAsked.set(id, resolve));
  post({ type: 'spawn', id, count });
  return { id, ports };
}

function endTeam(team) {
  if (!team) return;
  team.ports.forEach((port) => port.close());
  post({ type: 'end-team', id: team.id });
}

// Starts k process Workers and waits until each has its module (the hop
// through the page is part of the start-up timed); on failure or time-out,
// none is left running.
async function startProcesses(k) {
  const t0 = performance.now();
  const asked = askPageForTeam(k);
  const team = { id: asked.id, ports: [] };
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Failure('fail.processes-start', { n: k, s: START_TIMEOUT_MS / 1000 })), START_TIMEOUT_MS);
  });
  try {
    await Promise.race([(async () => {
      team.ports = await asked.ports;
      await Promise.all(team.ports.map(nextMessage));
    })(), timeout]);
  } catch (e) {
    teamsAsked.delete(team.id);
    endTeam(team);
    throw e;
  } finally {
    clearTimeout(timer);
  }
  return { team, startupMs: performance.now() - t0 };
}

// The replies of one process Worker, in the order it sends them (a Worker
// holding several chunks can answer twice before its first answer is read).
function inbox(worker) {
  const arrived = [];
  let failure = null;
  let wake = () => {};
  worker.onmessage = ({ data }) => {
    if (data.type === 'error') failure = new Error(data.message);
    else arrived.push(data);
    wake();
  };
  worker.onmessageerror = () => {
    failure = new Failure('fail.unreadable');
    wake();
  };
  return async function next() {
    for (;;) {
      if (failure) throw failure;
      if (arrived.length > 0) return arrived.shift();
      await new Promise((resolve) => { wake = resolve; });
    }
  };
}

// One processes run of a point: Rust's ProcessRun says which chunk each
// Worker gets next and when (static: block i to Worker i; dynamic: the next
// chunks to whoever answers, a few held ahead in its queue so no Worker
// idles while messages travel; src/handout.rs), and keeps the answers, read
// when the run is recorded.
// `slicer` (Rust's InputSlicer) gives `copy`'s input for each chunk: copied
// out of this Worker's memory and then transferred (moved, not copied again)
// to the process, inside the timed run, as multiprocessing pickles a task's
// arguments; the process times the transfer up to its own copy.
// The run's clock starts at its starting gun, `run.leadMs` ahead: each
// Worker's first chunk carries that time and begins at it, so the message
// and an idle Worker's wake-up are not timed as work (0 for `copy`, whose
// sending is part of the run).
async function runProcesses(workers, driver, slicer) {
  const run = driver.processRun();
  try {
    return await timeProcesses(run, workers, driver, slicer);
  } finally {
    run.free();
  }
}

async function timeProcesses(run, workers, driver, slicer) {
  const results = [];
  const start = now() + run.leadMs;
  const gun = run.leadMs > 0 ? start : undefined;
  const inboxes = workers.map(inbox);
  const held = workers.map(() => 0);
  // Each Worker's first chunk carries the starting gun.
  const gunFor = workers.map(() => gun);
  const post = (index, first, end) => {
    const worker = workers[index];
    if (slicer.sends) {
      const sentMs = now();
      const input = slicer.bytes(first, end).buffer;
      worker.postMessage({ first, end, worker: index, input, sentMs }, [input]);
    } else {
      worker.postMessage({ first, end, worker: index, startAt: gunFor[index] });
    }
    gunFor[index] = undefined;
    held[index] += 1;
  };
  const send = (index) => {
    const range = run.nextFor(index, held[index]);
    if (!range) return false;
    post(index, range[0], range[1]);
    return true;
  };
  const opening = run.opening();
  for (let i = 0; i < opening.length; i += 3) post(opening[i], opening[i + 1], opening[i + 2]);
  await Promise.all(inboxes.map(async (next, index) => {
    while (held[index] > 0) {
      results.push((await next()).result);
      held[index] -= 1;
      while (send(index));
    }
  }));
  const elapsed = now() - start;
  for (const result of results) run.add(result);
  return driver.recordProcesses(run, start, elapsed);
}

// ---- a sweep ----------------------------------------------------------------
// Rust's Sweep owns its course: a warm-up round, then `repeats` rounds, each
// running every point (worker count × model × chunk size) once in a freshly
// shuffled order, so slow drift of the machine spreads over all points (in
// the warm-up, a point runs again until it is warm). This loop asks it what
// to run, runs it, and hands the record back; a point comes back after each
// of its runs, so it appears as soon as it is measured.

// Seconds left, from the average time of the runs so far (null before the first).
function secondsLeft(started, done, total) {
  return done === 0 ? null : ((performance.now() - started) / done) * (total - done) / 1000;
}

// Runs estimated to take longer than this are not started without asking.
const ASK_ABOVE_MS = 60_000;

async function sweep(config, hang, confirmed) {
  if (!confirmed) {
    const estimateMs = wasm.estimateSweepMs(config, navigator.hardwareConcurrency || 1);
    if (estimateMs > ASK_ABOVE_MS) {
      post({ type: 'confirm', estimateMs });
      return;
    }
  }
  post({ type: 'progress', key: 'status.reference', done: 0, total: 1 });
  const driver = new wasm.Sweep(config, (Math.random() * 2 ** 32) >>> 0);
  // Processes compute in the plain build; the rest here, in the build loaded.
  const pooled = driver.usesPool;
  post({ type: 'started', build: pooled && wasm.isThreadsBuild() ? 'threads' : 'plain', usesPool: pooled && poolThreads > 0 });
  let done = 0;           // points done, as Rust counts them (a warm-up is one)
  const total = driver.total;
  let slowestMs = null;   // the longest run so far: the page's watchdog scales with it
  const started = performance.now();
  // The page words it: `key` names the sentence, `values` fill it.
  const progress = (key, values) => post({ type: 'progress', key, values, done, total, secondsLeft: secondsLeft(started, done, total), slowestMs });

  // Processes: the runs use the first k Workers of one team, started first
  // and untimed, so what a browser does once for its first process Worker
  // (fetching and compiling its script and module) is in no sample. Then
  // fresh teams of k Workers are started and timed, apart from the compute,
  // in the order Rust gives (several samples of each k).
  let team = null;
  let slicer = null;
  let pictureSide;
  try {
    if (driver.usesProcesses) team = (await startProcesses(driver.teamSize)).team;
    // A browser is still busy starting for a while after this Worker began
    // (Rust's QUIET_AFTER_START_MS): nothing is timed, not even start-ups, and
    // nothing run, not even the warm-up, before then.
    const holdMs = driver.holdMs(performance.now());
    if (holdMs > 0) {
      progress('status.settling', {});
      await new Promise((resolve) => setTimeout(resolve, holdMs));
    }
    if (driver.usesProcesses) {
      for (const k of driver.startupOrder) {
        progress('status.startup', { k });
        const fresh = await startProcesses(k);
        driver.addStartup(k, fresh.startupMs);
        endTeam(fresh.team);
      }
      // Each process gets the configuration once, before anything is timed.
      await Promise.all(team.ports.map((w) => {
        const configured = nextMessage(w);
        w.postMessage({ type: 'config', config });
        return configured;
      }));
      slicer = new wasm.InputSlicer(config);
    }
    while (driver.next()) {
      ({ done } = driver);
      const { round } = driver;
      progress(round === 0 ? 'status.warmup' : 'status.round', { round, rounds: driver.rounds, workers: driver.cellWorkers, model: driver.cellModel, chunk: driver.cellChunk });
      // Painting costs CPU, and goes on after the page's script (raster,
      // compositing): the page has painted all it was told, and settled,
      // before a measured run starts (warm-up runs need not wait).
      if (round > 0) await pageHasPainted();
      const runStarted = performance.now();
      // Made and recorded in Rust: after the warm-up, the point so far (a message for the page).
      const point = driver.isProcesses
        ? await runProcesses(team.ports.slice(0, driver.workers), driver, slicer)
        : driver.runHere();
      slowestMs = Math.max(slowestMs ?? 0, performance.now() - runStarted);
      // Test hook (test_hang=1): stop answering, as a hung pool thread would.
      if (hang && round > 0) await new Promise(() => {});
      if (point !== undefined) post({ type: 'point', point }, [point.buffer]);
    }
    pictureSide = driver.pictureSide;
  } finally {
    endTeam(team);
    slicer?.free();
    driver.free();
  }
  if (pictureSide !== undefined) {
    // Drawn here, not on the main thread; a copy, never a view on shared memory.
    const rgba = wasm.mandelbrotPicture(pictureSide).buffer;
    post({ type: 'picture', side: pictureSide, rgba }, [rgba]);
  }
  post({ type: 'done' });
}

// The page answers 'paint' with 'painted' (the same id) once what it was
// told before is on screen and settled; a page that does not answer (a
// hidden tab) holds a run back 1 s at most, and a late answer is ignored.
let painted = null;   // { id, resolve }
let lastPaint = 0;
function pageHasPainted() {
  return new Promise((resolve) => {
    painted = { id: ++lastPaint, resolve };
    post({ type: 'paint', id: lastPaint });
    setTimeout(resolve, 1000);
  });
}

// Work is done one piece at a time, in order; a failure is reported to the page.
let queue = Promise.resolve();
function enqueue(job) {
  queue = queue.then(async () => {
    try {
      await job();
    } catch (e) {
      post(e instanceof Failure ? { type: 'error', key: e.key, values: e.values } : { type: 'error', message: String((e && e.message) || e) });
    }
  });
}

// 'painted' and 'spawned' are handled at once: a sweep awaits them.
self.onmessage = ({ data }) => {
  if (data.type === 'painted') {
    if (painted?.id === data.id) painted.resolve();
  } else if (data.type === 'spawned') {
    teamsAsked.get(data.id)?.(data.ports);
    teamsAsked.delete(data.id);
  } else if (data.type === 'run') {
    enqueue(async () => {
      await load(data.poolSize);
      await sweep(data.config, data.hang === true, data.confirmed === true);
    });
  }
};

// The pool this Worker was started for comes in its name, `pool=<size>` or
// `pool=default` (early.js: Rust's defaultPoolSize), not in a message: in
// Chromium a message posted to a Worker that is still starting waits for
// the page's main thread to forward it, which while the page loads took
// 50–80 ms. Its Workers start now; the pool once the build is loaded.
const poolAsked = /^pool=(default|[1-9][0-9]*)$/.exec(self.name);
if (poolAsked) {
  const poolSize = poolAsked[1] === 'default' ? 'default' : Number(poolAsked[1]);
  if (isolated) startPoolWorkers(poolWorkersFor(poolSize));
  enqueue(() => load(poolSize));
}
