// The student's phone: join by code and pseudonym, see the role and what the agent knows,
// decide, "done" per round. The player token is kept in localStorage, so a reload or a
// dropped connection rejoins as the same player (docs/play-protocol.md).

import {
  $, t, words, loadWords, applyWords, wireLanguage, wireProblem, showProblem, clearProblem,
  PlaySocket, showConnection, clock, el,
} from './common.js';
import { roleControls, decisionOf } from './roles.js';
import { viewEntries } from './know.js';
import { debriefFrames, finalTable } from './debrief.js';

const TOKEN_KEY = 'cogov-play-token';

const phone = {
  token: localStorage.getItem(TOKEN_KEY),
  player: null,
  pseudonym: '',
  code: '',
  role: null,
  phase: null,
  round: 0,        // the open round (0: none)
  rounds: 0,
  weeks: null,     // [first, last] of the open round
  view: null,      // {round, role, view}
  viewRound: 0,    // the round the controls were drawn for
  acted: 0,        // the last round this player acted in
  defaulted: 0,    // the last round closed with the model's rule for this player
  deadline: null,  // Date.now() when the timer runs out
  controls: [],
  sending: false,
  joining: false,
  refusals: [],    // every refusal shown, for the tests and for a curious student
  debrief: null,   // the debrief message, at the end (live, or on rejoining after it)
};
window.cogovPlay = phone;

// ---- drawing ----------------------------------------------------------------------------

function roleWords(role) {
  if (!role) return { title: t('web_play_no_role'), agent: '' };
  return {
    title: t(`web_play_role_${role.kind}`),
    agent: t(`web_play_agent_${role.kind}`, { n: role.agent + 1 }),
  };
}

function drawWho() {
  const w = roleWords(phone.role);
  $('role-title').textContent = phone.role ? `${w.title} · ${w.agent}` : w.title;
  $('role-title').dataset.kind = phone.role ? phone.role.kind : '';
  $('who-name').textContent = t('web_play_pseudonym_is', { name: phone.pseudonym });
}

function drawRound() {
  if (phone.round > 0 && phone.phase === 'round') {
    const [first, last] = phone.weeks || [0, 0];
    const weeks = first === last ? t('web_play_week_one', { first }) : t('web_play_weeks', { first, last });
    $('round').textContent = `${t('web_play_round_of', { round: phone.round, rounds: phone.rounds })} · ${weeks}`;
  } else {
    $('round').textContent = '';
  }
  drawTimer();
  let note = '';
  if (phone.phase === 'lobby') note = phone.role ? t('web_play_lobby') : t('web_play_no_role');
  else if (phone.phase === 'round' && !phone.role) note = t('web_play_no_role');
  else if (phone.defaulted > 0 && phone.defaulted >= phone.round) note = t('web_play_defaulted', { round: phone.defaulted });
  $('state-note').textContent = note;
  const open = phone.phase === 'round' && phone.role && phone.view && phone.view.round === phone.round;
  const done = phone.acted === phone.round;
  $('decide').hidden = !open || done;
  $('know').hidden = !open;
  $('sent').hidden = !done || phone.phase !== 'round';
  $('sent').textContent = t('web_play_acted', { round: phone.acted });
  $('done').disabled = phone.sending;
}

function drawTimer() {
  const e = $('timer');
  if (phone.deadline == null || phone.phase !== 'round') { e.textContent = ''; return; }
  const left = (phone.deadline - Date.now()) / 1000;
  e.textContent = clock(left);
  e.setAttribute('aria-label', `${t('web_play_time_left')} ${clock(left)}`);
  e.classList.toggle('low', left <= 15);
}

/** What the agent knows, then its controls: drawn anew for each round's view; a view for
 *  the same round again (a rejoin, a state change) keeps what the student has chosen so
 *  far unless `redraw` (the language changed). */
function drawView(redraw) {
  const dl = $('view');
  dl.replaceChildren();
  const v = phone.view ? phone.view.view : null;
  for (const [field, label, value] of viewEntries(phone.role && phone.role.kind, v, t)) {
    const dt = el('dt', null, label);
    const dd = el('dd', null, value);
    dt.dataset.field = field;
    dd.dataset.field = field;
    dl.append(dt, dd);
  }
  if (!redraw && phone.viewRound === phone.view.round) return;
  phone.viewRound = phone.view.round;
  phone.controls = roleControls(phone.role && phone.role.kind, v, t);
  $('controls').replaceChildren(...phone.controls.map(c => c.el));
}

/** The end screen's result: the class and the model at the end, per key metric, from the
 *  debrief (the same table the projector shows). */
function drawEnded() {
  const root = $('ended-result');
  root.replaceChildren();
  if (!phone.debrief || !words.meta) return;
  const metrics = [...new Set((phone.debrief.series || []).map(r => r.metric))];
  const frames = debriefFrames(phone.debrief.series, metrics);
  root.append(el('h3', null, t('web_play_final')), finalTable(frames, metrics, words.meta, t));
}

