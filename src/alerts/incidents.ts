import type { Logger } from 'pino';
import { isoUtc } from '../clock.js';
import type { VigieConfig } from '../config/load.js';
import { severityRank, type Incident, type TimelineEvent } from '../types.js';
import type { IncidentStore, StoredIncident } from './incident-store.js';
import type { NotificationKind } from './notifiers/notifier.js';
import { route } from './routing.js';
import type { Firing, Rule } from './rules/rule.js';
import { silenceMatches, type SilenceStore } from './silences.js';
import { breakdown, type WindowReader } from './windows.js';

/** A notification to queue: one per channel, keyed by incident revision so it is sent once. */
export interface PendingNotification {
  kind: NotificationKind;
  incidentId: string;
  revision: number;
  channels: string[];
  step?: number;
}

export interface IncidentManagerDeps {
  store: IncidentStore;
  silences: SilenceStore;
  windows: WindowReader;
  config: Pick<VigieConfig, 'alerting' | 'routes' | 'escalation'>;
  log: Logger;
  /** Queues notifications; called after the incident is saved. */
  notify(pending: PendingNotification[]): Promise<void>;
}

const EVIDENCE = 10;

/**
 * The incident lifecycle: open on the first firing, update on the next ones, notify after the group
 * wait, again only after the repeat interval or when the severity rises, escalate while nobody
 * acknowledges, resolve after a quiet period. Times are event times (`at`, ms).
 */
export class IncidentManager {
  constructor(private readonly d: IncidentManagerDeps) {}

  /** A rule fired for a subject (a brand, or a source for source-health rules). */
  async fired(rule: Rule, subject: string, firing: Firing, at: number): Promise<void> {
    const fingerprint = `${subject}/${rule.id}`;
    const pending = await this.d.store.withLock(fingerprint, async () => {
      const existing = await this.d.store.openFor(fingerprint);
      const facts = await this.facts(subject, firing, at, rule.scope === 'brand');
      if (!existing) return this.open(rule, subject, fingerprint, firing, facts, at);
      return this.update(existing, firing, facts, at);
    });
    if (pending.length > 0) await this.d.notify(pending);
  }

  private async facts(subject: string, firing: Firing, at: number, perBrand: boolean) {
    if (!perBrand) return { evidence: [], languages: {}, platforms: {}, terms: [] };
    const from = at - firing.windowMs;
    const [totals, evidence] = await Promise.all([
      this.d.windows.sum(subject, from, at + 1),
      this.d.windows.topPosts(subject, from, at + 1, EVIDENCE),
    ]);
    return {
      evidence,
      languages: breakdown(totals, 'l:'),
      platforms: breakdown(totals, 'p:'),
      terms: Object.keys(breakdown(totals, 't:')).slice(0, 12),
    };
  }

  private async open(
    rule: Rule,
    subject: string,
    fingerprint: string,
    firing: Firing,
    facts: Awaited<ReturnType<IncidentManager['facts']>>,
    at: number,
  ): Promise<PendingNotification[]> {
    const now = isoUtc(at);
    const routed = route(this.d.config, firing.severity, subject, rule.id);
    const inc: StoredIncident = {
      id: await this.d.store.nextId(at),
      fingerprint,
      brand: subject,
      rule: rule.id,
      severity: firing.severity,
      status: 'open',
      silenced: await this.isSilenced(subject, rule.id, at),
      openedAt: now,
      updatedAt: now,
      revision: 1,
      summary: firing.summary,
      figures: firing.figures,
      ...facts,
      escalationStep: 0,
      timeline: [{ at: now, kind: 'opened', by: `rule ${rule.id}`, text: `${firing.severity}: ${firing.summary}` }],
      lastFiredAt: now,
      notifyAt: isoUtc(at + this.d.config.alerting.groupWait),
      notifiedRevision: 0,
      channels: routed.channels,
      escalationPolicy: routed.escalation,
    };
    this.scheduleEscalation(inc, at);
    await this.d.store.save(inc);
    this.d.log.info({ incident: inc.id, fingerprint, severity: inc.severity }, 'incident opened');
    // Nothing is sent yet: the group wait gathers the first burst; the sweep sends it.
    return inc.notifyAt && Date.parse(inc.notifyAt) <= at ? this.due(inc, at) : [];
  }

