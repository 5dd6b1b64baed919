import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { keys } from '../keys.js';

/** Mutes notifications for a brand and/or a rule until a time, with a reason (Alertmanager's silences). */
export interface Silence {
  id: string;
  brand?: string;
  rule?: string;
  /** Start and end, ISO. */
  startsAt: string;
  endsAt: string;
  reason: string;
  author: string;
}

export class SilenceStore {
  private readonly key: string;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.key = keys(prefix).silences();
  }

  async add(s: Omit<Silence, 'id'>): Promise<Silence> {
    if (!s.brand && !s.rule) throw new Error('a silence needs a brand, a rule or both');
    const silence = { ...s, id: randomUUID().slice(0, 8) };
    await this.redis.hset(this.key, silence.id, JSON.stringify(silence));
    return silence;
  }

  async remove(id: string): Promise<boolean> {
    return (await this.redis.hdel(this.key, id)) === 1;
  }

  async all(): Promise<Silence[]> {
    return Object.values(await this.redis.hgetall(this.key)).map((v) => JSON.parse(v) as Silence);
  }

  /** Silences in force at `at` (ms). */
  async active(at: number): Promise<Silence[]> {
    return (await this.all()).filter((s) => Date.parse(s.startsAt) <= at && at < Date.parse(s.endsAt));
  }
}

export function silenceMatches(s: Silence, brand: string, rule: string): boolean {
  return (s.brand === undefined || s.brand === brand) && (s.rule === undefined || s.rule === rule);
}
