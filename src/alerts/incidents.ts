import type { Logger } from 'pino';
import { isoUtc } from '../clock.js';
import { formatDuration } from '../duration.js';
import { severityRank, type Incident, type TimelineEvent } from '../types.js';
import type { OpenIncidentDigest, PendingNotification, StoredIncident } from './incident-record.js';
import type { IncidentStore } from './incident-store.js';
import {
  acknowledge,
  applyFiring,
  applySilence,
  close,
  escalateDue,
  newIncident,
  resolveIfQuiet,
  takeDue,
  type AlertingConfig,
  type FiringFacts,
  type Hold,
  type OfficialPost,
} from './lifecycle.js';
import type { Firing, Rule } from './rules/rule.js';
import { silenceMatches, type Silence, type SilenceStore } from './silences.js';
import { coverByResolvedParent, GROUPED_UNDER, inheritCover } from './cover.js';
import { postsOfMetric, rankEvidence } from './evidence.js';
import { breakdown, type WindowReader } from './windows.js';

export type { PendingNotification } from './incident-record.js';

export interface IncidentManagerDeps {
  store: IncidentStore;
  silences: SilenceStore;
  windows: WindowReader;
  config: AlertingConfig;
  log: Logger;
  /**
   * Queues notifications, under the incident's lock, once the incident is saved with them in its
   * outbox. Jobs must be idempotent (one id per incident, revision, channel and kind): after a
   * crash the same notifications are queued again.
   */
  notify(pending: PendingNotification[]): Promise<void>;
  /**
   * Asks for an escalation check of step `step` at `dueAt` (a delayed job in live mode). The sweep
   * checks too, so leaving this out (the replay, where event time outruns wall time) loses nothing.
   */
  scheduleEscalation?(incidentId: string, step: number, dueAt: number): Promise<void>;
}

/** Evidence post ids kept per incident. */
const EVIDENCE = 10;
/** Candidates read per evidence post kept, to find the posts of the metric among the heaviest. */
const CANDIDATES_PER_EVIDENCE = 4;
/** Candidates read when those are not enough (an incident's update, not a post's cost: 300 records at most). */
const DEEP_CANDIDATES = 300;
/** How far back, by opening time, a fingerprint's last incident is looked for when a new one opens. */
const RECENT_OPENINGS_MS = 2 * 86_400_000;

/**
 * The incident lifecycle (Alertmanager's grouping and repeat, PagerDuty's acknowledgement and
 * escalation): open on the first firing, update on the next ones, notify after the group wait,
 * again only after the repeat interval or when the severity rises, escalate while nobody
 * acknowledges, resolve after a quiet period. The decisions are in lifecycle.ts; this class loads,
 * locks per fingerprint, queues and saves. Times are event times (ms).
 */
export class IncidentManager {
  constructor(private readonly d: IncidentManagerDeps) {}

  /** A reloaded configuration's alerting, routes and escalation: decisions from now on use them. */
  reconfigure(config: AlertingConfig): void {
    this.d.config = config;
  }

  /**
   * A rule fired for a subject (a brand, or a source for source-health rules). `windows` is the
   * reader the rule read with, when it was one evaluation's (WindowReader.forEvaluation): the
   * incident's languages, platforms and terms then come from the very totals the rule counted,
   * without reading them again.
   */
  async fired(rule: Rule, subject: string, firing: Firing, at: number, windows: WindowReader = this.d.windows): Promise<void> {
    const fingerprint = `${subject}/${rule.id}`;
    await this.transition(fingerprint, async () => {
      const facts = await this.facts(windows, subject, firing, at, rule.scope === 'brand');
      const existing = await this.d.store.openFor(fingerprint);
      if (existing) {
        applyFiring(this.d.config, existing, firing, facts, at);
        await this.regroup(existing, at);
        return { inc: existing, pending: takeDue(existing, at, await this.hold(existing, at)) };
      }
      const id = await this.d.store.nextId(at);
      const inc = newIncident(this.d.config, { id, fingerprint, subject, rule: rule.id }, firing, facts, at);
      inheritCover(inc, await this.lastResolved(fingerprint, at - firing.windowMs), firing.windowMs, at);
      group(inc, await this.d.store.openDigests(), at);
      applySilence(this.d.config, inc, silenceHold(await this.d.silences.active(at), inc), at);
      this.d.log.info({ incident: id, fingerprint, severity: inc.severity }, 'incident opened');
      // Nothing is sent yet unless the group wait is zero: the sweep sends the gathered burst.
      return { inc, pending: takeDue(inc, at, await this.hold(inc, at)) };
    });
  }

