// The classroom page: choose scenarios, run them live, move levers, fork, download.
// Plain ES modules, no build step. Every word comes from the server (/api/meta, made from
// the library's i18n rows and catalogues); every number from the live session.

import { MetricChart } from './charts.js';
import { drawCommunity } from './community.js';

const $ = id => document.getElementById(id);

const page = {
  meta: null,
  lang: 'en',
  ws: null,
  session: null,   // {session, token, weeks, week, series, metrics}
  history: [],     // frames, in week order
  charts: {},      // metric name -> MetricChart
  shown: [],       // metric names with a chart
  chosen: [],      // scenario choices in the order chosen: {library} or {upload}
  uploads: [],     // {upload, name, title}
  moved: {},       // lever key -> value
  inForce: [],     // per series: lever key -> the value its next week runs with
  pendingSet: false,
  playing: false,
  lastCommunity: null,
};
window.cogovPage = page; // for the browser tests and for curious trainers

// ---- words ----------------------------------------------------------------------------

function t(key, values = {}) {
  const table = page.meta ? page.meta.strings[page.lang] : {};
  let s = table[key] ?? key;
  for (const [k, v] of Object.entries(values)) s = s.replaceAll(`{${k}}`, v);
  return s;
}
const pick = pair => (pair ? (pair[page.lang] || pair.en || '') : '');

function metricWords(m) {
  return { title: pick(m.label), unit: pick(m.unit) };
}

function seriesTitle(s) {
  const title = page.lang === 'zh' ? (s.title_zh || s.title_en) : (s.title_en || s.title_zh);
  return title || s.name;
}

function applyWords() {
  document.documentElement.lang = page.lang === 'zh' ? 'zh-CN' : 'en';
  document.title = t('web_title');
  for (const e of document.querySelectorAll('[data-i18n]')) e.textContent = t(e.dataset.i18n);
  for (const e of document.querySelectorAll('[data-i18n-placeholder]')) e.placeholder = t(e.dataset.i18nPlaceholder);
  $('lang-toggle').textContent = t('web_switch_lang');
  $('lang-toggle').setAttribute('aria-label', t('web_switch_lang_label'));
  $('scenarios-hint').textContent = t('web_scenarios_hint', { n: page.meta.limits.scenarios });
  renderScenarioList();
  renderLeverMode();
  renderLevers();
  renderMetricPicker();
  for (const c of Object.values(page.charts)) c.relabel();
  renderLegend();
  renderSeriesControls();
  renderNumbers();
  renderWeek();
  setConnection(page.ws && page.ws.readyState === WebSocket.OPEN);
  if (page.lastCommunity) drawCommunity($('community'), page.lastCommunity, t);
}

// ---- problems -------------------------------------------------------------------------

function showProblem(message, field) {
  $('problem-text').textContent = field ? `${field}: ${message}` : message;
  $('problem').hidden = false;
}
function clearProblem() { $('problem').hidden = true; }

// ---- scenarios ------------------------------------------------------------------------

function choiceKey(c) { return c.library ? `library:${c.library}` : `upload:${c.upload}`; }

function renderScenarioList() {
  const list = $('scenario-list');
  list.replaceChildren();
  const items = [
    ...page.meta.scenarios.map(s => ({ choice: { library: s.name }, title: pick(s.title) || s.name, description: pick(s.description) })),
    ...page.uploads.map(u => ({ choice: { upload: u.upload }, title: `${pick(u.title) || u.name} (${t('web_uploaded')}: ${u.name})`, description: '' })),
  ];
  for (const item of items) {
    const li = document.createElement('li');
    const label = document.createElement('label');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.value = choiceKey(item.choice);
    box.dataset.scenario = item.choice.library || item.choice.upload;
    const at = page.chosen.findIndex(c => choiceKey(c) === box.value);
    box.checked = at >= 0;
    box.addEventListener('change', () => toggleChoice(item.choice, box.checked));
    const order = document.createElement('span');
    order.className = 'order';
    order.textContent = at >= 0 ? `${at + 1}.` : '';
    const text = document.createElement('span');
    text.textContent = item.title;
    if (item.description) {
      const d = document.createElement('span');
      d.className = 'description';
      d.textContent = item.description;
      text.append(d);
      label.title = item.description;
    }
    label.append(box, order, text);
    li.append(label);
    list.append(li);
  }
}

