/**
 * One incident: what fired and why, the chart, the evidence posts, the timeline, and the actions
 * (acknowledge, note, silence, resolve).
 */
import { api } from './api.js';
import type { IncidentFull as Incident, IncidentDetail, IncidentWords, Post, Silence, SourceHealth } from './api-types.js';
import { chartLegend, renderChart } from './chart.js';
import { dialog, field, toast } from './dialog.js';
import { $, fill, h, type Child } from './dom.js';
import { actionsNotice, ago, brandName, fmtLevel, fmtNum, fmtSpan, fmtTime, LANGS, PLATFORMS, safeUrl, sevBadge, silencedBadge, statusBadge } from './format.js';
import { refresh, setNow } from './live.js';
import { session } from './session.js';
import { nameField, takeName, withSession } from './sign-in.js';
import { actionsDisabled, app } from './state.js';

const backLink = (): HTMLAnchorElement => h('a', { class: 'back', href: '/', 'data-nav': true }, '← All incidents');

export function showDetail(id: string): void {
  document.title = id + ' · Vigie';
  const main = $('#view');
  main.className = '';
  fill(main, backLink(), h('div', { class: 'empty' }, 'Loading ' + id + '…'));
  let last = '';
  let shown: IncidentDetail | null = null;
  app.view = {
    kind: 'detail',
    load: async () => {
      const d = await api<IncidentDetail>('GET', '/api/incidents/' + encodeURIComponent(id));
      setNow(d.now);
      // Redraw only when something changed, so a refresh does not reset the chart cursor.
      const key = JSON.stringify([d.incident, d.chart, d.posts.length, d.silences]);
      if (key !== last || !shown) {
        last = key;
        shown = d;
        renderDetail(main, d);
      } else updateClocks(main);
    },
    redraw: () => {
      if (shown) renderDetail(main, shown);
    },
    onMissing: () => fill(main, backLink(),
      h('div', { class: 'card' }, h('div', { class: 'empty' }, h('strong', null, 'No incident ' + id), 'It may have been removed with its data; go back to the list.'))),
  };
  void refresh();
}

function updateClocks(root: HTMLElement): void {
  for (const el of root.querySelectorAll('[data-since]')) el.textContent = ago(el.getAttribute('data-since') ?? '');
  for (const el of root.querySelectorAll('[data-until]')) el.textContent = fmtSpan(Date.parse(el.getAttribute('data-until') ?? '') - app.now);
}

export function renderDetail(main: HTMLElement, d: IncidentDetail): void {
  const inc = d.incident;
  const name = d.words?.brandName || brandName(inc.brand);
  document.title = '[' + inc.severity + '] ' + name + ' · ' + inc.id + ' · Vigie';
  main.className = inc.status !== 'resolved' ? 'has-actions' : '';
  const chartBox = h('div', { class: 'chart' });
  // A source-health incident is about a collector, not a brand: its polls and last error, no brand panels.
  const body = d.source || d.rule?.type === 'source-health'
    ? h('div', { class: 'grid' }, h('div', null, sourceCard(d.source, inc), figuresCard(inc)), h('div', null, timelineCard(inc)))
    : h('div', { class: 'grid' },
      h('div', null,
        h('section', { class: 'card chart-card o-chart', 'aria-label': 'Activity' }, h('div', { class: 'card-body' }, h('h2', null, 'Activity'), chartLegend(d.chart), chartBox)),
        officialCard(d),
        postsCard(d)),
      h('div', null, figuresCard(inc), relatedCard(d), breakdownCard(inc, d.words), timelineCard(inc)));
  fill(main,
    backLink(),
    actionsNotice(),
    h('div', { class: 'detail-head' },
      h('div', null,
        h('div', null, sevBadge(inc.severity), ' ', statusBadge(inc), ' ', silencedBadge(inc)),
        h('h1', null, name + ' — ' + (d.words?.headline || inc.summary)),
        d.parent ? h('div', { class: 'parent-note' }, 'Related signal of ', h('a', { href: '/incidents/' + encodeURIComponent(d.parent.id), 'data-nav': true }, d.parent.rule + ' (' + d.parent.severity + ')'), ': its notifications wait while that incident is open.') : null,
        h('div', { class: 'meta' },
          h('span', null, 'Opened ' + fmtTime(inc.openedAt) + ' (', h('span', { 'data-since': inc.openedAt }, ago(inc.openedAt)), ')'),
          h('span', null, 'Updated ', h('span', { 'data-since': inc.updatedAt }, ago(inc.updatedAt))),
          h('span', null, 'Rule ', h('span', { class: 'mono' }, inc.rule)),
          h('span', { class: 'mono faint' }, inc.id)),
        escalationBanner(inc, d.silences)),
      actionBar(inc)),
    body);
  if (chartBox.isConnected) renderChart(chartBox, d.chart);
}

