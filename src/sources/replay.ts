import { open } from 'node:fs/promises';
import { z } from 'zod';
import { InputError } from '../errors.js';
import { parseIsoInstant } from '../intake/published-at.js';
import { PLATFORMS, type Post } from '../types.js';
import type { Source, SourceCursor, SourceSpec } from './source.js';

const options = z.strictObject({
  /** A JSONL file of posts in the Post shape, in publishedAt order. */
  path: z.string().min(1, 'name the JSONL file to replay'),
  /** Most posts returned by one poll. @default 2000 */
  batch: z.number().int().positive().default(2000),
});
type Options = z.output<typeof options>;

interface ReplayCursor extends SourceCursor {
  /** Byte offset of the next line to read. */
  offset: number;
  /** Line number of that line (1-based), for messages. */
  line: number;
}

const CHUNK = 1 << 20;

/**
 * A recorded scenario, played in event time: each poll returns the posts published up to the
 * clock's now. The cursor is the byte offset in the file, so a restarted replay resumes where it
 * stopped. A malformed line is reported with its line number and skipped; the rest goes on.
 */
export const replaySource: SourceSpec<Options> = {
  type: 'replay',
  description: 'Replays a JSONL file of recorded posts in event time (vigie replay, the demo).',
  options,
  create(id, o): Source {
    return {
      id,
      type: 'replay',
      async poll(cursor, ctx) {
        const at = (cursor as ReplayCursor | undefined) ?? { offset: 0, line: 1 };
        const now = ctx.clock.now();
        const posts: Post[] = [];
        const file = await open(o.path, 'r');
        let offset = at.offset;
        let line = at.line;
        try {
          let pending = Buffer.alloc(0);
          let readPos = at.offset;
          let eof = false;
          for (;;) {
            let nl = pending.indexOf(10);
            if (nl === -1 && !eof) {
              const chunk = Buffer.alloc(CHUNK);
              const { bytesRead } = await file.read(chunk, 0, CHUNK, readPos);
              readPos += bytesRead;
              eof = bytesRead === 0;
              pending = Buffer.concat([pending, chunk.subarray(0, bytesRead)]);
              continue;
            }
            if (nl === -1) {
              if (pending.length === 0) break;
              nl = pending.length;
            }
            const text = pending.subarray(0, nl).toString('utf8').trim();
            if (text !== '') {
              const post = parseLine(text, o.path, line, ctx.log);
              if (post && Date.parse(post.publishedAt) > now) break;
              if (post) posts.push(post);
            }
            const consumed = Math.min(nl + 1, pending.length);
            offset += consumed;
            line += 1;
            pending = pending.subarray(consumed);
            if (posts.length >= o.batch) break;
          }
        } finally {
          await file.close();
        }
        return { posts, cursor: { offset, line } satisfies ReplayCursor };
      },
    };
  },
};

function parseLine(text: string, path: string, line: number, log: { error(o: object, m: string): void }): Post | undefined {
  try {
    return validatePost(JSON.parse(text) as unknown, `${path}:${line}`);
  } catch (err) {
    const e = err instanceof InputError ? err : new InputError(`not JSON (${(err as Error).message})`, `${path}:${line}`);
    log.error({ where: e.where }, `replay line skipped: ${e.message}`);
    return undefined;
  }
}

/** What every replayed line must have; the rest of the Post shape has defaults. */
export const REQUIRED_POST_FIELDS = ['id', 'text', 'publishedAt'] as const;

/** Checks the fields the pipeline relies on; names the first one that is wrong. */
export function validatePost(v: unknown, where: string): Post {
  if (v === null || typeof v !== 'object') throw new InputError('expected a JSON object (a post)', where);
  const p = v as Record<string, unknown>;
  for (const f of REQUIRED_POST_FIELDS) {
    if (p[f] === undefined || p[f] === null) throw new InputError(`"${f}" is missing`, where);
    if (typeof p[f] !== 'string') throw new InputError(`"${f}" must be a string`, where);
  }
  // The calendar check here names the line; the range check (retention, future) is the collect stage's.
  if (parseIsoInstant(p.publishedAt as string) === undefined) {
    throw new InputError(`"publishedAt" is not a date: ${String(p.publishedAt).slice(0, 40)} (expected ISO 8601 with a zone, such as 2026-04-14T08:30:00Z)`, where);
  }
  if (p.platform !== undefined && !PLATFORMS.includes(p.platform as Post['platform'])) {
    throw new InputError(`"platform" must be one of ${PLATFORMS.join(', ')}`, where);
  }
  const author = (p.author ?? {}) as Record<string, unknown>;
  return {
    ...(p as unknown as Post),
    platform: (p.platform as Post['platform'] | undefined) ?? 'replay',
    sourceId: typeof p.sourceId === 'string' ? p.sourceId : 'replay',
    url: typeof p.url === 'string' ? p.url : '',
    author: { id: String(author.id ?? 'unknown'), name: String(author.name ?? author.id ?? 'unknown'), ...(typeof author.followers === 'number' ? { followers: author.followers } : {}) },
    collectedAt: typeof p.collectedAt === 'string' ? p.collectedAt : (p.publishedAt as string),
  };
}
