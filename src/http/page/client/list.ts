/** The incident list with its filters (kept in the URL, so links share them), and the silences. */
import { messageOf, statusOf } from './api-error.js';
import { api } from './api.js';
import type { IncidentList, IncidentRow, Silence, SilenceList } from './api-types.js';
import { toast } from './dialog.js';
import { $, fill, h } from './dom.js';
import { actionsNotice, ago, brandName, cap, figureText, fmtSpan, fmtTime, sevBadge, silencedBadge, statusBadge } from './format.js';
import { refresh, setNow } from './live.js';
import { session } from './session.js';
import { withSession } from './sign-in.js';
import { actionsDisabled, app } from './state.js';

interface Tab {
  id: string;
  label: string;
  status: string;
}
const TABS: readonly [Tab, ...Tab[]] = [
  { id: 'active', label: 'Active', status: 'open,acknowledged' },
  { id: 'open', label: 'Open', status: 'open' },
  { id: 'acknowledged', label: 'Acknowledged', status: 'acknowledged' },
  { id: 'resolved', label: 'Resolved', status: 'resolved' },
  { id: 'all', label: 'All', status: '' },
];

interface ListFilters {
  tab: string;
  severity: string;
  brand: string;
}

function listFilters(): ListFilters {
  const p = new URLSearchParams(location.search);
  return { tab: p.get('status') || 'active', severity: p.get('severity') || '', brand: p.get('brand') || '' };
}
function setFilter(key: string, value: string): void {
  const p = new URLSearchParams(location.search);
  if (value && !(key === 'status' && value === 'active')) p.set(key, value);
  else p.delete(key);
  const q = p.toString();
  history.replaceState(null, '', '/' + (q ? '?' + q : ''));
  showList();
}
const selected = (e: Event): string => (e.target as HTMLSelectElement).value;

export function showList(): void {
  document.title = 'Incidents · Vigie';
  const main = $('#view');
  main.className = '';
  const f = listFilters();
  const tabs = h('div', { class: 'seg', role: 'group', 'aria-label': 'Status' },
    TABS.map((t) => h('button', { type: 'button', 'aria-pressed': String(t.id === f.tab), onclick: () => setFilter('status', t.id) }, t.label)));
  const sev = h('select', { 'aria-label': 'Severity', onchange: (e) => setFilter('severity', selected(e)) },
    h('option', { value: '' }, 'Any severity'),
    ['critical', 'warning', 'info'].map((v) => h('option', { value: v, selected: v === f.severity }, cap(v))));
  const brands = app.status?.brands || [];
  const brand = h('select', { 'aria-label': 'Brand', onchange: (e) => setFilter('brand', selected(e)) },
    h('option', { value: '' }, 'All brands'),
    brands.map((b) => h('option', { value: b.id, selected: b.id === f.brand }, b.name)));
  const counts = h('span', { class: 'counts' });
  const body = h('div', { class: 'card', id: 'incident-list' }, h('div', { class: 'empty' }, 'Loading incidents…'));
  const silences = h('section', { class: 'card silences', id: 'silences', 'aria-label': 'Silences' });
  fill(main,
    actionsNotice(),
    h('div', { class: 'page-head' }, h('h1', null, 'Incidents'), counts),
    h('div', { class: 'filters' }, tabs, sev, brand),
    body,
    silences);
  app.view = { kind: 'list', load: () => Promise.all([loadList(body, counts, f), loadSilences(silences)]) };
  void refresh();
}

