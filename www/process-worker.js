// One "process": a Worker with its own instance of the plain build and its
// own memory. It receives a range of units by message, computes it, and
// answers by message — nothing is shared.
import init, { runChunk } from '../pkg/plain/corescope.js';

const ready = init();
self.onmessage = async ({ data }) => {
  await ready;
  try {
    self.postMessage({ type: 'result', result: runChunk(data.config, data.first, data.end, data.worker) });
  } catch (e) {
    self.postMessage({ type: 'error', message: String((e && e.message) || e) });
  }
};
ready.then(
  () => self.postMessage({ type: 'ready' }),
  (e) => self.postMessage({ type: 'error', message: `could not load the module: ${e.message || e}` }),
);
