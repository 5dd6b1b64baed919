import type { Redis } from 'ioredis';
import { keys, type Keys } from './keys.js';
import type { ScoredPost } from './types.js';

/**
 * Scored posts, by id, as the classify stage stored them: the evidence alerts show and the
 * triage page lists. They are written by alerts/windows.ts's batch script, in the same step as the
 * window counts they feed (so a post is never counted without being readable), and expire with
 * the windows' retention. Every reader goes through here.
 */
export class PostStore {
  private readonly k: Keys;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    this.k = keys(prefix);
  }

  /**
   * Posts by id, in the order asked. A post key holds the whole record only for an evidence post,
   * else the counted-once marker (`1`); ids past their retention, or never evidence, are left out.
   */
  async byIds(ids: readonly string[]): Promise<ScoredPost[]> {
    if (ids.length === 0) return [];
    const raws = await this.redis.mget(ids.map((id) => this.k.post(id)));
    return raws.filter((r): r is string => r !== null && r.startsWith('{')).map((r) => JSON.parse(r) as ScoredPost);
  }
}
