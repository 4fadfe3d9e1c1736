// One "process": a Worker with its own instance of the plain build and its
// own memory. It is given the run's configuration once (parsed and checked
// in Rust then), and afterwards only ranges of units (for `copy`, with their
// input, transferred): it computes each and answers by message — nothing is
// shared. A `wait` request's wait is spent in this Worker's event loop
// (setTimeout): without shared memory a Worker cannot block, and while it
// waits it uses no CPU.
import init, { ChunkRunner } from '../pkg/plain/corescope.js';

// The page starts this Worker and hands it a MessagePort to the coordinator:
// everything after that goes through the port.
const ready = init();
let runner = null;
// Browsers clamp a timer set from inside a timer's task to at least 4 ms
// once five are nested, so waiting request after request in timers alone
// made `wait_ms` = 1–3 cost 4 ms here (and not under threads). The timer is
// set from a message's task instead, which is never nested in a timer.
const hop = new MessageChannel();
let woken = null;
hop.port1.onmessage = () => woken();
const sleep = (ms) => new Promise((resolve) => {
  woken = () => setTimeout(resolve, ms);
  hop.port2.postMessage(null);
});

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
