// The command-centre page: login, the area tree with KPIs and a traffic light, the main series, open alerts,
// live updates over SSE, report downloads. No inline script or handler: everything is wired here.
import './style.css';
import { Oidc } from './oidc.js';
import { Api, ApiError } from './api.js';
import { Charts } from './charts.js';

const KPIS = [
  { key: 'screened', zh: '筛查人次', en: 'Screened' },
  { key: 'fever', zh: '发热人次', en: 'Fever' },
  { key: 'suspected', zh: '疑似/转诊', en: 'Suspected' },
  { key: 'positives', zh: '阳性', en: 'Positives' },
  { key: 'inQuarantine', zh: '在管隔离/监测', en: 'In quarantine' },
  { key: 'missedCheckIns', zh: '漏打卡', en: 'Missed check-ins' },
  { key: 'campaignCoverage', zh: '入户排查覆盖率', en: 'Campaign coverage', unit: '%' },
  { key: 'uncoveredHours', zh: '缺岗小时', en: 'Uncovered hours' },
  { key: 'peopleOnDuty', zh: '在岗人次', en: 'People on duty' },
  { key: 'volunteers', zh: '志愿者', en: 'Volunteers' },
  { key: 'lowestDaysOfCover', zh: '关键物资最低可用天数', en: 'Lowest days of cover' },
  { key: 'itemsAtStockOut', zh: '断货品种', en: 'Items at stock-out' },
  { key: 'openAlerts', zh: '未结预警', en: 'Open alerts' },
];
const TREE_KPIS = ['screened', 'fever', 'positives', 'inQuarantine', 'openAlerts'];
const SERIES = KPIS.filter(k => ['screened', 'fever', 'positives', 'inQuarantine'].includes(k.key));
const STATUS = { green: '正常 Normal', amber: '关注 Watch', red: '告警 Alert', none: '—' };
const LEVELS = { RED: '红色 Red', ORANGE: '橙色 Orange', YELLOW: '黄色 Yellow', BLUE: '蓝色 Blue' };
const LEVEL_NAMES = { 2: '省 Province', 4: '市 City', 6: '区 District', 9: '街道 Street', 12: '社区 Community' };

const $ = id => document.getElementById(id);
const el = (tag, cls, text) => {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = text;
  return e;
};
const fmt = (v, unit) => (v === null || v === undefined ? '—'
  : (typeof v === 'number' ? v.toLocaleString('zh-CN', { maximumFractionDigits: 1 }) : String(v)) + (unit || ''));
const levelOf = a => (typeof a.level === 'number' ? a.level : (a.code || '').length);
const areaName = a => [a.name, a.nameEn].filter(Boolean).join(' · ') || a.code;

const state = {
  oidc: null,
  api: null,
  path: [],        // breadcrumb: areas from the user's scope down to the one shown
  overview: null,
  charts: null,
  stream: null,
  generation: 0,   // drops answers for an area no longer shown
  alertsTimer: null,
};

function showError(message) {
  const box = $('error');
  box.textContent = message;
  box.hidden = !message;
  if (message) document.body.dataset.error = message;
  else delete document.body.dataset.error;
}

async function main() {
  let config;
  try {
    config = await (await fetch('/config.json', { cache: 'no-store' })).json();
  } catch (e) {
    showError('无法读取配置 · Cannot read /config.json: ' + e.message);
    return;
  }
  state.oidc = new Oidc(config);
  state.oidc.onLogout = () => showLogin('登录已过期 · Session expired');
  state.api = new Api(state.oidc);
  $('login').addEventListener('click', () => state.oidc.login().catch(e => showError(e.message)));
  $('logout').addEventListener('click', () => state.oidc.logout());
  let session = false;
  try {
    session = await state.oidc.start();
  } catch (e) {
    showError(e.message);
  }
  if (!session) {
    showLogin();
    return;
  }
  showApp();
  await load(null);
}

function showLogin(message) {
  if (state.stream) state.stream.stop();
  $('main').hidden = true;
  $('logout').hidden = true;
  $('user').textContent = '';
  $('login-view').hidden = false;
  document.body.dataset.state = 'login';
  if (message) showError(message);
  $('login').focus();
}

