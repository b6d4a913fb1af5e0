// The app's one IndexedDB database, raw IndexedDB behind promises. Works in the page and in the service worker.
// Stores: outbox (keyPath id; the records waiting to be sent and the receipts of those sent), work (the cached work
// list of a community, keyPath community), session (tokens, a sign-in in progress; keyPath key), meta (language,
// chosen community, last login; keyPath key).

const NAME = 'frontline-field';
const VERSION = 1;
let opened = null;

export function open() {
  if (opened) return opened;
  opened = new Promise((resolve, reject) => {
    const req = indexedDB.open(NAME, VERSION);
    req.onupgradeneeded = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains('outbox')) {
        db.createObjectStore('outbox', { keyPath: 'id' }).createIndex('createdAt', 'createdAt');
      }
      if (!db.objectStoreNames.contains('work')) db.createObjectStore('work', { keyPath: 'community' });
      if (!db.objectStoreNames.contains('session')) db.createObjectStore('session', { keyPath: 'key' });
      if (!db.objectStoreNames.contains('meta')) db.createObjectStore('meta', { keyPath: 'key' });
    };
    req.onsuccess = () => {
      const db = req.result;
      // another tab or a new worker upgrading the schema: let it, this connection reopens on next use
      db.onversionchange = () => { db.close(); opened = null; };
      resolve(db);
    };
    req.onerror = () => { opened = null; reject(req.error); };
    req.onblocked = () => reject(new Error('IndexedDB blocked by another connection'));
  });
  return opened;
}

function wrap(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/**
 * Runs work(stores…) in one transaction and resolves with its result only once the transaction committed
 * (oncomplete): "saved" means on disk, not merely queued.
 */
export async function transaction(storeNames, mode, work) {
  const db = await open();
  const names = Array.isArray(storeNames) ? storeNames : [storeNames];
  return new Promise((resolve, reject) => {
    const tx = db.transaction(names, mode, { durability: 'strict' });
    let result;
    tx.oncomplete = () => resolve(result);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error || new Error('transaction aborted'));
    Promise.resolve(work(...names.map(n => tx.objectStore(n)))).then(r => { result = r; }, e => {
      try { tx.abort(); } catch (ignored) { /* already finished */ }
      reject(e);
    });
  });
}

export const get = (store, key) => transaction(store, 'readonly', s => wrap(s.get(key)));
export const all = store => transaction(store, 'readonly', s => wrap(s.getAll()));
export const put = (store, value) => transaction(store, 'readwrite', s => { s.put(value); return value; });
export const putAll = (store, values) => transaction(store, 'readwrite', s => { values.forEach(v => s.put(v)); return values; });
export const remove = (store, key) => transaction(store, 'readwrite', s => { s.delete(key); });

/** A value of the key/value stores (session, meta). */
export async function value(store, key) {
  const row = await get(store, key);
  return row ? row.value : undefined;
}

export const setValue = (store, key, v) => put(store, { key, value: v });
