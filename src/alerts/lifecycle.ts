import { isoUtc } from '../clock.js';
import type { VigieConfig } from '../config/load.js';
import { formatDuration } from '../duration.js';
import { severityRank, type Severity, type VolumeMeasure } from '../types.js';
import { outgrewCover } from './cover.js';
import { outgrows } from './growth.js';
import type { PendingNotification, StoredIncident } from './incident-record.js';
import { route } from './routing.js';
import type { Firing } from './rules/rule.js';

/**
 * The state transitions of an incident, as pure functions over the stored record: no Redis, no
 * clock, so every rule of the lifecycle is decided here and tested without waiting. The manager
 * (incidents.ts) loads, locks, calls these and saves. Times are event times in ms.
 */

export type AlertingConfig = Pick<VigieConfig, 'alerting' | 'routes' | 'escalation'>;

/** What the lifecycle knows about the firing beyond the rule's own figures: from the windows. */
export interface FiringFacts {
  evidence: string[];
  languages: Record<string, number>;
  platforms: Record<string, number>;
  terms: string[];
  /** Posts by the brand's own accounts in the window: its official responses. */
  official?: OfficialPost[];
}

export interface OfficialPost {
  id: string;
  author: string;
  platform: string;
  text: string;
  publishedAt: string;
}

/** Official responses seen for the first time go on the timeline, once each. */
function noteOfficial(inc: StoredIncident, official: readonly OfficialPost[] | undefined, at: number): void {
  for (const p of official ?? []) {
    if (inc.officialPosts?.includes(p.id)) continue;
    inc.officialPosts = [...(inc.officialPosts ?? []), p.id].slice(-10);
    inc.timeline.push({ at: isoUtc(at), kind: 'official', by: p.author, text: `${p.platform}, ${p.publishedAt}: ${p.text}` });
  }
}

/** The count an incident is measured by: what the rule explains, else its first figure. */
export function headlineCount(firing: Pick<Firing, 'explanation' | 'figures'>): number | undefined {
  return firing.explanation?.count ?? firing.figures[0]?.value;
}

/** What the headline count measures, when the rule explains it (metric and window). */
function headlineMeasure(firing: Pick<Firing, 'explanation'>): VolumeMeasure | undefined {
  const e = firing.explanation;
  return e ? { metric: e.metric, windowMs: e.windowMs } : undefined;
}

function followVolume(inc: StoredIncident, firing: Firing, now: string): void {
  const count = headlineCount(firing);
  if (count === undefined) return;
  const measure = headlineMeasure(firing);
  if (!inc.volume) {
    inc.volume = { count, peak: count, peakAt: now, told: count, ...(measure ? { measure, peakMeasure: measure, toldMeasure: measure } : {}) };
    return;
  }
  inc.volume.count = count;
  inc.volume.measure = measure;
  // The largest figure reported, with what it counted: a longer window's count may be the peak.
  if (count > inc.volume.peak) {
    inc.volume.peak = count;
    inc.volume.peakAt = now;
    inc.volume.peakMeasure = measure;
  }
}

/** Why a due notification is held back instead of sent, when it is. */
export type Hold = { kind: 'silence'; id: string; until: string; by: string; reason: string } | { kind: 'inhibited'; by: string; severity: Severity };

const holdKey = (h: Hold | undefined): string | undefined => (h ? `${h.kind}:${h.kind === 'silence' ? h.id : h.by}` : undefined);

export function newIncident(
  c: AlertingConfig,
  ids: { id: string; fingerprint: string; subject: string; rule: string },
  firing: Firing,
  facts: FiringFacts,
  at: number,
): StoredIncident {
  const now = isoUtc(at);
  const routed = route(c, firing.severity, ids.subject, ids.rule);
  const inc: StoredIncident = {
    id: ids.id,
    fingerprint: ids.fingerprint,
    brand: ids.subject,
    rule: ids.rule,
    severity: firing.severity,
    status: 'open',
    silenced: false,
    openedAt: now,
    updatedAt: now,
    revision: 1,
    summary: firing.summary,
    figures: firing.figures,
    ...(firing.explanation ? { explanation: firing.explanation } : {}),
    evidence: facts.evidence,
    languages: facts.languages,
    platforms: facts.platforms,
    terms: facts.terms,
    escalationStep: 0,
    timeline: [{ at: now, kind: 'opened', by: `rule ${ids.rule}`, text: `${firing.severity}: ${firing.summary}` }],
    lastFiredAt: now,
    // The group wait: the first burst of firings is gathered into one notification.
    notifyAt: isoUtc(at + c.alerting.groupWait),
    notifiedRevision: 0,
    channels: routed.channels,
    escalationPolicy: routed.escalation,
  };
  followVolume(inc, firing, now);
  noteOfficial(inc, facts.official, at);
  armEscalation(c, inc, at);
  return inc;
}

