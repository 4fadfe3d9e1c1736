// The watchdog. A run that stops making progress — a trap or a hang in a
// pool thread or a process Worker — would leave the page "running" forever.
// Every message from the coordinator re-arms this; silence for longer than
// 20 times the slowest run so far (and at least the floor: 60 s, or
// `watchdog=`) calls the page's handler. Before any run has finished there
// is nothing to scale with, so the page waits at least 10 min whatever the
// link says: a stranger's `watchdog=1` cannot end a healthy first run. Glue only.

// floorS: the URL's watchdog= (s); slowestMs: the slowest run so far (the
// coordinator's progress says); doing: what the page last said it was doing,
// as a function wording it in the page's language (null before the first word).
export const watchdog = { floorS: null, slowestMs: null, doing: null };

let timer = null;
let onSilence = null;   // (doing, seconds) => …, set by the page

export function onWatchdog(handler) {
  onSilence = handler;
}

export function armWatchdog() {
  clearTimeout(timer);
  const floorS = watchdog.slowestMs === null ? Math.max(600, watchdog.floorS ?? 0) : (watchdog.floorS ?? 60);
  const floorMs = 1000 * floorS;
  const allowMs = Math.max(floorMs, 20 * (watchdog.slowestMs ?? 0));
  timer = setTimeout(() => onSilence(watchdog.doing, Math.round(allowMs / 1000)), allowMs);
}

export function disarmWatchdog() {
  clearTimeout(timer);
  timer = null;
}
