// One "process": a Worker with its own instance of the plain build and its
// own memory. It is given the run's configuration once (parsed and checked
// in Rust then), and afterwards only ranges of units: it computes each and
// answers by message — nothing is shared.
import init, { ChunkRunner } from '../pkg/plain/corescope.js';

const ready = init();
let runner = null;
self.onmessage = async ({ data }) => {
  await ready;
  try {
    if (data.type === 'config') {
      runner = new ChunkRunner(data.config);
      self.postMessage({ type: 'configured' });
    } else {
      self.postMessage({ type: 'result', result: runner.run(data.first, data.end, data.worker) });
    }
  } catch (e) {
    self.postMessage({ type: 'error', message: String((e && e.message) || e) });
  }
};
ready.then(
  () => self.postMessage({ type: 'ready' }),
  (e) => self.postMessage({ type: 'error', message: `could not load the module: ${e.message || e}` }),
);