function toggleChoice(choice, on) {
  const key = choiceKey(choice);
  page.chosen = page.chosen.filter(c => choiceKey(c) !== key);
  if (on) {
    if (page.chosen.length >= page.meta.limits.scenarios) {
      showProblem(t('web_scenarios_hint', { n: page.meta.limits.scenarios }));
    } else {
      page.chosen.push(choice);
    }
  }
  renderScenarioList();
}

async function uploadFile(file) {
  clearProblem();
  if (file.size > page.meta.limits.upload_bytes) {
    showProblem(`${file.name}: ${Math.ceil(file.size / 1024)} KiB > ${page.meta.limits.upload_bytes / 1024} KiB`, 'file');
    return;
  }
  const text = await file.text();
  const answer = await fetch(`api/upload?name=${encodeURIComponent(file.name)}`, { method: 'POST', body: text, headers: { 'content-type': 'text/plain' } });
  const body = await answer.json().catch(() => ({ error: `HTTP ${answer.status}` }));
  if (!answer.ok) { showProblem(body.error, body.field); return; }
  page.uploads.push(body);
  if (page.chosen.length < page.meta.limits.scenarios) page.chosen.push({ upload: body.upload });
  renderScenarioList();
}

function start() {
  clearProblem();
  if (page.chosen.length === 0) { showProblem(t('web_not_started')); return; }
  const replicates = Number($('replicates').value);
  if (!Number.isInteger(replicates) || replicates < 1 || replicates > page.meta.limits.replicates) {
    showProblem(t('web_out_of_range', { label: t('web_replicates'), value: $('replicates').value, range: `1–${page.meta.limits.replicates}` }));
    return;
  }
  const message = { type: 'start', scenarios: page.chosen, replicates };
  const seed = $('seed').value.trim();
  if (seed !== '') {
    if (!/^\d+$/.test(seed)) { showProblem(`${t('web_seed')}: ${seed}`); return; }
    message.seed = Number(seed);
  }
  send(message);
}

// ---- levers ---------------------------------------------------------------------------

/** A lever from /api/meta (`live::levers`, from the parameter catalogue) for a control:
 *  the slider runs over the valid range (or, where a bound is open, over what the library
 *  uses); values outside the valid range [min, max] are never sent. */
function lever(l) {
  const valueOf = v => (v && typeof v === 'object' && 'value' in v ? v.value : v);
  return {
    key: l.key,
    label: (page.lang === 'zh' ? l.label_zh : l.label_en) || l.key,
    unit: (page.lang === 'zh' ? l.unit_zh : l.unit) || l.unit || '',
    inTicks: !!l.in_ticks,
    reason: pick(l.reason_words) || l.reason || '',
    // The valid range and the choices' names in the page's language (catalog.rs).
    range: pick(l.range_words) || l.range || '',
    kind: l.kind,
    min: l.min ?? undefined,
    max: l.max ?? undefined,
    sliderMin: l.slider_min ?? l.min,
    // A number of weeks slides within the session's run (the value in force stays reachable).
    sliderMax: l.in_ticks && page.session && l.slider_max != null
      ? Math.max(page.session.weeks, Number(valueOf(l.default)) || 0)
      : (l.slider_max ?? l.max),
    step: l.step ?? (l.kind === 'integer' ? 1 : 0.01),
    value: valueOf(l.default),
    choices: l.choices || [],
    choiceWords: (l.choice_words && l.choice_words[page.lang]) || l.choices || [],
    midRun: l.mid_run !== false,
  };
}

/** Before the start (week 0, no fork yet) the levers change the chosen scenario itself;
 *  afterwards they prepare a reform (a fork). */
