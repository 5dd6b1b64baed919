import { describe, expect, it } from 'vitest';
import { checkPublishedAt, parseIsoInstant, screenPosts } from '../../src/intake/published-at.js';
import { newIncidentId } from '../../src/ids.js';

const NOW = Date.parse('2026-11-30T12:00:00Z');
const DAY = 86_400_000;
const bounds = { now: NOW, retentionMs: 8 * DAY };

describe('publishedAt: one check for ingest, collectors and replay', () => {
  it('accepts real ISO 8601 instants with a zone, and nothing else', () => {
    expect(parseIsoInstant('2026-04-14T08:30:00Z')).toBe(Date.parse('2026-04-14T08:30:00Z'));
    expect(parseIsoInstant('2026-04-14T16:30:00.123+08:00')).toBe(Date.parse('2026-04-14T08:30:00.123Z'));
    expect(parseIsoInstant('2024-02-29T00:00:00Z')).toBeDefined();
    // Date.parse rolls these over to another day; they are not dates.
    for (const bad of ['2026-02-30T00:00:00Z', '2025-02-29T00:00:00Z', '2026-04-31T10:00:00Z', '2026-13-01T00:00:00Z', '2026-04-14T24:00:00Z', '2026-04-14T08:30:00', '2026-04-14', 'yesterday', '']) {
      expect(parseIsoInstant(bad), bad).toBeUndefined();
    }
  });

  it('refuses a date older than the retention, or more than five minutes ahead, with the reason', () => {
    const ancient = checkPublishedAt('0001-01-01T00:00:00Z', bounds);
    expect(ancient).toMatchObject({ ok: false, kind: 'too-old' });
    expect(!ancient.ok && ancient.reason).toMatch(/older than the retention \(8d .*alerting\.retention/);
    const ahead = checkPublishedAt(new Date(NOW + 59 * 60_000).toISOString(), bounds);
    expect(ahead).toMatchObject({ ok: false, kind: 'future' });
    expect(!ahead.ok && ahead.reason).toMatch(/59m ahead of the daemon's clock/);
    expect(checkPublishedAt('2026-02-30T00:00:00Z', bounds)).toMatchObject({ ok: false, kind: 'invalid' });
    expect(checkPublishedAt(new Date(NOW + 4 * 60_000).toISOString(), bounds).ok).toBe(true);
    expect(checkPublishedAt(new Date(NOW - 7 * DAY).toISOString(), bounds).ok).toBe(true);
  });

  it('clamps posts dated ahead to the clock when asked (collectors), refuses the rest', () => {
    const posts = [
      { id: 'a', publishedAt: new Date(NOW - 60_000).toISOString() },
      { id: 'b', publishedAt: new Date(NOW + 3_600_000).toISOString() },
      { id: 'c', publishedAt: '1999-01-01T00:00:00Z' },
      { id: 'd', publishedAt: '2026-02-30T00:00:00Z' },
    ];
    const r = screenPosts(posts, { ...bounds, clampFuture: true });
    expect(r.posts.map((p) => [p.id, p.publishedAt])).toEqual([
      ['a', posts[0]?.publishedAt],
      ['b', new Date(NOW).toISOString()],
    ]);
    expect(r.refused.map((x) => [x.post.id, x.kind])).toEqual([
      ['c', 'too-old'],
      ['d', 'invalid'],
    ]);
    expect(screenPosts(posts, bounds).refused.map((x) => x.post.id)).toEqual(['b', 'c', 'd']);
  });
});

describe('incident ids', () => {
  it('name the day and minute and are unique without a counter', () => {
    // 30 random bits: 500 ids opened in one minute collide with odds of about 1 in 8,600 (birthday
    // bound n²/2·2⁻³⁰); 5,000 would collide about once a hundred runs, a flaky test.
    const ids = new Set(Array.from({ length: 500 }, () => newIncidentId(NOW)));
    expect(ids.size).toBe(500);
    for (const id of [...ids].slice(0, 5)) expect(id).toMatch(/^inc-20261130-1200-[0-9a-hjkmnp-tv-z]{6}$/);
  });
});
