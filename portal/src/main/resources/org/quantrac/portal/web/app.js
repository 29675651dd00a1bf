// Quantrac dashboard: map of all stations, live values over Server-Sent Events, station charts, technician view.
'use strict';
const BANDS = [[50, '#00e400', 'Tốt', 'Good'], [100, '#ffff00', 'Trung bình', 'Moderate'],
  [150, '#ff7e00', 'Kém', 'Poor'], [200, '#ff0000', 'Xấu', 'Bad'], [300, '#8f3f97', 'Rất xấu', 'Very bad'],
  [1e9, '#7e0023', 'Nguy hại', 'Hazardous']];
const NO_AQI_COLOUR = '#4a90d9';
const state = { stations: [], byCode: {}, latest: {}, aqi: {}, lastSeen: {}, route: '', charts: {}, range: '24h',
  healthRows: [], sortKey: 'code', sortDir: 1 };

function band(aqi) { return BANDS.find(b => aqi <= b[0]); }
function fmt(v) { return v == null ? '–' : (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(1)); }
function el(tag, attrs, text) {
  const e = document.createElement(tag);
  for (const k in (attrs || {})) e.setAttribute(k, attrs[k]);
  if (text != null) e.textContent = text;
  return e;
}
async function getJson(url, opts) {
  const r = await fetch(url, Object.assign({ credentials: 'same-origin' }, opts || {}));
  if (!r.ok) { const err = new Error(url + ': ' + r.status); err.status = r.status; throw err; }
  return r.json();
}

// ---- map page -------------------------------------------------------------------------------------------------
function offlineAfterMs(s) { return Math.max(3 * s.intervalSeconds * 1000, 15 * 60 * 1000); }
function stationClass(s) {
  const seen = state.lastSeen[s.code];
  const values = state.latest[s.code] || [];
  const cls = ['station'];
  if (!seen || Date.now() - seen > offlineAfterMs(s)) cls.push('offline');
  if (values.some(v => v.status === 2)) cls.push('error');
  else if (values.some(v => v.status === 1)) cls.push('calibrating');
  return cls.join(' ');
}
function stationColour(s) {
  const a = state.aqi[s.code];
  return s.aqiEligible && a != null ? band(a)[1] : NO_AQI_COLOUR;
}
function paintStation(s, flash) {
  const c = document.querySelector(`circle.station[data-code="${s.code}"]`);
  if (!c) return;
  c.setAttribute('class', stationClass(s) + (flash ? ' flash' : ''));
  c.setAttribute('fill', stationColour(s));
  if (!c.getAttribute('class').includes('offline')) c.parentNode.appendChild(c); // reporting stations on top
}
function renderLegend() {
  const lg = document.getElementById('legend');
  lg.replaceChildren(...BANDS.map(b => { const s = el('span', {}, LANG === 'vi' ? b[2] : b[3]);
    s.style.setProperty('--c', b[1]); return s; }));
  const n = el('span', {}, t('noAqi')); n.style.setProperty('--c', NO_AQI_COLOUR); lg.appendChild(n);
  const o = el('span', {}, t('offline')); o.style.setProperty('--c', '#aaa'); lg.appendChild(o);
}
function renderStationList() {
  const f = (document.getElementById('station-filter').value || '').toLowerCase();
  const ul = document.getElementById('station-list');
  ul.replaceChildren(...state.stations.filter(s => !f || (s.code + ' ' + s.name + ' ' + s.district).toLowerCase()
    .includes(f)).map(s => {
    const li = el('li', { 'data-code': s.code });
    const b = el('span', { class: 'badge' }, state.aqi[s.code] != null ? String(state.aqi[s.code]) : '·');
    b.style.background = stationColour(s);
    const a = el('a', { href: '#/station/' + encodeURIComponent(s.code) }, s.code + ' — ' + s.name);
    li.append(b, a);
    return li;
  }));
  const online = state.stations.filter(s => !stationClass(s).includes('offline')).length;
  document.getElementById('online-count').textContent = online;
}
async function loadAlerts() {
  const from = new Date(Date.now() - 365 * 864e5).toISOString();
  const to = new Date(Date.now() + 60000).toISOString();
  try {
    const data = await getJson('/api/v1/alerts?limit=1000&from=' + encodeURIComponent(from) + '&to=' + encodeURIComponent(to));
    data.alerts = data.alerts.filter(a => a.state !== 'RESOLVED');
    const ul = document.getElementById('alert-list');
    ul.replaceChildren(...(data.alerts.length ? data.alerts.map(a => {
      const li = el('li', { 'data-alert': a.id }, `${a.station} · ${a.parameter || a.rule} · ${fmt(a.value)} (${a.severity}, ${a.state}) `);
      if (state.user && a.state === 'OPEN') {
        const b = el('button', { type: 'button', class: 'ack', 'data-i18n': 'ack' }, t('ack'));
        b.addEventListener('click', async () => {
          const r = await fetch(`/tech/api/alerts/${a.id}/acknowledge`, { method: 'POST', credentials: 'same-origin',
            headers: { 'Content-Type': 'application/json' }, body: '{}' });
          b.textContent = r.ok ? '✔' : '✘ ' + r.status;
          if (r.ok) setTimeout(loadAlerts, 500);
        });
        li.appendChild(b);
      }
      return li;
    }) : [el('li', { 'data-i18n': 'alerts.none' }, t('alerts.none'))]));
  } catch (e) { console.warn(e); }
}
async function loadLatest() {
  const data = await getJson('/api/v1/latest');
  data.stations.forEach(s => {
    state.latest[s.code] = s.values;
    state.lastSeen[s.code] = s.lastSeen ? Date.parse(s.lastSeen) : null;
    if (s.aqi) state.aqi[s.code] = s.aqi.value;
  });
  state.stations.forEach(s => paintStation(s, false));
  renderStationList();
  if (state.route.startsWith('station:')) renderLatestValues(state.route.slice(8));
}

