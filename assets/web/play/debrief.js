// The debrief: the class's street beside the same street with every role played by the
// model's rules (same seed), two series per key metric on the classroom page's charts
// (charts.js: the model's line dashed), what the class did differently per role kind,
// and the downloads.

import { MetricChart } from '../charts.js';
import { el, pick, palette, showProblem } from './common.js';

const KINDS = ['resident', 'committee', 'office', 'ngo'];
const DOWNLOADS = ['decisions.jsonl', 'resident.csv', 'committee.csv', 'office.csv', 'ngo.csv', 'trajectories.csv', 'report.html'];

/** The debrief message's rows [{week, metric, class, model}] as the charts' frames: per
 *  week, series 0 (class) and 1 (model), one point per metric in `metrics` order. */
export function debriefFrames(series, metrics) {
  const byWeek = new Map();
  for (const row of series || []) {
    const column = metrics.indexOf(row.metric);
    if (column < 0) continue;
    if (!byWeek.has(row.week)) byWeek.set(row.week, { week: row.week, series: [[], []] });
    const f = byWeek.get(row.week);
    f.series[0][column] = { mean: row.class, low: row.class, high: row.class };
    f.series[1][column] = { mean: row.model, low: row.model, high: row.model };
  }
  return [...byWeek.values()].sort((a, b) => a.week - b.week);
}

function show(m, x) {
  if (x == null || !Number.isFinite(x)) return '—';
  if (m && m.share) return `${(x * 100).toFixed(1)}%`;
  return Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(2);
}

/** The class and the model at the last week, per metric (the debrief's, and the phone's
 *  end screen). */
export function finalTable(frames, metrics, meta, t) {
  const table = el('table');
  table.id = 'debrief-final';
  const head = el('tr');
  for (const h of ['', t('web_play_class'), t('web_play_model'), t('web_play_summary_change')]) head.append(el('th', null, h));
  table.append(head);
  const last = frames[frames.length - 1];
  metrics.forEach((name, column) => {
    const m = meta.metrics.find(x => x.name === name);
    const c = last && last.series[0][column] ? last.series[0][column].mean : null;
    const d = last && last.series[1][column] ? last.series[1][column].mean : null;
    const tr = el('tr');
    tr.dataset.metric = name;
    const diff = c != null && d != null ? c - d : null;
    tr.append(el('th', null, m ? pick(m.label) : name), el('td', null, show(m, c)), el('td', null, show(m, d)),
      el('td', null, diff == null ? '—' : `${diff >= 0 ? '+' : '−'}${show(m, Math.abs(diff))}`));
    table.append(tr);
  });
  return table;
}

/** Per role kind: players seated, agent-weeks decided, choices made, and of the choices
 *  whose rule value is known before the week, how many differed from it. */
function differedTable(m, t) {
  const table = el('table');
  table.id = 'debrief-differed';
  const head = el('tr');
  const columns = ['web_play_differed_players', 'web_play_differed_decisions', 'web_play_differed_set',
    'web_play_differed_compared', 'web_play_differed_rule'];
  head.append(el('th'));
  for (const h of columns) head.append(el('th', null, t(h)));
  table.append(head);
  for (const kind of KINDS) {
    const d = (m.differed || {})[kind];
    const players = (m.players || {})[kind] ?? d?.players;
    if (!d && !players) continue;
    const tr = el('tr');
    tr.dataset.kind = kind;
    tr.append(el('th', null, t(`web_play_role_${kind}`)));
    const cells = [players, d?.decisions, d?.fields_set, d?.compared, d?.differed_from_rule];
    for (const v of cells) tr.append(el('td', null, String(v ?? 0)));
    table.append(tr);
  }
  return table;
}

/** Fetch a download with the trainer token (sent in the request, never put in a link a
 *  projected screen could show) and save it under its name. */
async function fetchDownload(access, name) {
  const q = new URLSearchParams({ token: access.token, lang: access.lang });
  const answer = await fetch(`../api/play/${encodeURIComponent(access.code)}/${name}?${q}`);
  if (!answer.ok) {
    const body = await answer.json().catch(() => ({ error: `HTTP ${answer.status}` }));
    showProblem(body.error, body.field);
    return;
  }
  const url = URL.createObjectURL(await answer.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

function downloads(m, access, t) {
  const list = el('ul', 'downloads');
  const names = Array.isArray(m.downloads) && m.downloads.length ? m.downloads : DOWNLOADS;
  for (const name of names) {
    const kind = name.replace(/\.csv$/, '');
    let words;
    if (name.endsWith('.jsonl')) words = t('web_play_download_log');
    else if (name === 'trajectories.csv') words = t('web_play_download_trajectories');
    else if (name === 'report.html') words = t('web_play_download_report');
    else if (KINDS.includes(kind)) words = t('web_play_download_role', { role: t(`web_play_role_${kind}`) });
    else words = name;
    const li = el('li');
    if (access) {
      const b = el('button', 'link', words);
      b.type = 'button';
      b.dataset.file = name;
      b.addEventListener('click', () => fetchDownload(access, name));
      li.append(b);
    } else {
      li.append(document.createTextNode(words));
    }
    list.append(li);
  }
  if (!access) list.append(el('li', 'hint', t('web_play_downloads_trainer')));
  return list;
}

/** Draw the debrief message `m` into `root`. `access` ({code, token, lang}) makes the
 *  downloads links (the trainer's page); without it they are listed only. Gives the
 *  charts, for the tests. */
export function drawDebrief(root, m, metrics, meta, t, access) {
  for (const c of root.chartObjects || []) c.destroy();
  root.replaceChildren();
  const frames = debriefFrames(m.series, metrics);
  root.append(el('h2', null, t('web_play_debrief')), el('p', 'hint', t('web_play_debrief_hint')));
  const legend = el('div', 'legend');
  for (const [i, key] of [[0, 'web_play_class'], [1, 'web_play_model']]) {
    const span = el('span');
    const sw = el('i');
    sw.style.background = palette(i);
    sw.style.borderColor = palette(i);
    if (i === 1) sw.className = 'dashed';
    span.append(sw, t(key));
    legend.append(span);
  }
  const charts = el('div', 'charts');
  root.append(legend, charts);
  const series = [{ name: t('web_play_class') }, { name: t('web_play_model'), forked_from: 0 }];
  const colours = [palette(0), palette(1)];
  const made = [];
  metrics.forEach((name, column) => {
    const metric = meta.metrics.find(x => x.name === name);
    if (!metric) return;
    const chart = new MetricChart(charts, metric, column, mm => ({ title: pick(mm.label), unit: pick(mm.unit) }));
    chart.reset(series, colours, frames);
    made.push(chart);
  });
  root.chartObjects = made;
  root.append(el('h3', null, t('web_play_final')), finalTable(frames, metrics, meta, t));
  root.append(el('h3', null, t('web_play_differed')), differedTable(m, t));
  root.append(el('h3', null, t('web_play_downloads')), downloads(m, access, t));
  return made;
}