function drawAll(redraw = false) {
  const joined = phone.player != null;
  $('join').hidden = joined || phone.phase === 'debrief';
  $('player').hidden = !joined || phone.phase === 'debrief';
  $('ended').hidden = phone.phase !== 'debrief';
  $('join-button').disabled = phone.joining;
  if (phone.phase === 'debrief') drawEnded();
  if (joined) {
    drawWho();
    if (phone.view) drawView(redraw);
    drawRound();
  }
}

// ---- messages ---------------------------------------------------------------------------

function refusal(m) {
  phone.refusals.push(m);
  showProblem(m.message, m.field);
}

function receive(m) {
  switch (m.type) {
    case 'joined': return onJoined(m);
    case 'state': return onState(m);
    case 'round_open':
      phone.round = m.round;
      phone.weeks = m.weeks;
      phone.phase = 'round';
      setDeadline(m.seconds_left);
      return drawRound();
    case 'view':
      phone.view = m;
      phone.role = m.role || phone.role;
      drawWho();
      drawView(false);
      return drawRound();
    case 'acted':
      phone.acted = m.round;
      phone.sending = false;
      clearProblem();
      return drawRound();
    case 'round_closed':
      if ((m.defaulted || []).includes(phone.player)) phone.defaulted = m.round;
      return drawRound();
    case 'debrief':
      phone.phase = 'debrief';
      phone.debrief = m;
      return drawAll();
    case 'error': return onError(m);
    default: return undefined;
  }
}

function onJoined(m) {
  phone.token = m.token;
  localStorage.setItem(TOKEN_KEY, m.token);
  phone.player = m.player;
  phone.pseudonym = m.pseudonym;
  phone.role = m.role;
  phone.code = m.code;
  phone.joining = false;
  clearProblem();
  drawAll();
}

function onState(m) {
  phone.phase = m.phase;
  phone.rounds = m.rounds;
  if (m.phase !== 'round') phone.round = 0;
  else if (m.round !== phone.round) { phone.round = m.round; phone.weeks = null; }
  setDeadline(m.seconds_left);
  const me = (m.players || []).find(p => p.player === phone.player);
  if (me) {
    phone.role = me.role;
    if (me.acted && m.phase === 'round') phone.acted = m.round;
  }
  if (m.phase === 'round' && !phone.weeks) {
    const first = m.week + 1;
    phone.weeks = [first, first + m.weeks_per_round - 1];
  }
  drawAll();
}

function onError(m) {
  phone.sending = false;
  phone.joining = false;
  if (m.field === 'token') {
    // The token is no longer known (a new server, the session gone): join afresh.
    localStorage.removeItem(TOKEN_KEY);
    phone.token = null;
    phone.player = null;
    $('join-title').textContent = t('web_play_join_title');
  }
  refusal(m);
  drawAll();
}

function setDeadline(seconds) {
  phone.deadline = seconds == null ? null : Date.now() + 1000 * seconds;
}

// ---- actions ----------------------------------------------------------------------------

function join(e) {
  e.preventDefault();
  clearProblem();
  const code = $('code').value.trim().toUpperCase();
  const pseudonym = $('pseudonym').value.trim();
  if (!code) { showProblem(t('web_play_no_code'), 'code'); return; }
  if (pseudonym.length < 1 || [...pseudonym].length > 24) { showProblem(t('web_play_no_pseudonym'), 'pseudonym'); return; }
  if (!socket.send({ type: 'join', code, pseudonym })) { showProblem(t('web_disconnected')); return; }
  phone.joining = true;
  drawAll();
}

function act(e) {
  e.preventDefault();
  clearProblem();
  const decision = decisionOf(phone.controls);
  if (!socket.send({ type: 'act', round: phone.round, decision })) { showProblem(t('web_play_offline')); return; }
  phone.sending = true;
  drawRound();
}

const socket = new PlaySocket('play/ws', {
  hello: () => (phone.token ? { type: 'rejoin', token: phone.token } : null),
  receive,
  status: up => {
    showConnection(up);
    if (!up && phone.player != null) $('state-note').textContent = t('web_play_offline');
  },
});
window.cogovPlaySocket = socket;

async function main() {
  await loadWords();
  const code = new URL(location.href).searchParams.get('code');
  if (code) $('code').value = code.toUpperCase();
  wireProblem();
  wireLanguage(() => { showConnection(socket.up); drawAll(true); });
  $('join-form').addEventListener('submit', join);
  $('decide').addEventListener('submit', act);
  applyWords();
  if (phone.token) { phone.joining = true; $('join-title').textContent = t('web_play_rejoining'); }
  drawAll();
  socket.open();
  setInterval(drawTimer, 250);
  document.body.dataset.ready = 'true';
}

main().catch(e => showProblem(String(e)));