function showApp() {
  const c = state.oidc.claims();
  $('login-view').hidden = true;
  $('main').hidden = false;
  $('logout').hidden = false;
  const areas = Array.isArray(c.area) ? c.area.join(', ') : (c.area || '');
  $('user').textContent = (c.name || c.preferred_username || '') + (areas ? ' · ' + areas : '');
  state.charts = new Charts($('charts'), SERIES);
  buildKpiTiles();
}

function buildKpiTiles() {
  const box = $('kpis');
  box.replaceChildren();
  for (const k of KPIS) {
    const tile = el('div', 'kpi');
    tile.dataset.metric = k.key;
    const zh = el('div', 'kpi-label', k.zh);
    const en = el('div', 'kpi-label en', k.en);
    const value = el('div', 'kpi-value', '—');
    value.setAttribute('aria-live', 'polite');
    tile.append(value, zh, en);
    box.appendChild(tile);
  }
}

/** Shows an area (null: the user's own scope, as the gateway decides). */
async function load(code) {
  const generation = ++state.generation;
  document.body.dataset.state = 'loading';
  showError('');
  let overview;
  try {
    overview = await state.api.json('/api/v1/overview' + (code ? '?area=' + encodeURIComponent(code) : ''));
  } catch (e) {
    if (generation !== state.generation) return;
    document.body.dataset.state = 'error';
    showError('概况不可用 · Overview unavailable: ' + describe(e));
    return;
  }
  if (generation !== state.generation) return;
  state.overview = overview;
  const area = overview.area;
  const i = state.path.findIndex(a => a.code === area.code);
  if (i >= 0) state.path = state.path.slice(0, i + 1);
  else state.path.push(area);
  state.path[state.path.length - 1] = area;
  renderBreadcrumb();
  renderArea(overview);
  renderTree(overview.children || []);
  renderFreshness(overview.freshness);
  follow(area.code);
  const others = [loadSeries(area.code, generation), loadAlerts(area.code, generation), loadReports()];
  await Promise.allSettled(others);
  if (generation === state.generation) document.body.dataset.state = 'ready';
}

function describe(e) {
  if (e instanceof ApiError) return e.status + ' ' + e.message;
  return e.message || String(e);
}

function renderBreadcrumb() {
  const ol = $('breadcrumb');
  ol.replaceChildren();
  state.path.forEach((a, i) => {
    const li = el('li');
    if (i === state.path.length - 1) {
      const span = el('span', 'current', areaName(a));
      span.setAttribute('aria-current', 'location');
      li.appendChild(span);
    } else {
      const b = el('button', 'crumb', areaName(a));
      b.type = 'button';
      b.addEventListener('click', () => load(a.code));
      li.appendChild(b);
    }
    ol.appendChild(li);
  });
}

function renderArea(overview) {
  const a = overview.area;
  $('area-name').textContent = areaName(a) + ' (' + (LEVEL_NAMES[levelOf(a)] || a.level) + ' ' + a.code + ')';
  setLight($('area-status'), a.status);
  $('area-date').textContent = overview.date || '';
  setFigures(a.figures || {});
}

function setFigures(figures) {
  for (const k of KPIS) {
    if (!(k.key in figures)) continue;
    const tile = document.querySelector('.kpi[data-metric="' + k.key + '"] .kpi-value');
    if (!tile) continue;
    const text = fmt(figures[k.key], k.unit);
    if (tile.textContent !== text) {
      tile.textContent = text;
      tile.classList.remove('changed');
      void tile.offsetWidth;
      tile.classList.add('changed');
    }
    tile.parentElement.dataset.value = figures[k.key] === null ? '' : String(figures[k.key]);
  }
}

function setLight(node, status) {
  const s = status || 'none';
  node.dataset.status = s;
  node.textContent = STATUS[s] || s;
}