function beforeStart() {
  const s = page.session;
  return !!s && s.week === 0 && !s.series.some(x => x.forked_from != null);
}

/** The value a lever shows: moved by the trainer, else in force in the chosen series. */
function shownValue(l) {
  if (l.key in page.moved) return page.moved[l.key];
  const series = Number($('fork-series').value || 0);
  const force = page.inForce[series];
  return force && l.key in force ? force[l.key] : l.value;
}

function renderLevers() {
  const root = $('levers');
  root.replaceChildren();
  (page.meta.levers || []).forEach((raw, i) => {
    const l = lever(raw);
    const id = `lever-${i}`;
    const box = document.createElement('div');
    box.className = 'lever';
    box.dataset.key = l.key;
    if (l.key in page.moved) box.classList.add('moved');
    const label = document.createElement('label');
    label.htmlFor = id;
    label.textContent = l.label;
    label.title = l.reason;
    const current = shownValue(l);
    let input;
    const out = document.createElement('output');
    out.htmlFor = id;
    if (l.kind === 'bool') {
      input = document.createElement('input');
      input.type = 'checkbox';
      input.checked = !!current;
      out.textContent = current ? '✓' : '✗';
    } else if (l.kind === 'choice') {
      input = document.createElement('select');
      l.choices.forEach((c, k) => {
        const o = document.createElement('option');
        o.value = c; o.textContent = l.choiceWords[k] || c; o.selected = c === current;
        input.append(o);
      });
    } else {
      input = document.createElement('input');
      input.type = 'range';
      input.min = l.sliderMin; input.max = l.sliderMax; input.step = l.step;
      input.value = current;
      out.textContent = `${current}`;
      input.setAttribute('aria-valuetext', `${current} ${l.unit}`);
    }
    input.id = id;
    input.title = l.reason;
    input.dataset.key = l.key;
    input.addEventListener('input', () => {
      const v = readLever(l, input);
      page.moved[l.key] = v;
      out.textContent = typeof v === 'boolean' ? (v ? '✓' : '✗') : `${v}`;
      if (input.type === 'range') input.setAttribute('aria-valuetext', `${v} ${l.unit}`);
      box.classList.add('moved');
    });
    const unit = document.createElement('span');
    unit.className = 'unit';
    unit.textContent = l.unit;
    const range = document.createElement('span');
    range.className = 'range';
    range.textContent = t('web_range_words', { range: l.range });
    if (!l.midRun && !beforeStart()) {
      input.disabled = true;
      range.textContent += ` · ${t('web_lever_at_start')}`;
    }
    const undo = document.createElement('button');
    undo.type = 'button';
    undo.className = 'undo';
    undo.textContent = t('web_lever_undo');
    undo.hidden = !(l.key in page.moved);
    undo.addEventListener('click', () => { delete page.moved[l.key]; renderLevers(); });
    input.addEventListener('input', () => { undo.hidden = false; });
    label.append(' ', unit);
    const control = document.createElement('div');
    control.className = 'control';
    control.append(input, out, undo);
    box.append(label, range, control);
    root.append(box);
  });
}

function readLever(l, input) {
  if (input.type === 'checkbox') return input.checked;
  if (l.kind === 'choice') return input.value;
  const v = Number(input.value);
  return l.kind === 'integer' ? Math.round(v) : v;
}

/** The moved levers as a fork's changes; values outside a lever's range are not sent. */
function leverChanges() {
  const changes = [];
  for (const raw of page.meta.levers || []) {
    const l = lever(raw);
    if (!(l.key in page.moved)) continue;
    const value = page.moved[l.key];
    if (typeof value === 'number' && ((l.min !== undefined && !(value >= l.min)) || (l.max !== undefined && !(value <= l.max)))) {
      showProblem(t('web_out_of_range', { label: l.label, value, range: l.range }));
      return null;
    }
    changes.push({ key: l.key, value });
  }
  return changes;
}

