// The field app's page: routes (#/ work list, #/household/<id>, #/outbox, #/new-household), the status bar, the
// sync triggers, sign-in, the service worker and its updates. Data entry never waits for the network or a token:
// everything goes to the outbox (outbox.js) and sync.js sends it when it can.
import * as db from './db.js';
import * as auth from './auth.js';
import * as outbox from './outbox.js';
import { syncNow } from './sync.js';
import { SYMPTOMS, decimal, outcome } from './rules.js';
import { t, both, bothWithAge, setLang, lang } from './i18n.js';
import { h, clear, shortTime } from './view.js';

const API = '/api/v1/screening';
const VISIT_RESULTS = ['SCREENED', 'NOBODY_HOME', 'REFUSED', 'MOVED'];
const SYNC_EVERY_MS = 30000;
const STORAGE_WARN_RATIO = 0.8;
const $ = sel => document.querySelector(sel);

const state = {
  version: null,
  session: null,
  community: null,
  work: null,
  records: [],
  syncing: false,
  syncPromise: null,
  signInNeeded: false,
  drafts: new Map(),   // unsaved input per form (key → {field: value}); restored when the worker comes back
  formIds: new Map(),  // per opened form (key → {slot: record id}): a repeated save puts the same records
  saving: new Set(),   // the forms (keys) whose save is running: a second tap does nothing
  waitingWorker: null, // a new service worker, installed, waiting
  openCheckIn: null,
  openEdit: null,
  openCorrection: null,
  notice: null,
};

// ---------- who may do what ----------

/** Registering and editing households and residents: not for volunteers (the server answers 403). */
const MANAGERS = ['community-worker', 'district-officer', 'coordinator'];
const rolesOf = s => (s && Array.isArray(s.roles) ? s.roles : []);
const mayManage = () => rolesOf(state.session).some(r => MANAGERS.includes(r));
/** The correction API is for community workers only. */
const mayCorrect = () => rolesOf(state.session).includes('community-worker');
/**
 * Recording needs someone signed in on this phone (an expired sign-in is fine: entering data never needs a
 * token): after a sign-out nothing may be keyed to, or sent as, the user before.
 */
const mayRecord = () => !!state.session;

// ---------- status bar ----------

const pending = () => state.records.filter(outbox.isPending);

function renderStatus() {
  const el = $('[data-test=status]');
  // pending: every record the server has not confirmed. Of those, waiting ones go with the next sync; refused,
  // conflicting or blocked ones wait for the worker (they never turn the bar to 'all sent', nor count as waiting)
  const notSent = pending();
  const n = notSent.length;
  const waiting = notSent.filter(r => r.state === 'waiting');
  const attention = n - waiting.length;
  let s;
  if (n === 0) s = 'all-sent';
  else if (waiting.length === 0) s = 'attention';
  else if (state.syncing) s = 'syncing';
  else if (!navigator.onLine) s = 'offline';
  else if (!state.session || state.signInNeeded || state.session.signInNeeded) s = 'sign-in-needed';
  else s = 'waiting';
  el.dataset.state = s;
  el.dataset.pending = String(n);
  if (n === 0) {
    el.textContent = both('allSent');
  } else if (s === 'attention') {
    el.textContent = both('attention', { n: attention });
  } else {
    const oldest = Math.min(...waiting.map(r => Date.parse(r.createdAt)));
    const ageMs = Math.max(0, Date.now() - oldest);
    const key = { syncing: 'waitingOldest', offline: 'offline', 'sign-in-needed': 'signInNeeded', waiting: 'waitingOldest' }[s];
    el.textContent = bothWithAge(key, { n: waiting.length }, ageMs) + (attention ? both('andAttention', { n: attention }) : '');
  }
  const signedIn = state.session && !state.session.signInNeeded && !state.signInNeeded;
  $('[data-test=sign-in]').hidden = !!signedIn;
  $('[data-test=sign-out]').hidden = !state.session;
  $('[data-test=user]').textContent = state.session
    ? t('signedInAs', { login: state.session.login }) + (state.community ? ' · ' + state.community : '')
    : t('notSignedIn');
  if (n === 0) $('[data-test=sign-out-refused]').hidden = true;
}

function renderChrome() {
  $('[data-test=sync]').textContent = t('syncNow');
  $('[data-test=lang]').textContent = t('lang');
  $('[data-test=sign-in]').textContent = t('signIn');
  $('[data-test=sign-out]').textContent = t('signOut');
  $('[data-test=nav-work]').textContent = t('navWork');
  $('[data-test=nav-outbox]').textContent = t('navOutbox');
  $('[data-test=nav-new-household]').textContent = t('navNewHousehold');
  $('[data-test=nav-new-household]').hidden = !mayManage();
  $('[data-test=update-text]').textContent = both('updateReady');
  $('[data-test=update-now]').textContent = t('updateNow');
  $('[data-test=version]').textContent = state.version ? 'v ' + state.version : '';
  document.title = both('title');
  const notice = $('[data-test=notice]');
  notice.hidden = !state.notice;
  notice.textContent = state.notice || '';
  renderStatus();
}

async function refreshRecords() {
  state.records = await outbox.list();
  state.session = await auth.session();
  if (!state.session) {
    // signed out (here or in another tab): nothing of the user before stays on screen
    state.work = null;
    state.community = null;
  }
  renderStatus();
}

// ---------- sync ----------

async function sync() {
  if (state.syncPromise) return state.syncPromise;
  state.syncPromise = (async () => {
    state.syncing = true;
    renderStatus();
    let result;
    try {
      result = await syncNow();
    } catch (e) {
      console.warn('sync failed', e);
      result = { sent: 0, refused: 0, waiting: pending().length, offline: true };
    } finally {
      state.syncing = false;
    }
    state.signInNeeded = !!result.signInNeeded;
    await refreshRecords();
    if (result.waiting > 0 && !result.signInNeeded) registerBackgroundSync();
    if (result.sent > 0 && state.records.some(r => (r.kind === 'household' || r.kind === 'resident') && r.state === 'sent'
      && !knownHousehold(r))) {
      refreshWork().then(() => render(false), () => {});
    }
    render(false);
    return { ...result };
  })().finally(() => { state.syncPromise = null; });
  return state.syncPromise;
}

function knownHousehold(r) {
  const id = r.receipt && r.receipt.serverId;
  const w = state.work;
  if (!w || !id) return false;
  return (w.households || []).some(hh => hh.id === id || (hh.residents || []).some(x => x.id === id));
}