// ---- live feed ------------------------------------------------------------------------------------------------
function connectLive() {
  const es = new EventSource('/live/stream');
  const status = document.getElementById('live-status');
  es.onopen = () => { status.className = 'live on'; status.dataset.i18n = 'live.on'; status.textContent = t('live.on'); };
  es.onerror = () => { status.className = 'live off'; status.dataset.i18n = 'live.off'; status.textContent = t('live.off'); };
  es.addEventListener('observation', ev => {
    const o = JSON.parse(ev.data);
    const s = state.byCode[o.station];
    if (!s) return;
    const prev = state.lastSeen[o.station];
    if (prev && o.timeMs < prev) return;
    state.lastSeen[o.station] = o.timeMs;
    // merge: an observation may carry only some of the station's parameters
    const merged = {};
    (state.latest[o.station] || []).forEach(v => { merged[v.parameter] = v; });
    o.values.forEach(v => { merged[v.parameter] = { parameter: v.parameter, unit: v.unit, value: v.value,
      status: v.status, time: o.time }; });
    state.latest[o.station] = Object.values(merged);
    paintStation(s, true);
    const li = document.querySelector(`#station-list li[data-code="${o.station}"]`);
    if (li) li.title = o.time;
    if (state.route === 'station:' + o.station) { liveIntoCharts(o); renderLatestValues(o.station); }
  });
}