function renderTree(children) {
  const ul = $('tree');
  ul.replaceChildren();
  if (!children.length) {
    ul.appendChild(el('li', 'empty', '没有下级区域 · No areas below'));
    return;
  }
  children.forEach((c, i) => {
    const li = el('li', 'node');
    li.setAttribute('role', 'treeitem');
    li.setAttribute('aria-expanded', 'false');
    li.tabIndex = i === 0 ? 0 : -1;
    li.dataset.code = c.code;
    const light = el('span', 'light');
    setLight(light, c.status);
    const name = el('span', 'node-name', areaName(c));
    const code = el('span', 'node-code', c.code);
    const figures = el('span', 'node-figures');
    for (const key of TREE_KPIS) {
      const k = KPIS.find(x => x.key === key);
      const f = el('span', 'node-figure');
      f.dataset.metric = key;
      f.append(el('span', 'node-figure-label', k.zh), el('b', null, fmt((c.figures || {})[key], k.unit)));
      figures.appendChild(f);
    }
    li.append(light, name, code, figures);
    li.addEventListener('click', () => load(c.code));
    li.addEventListener('keydown', e => treeKey(e, li));
    ul.appendChild(li);
  });
}

function treeKey(e, li) {
  const items = Array.from(document.querySelectorAll('#tree [role="treeitem"]'));
  const i = items.indexOf(li);
  let next = null;
  if (e.key === 'Enter' || e.key === ' ' || e.key === 'ArrowRight') {
    e.preventDefault();
    load(li.dataset.code);
    return;
  }
  if (e.key === 'ArrowLeft' || e.key === 'Backspace') {
    e.preventDefault();
    if (state.path.length > 1) load(state.path[state.path.length - 2].code);
    return;
  }
  if (e.key === 'ArrowDown') next = items[i + 1];
  else if (e.key === 'ArrowUp') next = items[i - 1];
  else if (e.key === 'Home') next = items[0];
  else if (e.key === 'End') next = items[items.length - 1];
  if (next) {
    e.preventDefault();
    items.forEach(x => (x.tabIndex = -1));
    next.tabIndex = 0;
    next.focus();
  }
}

function renderFreshness(f) {
  if (!f) return;
  const parts = [];
  if (f.newestEventAt) parts.push('数据截至 As of ' + new Date(f.newestEventAt).toLocaleString('zh-CN', { hour12: false }));
  if (f.consumersConnected === false) parts.push('事件流中断 Event stream disconnected');
  $('freshness').textContent = parts.join(' · ');
  $('freshness').dataset.stale = String(f.consumersConnected === false);
}

async function loadSeries(code, generation) {
  await Promise.all(SERIES.map(async m => {
    try {
      const s = await state.api.json('/api/v1/series?area=' + encodeURIComponent(code) + '&metric=' + m.key);
      if (generation === state.generation) state.charts.set(m.key, s.points || []);
    } catch (e) {
      if (generation === state.generation) state.charts.set(m.key, []);
      showError('趋势不可用 · Series unavailable: ' + describe(e));
    }
  }));
}

async function loadAlerts(code, generation) {
  let answer;
  try {
    answer = await state.api.json('/api/v1/open-alerts?area=' + encodeURIComponent(code));
  } catch (e) {
    showError('预警不可用 · Open alerts unavailable: ' + describe(e));
    return;
  }
  if (generation !== state.generation) return;
  const tbody = $('alerts');
  tbody.replaceChildren();
  const items = answer.items || [];
  if (!items.length) {
    const tr = el('tr');
    const td = el('td', 'empty', '没有未结预警 · No open alerts');
    td.colSpan = 5;
    tr.appendChild(td);
    tbody.appendChild(tr);
  }
  for (const a of items) {
    const tr = el('tr');
    tr.dataset.alertId = a.alertId;
    const level = el('span', 'level', LEVELS[a.level] || a.level);
    level.dataset.level = a.level;
    const td = el('td');
    td.appendChild(level);
    tr.append(td, el('td', null, a.title), el('td', null, [a.stage, a.status].filter(Boolean).join(' / ')),
      el('td', null, a.areaCode), el('td', 'age', age(a.ageMinutes)));
    tbody.appendChild(tr);
  }
}

