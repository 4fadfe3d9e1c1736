// The service worker (served as /sw.js; `BUILD` is prepended by `xtask build`:
// the build's version, its files, and the headers the server sends). Two jobs:
// 1. Offline: every file of the build is cached at install; requests go to the
//    network first (so a new build is seen at once) and fall back to the cache.
// 2. Isolation where the host cannot send headers: responses get COOP, COEP,
//    CORP and the CSP added (the coi-serviceworker technique), so after one
//    reload the page is cross-origin isolated and threads work, and Worker
//    scripts get the CSP too. A hard reload bypasses it.
/* global BUILD */

const CACHE = `corescope-${BUILD.version}`;

self.addEventListener('install', (event) => {
  // `reload`: straight from the server, never an older copy from the HTTP cache.
  const requests = BUILD.files.map((url) => new Request(url, { cache: 'reload' }));
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(requests)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key.startsWith('corescope-') && key !== CACHE) await caches.delete(key);
    }
    // No clients.claim(): the page that installed it is not taken over
    // (a reload is, and that is all isolation needs). In Firefox a claim
    // waits on every client, and the pool's Workers, blocked for good in
    // Atomics.wait, are clients: it never ended, and every request the page
    // made after it (process Workers' scripts) waited for good.
  })());
});

function withIsolation(response) {
  if (response.status === 0) return response; // opaque: cannot be changed
  const headers = new Headers(response.headers);
  for (const [name, value] of BUILD.headers) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

async function respond(request) {
  try {
    return withIsolation(await fetch(request));
  } catch (offline) {
    // The page's own URLs carry a query (?workload=…): the cached page is the same file.
    const cached = await caches.match(request, { cacheName: CACHE, ignoreSearch: true });
    if (cached) return withIsolation(cached);
    throw offline;
  }
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(respond(request));
});