function lastOfKind(inc: Incident, kind: string): Incident['timeline'][number] | undefined {
  return inc.timeline.filter((e) => e.kind === kind).pop();
}

function escalationBanner(inc: Incident, silences: Silence[] | undefined): HTMLDivElement | null {
  const parts: HTMLDivElement[] = [];
  if (inc.status === 'acknowledged') {
    const ack = lastOfKind(inc, 'acknowledged');
    parts.push(h('div', { class: 'escalation stopped' }, 'Escalation stopped: acknowledged' + (ack ? ' by ' + ack.by + ' at ' + fmtTime(ack.at) : '')));
  } else if (inc.status === 'open' && inc.nextEscalationAt) {
    parts.push(h('div', { class: 'escalation live' }, 'Not acknowledged: ' + (inc.escalationStep ? 'escalated to step ' + inc.escalationStep + ', ' : '') + 'next page in ',
      h('span', { 'data-until': inc.nextEscalationAt }, fmtSpan(Date.parse(inc.nextEscalationAt) - app.now)),
      ' (' + (inc.escalationPolicy || 'escalation') + ')'));
  } else if (inc.status === 'open' && inc.escalationStep) {
    parts.push(h('div', { class: 'escalation live' }, 'Not acknowledged: every step of ' + (inc.escalationPolicy || 'the escalation policy') + ' has been paged'));
  } else if (inc.status === 'resolved') {
    const r = lastOfKind(inc, 'resolved');
    parts.push(h('div', { class: 'escalation done' }, 'Resolved ' + fmtTime(inc.resolvedAt || inc.updatedAt) + (r?.by ? ' by ' + r.by : '') + (r?.text ? ': ' + r.text : '')));
  }
  for (const x of silences || []) {
    parts.push(h('div', { class: 'escalation done' }, 'Silenced until ' + fmtTime(x.endsAt) + ' by ' + x.author + ': ' + x.reason));
  }
  return parts.length ? h('div', null, parts) : null;
}

function actionBar(inc: Incident): HTMLDivElement {
  const disabled = actionsDisabled();
  const btn = (label: string, cls: string, onclick: () => void, name: string): HTMLButtonElement =>
    h('button', { class: 'btn ' + cls, type: 'button', disabled, 'data-action': name, onclick: () => withSession(onclick) }, label);
  if (inc.status === 'resolved') return h('div', { class: 'actions' }, btn('Add note', '', () => noteDialog(inc), 'note'));
  return h('div', { class: 'actions' },
    inc.status === 'open' ? btn('Acknowledge', 'primary', () => ackDialog(inc), 'ack') : null,
    btn('Add note', '', () => noteDialog(inc), 'note'),
    btn('Silence…', '', () => silenceDialog(inc), 'silence'),
    btn('Resolve', 'danger', () => resolveDialog(inc), 'resolve'));
}

