// What the projector shows, for the projector page (watch, read-only) and the trainer's
// page alike: the join view (address, QR code, join code, players by role), the round and
// its timer, the live charts (the classroom page's charts.js), the street as a picture,
// the round summary and, at the end, the debrief. Nothing here knows the trainer token.

import { MetricChart } from '../charts.js';
import { t, words, pick, palette, clock, el } from './common.js';
import { drawStreet } from './street.js';
import { drawDebrief } from './debrief.js';

const KINDS = ['resident', 'committee', 'office', 'ngo'];

/** The classroom page's first six key metrics (the comparison's order). */
function keyMetrics(meta) {
  return meta.metrics.filter(m => m.key != null).sort((a, b) => a.key - b.key).slice(0, 6).map(m => m.name);
}

function metricRow(name) {
  return words.meta.metrics.find(m => m.name === name);
}

function show(m, x) {
  if (x == null || !Number.isFinite(x)) return '—';
  if (m && m.share) return `${(x * 100).toFixed(1)}%`;
  return Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(2);
}

export class Projector {
  /** `access()` gives {code, token, lang} on the trainer's page (download links), or null. */
  constructor(root, access = () => null) {
    this.root = root;
    this.access = access;
    this.state = null;
    this.weeks = [];        // every closed week: {week, metrics}
    this.frames = [];       // the same, as charts.js frames
    this.charts = {};
    this.lastClosed = null; // the last round_closed message
    this.debrief = null;
    this.debriefCharts = [];
    this.deadline = null;
    this.shown = keyMetrics(words.meta);
    this.build();
    setInterval(() => this.drawTimer(), 250);
  }

  build() {
    const section = (id, titleKey) => {
      const s = el('section');
      s.id = id;
      if (titleKey) {
        const h = el('h2', null, t(titleKey));
        h.dataset.i18n = titleKey;
        s.append(h);
      }
      return s;
    };
    this.joinView = section('join-view', 'web_play_join_here');
    const grid = el('div', 'join-view');
    this.qr = el('div', 'qr');
    const right = el('div');
    this.address = el('p', 'join-address');
    this.code = el('p', 'join-code');
    this.code.id = 'join-code';
    this.joined = el('p', 'big');
    this.roles = el('div', 'roles');
    right.append(this.address, this.code, this.joined, this.roles);
    grid.append(this.qr, right);
    this.joinView.append(grid);

    this.bar = el('section', 'status-bar');
    this.bar.id = 'status';
    this.phase = el('span', 'big');
    this.roundEl = el('span', 'big');
    this.roundEl.id = 'round';
    this.actedEl = el('span');
    this.actedEl.id = 'acted';
    this.timer = el('span', 'timer');
    this.timer.id = 'timer';
    this.timer.setAttribute('role', 'timer');
    this.smallCode = el('span');
    this.bar.append(this.phase, this.roundEl, this.actedEl, this.timer, this.smallCode);

    this.chartsPanel = section('charts-panel', 'web_play_charts');
    this.legend = el('div', 'legend');
    this.chartsEl = el('div', 'charts');
    this.chartsEl.id = 'charts';
    this.chartsPanel.append(this.legend, this.chartsEl);

    this.streetPanel = section('street-panel', 'web_play_street');
    this.street = el('div', 'community');
    this.street.id = 'street';
    this.streetPanel.append(this.street);

    this.summaryPanel = section('summary-panel', 'web_play_summary');
    this.summary = el('div', 'summary');
    this.summary.id = 'summary';
    this.summaryPanel.append(this.summary);

    this.debriefPanel = el('section', 'debrief');
    this.debriefPanel.id = 'debrief';
    this.debriefPanel.hidden = true;
    this.root.append(this.bar, this.joinView, this.debriefPanel, this.chartsPanel, this.streetPanel, this.summaryPanel);
    this.rebuildCharts();
    this.draw();
  }

  // ---- messages ----

  receive(m) {
    switch (m.type) {
      case 'state':
        this.state = m;
        this.setDeadline(m.seconds_left);
        return this.draw();
      case 'round_open':
        this.setDeadline(m.seconds_left);
        return this.draw();
      case 'round_closed': return this.onRoundClosed(m);
      // On (re)connect: every week closed so far, so the charts are whole after a reload,
      // and the last closed round, so the round summary is too.
      case 'history':
        this.restore(m.weeks || []);
        return this.restoreSummary(m.last_round);
      case 'debrief':
        this.debrief = m;
        return this.draw();
      default: return undefined;
    }
  }