async function registerBackgroundSync() {
  try {
    const reg = await navigator.serviceWorker.ready;
    if (reg.sync) await reg.sync.register('outbox');
  } catch (e) { /* no Background Sync here: the timer and the online event remain */ }
}

// ---------- work list ----------

function communityFromSession(s) {
  const area = s && s.area && s.area.find(a => /^\d{12}$/.test(a));
  return area || null;
}

/** A cached work list is shown only to the user who fetched it (older copies carry no login: sign-out clears them). */
const workOfSession = w => (w && state.session && (!w.login || w.login === state.session.login) ? w : null);

async function setCommunity(code) {
  state.community = code;
  await db.setValue('meta', 'community', code);
  state.work = workOfSession(await db.get('work', code));
}

/** The cached work list read again (the sync updates a resident's version in it after a confirmed edit). */
async function reloadWork() {
  state.work = workOfSession(await db.get('work', state.community));
}

async function refreshWork() {
  if (!state.community || !state.session) return;
  const login = state.session.login;
  const token = await auth.accessToken();
  if (!token) throw new Error(t('signInNeeded', { n: pending().length, age: '' }));
  const r = await fetch(`${API}/worklist?community=${encodeURIComponent(state.community)}`, {
    headers: { Authorization: 'Bearer ' + token, Accept: 'application/json', 'Accept-Language': lang() },
    cache: 'no-store',
  });
  const json = await r.json().catch(() => null);
  if (!r.ok) throw new Error((json && (json.detail || json.title)) || 'HTTP ' + r.status);
  const work = { ...json, community: state.community, login, fetchedAt: new Date().toISOString() };
  // signed out (or another user signed in) while the list was on its way: it is not stored
  const now = await auth.session();
  if (!now || now.login !== login) return;
  await db.put('work', work);
  state.work = work;
}

function address(hh) {
  if (!hh) return '';
  if (hh.address) return hh.address;
  const parts = [hh.grid, hh.building && hh.building + (lang() === 'en' ? '' : '栋'), hh.unit && hh.unit + (lang() === 'en' ? '' : '单元'),
    hh.room && hh.room + (lang() === 'en' ? '' : '室')].filter(Boolean);
  return parts.length ? parts.join(lang() === 'en' ? ' / ' : ' ') : hh.id.slice(0, 8);
}

/** The households of the work list, and those registered here and not on the (cached) list yet. */
function households() {
  const list = ((state.work && state.work.households) || []).map(hh => ({ ...hh, local: false }));
  const known = new Set(list.map(hh => hh.id));
  for (const r of state.records) {
    if (r.kind !== 'household') continue;
    const serverId = r.receipt && r.receipt.serverId;
    if (serverId && known.has(serverId)) continue;
    list.push({ id: r.id, serverId, ...r.body, residents: [], local: true, record: r });
  }
  return list;
}

function findHousehold(id) {
  const all = households();
  return all.find(hh => hh.id === id) || all.find(hh => hh.serverId === id)
    || all.find(hh => hh.record && hh.record.receipt && hh.record.receipt.serverId === id) || null;
}

function residentsOf(hh) {
  const list = (hh.residents || []).map(x => ({ ...x, local: false }));
  const known = new Set(list.map(x => x.id));
  const ids = new Set([hh.id, hh.serverId, hh.record && hh.record.id].filter(Boolean));
  for (const r of state.records) {
    if (r.kind !== 'resident') continue;
    const hid = r.body.householdId;
    if (!ids.has(hid) && !ids.has(r.dependedOn) && !(r.dependsOn && ids.has(r.dependsOn))) continue;
    const serverId = r.receipt && r.receipt.serverId;
    if (serverId && known.has(serverId)) continue;
    list.push({ ...r.body, id: r.id, local: true });
  }
  return list;
}

function residentName(id) {
  for (const hh of households()) for (const x of residentsOf(hh)) if (x.id === id) return x.name;
  const r = state.records.find(x => x.kind === 'resident' && x.receipt && x.receipt.serverId === id);
  return r ? r.body.name : id ? id.slice(0, 8) : '';
}

/** In place of the work list and the forms while nobody is signed in on this phone. */
function renderSignInPrompt(main) {
  clear(main, h('section', { class: 'card', dataset: { test: 'sign-in-prompt' } },
    h('p', {}, both('signInPrompt')),
    h('button', { type: 'button', class: 'primary', dataset: { test: 'sign-in-prompt-button' }, onclick: startSignIn }, t('signIn'))));
}

function renderWork(main) {
  if (!state.session) {
    renderSignInPrompt(main);
    return;
  }
  const w = state.work;
  const campaign = w && w.campaign;
  const unreached = new Set((campaign && campaign.unreachedHouseholdIds) || []);
  const communityInput = h('input', { name: 'community', inputmode: 'numeric', maxlength: '12', value: state.community || '',
    'aria-label': t('community') });
  const status = h('p', { class: 'hint', dataset: { test: 'work-status' } },
    w ? t('workFetchedAt', { time: shortTime(w.fetchedAt) }) : t('workNone'));
  const list = h('div', { dataset: { test: 'worklist' }, class: 'worklist' },
    h('h2', {}, t('households')),
    households().map(hh => h('a', { href: '#/household/' + hh.id, class: 'household',
      dataset: { test: 'household', householdId: hh.id } },
    h('span', { class: 'addr' }, address(hh)),
    h('span', { class: 'count' }, String((residentsOf(hh) || []).length)),
    unreached.has(hh.id) ? h('span', { class: 'tag', dataset: { test: 'unreached' } }, t('unreached')) : null,
    hh.local && (!hh.record || hh.record.state !== 'sent') ? h('span', { class: 'tag local' }, t('localOnly')) : null)),
    h('h2', {}, t('quarantines')),
    ((w && w.quarantinesDue) || []).map(renderQuarantine));
  clear(main,
    h('section', { class: 'card' },
      h('div', { class: 'row' },
        h('label', {}, t('community'), communityInput),
        h('button', { type: 'button', class: 'small', dataset: { test: 'use-community' }, onclick: async () => {
          const code = communityInput.value.trim();
          if (!/^\d{12}$/.test(code)) return;
          await setCommunity(code);
          renderStatus();
          await refreshWorkShown(status);
        } }, t('useCommunity'))),
      h('p', { class: 'hint' }, campaign ? t('campaign') + (campaign.title ? ': ' + campaign.title : '') : t('noCampaign')),
      w && w.truncated ? h('p', { class: 'warn', dataset: { test: 'truncated' } },
        both('truncated', { n: (w.households || []).length })) : null,
      status,
      h('button', { type: 'button', dataset: { test: 'refresh-work' }, onclick: () => refreshWorkShown(status) }, t('refreshWork'))),
    list);
}

