// "What you know this week": the view the server sends (the model's resident_view,
// committee_view, office_view or ngo_view, as JSON; src/model/decisions/views.rs) as
// label–value pairs, in an order a student reads. Labels are the `web_play_know_FIELD`
// words; a field the list below does not know is still shown, by its name, so nothing
// the server sends is hidden.

// How each field is shown: index (0-based, shown from 1), bool, share (%), score (0–1),
// hours, yuan, count, word (a value word), list (how many), indices (a list of
// communities), split (a budget split); a third entry names the label's word.
const FIELDS = {
  resident: [
    ['community', 'index'], ['age_group', 'word'], ['committed', 'bool'], ['online_access', 'bool'],
    ['channel_open', 'bool'], ['new_issue', 'word'], ['waiting_issues', 'list'],
    ['took_part_last_week', 'bool'], ['took_part_online_last_week', 'bool'],
    ['neighbours_taking_part', 'share'], ['neighbours', 'count'], ['community_taking_part', 'share'],
    ['trust', 'score'], ['efficacy', 'score'], ['satisfaction', 'score'],
    ['council_this_week', 'bool'], ['proposals_waiting', 'count'],
  ],
  committee: [
    ['staff_hours', 'hours'], ['social_worker_hours', 'hours'], ['volunteer_hours', 'hours'],
    ['ngo_hours', 'hours'], ['admin_demand', 'hours'], ['under_supervision', 'bool'],
    ['pressure', 'score'], ['authority', 'share'], ['queue', 'list'], ['funds', 'yuan'],
    ['proposals_waiting', 'count'], ['projects_running', 'count'],
    ['last_week.hours_admin', 'hours'], ['last_week.hours_issues', 'hours'],
    ['last_week.hours_outreach', 'hours'], ['last_week.hours_idle', 'hours'],
    ['last_week.resolved', 'count'], ['last_week.escalated', 'count'], ['last_week.overdue', 'count'],
  ],
  office: [
    ['communities', 'list'], ['budget', 'yuan'], ['split', 'split'], ['access_list', 'share'],
    ['reaction', 'word'], ['pressure', 'score'], ['max_pressure', 'score'], ['trouble', 'score'],
    ['trouble_tolerance', 'score'], ['escalations_waiting', 'count'], ['escalation_capacity', 'score'],
    ['procurement_reserve', 'yuan'], ['ngos_active', 'count'], ['ngo_pool', 'count'],
  ],
  ngo: [
    ['active', 'bool'], ['losses', 'count'], ['exit_after', 'count'], ['entry_barrier', 'yuan'],
    ['procurement', 'yuan'], ['active_in_street', 'count'], ['expected_income', 'yuan'],
    ['cost_per_hour', 'yuan'], ['communities', 'indices', 'serving'], ['street_communities', 'list'],
  ],
};
// Fields that only say which agent and week it is (already in the page's title).
const SKIP = new Set(['resident', 'street', 'week', 'ngo', 'can_take_part', 'can_propose', 'outreach_share', 'last_week']);

function label(key, t, wordKey = null) {
  const leaf = wordKey || key.split('.').pop();
  const word = t(`web_play_know_${leaf}`);
  return word === `web_play_know_${leaf}` ? leaf.replaceAll('_', ' ') : word;
}

function get(view, path) {
  return path.split('.').reduce((v, k) => (v && typeof v === 'object' ? v[k] : undefined), view);
}

function number(x) {
  return Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(Number.isInteger(x) ? 0 : 1);
}

function show(value, kind, t) {
  if (value === null || value === undefined) return kind === 'word' ? t('web_play_value_none') : '—';
  if (typeof value === 'boolean') return value ? t('web_play_yes') : t('web_play_no');
  switch (kind) {
    case 'index': return String(value + 1);
    case 'share': return `${(100 * value).toFixed(0)}%`;
    case 'score': return value.toFixed(2);
    case 'hours': return t('web_play_hours', { n: number(value) });
    case 'yuan': return t('web_play_yuan', { n: Math.round(value).toLocaleString('en') });
    case 'count': return String(value);
    case 'list': return String(Array.isArray(value) ? value.length : value);
    case 'indices': return Array.isArray(value) ? value.map(c => c + 1).join(', ') || t('web_play_value_none') : String(value);
    case 'split': return ['own_programs', 'devolved', 'ngo_procurement', 'training']
      .map(k => `${t(`web_play_${k}`)} ${(100 * (value[k] || 0)).toFixed(0)}%`).join(', ');
    case 'word': {
      const w = t(`web_play_value_${value}`);
      return w === `web_play_value_${value}` ? String(value) : w;
    }
    default:
      if (typeof value === 'number') return number(value);
      if (Array.isArray(value)) return String(value.length);
      if (typeof value === 'object') return JSON.stringify(value);
      return String(value);
  }
}

/** [field, label, value] rows of role `kind`'s view: the known fields in reading order,
 *  then any other field the server sent. */
export function viewEntries(kind, view, t) {
  if (!view || typeof view !== 'object') return [];
  const known = FIELDS[kind] || [];
  const rows = [];
  for (const [path, how, word] of known) {
    const v = get(view, path);
    if (v === undefined) continue;
    rows.push([path, label(path, t, word), show(v, how, t)]);
  }
  const listed = new Set(known.map(([p]) => p.split('.')[0]));
  for (const [key, value] of Object.entries(view)) {
    if (listed.has(key) || SKIP.has(key)) continue;
    rows.push([key, label(key, t), show(value, null, t)]);
  }
  return rows;
}
