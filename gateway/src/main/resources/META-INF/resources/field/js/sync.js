// Sends the outbox, in the page or in the service worker (no window or document here). One sync at a time: a
// promise in this context and a Web Lock across the page, other tabs and the worker. Every run re-reads the records
// inside the lock, so a record the server confirmed (state sent) is never sent again, and a run cut off halfway
// (network gone, page closed) simply leaves the rest waiting: the next run sends them with the same keys, and the
// server answers a repeat as a DUPLICATE of the first. A 4xx stores no key on the server (all or nothing), so a
// refused record sent again with the same key is safe.
//   screenings: batches of ≤ 100 through POST …/screenings/bulk (all or nothing): a 4xx naming records[i] refuses
//     those records with the server's message and the rest go again at once; a 400/422 naming no record splits the
//     batch until it does; a 500 splits it too, so one record the server chokes on doesn't hold the others.
//   other kinds: one request each, with the record's idempotency key; 400, 409, 422 (any 4xx but those below)
//     refuse the record.
//   not the records' fault — network error, 401 after a failed refresh, 502/503/504, 408/425/429 (Retry-After
//     honoured), 403/404/405/413/415 (a role or route not there yet, a proxy's limit): the run stops and the
//     records stay waiting (with the answer in r.error), to go again later with the same keys.
//   500 (any 5xx but 502/503/504) on one record alone: it stays waiting and the rest go on; the third time (in three
//     runs: r.serverErrors) it is refused with the server's problem, so the worker sees it. Two in a row with
//     nothing accepted between stop the run: the server is failing for everything, not for one record.
//   a 2xx counts only with a usable answer (JSON; a uuid id for household, resident, correction and resident
//     update; bulk: one item per record, each index within the batch): otherwise the records stay waiting with
//     the error 'unusable answer' and the run stops (a portal or proxy answering, a body cut off).
//   a record waiting for a household/resident of the outbox goes after that one's receipt (its id replaced by the
//     server's), and is blocked if that one was refused.
//   409 on a resident update whose type ends /conflict: state conflict, with the server's version kept beside ours.
//     A resident update accepted puts the server's resident (its new version) into the cached work list, so the
//     next edit of that resident carries the version it was made on.
import * as db from './db.js';
import { accessToken } from './auth.js';
import { list, save, substitute } from './outbox.js';

const API = '/api/v1/screening';
const BATCH = 100;
/** A 500 on one record alone this many times (in as many runs) refuses it. */
const SERVER_ERRORS_TO_REFUSE = 3;
/** 4xx answers that say nothing about the record (a role, a route, a proxy's limit): the records wait, the run stops. */
const NOT_THE_RECORDS = new Set([403, 404, 405, 413, 415]);
/** Busy or timed out: the run stops, the records wait; Retry-After is honoured up to this long. */
const BUSY = new Set([408, 425, 429]);
const RETRY_AFTER_MAX_MS = 10 * 60 * 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Kinds whose answer must carry the server's id (a uuid `id`). */
const ANSWERS_WITH_ID = new Set(['household', 'resident', 'correction', 'resident-update']);
let running = null;

/**
 * Sends what waits. Resolves with {sent, refused, conflict, waiting, blocked, signInNeeded, offline, stopped, retryAt,
 * error}: stopped is why the run stopped early (null, 'offline', 'sign-in', 'server' or 'busy'), retryAt (ISO) when the
 * server asked to wait (Retry-After), error the answer that stopped it.
 */
export function syncNow() {
  if (running) return running;
  const locks = globalThis.navigator && navigator.locks;
  running = (locks ? locks.request('frontline-field-sync', run) : run()).finally(() => { running = null; });
  return running;
}

export function isRunning() {
  return running !== null;
}

class Stop extends Error {
  /** reason: 'offline', 'sign-in', 'server', 'busy'; error: the problem kept on the records; retryAt: ms since epoch. */
  constructor(reason, error = null, retryAt = null) { super(reason); this.reason = reason; this.error = error; this.retryAt = retryAt; }
}

function target(r) {
  switch (r.kind) {
    case 'household': return ['POST', `${API}/households`];
    case 'resident': return ['POST', `${API}/residents`];
    case 'visit': return ['POST', `${API}/campaigns/${r.campaignId}/visits`];
    case 'check-in': return ['POST', `${API}/quarantines/${r.quarantineId}/check-ins`];
    case 'correction': return ['POST', `${API}/screenings/${r.screeningId}/correction`];
    case 'resident-update': return ['PUT', `${API}/residents/${r.residentId}`];
    default: throw new Error('no endpoint for ' + r.kind);
  }
}