/**
 * A new firing for an open incident: figures and evidence follow; a notification is due again only
 * when the severity rises, after the repeat interval, or when an earlier revision was held back
 * (silence, inhibition) and nothing holds it any more.
 */
export function applyFiring(c: AlertingConfig, inc: StoredIncident, firing: Firing, facts: FiringFacts, at: number): void {
  if (at < Date.parse(inc.lastFiredAt)) return; // an older evaluation finishing late
  const now = isoUtc(at);
  inc.summary = firing.summary;
  inc.figures = firing.figures;
  if (firing.explanation) inc.explanation = firing.explanation;
  else delete inc.explanation;
  inc.updatedAt = now;
  inc.lastFiredAt = now;
  const { official, ...counted } = facts;
  if (counted.evidence.length > 0 || Object.keys(counted.languages).length > 0) Object.assign(inc, counted);
  followVolume(inc, firing, now);
  noteOfficial(inc, official, at);
  if (severityRank(firing.severity) > severityRank(inc.severity)) {
    // A rise in severity is news of its own, whatever a resolved crisis already told.
    delete inc.coveredBy;
    inc.timeline.push({ at: now, kind: 'updated', text: `severity ${inc.severity} → ${firing.severity}: ${firing.summary}` });
    inc.severity = firing.severity;
    inc.revision += 1;
    // Still inside the group wait: the rise joins the first notification instead of adding one.
    inc.notifyAt ??= now;
    const routed = route(c, inc.severity, inc.brand, inc.rule);
    inc.channels = [...new Set([...inc.channels, ...routed.channels])];
    inc.escalationPolicy ??= routed.escalation;
    armEscalation(c, inc, at);
    return;
  }
  if (inc.notifyAt !== undefined) return;
  if (inc.coveredBy && !outgrewCover(c.alerting.updates.growth, inc, at)) return;
  if (inc.notifiedRevision < inc.revision) {
    // A revision nobody was told about (held by a silence or an inhibition): try again while it fires.
    inc.notifyAt = now;
    return;
  }
  if (growthDue(c, inc, at)) {
    const v = inc.volume as NonNullable<StoredIncident['volume']>;
    inc.revision += 1;
    inc.notifyAt = now;
    inc.nextKind = 'update';
    inc.timeline.push({ at: now, kind: 'updated', text: `grew from ${v.told} to ${v.count} since the last notice: update sent` });
    return;
  }
  // After an acknowledgement nobody is paged again: the people on it watch the incident itself.
  if (inc.status !== 'open' || !inc.lastNotifiedAt) return;
  if (at - Date.parse(inc.lastNotifiedAt) >= c.alerting.repeatInterval) {
    inc.revision += 1;
    inc.notifyAt = now;
    inc.timeline.push({ at: now, kind: 'updated', text: `still firing after ${formatDuration(at - Date.parse(inc.openedAt))}: ${firing.summary}` });
  }
}

/**
 * Whether an open (or acknowledged) incident grew enough since people were last told to tell them
 * again: its headline count reached `growth` times the count they saw, and the last notice is at
 * least `minInterval` old. Each doubling (by default) is news; a flat plateau is not.
 */
export function growthDue(c: AlertingConfig, inc: StoredIncident, at: number): boolean {
  const u = c.alerting.updates;
  const v = inc.volume;
  if (!u.enabled || !v || inc.status === 'resolved' || inc.notifiedRevision === 0 || !inc.lastNotifiedAt) return false;
  if (at - Date.parse(inc.lastNotifiedAt) < u.minInterval) return false;
  return outgrows({ count: v.count, measure: v.measure }, { count: v.told, measure: v.toldMeasure }, u.growth);
}

