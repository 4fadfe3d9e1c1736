// A thread of the rayon pool (threads build): a Worker the coordinator
// starts as soon as a pool is asked for, so its start-up and the glue's
// download overlap the coordinator's own. The coordinator then sends its
// module, shared memory and pool queue (Rust's PoolStart); this Worker
// instantiates the build on that memory, waits at the queue, and from then
// on runs rayon's thread for good (src/web/pool_start.rs). Glue only.
const glue = import('../pkg/threads/corescope.js');

self.onmessage = async ({ data: { module, memory, queue } }) => {
  self.onmessage = null;
  let wasm;
  try {
    wasm = await glue;
    await wasm.default({ module_or_path: module, memory });
  } catch (e) {
    self.postMessage({ type: 'error', message: String((e && e.message) || e) });
    return;
  }
  // Blocks for good: the coordinator sees this Worker at the queue in the shared memory.
  wasm.runPoolThread(queue);
};