async function loadList(body: HTMLElement, counts: HTMLElement, f: ListFilters): Promise<void> {
  const q = new URLSearchParams();
  const tab = TABS.find((t) => t.id === f.tab) || TABS[0];
  if (tab.status) q.set('status', tab.status);
  if (f.severity) q.set('severity', f.severity);
  if (f.brand) q.set('brand', f.brand);
  q.set('limit', '300');
  const data = await api<IncidentList>('GET', '/api/incidents?' + q.toString());
  setNow(data.now);
  const list = data.incidents;
  const open = list.filter((i) => i.status === 'open').length;
  const crit = list.filter((i) => i.severity === 'critical' && i.status !== 'resolved').length;
  fill(counts, list.length + ' shown' + (open ? ' · ' + open + ' open' : '') + (crit ? ' · ' + crit + ' critical' : ''));
  if (list.length === 0) {
    fill(body, h('div', { class: 'empty' },
      h('strong', null, f.tab === 'active' ? 'No active incidents' : 'No incidents match'),
      'Vigie is watching ' + (app.status?.brands.length || 'the configured') + ' brands; this list refreshes by itself.'));
    return;
  }
  const rows = list.map((inc) => {
    const href = '/incidents/' + encodeURIComponent(inc.id);
    const f0 = inc.figures[0];
    const title = inc.words?.brandName || brandName(inc.brand);
    // A click anywhere on the row follows the row's link (the page's click handler routes it).
    const link = h('a', { class: 'inc-title', href, 'data-nav': true }, title + ' — ' + (inc.words?.headline || inc.summary));
    return h('tr', { 'data-id': inc.id, onclick: (e) => { if (!(e.target as Element).closest('a')) link.click(); } },
      h('td', { class: 'c-sev' }, sevBadge(inc.severity)),
      h('td', { class: 'c-title' },
        link,
        h('div', { class: 'inc-sub' }, 'rule ', h('span', { class: 'mono' }, inc.rule), ' · ', h('span', { class: 'mono' }, inc.id)),
        inc.related && inc.related.length ? h('div', { class: 'related-sub' }, '+ ' + inc.related.length + ' related signal' + (inc.related.length === 1 ? '' : 's') + ': ',
          inc.related.map((r, i) => [i ? ', ' : '', h('a', { href: '/incidents/' + encodeURIComponent(r.id), 'data-nav': true, 'data-related': r.id }, r.rule), ' (' + r.severity + ')'])) : null),
      h('td', { class: 'c-status' }, statusBadge(inc), ' ', silencedBadge(inc)),
      h('td', { class: 'c-age nowrap' }, h('span', { title: 'Opened ' + fmtTime(inc.openedAt) }, fmtSpan(app.now - Date.parse(inc.openedAt))),
        h('div', { class: 'inc-sub hide-phone' }, 'upd. ' + ago(inc.updatedAt))),
      h('td', { class: 'c-fig figure-mini' }, f0 ? figureText(f0) : h('span', { class: 'faint' }, '–')),
      h('td', { class: 'c-esc nowrap' }, escalationCell(inc)));
  });
  fill(body, h('table', { class: 'incidents' },
    h('thead', null, h('tr', null, ['Severity', 'Incident', 'Status', 'Age', 'Last figures', 'Escalation'].map((t) => h('th', null, t)))),
    h('tbody', null, rows)));
}

/** Silences in force, each with who set it, why, until when, and a button to end it now. */
async function loadSilences(box: HTMLElement): Promise<void> {
  const data = await api<SilenceList>('GET', '/api/silences');
  const list = data.silences || [];
  const scope = (x: Silence): string => (x.brand && x.rule ? brandName(x.brand) + ' · rule ' + x.rule : x.brand ? 'every rule for ' + brandName(x.brand) : 'rule ' + x.rule + ' for every brand');
  fill(box, h('div', { class: 'card-body' }, h('h2', null, 'Silences' + (list.length ? ' · ' + list.length : '')),
    list.length === 0 ? h('div', { class: 'muted' }, 'No silence in force: every alert goes out.') :
      h('ul', { class: 'silence-list' }, list.map((x) => h('li', { 'data-silence': x.id },
        h('div', null, h('b', null, scope(x)), ' until ' + fmtTime(x.endsAt) + ' (', h('span', { 'data-until': x.endsAt }, fmtSpan(Date.parse(x.endsAt) - app.now)), ' left)'),
        h('div', { class: 'muted' }, 'by ' + x.author + ': ' + x.reason),
        h('button', { class: 'btn small', type: 'button', 'data-action': 'expire', disabled: actionsDisabled(),
          onclick: () => withSession(() => void expireSilence(x, scope(x))) }, 'Expire now'))))));
}
async function expireSilence(x: Silence, label: string): Promise<void> {
  try {
    await api('DELETE', '/api/silences/' + encodeURIComponent(x.id));
    toast('Silence ended: ' + label + ' notifies again');
  } catch (e) {
    toast(messageOf(e), 'error');
    if (statusOf(e) === 401) session.clear();
  }
  await refresh();
}

function escalationCell(inc: IncidentRow): HTMLSpanElement {
  if (inc.status === 'resolved') return h('span', { class: 'faint' }, '–');
  if (inc.status === 'acknowledged') return h('span', { class: 'muted' }, 'stopped' + (inc.escalationStep ? ' at step ' + inc.escalationStep : ''));
  if (inc.nextEscalationAt) return h('span', null, (inc.escalationStep ? 'step ' + inc.escalationStep + ' · ' : '') + 'next page in ' + fmtSpan(Date.parse(inc.nextEscalationAt) - app.now));
  return inc.escalationStep ? h('span', null, 'step ' + inc.escalationStep + ' (last)') : h('span', { class: 'faint' }, 'none');
}
