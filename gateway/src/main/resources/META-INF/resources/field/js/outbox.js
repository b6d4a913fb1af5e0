// The outbox: every fact the worker enters becomes a record here first, with its id, its idempotency key and the
// time it happened fixed at save. add() resolves only after the IndexedDB transaction committed, so "saved" on the
// screen means saved on the phone. Works in the page and in the service worker.
import * as db from './db.js';

export const KINDS = ['screening', 'visit', 'household', 'resident', 'check-in', 'correction', 'resident-update'];
/** The field of a request body that carries the time it happened. */
const TIME_FIELD = { screening: 'screenedAt', visit: 'visitedAt', 'check-in': 'checkedInAt' };
/** Record fields that may name another record of the outbox not sent yet, the nearest first (it becomes dependsOn). */
const REFERENCES = ['screeningId', 'residentId', 'householdId'];
const EXTRA_FIELDS = ['community', 'householdId', 'residentId', 'campaignId', 'quarantineId', 'screeningId', 'dependsOn', 'label'];

export function uuid() {
  if (globalThis.crypto && crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map(x => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** ISO-8601 local time with the offset, e.g. 2026-11-28T09:30:00.123+08:00 (the time the worker saw). */
export function isoWithOffset(date = new Date()) {
  const p = (n, w = 2) => String(Math.abs(n)).padStart(w, '0');
  const off = -date.getTimezoneOffset();
  return `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())}T${p(date.getHours())}:${p(date.getMinutes())}`
    + `:${p(date.getSeconds())}.${p(date.getMilliseconds(), 3)}${off >= 0 ? '+' : '-'}${p(Math.floor(Math.abs(off) / 60))}:${p(Math.abs(off) % 60)}`;
}

/** Replaces the local id of a record sent since with the server's id, in the record and its body. */
export function substitute(record, localId, serverId) {
  for (const f of REFERENCES) {
    if (record[f] === localId) record[f] = serverId;
    if (record.body && record.body[f] === localId) record.body[f] = serverId;
  }
  return record;
}

function build(kind, body, extra, login, now) {
  if (!KINDS.includes(kind)) throw new Error('unknown record kind ' + kind);
  const id = uuid();
  const idempotencyKey = `field/${login}/${id}`;
  const timeField = TIME_FIELD[kind];
  const createdAt = (timeField && body && body[timeField]) || extra.createdAt || isoWithOffset(now);
  const b = { ...(body || {}), idempotencyKey };
  if (timeField) b[timeField] = createdAt;
  if (kind === 'screening') {
    b.channel = b.channel || 'DOOR_TO_DOOR';
    b.symptoms = b.symptoms || [];
    b.travelHistory = !!b.travelHistory;
    b.contactWithCase = !!b.contactWithCase;
  }
  const record = { id, kind, idempotencyKey, createdAt, body: b, state: 'waiting', attempts: 0 };
  for (const f of EXTRA_FIELDS) if (extra[f] !== undefined && extra[f] !== null) record[f] = extra[f];
  if (record.householdId === undefined && b.householdId) record.householdId = b.householdId;
  if (record.residentId === undefined && b.residentId) record.residentId = b.residentId;
  return record;
}

/**
 * Saves records of several kinds in one transaction: items = [{kind, body, extra}]. A reference to a household or
 * resident still in the outbox becomes dependsOn (or, once sent, the server's id). Resolves with the records after
 * the commit.
 */
export async function addAll(items) {
  const login = (await db.value('meta', 'lastLogin')) || 'anonymous';
  const now = new Date();
  const records = items.map(({ kind, body, extra }) => build(kind, body, extra || {}, login, now));
  const local = new Map(records.map(r => [r.id, r]));
  const saved = await db.transaction('outbox', 'readwrite', store => new Promise((resolve, reject) => {
    const refs = new Set();
    for (const r of records) for (const f of REFERENCES) if (r[f] && !local.has(r[f])) refs.add(r[f]);
    const found = new Map();
    let left = refs.size;
    const finish = () => {
      for (const r of records) {
        for (const f of REFERENCES) {
          const ref = r[f] && (local.get(r[f]) || found.get(r[f]));
          if (!ref || ref === r) continue;
          if (ref.state === 'sent' && ref.receipt) substitute(r, ref.id, ref.receipt.serverId);
          else if (!r.dependsOn) r.dependsOn = ref.id;
        }
        store.put(r);
      }
      resolve(records);
    };
    if (!left) return finish();
    for (const id of refs) {
      const req = store.get(id);
      req.onsuccess = () => { if (req.result) found.set(id, req.result); if (--left === 0) finish(); };
      req.onerror = () => reject(req.error);
    }
  }));
  changed();
  return saved;
}

export async function add(kind, body, extra) {
  return (await addAll([{ kind, body, extra }]))[0];
}

const byTime = (a, b) => (Date.parse(a.createdAt) - Date.parse(b.createdAt)) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Every record, oldest first (the order they are sent in). */
export async function list() {
  return (await db.all('outbox')).sort(byTime);
}

/** Not sent yet: waiting, refused, conflict, blocked. "All sent" means none of these. */
export const isPending = r => r.state !== 'sent';

export async function save(records) {
  await db.putAll('outbox', records);
  changed();
}

export async function discard(id) {
  await db.remove('outbox', id);
  changed();
}

/** Tells every page and the worker that the outbox changed. */
export function changed() {
  try {
    const ch = new BroadcastChannel('frontline-field');
    ch.postMessage({ type: 'outbox-changed' });
    ch.close();
  } catch (e) { /* no BroadcastChannel: this page refreshes itself */ }
}