/** Retry-After (seconds or an HTTP date) as a time, capped; null when absent or unreadable. */
function retryAt(res) {
  const v = res.headers.get('Retry-After');
  if (!v) return null;
  const ms = /^\d+$/.test(v.trim()) ? Number(v.trim()) * 1000 : Date.parse(v) - Date.now();
  if (!Number.isFinite(ms) || ms <= 0) return null;
  return Date.now() + Math.min(ms, RETRY_AFTER_MAX_MS);
}

async function call(ctx, method, path, body) {
  for (let attempt = 0; ; attempt++) {
    let res;
    try {
      res = await fetch(path, {
        method,
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'Accept-Language': ctx.lang,
          Authorization: 'Bearer ' + ctx.token },
        body: JSON.stringify(body),
        cache: 'no-store',
      });
    } catch (e) {
      throw new Stop('offline');
    }
    if (res.status === 401 && attempt === 0) {
      let token;
      try { token = await accessToken({ force: true }); } catch (e) { throw new Stop('offline'); }
      if (!token) throw new Stop('sign-in');
      ctx.token = token;
      continue;
    }
    if (res.status === 401) throw new Stop('sign-in');
    const type = res.headers.get('Content-Type') || '';
    const isJson = /^application\/([a-z.+-]*\+)?json\b/i.test(type.trim());
    const json = isJson ? await res.json().catch(() => null) : null;
    if (res.status === 502 || res.status === 503 || res.status === 504) {
      throw new Stop('server', problem(res.status, json), retryAt(res));
    }
    if (BUSY.has(res.status)) throw new Stop('busy', problem(res.status, json), retryAt(res));
    const date = res.headers.get('Date');
    const at = date && !Number.isNaN(Date.parse(date)) ? new Date(date) : new Date();
    return { status: res.status, json, isJson, acceptedAt: at.toISOString() };
  }
}

function problem(status, json) {
  const p = json && typeof json === 'object' ? json : {};
  return { status, type: p.type, title: p.title || 'HTTP ' + status, detail: p.detail || p.title || 'HTTP ' + status,
    fields: (Array.isArray(p.errors) ? p.errors : []).map(e => ({ field: e.field, message: e.message })) };
}

function unusable(status, why) {
  return { status, title: 'unusable answer', detail: 'unusable answer: ' + why, fields: [] };
}

function attempted(r) {
  r.attempts = (r.attempts || 0) + 1;
  r.lastAttemptAt = new Date().toISOString();
}

function sent(r, serverId, acceptedAt, duplicate) {
  r.state = 'sent';
  r.receipt = { serverId, acceptedAt, duplicate: !!duplicate };
  delete r.error;
  delete r.server;
  delete r.serverErrors;
  delete r.stalls;
}

/** Runs stopped by an answer not about the record (counted once per run); refused at STALLS_TO_REFUSE. */
const STALLS_TO_REFUSE = 3;
function stalled(r) {
  r.stalls = (r.stalls || 0) + 1;
  return r.stalls;
}

function refuse(ctx, r, error) {
  r.state = 'refused';
  r.error = error;
  ctx.result.refused++;
}

/** Records a 500 on one record alone: refused the third time; two in a row with nothing sent between stop the run. */
function serverError(ctx, r, error) {
  ctx.failed.add(r.id); // not again in this run: three runs, not three passes of one
  r.serverErrors = (r.serverErrors || 0) + 1;
  if (r.serverErrors >= SERVER_ERRORS_TO_REFUSE) refuse(ctx, r, error);
  else r.error = error;
  const lone = ctx.lastLone500 !== undefined && ctx.lastLone500 === ctx.result.sent;
  ctx.lastLone500 = ctx.result.sent;
  return lone;
}

/** The server's id in a usable answer to a single request, or throws Stop('server') (the record stays waiting). */
function usable(r, res) {
  if (r.kind === 'check-in' && res.status === 204) return r.quarantineId;
  const j = res.json;
  if (!res.isJson || !j || typeof j !== 'object' || Array.isArray(j)) {
    throw new Stop('server', unusable(res.status, 'not JSON'));
  }
  if (ANSWERS_WITH_ID.has(r.kind)) {
    if (typeof j.id !== 'string' || !UUID.test(j.id)) throw new Stop('server', unusable(res.status, 'no id'));
    return j.id;
  }
  return r.kind === 'visit' ? r.campaignId : r.kind === 'check-in' ? r.quarantineId : (j.id || null);
}