async function act(inc: Incident, path: string, body: Record<string, string | undefined>, done: string, form: HTMLFormElement): Promise<void> {
  takeName(form);
  await api('POST', '/api/incidents/' + encodeURIComponent(inc.id) + '/' + path, { by: session.name, ...body });
  toast(done);
  await refresh();
}
const noteArea = (required: boolean, placeholder: string): HTMLTextAreaElement => h('textarea', { name: 'text', maxlength: 2000, required, placeholder });
function ackDialog(inc: Incident): void {
  const text = noteArea(false, 'e.g. On it: statement being drafted with legal');
  dialog({
    title: 'Acknowledge ' + inc.brand + ' incident',
    intro: 'Escalation stops and the timeline shows you are on it.',
    fields: [nameField(), field('Note (optional)', text)],
    submit: 'Acknowledge',
    onSubmit: (form) => act(inc, 'ack', { text: text.value.trim() || undefined }, 'Acknowledged ' + inc.id, form),
  });
}
function noteDialog(inc: Incident): void {
  const text = noteArea(true, 'What was done, decided or learnt');
  dialog({
    title: 'Add a note', fields: [nameField(), field('Note', text)], submit: 'Add note',
    onSubmit: (form) => {
      if (!text.value.trim()) throw new Error('write the note');
      return act(inc, 'note', { text: text.value.trim() }, 'Note added', form);
    },
  });
}
function resolveDialog(inc: Incident): void {
  const text = noteArea(false, 'e.g. Apology published on Weibo; volume back to normal');
  dialog({
    title: 'Resolve this incident', intro: 'It closes now; if the rule fires again, a new incident opens.',
    fields: [nameField(), field('Resolution (optional)', text)], submit: 'Resolve', danger: true,
    onSubmit: (form) => act(inc, 'resolve', { text: text.value.trim() || undefined }, 'Resolved ' + inc.id, form),
  });
}
const SILENCE_SPANS = [['30m', '30 minutes'], ['1h', '1 hour'], ['2h', '2 hours'], ['4h', '4 hours'], ['8h', '8 hours'], ['1d', '1 day'], ['3d', '3 days']] as const;
function silenceDialog(inc: Incident): void {
  const span = h('select', { name: 'for' }, SILENCE_SPANS.map(([value, label]) => h('option', { value, selected: value === '2h' }, label)));
  const scopes = [['incident', inc.brand + ' · rule ' + inc.rule], ['brand', 'every rule for ' + inc.brand], ['rule', 'rule ' + inc.rule + ' for every brand']] as const;
  const radios = scopes.map(([value, label], i) => h('label', { class: 'inline' }, h('input', { type: 'radio', name: 'scope', value, checked: i === 0 }), label));
  const reason = h('input', { type: 'text', name: 'reason', maxlength: 500, required: true, placeholder: 'e.g. Known issue, statement already out' });
  dialog({
    title: 'Silence notifications', intro: 'Alerts and escalations are muted for the period; the incident keeps updating here.',
    fields: [nameField(), field('For', span), h('div', null, h('div', { class: 'hint' }, 'Mute'), radios), field('Reason', reason)],
    submit: 'Silence',
    onSubmit: (form) => {
      if (!reason.value.trim()) throw new Error('say why (it shows on the timeline)');
      const scope = form.querySelector<HTMLInputElement>('input[name=scope]:checked')?.value;
      return act(inc, 'silence', { for: span.value, scope, reason: reason.value.trim() }, 'Silenced for ' + span.options[span.selectedIndex]?.text, form);
    },
  });
}

function fmtTimes(x: number): string {
  return (x < 10 ? x.toFixed(1) : Math.round(x).toLocaleString('en')) + '×';
}

function figuresCard(inc: Incident): HTMLElement {
  return h('section', { class: 'card o-why' }, h('div', { class: 'card-body' }, h('h2', null, 'Why it fired'),
    h('div', { class: 'figures' }, inc.figures.filter((f) => f.name.indexOf('σ') < 0).map((f) => {
      // One multiplier per figure, the one people compare: against the usual level when there is one.
      const times = f.baseline ? f.value / f.baseline : 0;
      const share = f.threshold ? f.value / f.threshold : 0;
      return h('div', { class: 'figure' },
        h('div', { class: 'name' }, f.name),
        h('div', { class: 'value' }, fmtNum(f.value), f.unit ? h('span', { class: 'muted' }, ' ' + f.unit) : null),
        h('div', { class: 'against' }, [f.threshold !== undefined ? 'threshold ' + fmtNum(f.threshold) : '', f.baseline !== undefined ? 'usual ' + fmtLevel(f.baseline) + (times >= 1.05 ? ' (' + fmtTimes(times) + ')' : '') : ''].filter(Boolean).join(' · ')),
        share ? h('div', { class: 'bar', title: 'against the threshold' }, h('span', { class: 'w' + Math.min(100, Math.round(share * 20) * 5) })) : null);
    }))));
}