async function refreshWorkShown(status) {
  try {
    await refreshWork();
    render();
  } catch (e) {
    status.textContent = t('workFailed', { reason: e.message });
  }
}

function renderQuarantine(q) {
  const open = state.openCheckIn === q.id;
  const key = 'check-in/' + q.id;
  const form = open ? h('form', { class: 'entry', dataset: { draft: key } },
    temperatureInput(key),
    symptomBoxes(key),
    h('p', { class: 'error', dataset: { test: 'form-error' }, hidden: true }),
    h('button', { type: 'submit', dataset: { test: 'save-check-in' } }, t('save'))) : null;
  if (form) {
    form.addEventListener('submit', ev => {
      ev.preventDefault();
      saveOnce(key, form, form.querySelector('[data-test=save-check-in]'), formError(form), async () => {
        const d = readDraft(form);
        const temp = decimal(d.temperature);
        if (temp === null) return showFormError(form, t('notANumber'));
        await record([{ kind: 'check-in', body: { temperatureCelsius: Number(temp), symptoms: d.symptoms || [] },
          extra: { id: formId(key, 'check-in'), quarantineId: q.id, residentId: q.residentId, householdId: q.householdId,
            community: state.community } }]);
        formDone(key);
        state.openCheckIn = null;
        state.justSaved = 'check-in/' + q.id;
        const item = form.closest('[data-test=quarantine]');
        form.remove();
        if (item) item.querySelector('[data-test=saved]').hidden = false;
        await afterSave(false);
      });
    });
  }
  return h('div', { class: 'quarantine', dataset: { test: 'quarantine', quarantineId: q.id } },
    h('div', { class: 'row' },
      h('span', {}, residentName(q.residentId) + ' · ' + t('kindq.' + q.kind)),
      h('button', { type: 'button', class: 'small', dataset: { test: 'check-in' }, onclick: () => {
        state.openCheckIn = open ? null : q.id;
        render();
      } }, t('checkIn'))),
    q.lastCheckInAt ? h('p', { class: 'hint' }, t('lastCheckIn', { time: shortTime(q.lastCheckInAt) })) : null,
    form,
    h('p', { class: 'ok', dataset: { test: 'saved' }, hidden: state.justSaved !== 'check-in/' + q.id }, both('saved')));
}

// ---------- form helpers (drafts keep unsaved input across screens) ----------

function draft(key) {
  return state.drafts.get(key) || {};
}

function temperatureInput(key) {
  return h('label', { class: 'temp' }, t('temperature'),
    h('input', { name: 'temperature', type: 'text', inputmode: 'decimal', autocomplete: 'off', value: draft(key).temperature || '' }));
}

function symptomBoxes(key) {
  const chosen = new Set(draft(key).symptoms || []);
  return h('fieldset', { class: 'symptoms' }, h('legend', {}, t('symptoms')),
    SYMPTOMS.map(s => h('label', { class: 'check' },
      h('input', { type: 'checkbox', name: 'symptom', value: s, checked: chosen.has(s) }), t('symptom.' + s))));
}

function checkbox(key, name, label) {
  return h('label', { class: 'check' }, h('input', { type: 'checkbox', name, checked: !!draft(key)[name] }), t(label));
}

/** The values of a form (or a part of one): text by name, checkboxes as booleans, symptoms as a list. */
function readDraft(root) {
  const d = {};
  for (const el of root.querySelectorAll('input, select, textarea')) {
    if (el.name === 'symptom') {
      d.symptoms = d.symptoms || [];
      if (el.checked) d.symptoms.push(el.value);
    } else if (el.type === 'checkbox') {
      d[el.name] = el.checked;
    } else if (el.name) {
      d[el.name] = el.value;
    }
  }
  return d;
}

function isEmptyDraft(d) {
  return !Object.entries(d).some(([k, v]) => (Array.isArray(v) ? v.length : k !== 'visitOutcome' && !!v));
}

/** Keeps what the worker typed, per form and per resident, so leaving a screen loses nothing. */
function trackDrafts(main) {
  main.addEventListener('input', ev => {
    const part = ev.target.closest('[data-draft]');
    if (!part) return;
    const d = readDraft(part);
    if (isEmptyDraft(d)) state.drafts.delete(part.dataset.draft);
    else state.drafts.set(part.dataset.draft, d);
    persistDrafts();
    const resident = ev.target.closest('[data-test=resident]');
    if (resident) showOutcome(resident);
    if (state.justSaved && state.justSaved.startsWith('household/') && !ev.target.closest('[data-test=quarantine]')) {
      state.justSaved = null;
      const saved = main.querySelector('[data-test=household-screen] [data-test=saved]');
      if (saved) saved.hidden = true;
    }
  });
}

function showFormError(form, message) {
  const el = form.querySelector('[data-test=form-error]');
  if (el) {
    el.textContent = message;
    delete el.dataset.error;
    el.hidden = false;
  }
}

function hasUnsavedInput() {
  return state.drafts.size > 0;
}

function formError(root) {
  return root.querySelector('[data-test=form-error]');
}

const reasonOf = e => (e && (e.message || e.name)) || String(e);

/**
 * One save of a form at a time: the guard is taken synchronously, before the first await, so a second tap (or a
 * tap repeated on a slow phone) while the first save runs does nothing; the button stays disabled meanwhile. The
 * guard is per form key too, so a redraw of the form during the save does not open a second one. A failed
 * IndexedDB write (quota, an aborted transaction) shows "not saved" with the reason on the form.
 */
function saveOnce(key, root, button, errorEl, work) {
  if (state.saving.has(key) || root.dataset.saving) return Promise.resolve(false);
  state.saving.add(key);
  root.dataset.saving = '1';
  if (button) button.disabled = true;
  return (async () => {
    try {
      await work();
      return true;
    } catch (e) {
      console.warn('not saved', e);
      if (errorEl) {
        errorEl.textContent = both('notSaved', { reason: reasonOf(e) });
        errorEl.dataset.error = 'not-saved';
        errorEl.hidden = false;
      }
      return false;
    } finally {
      state.saving.delete(key);
      delete root.dataset.saving;
      if (button) button.disabled = false;
      persistDrafts();
    }
  })();
}

/**
 * The id a form fixed for one of its records (slot), kept until its save committed: a save repeated after a
 * failure, or from a redraw of the same form, puts the same records with the same keys (outbox.addAll).
 */
