// The field app's service worker. The gateway serves this file at /field/sw.js with the app's version and the list
// of the app's files filled in (org.frontline.gateway.web.FieldApp), so any change to the app is a new worker.
// It precaches the app shell and serves it cache-first; it never touches /api/, /config.json, Keycloak or any other
// origin (those always go to the network). The install fetches every file of the shell itself, past the HTTP cache,
// and keeps them only if each one came with this worker's version (X-Field-Version, set by the gateway on every
// /field/ response): with two gateways in a rolling update a file of the other version fails the install, and the
// browser installs again later, so the phone never runs a mix of versions offline. A new worker waits until the page
// asks it to take over ({type:'activate-update'}), which the page does only when no form holds unsaved input.
import { syncNow } from './js/sync.js';

const VERSION = '__FIELD_VERSION__';
const SHELL = __FIELD_SHELL__;
const CACHE = 'frontline-field-' + VERSION;

self.addEventListener('install', event => {
  event.waitUntil(precache());
});

/** Every file of the shell, all of this version, into this version's cache; any other outcome rejects the install. */
async function precache() {
  const responses = await Promise.all(SHELL.map(async path => {
    const response = await fetch(path, { cache: 'no-store', credentials: 'same-origin' });
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
    if (response.headers.get('X-Field-Version') !== VERSION) {
      throw new Error(`${path}: version ${response.headers.get('X-Field-Version')}, not ${VERSION}`);
    }
    return [path, response];
  }));
  try {
    const cache = await caches.open(CACHE);
    await Promise.all(responses.map(([path, response]) => cache.put(path, response)));
  } catch (e) {
    await caches.delete(CACHE); // no half-filled cache of this version is left behind
    throw e;
  }
}

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

// Background Sync: a visible page of the app is asked to send and answers with the result; without one the worker
// sends the outbox itself (the Web Lock in sync.js runs one sync at a time across the pages and the worker; an open
// page redraws when told the outbox changed). Records still waiting (offline, the server away or refusing for a
// reason of its own) reject the event, so the browser tries again later; a sign-in needed does not, as only the
// worker's sign-in helps.
self.addEventListener('sync', event => {
  if (event.tag !== 'outbox') return;
  event.waitUntil((async () => {
    let result;
    try {
      // an open, visible page of the app sends itself (it owns the screen, and its network is the one the phone
      // shows); the worker waits for its answer. No such page: the worker sends
      result = (await askPage()) || await syncNow();
    } finally {
      outboxChanged();
    }
    if (result.waiting > 0 && !result.signInNeeded) throw new Error('outbox still waiting');
  })());
});

/** The result of a sync run by a visible page of the app, or null (no such page, or no answer within a minute). */
async function askPage() {
  const pages = (await self.clients.matchAll({ type: 'window' })).filter(c =>
    new URL(c.url).pathname.startsWith('/field/') && c.visibilityState === 'visible');
  if (!pages.length) return null;
  const channel = new MessageChannel();
  const answer = new Promise(resolve => { channel.port1.onmessage = ev => resolve(ev.data || null); });
  pages[0].postMessage({ type: 'sync' }, [channel.port2]);
  return Promise.race([answer, new Promise(resolve => setTimeout(() => resolve(null), 60000))]);
}

function outboxChanged() {
  try {
    const ch = new BroadcastChannel('frontline-field');
    ch.postMessage({ type: 'outbox-changed' });
    ch.close();
  } catch (e) { /* no BroadcastChannel: the pages refresh on their own timer */ }
}
