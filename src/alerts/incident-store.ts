import type { Redis } from 'ioredis';
import { RetryableError } from '../errors.js';
import { keys, type Keys } from '../keys.js';
import { newIncidentId } from '../ids.js';
import type { Incident, IncidentStatus, Severity, TimelineEvent } from '../types.js';
import { digestOf, type OpenIncidentDigest, type StoredIncident } from './incident-record.js';

/** The incident as channels and people see it: the data model without the lifecycle's bookkeeping. */
export function publicIncident(inc: StoredIncident): Incident {
  const {
    lastFiredAt: _lastFiredAt,
    notifyAt: _notifyAt,
    notifiedRevision: _notifiedRevision,
    lastNotifiedAt: _lastNotifiedAt,
    escalateAt: _escalateAt,
    channels: _channels,
    escalationPolicy: _escalationPolicy,
    heldBy: _heldBy,
    outbox: _outbox,
    nextKind: _nextKind,
    lastToldAt: _lastToldAt,
    coveredBy: _coveredBy,
    ...incident
  } = inc;
  return incident;
}

/** Resolved incidents are kept this long, then expire with their timeline. */
export const RESOLVED_RETENTION_MS = 90 * 86_400_000;

export interface IncidentQuery {
  status?: IncidentStatus[];
  severity?: Severity[];
  brand?: string;
  /** Opened at or after (ms). */
  since?: number;
  limit?: number;
}

/** Incidents in Redis: one JSON value each, an index by opening time, one open id per fingerprint. */
export class IncidentStore {
  readonly k: Keys;

  constructor(
    readonly redis: Redis,
    prefix: string,
  ) {
    this.k = keys(prefix);
  }

  /** A fresh id (see src/ids.ts: unique without a counter in Redis, so it survives data loss). */
  async nextId(at: number): Promise<string> {
    return newIncidentId(at);
  }

  async get(id: string): Promise<StoredIncident | undefined> {
    const raw = await this.redis.get(this.k.incident(id));
    return raw ? (JSON.parse(raw) as StoredIncident) : undefined;
  }

  async openFor(fingerprint: string): Promise<StoredIncident | undefined> {
    const id = await this.redis.get(this.k.openIncident(fingerprint));
    return id ? this.get(id) : undefined;
  }

  async save(inc: StoredIncident): Promise<void> {
    const multi = this.redis.multi();
    multi.zadd(this.k.incidentIndex(), Date.parse(inc.openedAt), inc.id);
    if (inc.status === 'resolved') {
      multi.set(this.k.incident(inc.id), JSON.stringify(inc), 'PX', RESOLVED_RETENTION_MS);
      // Only the pointer to this incident: a newer one may already hold the fingerprint.
      multi.eval(`if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end return 0`, 1, this.k.openIncident(inc.fingerprint), inc.id);
      multi.srem(this.k.openIncidentIds(), inc.id);
      multi.hdel(this.k.openIncidentDigests(), inc.id);
    } else {
      multi.set(this.k.incident(inc.id), JSON.stringify(inc));
      multi.set(this.k.openIncident(inc.fingerprint), inc.id);
      multi.sadd(this.k.openIncidentIds(), inc.id);
      multi.hset(this.k.openIncidentDigests(), inc.id, JSON.stringify(digestOf(inc)));
    }
    await multi.exec();
  }

  /** Ids of incidents not resolved, for the sweep. */
  async openIds(): Promise<string[]> {
    return (await this.redis.smembers(this.k.openIncidentIds())).sort();
  }

  /** The incidents of these ids that exist, in their order. */
  async getMany(ids: readonly string[]): Promise<StoredIncident[]> {
    if (ids.length === 0) return [];
    const raws = await this.redis.mget(ids.map((id) => this.k.incident(id)));
    return raws.filter((r): r is string => r !== null).map((r) => JSON.parse(r) as StoredIncident);
  }

  /**
   * The digest of every incident not resolved, in id order: what grouping and inhibition read at
   * each evaluation and sweep, without parsing every open incident's whole record (the sweep would
   * otherwise parse each open incident once per open incident).
   */
  async openDigests(): Promise<OpenIncidentDigest[]> {
    const [ids, digests] = await Promise.all([this.redis.smembers(this.k.openIncidentIds()), this.redis.hgetall(this.k.openIncidentDigests())]);
    const out: OpenIncidentDigest[] = [];
    const missing: string[] = [];
    for (const id of ids) {
      const raw = digests[id];
      if (raw === undefined) missing.push(id);
      else out.push(JSON.parse(raw) as OpenIncidentDigest);
    }
    // Incidents opened by a version that kept no digest: read in full until their next save.
    if (missing.length > 0) out.push(...(await this.getMany(missing)).map(digestOf));
    // Sorted once here, after the missing ones joined (as openIds is): the sweep's order.
    return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  async list(q: IncidentQuery = {}): Promise<StoredIncident[]> {
    const ids = await this.redis.zrevrangebyscore(this.k.incidentIndex(), '+inf', q.since ?? '-inf');
    if (ids.length === 0) return [];
    const raws = await this.redis.mget(ids.map((id) => this.k.incident(id)));
    const out: StoredIncident[] = [];
    const expired = ids.filter((_, i) => raws[i] === null);
    if (expired.length > 0) await this.redis.zrem(this.k.incidentIndex(), ...expired);
    for (const raw of raws) {
      if (!raw) continue;
      const inc = JSON.parse(raw) as StoredIncident;
      if (q.status && !q.status.includes(inc.status)) continue;
      if (q.severity && !q.severity.includes(inc.severity)) continue;
      if (q.brand && inc.brand !== q.brand) continue;
      out.push(inc);
      if (q.limit && out.length >= q.limit) break;
    }
    return out;
  }

  /** Adds an event to an incident's timeline (a delivery that failed for good, say), under its lock. */
  async appendTimeline(id: string, event: TimelineEvent): Promise<void> {
    const found = await this.get(id);
    if (!found) return;
    await this.withLock(found.fingerprint, async () => {
      const inc = await this.get(id);
      if (!inc) return;
      inc.timeline.push(event);
      await this.save(inc);
    });
  }

  /**
   * Runs `fn` while holding the fingerprint's lock, so two evaluate workers never open two
   * incidents for one fingerprint nor lose each other's updates.
   */
  async withLock<T>(fingerprint: string, fn: () => Promise<T>): Promise<T> {
    const key = `${this.k.openIncident(fingerprint)}:lock`;
    const token = `${process.pid}-${Math.random()}`;
    for (let attempt = 0; ; attempt++) {
      if ((await this.redis.set(key, token, 'PX', 10_000, 'NX')) === 'OK') break;
      if (attempt > 200) throw new RetryableError(`incident lock ${fingerprint} still held after 10 s`);
      await new Promise((r) => setTimeout(r, 20 + Math.random() * 30));
    }
    try {
      return await fn();
    } finally {
      await this.redis.eval(`if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`, 1, key, token);
    }
  }
}
