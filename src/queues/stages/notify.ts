import { UnrecoverableError } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { IncidentStore } from '../../alerts/incident-store.js';
import type { Notification, Notifier } from '../../alerts/notifiers/notifier.js';
import { keys } from '../../keys.js';
import { PermanentError } from '../../errors.js';
import type { ScoredPost } from '../../types.js';
import type { NotifyJob } from '../jobs.js';

export interface NotifyStageDeps {
  redis: Redis;
  prefix: string;
  incidents: IncidentStore;
  notifiers: () => Map<string, Notifier>;
  publicUrl?: string;
  log: Logger;
  now(): number;
  /** Called after a channel took a notification (metrics, latency). */
  onSent?(job: NotifyJob, notification: Notification): void;
}

const SENT_TTL_MS = 30 * 24 * 3_600_000;

/**
 * Delivers one notification to one channel, once. The notification log (`notified:<key>`) is
 * checked before and written after sending, so a retried job does not send what was delivered.
 * Failures go back to BullMQ: RetryableError retries with backoff, anything permanent fails at once.
 */
export function notifyStage(d: NotifyStageDeps) {
  const k = keys(d.prefix);
  return async (job: NotifyJob, signal: AbortSignal): Promise<'sent' | 'duplicate' | 'gone'> => {
    const key = `${job.incidentId}:${job.revision}:${job.channel}:${job.kind}`;
    if ((await d.redis.exists(k.notified(key))) === 1) return 'duplicate';
    const notifier = d.notifiers().get(job.channel);
    if (!notifier) throw new UnrecoverableError(`channel "${job.channel}" is not configured any more`);
    const incident = await d.incidents.get(job.incidentId);
    if (!incident) return 'gone';
    const posts = await loadPosts(d.redis, d.prefix, incident.evidence.slice(0, 5));
    const notification: Notification = {
      key,
      kind: job.kind,
      channel: job.channel,
      incident,
      posts,
      link: d.publicUrl ? `${d.publicUrl.replace(/\/$/, '')}/incidents/${encodeURIComponent(incident.id)}` : undefined,
      step: job.step,
      createdAt: new Date(d.now()).toISOString(),
    };
    try {
      await notifier.send(notification, { log: d.log.child({ channel: job.channel, incident: incident.id }), signal });
    } catch (err) {
      if (err instanceof PermanentError) throw new UnrecoverableError(`${job.channel}: ${err.message}`);
      throw err;
    }
    await d.redis.set(k.notified(key), String(d.now()), 'PX', SENT_TTL_MS);
    d.onSent?.(job, notification);
    return 'sent';
  };
}

export async function loadPosts(redis: Redis, prefix: string, ids: string[]): Promise<ScoredPost[]> {
  if (ids.length === 0) return [];
  const k = keys(prefix);
  const raws = await redis.mget(ids.map((id) => k.post(id)));
  return raws.filter((r): r is string => r !== null).map((r) => JSON.parse(r) as ScoredPost);
}