function fork() {
  clearProblem();
  const changes = leverChanges();
  if (changes === null) return;
  if (changes.length === 0) { showProblem(t('web_no_lever_moved')); return; }
  const series = Number($('fork-series').value);
  if (beforeStart()) {
    page.pendingSet = true;
    send({ type: 'set', series, changes });
  } else {
    send({ type: 'fork', series, changes });
  }
}

/** The words of the lever panel: whether moving a lever changes the scenario (before the
 *  start) or prepares a reform (after). */
function renderLeverMode() {
  const before = beforeStart();
  $('levers-panel').classList.toggle('before-start', before);
  $('levers-hint').textContent = t(before ? 'web_levers_hint_before' : 'web_levers_hint');
  $('fork-series-label').textContent = t(before ? 'web_set_series' : 'web_fork_series');
  $('fork').textContent = t(before ? 'web_set_before' : 'web_fork');
}

/** New values in force: levers the trainer has not moved show them (in place, so a
 *  slider being dragged is not disturbed); a lever that changes kind of use re-renders. */
function updateInForce(inForce) {
  if (!inForce) return;
  const changed = JSON.stringify(inForce) !== JSON.stringify(page.inForce);
  page.inForce = inForce;
  if (changed) renderLevers();
}

// ---- charts and numbers -----------------------------------------------------------------

function defaultMetrics() {
  return page.meta.metrics.filter(m => m.key != null).sort((a, b) => a.key - b.key).slice(0, 6).map(m => m.name);
}

function renderMetricPicker() {
  const root = $('metric-picker');
  root.replaceChildren();
  for (const m of page.meta.metrics) {
    if (m.name === 'tick') continue;
    const label = document.createElement('label');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.value = m.name;
    box.checked = page.shown.includes(m.name);
    box.addEventListener('change', () => {
      page.shown = box.checked ? [...page.shown, m.name] : page.shown.filter(n => n !== m.name);
      rebuildCharts();
    });
    label.title = pick(m.explanation);
    label.append(box, ' ', pick(m.label));
    root.append(label);
  }
}

function colours() {
  return page.session.series.map((_, i) => page.meta.palette[i % page.meta.palette.length]);
}

function rebuildCharts() {
  for (const c of Object.values(page.charts)) c.destroy();
  page.charts = {};
  if (!page.session) return;
  const columns = page.session.metrics;
  for (const name of page.shown) {
    const m = page.meta.metrics.find(x => x.name === name);
    const column = columns.indexOf(name);
    if (!m || column < 0) continue;
    const chart = new MetricChart($('charts'), m, column, metricWords);
    chart.reset(page.session.series, colours(), page.history);
    page.charts[name] = chart;
  }
  renderLegend();
  renderNumbers();
}

function renderLegend() {
  const root = $('legend');
  root.replaceChildren();
  if (!page.session) return;
  page.session.series.forEach((s, i) => {
    const span = document.createElement('span');
    const swatch = document.createElement('i');
    swatch.style.background = colours()[i];
    swatch.style.borderColor = colours()[i];
    if (s.forked_from != null) swatch.className = 'dashed';
    span.append(swatch, seriesTitle(s));
    root.append(span);
  });
}

/** How a number is shown: shares as percentages, the rest with 3 significant decimals. */
function show(m, x) {
  if (x == null || !Number.isFinite(x)) return '—';
  if (m && m.share) return `${(x * 100).toFixed(1)}%`;
  return Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(2);
}

