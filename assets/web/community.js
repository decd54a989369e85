// One community of one run: its residents as dots (lit when taking part, ringed when
// online), and the committee's hours split into administration, issues, micro-projects,
// outreach, idle and other.

const LIT = '#e69f00';      // orange (palette 1): taking part
const DARK = '#c8c8c8';     // light grey: not taking part
const ONLINE = '#0072b2';   // blue ring: took part online
// administration, issues, micro-projects, outreach, idle, other (Okabe–Ito colours)
const HOURS = ['#333333', '#d55e00', '#009e73', '#cc79a7', '#dddddd', '#56b4e9'];

/** The committee's hours: administration, issue work, micro-projects, outreach, idle,
 *  other (they sum to the hours available). */
function hours(h) {
  return ['admin', 'issues', 'projects', 'outreach', 'idle', 'other'].map(k => +(h[k] ?? 0));
}

/** Draw a community view message into `root`; `t` gives the page's words. Residents come
 *  packed one digit each (`dots`: 1 taking part, + 2 online, + 4 committed). A community
 *  holds thousands of residents, so the dots go on a canvas (a picture, not a chart). */
export function drawCommunity(root, view, t) {
  root.replaceChildren();
  const dots = view.dots || '';
  const n = dots.length;
  let active = 0;
  let online = 0;
  for (let i = 0; i < n; i++) {
    const d = dots.charCodeAt(i) - 48;
    if (d & 1) active++;
    if (d & 2) online++;
  }
  root.dataset.residents = n;
  root.dataset.active = active;
  root.dataset.online = online;
  root.dataset.week = view.week;
  const cols = Math.max(1, Math.ceil(Math.sqrt(n * 1.6)));
  const rows = Math.max(1, Math.ceil(n / cols));
  const cell = Math.max(4, Math.floor(520 / cols));
  const canvas = document.createElement('canvas');
  canvas.width = cols * cell;
  canvas.height = rows * cell;
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', `${t('web_community')} ${view.community + 1}: ${active} / ${n} ${t('web_taking_part')}, ${online} ${t('web_online')}`);
  const g = canvas.getContext('2d');
  g.fillStyle = '#fff';
  g.fillRect(0, 0, canvas.width, canvas.height);
  const r = cell * 0.36;
  for (let i = 0; i < n; i++) {
    const d = dots.charCodeAt(i) - 48;
    const x = (i % cols) * cell + cell / 2;
    const y = Math.floor(i / cols) * cell + cell / 2;
    g.beginPath();
    g.arc(x, y, r, 0, 2 * Math.PI);
    g.fillStyle = d & 1 ? LIT : DARK;
    g.fill();
    if (d & 2) {
      g.lineWidth = Math.max(1, cell * 0.18);
      g.strokeStyle = ONLINE;
      g.stroke();
    }
  }
  const caption = document.createElement('div');
  caption.textContent = `${t('web_community_pick')} ${view.community + 1} / ${view.communities} · ${t('week')} ${view.week} · ${active} / ${n} ${t('web_taking_part')}`;
  root.append(caption, canvas);

  const keys = document.createElement('div');
  keys.className = 'keys';
  for (const [colour, ring, key] of [[LIT, null, 'web_taking_part'], [DARK, null, 'web_not_taking_part'], [LIT, ONLINE, 'web_online']]) {
    const span = document.createElement('span');
    const i = document.createElement('i');
    i.style.background = colour;
    i.style.borderRadius = '50%';
    if (ring) i.style.border = `3px solid ${ring}`;
    span.append(i, document.createTextNode(t(key)));
    keys.append(span);
  }
  root.append(keys);

  const h = hours(view.hours || {});
  const total = h.reduce((a, b) => a + b, 0);
  const title = document.createElement('div');
  title.textContent = `${t('web_committee_hours')}: ${total.toFixed(1)}`;
  root.append(title);
  const bar = document.createElement('div');
  bar.className = 'bar';
  bar.setAttribute('role', 'img');
  const names = ['web_hours_admin', 'web_hours_issues', 'web_hours_projects', 'web_hours_outreach', 'web_hours_idle', 'web_hours_other'];
  bar.setAttribute('aria-label', names.map((n, i) => `${t(n)} ${h[i].toFixed(1)}`).join(', '));
  h.forEach((v, i) => {
    const part = document.createElement('div');
    part.style.width = total > 0 ? `${(100 * v) / total}%` : '0';
    part.style.background = HOURS[i];
    part.title = `${t(names[i])}: ${v.toFixed(1)}`;
    bar.append(part);
  });
  root.append(bar);
  const hk = document.createElement('div');
  hk.className = 'keys';
  names.forEach((n, i) => {
    const span = document.createElement('span');
    const sw = document.createElement('i');
    sw.style.background = HOURS[i];
    span.append(sw, document.createTextNode(`${t(n)} ${h[i].toFixed(1)}`));
    hk.append(span);
  });
  root.append(hk);
}
