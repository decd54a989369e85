// The street as a picture for the projector, from the last closed week's row of
// trajectories.csv (the street's own numbers, not a drawing of one community): of every
// 100 residents, how many took part (lit) and how many of those online (ringed, as the
// classroom page's community view), the committees' hours split into administration,
// issues and idle, the issues waiting, and how many agents the class plays.

import { el } from './common.js';

// The classroom page's community colours (community.js, Okabe–Ito).
const LIT = '#e69f00';
const DARK = '#c8c8c8';
const ONLINE = '#0072b2';
const HOURS = ['#333333', '#d55e00', '#dddddd', '#56b4e9'];

function dots(lit, online) {
  const cell = 26;
  const canvas = document.createElement('canvas');
  canvas.width = 20 * cell;
  canvas.height = 5 * cell;
  const g = canvas.getContext('2d');
  g.fillStyle = '#fff';
  g.fillRect(0, 0, canvas.width, canvas.height);
  for (let i = 0; i < 100; i++) {
    const x = (i % 20) * cell + cell / 2;
    const y = Math.floor(i / 20) * cell + cell / 2;
    g.beginPath();
    g.arc(x, y, cell * 0.36, 0, 2 * Math.PI);
    g.fillStyle = i < lit ? LIT : DARK;
    g.fill();
    if (i < online) {
      g.lineWidth = cell * 0.16;
      g.strokeStyle = ONLINE;
      g.stroke();
    }
  }
  return canvas;
}

function hoursBar(m, t) {
  const total = Math.max(0, +m.committee_hours || 0);
  const admin = Math.max(0, +m.committee_hours_admin || 0);
  const issues = Math.max(0, +m.committee_hours_issues || 0);
  const idle = Math.max(0, +m.committee_hours_idle || 0);
  const parts = [admin, issues, idle, Math.max(0, total - admin - issues - idle)];
  const names = ['web_hours_admin', 'web_hours_issues', 'web_hours_idle', 'web_hours_other'];
  const bar = el('div', 'bar');
  bar.setAttribute('role', 'img');
  bar.setAttribute('aria-label', names.map((n, i) => `${t(n)} ${parts[i].toFixed(0)}`).join(', '));
  const sum = parts.reduce((a, b) => a + b, 0);
  parts.forEach((v, i) => {
    const d = el('div');
    d.style.width = sum > 0 ? `${(100 * v) / sum}%` : '0';
    d.style.background = HOURS[i];
    bar.append(d);
  });
  const keys = el('div', 'keys');
  names.forEach((n, i) => {
    const span = el('span');
    const sw = el('i');
    sw.style.background = HOURS[i];
    span.append(sw, document.createTextNode(`${t(n)} ${parts[i].toFixed(0)}`));
    keys.append(span);
  });
  return [el('div', null, `${t('web_committee_hours')}: ${total.toFixed(0)}`), bar, keys];
}

/** Draw the street after week `week` (`metrics`: that week's row by column name) and the
 *  seats the class fills (`seats`: {resident, committee, office, ngo}). */
export function drawStreet(root, week, metrics, seats, t) {
  root.replaceChildren();
  if (!metrics) return;
  const share = Math.min(1, Math.max(0, +metrics.participation_rate || 0));
  const lit = Math.round(100 * share);
  const online = Math.round(lit * Math.min(1, Math.max(0, +metrics.participation_online_share || 0)));
  root.dataset.week = week;
  root.dataset.lit = lit;
  const caption = el('div', null, t('web_play_street_dots', { n: lit, week }));
  const picture = dots(lit, online);
  picture.setAttribute('role', 'img');
  picture.setAttribute('aria-label', `${caption.textContent}; ${online} ${t('web_online')}`);
  const keys = el('div', 'keys');
  for (const [colour, ring, key] of [[LIT, null, 'web_taking_part'], [DARK, null, 'web_not_taking_part'], [LIT, ONLINE, 'web_online']]) {
    const span = el('span');
    const i = el('i');
    i.style.background = colour;
    i.style.borderRadius = '50%';
    if (ring) i.style.border = `3px solid ${ring}`;
    span.append(i, document.createTextNode(t(key)));
    keys.append(span);
  }
  const backlog = el('div', null, t('web_play_backlog', { n: Math.round(+metrics.backlog || 0) }));
  root.append(caption, picture, keys, ...hoursBar(metrics, t), backlog);
  if (seats) {
    const line = ['resident', 'committee', 'office', 'ngo']
      .map(k => `${t(`web_play_role_${k}`)} ${seats[k] ?? 0}`).join(' · ');
    root.append(el('div', 'hint', `${t('web_play_seats')}: ${line}. ${t('web_play_model_fills')}`));
  }
}