function formId(key, slot) {
  let ids = state.formIds.get(key);
  if (!ids) {
    ids = {};
    state.formIds.set(key, ids);
  }
  if (!ids[slot]) {
    ids[slot] = outbox.uuid();
    persistDrafts();
  }
  return ids[slot];
}

/** The form's save committed: its input and its record ids are done with. */
function formDone(...keys) {
  for (const key of keys) {
    state.drafts.delete(key);
    state.formIds.delete(key);
  }
  persistDrafts();
}

/** The one way a form (or the test hook) queues records: someone must be signed in on this phone. */
async function record(items) {
  if (!mayRecord()) throw new Error(t('signInToRecord'));
  return outbox.addAll(items.map(({ kind, body, extra }) => ({ kind, body, extra: { community: state.community, ...(extra || {}) } })));
}

// Drafts (and the forms' record ids, and which forms are open) are kept in sessionStorage as they are typed, so
// the sign-in redirect, or the browser dropping a background tab, loses nothing; a sign-out or another user
// forgets them.
const DRAFTS_KEY = 'frontline-field-drafts';

function persistDrafts() {
  try {
    if (!state.drafts.size && !state.formIds.size) {
      sessionStorage.removeItem(DRAFTS_KEY);
      return;
    }
    sessionStorage.setItem(DRAFTS_KEY, JSON.stringify({ drafts: [...state.drafts], formIds: [...state.formIds],
      openEdit: state.openEdit, openCheckIn: state.openCheckIn, openCorrection: state.openCorrection }));
  } catch (e) { /* no sessionStorage (or full): the drafts stay in memory only */ }
}

function restoreDrafts() {
  try {
    const saved = JSON.parse(sessionStorage.getItem(DRAFTS_KEY) || 'null');
    if (!saved) return;
    state.drafts = new Map(saved.drafts || []);
    state.formIds = new Map(saved.formIds || []);
    state.openEdit = saved.openEdit || null;
    state.openCheckIn = saved.openCheckIn || null;
    state.openCorrection = saved.openCorrection || null;
  } catch (e) { /* unreadable: start empty */ }
}

function forgetDrafts() {
  state.drafts.clear();
  state.formIds.clear();
  state.openEdit = null;
  state.openCheckIn = null;
  state.openCorrection = null;
  try { sessionStorage.removeItem(DRAFTS_KEY); } catch (e) { /* nothing kept */ }
}

// ---------- household screen ----------

function showOutcome(residentEl) {
  const d = readDraft(residentEl.querySelector('[data-draft]') || residentEl);
  const o = outcome(d.temperature, d.symptoms, d.travelHistory, d.contactWithCase);
  const el = residentEl.querySelector('[data-test=outcome]');
  el.dataset.outcome = o || '';
  el.className = 'outcome ' + (o ? o.toLowerCase() : '');
  el.textContent = o ? t('outcome.' + o) + ' · ' + o : (d.temperature && decimal(d.temperature) === null ? t('notANumber') : '');
}

function renderResident(hh, x) {
  const key = `screening/${hh.id}/${x.id}`;
  const editing = state.openEdit === x.id;
  const el = h('div', { class: 'resident card', dataset: { test: 'resident', residentId: x.id } },
    h('div', { class: 'row' },
      h('strong', {}, x.name || x.id.slice(0, 8)),
      x.birthYear ? h('span', { class: 'hint' }, String(x.birthYear)) : null,
      x.elderlyAlone ? h('span', { class: 'tag' }, t('elderlyAlone')) : null,
      x.local ? h('span', { class: 'tag local' }, t('localOnly')) : null,
      x.local || !mayManage() ? null : h('button', { type: 'button', class: 'small', dataset: { test: 'edit-resident' }, onclick: () => {
        state.openEdit = editing ? null : x.id;
        render();
      } }, t('editResident'))),
    h('div', { dataset: { draft: key } },
      temperatureInput(key),
      symptomBoxes(key),
      checkbox(key, 'travelHistory', 'travelHistory'),
      checkbox(key, 'contactWithCase', 'contactWithCase')),
    h('p', {}, t('outcome') + ': ', h('span', { class: 'outcome', dataset: { test: 'outcome', outcome: '' } })),
    editing && mayManage() ? renderResidentEdit(hh, x) : null);
  showOutcome(el);
  return el;
}

const RESIDENT_FIELDS = ['name', 'phone', 'birthYear', 'sex', 'elderlyAlone', 'chronicIllness', 'pregnant', 'disability'];

function residentFields(key, x = {}) {
  const d = { ...x, ...draft(key) };
  return [
    h('label', {}, t('name'), h('input', { name: 'name', value: d.name || '', autocomplete: 'off' })),
    h('label', {}, t('phone'), h('input', { name: 'phone', type: 'tel', value: d.phone || '', autocomplete: 'off' })),
    h('label', {}, t('birthYear'), h('input', { name: 'birthYear', inputmode: 'numeric', value: d.birthYear || '' })),
    h('label', {}, t('sex'), h('select', { name: 'sex' },
      h('option', { value: '', selected: !d.sex }, t('sexNone')),
      ['FEMALE', 'MALE'].map(s => h('option', { value: s, selected: d.sex === s }, t('sex.' + s))))),
    ['elderlyAlone', 'chronicIllness', 'pregnant', 'disability'].map(f =>
      h('label', { class: 'check' }, h('input', { type: 'checkbox', name: f, checked: !!d[f] }), t(f))),
  ];
}

function residentBody(d) {
  const year = String(d.birthYear || '').trim();
  return { name: (d.name || '').trim(), phone: (d.phone || '').trim() || null, birthYear: year ? Number(year) : null,
    sex: d.sex || null, elderlyAlone: !!d.elderlyAlone, chronicIllness: !!d.chronicIllness, pregnant: !!d.pregnant,
    disability: !!d.disability };
}

function renderResidentEdit(hh, x) {
  const key = 'edit/' + x.id;
  const form = h('form', { class: 'entry sub', dataset: { draft: key, test: 'resident-edit' } }, residentFields(key, x),
    h('p', { class: 'error', dataset: { test: 'form-error' }, hidden: true }),
    h('button', { type: 'submit', dataset: { test: 'save-resident-update' } }, t('save')));
  form.addEventListener('submit', ev => {
    ev.preventDefault();
    saveOnce(key, form, form.querySelector('[data-test=save-resident-update]'), formError(form), async () => {
      const body = residentBody(readDraft(form));
      if (!body.name) return showFormError(form, t('name'));
      // an earlier edit of this resident still waiting (never tried) takes these fields instead of a second record
      // that would conflict with the first (outbox.addAll, replaceWaiting)
      await record([{ kind: 'resident-update', body: { ...body, version: x.version },
        extra: { id: formId(key, 'update'), replaceWaiting: true, residentId: x.id, householdId: hh.serverId || hh.id,
          community: state.community, label: x.name } }]);
      formDone(key);
      state.openEdit = null;
      await afterSave();
    });
  });
  return form;
}

