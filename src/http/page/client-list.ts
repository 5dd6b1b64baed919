/** Browser code, part 2: the incident list with its filters (kept in the URL, so links share them). */
export const CLIENT_LIST = String.raw`
const TABS = [
  { id: 'active', label: 'Active', status: 'open,acknowledged' },
  { id: 'open', label: 'Open', status: 'open' },
  { id: 'acknowledged', label: 'Acknowledged', status: 'acknowledged' },
  { id: 'resolved', label: 'Resolved', status: 'resolved' },
  { id: 'all', label: 'All', status: '' },
];

function listFilters() {
  const p = new URLSearchParams(location.search);
  return { tab: p.get('status') || 'active', severity: p.get('severity') || '', brand: p.get('brand') || '' };
}
function setFilter(key, value) {
  const p = new URLSearchParams(location.search);
  if (value && !(key === 'status' && value === 'active')) p.set(key, value); else p.delete(key);
  const q = p.toString();
  history.replaceState(null, '', '/' + (q ? '?' + q : ''));
  showList();
}

function showList() {
  document.title = 'Incidents · Vigie';
  const main = $('#view');
  main.className = '';
  const f = listFilters();
  const tabs = h('div', { class: 'seg', role: 'group', 'aria-label': 'Status' },
    TABS.map((t) => h('button', { type: 'button', 'aria-pressed': String(t.id === f.tab), onclick: () => setFilter('status', t.id) }, t.label)));
  const sev = h('select', { 'aria-label': 'Severity', onchange: (e) => setFilter('severity', e.target.value) },
    h('option', { value: '' }, 'Any severity'),
    ['critical', 'warning', 'info'].map((v) => h('option', { value: v, selected: v === f.severity }, cap(v))));
  const brands = (app.status && app.status.brands) || [];
  const brand = h('select', { 'aria-label': 'Brand', onchange: (e) => setFilter('brand', e.target.value) },
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
  refresh();
}

function actionsNotice() {
  if (!app.status || app.status.actions !== 'disabled') return null;
  return h('div', { class: 'notice' }, 'Read-only: this daemon has no API token, so acknowledging, notes, silences and resolving are refused. Set http.token: ${'$'}{VIGIE_TOKEN} in the config and export VIGIE_TOKEN.');
}

async function loadList(body, counts, f) {
  const q = new URLSearchParams();
  const tab = TABS.find((t) => t.id === f.tab) || TABS[0];
  if (tab.status) q.set('status', tab.status);
  if (f.severity) q.set('severity', f.severity);
  if (f.brand) q.set('brand', f.brand);
  q.set('limit', '300');
  const data = await api('GET', '/api/incidents?' + q.toString());
  setNow(data.now);
  const list = data.incidents;
  const open = list.filter((i) => i.status === 'open').length;
  const crit = list.filter((i) => i.severity === 'critical' && i.status !== 'resolved').length;
  fill(counts, list.length + ' shown' + (open ? ' · ' + open + ' open' : '') + (crit ? ' · ' + crit + ' critical' : ''));
  if (list.length === 0) {
    fill(body, h('div', { class: 'empty' },
      h('strong', null, f.tab === 'active' ? 'No active incidents' : 'No incidents match'),
      'Vigie is watching ' + ((app.status && app.status.brands.length) || 'the configured') + ' brands; this list refreshes by itself.'));
    return;
  }
  const rows = list.map((inc) => {
    const href = '/incidents/' + encodeURIComponent(inc.id);
    const f0 = inc.figures[0];
    const title = (inc.words && inc.words.brandName) || brandName(inc.brand);
    return h('tr', { 'data-id': inc.id, onclick: (e) => { if (!e.target.closest('a')) navigate(href); } },
      h('td', { class: 'c-sev' }, sevBadge(inc.severity)),
      h('td', { class: 'c-title' },
        h('a', { class: 'inc-title', href: href, 'data-nav': true }, title + ' — ' + ((inc.words && inc.words.headline) || inc.summary)),
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
async function loadSilences(box) {
  const data = await api('GET', '/api/silences');
  const list = data.silences || [];
  const scope = (x) => x.brand && x.rule ? brandName(x.brand) + ' · rule ' + x.rule : x.brand ? 'every rule for ' + brandName(x.brand) : 'rule ' + x.rule + ' for every brand';
  fill(box, h('div', { class: 'card-body' }, h('h2', null, 'Silences' + (list.length ? ' · ' + list.length : '')),
    list.length === 0 ? h('div', { class: 'muted' }, 'No silence in force: every alert goes out.') :
      h('ul', { class: 'silence-list' }, list.map((x) => h('li', { 'data-silence': x.id },
        h('div', null, h('b', null, scope(x)), ' until ' + fmtTime(x.endsAt) + ' (', h('span', { 'data-until': x.endsAt }, fmtSpan(Date.parse(x.endsAt) - app.now)), ' left)'),
        h('div', { class: 'muted' }, 'by ' + x.author + ': ' + x.reason),
        h('button', { class: 'btn small', type: 'button', 'data-action': 'expire', disabled: app.status && app.status.actions === 'disabled',
          onclick: () => withSession(() => expireSilence(x, scope(x))) }, 'Expire now'))))));
}
async function expireSilence(x, label) {
  try {
    await api('DELETE', '/api/silences/' + encodeURIComponent(x.id));
    toast('Silence ended: ' + label + ' notifies again');
  } catch (e) {
    toast(e.message, 'error');
    if (e.status === 401) session.clear();
  }
  await refresh();
}

function escalationCell(inc) {
  if (inc.status === 'resolved') return h('span', { class: 'faint' }, '–');
  if (inc.status === 'acknowledged') return h('span', { class: 'muted' }, 'stopped' + (inc.escalationStep ? ' at step ' + inc.escalationStep : ''));
  if (inc.nextEscalationAt) return h('span', null, (inc.escalationStep ? 'step ' + inc.escalationStep + ' · ' : '') + 'next page in ' + fmtSpan(Date.parse(inc.nextEscalationAt) - app.now));
  return inc.escalationStep ? h('span', null, 'step ' + inc.escalationStep + ' (last)') : h('span', { class: 'faint' }, 'none');
}
`;
