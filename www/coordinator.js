// The coordinator Worker: runs sweeps off the main thread. When the page is
// cross-origin isolated it loads the threads build and starts the rayon pool
// (pool threads are nested Workers); otherwise the plain build. The
// processes model starts its own Workers (process-worker.js): k fresh ones
// per worker count to time their start-up, then one team for the runs.
// Glue only: what to run, in what order, and the checks are Rust's.

const isolated = self.crossOriginIsolated === true;
let wasm = null;
let poolThreads = 0;

const post = (message, transfer = []) => self.postMessage(message, transfer);
const now = () => performance.timeOrigin + performance.now();

async function load(poolSize) {
  if (!wasm) {
    wasm = isolated ? await import('../pkg/threads/corescope.js') : await import('../pkg/plain/corescope.js');
    await wasm.default();
  }
  if (isolated && poolSize > 0 && poolThreads === 0) {
    const t0 = performance.now();
    await wasm.initThreadPool(poolSize);
    poolThreads = poolSize;
    post({ type: 'pool', threads: poolSize, ms: performance.now() - t0 });
  }
  if (poolSize > poolThreads && isolated) {
    throw new Error(`the pool has ${poolThreads} threads and cannot grow to ${poolSize}`);
  }
}

// ---- processes: Workers with their own memory, talking by messages --------

function nextMessage(worker) {
  return new Promise((resolve, reject) => {
    worker.onmessage = ({ data }) => (data.type === 'error' ? reject(new Error(data.message)) : resolve(data));
    worker.onerror = (event) => reject(new Error(`a process Worker failed: ${event.message || 'unknown error'}`));
  });
}

const START_TIMEOUT_MS = 60_000;

// Starts k process Workers and waits until each has its module; on failure
// or time-out, none is left running.
async function startProcesses(k) {
  const t0 = performance.now();
  const workers = Array.from({ length: k }, () => new Worker(new URL('./process-worker.js', import.meta.url), { type: 'module' }));
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${k} process Workers did not start within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
  });
  try {
    await Promise.race([Promise.all(workers.map(nextMessage)), timeout]);
  } catch (e) {
    workers.forEach((w) => w.terminate());
    throw e;
  } finally {
    clearTimeout(timer);
  }
  return { workers, startupMs: performance.now() - t0 };
}

async function runProcesses(workers, config) {
  const plan = JSON.parse(wasm.planChunks(config, workers.length));
  const results = [];
  const start = now();
  const ask = async (index, [first, end]) => {
    const reply = nextMessage(workers[index]);
    workers[index].postMessage({ config, first, end, worker: index });
    results.push((await reply).result);
  };
  if (JSON.parse(config).schedule === 'static') {
    await Promise.all(plan.map((range, i) => ask(i, range)));
  } else {
    let next = 0;
    await Promise.all(workers.map(async (_, i) => {
      while (next < plan.length) await ask(i, plan[next++]);
    }));
  }
  const elapsed = now() - start;
  return wasm.mergeProcessRun(`[${results.join(',')}]`, start, elapsed);
}

// ---- a sweep ----------------------------------------------------------------
// Rounds: a warm-up round, then `repeats` rounds, each running every worker
// count once in a freshly shuffled order. Slow drift of the machine (other
// load, clock changes) then spreads over all k instead of biasing some.
// A point is sent after each of its runs, so it appears as soon as it is
// measured and is refined by every further repeat.

async function sweep(config) {
  const parsed = JSON.parse(config);
  const processes = parsed.model === 'processes';
  // Processes compute in the plain build; the rest here, in the build loaded.
  const build = processes || !wasm.isThreadsBuild() ? 'plain' : 'threads';
  post({ type: 'started', build, usesPool: !processes && poolThreads > 0 && parsed.model !== 'sequential' });
  post({ type: 'progress', text: 'Computing the reference answer…', done: 0, total: 1 });
  const reference = wasm.referenceFor(config);
  const seed = (Math.random() * 2 ** 32) >>> 0;
  const counts = parsed.workers;
  const total = counts.length * (parsed.repeats + 1);
  let done = 0;
  const progress = (text) => post({ type: 'progress', text, done, total });

  // Processes: the start-up of k fresh Workers is timed once per k, apart
  // from the compute; the runs then use the first k Workers of one team.
  const startup = new Map();
  let team = [];
  try {
    if (processes) {
      for (const k of counts) {
        progress(`Timing the start of ${k} process Workers…`);
        const fresh = await startProcesses(k);
        startup.set(k, fresh.startupMs);
        fresh.workers.forEach((w) => w.terminate());
      }
      team = (await startProcesses(Math.max(...counts))).workers;
    }
    const runOnce = (k) => (processes ? runProcesses(team.slice(0, k), config) : wasm.runHere(config, k));
    const runs = new Map(counts.map((k) => [k, []]));
    for (let round = 0; round <= parsed.repeats; round++) {
      for (const k of wasm.sweepOrder(config, (seed + round) >>> 0)) {
        progress(round === 0 ? `Warm-up, k = ${k}` : `Round ${round} of ${parsed.repeats}, k = ${k}`);
        const record = await runOnce(k);
        done++;
        if (round > 0) {
          // The point for k, with every repeat so far: it appears as soon as it is measured.
          runs.get(k).push(record);
          post({ type: 'point', point: wasm.summarizePoint(config, k, `[${runs.get(k).join(',')}]`, reference, startup.get(k)) });
          // Drawing the charts costs CPU: let the page finish before the next measured run.
          await pageHasDrawn();
        }
      }
    }
  } finally {
    team.forEach((w) => w.terminate());
  }
  if (parsed.workload === 'mandelbrot') {
    // Drawn here, not on the main thread; a copy, never a view on shared memory.
    const side = Math.min(parsed.n, 512);
    const rgba = wasm.mandelbrotPicture(side).buffer;
    post({ type: 'picture', side, rgba }, [rgba]);
  }
  post({ type: 'done' });
}

// The page answers every point with 'drawn' once its charts are painted;
// a page that does not answer (a hidden tab) holds a run back 1 s at most.
let drawn = null;
function pageHasDrawn() {
  return new Promise((resolve) => {
    drawn = resolve;
    setTimeout(resolve, 1000);
  });
}

// Messages are handled one at a time, in order ('drawn' at once: a sweep awaits it).
let queue = Promise.resolve();
self.onmessage = ({ data }) => {
  if (data.type === 'drawn') {
    drawn?.();
    drawn = null;
    return;
  }
  queue = queue.then(async () => {
    try {
      if (data.type === 'init') await load(data.poolSize);
      if (data.type === 'run') {
        await load(data.poolSize);
        await sweep(data.config);
      }
    } catch (e) {
      post({ type: 'error', message: String((e && e.message) || e) });
    }
  });
};
