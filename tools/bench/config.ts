/**
 * The configuration the benchmark runs the daemon with: the six bench brands written the way the
 * generated posts write them; the rules config/vigie.yaml ships (what a user runs: the statistical
 * rules read each brand's week of hours at every evaluation) and a latency probe; one JSONL
 * channel that receives every notification (a real channel: the file is appended to, line by line).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig } from '../../src/configure.js';
import { packageRoot } from '../../src/package-root.js';
import type { VigieConfig } from '../../src/config/load.js';
import type { PipelineTask } from './protocol.js';
import { BENCH_BRANDS, spellingsOf, type DemoBrand } from '../demo/scenario.js';

export interface BenchConfigOptions {
  redisUrl: string;
  /** Key prefix of this run; everything under it is removed at the end. */
  prefix: string;
  /** The JSONL file the bench channel appends notifications to. */
  alertsFile: string;
  /** The scenario the replay source reads. */
  scenarioFile: string;
  /** The brands watched; the bench's six by default. */
  brands?: readonly DemoBrand[];
  /** Whether to add the latency probe to the shipped rules. @default true */
  latencyProbe?: boolean;
}

/**
 * Why the alerting section looks the way it does:
 * - `groupWait: 0s`: a firing is handed to the channel by the evaluation that saw it, so the
 *   latency measured is the pipeline's, not a configured wait.
 * - `latency-probe` fires for every brand as soon as it has 50 posts in 5 minutes (ordinary chatter
 *   does), and `repeatInterval: 5m` (event time) makes each open incident notify again once five
 *   minutes of the scenario have passed: several hundred notifications spread over the whole run,
 *   instead of a handful when the waves start. Each is a real notification through the notify
 *   queue and the JSONL channel.
 * - `inhibit: false`: otherwise a critical wave incident would hold back the probe's notifications.
 */
export function benchConfigYaml(o: BenchConfigOptions): string {
  const brands = (o.brands ?? BENCH_BRANDS).map((b) => {
    const names = [b.displayName, b.zhName];
    const aliases = spellingsOf(b).filter((s) => !names.includes(s));
    return `  ${b.id}:\n    names: ${flow(names)}\n    aliases: ${flow(aliases)}\n    terms:\n      boycott: ${flow([`抵制${b.zhName}`, `Boycott${b.tag}`])}`;
  });
  return `redis:
  url: ${JSON.stringify(o.redisUrl)}
  prefix: ${JSON.stringify(o.prefix)}
languages: [cmn, eng, fra]
brands:
${brands.join('\n')}
sources:
  replay:
    type: replay
    path: ${JSON.stringify(o.scenarioFile)}
    batch: 2000
${shippedRules()}${o.latencyProbe === false ? '' : LATENCY_PROBE}
channels:
  bench-log:
    type: jsonl
    path: ${JSON.stringify(o.alertsFile)}
routes:
  - channels: [bench-log]
alerting:
  groupWait: 0s
  repeatInterval: 5m
  resolveAfter: 30m
  inhibit: false
http:
  enabled: false
`;
}

export function benchConfig(o: BenchConfigOptions): VigieConfig {
  return parseConfig(benchConfigYaml(o), 'bench.yaml', {});
}

/** The configuration of the daemon under load. */
export function pipelineConfig(task: PipelineTask): VigieConfig {
  return benchConfig({ redisUrl: task.redisUrl, prefix: task.prefix, alertsFile: task.alertsFile, scenarioFile: task.scenario.path });
}

/** The rules section of config/vigie.yaml as it ships, comments included. */
export function shippedRules(): string {
  const text = readFileSync(join(packageRoot(import.meta.url), 'config', 'vigie.yaml'), 'utf8');
  const section = /^rules:\n(?:(?:[ #].*)?\n)*/m.exec(text);
  if (!section) throw new Error('config/vigie.yaml: no rules section');
  return section[0].trimEnd();
}

const LATENCY_PROBE = `
  latency-probe:
    type: threshold
    metric: posts
    window: 5m
    above: 50
    severity: info`;

function flow(items: readonly string[]): string {
  return `[${items.map((s) => JSON.stringify(s)).join(', ')}]`;
}
