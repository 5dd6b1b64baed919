/**
 * The classifier chain alone, in this process, on one core: the chain the daemon builds from the
 * bench configuration, over posts of the bench scenario. A first pass warms the JIT up; the second
 * is measured, in wall time and in CPU time of the process.
 */
import { buildClassifierChain } from '../../src/classifiers/pipeline.js';
import type { VigieConfig } from '../../src/config/load.js';
import { readPosts } from './scenario-file.js';
import { perSecond } from './stats.js';

export interface ChainResult {
  posts: number;
  /** Building the chain (matchers, lexicons, dictionaries). */
  buildMs: number;
  wallMs: number;
  cpuMs: number;
  postsPerSecond: number;
  /** Posts per second of CPU time: the same figure, free of other processes' share of the core. */
  postsPerCpuSecond: number;
}

export async function measureChain(config: VigieConfig, scenarioPath: string, count: number): Promise<ChainResult> {
  const posts = await readPosts(scenarioPath, count);
  const b0 = performance.now();
  const chain = buildClassifierChain({ brands: config.brands, languages: config.languages });
  const buildMs = performance.now() - b0;
  let sink = 0;
  for (const p of posts.slice(0, Math.min(posts.length, 5_000))) sink += chain.classify(p).brands.length;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  for (const p of posts) sink += chain.classify(p).brands.length;
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  if (sink === 0) throw new Error('the classifier chain matched no brand in the bench posts: the bench config is wrong');
  return { posts: posts.length, buildMs, wallMs, cpuMs, postsPerSecond: perSecond(posts.length, wallMs), postsPerCpuSecond: perSecond(posts.length, cpuMs) };
}