function renderAddResident(hh) {
  const key = 'new-resident/' + hh.id;
  const form = h('form', { class: 'entry sub', dataset: { draft: key, test: 'add-resident' } },
    h('h3', {}, t('addResident')), residentFields(key),
    h('p', { class: 'error', dataset: { test: 'form-error' }, hidden: true }),
    h('button', { type: 'submit', dataset: { test: 'save-resident' } }, t('addResident')));
  form.addEventListener('submit', ev => {
    ev.preventDefault();
    saveOnce(key, form, form.querySelector('[data-test=save-resident]'), formError(form), async () => {
      const body = residentBody(readDraft(form));
      if (!body.name) return showFormError(form, t('name'));
      await record([{ kind: 'resident',
        body: { householdId: hh.record && hh.record.state !== 'sent' ? hh.record.id : (hh.serverId || hh.id), ...body },
        extra: { id: formId(key, 'resident'), community: state.community, label: body.name } }]);
      formDone(key);
      await afterSave();
    });
  });
  return form;
}

/**
 * The open campaign if this household is one of its targets (the work list says so), else null: a household
 * registered after the campaign opened, or one entered here, is no target, and the server refuses a visit to it.
 */
function campaignOf(hh) {
  const campaign = state.work && state.work.campaign;
  return campaign && hh && hh.campaignTarget === true ? campaign : null;
}

function renderHousehold(main, id) {
  if (!state.session) {
    renderSignInPrompt(main);
    return;
  }
  const hh = findHousehold(id);
  if (!hh) {
    clear(main, h('p', { class: 'warn', dataset: { test: 'household-missing' } }, t('householdUnknown')));
    return;
  }
  const campaign = campaignOf(hh);
  const visitKey = 'visit/' + id;
  const residents = residentsOf(hh);
  // a visit of this household already saved here for this campaign: the form proposes none (a second save would
  // record a second visit); the worker may still choose one
  const visited = campaign && state.records.some(r => r.kind === 'visit' && r.campaignId === campaign.id
    && (r.householdId === id || r.householdId === hh.id));
  const visitDefault = visited ? '' : 'SCREENED';
  const visitChoice = draft(visitKey).visitOutcome ?? visitDefault;
  const saved = h('p', { class: 'ok', dataset: { test: 'saved' }, hidden: state.justSaved !== 'household/' + id }, both('saved'));
  const error = h('p', { class: 'error', dataset: { test: 'form-error' }, hidden: true });
  const screen = h('section', { class: 'household-screen', dataset: { test: 'household-screen', householdId: id } },
    h('div', { class: 'row' }, h('a', { href: '#/', class: 'back' }, '‹ ' + t('back')), h('h2', {}, address(hh))),
    h('div', { class: 'card', dataset: { draft: visitKey } },
      h('label', {}, t('visitOutcome'),
        h('select', { name: 'visitOutcome' },
          VISIT_RESULTS.map(v => h('option', { value: v, selected: visitChoice === v }, t('visit.' + v))),
          h('option', { value: '', selected: visitChoice === '' }, t('visit.NONE')))),
      campaign ? null : h('p', { class: 'hint' }, t('noVisitCampaign'))),
    residents.map(x => renderResident(hh, x)),
    error,
    h('button', { type: 'button', class: 'primary', dataset: { test: 'save' }, onclick: ev => saveOnce('household/' + id, screen,
      ev.currentTarget, error, () => saveHousehold(screen, hh, campaign, error, saved)) }, t('save')),
    saved,
    mayManage() ? renderAddResident(hh) : null);
  clear(main, screen);
}

async function saveHousehold(screen, hh, campaign, error, saved) {
  error.hidden = true;
  const formKey = 'household/' + screen.dataset.householdId;
  const items = [];
  const householdRef = hh.record && hh.record.state !== 'sent' ? hh.record.id : (hh.serverId || hh.id);
  for (const el of screen.querySelectorAll('[data-test=resident]')) {
    const d = readDraft(el.querySelector('[data-draft]'));
    if (!d.temperature || !d.temperature.trim()) continue;
    const temp = decimal(d.temperature);
    if (temp === null) {
      error.textContent = t('notANumber');
      error.hidden = false;
      el.querySelector('input[name=temperature]').focus();
      return;
    }
    items.push({ kind: 'screening', body: { residentId: el.dataset.residentId, channel: 'DOOR_TO_DOOR',
      temperatureCelsius: Number(temp), symptoms: d.symptoms || [], travelHistory: !!d.travelHistory,
      contactWithCase: !!d.contactWithCase, campaignId: campaign ? campaign.id : null },
    extra: { id: formId(formKey, 'screening/' + el.dataset.residentId), community: state.community, householdId: householdRef,
      label: residentName(el.dataset.residentId) } });
  }
  const visit = screen.querySelector('select[name=visitOutcome]').value;
  if (campaign && visit) {
    items.unshift({ kind: 'visit', body: { householdId: householdRef, result: visit },
      extra: { id: formId(formKey, 'visit'), campaignId: campaign.id, community: state.community, householdId: householdRef,
        label: address(hh) } });
  }
  if (!items.length) {
    error.textContent = t('nothingToSave');
    error.hidden = false;
    return;
  }
  await record(items);
  formDone(formKey, ...[...state.drafts.keys()].filter(key => key === 'visit/' + screen.dataset.householdId
    || key.startsWith(`screening/${screen.dataset.householdId}/`)));
  state.justSaved = 'household/' + screen.dataset.householdId;
  // the same screen, emptied in place (no rebuild: the confirmation the worker reads stays where it is)
  for (const input of screen.querySelectorAll('[data-test=resident] input')) {
    if (input.type === 'checkbox') input.checked = false;
    else input.value = '';
  }
  screen.querySelectorAll('[data-test=resident]').forEach(showOutcome);
  saved.hidden = false;
  await afterSave(false);
}

/** After a committed save: the screen and the status bar, then a sync. The save is done: nothing here may undo it. */
async function afterSave(rerender = true) {
  try {
    await refreshRecords();
    if (rerender) render();
    else renderStatus();
  } catch (e) {
    console.warn('redraw after save failed', e);
  }
  watchStorage();
  registerBackgroundSync();
  if (navigator.onLine) sync();
}

