/**
 * Browser code of the triage page, part 1: DOM helpers, formatting, the API client, the session
 * (token and name), dialogs, toasts, routing and live refresh. Plain JS, no template literals (it
 * lives in a TS string); every piece of data reaches the DOM as text, never as HTML: post text and
 * names are untrusted.
 */
export const CLIENT_CORE = String.raw`
'use strict';
const $ = (sel, root) => (root || document).querySelector(sel);
const SVGNS = 'http://www.w3.org/2000/svg';

function append(el, kids) {
  for (const k of kids.flat(Infinity)) {
    if (k === null || k === undefined || k === false) continue;
    el.append(k instanceof Node ? k : document.createTextNode(String(k)));
  }
  return el;
}
/** Replaces an element's children, skipping null and false (Node.replaceChildren would print "null"). */
function fill(el) {
  while (el.firstChild) el.firstChild.remove();
  return append(el, Array.prototype.slice.call(arguments, 1));
}
function h(tag, props) {
  const el = document.createElement(tag);
  for (const k in props || {}) {
    const v = props[k];
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else if (k.slice(0, 2) === 'on') el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  return append(el, Array.prototype.slice.call(arguments, 2));
}
function s(tag, attrs) {
  const el = document.createElementNS(SVGNS, tag);
  for (const k in attrs || {}) if (attrs[k] !== undefined && attrs[k] !== null) el.setAttribute(k, String(attrs[k]));
  return append(el, Array.prototype.slice.call(arguments, 2));
}

// ---- formatting -------------------------------------------------------------------------------
const LANGS = { cmn: 'Chinese', zho: 'Chinese', eng: 'English', fra: 'French', deu: 'German', spa: 'Spanish', jpn: 'Japanese', kor: 'Korean', ita: 'Italian', und: 'unknown' };
const PLATFORMS = { weibo: 'Weibo', wechat: 'WeChat', twitter: 'X / Twitter', feed: 'Blogs & news', ingest: 'Ingested', replay: 'Replay' };
const pad2 = (n) => (n < 10 ? '0' : '') + n;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
function hhmm(t) { const d = new Date(t); return pad2(d.getUTCHours()) + ':' + pad2(d.getUTCMinutes()); }
function fmtTime(iso) {
  const d = new Date(iso);
  const now = new Date(app.now || Date.now());
  const sameDay = d.toISOString().slice(0, 10) === now.toISOString().slice(0, 10);
  return (sameDay ? '' : MONTHS[d.getUTCMonth()] + ' ' + d.getUTCDate() + ', ') + hhmm(d) + ' UTC';
}
function fmtSpan(ms) {
  const sec = Math.max(0, Math.round(ms / 1000));
  if (sec < 60) return sec + 's';
  const m = Math.floor(sec / 60);
  if (m < 60) return m + 'm';
  const hr = Math.floor(m / 60);
  if (hr < 48) return hr + 'h' + (m % 60 ? ' ' + (m % 60) + 'm' : '');
  return Math.floor(hr / 24) + 'd' + (hr % 24 ? ' ' + (hr % 24) + 'h' : '');
}
function ago(iso) { return fmtSpan((app.now || Date.now()) - Date.parse(iso)) + ' ago'; }
function fmtNum(n) {
  if (n === undefined || n === null || isNaN(n)) return '–';
  const a = Math.abs(n);
  if (a >= 1e6) return (n / 1e6).toFixed(a >= 1e7 ? 0 : 1) + 'M';
  if (a >= 1e4) return (n / 1e3).toFixed(a >= 1e5 ? 0 : 1) + 'k';
  return Number.isInteger(n) ? n.toLocaleString('en') : n.toFixed(n < 10 ? 2 : 1);
}
const cap = (t) => t.charAt(0).toUpperCase() + t.slice(1);
function sevBadge(sev) { return h('span', { class: 'badge sev-' + sev }, cap(sev)); }
function statusBadge(inc) {
  const label = { open: 'Open', acknowledged: 'Acknowledged', resolved: 'Resolved' }[inc.status] || inc.status;
  return h('span', { class: 'badge st-' + inc.status }, inc.status === 'open' ? h('span', { class: 'pulse' }) : null, label);
}
function silencedBadge(inc) { return inc.silenced ? h('span', { class: 'badge silenced', title: 'Notifications muted by a silence' }, 'Silenced') : null; }
function figureText(f) {
  const against = f.threshold !== undefined ? ' / ' + fmtNum(f.threshold) : f.baseline !== undefined ? ' vs ' + fmtNum(f.baseline) + ' baseline' : '';
  return [h('b', null, fmtNum(f.value)), against, ' ', h('span', { class: 'muted' }, f.name)];
}
function safeUrl(u) {
  try { const url = new URL(u); return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null; } catch (e) { return null; }
}

// ---- session: token and name, kept on this device --------------------------------------------
const session = {
  token: localStorage.getItem('vigie.token') || '',
  name: localStorage.getItem('vigie.name') || '',
  save(token, name) {
    this.token = token; this.name = name;
    localStorage.setItem('vigie.token', token); localStorage.setItem('vigie.name', name);
    // The queues board cannot send headers: it acts with this cookie (SameSite, its path only).
    document.cookie = 'vigie_token=' + encodeURIComponent(token) + '; Path=/queues; SameSite=Strict' + (location.protocol === 'https:' ? '; Secure' : '');
    renderSession();
  },
  clear() {
    this.token = ''; localStorage.removeItem('vigie.token');
    document.cookie = 'vigie_token=; Path=/queues; Max-Age=0; SameSite=Strict';
    renderSession();
  },
};
(function tokenFromFragment() {
  // 'vigie start --demo' prints a link with #token=...: fragments never reach the server or its logs.
  const m = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (!m) return;
  session.token = decodeURIComponent(m[1]);
  localStorage.setItem('vigie.token', session.token);
  document.cookie = 'vigie_token=' + encodeURIComponent(session.token) + '; Path=/queues; SameSite=Strict';
  history.replaceState(null, '', location.pathname + location.search);
})();

// ---- API --------------------------------------------------------------------------------------
class ApiError extends Error {
  constructor(status, message, field) { super(message); this.status = status; this.field = field; }
}
async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  // With http.token set, reads need the token too.
  if (session.token) headers.Authorization = 'Bearer ' + session.token;
  let res;
  try {
    res = await fetch(path, { method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
  } catch (e) {
    throw new ApiError(0, 'the daemon does not answer');
  }
  const data = await res.json().catch(() => ({}));
  if (!res.ok) {
    // A read refused for want of the token: ask for it, then show the page again.
    if (res.status === 401 && method === 'GET' && !$('#dialog').open) { session.clear(); signIn(() => loadStatus().then(route)); }
    throw new ApiError(res.status, data.error || 'HTTP ' + res.status, data.field);
  }
  return data;
}

// ---- toasts and dialogs -----------------------------------------------------------------------
function toast(text, kind) {
  const t = h('div', { class: 'toast' + (kind ? ' ' + kind : ''), role: kind === 'error' ? 'alert' : 'status' }, text);
  $('#toasts').append(t);
  setTimeout(() => t.remove(), kind === 'error' ? 8000 : 4000);
}
/**
 * A modal form. fields: nodes to show; onSubmit(form) resolves when done (the dialog closes) or
 * throws (the message shows in the dialog, which stays open).
 */
function dialog(opts) {
  const dlg = $('#dialog');
  const error = h('div', { class: 'error', role: 'alert' });
  const submit = h('button', { class: 'btn ' + (opts.danger ? 'danger' : 'primary'), type: 'submit', value: 'ok' }, opts.submit);
  const form = h('form', { method: 'dialog', novalidate: true },
    h('h3', null, opts.title),
    opts.intro ? h('div', { class: 'hint' }, opts.intro) : null,
    opts.fields,
    error,
    h('div', { class: 'row' }, h('button', { class: 'btn', type: 'button', onclick: () => dlg.close() }, 'Cancel'), submit));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    submit.disabled = true;
    try {
      await opts.onSubmit(form);
      dlg.close();
    } catch (err) {
      error.textContent = err.message;
      if (err.status === 401) session.clear();
    } finally {
      submit.disabled = false;
    }
  });
  fill(dlg, form);
  dlg.showModal();
  const first = form.querySelector('input, textarea, select');
  if (first) first.focus(); else submit.focus();
}
function field(label, input, hint) { return h('label', null, label, input, hint ? h('span', { class: 'hint' }, hint) : null); }

function signIn(then) {
  const token = h('input', { type: 'password', name: 'token', autocomplete: 'current-password', value: session.token, required: true });
  const name = h('input', { type: 'text', name: 'name', autocomplete: 'name', value: session.name, required: true, maxlength: 80 });
  dialog({
    title: 'Sign in to act on incidents',
    intro: 'Acknowledging, noting, silencing and resolving need the daemon\'s API token (http.token). Your name goes on the timeline.',
    fields: [field('API token', token), field('Your name', name, 'As the team knows you, e.g. Ana (PR)')],
    submit: 'Sign in',
    onSubmit: async () => {
      if (!token.value.trim()) throw new Error('enter the token');
      if (!name.value.trim()) throw new Error('enter your name');
      const previous = session.token;
      session.token = token.value.trim();
      try {
        await api('POST', '/api/session', {});
      } catch (e) {
        session.token = previous;
        throw e;
      }
      session.save(token.value.trim(), name.value.trim());
      toast('Signed in as ' + session.name);
      if (then) setTimeout(then, 0);
    },
  });
}
function withSession(action) {
  if (app.status && app.status.actions === 'disabled') { toast('Actions are disabled: the daemon has no API token (http.token)', 'error'); return; }
  if (!session.token || !session.name) signIn(action); else action();
}
function renderSession() {
  const b = $('#session');
  if (!b) return;
  fill(b, session.token && session.name ? session.name : 'Sign in');
  b.title = session.token ? 'Signed in: click to change or sign out' : 'Sign in with the API token to act';
}

// ---- routing and live refresh -----------------------------------------------------------------
const app = { now: 0, status: null, view: null, timer: 0, lastOk: 0, failing: false, refreshMs: 5000 };
(function () {
  const r = Number(new URLSearchParams(location.search).get('refresh'));
  if (r >= 1) app.refreshMs = r * 1000;
})();
function navigate(href) { history.pushState(null, '', href); route(); window.scrollTo(0, 0); }
document.addEventListener('click', (e) => {
  const a = e.target.closest && e.target.closest('a[data-nav]');
  if (!a || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  e.preventDefault();
  navigate(a.getAttribute('href'));
});
window.addEventListener('popstate', () => route());
function route() {
  clearTimeout(app.timer);
  const m = /^\/incidents\/([^/]+)\/?$/.exec(location.pathname);
  if (m) showDetail(decodeURIComponent(m[1])); else showList();
}
async function refresh() {
  clearTimeout(app.timer);
  const view = app.view;
  if (!view) return;
  try {
    await view.load();
    app.lastOk = Date.now(); app.failing = false;
  } catch (e) {
    app.failing = true;
    if (e.status === 404 && view.kind === 'detail') { view.onMissing(e); return; }
    if (e.status !== 0) toast(e.message, 'error');
  }
  renderLive();
  if (app.view === view) app.timer = setTimeout(refresh, app.refreshMs);
}
document.addEventListener('visibilitychange', () => { if (!document.hidden) refresh(); else clearTimeout(app.timer); });
function setNow(iso) { app.now = Date.parse(iso); renderLive(); }
function renderLive() {
  const el = $('#live');
  if (!el) return;
  const stale = app.lastOk && Date.now() - app.lastOk > app.refreshMs * 3;
  el.className = 'live' + (app.failing ? ' down' : stale ? ' stale' : '');
  const label = app.failing ? 'Reconnecting…' : 'Live';
  fill(el, h('span', { class: 'dot' }), h('span', { class: 'label' }, label), app.now ? h('span', { class: 'mono hide-phone', title: 'The daemon\'s clock (event time during a replay)' }, fmtTime(new Date(app.now).toISOString())) : null);
  el.title = app.lastOk ? 'Updated ' + fmtSpan(Date.now() - app.lastOk) + ' ago' : '';
}
setInterval(renderLive, 1000);
async function loadStatus() {
  try { app.status = await api('GET', '/api/status'); setNow(app.status.now); } catch (e) { /* the views report it */ }
}
`;