  /** Periodic pass at `at`: notifications past their group wait, escalations, auto-resolution, silences. */
  async sweep(at: number): Promise<void> {
    const active = await this.d.silences.active(at);
    for (const { id, fingerprint } of await this.d.store.openDigests()) {
      await this.transition(fingerprint, async () => {
        const inc = await this.d.store.get(id);
        if (!inc) return undefined;
        if (inc.status === 'resolved') return { inc, pending: [] }; // saving it drops it from the open set
        await this.regroup(inc, at);
        applySilence(this.d.config, inc, silenceHold(active, inc), at);
        const pending = [
          ...takeDue(inc, at, await this.hold(inc, at, active)),
          ...escalateDue(this.d.config, inc, at),
          ...resolveIfQuiet(this.d.config, inc, at),
        ];
        if (pending.some((p) => p.kind === 'resolved') || inc.resolvedAt === isoUtc(at)) this.d.log.info({ incident: inc.id }, 'incident resolved: quiet');
        return { inc, pending };
      });
    }
  }

  /**
   * The delayed escalation job: pages step `step` if the incident is still open, unacknowledged and
   * not escalated that far yet. Safe to run twice, and alongside the sweep: the step is recorded
   * under the incident's lock.
   */
  async escalationDue(incidentId: string, step: number, at: number): Promise<boolean> {
    const first = await this.d.store.get(incidentId);
    if (!first) return false;
    let escalated = false;
    await this.transition(first.fingerprint, async () => {
      const inc = await this.d.store.get(incidentId);
      if (!inc || inc.status !== 'open' || inc.escalationStep !== step - 1) return undefined;
      applySilence(this.d.config, inc, silenceHold(await this.d.silences.active(at), inc), at);
      const pending = escalateDue(this.d.config, inc, at);
      escalated = pending.length > 0 || inc.escalationStep === step;
      return { inc, pending };
    });
    return escalated;
  }

  /** Human actions, recorded in the timeline; `at` is the clock of whoever acts. */
  async act(id: string, action: IncidentAction, at: number): Promise<Incident> {
    const found = await this.d.store.get(id);
    if (!found) throw new IncidentNotFoundError(id);
    let result: StoredIncident = found;
    await this.transition(found.fingerprint, async () => {
      const inc = (await this.d.store.get(id)) ?? found;
      result = inc;
      const now = isoUtc(at);
      let pending: PendingNotification[] = [];
      if (action.kind === 'ack') {
        if (inc.status !== 'open') throw new IncidentStateError(id, `is ${inc.status}, not open`);
        pending = acknowledge(this.d.config, inc, at, action.by, action.text);
      } else if (action.kind === 'note') {
        inc.timeline.push({ at: now, kind: 'note', by: action.by, text: action.text });
      } else if (action.kind === 'resolve') {
        if (inc.status === 'resolved') throw new IncidentStateError(id, 'is already resolved');
        pending = close(this.d.config, inc, at, action.by, action.text ?? 'resolved by hand');
      } else {
        const silence = await this.silence(inc, action, at);
        const event: TimelineEvent = { at: now, kind: 'silenced', by: action.by, text: `${describeSilence(silence)} for ${formatDuration(action.durationMs)} (until ${silence.endsAt}): ${silence.reason}` };
        inc.timeline.push(event);
        inc.silenced = true;
      }
      inc.updatedAt = now;
      return { inc, pending };
    });
    return result;
  }

  private async silence(inc: StoredIncident, a: Extract<IncidentAction, { kind: 'silence' }>, at: number): Promise<Silence> {
    if (!(a.durationMs > 0)) throw new IncidentStateError(inc.id, 'cannot be silenced for no time: give a positive duration');
    const scope = a.scope ?? 'incident';
    return this.d.silences.add({
      brand: scope === 'rule' ? undefined : inc.brand,
      rule: scope === 'brand' ? undefined : inc.rule,
      startsAt: isoUtc(at),
      endsAt: isoUtc(at + a.durationMs),
      reason: a.reason,
      author: a.by,
    });
  }

