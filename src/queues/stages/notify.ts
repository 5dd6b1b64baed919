import { randomUUID } from 'node:crypto';
import { UnrecoverableError } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { publicIncident, type IncidentStore } from '../../alerts/incident-store.js';
import type { AlertLocale } from '../../alerts/i18n.js';
import type { Notification, Notifier } from '../../alerts/notifiers/notifier.js';
import { parsePostRecords } from '../../alerts/windows.js';
import { isoUtc } from '../../clock.js';
import { PermanentError, RetryableError } from '../../errors.js';
import { keys } from '../../keys.js';
import { severityRank, type RelatedSignal } from '../../types.js';
import { PostStore } from '../../post-store.js';
import type { NotifyJob } from '../jobs.js';

export interface NotifyStageDeps {
  redis: Redis;
  prefix: string;
  incidents: IncidentStore;
  notifiers: () => Map<string, Notifier>;
  publicUrl?: string;
  log: Logger;
  now(): number;
  /** The team's language, time zone and the brand's display name, from the current config. */
  locale?(brand: string): AlertLocale;
  /** Called after a channel took a notification (metrics, latency). */
  onSent?(job: NotifyJob, notification: Notification): void;
}

/** Where a job stands in BullMQ's retries, so the last failure is written on the incident's timeline. */
export interface AttemptInfo {
  /** Attempts made before this one. */
  made: number;
  max: number;
}

export type NotifyOutcome = 'sent' | 'resent' | 'duplicate' | 'gone';

/** What the notification log holds for a key once its fate is known. */
export interface NotificationRecord {
  at: string;
  /** `resent`: sent again after an interrupted attempt, marked as a possible repeat. */
  outcome: 'sent' | 'found' | 'resent';
}

const SENT_TTL_MS = 30 * 24 * 3_600_000;
/** Longer than any retry schedule: a stale marker only means "an attempt was interrupted". */
const ATTEMPT_TTL_MS = 7 * 24 * 3_600_000;
const EVIDENCE_SHOWN = 5;
const OFFICIAL_SHOWN = 2;

/** `incidentId:revision:channel:kind`: a channel delivers a key at most once. */
export function notificationKey(job: Pick<NotifyJob, 'incidentId' | 'revision' | 'channel' | 'kind'>): string {
  return `${job.incidentId}:${job.revision}:${job.channel}:${job.kind}`;
}

/**
 * Delivers one notification to one channel: at least once, and exactly once whenever the outcome
 * of each attempt is known. The notification log (`notified:<key>`) is checked before and written
 * after sending; an attempt marker (`notifying:<key>`) is written before the channel is called and
 * removed when its answer is known.
 *
 * Delivery guarantee (docs/reliability.md): failures with a known outcome (429, 5xx, refused
 * connections, SMTP 4xx) are retried and a success is recorded, so those are never repeated. A
 * worker killed while a channel holds the request leaves the marker behind; the retry then asks
 * the channel whether it has the key (`delivered`, e.g. the JSONL file) and sends only if not.
 * Channels that cannot tell (Slack webhooks, SMTP, the console) are sent to again, marked as a
 * possible repeat: for an alerting system a duplicate page is better than a missing one
 * (Alertmanager is at-least-once too). The incident's timeline says so.
 */
