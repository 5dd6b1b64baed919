/**
 * Reads a V8 CPU profile (`node --cpu-prof`) and lists the functions with the most self time:
 * what `npm run bench -- --profile` prints for the daemon's child process.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface HotFunction {
  name: string;
  /** Where: the last path segments of the script and the line. */
  where: string;
  selfMs: number;
  share: number;
}

/** One thread's profile: Node writes one file per thread (`CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile`). */
export interface ThreadProfile {
  /** `main` (thread 0), else `thread N` (a classify thread). */
  thread: string;
  file: string;
}

/**
 * The profiles of the newest process in `dir`, main thread first: the main thread runs collect,
 * evaluate and notify, the classify threads the chain, so each is read apart.
 */
export async function newestProfiles(dir: string): Promise<ThreadProfile[]> {
  const named = (await readdir(dir))
    .map((f) => ({ f, m: /^CPU\.\d+\.\d+\.(\d+)\.(\d+)\.\d+\.cpuprofile$/.exec(f) }))
    .filter((x): x is { f: string; m: RegExpExecArray } => x.m !== null)
    .sort((a, b) => a.f.localeCompare(b.f));
  const pid = named.at(-1)?.m[1];
  return named
    .filter((x) => x.m[1] === pid)
    .map((x) => ({ threadId: Number(x.m[2]), file: join(dir, x.f) }))
    .sort((a, b) => a.threadId - b.threadId)
    .map((x) => ({ thread: x.threadId === 0 ? 'main' : `thread ${x.threadId}`, file: x.file }));
}

export async function hotFunctions(file: string, top = 25): Promise<HotFunction[]> {
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, { name: string; where: string; us: number }>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    total += us;
    const frame = nodes.get(id)?.callFrame;
    if (!frame) return;
    const name = frame.functionName || '(anonymous)';
    const where = frame.url ? `${frame.url.split('/').slice(-2).join('/')}:${frame.lineNumber + 1}` : '';
    const key = `${name} ${where}`;
    const entry = self.get(key) ?? { name, where, us: 0 };
    entry.us += us;
    self.set(key, entry);
  });
  return [...self.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, top)
    .map((e) => ({ name: e.name.slice(0, 60), where: e.where, selfMs: e.us / 1000, share: total > 0 ? e.us / total : 0 }));
}
