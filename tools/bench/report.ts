/**
 * The benchmark's figures: one report object, printed as a table for people and as one JSON line
 * for tools (the last line of stdout).
 */
import type { ChainResult } from './chain.js';
import { GOALS, type GoalCheck } from './goals.js';
import type { HotFunction } from './profile.js';
import type { BareResult, PhaseResult, PipelineResult } from './protocol.js';
import type { PrefixMemory } from './redis-memory.js';

export interface BenchReport {
  /** The run's Redis key prefix (removed at the end). */
  prefix: string;
  /**
   * `daemonFlags`: the Node flags the daemon ran with (none by default); `mallocArenaMax`: the
   * MALLOC_ARENA_MAX the daemon was started with (null: glibc's default; allocator.ts);
   * `loadAverage`: the 1-minute load average when the run started (other processes' share of the
   * cores skews every figure).
   */
  machine: { cpus: number; node: string; redis: string; date: string; daemonFlags: string; mallocArenaMax: string | null; loadAverage: number; loadAverageAtEnd: number };
  /** The fastest bare BullMQ setting of the run: the baseline. */
  bare: BareResult;
  /** Every bare BullMQ setting measured, in the order run. */
  bareRuns: BareResult[];
  /** `ratioToBare`: full-speed posts/s over the best bare setting's. */
  pipeline: PipelineResult & { ratioToBare: number; startMs: number };
  classify: ChainResult;
  memory: PrefixMemory & { perPostBytes: number };
  goals: GoalCheck;
  /** The daemon's top self-time functions per thread (main first), with --profile. */
  profile?: { thread: string; file: string; top: HotFunction[] }[];
  totalMs: number;
}

export function checkGoals(r: Omit<BenchReport, 'goals'>): GoalCheck {
  const paced = phase(r.pipeline, 'paced') ?? phase(r.pipeline, 'full');
  return {
    pipelineRatio: r.pipeline.ratioToBare >= GOALS.pipelineRatio,
    classify: r.classify.postsPerSecond >= GOALS.classifyPostsPerSecond,
    p99Latency:
      paced !== undefined &&
      atGoalLoad(paced, r.bare) &&
      sustained(paced, phase(r.pipeline, 'full')) &&
      paced.latency.samples > 0 &&
      paced.latency.p99 <= GOALS.p99LatencyMs,
    peakRss: r.pipeline.peakRssBytes <= GOALS.peakRssBytes,
    start: r.pipeline.startMs <= GOALS.startMs,
  };
}

/** Whether the paced phase ran at the goal load (the best bare rate), not at a lower --paced-rate. */
function atGoalLoad(p: PhaseResult, bare: BareResult): boolean {
  return p.offeredPostsPerSecond === undefined || p.offeredPostsPerSecond >= Math.round(bare.postsPerSecond);
}

/**
 * Whether the pipeline keeps up with the paced phase's load: posts released no faster than it
 * runs them at full speed. Above that the queue grows for as long as the load lasts, so a p99
 * under the goal says only that the phase ended before the backlog got long: not a latency the
 * daemon holds at that load.
 */
function sustained(paced: PhaseResult, full: PhaseResult | undefined): boolean {
  return full === undefined || paced.offeredPostsPerSecond === undefined || paced.offeredPostsPerSecond <= full.postsPerSecond;
}

export function phase(p: PipelineResult, name: PhaseResult['name']): PhaseResult | undefined {
  return p.phases.find((x) => x.name === name);
}

const int = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en') : 'n/a');
const dec = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
const mb = (bytes: number) => `${int(bytes / (1024 * 1024))} MB`;
const ms = (n: number) => (Number.isFinite(n) ? `${int(n)} ms` : 'n/a');
const mark = (ok: boolean) => (ok ? 'met' : 'MISSED');

function latencyCell(p: PhaseResult | undefined): string {
  if (!p || p.latency.samples === 0) return 'no samples';
  return `${int(p.latency.p50)} / ${int(p.latency.p99)} / ${int(p.latency.max)} ms`;
}

function perPost(p: PhaseResult): { roundTrips: number; commands: number; server: number } {
  return { roundTrips: p.redis.roundTrips / p.posts, commands: p.redis.commands / p.posts, server: p.serverCommands / p.posts };
}

export function bareLabel(r: Pick<BareResult, 'concurrency' | 'processes'>): string {
  return `concurrency ${r.concurrency}${r.processes > 1 ? ` × ${r.processes} processes` : ''}`;
}

