// One "process": a Worker with its own instance of the plain build and its
// own memory. It is given the run's configuration once (parsed and checked
// in Rust then), and afterwards only ranges of units (for `copy`, with their
// input, transferred): it computes each and answers by message — nothing is
// shared. A `wait` request's wait is spent in this Worker's event loop
// (setTimeout): without shared memory a Worker cannot block, and while it
// waits it uses no CPU. Browsers clamp nested timers to at least 4 ms.
import init, { ChunkRunner } from '../pkg/plain/corescope.js';

// The page starts this Worker and hands it a MessagePort to the coordinator:
// everything after that goes through the port.
const ready = init();
let runner = null;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function handle(port, data) {
  try {
    if (data.type === 'config') {
      runner = new ChunkRunner(data.config);
      port.postMessage({ type: 'configured' });
    } else {
      if (data.input) runner.load(new Uint8Array(data.input), data.first, data.sentMs);
      runner.begin(data.first, data.end, data.worker, data.startAt ?? NaN);
      while (runner.computeNext()) await sleep(runner.waitMs);
      port.postMessage({ type: 'result', result: runner.finish() });
    }
  } catch (e) {
    port.postMessage({ type: 'error', message: String((e && e.message) || e) });
  }
}

self.onmessage = ({ data, ports }) => {
  if (data.type !== 'port') return;
  const [port] = ports;
  // One message at a time: the next chunk may arrive while a `wait` chunk
  // still waits, and must wait its turn (`handle` never rejects).
  let turn = Promise.resolve();
  port.onmessage = ({ data: message }) => { turn = turn.then(() => handle(port, message)); };
  ready.then(
    () => port.postMessage({ type: 'ready' }),
    (e) => port.postMessage({ type: 'error', message: `could not load the module: ${e.message || e}` }),
  );
};