export function notifyStage(d: NotifyStageDeps) {
  const k = keys(d.prefix);
  const posts = new PostStore(d.redis, d.prefix);
  const record = (outcome: NotificationRecord['outcome']) =>
    JSON.stringify({ at: isoUtc(d.now()), outcome } satisfies NotificationRecord);

  return async (job: NotifyJob, signal: AbortSignal, attempt: AttemptInfo = { made: 0, max: 1 }): Promise<NotifyOutcome> => {
    const key = notificationKey(job);
    const sentKey = k.notified(key);
    const attemptKey = k.notifyAttempt(key);
    if ((await d.redis.exists(sentKey)) === 1) return 'duplicate';
    const notifier = d.notifiers().get(job.channel);
    if (!notifier) throw new UnrecoverableError(`channel "${job.channel}" is not configured any more`);
    const incident = await d.incidents.get(job.incidentId);
    // Incidents are saved before their notifications are queued; one missing has expired.
    if (!incident) return 'gone';
    // A queue or store restored from an older snapshot: wait a little for the revision, then fail.
    if (incident.revision < job.revision) throw new RetryableError(`incident ${incident.id} is not at revision ${job.revision} yet`, 250);
    const log = d.log.child({ channel: job.channel, incident: incident.id, key });

    const token = randomUUID();
    const claimed = await d.redis.set(attemptKey, token, 'PX', ATTEMPT_TTL_MS, 'NX');
    let possibleRepeat = false;
    if (claimed !== 'OK') {
      // An earlier attempt started and never reported back: it may or may not have been delivered.
      if (notifier.delivered && (await notifier.delivered(key))) {
        await d.redis.multi().set(sentKey, record('found'), 'PX', SENT_TTL_MS).del(attemptKey).exec();
        log.warn('an interrupted delivery had gone through: not sent again');
        return 'duplicate';
      }
      possibleRepeat = !notifier.delivered;
      if (possibleRepeat) log.warn('a delivery was interrupted (worker stopped mid-send): sending again, marked as a possible repeat');
      await d.redis.set(attemptKey, token, 'PX', ATTEMPT_TTL_MS);
    }

    const notification: Notification = {
      key,
      kind: job.kind,
      channel: job.channel,
      incident: publicIncident(incident),
      posts: await posts.byIds(incident.evidence.slice(0, EVIDENCE_SHOWN)),
      link: d.publicUrl ? `${d.publicUrl.replace(/\/$/, '')}/incidents/${encodeURIComponent(incident.id)}` : undefined,
      step: job.step,
      createdAt: isoUtc(d.now()),
      ...(d.locale ? { locale: d.locale(incident.brand) } : {}),
      related: await relatedSignals(d.incidents, incident.id),
      official: (await posts.byIds((incident.officialPosts ?? []).slice(-OFFICIAL_SHOWN))).reverse(),
      ...(possibleRepeat ? { possibleRepeat: true } : {}),
    };
    try {
      await notifier.send(notification, { log, signal });
    } catch (err) {
      // The channel answered (or could not be reached): nothing was delivered, a retry may send.
      await d.redis.eval(`if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`, 1, attemptKey, token);
      const permanent = err instanceof PermanentError || !(err instanceof RetryableError || isAbort(err, signal));
      const last = permanent || attempt.made + 1 >= attempt.max;
      if (last) {
        const reason = err instanceof Error ? err.message : String(err);
        await d.incidents.appendTimeline(incident.id, {
          at: isoUtc(d.now()),
          kind: 'notified',
          by: 'vigie',
          text: `${job.kind} revision ${job.revision} to ${job.channel} failed${permanent ? '' : ` after ${attempt.max} attempts`}: ${reason.slice(0, 300)}`,
        });
      }
      if (err instanceof PermanentError) throw new UnrecoverableError(`${job.channel}: ${err.message}`);
      throw err;
    }
    await d.redis.multi().set(sentKey, record(possibleRepeat ? 'resent' : 'sent'), 'PX', SENT_TTL_MS).del(attemptKey).exec();
    if (possibleRepeat) {
      await d.incidents.appendTimeline(incident.id, {
        at: isoUtc(d.now()),
        kind: 'notified',
        by: 'vigie',
        text: `${job.kind} revision ${job.revision} to ${job.channel}: sent again after an interrupted attempt (the worker stopped mid-send), marked as a possible repeat`,
      });
    }
    d.onSent?.(job, notification);
    return possibleRepeat ? 'resent' : 'sent';
  };
}

function isAbort(err: unknown, signal: AbortSignal): boolean {
  return signal.aborted || (err instanceof Error && err.name === 'AbortError');
}

/** Open incidents grouped under this one (see groupParent), most severe first. */
async function relatedSignals(store: IncidentStore, id: string): Promise<RelatedSignal[]> {
  const children = (await store.openDigests()).filter((o) => o.parentId === id).map((o) => o.id);
  return (await store.getMany(children))
    .filter((o) => o.parentId === id)
    .sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || a.openedAt.localeCompare(b.openedAt))
    .map((o) => ({ id: o.id, rule: o.rule, severity: o.severity, status: o.status, summary: o.summary, ...(o.explanation ? { explanation: o.explanation } : {}), openedAt: o.openedAt }));
}

