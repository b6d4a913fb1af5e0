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
  // extra.id: an id the form fixed when it was opened, so a repeated save of the same form puts the same record
  const id = typeof extra.id === 'string' && extra.id ? extra.id : uuid();
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

/** The Web Lock sync.js holds while it sends (the same name): taken here only when free, never waited for. */
const SYNC_LOCK = 'frontline-field-sync';

function whenSyncIdle(work) {
  const locks = globalThis.navigator && navigator.locks;
  if (!locks) return work(true);
  return locks.request(SYNC_LOCK, { ifAvailable: true }, lock => work(!!lock));
}

/** Never tried: no request with its key may have reached the server, so its body may still change. */
const untried = r => r.state === 'waiting' && !r.attempts && !r.lastAttemptAt;

/**
 * Saves records of several kinds in one transaction: items = [{kind, body, extra}]. A reference to a household or
 * resident still in the outbox becomes dependsOn (or, once sent, the server's id). Resolves with the records after
 * the commit.
 *   extra.id: the record's id, fixed by the form when it was opened. A record of that id already in the outbox is
 *     replaced while it was never tried (a repeated save: same id, same key, one record), else kept as it is.
 *   extra.replaceWaiting (resident-update): an earlier edit of the same resident that waits and was never tried
 *     gets this one's fields (its id, key and the version it was based on stay), instead of a second record that
 *     would conflict with the first. Only while no sync runs (the sync lock is free), so a request in flight never
 *     carries the old body under the key; otherwise a second record as before.
 */
export async function addAll(items) {
  const login = (await db.value('meta', 'lastLogin')) || 'anonymous';
  const now = new Date();
  const records = items.map(({ kind, body, extra }) => build(kind, body, extra || {}, login, now));
  const replacing = items.map(it => !!(it.extra && it.extra.replaceWaiting));
  const write = idle => db.transaction('outbox', 'readwrite', store => new Promise((resolve, reject) => {
    const req = store.getAll();
    req.onerror = () => reject(req.error);
    req.onsuccess = () => {
      const existing = new Map(req.result.map(r => [r.id, r]));
      const kept = new Set();
      const out = records.map((r, i) => {
        const prior = existing.get(r.id);
        if (prior) {
          if (untried(prior)) return r;
          kept.add(r.id);
          return prior;
        }
        if (replacing[i] && idle) {
          const earlier = req.result.find(x => x.kind === r.kind && x.residentId && x.residentId === r.residentId
            && untried(x) && !x.dependsOn);
          if (earlier) {
            return { ...earlier, label: r.label || earlier.label, updatedAt: isoWithOffset(now),
              body: { ...r.body, version: earlier.body.version, idempotencyKey: earlier.idempotencyKey } };
          }
        }
        return r;
      });
      const local = new Map(out.map(r => [r.id, r]));
      for (const r of out) {
        if (kept.has(r.id)) continue;
        for (const f of REFERENCES) {
          const ref = r[f] && (local.get(r[f]) || existing.get(r[f]));
          if (!ref || ref === r) continue;
          if (ref.state === 'sent' && ref.receipt) substitute(r, ref.id, ref.receipt.serverId);
          else if (!r.dependsOn) r.dependsOn = ref.id;
        }
        store.put(r);
      }
      resolve(out);
    };
  }));
  const saved = await (replacing.some(Boolean) ? whenSyncIdle(write) : write(false));
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

/** Records the worker may send again: refused or blocked (and any other state that is neither sent, waiting nor a conflict). */
export const mayResend = r => r.state !== 'sent' && r.state !== 'waiting' && r.state !== 'conflict';

/**
 * "Send again": the record back to waiting with the same idempotency key (safe: a 4xx stored nothing on the
 * server), its error cleared. With it go the records it waits for that were refused or blocked (else it would be
 * blocked again at once) and every record blocked behind any of them. Resolves with the records reset.
 */
export async function resend(id) {
  const reset = await db.transaction('outbox', 'readwrite', store => new Promise((resolve, reject) => {
    const req = store.getAll();
    req.onerror = () => reject(req.error);
    req.onsuccess = () => {
      const byId = new Map(req.result.map(r => [r.id, r]));
      const chosen = new Set();
      for (let r = byId.get(id); r && mayResend(r) && !chosen.has(r.id); r = r.dependsOn && byId.get(r.dependsOn)) {
        chosen.add(r.id);
      }
      for (let grew = true; grew;) {
        grew = false;
        for (const r of req.result) {
          if (!chosen.has(r.id) && r.state === 'blocked' && r.dependsOn && chosen.has(r.dependsOn)) {
            chosen.add(r.id);
            grew = true;
          }
        }
      }
      const out = [...chosen].map(k => byId.get(k));
      for (const r of out) {
        r.state = 'waiting';
        delete r.error;
        delete r.serverErrors;
        delete r.stalls;
        store.put(r);
      }
      resolve(out);
    };
  }));
  changed();
  return reset;
}

/**
 * Forgets what belongs to the user who signs out (or to the one before a different login): the cached work lists,
 * the receipts of sent records, the chosen community and the last login; with forgetSession, the tokens too. One
 * transaction. Records not sent yet are never deleted here (sign-out and switching user are refused while any wait).
 */
export async function forgetUser({ forgetSession = false } = {}) {
  const stores = forgetSession ? ['work', 'outbox', 'meta', 'session'] : ['work', 'outbox', 'meta'];
  const n = await db.transaction(stores, 'readwrite', (work, out, meta, session) => new Promise((resolve, reject) => {
    work.clear();
    meta.delete('community');
    meta.delete('lastLogin');
    if (session) session.delete('tokens');
    const req = out.getAll();
    req.onerror = () => reject(req.error);
    req.onsuccess = () => {
      const sent = req.result.filter(r => r.state === 'sent');
      sent.forEach(r => out.delete(r.id));
      resolve(sent.length);
    };
  }));
  changed();
  return n;
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