// ---- station page ---------------------------------------------------------------------------------------------
function renderLatestValues(code) {
  const tbody = document.querySelector('#latest-values tbody');
  tbody.replaceChildren(...(state.latest[code] || []).map(v => {
    const tr = el('tr');
    tr.append(el('th', {}, v.parameter), el('td', { 'data-parameter': v.parameter }, fmt(v.value)),
      el('td', {}, v.unit || ''), el('td', {}, (v.time || '').replace('T', ' ').slice(0, 19)),
      el('td', {}, t('status.0' + v.status)));
    return tr;
  }));
}
async function fetchAll(url) {
  const rows = [];
  let next = url;
  while (next) { const page = await getJson(next); rows.push(...page.data); next = page.next; }
  return rows;
}
async function showStation(code) {
  const s = state.byCode[code];
  if (!s) return;
  document.getElementById('station-title').textContent = `${s.code} — ${s.name}`;
  document.getElementById('station-meta').textContent = `${s.district} · ${s.kind} · ${s.intervalSeconds} s`
    + (state.aqi[code] != null ? ` · AQI ${state.aqi[code]}` : '');
  renderLatestValues(code);
  const charts = document.getElementById('charts');
  charts.replaceChildren();
  state.charts = {};
  const daily = state.range === '7d';
  const url = daily ? `/api/v1/stations/${encodeURIComponent(code)}/hourly?limit=10000`
    : `/api/v1/stations/${encodeURIComponent(code)}/readings?limit=10000`;
  const rows = await fetchAll(url);
  s.parameters.forEach(p => {
    const points = rows.filter(r => r.parameter === p.symbol)
      .map(r => [Date.parse(daily ? r.start : r.time), daily ? r.avg : r.value]).filter(x => x[1] != null);
    const box = el('div', { class: 'chart-box' });
    box.appendChild(el('h4', {}, `${p.name} (${p.symbol}, ${p.unit})` + (p.limit ? ` — ${t('limit')}: `
      + [p.limit.lower, p.limit.upper].filter(x => x != null).join('–') + ` ${p.limit.regulation}` : '')));
    const svg = svgEl('svg', { class: 'chart', 'data-parameter': p.symbol, viewBox: '0 0 800 180',
      preserveAspectRatio: 'none' });
    box.appendChild(svg);
    charts.appendChild(box);
    state.charts[p.symbol] = { svg, points, limit: p.limit, span: daily ? 7 * 864e5 : 864e5 };
    drawChart(state.charts[p.symbol]);
  });
}
function drawChart(c) {
  const W = 800, H = 180, L = 45, B = 20;
  const now = Date.now(), t0 = now - c.span;
  const pts = c.points.filter(p => p[0] >= t0);
  const vals = pts.map(p => p[1]);
  if (c.limit) { if (c.limit.upper != null) vals.push(c.limit.upper); if (c.limit.lower != null) vals.push(c.limit.lower); }
  let lo = Math.min(0, ...vals), hi = Math.max(1, ...vals);
  if (hi === lo) hi = lo + 1;
  hi += (hi - lo) * 0.05;
  const x = tm => L + (tm - t0) / c.span * (W - L - 5);
  const y = v => (H - B) - (v - lo) / (hi - lo) * (H - B - 5);
  c.svg.replaceChildren();
  c.svg.appendChild(svgEl('line', { x1: L, y1: H - B, x2: W, y2: H - B, class: 'axis' }));
  c.svg.appendChild(svgEl('line', { x1: L, y1: 0, x2: L, y2: H - B, class: 'axis' }));
  [lo, (lo + hi) / 2, hi].forEach(v => { const tx = svgEl('text', { x: 2, y: y(v) + 3 }); tx.textContent = fmt(v); c.svg.appendChild(tx); });
  if (c.limit) [c.limit.upper, c.limit.lower].filter(v => v != null).forEach(v =>
    c.svg.appendChild(svgEl('line', { x1: L, x2: W, y1: y(v), y2: y(v), class: 'limit', 'data-value': v })));
  if (pts.length === 0) { const tx = svgEl('text', { x: W / 2, y: H / 2 }); tx.textContent = t('noData'); c.svg.appendChild(tx); return; }
  c.svg.appendChild(svgEl('polyline', { class: 'line', 'data-points': pts.length,
    points: pts.map(p => x(p[0]).toFixed(1) + ',' + y(p[1]).toFixed(1)).join(' ') }));
}
function liveIntoCharts(o) {
  if (state.range !== '24h') return;
  o.values.forEach(v => { const c = state.charts[v.parameter]; if (c) { c.points.push([o.timeMs, v.value]); drawChart(c); } });
}