function renderNumbers() {
  const table = $('numbers');
  table.replaceChildren();
  if (!page.session) return;
  const frame = page.history[page.history.length - 1];
  const head = document.createElement('tr');
  const corner = document.createElement('th');
  corner.textContent = t('web_run');
  head.append(corner);
  for (const name of page.shown) {
    const m = page.meta.metrics.find(x => x.name === name);
    const th = document.createElement('th');
    th.textContent = m ? pick(m.label) : name;
    th.scope = 'col';
    head.append(th);
  }
  table.append(head);
  page.session.series.forEach((s, i) => {
    const tr = document.createElement('tr');
    tr.dataset.series = i;
    const th = document.createElement('th');
    th.scope = 'row';
    const sw = document.createElement('span');
    sw.className = 'swatch';
    sw.style.background = colours()[i];
    th.append(sw, seriesTitle(s));
    tr.append(th);
    for (const name of page.shown) {
      const m = page.meta.metrics.find(x => x.name === name);
      const column = page.session.metrics.indexOf(name);
      const td = document.createElement('td');
      td.dataset.metric = name;
      const started = !(s.fork_week != null && frame && frame.week < s.fork_week);
      const p = frame && started ? (frame.series[i] || [])[column] : null;
      if (p) td.dataset.value = String(p.mean);
      td.textContent = show(m, p ? p.mean : null);
      tr.append(td);
    }
    table.append(tr);
  });
}

function renderWeek() {
  const s = page.session;
  $('week').textContent = s ? t('web_week_of', { week: s.week, weeks: s.weeks }) : '';
  $('not-started').hidden = !!s;
  for (const id of ['play', 'step', 'reset', 'fork']) $(id).disabled = !s;
  const before = beforeStart();
  if (before !== page.wasBeforeStart) {
    page.wasBeforeStart = before;
    renderLeverMode();
    renderLevers();
  }
  $('play').textContent = page.playing ? t('web_pause') : t('web_play');
  $('finished').hidden = !(s && s.week >= s.weeks);
}

function fillSelect(select, series) {
  const before = select.value;
  select.replaceChildren();
  series.forEach((s, i) => {
    const o = document.createElement('option');
    o.value = String(s.index ?? i);
    o.textContent = `${i + 1}. ${seriesTitle(s)}`;
    select.append(o);
  });
  if ([...select.options].some(o => o.value === before)) select.value = before;
}

function renderSeriesControls() {
  const series = page.session ? page.session.series : [];
  for (const id of ['fork-series', 'community-series', 'download-series']) fillSelect($(id), series);
  renderDownloads();
}

function renderDownloads() {
  const s = page.session;
  const links = { 'download-toml': 'scenario.toml', 'download-csv': 'trajectories.csv', 'download-report': 'report.html' };
  for (const [id, file] of Object.entries(links)) {
    const a = $(id);
    if (!s) { a.removeAttribute('href'); a.setAttribute('aria-disabled', 'true'); continue; }
    const q = new URLSearchParams({ token: s.token, lang: page.lang });
    if (file === 'scenario.toml') q.set('series', $('download-series').value || '0');
    a.href = `api/session/${s.session}/${file}?${q}`;
    a.setAttribute('aria-disabled', 'false');
    a.setAttribute('download', file === 'scenario.toml' ? '' : file);
  }
}

// ---- the live stream ------------------------------------------------------------------

function send(message) {
  if (!page.ws || page.ws.readyState !== WebSocket.OPEN) { showProblem(t('web_disconnected')); return; }
  page.ws.send(JSON.stringify(message));
}

function setConnection(up) {
  const e = $('connection');
  e.textContent = up ? t('web_connected') : t('web_disconnected');
  e.classList.toggle('down', !up);
}

function connect() {
  const url = new URL('ws', location.href);
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const ws = new WebSocket(url);
  page.ws = ws;
  ws.addEventListener('open', () => {
    setConnection(true);
    const saved = sessionStorage.getItem('cogov-session');
    if (saved) {
      const { session, token } = JSON.parse(saved);
      ws.send(JSON.stringify({ type: 'attach', session, token }));
    }
  });
  ws.addEventListener('close', () => { setConnection(false); page.playing = false; renderWeek(); setTimeout(connect, 1000); });
  ws.addEventListener('message', e => receive(JSON.parse(e.data)));
}