/** The brand's own posts during the incident: what it said, apart from the evidence against it. */
function officialCard(d: IncidentDetail): HTMLElement | null {
  if (!d.official || !d.official.length) return null;
  return h('section', { class: 'card o-official', 'aria-label': 'Official responses' },
    h('div', { class: 'card-body' }, h('h2', null, 'Official response' + (d.official.length > 1 ? 's' : ''))),
    h('div', { class: 'posts' }, d.official.map((p) => {
      const el = postItem(p);
      el.classList.add('official');
      return el;
    })));
}
/** Lesser incidents of the same brand grouped under this one. */
function relatedCard(d: IncidentDetail): HTMLElement | null {
  if (!d.related || !d.related.length) return null;
  return h('section', { class: 'card o-related' }, h('div', { class: 'card-body' }, h('h2', null, 'Related signals'),
    h('ul', { class: 'related' }, d.related.map((r) => h('li', null, sevBadge(r.severity), ' ',
      h('a', { href: '/incidents/' + encodeURIComponent(r.id), 'data-nav': true }, r.rule), ' ', h('span', { class: 'muted' }, r.summary))))));
}
/** A collector's health: state, failures in a row, polls, the last error and when things last worked. */
function sourceCard(src: SourceHealth | undefined, inc: Incident): HTMLElement {
  if (!src) return h('section', { class: 'card o-source' }, h('div', { class: 'card-body' }, h('h2', null, 'Source ' + inc.brand), h('div', { class: 'muted' }, 'This source is no longer configured.')));
  const row = (k: string, v: string | null | undefined): Child => (v === undefined || v === null || v === '' ? null : [h('dt', null, k), h('dd', null, v)]);
  return h('section', { class: 'card o-source', 'aria-label': 'Source health' }, h('div', { class: 'card-body' }, h('h2', null, 'Source ' + src.sourceId + ' (' + src.type + ')'),
    h('dl', { class: 'kv' },
      row('State', src.state),
      row('Failures in a row', String(src.consecutiveFailures)),
      row('Polls', src.successes !== undefined ? src.successes + ' ok, ' + src.failures + ' failed' : null),
      row('Failing since', src.since ? fmtTime(src.since) : null),
      row('Last poll', src.lastPollAt ? fmtTime(src.lastPollAt) + ' (' + ago(src.lastPollAt) + ')' : null),
      row('Last success', src.lastSuccessAt ? fmtTime(src.lastSuccessAt) + ' (' + ago(src.lastSuccessAt) + ')' : 'never'),
      row('Last new post', src.lastPostAt ? fmtTime(src.lastPostAt) : null),
      row('Last error', src.lastError ? (src.lastErrorAt ? fmtTime(src.lastErrorAt) + ': ' : '') + src.lastError : null))));
}

function sharesBlock(title: string, counts: Record<string, number> | undefined, names: Record<string, string>): HTMLDivElement | null {
  const entries = Object.entries(counts || {}).sort((a, b) => b[1] - a[1]);
  const total = entries.reduce((a, e) => a + e[1], 0);
  if (!total) return null;
  const bar = h('div', { class: 'shares' }, entries.slice(0, 5).map((e) => h('span', { class: 'w' + Math.round((e[1] / total) * 20) * 5 })));
  return h('div', null, h('div', { class: 'hint muted' }, title), bar,
    h('div', null, entries.slice(0, 5).map((e) => h('span', { class: 'chip' }, (names[e[0]] || e[0]) + ' ' + Math.round((e[1] / total) * 100) + '%'))));
}
function breakdownCard(inc: Incident, words: IncidentWords | undefined): HTMLElement {
  const terms = words?.terms || inc.terms;
  return h('section', { class: 'card o-where' }, h('div', { class: 'card-body' }, h('h2', null, 'Where and in what language'),
    sharesBlock('Languages', inc.languages, LANGS), sharesBlock('Platforms', inc.platforms, PLATFORMS),
    terms.length ? h('div', null, h('div', { class: 'hint muted' }, 'Crisis terms'), terms.map((t) => h('span', { class: 'chip term' }, t))) : null));
}

const KIND_LABELS: Record<string, string> = { official: 'Official response', opened: 'Opened', updated: 'Updated', notified: 'Notified', escalated: 'Escalated', acknowledged: 'Acknowledged', note: 'Note', silenced: 'Silenced', resolved: 'Resolved' };
function timelineCard(inc: Incident): HTMLElement {
  const events = inc.timeline.slice().reverse();
  return h('section', { class: 'card o-timeline' }, h('div', { class: 'card-body' }, h('h2', null, 'Timeline'),
    h('ol', { class: 'timeline' }, events.map((e) => h('li', { class: 'k-' + e.kind },
      h('div', { class: 'when' }, fmtTime(e.at) + ' · ', h('span', { 'data-since': e.at }, ago(e.at))),
      h('div', null, h('span', { class: 'what' }, KIND_LABELS[e.kind] || e.kind), e.by ? h('span', { class: 'muted' }, ' by ' + e.by) : null),
      e.text ? h('div', { class: 'text' }, e.text) : null)))));
}