/** The table people read. */
export function formatTable(r: BenchReport): string {
  const full = phase(r.pipeline, 'full');
  const paced = phase(r.pipeline, 'paced');
  const rows: [string, string, string, string][] = [
    ['measure', 'result', 'goal', ''],
    ...r.bareRuns.map((b): [string, string, string, string] => [
      `bare BullMQ, ${bareLabel(b)}`,
      `${int(b.postsPerSecond)} posts/s`,
      b === r.bare ? 'baseline (best)' : '',
      `${int(b.jobs)} jobs, 1 per post, no-op worker${b.warmupJobs > 0 ? `, after ${int(b.warmupJobs)} untimed` : ''}`,
    ]),
  ];
  const warmup = phase(r.pipeline, 'warmup');
  if (warmup) {
    rows.push([
      'pipeline warm-up, full speed (before anything is timed)',
      `${int(warmup.postsPerSecond)} posts/s`,
      'not judged',
      `${int(warmup.posts)} posts: compiles the classify thread's code`,
    ]);
  }
  if (full) {
    rows.push([
      `pipeline at full speed (collect → notify), ${r.pipeline.classifyThreads > 0 ? `${r.pipeline.classifyThreads} classify thread${r.pipeline.classifyThreads > 1 ? 's' : ''}` : 'classify in main thread'}`,
      `${int(full.postsPerSecond)} posts/s`,
      `≥ ${dec(GOALS.pipelineRatio, 1)}× best bare`,
      `${dec(r.pipeline.ratioToBare)}× best bare: ${mark(r.goals.pipelineRatio)}`,
    ]);
  }
  rows.push([
    'classify chain alone, one core',
    `${int(r.classify.postsPerSecond)} posts/s`,
    `≥ ${int(GOALS.classifyPostsPerSecond)}`,
    `${mark(r.goals.classify)} (${int(r.classify.postsPerCpuSecond)} per CPU-second)`,
  ]);
  if (paced) {
    // The load is the rate posts were released at; posts over the phase's wall time is lower
    // whenever a backlog had to drain after the last release (a load above the capacity).
    const offered = paced.offeredPostsPerSecond ?? paced.postsPerSecond;
    const ofFull = full && full.postsPerSecond > 0 ? `, ${dec(offered / full.postsPerSecond)}× full speed` : '';
    const goalLoad = atGoalLoad(paced, r.bare);
    const growing = !sustained(paced, full) ? '; released faster than full speed, so the queue grows for as long as the load lasts' : '';
    rows.push([
      `latency p50 / p99 / max, ${int(offered)} posts/s released${ofFull}`,
      latencyCell(paced),
      goalLoad ? `p99 ≤ ${int(GOALS.p99LatencyMs)} ms` : 'below goal load',
      `${goalLoad ? mark(r.goals.p99Latency) : 'for information'} (${int(paced.latency.samples)} notifications; drained at ${int(paced.postsPerSecond)} posts/s${growing})`,
    ]);
  }
  if (full) rows.push(['latency p50 / p99 / max at full speed', latencyCell(full), 'for information', `${int(full.latency.samples)} notifications`]);
  rows.push(['peak RSS of the daemon', mb(r.pipeline.peakRssBytes), `≤ ${mb(GOALS.peakRssBytes)}`, `${mark(r.goals.peakRss)} (${mb(r.pipeline.readyRssBytes)} when ready)`]);
  rows.push(['Redis memory per retained post', `${int(r.memory.perPostBytes)} bytes`, '', `${int(r.memory.bytes / 1024 / 1024)} MB for ${int(r.memory.posts)} posts`]);
  rows.push(['start, spawn → workers running', ms(r.pipeline.startMs), `≤ ${ms(GOALS.startMs)}`, mark(r.goals.start)]);
  if (full) {
    const pp = perPost(full);
    rows.push([
      'Redis round trips per post (full speed)',
      dec(pp.roundTrips, 3),
      '',
      `commands: ${dec(pp.commands, 2)} sent, ${dec(pp.server, 1)} run by Redis`,
    ]);
  }
  const bare = r.bare;
  rows.push([
    `Redis round trips per post (bare BullMQ${bare.processes > 1 ? ', producer process only' : ''})`,
    dec(bare.redis.roundTrips / bare.jobs, 3),
    '',
    `commands: ${dec(bare.redis.commands / bare.jobs, 2)} sent, ${dec(bare.serverCommands / bare.jobs, 1)} run by Redis`,
  ]);
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((row) => row[c]?.length ?? 0)));
  const line = (row: string[]) => row.map((cell, c) => (c < 3 ? cell.padEnd(widths[c] as number) : cell)).join('  ').trimEnd();
  const out = [
    `Vigie benchmark · ${r.machine.cpus} cores (load ${dec(r.machine.loadAverage, 1)} at start, ${dec(r.machine.loadAverageAtEnd, 1)} at end) · Node ${r.machine.node} · Redis ${r.machine.redis} · ${r.machine.date}` +
      (r.machine.daemonFlags ? ` · daemon run with ${r.machine.daemonFlags}` : '') +
      (r.machine.mallocArenaMax === null ? " · daemon with glibc's default malloc arenas" : ` · daemon with MALLOC_ARENA_MAX=${r.machine.mallocArenaMax}`),
    '',
    line(rows[0] as string[]),
    line(widths.map((w) => '─'.repeat(w)).concat('')),
    ...rows.slice(1).map(line),
  ];
  const timedPhases = [paced, full].filter((p): p is PhaseResult => p !== undefined && p.latency.samples > 0);
  if (timedPhases.length > 0) {
    const parts: [string, 'toEvaluation' | 'evaluation' | 'toChannel'][] = [
      ['page queued → its brand evaluation starts', 'toEvaluation'],
      ['evaluation starts → notification queued', 'evaluation'],
      ['notification queued → handed to the channel', 'toChannel'],
    ];
    const table: string[][] = [
      ['latency, p50 / p99 of each part', ...timedPhases.map((p) => (p.name === 'paced' ? (atGoalLoad(p, r.bare) ? 'at the goal load' : 'paced') : 'at full speed'))],
      ...parts.map(([label, key]) => [label, ...timedPhases.map((p) => `${int(p.latency.parts[key].p50)} / ${int(p.latency.parts[key].p99)} ms`)]),
    ];
    const w = table[0]?.map((_, c) => Math.max(...table.map((row) => row[c]?.length ?? 0))) ?? [];
    out.push('', ...table.map((row) => row.map((cell, c) => cell.padEnd(w[c] ?? 0)).join('  ').trimEnd()));
  }
  if (full) {
    out.push(
      '',
      `full speed: ${int(full.posts)} posts in ${dec(full.wallMs / 1000, 1)} s, ${int(full.classifyJobs)} classify jobs, ` +
        `${int(full.evaluations)} evaluations, ${int(full.notifications.sent)} notifications,`,
      `  daemon CPU ${dec(full.cpuMs / full.wallMs, 2)} cores (${int((1000 * full.cpuMs) / full.posts)} µs per post), ` +
        `Redis CPU ${dec(full.serverCpuMs / full.wallMs, 2)} cores (${int((1000 * full.serverCpuMs) / full.posts)} µs per post)`,
      `bare BullMQ (best): ${int((1000 * r.bare.cpuMs) / r.bare.jobs)} µs of CPU per job in the producer's process, ${int((1000 * r.bare.serverCpuMs) / r.bare.jobs)} µs in Redis`,
      'round trips per post at full speed, by kind:',
      ...wrap(topKinds(full.redis.byKind, full.posts), 96).map((l) => `  ${l}`),
    );
  }
  for (const p of r.profile ?? []) {
    out.push('', `daemon profile, ${p.thread === 'main' ? 'main thread (collect, evaluate, notify)' : `${p.thread} (classify)`}, top self time:`);
    for (const f of p.top) out.push(`  ${(100 * f.share).toFixed(1).padStart(5)}%  ${int(f.selfMs).padStart(7)} ms  ${f.name}  ${f.where}`);
  }
  return out.join('\n');
}

/** Splits a comma-separated list into lines of at most `width` characters. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const part of text.split(', ')) {
    const next = line ? `${line}, ${part}` : part;
    if (next.length > width && line) {
      lines.push(`${line},`);
      line = part;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

function topKinds(byKind: Record<string, number>, posts: number): string {
  return Object.entries(byKind)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([k, n]) => `${k} ${dec(n / posts, 3)}`)
    .join(', ');
}

/** The machine-readable line. */
export function jsonLine(r: BenchReport): string {
  return JSON.stringify({ bench: 'vigie', ...r });
}