function receive(m) {
  switch (m.type) {
    case 'state': return onState(m);
    case 'frame': return onFrame(m);
    case 'forked': return onForked(m);
    case 'playing': page.playing = m.playing; return renderWeek();
    case 'finished': page.playing = false; return renderWeek();
    case 'community':
      page.lastCommunity = m;
      $('community-index').max = m.communities;
      return drawCommunity($('community'), m, t);
    case 'error':
      page.pendingSet = false;
      if (m.field === 'session') sessionStorage.removeItem('cogov-session');
      return showProblem(m.message, m.field);
    default: return undefined;
  }
}

function onState(m) {
  page.session = { session: m.session, token: m.token, week: m.week, weeks: m.weeks, series: m.series, metrics: m.metrics };
  sessionStorage.setItem('cogov-session', JSON.stringify({ session: m.session, token: m.token }));
  page.history = m.history;
  page.inForce = m.in_force || [];
  if (page.pendingSet) { page.moved = {}; page.pendingSet = false; }
  page.wasBeforeStart = undefined;
  page.lastCommunity = null;
  $('community').replaceChildren();
  rebuildCharts();
  renderSeriesControls();
  renderWeek();
  watchCommunity();
}

function onFrame(m) {
  page.history.push(m);
  page.session.week = m.week;
  updateInForce(m.in_force);
  for (const c of Object.values(page.charts)) c.push(m);
  renderNumbers();
  renderWeek();
}

function onForked(m) {
  page.session.series = m.series;
  page.history = m.history;
  page.inForce = m.in_force || page.inForce;
  page.moved = {};
  renderLevers();
  rebuildCharts();
  renderSeriesControls();
  renderWeek();
}

function watchCommunity() {
  if (!page.session) return;
  const shown = Number($('community-index').value);
  if (!Number.isInteger(shown) || shown < 1) return;
  send({ type: 'community', series: Number($('community-series').value || 0), community: shown - 1 });
}

// ---- wiring ---------------------------------------------------------------------------

function wire() {
  $('lang-toggle').addEventListener('click', () => {
    page.lang = page.lang === 'en' ? 'zh' : 'en';
    localStorage.setItem('cogov-lang', page.lang);
    const u = new URL(location.href);
    u.searchParams.set('lang', page.lang);
    history.replaceState(null, '', u);
    applyWords();
    renderDownloads();
  });
  $('problem-close').addEventListener('click', clearProblem);
  $('upload').addEventListener('change', e => { const f = e.target.files[0]; if (f) uploadFile(f); e.target.value = ''; });
  $('start').addEventListener('click', start);
  $('play').addEventListener('click', () => send(page.playing ? { type: 'pause' } : { type: 'play', speed: Number($('speed').value) }));
  $('step').addEventListener('click', () => send({ type: 'step' }));
  $('reset').addEventListener('click', () => send({ type: 'reset' }));
  $('speed').addEventListener('input', () => {
    $('speed-value').textContent = $('speed').value;
    if (page.session) send({ type: 'speed', speed: Number($('speed').value) });
  });
  $('fork').addEventListener('click', fork);
  $('fork-series').addEventListener('change', renderLevers);
  $('community-series').addEventListener('change', watchCommunity);
  $('community-index').addEventListener('change', watchCommunity);
  $('download-series').addEventListener('change', renderDownloads);
  window.addEventListener('resize', () => { for (const c of Object.values(page.charts)) c.resize(); });
}

async function main() {
  const asked = new URL(location.href).searchParams.get('lang');
  const answer = await fetch('api/meta');
  page.meta = await answer.json();
  page.lang = ['en', 'zh'].includes(asked) ? asked : (localStorage.getItem('cogov-lang') || page.meta.lang);
  page.shown = defaultMetrics();
  $('replicates').max = page.meta.limits.replicates;
  $('replicates').value = page.meta.limits.default_replicates;
  $('speed').min = 1;
  $('speed').max = Math.min(60, page.meta.limits.max_speed);
  wire();
  applyWords();
  connect();
  document.body.dataset.ready = 'true';
}

main().catch(e => showProblem(String(e)));
