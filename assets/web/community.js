// One community of one run: its residents as dots (lit when taking part, ringed when
// online), and the committee's hours split into administration, issues and idle.

const SVG = 'http://www.w3.org/2000/svg';
const LIT = '#e69f00';      // orange (palette 1): taking part
const DARK = '#bbbbbb';     // light grey: not taking part
const ONLINE = '#0072b2';   // blue ring: online
const HOURS = ['#333333', '#d55e00', '#dddddd']; // administration, issues, idle

function el(name, attrs) {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

/** Fields of a resident dot, whatever the library calls them. */
function dot(r) {
  return {
    active: !!(r.active ?? r.participating ?? r.taking_part),
    online: !!(r.online ?? r.is_online),
  };
}

/** The committee's hours: administration, issue work, idle. */
function hours(h) {
  const admin = +(h.administration ?? h.admin ?? 0);
  const issues = +(h.issues ?? h.issue_work ?? h.issue ?? 0);
  const idle = +(h.idle ?? 0);
  return [admin, issues, idle];
}

/** Draw a community view message into `root`; `t` gives the page's words. */
export function drawCommunity(root, view, t) {
  root.replaceChildren();
  const residents = (view.residents || []).map(dot);
  const cols = Math.max(1, Math.ceil(Math.sqrt(residents.length * 1.6)));
  const rows = Math.max(1, Math.ceil(residents.length / cols));
  const cell = 12;
  const svg = el('svg', {
    viewBox: `0 0 ${cols * cell} ${rows * cell}`,
    role: 'img',
    'aria-label': `${t('web_community')}: ${residents.filter(r => r.active).length} / ${residents.length} ${t('web_taking_part')}`,
  });
  residents.forEach((r, i) => {
    const cx = (i % cols) * cell + cell / 2;
    const cy = Math.floor(i / cols) * cell + cell / 2;
    const c = el('circle', { cx, cy, r: cell * 0.32, fill: r.active ? LIT : DARK });
    if (r.online) {
      c.setAttribute('stroke', ONLINE);
      c.setAttribute('stroke-width', 2.2);
    }
    c.classList.add(r.active ? 'active' : 'idle');
    svg.append(c);
  });
  root.append(svg);

  const keys = document.createElement('div');
  keys.className = 'keys';
  keys.innerHTML = '';
  for (const [colour, ring, key] of [[LIT, null, 'web_taking_part'], [DARK, null, 'web_not_taking_part'], ['#fff', ONLINE, 'web_online']]) {
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
  const names = ['web_hours_admin', 'web_hours_issues', 'web_hours_idle'];
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