  private async update(
    inc: StoredIncident,
    firing: Firing,
    facts: Awaited<ReturnType<IncidentManager['facts']>>,
    at: number,
  ): Promise<PendingNotification[]> {
    if (at < Date.parse(inc.lastFiredAt)) return []; // an older evaluation finishing late
    const now = isoUtc(at);
    const rose = severityRank(firing.severity) > severityRank(inc.severity);
    Object.assign(inc, { summary: firing.summary, figures: firing.figures, updatedAt: now, lastFiredAt: now });
    if (facts.evidence.length > 0) Object.assign(inc, facts);
    if (rose) {
      inc.timeline.push({ at: now, kind: 'updated', text: `severity ${inc.severity} → ${firing.severity}: ${firing.summary}` });
      inc.severity = firing.severity;
      inc.revision += 1;
      inc.notifyAt = now;
      const routed = route(this.d.config, inc.severity, inc.brand, inc.rule);
      inc.channels = [...new Set([...inc.channels, ...routed.channels])];
      inc.escalationPolicy ??= routed.escalation;
      this.scheduleEscalation(inc, at);
    } else if (inc.notifyAt === undefined && inc.lastNotifiedAt && at - Date.parse(inc.lastNotifiedAt) >= this.d.config.alerting.repeatInterval) {
      inc.revision += 1;
      inc.notifyAt = now;
      inc.timeline.push({ at: now, kind: 'updated', text: `still firing: ${firing.summary}` });
    }
    const pending = this.due(inc, at);
    await this.d.store.save(inc);
    return pending;
  }

  private scheduleEscalation(inc: StoredIncident, at: number): void {
    if (inc.severity !== 'critical' || inc.status !== 'open' || !inc.escalationPolicy) return;
    const policy = this.d.config.escalation[inc.escalationPolicy];
    const step = policy?.steps[inc.escalationStep];
    inc.escalateAt = step ? isoUtc(at + step.after) : undefined;
  }

  /** Notifications due at `at`; marks them sent in `inc` (the caller saves). */
  private due(inc: StoredIncident, at: number): PendingNotification[] {
    if (!inc.notifyAt || Date.parse(inc.notifyAt) > at) return [];
    inc.notifyAt = undefined;
    if (inc.silenced) {
      inc.timeline.push({ at: isoUtc(at), kind: 'silenced', text: `revision ${inc.revision} not sent: silenced` });
      return [];
    }
    inc.notifiedRevision = inc.revision;
    inc.lastNotifiedAt = isoUtc(at);
    inc.timeline.push({ at: isoUtc(at), kind: 'notified', text: `revision ${inc.revision} to ${inc.channels.join(', ') || 'no channel'}` });
    return inc.channels.length > 0 ? [{ kind: 'firing', incidentId: inc.id, revision: inc.revision, channels: inc.channels }] : [];
  }

  /** Periodic pass at event time `at`: pending notifications, escalations, auto-resolution. */
  async sweep(at: number): Promise<void> {
    const active = await this.d.silences.active(at);
    for (const id of await this.d.store.openIds()) {
      const first = await this.d.store.get(id);
      if (!first) continue;
      const pending = await this.d.store.withLock(first.fingerprint, async () => {
        const inc = await this.d.store.get(id);
        if (!inc || inc.status === 'resolved') return [];
        inc.silenced = active.some((s) => silenceMatches(s, inc.brand, inc.rule));
        const out = [...this.due(inc, at), ...this.escalate(inc, at), ...this.autoResolve(inc, at)];
        await this.d.store.save(inc);
        return out;
      });
      if (pending.length > 0) await this.d.notify(pending);
    }
  }