// ---------- new household ----------

function renderNewHousehold(main) {
  if (!state.session) {
    renderSignInPrompt(main);
    return;
  }
  if (!mayManage()) {
    clear(main, h('p', { class: 'warn', dataset: { test: 'not-for-role' } }, both('notForRole')));
    return;
  }
  const key = 'new-household';
  const d = draft(key);
  const form = h('form', { class: 'entry card', dataset: { draft: key, test: 'new-household' } },
    h('h2', {}, t('registerHousehold')),
    h('p', { class: 'hint' }, t('community') + ': ' + (state.community || '—')),
    ['grid', 'building', 'unit', 'room'].map(f => h('label', {}, t(f), h('input', { name: f, value: d[f] || '', autocomplete: 'off' }))),
    h('h3', {}, t('resident')),
    residentFields(key),
    h('p', { class: 'error', dataset: { test: 'form-error' }, hidden: true }),
    h('button', { type: 'submit', class: 'primary', dataset: { test: 'save-household' } }, t('save')));
  form.addEventListener('submit', ev => {
    ev.preventDefault();
    saveOnce(key, form, form.querySelector('[data-test=save-household]'), formError(form), async () => {
      if (!state.community) return showFormError(form, t('community'));
      const v = readDraft(form);
      const place = { communityCode: state.community };
      for (const f of ['grid', 'building', 'unit', 'room']) place[f] = (v[f] || '').trim() || null;
      if (!place.building && !place.room && !place.grid) return showFormError(form, t('room'));
      // the household and its first resident in one transaction: both saved, or neither
      const householdId = formId(key, 'household');
      const items = [{ kind: 'household', body: place, extra: { id: householdId, community: state.community } }];
      const person = residentBody(v);
      if (person.name) {
        items.push({ kind: 'resident', body: { householdId, ...person },
          extra: { id: formId(key, 'resident'), community: state.community, label: person.name } });
      }
      const [household] = await record(items);
      formDone(key);
      await afterSave();
      location.hash = '#/household/' + household.id;
    });
  });
  clear(main, form);
}

// ---------- outbox screen ----------

function summary(r) {
  const b = r.body || {};
  switch (r.kind) {
    case 'screening': return `${residentName(b.residentId) || r.label || ''} · ${b.temperatureCelsius} °C`;
    case 'check-in': return `${residentName(r.residentId) || ''} · ${b.temperatureCelsius} °C`;
    case 'visit': return `${r.label || ''} · ${t('visit.' + b.result)}`;
    case 'household': return address(b);
    case 'resident': case 'resident-update': return b.name || r.label || '';
    case 'correction': return `${b.temperatureCelsius} °C · ${b.reason || ''}`;
    default: return '';
  }
}

function renderConflict(r) {
  const mine = r.body || {};
  const server = r.server || {};
  const rows = RESIDENT_FIELDS.map(f => h('tr', { class: String(mine[f] ?? '') !== String(server[f] ?? '') ? 'diff' : '' },
    h('th', {}, t(f)), h('td', { dataset: { side: 'mine' } }, String(mine[f] ?? '')),
    h('td', { dataset: { side: 'server' } }, String(server[f] ?? ''))));
  return h('div', { class: 'conflict', dataset: { test: 'conflict' } },
    h('p', {}, t('conflict')),
    h('table', {}, h('tr', {}, h('th', {}, ''), h('th', {}, t('mine')), h('th', {}, t('server'))), rows),
    h('div', { class: 'row' },
      h('button', { type: 'button', dataset: { test: 'keep-mine' }, onclick: () => keepMine(r) }, t('keepMine')),
      h('button', { type: 'button', dataset: { test: 'keep-server' }, onclick: () => keepServer(r) }, t('keepServer'))));
}

async function keepMine(r) {
  const rec = { ...r, body: { ...r.body, version: r.server ? r.server.version : r.body.version }, state: 'waiting' };
  delete rec.server;
  delete rec.error;
  await outbox.save([rec]);
  await afterSave();
}

async function keepServer(r) {
  if (r.server && state.work) {
    for (const hh of state.work.households || []) {
      hh.residents = (hh.residents || []).map(x => (x.id === r.server.id ? r.server : x));
    }
    await db.put('work', state.work);
  }
  await outbox.discard(r.id);
  await refreshRecords();
  render();
}

function renderCorrection(r) {
  const key = 'correction/' + r.id;
  const d = draft(key);
  const form = h('form', { class: 'entry sub', dataset: { draft: key, test: 'correction' } },
    temperatureInput(key), symptomBoxes(key),
    checkbox(key, 'travelHistory', 'travelHistory'), checkbox(key, 'contactWithCase', 'contactWithCase'),
    h('label', {}, t('reason'), h('input', { name: 'reason', value: d.reason || '' })),
    h('p', { class: 'error', dataset: { test: 'form-error' }, hidden: true }),
    h('button', { type: 'submit', dataset: { test: 'save-correction' } }, t('save')));
  form.addEventListener('submit', ev => {
    ev.preventDefault();
    saveOnce(key, form, form.querySelector('[data-test=save-correction]'), formError(form), async () => {
      const v = readDraft(form);
      const temp = decimal(v.temperature);
      if (temp === null) return showFormError(form, t('notANumber'));
      if (!(v.reason || '').trim()) return showFormError(form, t('reason'));
      const screeningId = r.state === 'sent' ? r.receipt.serverId : r.id;
      await record([{ kind: 'correction', body: { temperatureCelsius: Number(temp), symptoms: v.symptoms || [],
        travelHistory: !!v.travelHistory, contactWithCase: !!v.contactWithCase, reason: v.reason.trim() },
      extra: { id: formId(key, 'correction'), screeningId, residentId: r.body.residentId, householdId: r.householdId,
        community: r.community } }]);
      formDone(key);
      state.openCorrection = null;
      await afterSave();
    });
  });
  return form;
}

