/** Writing scenarios as JSONL: one Post per line, streamed with backpressure. */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { Post } from '../../src/types.js';

/** One line of the file. Key order is the Post's construction order, so output is stable. */
export function toJsonLine(post: Post): string {
  return `${JSON.stringify(post)}\n`;
}

/**
 * Writes every item's post to `out`, waiting whenever the stream's buffer is full, so a
 * 200,000-post scenario never sits in memory. Resolves with the number of posts written.
 */
export async function writeJsonl<T>(
  items: Iterable<T>,
  out: Writable,
  postOf: (item: T) => Post,
  onItem?: (item: T, written: number) => void,
): Promise<number> {
  let written = 0;
  for (const item of items) {
    const ok = out.write(toJsonLine(postOf(item)));
    written++;
    onItem?.(item, written);
    if (!ok) await once(out, 'drain');
  }
  return written;
}