  private escalate(inc: StoredIncident, at: number): PendingNotification[] {
    if (inc.status !== 'open' || !inc.escalateAt || Date.parse(inc.escalateAt) > at || !inc.escalationPolicy) return [];
    const step = this.d.config.escalation[inc.escalationPolicy]?.steps[inc.escalationStep];
    if (!step) return [];
    inc.escalationStep += 1;
    inc.revision += 1;
    inc.timeline.push({
      at: isoUtc(at),
      kind: 'escalated',
      text: `step ${inc.escalationStep} of ${inc.escalationPolicy}: not acknowledged, paging ${step.channels.join(', ')}`,
    });
    this.scheduleEscalation(inc, at);
    if (inc.silenced) return [];
    return [{ kind: 'escalated', incidentId: inc.id, revision: inc.revision, channels: step.channels, step: inc.escalationStep }];
  }

  private autoResolve(inc: StoredIncident, at: number): PendingNotification[] {
    if (at - Date.parse(inc.lastFiredAt) < this.d.config.alerting.resolveAfter) return [];
    return this.close(inc, at, 'vigie', 'quiet for the resolve period');
  }

  private close(inc: StoredIncident, at: number, by: string, why: string): PendingNotification[] {
    const now = isoUtc(at);
    inc.status = 'resolved';
    inc.resolvedAt = now;
    inc.updatedAt = now;
    inc.escalateAt = undefined;
    inc.notifyAt = undefined;
    inc.revision += 1;
    inc.timeline.push({ at: now, kind: 'resolved', by, text: why });
    this.d.log.info({ incident: inc.id, by }, 'incident resolved');
    // A resolved notice only for incidents people were told about.
    if (inc.notifiedRevision === 0 || inc.silenced) return [];
    return [{ kind: 'resolved', incidentId: inc.id, revision: inc.revision, channels: inc.channels }];
  }

  /** Human actions, recorded in the timeline; `at` is wall-clock for them. */
  async act(id: string, action: IncidentAction, at: number): Promise<Incident> {
    const found = await this.d.store.get(id);
    if (!found) throw new IncidentNotFoundError(id);
    let result: StoredIncident | undefined;
    const pending = await this.d.store.withLock(found.fingerprint, async () => {
      const inc = (await this.d.store.get(id)) as StoredIncident;
      const now = isoUtc(at);
      let out: PendingNotification[] = [];
      const event: TimelineEvent = { at: now, kind: action.kind === 'ack' ? 'acknowledged' : 'note', by: action.by };
      if (action.kind === 'ack') {
        if (inc.status !== 'open') throw new IncidentStateError(id, `is ${inc.status}, not open`);
        inc.status = 'acknowledged';
        inc.escalateAt = undefined;
        if (action.text) event.text = action.text;
        inc.timeline.push(event);
      } else if (action.kind === 'note') {
        inc.timeline.push({ ...event, text: action.text });
      } else if (action.kind === 'resolve') {
        if (inc.status === 'resolved') throw new IncidentStateError(id, 'is already resolved');
        out = this.close(inc, at, action.by, action.text ?? 'resolved by hand');
      }
      inc.updatedAt = now;
      await this.d.store.save(inc);
      result = inc;
      return out;
    });
    if (pending.length > 0) await this.d.notify(pending);
    return result as Incident;
  }

  private async isSilenced(brand: string, rule: string, at: number): Promise<boolean> {
    return (await this.d.silences.active(at)).some((s) => silenceMatches(s, brand, rule));
  }
}

export type IncidentAction =
  | { kind: 'ack'; by: string; text?: string }
  | { kind: 'note'; by: string; text: string }
  | { kind: 'resolve'; by: string; text?: string };

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
