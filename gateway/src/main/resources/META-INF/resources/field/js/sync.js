// Sends the outbox, in the page or in the service worker (no window or document here). One sync at a time: a
// promise in this context and a Web Lock across the page, other tabs and the worker. Every run re-reads the records
// inside the lock, so a record the server confirmed (state sent) is never sent again, and a run cut off halfway
// (network gone, page closed) simply leaves the rest waiting: the next run sends them with the same keys, and the
// server answers a repeat as a DUPLICATE of the first.
//   screenings: batches of ≤ 100 through POST …/screenings/bulk (all or nothing): a 400/422 naming records[i]
//     refuses those records with the server's message and the rest go again at once; a refusal naming no record
//     splits the batch until it does.
//   other kinds: one request each, with the record's idempotency key.
//   network error, 502/503/504: stop, the records stay waiting. Other 5xx: the record stays waiting, the rest go on.
//   401: the token is refreshed once; if that fails, sign-in is needed to send (records stay waiting).
//   a record waiting for a household/resident of the outbox goes after that one's receipt (its id replaced by the
//     server's), and is blocked if that one was refused.
//   409 on a resident update whose type ends /conflict: state conflict, with the server's version kept beside ours.
import * as db from './db.js';
import { accessToken } from './auth.js';
import { list, save, substitute } from './outbox.js';

const API = '/api/v1/screening';
const BATCH = 100;
let running = null;

/** Sends what waits. Resolves with {sent, refused, waiting, conflict, blocked, signInNeeded, offline}. */
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
  constructor(reason) { super(reason); this.reason = reason; }
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
    if (res.status === 502 || res.status === 503 || res.status === 504) throw new Stop('server');
    const json = res.status === 204 ? null : await res.json().catch(() => null);
    const date = res.headers.get('Date');
    return { status: res.status, json, acceptedAt: date ? new Date(date).toISOString() : new Date().toISOString() };
  }
}

function problem(status, json) {
  const p = json || {};
  return { status, type: p.type, title: p.title || 'HTTP ' + status, detail: p.detail || p.title || 'HTTP ' + status,
    fields: (p.errors || []).map(e => ({ field: e.field, message: e.message })) };
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
}

async function sendOne(ctx, r) {
  const [method, path] = target(r);
  attempted(r);
  let res;
  try {
    res = await call(ctx, method, path, r.body);
  } catch (e) {
    await save([r]);
    throw e;
  }
  if (res.status >= 200 && res.status < 300) {
    const j = res.json || {};
    const serverId = r.kind === 'visit' ? r.campaignId : r.kind === 'check-in' ? r.quarantineId : (j.id || null);
    sent(r, serverId, j.recordedAt || res.acceptedAt, res.status === 200 && (r.kind === 'household' || r.kind === 'resident'));
    ctx.result.sent++;
  } else if (res.status === 409 && r.kind === 'resident-update' && res.json && /\/conflict$|:conflict$/.test(res.json.type || '')) {
    r.state = 'conflict';
    r.server = res.json.current || null;
    r.error = problem(res.status, res.json);
    ctx.result.conflict++;
  } else if (res.status >= 400 && res.status < 500) {
    r.state = 'refused';
    r.error = problem(res.status, res.json);
    ctx.result.refused++;
  } else {
    r.error = problem(res.status, res.json); // a 500: stays waiting, tried again next time
  }
  await save([r]);
}

/** One bulk request; returns the batches to send again at once (the rest after refusals, or halves). */
async function sendBatch(ctx, batch) {
  batch.forEach(attempted);
  let res;
  try {
    res = await call(ctx, 'POST', `${API}/screenings/bulk`, { records: batch.map(r => r.body) });
  } catch (e) {
    await save(batch);
    throw e;
  }
  if (res.status >= 200 && res.status < 300) {
    const items = (res.json && res.json.items) || [];
    for (const item of items) {
      const r = batch[item.index];
      if (r) sent(r, item.id, item.recordedAt || res.acceptedAt, item.status === 'DUPLICATE');
    }
    ctx.result.sent += items.length;
    await save(batch);
    return [];
  }
  if (res.status >= 400 && res.status < 500) {
    const byIndex = new Map();
    for (const e of (res.json && res.json.errors) || []) {
      const m = /^records\[(\d+)\]\.?(.*)$/.exec(e.field || '');
      if (m && batch[+m[1]]) {
        if (!byIndex.has(+m[1])) byIndex.set(+m[1], []);
        byIndex.get(+m[1]).push({ field: m[2], message: e.message });
      }
    }
    if (byIndex.size) {
      for (const [i, fields] of byIndex) {
        batch[i].state = 'refused';
        batch[i].error = { ...problem(res.status, res.json), fields };
        ctx.result.refused++;
      }
      await save(batch);
      const rest = batch.filter((r, i) => !byIndex.has(i));
      return rest.length ? [rest] : [];
    }
    if (batch.length > 1) {
      await save(batch);
      const half = Math.ceil(batch.length / 2);
      return [batch.slice(0, half), batch.slice(half)];
    }
    batch[0].state = 'refused';
    batch[0].error = problem(res.status, res.json);
    ctx.result.refused++;
    await save(batch);
    return [];
  }
  batch.forEach(r => { r.error = problem(res.status, res.json); });
  await save(batch);
  return [];
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
  const result = { sent: 0, refused: 0, conflict: 0, waiting: 0, blocked: 0, signInNeeded: false, offline: false };
  const ctx = { lang: (await db.value('meta', 'lang')) || 'zh-CN', token: null, result };
  try {
    let records = await list();
    if (records.some(r => r.state === 'waiting')) {
      try {
        ctx.token = await accessToken();
      } catch (e) {
        throw new Stop('offline');
      }
      if (!ctx.token) throw new Stop('sign-in');
      for (let pass = 0; pass < 10; pass++) {
        const go = await ready(records);
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
    if (e.reason === 'sign-in') result.signInNeeded = true;
    else result.offline = true;
  }
  const after = await list();
  result.waiting = after.filter(r => r.state === 'waiting').length;
  result.blocked = after.filter(r => r.state === 'blocked').length;
  return result;
}
