import { formatDuration } from '../duration.js';

/**
 * The one check of a post's `publishedAt`, shared by every way posts come in: the ingest API,
 * the collectors and the replay source (a step towards one intake for all three).
 *
 * Event time drives the windows, each brand's "first seen" (where its baseline starts) and the
 * evaluation clock, so a single post with an absurd date bends detection for everyone: a post
 * dated year 1 made a brand watched for minutes look like it had a week of history, and a post
 * dated an hour ahead moved the brand's evaluation clock. A date must therefore be a real calendar
 * date in ISO 8601 with a zone, no older than the windows' retention, and no further ahead of the
 * clock than a small tolerance for skewed clocks.
 */

/** How far ahead of the daemon's clock a post may be dated (platform and server clocks drift). */
export const DEFAULT_FUTURE_TOLERANCE_MS = 5 * 60_000;

export interface DateBounds {
  /** The daemon's clock (event time in a replay). */
  now: number;
  /** How long windows are kept (`alerting.retention`): older posts cannot count anywhere. */
  retentionMs: number;
  /** @defaultValue 5 minutes */
  futureToleranceMs?: number;
}

export type DateVerdict =
  | { ok: true; ms: number }
  /** `kind` says which rule failed: a caller may clamp `future` instead of refusing it. */
  | { ok: false; kind: 'invalid' | 'too-old' | 'future'; reason: string; ms?: number };

const ISO_WITH_ZONE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):?(\d{2}))$/i;

/**
 * Milliseconds since the epoch for an ISO 8601 date-time with a zone that names a real moment
 * (`2026-02-30T…` is not one, nor is hour 24), else undefined. Stricter than `Date.parse`, which
 * rolls 30 February over to 2 March.
 */
export function parseIsoInstant(text: string): number | undefined {
  const m = ISO_WITH_ZONE.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return undefined;
  if (m[8] !== undefined && (Number(m[8]) > 23 || Number(m[9]) > 59)) return undefined;
  const day = new Date(Date.UTC(2000, mo - 1, d));
  // Date.UTC rolls invalid days into the next month; a real date comes back unchanged. Year 2000
  // is a leap year, so 29 February is checked against the post's own year below.
  if (day.getUTCMonth() !== mo - 1 || (mo === 2 && d === 29 && !isLeap(y))) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Judges one `publishedAt`; the reason is a sentence for the sender or the log. */
export function checkPublishedAt(text: unknown, b: DateBounds): DateVerdict {
  if (typeof text !== 'string') return { ok: false, kind: 'invalid', reason: 'expected an ISO 8601 date string such as 2026-04-14T08:30:00Z' };
  const ms = parseIsoInstant(text.trim());
  if (ms === undefined) {
    return { ok: false, kind: 'invalid', reason: `"${text.slice(0, 40)}" is not a date: expected an ISO 8601 date with a zone, such as 2026-04-14T08:30:00Z` };
  }
  if (ms < b.now - b.retentionMs) {
    return {
      ok: false,
      kind: 'too-old',
      ms,
      reason: `is older than the retention (${formatDuration(b.retentionMs)} before ${iso(b.now)}, alerting.retention): it could count in no window`,
    };
  }
  const tolerance = b.futureToleranceMs ?? DEFAULT_FUTURE_TOLERANCE_MS;
  if (ms > b.now + tolerance) {
    return {
      ok: false,
      kind: 'future',
      ms,
      reason: `is ${formatDuration(ms - b.now)} ahead of the daemon's clock (${iso(b.now)}; at most ${formatDuration(tolerance)} is allowed for clock skew)`,
    };
  }
  return { ok: true, ms };
}

function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.000Z$/, 'Z');
}

export interface ScreenedPosts<P> {
  /** Posts to keep, future ones clamped to the clock when asked. */
  posts: P[];
  /** Posts refused, with the verdict that refused them. */
  refused: { post: P; reason: string; kind: 'invalid' | 'too-old' | 'future' }[];
  /** Posts whose date was moved back to the clock (only with `clampFuture`). */
  clamped: { post: P; reason: string }[];
}

/**
 * Screens a batch (collectors, replay): posts with an impossible or too-old date are refused;
 * posts dated ahead of the clock are clamped to it when `clampFuture` (a platform's skewed clock
 * should not lose the post, nor move the brand's clock), refused otherwise.
 */
export function screenPosts<P extends { publishedAt: string }>(posts: readonly P[], b: DateBounds & { clampFuture?: boolean }): ScreenedPosts<P> {
  const out: ScreenedPosts<P> = { posts: [], refused: [], clamped: [] };
  for (const post of posts) {
    const v = checkPublishedAt(post.publishedAt, b);
    if (v.ok) out.posts.push(post);
    else if (v.kind === 'future' && b.clampFuture) {
      out.posts.push({ ...post, publishedAt: new Date(b.now).toISOString() });
      out.clamped.push({ post, reason: v.reason });
    } else out.refused.push({ post, reason: v.reason, kind: v.kind });
  }
  return out;
}