async function sendOne(ctx, r) {
  const [method, path] = target(r);
  attempted(r);
  // the attempt is on the phone before the request leaves: a record that may have reached the server is never
  // rewritten under its key (a later edit of the same resident becomes a record of its own)
  await save([r]);
  try {
    const res = await call(ctx, method, path, r.body);
    if (res.status >= 200 && res.status < 300) {
      const serverId = usable(r, res);
      const j = res.json || {};
      sent(r, serverId, j.recordedAt || res.acceptedAt, res.status === 200 && (r.kind === 'household' || r.kind === 'resident'));
      ctx.result.sent++;
      if (r.kind === 'resident-update') {
        // the record is sent either way; a work list left stale costs at most a conflict the worker resolves
        await updateWork(j).catch(e => console.warn('work list not updated', e));
      }
    } else if (res.status === 409 && r.kind === 'resident-update' && res.json && /\/conflict$|:conflict$/.test(res.json.type || '')) {
      r.state = 'conflict';
      r.server = res.json.current || null;
      r.error = problem(res.status, res.json);
      ctx.result.conflict++;
    } else if (NOT_THE_RECORDS.has(res.status) && !(res.json && /[:/]not-found$/.test(res.json.type || ''))
        && stalled(r) < STALLS_TO_REFUSE) {
      // an answer not about this record (a route missing in a rollout, a proxy's limit, a role being fixed): the run
      // stops and the record waits, a few runs at most: then it is refused like any other (send again, discard), so
      // one record never holds the outbox for good. The service's own not-found is the record's at once.
      throw new Stop('server', problem(res.status, res.json));
    } else if (res.status >= 400 && res.status < 500) {
      refuse(ctx, r, problem(res.status, res.json));
    } else if (serverError(ctx, r, problem(res.status, res.json))) {
      throw new Stop('server', r.error);
    }
  } catch (e) {
    if (e instanceof Stop && e.error) r.error = e.error;
    await save([r]);
    throw e;
  }
  await save([r]);
}

/** A bulk answer that accounts for every record of the batch, or null. */
function bulkItems(res, batch) {
  const items = res.isJson && res.json && Array.isArray(res.json.items) ? res.json.items : null;
  if (!items || items.length !== batch.length) return null;
  const seen = new Set();
  for (const item of items) {
    if (!item || !Number.isInteger(item.index) || item.index < 0 || item.index >= batch.length || seen.has(item.index)
      || typeof item.id !== 'string' || !UUID.test(item.id)) return null;
    seen.add(item.index);
  }
  return items;
}

/** One bulk request; returns the batches to send again at once (the rest after refusals, or halves). */
async function sendBatch(ctx, batch) {
  batch.forEach(attempted);
  await save(batch);
  let res;
  try {
    res = await call(ctx, 'POST', `${API}/screenings/bulk`, { records: batch.map(r => r.body) });
    if (res.status >= 200 && res.status < 300) {
      const items = bulkItems(res, batch);
      if (!items) throw new Stop('server', unusable(res.status, 'the items do not match the batch'));
      for (const item of items) sent(batch[item.index], item.id, item.recordedAt || res.acceptedAt, item.status === 'DUPLICATE');
      ctx.result.sent += items.length;
      await save(batch);
      return [];
    }
  } catch (e) {
    if (e instanceof Stop && e.error) batch.forEach(r => { r.error = e.error; });
    await save(batch);
    throw e;
  }
  if (res.status >= 400 && res.status < 500) {
    const byIndex = new Map();
    for (const e of (res.json && Array.isArray(res.json.errors) && res.json.errors) || []) {
      const m = /^records\[(\d+)\]\.?(.*)$/.exec((e && e.field) || '');
      if (m && batch[+m[1]]) {
        if (!byIndex.has(+m[1])) byIndex.set(+m[1], []);
        byIndex.get(+m[1]).push({ field: m[2], message: e.message });
      }
    }
    if (byIndex.size) {
      for (const [i, fields] of byIndex) refuse(ctx, batch[i], { ...problem(res.status, res.json), fields });
      await save(batch);
      const rest = batch.filter((r, i) => !byIndex.has(i));
      return rest.length ? [rest] : [];
    }
    if (res.status !== 400 && res.status !== 422 && Math.min(...batch.map(stalled)) < STALLS_TO_REFUSE) {
      // not about any record (403, 404, 405, 413, 415, …): the batch waits with the answer, the run stops — a few
      // runs at most, then its records are refused (send again, discard) and never hold the outbox for good
      const error = problem(res.status, res.json);
      batch.forEach(r => { r.error = error; });
      await save(batch);
      throw new Stop('server', error);
    }
    if (res.status !== 400 && res.status !== 422) {
      const error = problem(res.status, res.json);
      batch.forEach(r => refuse(ctx, r, error));
      await save(batch);
      return [];
    }
    if (batch.length > 1) return halves(batch);
    refuse(ctx, batch[0], problem(res.status, res.json));
    await save(batch);
    return [];
  }
  // a 500 (or any 5xx but 502/503/504, which stopped in call): split until the record it is about stands alone
  if (batch.length > 1) {
    const error = problem(res.status, res.json);
    batch.forEach(r => { r.error = error; });
    return halves(batch);
  }
  const stop = serverError(ctx, batch[0], problem(res.status, res.json));
  await save(batch);
  if (stop) throw new Stop('server', batch[0].error);
  return [];
}