  /**
   * Loads and changes one incident under its fingerprint's lock, saves it if something changed,
   * queues what became due, then asks for the delayed escalation check when a step was armed.
   * Notifications go through an outbox saved with the incident: saved first, queued next, cleared
   * last. A crash in between leaves them in the outbox, and the next transition (the sweep) queues
   * them again; the jobs' ids make that harmless. A notify job therefore always finds its revision.
   */
  private async transition(
    fingerprint: string,
    change: () => Promise<{ inc: StoredIncident; pending: PendingNotification[] } | undefined>,
  ): Promise<void> {
    const armed = await this.d.store.withLock(fingerprint, async () => {
      const out = await change();
      if (!out) return undefined;
      const { inc, pending } = out;
      if (pending.length > 0) inc.outbox = [...(inc.outbox ?? []), ...pending];
      const stored = await this.d.store.get(inc.id);
      const changed = !stored || inc.status === 'resolved' || JSON.stringify(stored) !== JSON.stringify(inc);
      if (changed) await this.d.store.save(inc);
      if (inc.outbox && inc.outbox.length > 0) {
        await this.d.notify(inc.outbox);
        inc.outbox = undefined;
        await this.d.store.save(inc);
      }
      const rearmed = changed && inc.status === 'open' && inc.escalateAt !== undefined && inc.escalateAt !== stored?.escalateAt;
      return rearmed ? { id: inc.id, step: inc.escalationStep + 1, dueAt: Date.parse(inc.escalateAt as string) } : undefined;
    });
    if (armed && this.d.scheduleEscalation) await this.d.scheduleEscalation(armed.id, armed.step, armed.dueAt);
  }

  /**
   * Follows the grouping; when the incident leaves a crisis that resolved, what that crisis told
   * may cover its held notice (cover.ts).
   */
  private async regroup(inc: StoredIncident, at: number): Promise<void> {
    const left = group(inc, await this.d.store.openDigests(), at);
    if (left === undefined) return;
    const parent = await this.d.store.get(left);
    if (parent) coverByResolvedParent(inc, parent, at);
  }

  /**
   * The latest incident of a fingerprint, when one resolved after `resolvedSince` (cover.ts's
   * inheritCover). Incidents are indexed by opening time: those opened in the last two days are read.
   */
  private async lastResolved(fingerprint: string, resolvedSince: number): Promise<StoredIncident | undefined> {
    const recent = await this.d.store.list({ since: resolvedSince - RECENT_OPENINGS_MS });
    const last = recent.find((i) => i.fingerprint === fingerprint);
    return last?.status === 'resolved' && last.resolvedAt && Date.parse(last.resolvedAt) >= resolvedSince ? last : undefined;
  }

  /** What holds a due notification back: a silence, or a more severe open incident of the same brand. */
  private async hold(inc: StoredIncident, at: number, active?: Silence[]): Promise<Hold | undefined> {
    if (!inc.notifyAt || Date.parse(inc.notifyAt) > at) return undefined;
    const silenced = silenceHold(active ?? (await this.d.silences.active(at)), inc);
    if (silenced) return silenced;
    if (!this.d.config.alerting.inhibit) return undefined;
    const above = groupParent(inc, await this.d.store.openDigests());
    return above ? { kind: 'inhibited', by: above.id, severity: above.severity } : undefined;
  }