function renderRecord(r) {
  const err = r.error;
  const errors = [];
  if (err && r.state === 'waiting') {
    // kept waiting after an answer that was not about the record (a route, a role, a busy or failing server):
    // the worker sees why it has not gone yet; it goes with the next sync
    errors.push(h('p', { class: 'hint', dataset: { test: 'last-error' } }, t('lastError', { reason: err.detail || err.title || '' })));
  }
  if (err && r.state !== 'sent' && r.state !== 'waiting' && r.state !== 'blocked') {
    if (err.fields && err.fields.length) {
      for (const f of err.fields) {
        errors.push(h('p', { class: 'error', dataset: { test: 'error', field: f.field } }, `${f.field}: ${f.message}`));
      }
    } else {
      errors.push(h('p', { class: 'error', dataset: { test: 'error' } }, err.detail || err.title));
    }
  }
  if (r.state === 'blocked') errors.push(h('p', { class: 'error', dataset: { test: 'error' } }, t('blockedBy')));
  const canDiscard = outbox.mayResend(r);
  return h('div', { class: 'record ' + r.state, dataset: { test: 'record', recordId: r.id, state: r.state, kind: r.kind } },
    h('div', { class: 'row' },
      h('strong', {}, t('kind.' + r.kind)),
      h('span', { class: 'state' }, t('state.' + r.state)),
      h('span', { class: 'hint' }, shortTime(r.createdAt))),
    h('p', {}, summary(r)),
    r.state === 'waiting' && r.dependsOn ? h('p', { class: 'hint' }, t('waitsFor')) : null,
    r.state === 'waiting' && r.attempts ? h('p', { class: 'hint' }, t('attempts', { n: r.attempts })) : null,
    r.receipt && r.state === 'sent' ? h('p', { class: 'ok', dataset: { test: 'receipt' } },
      t('receipt', { id: r.receipt.serverId || '—', time: shortTime(r.receipt.acceptedAt) }),
      r.receipt.duplicate ? ' ' + t('duplicate') : '') : null,
    errors,
    r.state === 'conflict' ? renderConflict(r) : null,
    r.kind === 'screening' && (r.state === 'sent' || r.state === 'waiting') && mayCorrect() ? h('button', { type: 'button', class: 'small',
      dataset: { test: 'correct' }, onclick: () => { state.openCorrection = state.openCorrection === r.id ? null : r.id; render(); } },
    t('correct')) : null,
    state.openCorrection === r.id && mayCorrect() ? renderCorrection(r) : null,
    canDiscard ? h('button', { type: 'button', class: 'small', dataset: { test: 'resend' }, onclick: ev => resend(r, ev.currentTarget) },
      t('resend')) : null,
    canDiscard ? h('button', { type: 'button', class: 'small', dataset: { test: 'discard' }, onclick: async () => {
      if (!window.confirm(t('discardConfirm'))) return;
      await outbox.discard(r.id);
      await refreshRecords();
      render();
    } }, t('discard')) : null);
}

/**
 * "Send again" on a refused or blocked record: back to waiting with the same key (a 4xx stored nothing), its error
 * cleared, together with a refused record it waits for and the records blocked behind it; then a sync.
 */
async function resend(r, button) {
  if (button.disabled) return;
  button.disabled = true;
  try {
    await outbox.resend(r.id);
    await refreshRecords();
    render(true);
    if (navigator.onLine) sync();
  } catch (e) {
    console.warn('send again failed', e);
    button.disabled = false;
    state.notice = both('notSaved', { reason: reasonOf(e) });
    renderChrome();
  }
}

function renderOutbox(main) {
  // what needs the worker first (refused, conflict, blocked), then waiting, then receipts, newest receipts first
  const order = { refused: 0, conflict: 0, blocked: 1, waiting: 2, sent: 3 };
  const rank = r => (r.state in order ? order[r.state] : 0);
  const records = [...state.records].sort((a, b) => (rank(a) - rank(b))
    || (a.state === 'sent' ? Date.parse(b.createdAt) - Date.parse(a.createdAt) : Date.parse(a.createdAt) - Date.parse(b.createdAt)));
  clear(main, h('section', { dataset: { test: 'outbox' }, class: 'outbox' },
    h('h2', {}, t('outbox')),
    records.length ? records.map(renderRecord) : h('p', { class: 'hint' }, t('outboxEmpty'))));
}

// ---------- routing ----------

/**
 * Draws the current route. A background redraw (force false: a sync ended, another tab changed the outbox) only
 * updates the status bar, and the work list or outbox when what they show changed; it never rebuilds a screen with a
 * form on it, so nothing the worker is typing or reading ("saved") moves under their finger.
 */
function render(force = true) {
  renderChrome();
  const main = $('#main');
  const route = location.hash || '#/';
  // what the screen shows: the outbox its records' states; the work list the cached list and the households added here
  const sig = route === '#/outbox' ? state.records.map(r => r.id + ':' + r.state).join(',')
    : (state.work ? state.work.fetchedAt : '') + '|' + state.records.filter(r => r.kind === 'household').map(r => r.id + ':' + r.state).join(',');
  if (force !== true) {
    const form = /^#\/household\//.test(route) || route === '#/new-household';
    if (main.dataset.route === route && (form || main.dataset.sig === sig || hasUnsavedInput())) return;
  }
  main.dataset.route = route;
  main.dataset.sig = sig;
  const m = /^#\/household\/(.+)$/.exec(route);
  if (m) renderHousehold(main, decodeURIComponent(m[1]));
  else if (route === '#/outbox') renderOutbox(main);
  else if (route === '#/new-household') renderNewHousehold(main);
  else renderWork(main);
  for (const a of document.querySelectorAll('.nav a')) a.classList.toggle('current', a.getAttribute('href') === route);
}

// ---------- service worker and updates ----------

async function registerServiceWorker() {
  if (!('serviceWorker' in navigator)) return;
  try {
    const reg = await navigator.serviceWorker.register('/field/sw.js', { scope: '/field/', type: 'module' });
    const waiting = w => {
      if (!w || !navigator.serviceWorker.controller) return;
      state.waitingWorker = w;
      $('[data-test=update-ready]').hidden = false;
    };
    waiting(reg.waiting);
    reg.addEventListener('updatefound', () => {
      const w = reg.installing;
      if (w) w.addEventListener('statechange', () => { if (w.state === 'installed') waiting(w); });
    });
    let reloading = false;
    navigator.serviceWorker.addEventListener('controllerchange', () => {
      // a worker took over: reload only when it was asked for (update button), never under a form being filled
      if (reloading || !state.activating) return;
      reloading = true;
      location.reload();
    });
    navigator.serviceWorker.addEventListener('message', ev => {
      // the worker's Background Sync, handed to this page: send, and answer with the result (records still
      // waiting make the worker fail the event, so the browser tries again later)
      if (ev.data && ev.data.type === 'sync') {
        sync().then(result => ev.ports[0] && ev.ports[0].postMessage(result),
          () => ev.ports[0] && ev.ports[0].postMessage(null));
      }
    });
    setInterval(() => reg.update().catch(() => {}), 10 * 60 * 1000);
  } catch (e) {
    console.warn('service worker not registered', e);
  }
}