  /** A new session (the trainer created or chose another): start afresh. */
  reset() {
    this.state = null;
    this.weeks = [];
    this.frames = [];
    this.lastClosed = null;
    this.debrief = null;
    this.rebuildCharts();
    this.draw();
  }

  /** Weeks closed before this page (re)connected (the server's `history`): put on the
   *  charts, in week order, with the live ones. `rows`: [{week, metrics}]. */
  restore(rows) {
    const known = new Set(this.weeks.map(w => w.week));
    const missing = rows.filter(r => !known.has(r.week));
    if (missing.length === 0) return;
    this.weeks = [...missing, ...this.weeks].sort((a, b) => a.week - b.week);
    this.frames = this.weeks.map(w => this.frame(w));
    this.rebuildCharts();
    this.draw();
  }

  /** The last closed round from the server's `history` ({round, weeks: [first, last],
   *  acted, defaulted}, or null): the round summary as its `round_closed` drew it, unless
   *  this page has seen that round or a later one close itself. */
  restoreSummary(last) {
    if (!last || (this.lastClosed && this.lastClosed.message.round >= last.round)) return;
    const first = Array.isArray(last.weeks) ? last.weeks[0] : null;
    const before = this.weeks.find(w => w.week === first - 1) || null;
    this.lastClosed = { message: last, before };
    this.draw();
  }

  onRoundClosed(m) {
    const before = this.weeks.length ? this.weeks[this.weeks.length - 1] : null;
    for (const w of m.weeks || []) {
      if (this.weeks.some(x => x.week === w.week)) continue;
      this.weeks.push(w);
      const frame = this.frame(w);
      this.frames.push(frame);
      for (const c of Object.values(this.charts)) c.push(frame);
    }
    this.lastClosed = { message: m, before };
    this.draw();
  }

  frame(w) {
    return {
      week: w.week,
      series: [this.shown.map(name => {
        const v = w.metrics ? w.metrics[name] : undefined;
        return typeof v === 'number' ? { mean: v, low: v, high: v } : null;
      })],
    };
  }

  setDeadline(seconds) {
    this.deadline = seconds == null ? null : Date.now() + 1000 * seconds;
    this.drawTimer();
  }

  // ---- drawing ----

  rebuildCharts() {
    for (const c of Object.values(this.charts)) c.destroy();
    this.charts = {};
    const series = [{ name: t('web_play_class') }];
    this.shown.forEach((name, column) => {
      const m = metricRow(name);
      if (!m) return;
      const chart = new MetricChart(this.chartsEl, m, column, mm => ({ title: pick(mm.label), unit: pick(mm.unit) }));
      chart.reset(series, [palette(0)], this.frames);
      this.charts[name] = chart;
    });
  }

  relabel() {
    for (const e of this.root.querySelectorAll('[data-i18n]')) e.textContent = t(e.dataset.i18n);
    for (const c of Object.values(this.charts)) c.relabel();
    this.draw(true);
  }

  draw(relabel = false) {
    const s = this.state;
    const phase = s ? s.phase : null;
    this.joinView.hidden = !s || phase !== 'lobby';
    this.debriefPanel.hidden = !this.debrief;
    this.bar.hidden = !!this.debrief;
    for (const p of [this.chartsPanel, this.streetPanel, this.summaryPanel]) p.hidden = !s || phase === 'lobby' || !!this.debrief;
    this.drawJoin();
    this.drawStatus();
    this.drawLegend();
    this.drawStreet();
    this.drawSummary();
    if (this.debrief && (relabel || this.debriefDrawn !== this.debrief)) {
      this.debriefDrawn = this.debrief;
      const metrics = [...new Set((this.debrief.series || []).map(r => r.metric))];
      this.debriefCharts = drawDebrief(this.debriefPanel, this.debrief, metrics, words.meta, t, this.access());
    }
  }