  private async facts(windows: WindowReader, subject: string, firing: Firing, at: number, perBrand: boolean): Promise<FiringFacts> {
    const first = firing.evidence ?? [];
    if (!perBrand) return { evidence: first.slice(0, EVIDENCE), languages: {}, platforms: {}, terms: [] };
    const from = at - Math.max(firing.windowMs, 60_000);
    // More candidates than kept: the heaviest posts of the window are not all of the metric that fired.
    const [totals, top] = await Promise.all([
      windows.sum(subject, from, at + 1),
      windows.topPosts(subject, from, at + 1, EVIDENCE * CANDIDATES_PER_EVIDENCE),
    ]);
    let candidates = await windows.posts([...new Set([...first, ...top])]);
    const metric = firing.explanation?.metric;
    // A big brand's heaviest posts can all be ordinary complaints while the dozen lighter ones that
    // fired are the safety reports: read deeper into the window's evidence sets before giving up.
    if (top.length === EVIDENCE * CANDIDATES_PER_EVIDENCE && postsOfMetric(candidates, metric) < EVIDENCE) {
      candidates = await windows.posts([...new Set([...first, ...(await windows.topPosts(subject, from, at + 1, DEEP_CANDIDATES))])]);
    }
    // The brand's own posts are its official responses, never evidence against it.
    const official: OfficialPost[] = candidates
      .filter((p) => p.official === subject)
      .map((p) => ({ id: p.id, author: p.author.name, platform: p.platform, text: p.text.slice(0, 280), publishedAt: p.publishedAt }));
    const theirs = new Set(official.map((p) => p.id));
    const ranked = rankEvidence(
      candidates.filter((p) => !theirs.has(p.id)),
      metric,
      firing.explanation?.categories,
    ).map((p) => p.id);
    return {
      // The rule's own picks first (even past retention: they were evidence), then the window's.
      evidence: [...new Set([...first.filter((id) => !theirs.has(id)), ...ranked])].slice(0, EVIDENCE),
      official,
      languages: breakdown(totals, 'l:'),
      platforms: breakdown(totals, 'p:'),
      terms: Object.keys(breakdown(totals, 't:')).slice(0, 12),
    };
  }
}

/**
 * The incident a lesser one is grouped under: the most severe open incident of the same brand,
 * strictly more severe, itself not grouped (PagerDuty's related alerts under one incident). The
 * same predicate holds its notifications back (inhibition), so a grouped signal never pages on
 * its own, and one that stops being grouped (its parent resolved) pages if it still fires.
 */
export function groupParent(inc: StoredIncident, open: readonly OpenIncidentDigest[]): OpenIncidentDigest | undefined {
  return open
    .filter((o) => o.id !== inc.id && o.brand === inc.brand && o.status !== 'resolved' && !o.parentId && severityRank(o.severity) > severityRank(inc.severity))
    .sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || a.openedAt.localeCompare(b.openedAt))[0];
}

/**
 * Follows the grouping: records on the timeline when the incident joins or leaves a more severe
 * one. Returns the id of the parent it left, when it left one.
 */
function group(inc: StoredIncident, open: readonly OpenIncidentDigest[], at: number): string | undefined {
  const parent = groupParent(inc, open);
  const before = inc.parentId;
  if (parent?.id === before) return undefined;
  if (parent) {
    inc.parentId = parent.id;
    inc.timeline.push({ at: isoUtc(at), kind: 'updated', text: `${GROUPED_UNDER} ${parent.id} (${parent.severity}, ${parent.rule}) as a related signal` });
  } else {
    inc.timeline.push({ at: isoUtc(at), kind: 'updated', text: `no longer grouped under ${before}: it stands on its own` });
    delete inc.parentId;
  }
  return before;
}

function silenceHold(active: readonly Silence[], inc: StoredIncident): Hold | undefined {
  const s = active.find((x) => silenceMatches(x, inc.brand, inc.rule));
  return s ? { kind: 'silence', id: s.id, until: s.endsAt, by: s.author, reason: s.reason } : undefined;
}

function describeSilence(s: Silence): string {
  if (s.brand && s.rule) return `silenced ${s.brand}/${s.rule}`;
  return s.brand ? `silenced every rule for ${s.brand}` : `silenced rule ${s.rule} for every brand`;
}

export type IncidentAction =
  | { kind: 'ack'; by: string; text?: string }
  | { kind: 'note'; by: string; text: string }
  | { kind: 'resolve'; by: string; text?: string }
  | {
      kind: 'silence';
      by: string;
      reason: string;
      durationMs: number;
      /** This brand and rule (the default), every rule for the brand, or this rule for every brand. */
      scope?: 'incident' | 'brand' | 'rule';
    };

export class IncidentNotFoundError extends Error {
  override name = 'IncidentNotFoundError';
  constructor(readonly id: string) {
    super(`no incident ${id}`);
  }
}

export class IncidentStateError extends Error {
  override name = 'IncidentStateError';
  constructor(
    readonly id: string,
    reason: string,
  ) {
    super(`incident ${id} ${reason}`);
  }
}