function activateUpdate() {
  const text = $('[data-test=update-text]');
  if (hasUnsavedInput()) {
    text.textContent = both('updateBlocked');
    return;
  }
  if (!state.waitingWorker) return;
  state.activating = true;
  state.waitingWorker.postMessage({ type: 'activate-update' });
}

// ---------- storage ----------

async function watchStorage() {
  const el = $('[data-test=storage-warning]');
  if (!navigator.storage || !navigator.storage.estimate) return;
  try {
    const { usage, quota } = await navigator.storage.estimate();
    if (quota && usage / quota >= STORAGE_WARN_RATIO) {
      el.textContent = both('storageLow', { pct: Math.round((usage / quota) * 100) });
      el.hidden = false;
    } else if (state.persisted === false && pending().length > 0) {
      el.textContent = both('storageNotPersisted');
      el.hidden = false;
    } else {
      el.hidden = true;
    }
  } catch (e) { /* no estimate: nothing to warn about */ }
}

// ---------- sign-in and sign-out ----------

const NOTICE_KEY = 'frontline-field-notice';

/** The sign-in redirect: what the worker typed is kept (sessionStorage) and comes back on return. */
function startSignIn() {
  persistDrafts();
  return auth.signIn().catch(e => {
    state.notice = both('signInFailed', { reason: e.message });
    renderChrome();
  });
}

async function signOut() {
  const button = $('[data-test=sign-out]');
  if (button.disabled) return;
  button.disabled = true; // revoking the token may take a few seconds on a slow link
  let answer;
  try {
    await refreshRecords();
    answer = await auth.signOut(pending().length);
  } finally {
    button.disabled = false;
  }
  const el = $('[data-test=sign-out-refused]');
  if (answer.refused) {
    el.textContent = both('signOutRefused', { n: pending().length });
    el.hidden = false;
    return;
  }
  // the phone keeps nothing of this user: tokens, work lists, receipts, community, last login (auth.signOut), drafts
  forgetDrafts();
  state.session = null;
  state.work = null;
  state.community = null;
  state.notice = answer.revoked ? null : both('signedOutOffline');
  // online, the provider's sign-out page comes next and the page loads again: the notice waits for it
  try {
    if (state.notice) sessionStorage.setItem(NOTICE_KEY, state.notice);
  } catch (e) { /* shown now only */ }
  await refreshRecords();
  render(true);
}

// ---------- start ----------

async function start() {
  await db.open();
  setLang((await db.value('meta', 'lang')) || 'zh-CN');
  try {
    const r = await fetch('/field/version.json');
    state.version = (await r.json()).version;
  } catch (e) { state.version = null; }
  state.records = await outbox.list();
  restoreDrafts();
  try {
    state.notice = sessionStorage.getItem(NOTICE_KEY);
    sessionStorage.removeItem(NOTICE_KEY);
  } catch (e) { /* none kept */ }
  try {
    const answer = await auth.completeSignIn(pending().length);
    if (answer && answer.refused) state.notice = both('switchRefused', { login: answer.login });
    // another user: what was typed before the sign-in is not theirs (the user before's data is gone too)
    if (answer && answer.switched) forgetDrafts();
    if (answer && !answer.refused) state.records = await outbox.list();
  } catch (e) {
    state.notice = both('signInFailed', { reason: e.message });
  }
  state.session = await auth.session();
  if (state.session) {
    const community = (await db.value('meta', 'community')) || communityFromSession(state.session);
    if (community) await setCommunity(community);
  } else {
    // nobody signed in: no work list, no drafts of anyone
    forgetDrafts();
  }

  $('[data-test=sync]').addEventListener('click', () => sync());
  $('[data-test=lang]').addEventListener('click', async () => {
    setLang(lang() === 'en' ? 'zh-CN' : 'en');
    await db.setValue('meta', 'lang', lang());
    render();
  });
  $('[data-test=sign-in]').addEventListener('click', startSignIn);
  $('[data-test=sign-out]').addEventListener('click', () => signOut().catch(e => {
    console.warn('sign-out failed', e);
    state.notice = both('signInFailed', { reason: reasonOf(e) });
    renderChrome();
  }));
  $('[data-test=update-now]').addEventListener('click', activateUpdate);
  trackDrafts($('#main'));
  window.addEventListener('hashchange', () => { state.justSaved = null; render(true); });
  render();

  try {
    const ch = new BroadcastChannel('frontline-field');
    ch.onmessage = async ev => {
      const before = state.session;
      // a resident update confirmed (the sync wrote the new version into the cache): the next edit carries it
      if (ev.data && ev.data.type === 'work-changed' && state.community) await reloadWork();
      await refreshRecords();
      if (before && !state.session) render(true); // signed out in another tab
      else if (location.hash === '#/outbox') render(false);
    };
  } catch (e) { /* single page only */ }

  // sync triggers: start, the network back, the app visible again, a timer, Background Sync (the worker), the button
  window.addEventListener('online', () => { renderStatus(); sync(); });
  window.addEventListener('offline', renderStatus);
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible') sync(); });
  setInterval(() => { if (navigator.onLine) sync(); else renderStatus(); }, SYNC_EVERY_MS);

  registerServiceWorker();
  if (navigator.storage && navigator.storage.persist) {
    navigator.storage.persist().then(p => { state.persisted = p; watchStorage(); }, () => {});
  }
  watchStorage();
  setInterval(watchStorage, 60000);

  sync();
  if (navigator.onLine && state.session && state.community) refreshWork().then(() => render(false), () => {});
}

const ready = start().catch(e => {
  console.error('field app failed to start', e);
  // the status bar never keeps claiming anything it does not know: it says the app did not start, and why
  const el = document.querySelector('[data-test=status]');
  if (el) {
    el.dataset.state = 'error';
    el.removeAttribute('data-pending');
    el.textContent = both('startFailed', { reason: reasonOf(e) });
  }
  throw e;
});

window.frontlineField = {
  ready,
  get version() { return state.version; },
  sync: () => sync(),
  outbox: {
    list: () => outbox.list(),
    add: async (kind, body, extra) => (await window.frontlineField.outbox.addAll([{ kind, body, extra }]))[0],
    // several records in one IndexedDB transaction, one redraw (the screen redraws only if what it shows changed)
    addAll: async items => {
      const saved = await record(items);
      await refreshRecords();
      render(false);
      return saved;
    },
  },
};