// ---- technician view ------------------------------------------------------------------------------------------
async function showTech() {
  try {
    const me = await getJson('/auth/me');
    if (!state.user) { state.user = me; loadAlerts(); }
    document.getElementById('login-form').hidden = true;
    document.getElementById('tech-view').hidden = false;
    document.getElementById('tech-user').textContent = `${me.user} (${me.role})`;
    const health = await getJson('/tech/api/health');
    state.healthRows = health.stations;
    renderHealth();
  } catch (e) {
    if (state.user) { state.user = null; loadAlerts(); }
    document.getElementById('tech-view').hidden = true;
    document.getElementById('login-form').hidden = false;
  }
}
function renderHealth() {
  const f = (document.getElementById('health-filter').value || '').toLowerCase();
  const on = document.getElementById('health-online').value;
  const rows = state.healthRows.filter(r => (!f || (r.code + ' ' + r.name + ' ' + r.district).toLowerCase().includes(f))
    && (!on || (on === 'online') === r.online));
  const k = state.sortKey, d = state.sortDir;
  rows.sort((a, b) => (a[k] == null) - (b[k] == null) || (a[k] < b[k] ? -d : a[k] > b[k] ? d : 0));
  const tbody = document.querySelector('#health-table tbody');
  tbody.replaceChildren(...rows.map(r => {
    const tr = el('tr', { 'data-code': r.code, class: r.online ? 'online' : 'offline' });
    [r.code, r.district, r.online ? '✔' : '✘', r.lastSeen ? r.lastSeen.replace('T', ' ').slice(0, 19) : '–',
      r.messagesPerMinute.toFixed(1), Math.round(r.completenessToday * 100) + ' %',
      r.statusCode ? r.statusCode + ' ' + t('status.' + r.statusCode) : '–', r.openAlerts,
      r.bufferDepth == null ? '–' : r.bufferDepth].forEach(v => tr.appendChild(el('td', {}, String(v))));
    tr.addEventListener('click', () => showMessages(r.code));
    return tr;
  }));
}
async function showMessages(code) {
  const [data, tl] = await Promise.all([
    getJson('/tech/api/stations/' + encodeURIComponent(code) + '/messages'),
    getJson('/tech/api/stations/' + encodeURIComponent(code) + '/timeline')]);
  document.getElementById('messages-title').textContent = `${code}`;
  const lines = [];
  lines.push('## ' + t('timeline'));
  tl.events.forEach(e => lines.push(`${t('ev.' + e.kind)}: ${e.from.replace('T', ' ').slice(0, 16)} → ${e.to.replace('T', ' ').slice(0, 16)}`));
  if (!tl.events.length) lines.push('–');
  lines.push('', '## ' + t('dead'));
  tl.deadLetters.forEach(d => lines.push(`${d.received.replace('T', ' ').slice(0, 19)} ${d.reason}: ${d.detail}`, '   ' + d.payloadText));
  if (!tl.deadLetters.length) lines.push('–');
  lines.push('', '## ' + t('messages'));
  data.messages.forEach(m => lines.push(JSON.stringify(m)));
  if (!data.messages.length) lines.push('–');
  document.getElementById('messages').textContent = lines.join('\n');
}

// ---- routing and start ----------------------------------------------------------------------------------------
function route() {
  const h = location.hash || '#/';
  const pages = { map: 'page-map', station: 'page-station', tech: 'page-tech' };
  let page = 'map';
  if (h.startsWith('#/station/')) { page = 'station'; state.route = 'station:' + decodeURIComponent(h.slice(10)); showStation(decodeURIComponent(h.slice(10))); }
  else if (h.startsWith('#/tech')) { page = 'tech'; state.route = 'tech'; showTech(); }
  else { state.route = 'map'; }
  Object.entries(pages).forEach(([k, id]) => { document.getElementById(id).hidden = k !== page; });
}
async function start() {
  applyI18n();
  renderLegend();
  document.getElementById('lang').addEventListener('click', () => {
    LANG = LANG === 'vi' ? 'en' : 'vi'; localStorage.setItem('quantrac.lang', LANG); applyI18n(); renderLegend();
  });
  document.getElementById('station-filter').addEventListener('input', renderStationList);
  document.getElementById('health-filter').addEventListener('input', renderHealth);
  document.getElementById('health-online').addEventListener('change', renderHealth);
  document.querySelectorAll('#health-table th').forEach(th => th.addEventListener('click', () => {
    state.sortDir = state.sortKey === th.dataset.key ? -state.sortDir : 1; state.sortKey = th.dataset.key; renderHealth();
  }));
  document.querySelectorAll('.range button').forEach(b => b.addEventListener('click', () => {
    document.querySelectorAll('.range button').forEach(x => x.classList.toggle('active', x === b));
    state.range = b.dataset.range; route();
  }));
  document.getElementById('login-form').addEventListener('submit', async ev => {
    ev.preventDefault();
    const r = await fetch('/auth/login', { method: 'POST', headers: { 'Content-Type': 'application/json' },
      credentials: 'same-origin', body: JSON.stringify({ user: document.getElementById('login-user').value,
        password: document.getElementById('login-password').value }) });
    document.getElementById('login-error').textContent = r.ok ? '' : t('login.failed');
    if (r.ok) showTech();
  });
  document.getElementById('logout').addEventListener('click', async () => {
    await fetch('/auth/logout', { method: 'POST', credentials: 'same-origin' }); showTech();
  });
  const data = await getJson('/api/v1/stations');
  state.stations = data.stations;
  data.stations.forEach(s => { state.byCode[s.code] = s; });
  document.getElementById('station-count').textContent = data.stations.length;
  drawMap(document.getElementById('map'), data.stations, s => { location.hash = '#/station/' + encodeURIComponent(s.code); });
  window.addEventListener('hashchange', route);
  route();
  try { state.user = await getJson('/auth/me'); } catch (e) { state.user = null; }
  await loadLatest();
  loadAlerts();
  connectLive();
  setInterval(() => { state.stations.forEach(s => paintStation(s, false)); renderStationList(); }, 60000);
}
start();
