/**
 * The benchmark's replay file: the bench scenario (tools/demo/scenario.ts) written as JSONL, streamed,
 * with the publishedAt of every post kept beside it so the driver can release posts by count.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { finished } from 'node:stream/promises';
import { writeJsonl } from '../demo/jsonl.js';
import { benchScenario } from '../demo/scenario.js';
import type { Post } from '../../src/types.js';

export interface ScenarioFile {
  /** The JSONL file the replay source reads. */
  path: string;
  /** publishedAt (ms) of each post, in file order (which is time order). */
  timesPath: string;
  posts: number;
}

/** Writes `count` bench posts to `path` and their times to `path.times`, reporting every 10,000. */
export async function writeScenarioFile(path: string, count: number, progress?: (written: number) => void): Promise<ScenarioFile> {
  const times = new Float64Array(count);
  const out = createWriteStream(path);
  const written = await writeJsonl(benchScenario(count), out, (p) => p, (p, n) => {
    times[n - 1] = Date.parse(p.publishedAt);
    if (n % 10_000 === 0) progress?.(n);
  });
  out.end();
  await finished(out);
  const timesPath = `${path}.times`;
  await writeFile(timesPath, new Uint8Array(times.buffer, 0, written * 8));
  return { path, timesPath, posts: written };
}

export async function readTimes(timesPath: string): Promise<Float64Array> {
  const buf = await readFile(timesPath);
  // Copied into a fresh buffer: the file's bytes may not sit at an 8-byte aligned offset.
  const copy = new Uint8Array(buf.byteLength);
  copy.set(buf);
  return new Float64Array(copy.buffer);
}

/** The first `count` posts of a scenario file. */
export async function readPosts(path: string, count: number): Promise<Post[]> {
  const posts: Post[] = [];
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  for await (const line of lines) {
    if (posts.length >= count) break;
    if (line.trim() !== '') posts.push(JSON.parse(line) as Post);
  }
  lines.close();
  return posts;
}
