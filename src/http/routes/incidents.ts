import type { StoredIncident } from '../../alerts/incident-record.js';
import { IncidentNotFoundError, IncidentStateError, type IncidentAction } from '../../alerts/incidents.js';
import { isoUtc } from '../../clock.js';
import { parseDuration } from '../../duration.js';
import { localeFor } from '../../alerts/i18n.js';
import { measured, termsText } from '../../alerts/format.js';
import { SEVERITIES, type Incident, type IncidentStatus } from '../../types.js';
import type { ApiContext } from '../context.js';
import { onlyKeys, optionalText, queryInt, queryList, queryTime, requiredText } from '../fields.js';
import { compareIncidents, evidencePost, groupedSummaries, incidentChart, incidentSummary, incidentView, relatedSignal, silencesFor } from '../incident-view.js';
import { expectObject, HttpError, readJson, sendJson } from '../respond.js';
import type { Route, RouteContext } from '../router.js';

const STATUSES: readonly IncidentStatus[] = ['open', 'acknowledged', 'resolved'];
const BY_HINT = 'say who you are (a name or handle), it goes on the timeline';
/** Longest silence the API sets: past that, change the rules instead. */
const MAX_SILENCE = 30 * 86_400_000;

/** The incidents API: list, detail (with the series and evidence behind it), and the human actions. */
export function incidentRoutes(c: ApiContext): Route[] {
  const { daemon } = c;

  const find = async (id: string): Promise<StoredIncident> => {
    const inc = await daemon.incidentStore.get(id);
    if (!inc) throw new HttpError(404, `no incident "${id}"`, { field: 'id' });
    return inc;
  };

  /** Runs a human action, mapping the manager's errors to 404 and 409. */
  const perform = async (id: string, action: IncidentAction, now: number): Promise<StoredIncident> => {
    try {
      const inc = (await daemon.incidents.act(id, action, now)) as StoredIncident;
      c.log.info({ incident: id, action: action.kind, by: action.by }, `incident ${action.kind} by ${action.by}`);
      return inc;
    } catch (err) {
      if (err instanceof IncidentNotFoundError) throw new HttpError(404, `no incident "${id}"`, { field: 'id' });
      if (err instanceof IncidentStateError) throw new HttpError(409, err.message);
      throw err;
    }
  };

  const act = async (ctx: RouteContext, action: (body: Record<string, unknown>) => IncidentAction, keys: string[]) => {
    const body = expectObject(await readJson(ctx.req, c.maxBodyBytes));
    onlyKeys(body, keys);
    const inc = await perform(ctx.params.id as string, action(body), c.clock.now());
    sendJson(ctx.res, 200, { incident: incidentView(inc) });
  };

  /** The words the alerts use, for the page: the measurement in the team's language, terms with their gloss. */
  const words = (inc: Incident) => {
    const locale = localeFor(daemon.currentConfig, inc.brand);
    return { headline: measured(inc, locale), terms: termsText(inc, locale, 30), brandName: locale.brandName };
  };

  const brandName = (id: string): string => {
    const b = daemon.currentConfig.brands.find((x) => x.id === id);
    return b?.displayName ?? b?.names[0] ?? id;
  };

  /** A source-health incident shows the source's polls and last error instead of brand panels. */
  const sourceHealthOf = async (sourceId: string) => {
    const states = await daemon.sourceHealth();
    return states.find((s) => s.sourceId === sourceId);
  };

  return [
    {
      method: 'GET',
      pattern: '/api/incidents',
      async handle({ res, query }) {
        const now = c.clock.now();
        const asked = queryList(query, 'status', [...STATUSES, 'all'] as const);
        const status = asked?.includes('all') ? undefined : (asked as IncidentStatus[] | undefined);
        const severity = queryList(query, 'severity', SEVERITIES);
        const brand = query.get('brand')?.trim() || undefined;
        const since = queryTime(query, 'since', now);
        const until = queryTime(query, 'until', now);
        const limit = queryInt(query, 'limit', 1, 1000) ?? 200;
        const flat = query.get('group') === 'false';
        const found = await daemon.incidentStore.list({ status, severity, brand, since });
        const inRange = found.filter((i) => until === undefined || Date.parse(i.openedAt) <= until);
        // Triage order (severity, unacknowledged, recency), grouped unless ?group=false; the limit counts rows.
        const rows = (flat ? [...inRange].sort(compareIncidents).map(incidentSummary) : groupedSummaries(inRange)).slice(0, limit);
        const incidents = rows.map((r) => ({ ...r, words: words(r as unknown as Incident) }));
        sendJson(res, 200, { now: isoUtc(now), count: incidents.length, incidents });
      },
    },
    {
      method: 'GET',
      pattern: '/api/incidents/:id',
      async handle({ res, params }) {
        const now = c.clock.now();
        const inc = await find(params.id as string);
        const rule = daemon.currentConfig.rules.find((r) => r.id === inc.rule);
        const [chart, stored, active, official, all, health] = await Promise.all([
          incidentChart(daemon.windows, inc, rule, now),
          daemon.posts.byIds(inc.evidence),
          daemon.silences.active(now),
          daemon.posts.byIds(inc.officialPosts ?? []),
          daemon.incidentStore.list({ brand: inc.brand, since: Date.parse(inc.openedAt) - 86_400_000 }),
          rule?.type === 'source-health' ? sourceHealthOf(inc.brand) : Promise.resolve(undefined),
        ]);
        const parent = inc.parentId ? await daemon.incidentStore.get(inc.parentId) : undefined;
        sendJson(res, 200, {
          now: isoUtc(now),
          incident: incidentView(inc),
          words: words(inc),
          chart,
          posts: stored.map(evidencePost),
          // Posts are kept for the minute retention; older evidence ids no longer resolve.
          missingPosts: inc.evidence.length - stored.length,
          silences: silencesFor(inc, active),
          rule: rule ? { id: rule.id, type: rule.type, severity: rule.extra.severity } : undefined,
          brandName: brandName(inc.brand),
          // The brand's own posts during the incident: its official responses, newest first.
          official: official.map(evidencePost).reverse(),
          related: all.filter((i) => i.parentId === inc.id).sort(compareIncidents).map(relatedSignal),
          parent: parent ? relatedSignal(parent) : undefined,
          source: health,
        });
      },
    },
    {
      method: 'POST',
      pattern: '/api/incidents/:id/ack',
      auth: true,
      handle: (ctx) => act(ctx, (b) => ({ kind: 'ack', by: requiredText(b, 'by', 80, BY_HINT), text: optionalText(b, 'text', 2000) }), ['by', 'text']),
    },
    {
      method: 'POST',
      pattern: '/api/incidents/:id/note',
      auth: true,
      handle: (ctx) =>
        act(ctx, (b) => ({ kind: 'note', by: requiredText(b, 'by', 80, BY_HINT), text: requiredText(b, 'text', 2000, 'write the note') }), ['by', 'text']),
    },
    {
      method: 'POST',
      pattern: '/api/incidents/:id/resolve',
      auth: true,
      handle: (ctx) => act(ctx, (b) => ({ kind: 'resolve', by: requiredText(b, 'by', 80, BY_HINT), text: optionalText(b, 'text', 2000) }), ['by', 'text']),
    },
    {
      method: 'POST',
      pattern: '/api/incidents/:id/silence',
      auth: true,
      async handle({ req, res, params }) {
        const body = expectObject(await readJson(req, c.maxBodyBytes));
        onlyKeys(body, ['by', 'for', 'reason', 'scope']);
        const by = requiredText(body, 'by', 80, BY_HINT);
        const reason = requiredText(body, 'reason', 500, 'say why the notifications are muted');
        const span = requiredText(body, 'for', 20, 'how long, e.g. 2h or 1d');
        const ms = parseDuration(span);
        if (ms === undefined || ms <= 0) throw new HttpError(400, `"for" must be a duration such as 30m, 2h or 1d (got "${span}")`, { field: 'for' });
        if (ms > MAX_SILENCE) throw new HttpError(400, `"for" is longer than 30d: change the rule instead`, { field: 'for' });
        const scope = optionalText(body, 'scope', 20) ?? 'incident';
        if (!['incident', 'brand', 'rule'].includes(scope)) {
          throw new HttpError(400, '"scope" must be incident (this brand and rule), brand (every rule for this brand) or rule (this rule for every brand)', { field: 'scope' });
        }
        const now = c.clock.now();
        const updated = await perform(params.id as string, { kind: 'silence', by, reason, durationMs: ms, scope: scope as 'incident' | 'brand' | 'rule' }, now);
        const endsAt = isoUtc(now + ms);
        const silence = (await daemon.silences.all()).filter((s) => s.author === by && s.endsAt === endsAt).pop();
        sendJson(res, 201, { silence: silence ?? { endsAt }, incident: incidentView(updated) });
      },
    },
    {
      method: 'GET',
      pattern: '/api/silences',
      async handle({ res }) {
        const now = c.clock.now();
        const all = await daemon.silences.all();
        const current = all.filter((s) => Date.parse(s.endsAt) > now).sort((a, b) => a.endsAt.localeCompare(b.endsAt));
        sendJson(res, 200, { now: isoUtc(now), silences: current });
      },
    },
    {
      method: 'DELETE',
      pattern: '/api/silences/:id',
      auth: true,
      async handle({ res, params }) {
        const removed = await daemon.silences.remove(params.id as string);
        if (!removed) throw new HttpError(404, `no silence "${params.id}"`, { field: 'id' });
        await daemon.requestSweep(c.clock.now());
        sendJson(res, 200, { removed: params.id });
      },
    },
  ];
}
