// One chart per metric: each series' mean as a line and its 95% band, drawn with uPlot
// (vendored in vendor/, see vendor/README.md). The data are kept as plain arrays, so a
// test can read exactly what a chart holds (window.cogovPage.charts).

import uPlot from './vendor/uPlot.esm.js';

/** "#rrggbb" with an alpha in 0..1, as rgba(). */
function withAlpha(hex, alpha) {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

/** Steps between week ticks (whole weeks only). */
const WEEK_STEPS = [1, 2, 4, 5, 10, 13, 20, 26, 52, 104, 208, 520];

/**
 * Labels for a value axis with as many decimals as the step between ticks needs, so that
 * no two ticks read the same (0.5001, 0.5002 rather than 0.5001 twice); shares as percent.
 */
export function tickLabels(ticks, share) {
  const scale = share ? 100 : 1;
  const step = ticks.length > 1 ? Math.abs(ticks[1] - ticks[0]) * scale : 1;
  const decimals = step > 0 ? Math.min(8, Math.max(0, -Math.floor(Math.log10(step) + 1e-9))) : 0;
  return ticks.map(t => (share ? `${(t * scale).toFixed(decimals)}%` : (t * scale).toFixed(decimals)));
}

/** The value axis's width in pixels: wide enough for its longest label at 14 px. */
function axisWidth(labels) {
  const longest = (labels || []).reduce((m, l) => Math.max(m, String(l).length), 0);
  return Math.max(48, 14 + longest * 8.5);
}

export class MetricChart {
  /**
   * @param {HTMLElement} parent where the chart goes
   * @param {object} metric the metric's row from /api/meta
   * @param {number} column the metric's place in each frame's point list
   * @param {function} words (metric) => {title, unit} in the page's language
   */
  constructor(parent, metric, column, words) {
    this.metric = metric;
    this.column = column;
    this.el = document.createElement('figure');
    this.el.className = 'chart';
    this.el.dataset.metric = metric.name;
    this.title = document.createElement('h3');
    this.unit = document.createElement('div');
    this.unit.className = 'unit';
    this.plotEl = document.createElement('div');
    this.el.append(this.title, this.unit, this.plotEl);
    parent.append(this.el);
    this.words = words;
    this.series = [];
    this.weeks = [];
    this.values = []; // [series][week] -> {mean, low, high} | null
    this.plot = null;
    this.relabel();
  }

  relabel() {
    const w = this.words(this.metric);
    this.title.textContent = w.title;
    this.unit.textContent = w.unit;
    this.el.setAttribute('aria-label', w.title);
  }

  /** Start again with these series (from a state or fork message) and history frames. */
  reset(series, colours, history) {
    this.series = series;
    this.colours = colours;
    this.weeks = [];
    this.values = series.map(() => []);
    for (const frame of history) this.push(frame, false);
    this.build();
  }

  /** A week's frame: one point per series for this chart's metric. A series forked after
   *  this week has no point yet (null: a gap, not a zero). */
  push(frame, redraw = true) {
    this.weeks.push(frame.week);
    this.series.forEach((s, i) => {
      const forkedLater = s.fork_week != null && frame.week < s.fork_week;
      const p = forkedLater ? null : (frame.series[i] || [])[this.column] || null;
      this.values[i].push(p);
    });
    if (redraw && this.plot) this.plot.setData(this.data());
  }

  /** uPlot's columns: weeks, then per series its mean, low and high. */
  data() {
    const out = [this.weeks];
    this.values.forEach(v => {
      out.push(v.map(p => (p ? p.mean : null)));
      out.push(v.map(p => (p ? p.low : null)));
      out.push(v.map(p => (p ? p.high : null)));
    });
    return out;
  }

  build() {
    if (this.plot) this.plot.destroy();
    const uSeries = [{ label: 'week' }];
    const bands = [];
    this.series.forEach((s, i) => {
      const colour = this.colours[i];
      const dash = s.forked_from != null ? [10, 6] : undefined;
      const base = 1 + 3 * i;
      uSeries.push({ label: s.name, stroke: colour, width: 3, dash, points: { show: false } });
      uSeries.push({ label: s.name + ' low', stroke: withAlpha(colour, 0.25), width: 1, points: { show: false } });
      uSeries.push({ label: s.name + ' high', stroke: withAlpha(colour, 0.25), width: 1, points: { show: false } });
      bands.push({ series: [base + 2, base + 1], fill: withAlpha(colour, 0.15) });
    });
    const share = this.metric.share;
    const opts = {
      width: Math.max(300, this.plotEl.clientWidth || 420),
      height: 240,
      legend: { show: false },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: false } },
      series: uSeries,
      bands,
      axes: [
        // Weeks are whole numbers: no tick between two weeks, however few weeks there are.
        {
          stroke: '#111', grid: { stroke: '#ddd' }, font: '14px system-ui, sans-serif',
          incrs: WEEK_STEPS, values: (u, ticks) => ticks.map(t => `${t}`),
        },
        {
          stroke: '#111', grid: { stroke: '#ddd' }, font: '14px system-ui, sans-serif',
          values: (u, ticks) => tickLabels(ticks, share),
          size: (u, labels) => axisWidth(labels),
        },
      ],
    };
    this.plot = new uPlot(opts, this.data(), this.plotEl);
  }

  resize() {
    if (this.plot) this.plot.setSize({ width: Math.max(300, this.plotEl.clientWidth), height: 240 });
  }

  destroy() {
    if (this.plot) this.plot.destroy();
    this.el.remove();
  }
}
