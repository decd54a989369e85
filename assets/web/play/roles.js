// The phone's role forms: what each role sees ("what you know") and decides, as
// components that take the view object the server sends and give back the decision.
// Every control is a native input (radio, checkbox, range) so it works with the keyboard
// and a screen reader; the CSS makes each a touch target of at least 44 px.

import { el } from './common.js';

let uid = 0;
const nextId = prefix => `${prefix}-${++uid}`;

/** A group of radio buttons drawn as large buttons. `options`: [{value, label}]. */
export function choiceGroup(name, legend, options, selected) {
  const box = el('fieldset', 'choice');
  box.dataset.field = name;
  box.append(el('legend', null, legend));
  const row = el('div', 'choices');
  const group = nextId(name);
  for (const o of options) {
    const id = nextId(name);
    const input = document.createElement('input');
    input.type = 'radio';
    input.name = group;
    input.id = id;
    input.value = JSON.stringify(o.value);
    input.checked = JSON.stringify(o.value) === JSON.stringify(selected);
    const label = el('label', null, o.label);
    label.htmlFor = id;
    row.append(input, label);
  }
  box.append(row);
  return {
    el: box,
    name,
    value() {
      const on = box.querySelector('input:checked');
      return on ? JSON.parse(on.value) : null;
    },
  };
}

/** A note under a group of sliders: the model's rule decides until one is moved. */
function ruleNote(box, t) {
  const note = el('p', 'hint rule-note', t('web_play_slider_rule'));
  box.append(note);
  return () => { box.classList.add('moved'); note.textContent = t('web_play_slider_moved'); };
}

/** Shares of a whole (hours, budget): one slider per part, starting at the agent's
 *  present split, shown as percentages of their sum; the value is the parts normalised to
 *  sum to one, or null (the model's rule) while no slider has been moved.
 *  `parts`: [{key, label, value}]. */
export function shareGroup(name, legend, parts, t) {
  const box = el('fieldset', 'shares');
  box.dataset.field = name;
  box.append(el('legend', null, legend));
  const inputs = [];
  const outputs = [];
  let moved = false;
  const update = () => {
    const v = inputs.map(i => Number(i.value));
    const sum = v.reduce((a, b) => a + b, 0);
    v.forEach((x, i) => {
      const pct = sum > 0 ? Math.round((100 * x) / sum) : 0;
      outputs[i].textContent = `${pct}%`;
      inputs[i].setAttribute('aria-valuetext', `${pct}%`);
    });
  };
  for (const p of parts) {
    const id = nextId(name);
    const row = el('div', 'share');
    const label = el('label', null, p.label);
    label.htmlFor = id;
    const input = document.createElement('input');
    input.type = 'range';
    input.id = id;
    input.min = 0;
    input.max = 100;
    input.step = 1;
    input.value = Math.round(100 * (Number(p.value) || 0));
    input.dataset.key = p.key;
    input.addEventListener('input', () => { moved = true; mark(); update(); });
    const out = el('output');
    out.htmlFor = id;
    inputs.push(input);
    outputs.push(out);
    row.append(label, input, out);
    box.append(row);
  }
  const mark = ruleNote(box, t);
  update();
  return {
    el: box,
    name,
    value() {
      if (!moved) return null;
      const v = inputs.map(i => Number(i.value));
      const sum = v.reduce((a, b) => a + b, 0);
      if (!(sum > 0)) return { error: 'shares' };
      const out = {};
      parts.forEach((p, i) => { out[p.key] = v[i] / sum; });
      return out;
    },
  };
}

/** A list of checkboxes (the NGO's communities, the issues to escalate); null (the
 *  model's rule) while none has been changed. */
export function checkList(name, legend, items, checked = []) {
  let moved = false;
  const box = el('fieldset', 'checks');
  box.dataset.field = name;
  box.append(el('legend', null, legend));
  for (const item of items) {
    const id = nextId(name);
    const input = document.createElement('input');
    input.type = 'checkbox';
    input.id = id;
    input.value = JSON.stringify(item.value);
    input.checked = checked.some(c => JSON.stringify(c) === JSON.stringify(item.value));
    input.addEventListener('change', () => { moved = true; });
    const label = el('label', null, item.label);
    label.htmlFor = id;
    const row = el('div', 'check');
    row.append(input, label);
    box.append(row);
  }
  return {
    el: box,
    name,
    value() {
      if (!moved) return null;
      return [...box.querySelectorAll('input:checked')].map(i => JSON.parse(i.value));
    },
  };
}

/** A share as a slider in percent (the access list); null (the model's rule) until moved. */
export function percentSlider(name, legend, value, t) {
  let moved = false;
  const box = el('fieldset', 'shares');
  box.dataset.field = name;
  box.append(el('legend', null, legend));
  const id = nextId(name);
  const row = el('div', 'share');
  const input = document.createElement('input');
  input.type = 'range';
  input.id = id;
  input.min = 0;
  input.max = 100;
  input.step = 1;
  input.value = Math.round(100 * (Number(value) || 0));
  input.setAttribute('aria-label', legend);
  const out = el('output');
  out.htmlFor = id;
  const update = () => {
    out.textContent = `${input.value}%`;
    input.setAttribute('aria-valuetext', `${input.value}%`);
  };
  row.append(input, out);
  box.append(row);
  const mark = ruleNote(box, t);
  input.addEventListener('input', () => { moved = true; mark(); update(); });
  update();
  return { el: box, name, value: () => (moved ? Number(input.value) / 100 : null) };
}