function age(minutes) {
  if (minutes === null || minutes === undefined) return '—';
  const d = Math.floor(minutes / 1440), h = Math.floor((minutes % 1440) / 60), m = minutes % 60;
  if (d) return d + '天' + h + '小时 · ' + d + ' d ' + h + ' h';
  if (h) return h + '小时' + m + '分 · ' + h + ' h ' + m + ' min';
  return m + '分钟 · ' + m + ' min';
}

let reportsLoaded = false;
async function loadReports() {
  if (reportsLoaded) return;
  let answer;
  try {
    answer = await state.api.json('/api/v1/reports');
  } catch (e) {
    showError('报表不可用 · Reports unavailable: ' + describe(e));
    return;
  }
  reportsLoaded = true;
  const templates = Array.isArray(answer) ? answer : (answer.items || answer.templates || []);
  const ul = $('reports');
  ul.replaceChildren();
  for (const t of templates) {
    const li = el('li', 'report');
    li.appendChild(el('span', 'report-title', t.title || t.name));
    for (const format of ['xlsx', 'csv', 'json']) {
      const b = el('button', 'button report-download', format.toUpperCase());
      b.type = 'button';
      b.dataset.report = t.name;
      b.dataset.format = format;
      b.setAttribute('aria-label', (t.title || t.name) + ' ' + format.toUpperCase() + ' 下载 download');
      b.addEventListener('click', () => download(t, format, b));
      li.appendChild(b);
    }
    ul.appendChild(li);
  }
}

async function download(template, format, button) {
  const area = state.path[state.path.length - 1].code;
  const date = state.overview && state.overview.date;
  const path = '/api/v1/reports/' + encodeURIComponent(template.name) + '?area=' + encodeURIComponent(area)
    + (date ? '&date=' + date : '') + '&format=' + format;
  button.disabled = true;
  button.dataset.state = 'busy';
  try {
    const name = await state.api.download(path, template.name + '-' + area + (date ? '-' + date : '') + '.' + format);
    button.dataset.state = 'done';
    button.dataset.file = name;
  } catch (e) {
    button.dataset.state = 'failed';
    showError('报表下载失败 · Report download failed: ' + describe(e));
  } finally {
    button.disabled = false;
  }
}

function follow(code) {
  if (state.stream) state.stream.stop();
  const live = $('live');
  state.stream = state.api.stream(code, onStreamEvent, (s, err) => {
    live.dataset.state = s;
    live.textContent = s === 'live' ? '实时 · Live' : s === 'reconnecting' ? '重连中 · Reconnecting'
      : '未连接 · Offline' + (err ? ' (' + describe(err) + ')' : '');
  });
}

function onStreamEvent(message) {
  const data = message.data || {};
  if (message.event === 'kpi' && data.area) {
    const shown = state.path[state.path.length - 1];
    const today = state.overview && state.overview.date;
    if (data.area.code === shown.code) {
      if (!today || data.day === today) {
        setFigures(data.figures || {});
        setLight($('area-status'), data.status);
      }
      for (const m of SERIES) state.charts.update(m.key, data.day, (data.figures || {})[m.key]);
    } else if (!today || data.day === today) {
      const li = document.querySelector('#tree [data-code="' + data.area.code + '"]');
      if (li) {
        setLight(li.querySelector('.light'), data.status);
        for (const key of TREE_KPIS) {
          const f = li.querySelector('[data-metric="' + key + '"] b');
          if (f && key in (data.figures || {})) f.textContent = fmt(data.figures[key], KPIS.find(k => k.key === key).unit);
        }
      }
    }
  } else if (message.event === 'alert') {
    clearTimeout(state.alertsTimer);
    const code = state.path[state.path.length - 1].code;
    const generation = state.generation;
    state.alertsTimer = setTimeout(() => loadAlerts(code, generation), 500);
  } else if (message.event === 'rebuilt' || message.event === 'resync') {
    // the picture was rebuilt, or the missed changes cannot be replayed (pruned, too many): reload the area
    load(state.path[state.path.length - 1].code);
  }
}

main();
