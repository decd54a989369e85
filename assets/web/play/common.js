// What the play pages share: the words (from the server's i18n rows, /api/meta), the
// language switch, the problem banner, and a WebSocket that reconnects by itself.
// Plain ES module, no build step.

const $ = id => document.getElementById(id);
export { $ };

export const words = {
  meta: null,
  lang: 'en',
};

/** The word `key` in the page's language, with `{name}` holes filled from `values`. */
export function t(key, values = {}) {
  const table = words.meta ? words.meta.strings[words.lang] || {} : {};
  let s = table[key] ?? key;
  for (const [k, v] of Object.entries(values)) s = s.replaceAll(`{${k}}`, v);
  return s;
}

/** One of a pair {en, zh} in the page's language. */
export const pick = pair => (pair ? (pair[words.lang] || pair.en || '') : '');

/** The catalogue's colour-blind-safe palette (plot.rs), as CSS colours. */
export const palette = i => {
  const p = (words.meta && words.meta.palette) || ['#0072b2', '#e69f00'];
  return p[i % p.length];
};

/** Read /api/meta and the language (?lang=, then the one kept, then the server's). */
export async function loadWords() {
  const answer = await fetch('../api/meta');
  if (!answer.ok) throw new Error(`/api/meta: HTTP ${answer.status}`);
  words.meta = await answer.json();
  const asked = new URL(location.href).searchParams.get('lang');
  words.lang = ['en', 'zh'].includes(asked) ? asked : (localStorage.getItem('cogov-lang') || words.meta.lang || 'en');
  return words.meta;
}

/** Put the words into every [data-i18n] element, and the language on the document. */
export function applyWords(root = document) {
  document.documentElement.lang = words.lang === 'zh' ? 'zh-CN' : 'en';
  for (const e of root.querySelectorAll('[data-i18n]')) e.textContent = t(e.dataset.i18n);
  for (const e of root.querySelectorAll('[data-i18n-placeholder]')) e.placeholder = t(e.dataset.i18nPlaceholder);
  for (const e of root.querySelectorAll('[data-i18n-label]')) e.setAttribute('aria-label', t(e.dataset.i18nLabel));
  const toggle = $('lang-toggle');
  if (toggle) {
    toggle.textContent = t('web_switch_lang');
    // The button names the other language in that language (its own fonts come first).
    toggle.lang = words.lang === 'zh' ? 'en' : 'zh-CN';
    toggle.setAttribute('aria-label', t('web_switch_lang_label'));
  }
}

/** The language button: switches, keeps the choice, calls `redraw`. */
export function wireLanguage(redraw) {
  const toggle = $('lang-toggle');
  if (!toggle) return;
  toggle.addEventListener('click', () => {
    words.lang = words.lang === 'en' ? 'zh' : 'en';
    localStorage.setItem('cogov-lang', words.lang);
    const u = new URL(location.href);
    u.searchParams.set('lang', words.lang);
    history.replaceState(null, '', u);
    applyWords();
    redraw();
  });
}

// ---- problems -------------------------------------------------------------------------

/** Show a problem (a refusal from the server names its field). */
export function showProblem(message, field) {
  const box = $('problem');
  if (!box) return;
  $('problem-text').textContent = field ? `${field}: ${message}` : message;
  box.hidden = false;
}
export function clearProblem() {
  const box = $('problem');
  if (box) box.hidden = true;
}
export function wireProblem() {
  const close = $('problem-close');
  if (close) close.addEventListener('click', clearProblem);
}

// ---- the socket -------------------------------------------------------------------------

/** A WebSocket to `path` (relative to the server's root) that reconnects after a drop,
 *  waiting longer each time (up to 8 s). `hello()` gives the first message after each
 *  (re)connection (or null); `receive(message)` gets every message. */
export class PlaySocket {
  constructor(path, { hello, receive, status }) {
    this.path = path;
    this.hello = hello;
    this.receive = receive;
    this.status = status || (() => {});
    this.ws = null;
    this.wait = 500;
    this.closed = false;
    this.queue = [];
  }

  open() {
    const url = new URL(this.path, new URL('../', location.href));
    url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(url);
    this.ws = ws;
    ws.addEventListener('open', () => {
      this.wait = 500;
      this.status(true);
      const first = this.hello();
      if (first) ws.send(JSON.stringify(first));
      for (const m of this.queue.splice(0)) ws.send(JSON.stringify(m));
    });
    ws.addEventListener('close', () => {
      this.status(false);
      if (this.closed) return;
      setTimeout(() => this.open(), this.wait);
      this.wait = Math.min(8000, this.wait * 2);
    });
    ws.addEventListener('message', e => {
      let m;
      try { m = JSON.parse(e.data); } catch { return; }
      this.receive(m);
    });
  }

  get up() { return !!this.ws && this.ws.readyState === WebSocket.OPEN; }

  /** Send now, or false when the connection is down (the caller says so). */
  send(message) {
    if (!this.up) return false;
    this.ws.send(JSON.stringify(message));
    return true;
  }

  close() {
    this.closed = true;
    if (this.ws) this.ws.close();
  }
}

/** The connection indicator in the header. */
export function showConnection(up) {
  const e = $('connection');
  if (!e) return;
  e.textContent = up ? t('web_connected') : t('web_disconnected');
  e.classList.toggle('down', !up);
}

/** Seconds as m:ss. */
export function clock(seconds) {
  const s = Math.max(0, Math.ceil(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** An element with a class and text. */
export function el(tag, className, text) {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text != null) e.textContent = text;
  return e;
}
