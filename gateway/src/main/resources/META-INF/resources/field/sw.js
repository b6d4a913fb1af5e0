// The field app's service worker. The gateway serves this file at /field/sw.js with the app's version and the list
// of the app's files filled in (org.frontline.gateway.web.FieldApp), so any change to the app is a new worker.
// It precaches the app shell and serves it cache-first; it never touches /api/, /config.json, Keycloak or any other
// origin (those always go to the network). A new worker waits until the page asks it to take over
// ({type:'activate-update'}), which the page does only when no form holds unsaved input.
import { syncNow } from './js/sync.js';

const VERSION = '__FIELD_VERSION__';
const SHELL = __FIELD_SHELL__;
const CACHE = 'frontline-field-' + VERSION;

self.addEventListener('install', event => {
  event.waitUntil(caches.open(CACHE)
    .then(cache => cache.addAll(SHELL.map(path => new Request(path, { cache: 'reload' })))));
});

self.addEventListener('activate', event => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('frontline-field-') && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

/** Only the app's own files: same origin, under /field/, and never the API, the config or the worker itself. */
function isShell(url) {
  if (url.origin !== self.location.origin) return false;
  if (url.pathname.startsWith('/api/') || url.pathname === '/config.json') return false;
  return url.pathname.startsWith('/field/') && url.pathname !== '/field/sw.js';
}

self.addEventListener('fetch', event => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (!isShell(url)) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    // a navigation (also the return from the sign-in page, /field/?code=…) gets the app's one page
    const key = request.mode === 'navigate' ? '/field/' : url.pathname;
    const hit = await cache.match(key, { ignoreSearch: true });
    return hit || fetch(request);
  })());
});

self.addEventListener('message', event => {
  const data = event.data || {};
  if (data.type === 'activate-update') self.skipWaiting();
  if (data.type === 'version' && event.ports[0]) event.ports[0].postMessage({ version: VERSION });
});

// Background Sync: an open page does the work (it owns the status bar and the lock); with no page open the worker
// sends the outbox itself. A failure (still offline, server away) makes the browser try again later.
self.addEventListener('sync', event => {
  if (event.tag !== 'outbox') return;
  event.waitUntil((async () => {
    const pages = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
    if (pages.length) {
      pages[0].postMessage({ type: 'sync' });
      return;
    }
    const result = await syncNow();
    if (result.waiting > 0 && !result.signInNeeded) throw new Error('outbox still waiting');
  })());
});
