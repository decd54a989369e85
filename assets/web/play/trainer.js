// The trainer's page: the projector's view with the trainer's controls above it (open a
// game, assign roles, start, close a round now, end → debrief). The trainer token comes
// from the address printed in the terminal (…/play/trainer.html#token=…); the page keeps
// it in sessionStorage and takes it out of the address bar at once, so it never shows on
// the projected screen.

import {
  $, t, words, loadWords, applyWords, wireLanguage, wireProblem, showProblem, clearProblem,
  PlaySocket, showConnection, pick, el,
} from './common.js';
import { Projector } from './projector.js';

const TOKEN_KEY = 'cogov-play-trainer';
const CODE_KEY = 'cogov-play-code';
const KINDS = ['resident', 'committee', 'office', 'ngo'];

const trainer = {
  code: sessionStorage.getItem(CODE_KEY),
  state: null,
  sessions: [],
  refusals: [],
};
window.cogovTrainer = trainer;

/** The token from the fragment (then removed from the address) or from sessionStorage. */
function takeToken() {
  const hash = new URLSearchParams(location.hash.replace(/^#/, ''));
  const given = hash.get('token');
  if (given) {
    sessionStorage.setItem(TOKEN_KEY, given);
    history.replaceState(null, '', location.pathname + location.search);
  }
  return sessionStorage.getItem(TOKEN_KEY);
}
const token = takeToken();

let projector = null;
let socket = null;

function send(m) {
  clearProblem();
  if (!socket.send(m)) showProblem(t('web_disconnected'));
}

// ---- drawing ----------------------------------------------------------------------------

function drawScenarios(defaultName) {
  const select = $('scenario');
  const before = select.value || defaultName;
  select.replaceChildren();
  for (const s of words.meta.scenarios) {
    const o = el('option', null, pick(s.title) || s.name);
    o.value = s.name;
    select.append(o);
  }
  if ([...select.options].some(o => o.value === before)) select.value = before;
}

function drawControls() {
  const s = trainer.state;
  const phase = s ? s.phase : null;
  $('start').disabled = phase !== 'lobby';
  $('close-round').disabled = phase !== 'round';
  $('end').disabled = !(phase === 'lobby' || phase === 'round');
  // One game at a time from this page: the form comes back once the game has ended.
  $('create-form').hidden = phase === 'lobby' || phase === 'round';
  $('session-controls').hidden = !s || phase === 'debrief';
  if (s) {
    // The projector's address carries the join code only, never the token.
    $('projector-link').href = `projector.html?${new URLSearchParams({ code: s.code, lang: words.lang })}`;
    if (document.activeElement !== $('timer-now') && s.timer_seconds != null) $('timer-now').value = s.timer_seconds;
  }
  drawAssign();
}

function drawAssign() {
  const root = $('assign-list');
  root.replaceChildren();
  const s = trainer.state;
  if (!s || s.phase !== 'lobby') return;
  for (const p of (s.players || []).filter(x => !x.role)) {
    const row = el('div', 'row');
    row.dataset.player = p.player;
    const kind = el('select');
    kind.setAttribute('aria-label', `${p.pseudonym}: ${t('web_play_assignment')}`);
    for (const k of KINDS) {
      const o = el('option', null, t(`web_play_role_${k}`));
      o.value = k;
      kind.append(o);
    }
    const agent = el('input');
    agent.type = 'number';
    agent.min = 1;
    agent.step = 1;
    agent.value = 1;
    agent.setAttribute('aria-label', `${p.pseudonym}: ${t('web_play_agent')}`);
    const go = el('button', null, t('web_play_assign'));
    go.type = 'button';
    go.addEventListener('click', () => send({
      type: 'assign', player: p.player, role: { kind: kind.value, agent: Math.max(0, Math.round(Number(agent.value)) - 1) },
    }));
    row.append(el('strong', null, p.pseudonym), kind, el('span', null, t('web_play_agent')), agent, go);
    root.append(row);
  }
}

function drawSessions() {
  const ul = $('sessions');
  ul.replaceChildren();
  for (const s of trainer.sessions) {
    const li = el('li');
    const b = el('button', null, `${t('web_play_control')} ${s.code}`);
    b.type = 'button';
    b.addEventListener('click', () => send({ type: 'control', code: s.code }));
    li.append(b, ` ${t(`web_play_phase_${s.phase}`)} · ${t('web_play_round_of', { round: s.round, rounds: s.rounds })} · ${t('web_play_players_joined', { n: s.players })}`);
    ul.append(li);
  }
  $('sessions-box').hidden = trainer.sessions.length === 0;
}

function drawToggle() {
  const shown = !$('trainer').hidden;
  $('toggle-controls').textContent = t(shown ? 'web_play_hide_controls' : 'web_play_show_controls');
  $('toggle-controls').setAttribute('aria-expanded', String(shown));
}

// ---- messages ---------------------------------------------------------------------------

function receive(m) {
  switch (m.type) {
    case 'sessions':
      trainer.sessions = m.sessions || [];
      return drawSessions();
    case 'created':
      trainer.code = m.code;
      sessionStorage.setItem(CODE_KEY, m.code);
      projector.reset();
      return undefined;
    case 'state':
      if (m.code !== trainer.code) {
        trainer.code = m.code;
        sessionStorage.setItem(CODE_KEY, m.code);
        projector.reset();
      }
      trainer.state = m;
      projector.receive(m);
      return drawControls();
    case 'error':
      trainer.refusals.push(m);
      if (m.field === 'code' && trainer.state === null) {
        // The session kept in this tab is gone (a new server): forget it.
        sessionStorage.removeItem(CODE_KEY);
        trainer.code = null;
        if (socket.ws) socket.ws.close(); // say hello again, without the code
      }
      return showProblem(m.message, m.field);
    default:
      return projector.receive(m);
  }
}

function create(e) {
  e.preventDefault();
  const int = id => Number($(id).value);
  const m = {
    type: 'create',
    scenario: { library: $('scenario').value },
    weeks_per_round: int('weeks-per-round'),
    rounds: int('rounds'),
    timer_seconds: int('timer-seconds'),
    assignment: $('assignment').value,
  };
  const seed = $('seed').value.trim();
  if (seed !== '') m.seed = Number(seed);
  for (const [id, key] of [['weeks-per-round', 'weeks_per_round'], ['rounds', 'rounds'], ['timer-seconds', 'timer_seconds']]) {
    const input = $(id);
    if (!Number.isInteger(m[key]) || m[key] < Number(input.min) || m[key] > Number(input.max)) {
      const label = document.querySelector(`label[for=${id}]`).textContent;
      showProblem(t('web_out_of_range', { label, value: input.value, range: `${input.min}–${input.max}` }), key);
      return;
    }
  }
  send(m);
}

async function playDefaults() {
  try {
    const answer = await fetch('../api/play/meta');
    if (!answer.ok) return;
    const meta = await answer.json();
    const d = meta.defaults || {};
    if (d.weeks_per_round != null) $('weeks-per-round').value = d.weeks_per_round;
    if (d.rounds != null) $('rounds').value = d.rounds;
    if (d.timer_seconds != null) $('timer-seconds').value = d.timer_seconds;
    if (d.assignment) $('assignment').value = d.assignment;
    if (d.seed != null) $('seed').placeholder = String(d.seed);
    if (typeof d.scenario === 'string') drawScenarios(d.scenario);
  } catch {
    // The documented defaults in the form stay.
  }
}

async function main() {
  await loadWords();
  wireProblem();
  applyWords();
  drawScenarios('baseline');
  await playDefaults();
  projector = new Projector($('projector'), () => (trainer.code ? { code: trainer.code, token, lang: words.lang } : null));
  window.cogovProjector = projector;
  socket = new PlaySocket('play/ws', {
    hello: () => (trainer.code ? { type: 'trainer', token, code: trainer.code } : { type: 'trainer', token }),
    receive,
    status: showConnection,
  });
  wireLanguage(() => {
    showConnection(socket.up);
    drawScenarios();
    drawControls();
    drawSessions();
    drawToggle();
    projector.relabel();
  });
  $('create-form').addEventListener('submit', create);
  $('start').addEventListener('click', () => send({ type: 'start' }));
  $('close-round').addEventListener('click', () => send({ type: 'close_round' }));
  $('end').addEventListener('click', () => send({ type: 'end' }));
  $('set-timer').addEventListener('click', () => {
    const seconds = Number($('timer-now').value);
    if (!Number.isInteger(seconds) || !(seconds === 0 || (seconds >= 10 && seconds <= 900))) {
      showProblem(t('web_out_of_range', { label: t('web_play_timer_seconds'), value: $('timer-now').value, range: '0, 10–900' }), 'seconds');
      return;
    }
    send({ type: 'timer', seconds });
  });
  $('toggle-controls').addEventListener('click', () => { $('trainer').hidden = !$('trainer').hidden; drawToggle(); });
  drawToggle();
  drawControls();
  drawSessions();
  if (!token) showProblem(t('web_play_no_token'), 'token');
  else socket.open();
  document.body.dataset.ready = 'true';
}

main().catch(e => showProblem(String(e)));