// ---- the four roles -------------------------------------------------------------------

const yesNo = (t, rule) => [
  { value: true, label: t('web_play_yes') },
  { value: false, label: t('web_play_no') },
  ...(rule ? [{ value: null, label: t('web_play_rule') }] : []),
];

/** The controls of one role for this round's view; each control's `name` is the
 *  decision's field. A choice the agent cannot make this week (no issue, no council) is
 *  not offered. */
export function roleControls(role, view, t) {
  const v = view || {};
  switch (role) {
    case 'resident': return residentControls(v, t);
    case 'committee': return committeeControls(v, t);
    case 'office': return officeControls(v, t);
    case 'ngo': return ngoControls(v, t);
    default: return [];
  }
}

function residentControls(v, t) {
  const out = [];
  if (v.can_take_part !== false) out.push(choiceGroup('take_part', t('web_play_take_part'), yesNo(t, true), null));
  if (v.new_issue) {
    const channels = [];
    if (v.online_access && v.channel_open) channels.push({ value: 'online', label: t('web_play_report_online') });
    channels.push({ value: 'offline', label: t('web_play_report_offline') });
    channels.push({ value: 'keep', label: t('web_play_report_keep') });
    channels.push({ value: null, label: t('web_play_rule') });
    const legend = `${t('web_play_report')} (${t(`web_play_value_${v.new_issue}`)})`;
    out.push(choiceGroup('report', legend, channels, null));
  }
  if (v.council_this_week) out.push(choiceGroup('attend_council', t('web_play_attend_council'), yesNo(t, true), null));
  if (v.can_propose) out.push(choiceGroup('propose', t('web_play_propose'), yesNo(t, true), null));
  return out;
}

/** At most this many queued issues are offered (the longest waiting): a phone screen. */
const ISSUES_SHOWN = 6;

function committeeControls(v, t) {
  // The staff's hours: administration, issues, and the rest left idle (which outreach and
  // micro-projects may use); the sliders start at last week's split (even before week 1).
  const last = v.last_week;
  const avail = last && last.hours_available > 0 ? last.hours_available : 0;
  const admin = avail ? last.hours_admin / avail : 1 / 3;
  const issues = avail ? last.hours_issues / avail : 1 / 3;
  const out = [
    shareGroup('hours', t('web_play_hours_split'), [
      { key: 'admin_share', label: t('web_hours_admin'), value: admin },
      { key: 'issues_share', label: t('web_hours_issues'), value: issues },
      { key: 'idle', label: t('web_hours_idle'), value: Math.max(0, 1 - admin - issues) },
    ], t),
    percentSlider('outreach_share', t('web_play_outreach'), v.outreach_share ?? 0.5, t),
  ];
  const queue = (Array.isArray(v.queue) ? v.queue : []).filter(q => !q.escalated)
    .sort((a, b) => b.weeks_waiting - a.weeks_waiting || a.id - b.id);
  if (queue.length > 0) {
    const shown = queue.slice(0, ISSUES_SHOWN);
    const issue = q => t('web_play_issue', { id: q.id, category: t(`web_play_value_${q.category}`), weeks: q.weeks_waiting ?? 0 });
    const note = queue.length > shown.length ? ` · ${t('web_play_issues_shown', { n: shown.length, total: queue.length })}` : '';
    out.push(choiceGroup('first_issue', `${t('web_play_first_issue')}${note}`,
      [...shown.map(q => ({ value: q.id, label: issue(q) })), { value: null, label: t('web_play_rule') }], null));
    out.push(checkList('escalate', t('web_play_escalate'), shown.map(q => ({ value: q.id, label: issue(q) }))));
  }
  return out;
}

function officeControls(v, t) {
  const split = v.split || {};
  return [
    shareGroup('split', t('web_play_budget_split'), [
      { key: 'own_programs', label: t('web_play_own_programs'), value: split.own_programs ?? 0.25 },
      { key: 'devolved', label: t('web_play_devolved'), value: split.devolved ?? 0.25 },
      { key: 'ngo_procurement', label: t('web_play_ngo_procurement'), value: split.ngo_procurement ?? 0.25 },
      { key: 'training', label: t('web_play_training'), value: split.training ?? 0.25 },
    ], t),
    percentSlider('access_list', t('web_play_access_list'), v.access_list ?? 0, t),
    choiceGroup('reaction', t('web_play_reaction'), [
      { value: 'supervision', label: t('web_play_reaction_supervision') },
      { value: 'resources', label: t('web_play_reaction_resources') },
      { value: null, label: t('web_play_rule') },
    ], null),
  ];
}

function ngoControls(v, t) {
  const out = [choiceGroup('enter', t('web_play_enter'), yesNo(t, true), null)];
  const street = Array.isArray(v.street_communities) ? v.street_communities : [];
  if (street.length > 0) {
    const items = street.map(c => ({ value: c, label: t('web_play_community_n', { n: c + 1 }) }));
    out.push(checkList('communities', t('web_play_ngo_communities'), items, v.communities || []));
  }
  out.push(choiceGroup('bid', t('web_play_bid'), yesNo(t, true), null));
  return out;
}

/** The decision from the controls: fields left to the rule are absent. */
export function decisionOf(controls) {
  const out = {};
  for (const c of controls) {
    const value = c.value();
    if (value === null || value === undefined) continue;
    if (c.name === 'hours') {
      // The idle part is what the two shares leave: it is not sent.
      out.admin_share = value.admin_share;
      out.issues_share = value.issues_share;
    } else {
      out[c.name] = value;
    }
  }
  return out;
}
