// The first script the page runs, before its modules load: on an isolated
// page (where runs use the threads build) it starts the coordinator Worker
// at once, asking it for the pool the default sweep needs, so its start-up,
// the pool Workers' and the threads build's download and compile overlap
// the page's own loading. main.js adopts it (or, when this did not run,
// starts its own). A classic script: modules run only after the whole
// document is parsed. Glue only: no decision is made here.
if (self.crossOriginIsolated === true && typeof Worker === 'function') {
  // Its pool, the size the default sweep needs (Rust's defaultPoolSize), is
  // asked for in its name: the coordinator reads it as it starts.
  const worker = new Worker(new URL('coordinator.js', document.currentScript.src), { type: 'module', name: 'pool=default' });
  // What it says before main.js listens is kept for main.js to hand to its own handlers.
  const early = { worker, events: [] };
  worker.onmessage = (event) => early.events.push(event);
  worker.onerror = (event) => {
    event.preventDefault();
    early.events.push(event);
  };
  self.corescopeEarlyCoordinator = early;
}