  drawJoin() {
    const s = this.state;
    if (!s) return;
    const url = new URL(s.join_url, location.href);
    this.address.textContent = url.href;
    if (this.qr.dataset.src !== s.qr_url) {
      const img = document.createElement('img');
      img.src = new URL(s.qr_url, location.href).href;
      img.alt = `${t('web_play_qr')}: ${url.href}`;
      this.qr.replaceChildren(img);
      this.qr.dataset.src = s.qr_url;
    } else if (this.qr.firstChild) {
      this.qr.firstChild.alt = `${t('web_play_qr')}: ${url.href}`;
    }
    this.code.textContent = s.code;
    this.code.setAttribute('aria-label', `${t('web_play_join_code')}: ${[...s.code].join(' ')}`);
    const players = s.players || [];
    this.joined.textContent = t('web_play_players_joined', { n: players.length });
    this.roles.replaceChildren();
    for (const kind of [...KINDS, null]) {
      const here = players.filter(p => (p.role ? p.role.kind : null) === kind);
      if (here.length === 0) continue;
      const box = el('div');
      box.dataset.kind = kind || 'none';
      box.append(el('h3', null, `${kind ? t(`web_play_role_${kind}`) : t('web_play_waiting_role')} (${here.length})`));
      const ul = el('ul');
      for (const p of here) {
        const li = el('li', p.connected ? null : 'away', p.pseudonym);
        if (!p.connected) li.dataset.away = t('web_play_away');
        ul.append(li);
      }
      box.append(ul);
      this.roles.append(box);
    }
  }

  drawStatus() {
    const s = this.state;
    if (!s) { this.phase.textContent = ''; this.roundEl.textContent = ''; this.actedEl.textContent = ''; return; }
    this.phase.textContent = t(`web_play_phase_${s.phase}`);
    this.roundEl.textContent = s.phase === 'round' ? t('web_play_round_of', { round: s.round, rounds: s.rounds }) : '';
    this.roundEl.dataset.round = s.round;
    const seated = (s.players || []).filter(p => p.role);
    const acted = seated.filter(p => p.acted).length;
    this.actedEl.textContent = s.phase === 'round' ? t('web_play_acted_count', { n: acted, m: seated.length }) : '';
    this.smallCode.textContent = s.phase === 'round' ? `${t('web_play_join_code')}: ${s.code}` : '';
    this.drawTimer();
  }

  drawTimer() {
    const playing = this.state && this.state.phase === 'round';
    if (this.deadline == null || !playing) { this.timer.textContent = ''; return; }
    const left = (this.deadline - Date.now()) / 1000;
    this.timer.textContent = clock(left);
    this.timer.setAttribute('aria-label', `${t('web_play_time_left')} ${clock(left)}`);
    this.timer.classList.toggle('low', left <= 15);
  }

  drawLegend() {
    this.legend.replaceChildren();
    const span = el('span');
    const sw = el('i');
    sw.style.background = palette(0);
    span.append(sw, t('web_play_class'));
    this.legend.append(span, el('span', 'hint', t('web_play_model_fills')));
  }

  drawStreet() {
    const last = this.weeks[this.weeks.length - 1];
    if (!last) { this.street.replaceChildren(); return; }
    drawStreet(this.street, last.week, last.metrics, this.state ? this.state.seats : null, t);
  }

  drawSummary() {
    this.summary.replaceChildren();
    if (!this.lastClosed) return;
    const { message, before } = this.lastClosed;
    const after = this.weeks[this.weeks.length - 1];
    this.summary.dataset.round = message.round;
    this.summary.append(el('h3', null, t('web_play_round_of', { round: message.round, rounds: this.state ? this.state.rounds : message.round })));
    const table = el('table');
    const head = el('tr');
    for (const h of ['', t('web_play_summary_before'), t('web_play_summary_after'), t('web_play_summary_change')]) head.append(el('th', null, h));
    table.append(head);
    for (const name of this.shown) {
      const m = metricRow(name);
      const a = before ? before.metrics[name] : null;
      const b = after ? after.metrics[name] : null;
      const d = a != null && b != null ? b - a : null;
      const tr = el('tr');
      tr.append(el('th', null, m ? pick(m.label) : name), el('td', null, show(m, a)), el('td', null, show(m, b)),
        el('td', null, d == null ? '—' : `${d >= 0 ? '+' : '−'}${show(m, Math.abs(d))}`));
      table.append(tr);
    }
    this.summary.append(table);
    const names = ids => {
      const players = this.state ? this.state.players || [] : [];
      const list = (ids || []).map(id => (players.find(p => p.player === id) || { pseudonym: `#${id}` }).pseudonym);
      return list.length ? list.join(', ') : t('web_play_none');
    };
    this.summary.append(el('p', null, t('web_play_summary_acted', { acted: names(message.acted), defaulted: names(message.defaulted) })));
  }
}