/** Channels that heard about the incident: its routes' and every escalation step paged so far. */
export function toldChannels(c: AlertingConfig, inc: StoredIncident): string[] {
  const paged = (inc.escalationPolicy ? c.escalation[inc.escalationPolicy]?.steps.slice(0, inc.escalationStep) : undefined) ?? [];
  return [...new Set([...inc.channels, ...paged.flatMap((s) => s.channels)])];
}

/**
 * Someone took the incident: escalation stops, and the channels that were paged hear who and when
 * (unless nobody was told yet, or it is silenced), so a second person does not start on it too.
 */
export function acknowledge(c: AlertingConfig, inc: StoredIncident, at: number, by: string, text?: string): PendingNotification[] {
  const now = isoUtc(at);
  inc.status = 'acknowledged';
  inc.escalateAt = undefined;
  inc.timeline.push({ at: now, kind: 'acknowledged', by, ...(text ? { text } : {}) });
  if (!c.alerting.updates.acknowledgements || inc.notifiedRevision === 0 || inc.silenced) return [];
  inc.revision += 1;
  inc.notifiedRevision = inc.revision;
  const channels = toldChannels(c, inc);
  return channels.length > 0 ? [{ kind: 'acknowledged', incidentId: inc.id, revision: inc.revision, channels }] : [];
}

/** Sets when the next escalation step is due: critical, open, with a policy and a step left. */
export function armEscalation(c: AlertingConfig, inc: StoredIncident, at: number): void {
  if (inc.escalateAt !== undefined || inc.severity !== 'critical' || inc.status !== 'open' || !inc.escalationPolicy) return;
  const step = c.escalation[inc.escalationPolicy]?.steps[inc.escalationStep];
  if (step) inc.escalateAt = isoUtc(at + step.after);
}

/**
 * The notification due at `at`, if any. A silence or a more severe incident of the same brand
 * holds it back: the hold is written on the timeline once, not at every sweep.
 */
export function takeDue(inc: StoredIncident, at: number, hold: Hold | undefined): PendingNotification[] {
  if (!inc.notifyAt || Date.parse(inc.notifyAt) > at || inc.status === 'resolved') return [];
  inc.notifyAt = undefined;
  const key = holdKey(hold);
  if (hold) {
    if (inc.heldBy !== key) {
      const why =
        hold.kind === 'silence'
          ? `silenced by ${hold.by} until ${hold.until}: ${hold.reason}`
          : `inhibited: ${hold.by} is ${hold.severity} for the same brand`;
      inc.timeline.push({ at: isoUtc(at), kind: hold.kind === 'silence' ? 'silenced' : 'updated', text: `revision ${inc.revision} not sent, ${why}` });
    }
    inc.heldBy = key;
    return [];
  }
  inc.heldBy = undefined;
  inc.notifiedRevision = inc.revision;
  inc.lastNotifiedAt = isoUtc(at);
  // An update held back (silence, inhibition) and sent later is still an update; a first page is a firing.
  const kind = inc.nextKind === 'update' && inc.lastToldAt ? 'update' : 'firing';
  inc.nextKind = undefined;
  inc.lastToldAt = isoUtc(at);
  markTold(inc, at);
  inc.timeline.push({ at: isoUtc(at), kind: 'notified', text: `${kind === 'update' ? 'update, ' : ''}revision ${inc.revision} to ${inc.channels.join(', ') || 'no channel (no route matched)'}` });
  return inc.channels.length > 0 ? [{ kind, incidentId: inc.id, revision: inc.revision, channels: inc.channels }] : [];
}

/**
 * The next escalation step, when it is due and nobody acknowledged. Silenced incidents wait: the
 * step stays due and pages when the silence ends, if the incident is still open and unacknowledged.
 */
