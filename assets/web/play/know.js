// "What you know this week": the view the server sends (the model's resident_view,
// committee_view, office_view or ngo_view, as JSON) as label–value pairs. Labels are the
// `web_play_know_FIELD` words; a field without a word is shown by its name, so nothing
// the server sends is hidden from the student.

const SHARES = new Set(['trust', 'efficacy', 'satisfaction', 'neighbours_took_part', 'access_list', 'pressure']);

function label(key, t) {
  const word = t(`web_play_know_${key}`);
  return word === `web_play_know_${key}` ? key.replaceAll('_', ' ') : word;
}

function show(key, value, t) {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'boolean') return value ? t('web_play_yes') : t('web_play_no');
  if (typeof value === 'number') {
    if (Number.isInteger(value)) return String(value);
    if ((SHARES.has(key) || key.endsWith('_share')) && value >= 0 && value <= 1) return `${(100 * value).toFixed(0)}%`;
    return Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(2);
  }
  if (Array.isArray(value)) return String(value.length);
  if (typeof value === 'object') return Object.entries(value).map(([k, v]) => `${label(k, t)} ${show(k, v, t)}`).join(', ');
  return String(value);
}

/** [label, value] pairs of a view, in the server's order. */
export function viewEntries(view, t) {
  if (!view || typeof view !== 'object') return [];
  return Object.entries(view).map(([key, value]) => [label(key, t), show(key, value, t)]);
}
