import { z } from 'zod';
import { parseIsoInstant } from '../intake/published-at.js';
import { PLATFORMS, type Post } from '../types.js';
import type { FieldProblem } from './respond.js';

/**
 * A post pushed by another system (a service desk, a clienteling tool), in the Post shape of
 * DESIGN.md. Stricter than a collector's output: unknown fields are refused so a typo is seen, and
 * every message names the field.
 */
const count = z.number({ error: 'expected a number' }).int('expected a whole number').min(0, 'must not be negative');
const iso = z
  .string({ error: 'expected an ISO 8601 date string' })
  .refine((s) => parseIsoInstant(s) !== undefined, 'expected a real ISO 8601 date with a zone, such as 2026-04-14T08:30:00Z');

export const ingestPostSchema = z
  .strictObject({
    id: z
      .string({ error: 'expected a string such as "ingest:ticket-4711"' })
      .min(3)
      .max(200, 'at most 200 characters')
      .regex(/^[a-z]+:\S+$/, 'expected "platform:nativeId", e.g. "ingest:ticket-4711"'),
    platform: z.enum(PLATFORMS as [Post['platform'], ...Post['platform'][]], { error: `expected one of ${PLATFORMS.join(', ')}` }).default('ingest'),
    /** The system that sent it; defaults to `ingest`. */
    sourceId: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'expected lowercase letters, digits, - and _ (e.g. "service-desk")')
      .default('ingest'),
    url: z.string({ error: 'expected a string' }).max(2000).default(''),
    author: z.strictObject(
      {
        id: z.string({ error: 'expected a string' }).min(1, 'must not be empty').max(200),
        name: z.string({ error: 'expected a string' }).min(1, 'must not be empty').max(200),
        followers: count.optional(),
      },
      { error: 'expected an object {id, name, followers?}' },
    ),
    text: z.string({ error: 'expected a string (plain text, HTML stripped)' }).min(1, 'must not be empty').max(20_000, 'at most 20,000 characters'),
    title: z.string({ error: 'expected a string' }).max(1000).optional(),
    publishedAt: iso,
    collectedAt: iso.optional(),
    metrics: z.strictObject({ likes: count, shares: count, comments: count }, { error: 'expected an object {likes, shares, comments}' }).optional(),
    langHint: z.string({ error: 'expected a string' }).max(16).optional(),
  })
  .refine((p) => p.id.startsWith(`${p.platform}:`), { message: 'must start with the platform, e.g. "ingest:ticket-4711"', path: ['id'] });

export type IngestPost = z.output<typeof ingestPostSchema>;

/** `posts[3].author.name` from a zod path under the posts array. */
function fieldOf(index: number, path: readonly PropertyKey[], single: boolean): string {
  let out = single ? '' : `posts[${index}]`;
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out === '' ? '' : '.'}${String(p)}`;
  return out || '(post)';
}

function valueAt(item: unknown, path: readonly PropertyKey[]): unknown {
  let v = item;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

/**
 * Validates every post, collecting the problems of all of them (up to `maxProblems`), so the sender
 * can fix a batch in one round. Returns the posts with their defaults applied.
 */
export function validateIngest(items: unknown[], single: boolean, collectedAt: string, maxProblems = 20): { posts: Post[]; problems: FieldProblem[] } {
  const posts: Post[] = [];
  const problems: FieldProblem[] = [];
  items.forEach((item, i) => {
    const r = ingestPostSchema.safeParse(item);
    if (r.success) {
      posts.push({ ...r.data, collectedAt: r.data.collectedAt ?? collectedAt });
      return;
    }
    for (const issue of r.error.issues) {
      if (problems.length >= maxProblems) return;
      let message = issue.message;
      if (issue.code === 'unrecognized_keys') message = `unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
      else if (issue.code === 'invalid_type' && valueAt(item, issue.path) === undefined) message = `required: ${message}`;
      const field = fieldOf(i, issue.path, single);
      // One message per field: the first says what to fix.
      if (!problems.some((p) => p.field === field)) problems.push({ field, message });
    }
  });
  return { posts, problems };
}