export function escalateDue(c: AlertingConfig, inc: StoredIncident, at: number): PendingNotification[] {
  if (inc.status !== 'open' || inc.silenced || !inc.escalateAt || Date.parse(inc.escalateAt) > at || !inc.escalationPolicy) return [];
  const policy = c.escalation[inc.escalationPolicy];
  const step = policy?.steps[inc.escalationStep];
  const dueAt = Date.parse(inc.escalateAt);
  inc.escalateAt = undefined;
  if (!policy || !step) return [];
  inc.escalationStep += 1;
  inc.revision += 1;
  inc.notifiedRevision = inc.revision;
  inc.lastNotifiedAt = isoUtc(at);
  inc.updatedAt = isoUtc(at);
  inc.timeline.push({
    at: isoUtc(at),
    kind: 'escalated',
    by: 'vigie',
    text: `step ${inc.escalationStep} of ${policy.steps.length} (${inc.escalationPolicy}): not acknowledged after ${formatDuration(step.after)}, paging ${step.channels.join(', ')}`,
  });
  // An escalation gives the figure of the moment: when it reaches every one of the incident's own
  // channels, the next update compares with it. A step that pages only some of them leaves the
  // figure they all saw, so an update never quotes a count one of its readers was not given.
  if (inc.channels.length > 0 && inc.channels.every((ch) => step.channels.includes(ch))) markTold(inc, at);
  // Steps count from the previous one's due time, so a late sweep does not push the next step back.
  const next = policy.steps[inc.escalationStep];
  if (next) inc.escalateAt = isoUtc(dueAt + next.after);
  return [{ kind: 'escalated', incidentId: inc.id, revision: inc.revision, channels: step.channels, step: inc.escalationStep }];
}

/** The headline figure was just given to the incident's channels: what the next update compares with. */
function markTold(inc: StoredIncident, at: number): void {
  const v = inc.volume;
  if (!v) return;
  v.before = v.told;
  v.beforeMeasure = v.toldMeasure;
  if (v.toldAt) v.beforeAt = v.toldAt;
  v.told = v.count;
  v.toldMeasure = v.measure;
  v.toldAt = isoUtc(at);
}

/** Quiet for the resolve period: resolved by Vigie, with one resolved notice. */
export function resolveIfQuiet(c: AlertingConfig, inc: StoredIncident, at: number): PendingNotification[] {
  if (inc.status === 'resolved' || at - Date.parse(inc.lastFiredAt) < c.alerting.resolveAfter) return [];
  return close(c, inc, at, 'vigie', `quiet for ${formatDuration(c.alerting.resolveAfter)}: resolved automatically`);
}

/** Resolves the incident; people who were told it fired (or were paged) are told it is over. */
export function close(c: AlertingConfig, inc: StoredIncident, at: number, by: string, why: string): PendingNotification[] {
  const now = isoUtc(at);
  inc.status = 'resolved';
  inc.resolvedAt = now;
  inc.updatedAt = now;
  inc.escalateAt = undefined;
  inc.notifyAt = undefined;
  inc.revision += 1;
  inc.timeline.push({ at: now, kind: 'resolved', by, text: why });
  if (inc.notifiedRevision === 0 || inc.silenced) return [];
  inc.notifiedRevision = inc.revision;
  const channels = toldChannels(c, inc);
  return channels.length > 0 ? [{ kind: 'resolved', incidentId: inc.id, revision: inc.revision, channels }] : [];
}

/**
 * Follows the silences in force: the flag for the API, a timeline line when it changes. When a
 * silence ends, an escalation step that came due meanwhile is re-armed from now: people get the
 * step's full time to acknowledge once they can hear about the incident again.
 */
export function applySilence(c: AlertingConfig, inc: StoredIncident, silence: Hold | undefined, at: number): void {
  const silenced = silence?.kind === 'silence';
  if (silenced === inc.silenced) return;
  inc.silenced = silenced;
  if (silence?.kind === 'silence') {
    inc.timeline.push({ at: isoUtc(at), kind: 'silenced', by: silence.by, text: `silenced until ${silence.until}: ${silence.reason}` });
    return;
  }
  inc.timeline.push({ at: isoUtc(at), kind: 'updated', text: 'silence ended: notifications resume' });
  if (inc.escalateAt && Date.parse(inc.escalateAt) < at) {
    inc.escalateAt = undefined;
    armEscalation(c, inc, at);
  }
}
