// The Workers the page keeps: the coordinator (and, inside it, the rayon
// pool) and the process Workers it asks for. Starting, adopting and ending
// them; what they say goes to main.js's hooks. Glue only.

import { failure } from './i18n.js';

const isolated = self.crossOriginIsolated === true;

// How long the pool or the process Workers may take to start before the page gives up.
const START_TIMEOUT_MS = 60_000;

export let coordinator = null;  // { worker, poolSize, poolTimer, memory?, stopFlag? }
// The process Workers started here for the coordinator, by team id: a Worker
// creating Workers can hang Firefox while DevTools (or WebDriver BiDi) watch
// Workers, so the page creates them and hands the coordinator MessagePorts.
const processTeams = new Map();

// main.js's: onMessage(message), fail(words: a string or a function wording it), showPool(key, values), dropped().
let hooks = null;

export function connectWorkers(pageHooks) {
  hooks = pageHooks;
}

// The coordinator for a run needing a pool of `poolSize` threads (0: none).
// A pool cannot grow, so a larger one means a new coordinator.
export function coordinatorFor(poolSize) {
  if (coordinator && coordinator.poolSize >= poolSize) return coordinator;
  dropCoordinator();
  return spawnCoordinator(poolSize);
}

// Isolated, its pool is asked for in its name (coordinator.js reads it as it
// starts) and awaited.
function spawnCoordinator(poolSize) {
  const withPool = isolated && poolSize > 0;
  const options = withPool ? { type: 'module', name: `pool=${poolSize}` } : { type: 'module' };
  const current = adoptCoordinator(new Worker(new URL('./coordinator.js', import.meta.url), options), poolSize);
  if (withPool) awaitPool(current);
  return current;
}

function adoptCoordinator(worker, poolSize) {
  const current = { worker, poolSize, poolTimer: null };
  coordinator = current;
  // Events from a coordinator that was replaced or stopped are ignored.
  worker.onmessage = ({ data }) => { if (coordinator === current) hooks.onMessage(data); };
  worker.onerror = (event) => {
    if (coordinator !== current) return;
    event.preventDefault(); // handled: reported in the alert below
    dropCoordinator();
    hooks.fail(failure('fail.coordinator', { why: event.message }));
  };
  return current;
}

// Isolated, a run will want the threads build: the coordinator early.js
// started while the page loaded has been starting the default sweep's pool
// (`poolSize`, Rust's defaultPoolSize) since then; else one is started now. What it
// said before main.js listened is handled now, in order.
export function adoptEarlyCoordinator(poolSize) {
  const early = self.corescopeEarlyCoordinator;
  delete self.corescopeEarlyCoordinator;
  if (!early) {
    spawnCoordinator(poolSize);
    return;
  }
  const current = adoptCoordinator(early.worker, poolSize);
  awaitPool(current);
  const { onmessage, onerror } = early.worker;
  for (const event of early.events) (event.type === 'error' ? onerror : onmessage)(event);
}

// Shows the pool starting, and gives up on it if it is not ready in time.
function awaitPool(current) {
  const { poolSize } = current;
  hooks.showPool('pool.starting', { n: poolSize });
  current.poolTimer = setTimeout(() => {
    if (coordinator !== current) return;
    dropCoordinator();
    hooks.fail(failure('fail.pool-start', { n: poolSize, s: START_TIMEOUT_MS / 1000 }));
  }, START_TIMEOUT_MS);
}

export function dropCoordinator() {
  if (!coordinator) return;
  clearTimeout(coordinator.poolTimer);
  // Terminating the coordinator does not stop its pool threads at once (they
  // finish what they run, seconds later): the stop flag in the shared memory
  // makes them skip every chunk not yet begun, so a new run measures alone.
  if (coordinator.memory) Atomics.store(new Int32Array(coordinator.memory.buffer, coordinator.stopFlag, 1), 0, 1);
  coordinator.worker.terminate();
  coordinator = null;
  endProcessTeams();
  hooks.dropped();
}

// A team of `count` process Workers for the coordinator: each gets one end
// of a MessageChannel, the coordinator the other ends.
export function startProcessTeam(id, count) {
  const workers = [];
  const ports = [];
  for (let i = 0; i < count; i++) {
    const worker = new Worker(new URL('./process-worker.js', import.meta.url), { type: 'module' });
    const channel = new MessageChannel();
    worker.postMessage({ type: 'port' }, [channel.port1]);
    worker.onerror = (event) => {
      event.preventDefault(); // handled: reported in the alert below
      dropCoordinator();
      hooks.fail(failure('fail.process', { why: event.message }));
    };
    workers.push(worker);
    ports.push(channel.port2);
  }
  processTeams.set(id, workers);
  coordinator.worker.postMessage({ type: 'spawned', id, ports }, ports);
}

export function endProcessTeam(id) {
  processTeams.get(id)?.forEach((worker) => worker.terminate());
  processTeams.delete(id);
}

function endProcessTeams() {
  for (const id of [...processTeams.keys()]) endProcessTeam(id);
}
