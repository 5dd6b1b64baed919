import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { writeJsonl } from '../../tools/demo/jsonl.js';
import { BOYCOTT_OPTIONS, generateScenario } from '../../tools/demo/scenario.js';
import type { Post } from '../../src/types.js';

/** A sink that accepts one small chunk at a time and answers later, so the writer must wait. */
function slowSink(chunks: string[]): Writable {
  return new Writable({
    highWaterMark: 256,
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString('utf8'));
      setImmediate(done);
    },
  });
}

describe('writeJsonl', () => {
  it('writes one post per line, waiting for a slow stream to drain', async () => {
    const posts = [...generateScenario({ ...BOYCOTT_OPTIONS, limit: 300 })];
    const chunks: string[] = [];
    const sink = slowSink(chunks);
    let drains = 0;
    sink.on('drain', () => drains++);
    const seen: number[] = [];
    const written = await writeJsonl(posts, sink, (p: Post) => p, (_p, n) => seen.push(n));
    sink.end();
    await new Promise((resolve) => sink.on('finish', resolve));
    expect(written).toBe(300);
    expect(seen.at(-1)).toBe(300);
    expect(drains).toBeGreaterThan(0);
    const lines = chunks.join('').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((l) => JSON.parse(l) as Post)).toEqual(posts);
  });
});