function highlight(text: string, terms: readonly string[]): Child[] {
  const lower = text.toLowerCase();
  if (lower.length !== text.length || !terms.length) return [text];
  const ranges: [number, number][] = [];
  for (const term of terms.slice().sort((a, b) => b.length - a.length)) {
    const t = term.toLowerCase();
    if (!t) continue;
    for (let i = lower.indexOf(t); i !== -1; i = lower.indexOf(t, i + t.length)) {
      if (!ranges.some((r) => i < r[1] && i + t.length > r[0])) ranges.push([i, i + t.length]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const out: Child[] = [];
  let at = 0;
  for (const [from, to] of ranges) {
    out.push(text.slice(at, from), h('mark', null, text.slice(from, to)));
    at = to;
  }
  out.push(text.slice(at));
  return out;
}
const SENTIMENT_WORDS = { neg: 'negative', neu: 'neutral', pos: 'positive' } as const;
const TEXT_LANGS: Record<string, string> = { cmn: 'zh', eng: 'en', fra: 'fr' };
function postItem(p: Post): HTMLElement {
  const url = safeUrl(p.url);
  const sent = p.sentiment || { label: 'neu', score: 0 };
  const terms = p.crisis?.terms || [];
  return h('article', { class: 'post' },
    h('div', { class: 'post-head' },
      h('span', { class: 'who' }, p.author.name),
      p.author.followers ? h('span', null, fmtNum(p.author.followers) + ' followers') : null,
      h('span', null, PLATFORMS[p.platform] || p.platform),
      h('span', { title: p.publishedAt }, fmtTime(p.publishedAt)),
      h('span', { class: 'chip lang', title: 'Detected language' }, LANGS[p.lang] || p.lang),
      h('span', { class: 'badge sent-' + sent.label, title: 'Sentiment score' }, SENTIMENT_WORDS[sent.label] + ' ' + (sent.score > 0 ? '+' : '') + sent.score.toFixed(2))),
    p.official ? h('div', { class: 'official-tag' }, 'Official response · ' + brandName(p.official)) : null,
    p.title ? h('div', { class: 'inc-title' }, p.title) : null,
    h('div', { class: 'post-text', lang: TEXT_LANGS[p.lang] ?? null }, highlight(p.text, terms)),
    h('div', { class: 'post-foot' },
      terms.map((t) => h('span', { class: 'chip term' }, t)),
      (p.crisis?.categories || []).map((c) => {
        const inferred = (p.crisis?.inferred || []).find((i) => i.category === c);
        const title = inferred ? 'Crisis category found by the crisis model (probability ' + inferred.probability.toFixed(2) + '), not by a term' : 'Crisis category';
        return h('span', { class: 'chip', title }, (CATEGORY_WORDS[c] ?? c) + (inferred ? ' (model)' : ''));
      }),
      h('span', null, 'reach ' + fmtNum(p.reach)),
      url ? h('a', { href: url, target: '_blank', rel: 'noopener noreferrer nofollow' }, 'Open original ↗') : null));
}
/** Crisis categories as the alerts name them (src/alerts/i18n.ts): `fraud` holds the law's words too. */
const CATEGORY_WORDS: Record<string, string> = { fraud: 'fraud or legal' };
function postsCard(d: IncidentDetail): HTMLElement {
  return h('section', { class: 'card o-posts', 'aria-label': 'Evidence posts' },
    h('div', { class: 'card-body' }, h('h2', null, 'Evidence · ' + d.posts.length + ' post' + (d.posts.length === 1 ? '' : 's') + ' with the most reach'),
      d.missingPosts ? h('div', { class: 'hint muted' }, d.missingPosts + ' older post(s) are past retention') : null),
    d.posts.length ? h('div', { class: 'posts' }, d.posts.map(postItem)) : h('div', { class: 'empty' }, 'No evidence posts for this incident.'));
}