async function halves(batch) {
  await save(batch);
  const half = Math.ceil(batch.length / 2);
  return [batch.slice(0, half), batch.slice(half)];
}

/**
 * Puts the resident a resident update returned (a ResidentView with its new version) into every cached work list
 * that holds it, unless the list already has a newer version; tells the pages (BroadcastChannel, 'work-changed').
 */
async function updateWork(view) {
  if (!view || typeof view.id !== 'string') return;
  const changed = [];
  for (const work of await db.all('work')) {
    let hit = false;
    for (const hh of (work && work.households) || []) {
      if (!Array.isArray(hh.residents)) continue;
      hh.residents = hh.residents.map(x => {
        if (!x || x.id !== view.id) return x;
        if (typeof x.version === 'number' && typeof view.version === 'number' && x.version > view.version) return x;
        hit = true;
        return { ...x, ...view };
      });
    }
    if (hit) changed.push(work);
  }
  if (!changed.length) return;
  await db.putAll('work', changed);
  try {
    const ch = new BroadcastChannel('frontline-field');
    for (const w of changed) ch.postMessage({ type: 'work-changed', community: w.community });
    ch.close();
  } catch (e) { /* no BroadcastChannel: the page reads the work list again when it opens it */ }
}

/** The records that may go now; settles dependencies (server ids in, or blocked). */
async function ready(records) {
  const byId = new Map(records.map(r => [r.id, r]));
  const out = [];
  const changed = [];
  for (const r of records) {
    if (r.state !== 'waiting') continue;
    if (r.dependsOn) {
      const dep = byId.get(r.dependsOn);
      if (!dep || dep.state === 'refused' || dep.state === 'blocked') {
        r.state = 'blocked';
        r.error = { status: 0, title: 'blocked', detail: 'blocked', blockedBy: r.dependsOn, fields: [] };
        changed.push(r);
        continue;
      }
      if (dep.state !== 'sent') continue;
      substitute(r, dep.id, dep.receipt.serverId);
      r.dependedOn = r.dependsOn;
      delete r.dependsOn;
      changed.push(r);
    }
    out.push(r);
  }
  if (changed.length) await save(changed);
  return out;
}

async function run() {
  const result = { sent: 0, refused: 0, conflict: 0, waiting: 0, blocked: 0, signInNeeded: false, offline: false,
    stopped: null, retryAt: null, error: null };
  const ctx = { lang: (await db.value('meta', 'lang')) || 'zh-CN', token: null, result, failed: new Set() };
  try {
    let records = await list();
    if (records.some(r => r.state === 'waiting')) {
      const notBefore = Date.parse((await db.value('meta', 'syncNotBefore')) || '');
      if (notBefore > Date.now()) throw new Stop('busy', null, notBefore);
      try {
        ctx.token = await accessToken();
      } catch (e) {
        throw new Stop('offline');
      }
      if (!ctx.token) throw new Stop('sign-in');
      for (let pass = 0; pass < 10; pass++) {
        const go = (await ready(records)).filter(r => !ctx.failed.has(r.id));
        if (!go.length) break;
        const before = result.sent;
        for (const r of go.filter(x => x.kind !== 'screening')) await sendOne(ctx, r);
        const queue = [];
        const screenings = go.filter(x => x.kind === 'screening');
        for (let i = 0; i < screenings.length; i += BATCH) queue.push(screenings.slice(i, i + BATCH));
        while (queue.length) queue.unshift(...await sendBatch(ctx, queue.shift()));
        if (result.sent === before) break;
        records = await list();
      }
    }
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    result.stopped = e.reason;
    result.error = e.error;
    if (e.reason === 'sign-in') result.signInNeeded = true;
    if (e.reason === 'offline') result.offline = true;
    if (e.retryAt) {
      result.retryAt = new Date(e.retryAt).toISOString();
      await db.setValue('meta', 'syncNotBefore', result.retryAt);
    }
  }
  const after = await list();
  result.waiting = after.filter(r => r.state === 'waiting').length;
  result.blocked = after.filter(r => r.state === 'blocked').length;
  return result;
}
