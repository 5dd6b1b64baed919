/**
 * Runs a backtest suite: each scenario replayed through the real pipeline (runReplay, the code
 * path of `vigie replay`) under its own key prefix, with the brands of the scenario and the rules,
 * routes and alerting of the config under test, and, beside it, of a baseline config. Notifications
 * are captured from the replay's own alerts file; the configured channels are never used unless
 * asked (`liveChannels`).
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import type { Logger } from 'pino';
import { parse, parseDocument } from 'yaml';
import type { VigieConfig } from '../config/load.js';
import { parseConfig } from '../configure.js';
import { connect } from '../redis.js';
import { cleanPrefixKeys } from '../clean-prefix.js';
import { runReplay } from '../replay.js';
import { ExpectationError, loadExpectation, type Expectation } from './backtest-expect.js';
import { describeEvidence, waveEvidence, type EvidenceAsk } from './backtest-evidence.js';
import { firstAlertLate, judgeScenario, perBrandWeek, type Notified, type ScenarioVerdict } from './backtest-judge.js';

/** One scenario of a suite: its expectation and where its files are. */
export interface SuiteScenario {
  expectation: Expectation;
  expectFile: string;
  posts: string;
  config: string;
}

/** The rules one run judges: the config under test, or the baseline. */
export interface RulesUnderTest {
  /** `current` or `baseline`. */
  label: string;
  file: string;
  text: string;
}

export interface ScenarioRun extends ScenarioVerdict {
  posts: number;
  /** Wall time of the replay, for people (the machine may be loaded). */
  wallMs: number;
  notifications: number;
}

export interface RulesRun {
  label: string;
  config: string;
  scenarios: ScenarioRun[];
  /** False alarms per seven brand-days of calm, pooled over every brand of every scenario. */
  calm: { falseAlarms: number; brandDays: number; perBrandWeek: number | null };
  passed: number;
  failed: number;
}

export interface BacktestProgress {
  index: number;
  total: number;
  scenario: string;
  label: string;
  eventPct: number;
  done?: ScenarioRun;
}

export interface BacktestOptions {
  scenarios: SuiteScenario[];
  rules: RulesUnderTest[];
  log: Logger;
  /** Keep each scenario's notifications here (NAME.LABEL.alerts.jsonl); a temporary folder otherwise. */
  alertsDir?: string;
  liveChannels?: boolean;
  progress?(p: BacktestProgress): void;
  signal?: AbortSignal;
}

/** Finds the scenarios of a suite folder (every NAME.expect.yaml) and checks their files. */
export async function loadSuite(dir: string, only?: string[]): Promise<SuiteScenario[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((f) => f.endsWith('.expect.yaml')).sort();
  } catch (err) {
    throw new ExpectationError(`${dir}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such folder' : (err as Error).message}`);
  }
  if (names.length === 0) throw new ExpectationError(`${dir}: no scenario (NAME.expect.yaml) in this folder; generate a suite with npm run scenarios -- --out ${dir}`);
  const out: SuiteScenario[] = [];
  for (const name of names) {
    const expectFile = join(dir, name);
    const expectation = await loadExpectation(expectFile);
    if (only && !only.includes(expectation.scenario)) continue;
    const posts = resolve(dirname(expectFile), expectation.posts ?? `${expectation.scenario}.jsonl`);
    const config = resolve(dirname(expectFile), expectation.config ?? `${expectation.scenario}.config.yaml`);
    for (const [what, file] of [['posts', posts], ['config', config]] as const) {
      if (!existsSync(file)) throw new ExpectationError(`${expectFile}: its ${what} file ${basename(file)} is missing`);
    }
    out.push({ expectation, expectFile, posts, config });
  }
  if (only) {
    const missing = only.filter((n) => !out.some((s) => s.expectation.scenario === n));
    if (missing.length > 0) throw new ExpectationError(`${dir}: no scenario named ${missing.join(', ')}`);
  }
  return out;
}

/**
 * The config a scenario runs with: the rules under test (everything in that file) with the
 * scenario's brands (and languages, if it names them) and no collectors.
 */
export async function composeConfig(rules: RulesUnderTest, scenarioConfig: string): Promise<VigieConfig> {
  const scenario = parse(await readFile(scenarioConfig, 'utf8')) as { brands?: unknown; languages?: unknown } | null;
  if (!scenario || typeof scenario.brands !== 'object' || scenario.brands === null) {
    throw new ExpectationError(`${scenarioConfig}: no brands in this config`);
  }
  const doc = parseDocument(rules.text);
  doc.set('brands', doc.createNode(scenario.brands));
  if (scenario.languages) doc.set('languages', doc.createNode(scenario.languages));
  doc.set('sources', doc.createNode({}));
  return parseConfig(doc.toString(), `${rules.file} (brands from ${basename(scenarioConfig)})`);
}

export async function runBacktest(o: BacktestOptions): Promise<RulesRun[]> {
  const runId = randomBytes(3).toString('hex');
  const tmp = o.alertsDir ?? (await mkdtemp(join(tmpdir(), 'vigie-backtest-')));
  if (o.alertsDir) await mkdir(o.alertsDir, { recursive: true });
  const runs: RulesRun[] = o.rules.map((r) => ({ label: r.label, config: r.file, scenarios: [], calm: { falseAlarms: 0, brandDays: 0, perBrandWeek: null }, passed: 0, failed: 0 }));
  const total = o.scenarios.length * o.rules.length;
  let index = 0;
  try {
    for (const s of o.scenarios) {
      for (const [r, rules] of o.rules.entries()) {
        if (o.signal?.aborted) return runs;
        index += 1;
        const config = await composeConfig(rules, s.config);
        const alertsOut = join(tmp, `${s.expectation.scenario}.${rules.label}.alerts.jsonl`);
        await rm(alertsOut, { force: true });
        const prefix = `${config.redis.prefix}:backtest:${runId}:${rules.label}:${s.expectation.scenario}`;
        const started = Date.now();
        const at = { index, total, scenario: s.expectation.scenario, label: rules.label };
        let result;
        try {
          result = await runReplay({
            config,
            file: s.posts,
            speed: Infinity,
            alertsOut,
            liveChannels: o.liveChannels,
            terminal: false,
            prefix,
            fresh: true,
            log: o.log,
            signal: o.signal,
            progress: (p) => o.progress?.({ ...at, eventPct: Math.min(100, (100 * (p.eventTime - p.start)) / Math.max(1, p.end - p.start)) }),
          });
        } finally {
          const redis = connect(config.redis.url);
          await cleanPrefixKeys(redis, prefix).finally(() => redis.quit());
        }
        if (result.interrupted) return runs;
        const notified = await readNotified(alertsOut);
        const run: ScenarioRun = { ...judgeScenario(s.expectation, notified), posts: result.posts, wallMs: Date.now() - started, notifications: notified.length };
        await explainLateAlerts(run, s, config);
        const target = runs[r] as RulesRun;
        target.scenarios.push(run);
        if (run.pass) target.passed += 1;
        else target.failed += 1;
        o.progress?.({ ...at, eventPct: 100, done: run });
      }
    }
  } finally {
    if (!o.alertsDir) await rm(tmp, { recursive: true, force: true });
  }
  for (const run of runs) {
    const brands = run.scenarios.flatMap((s) => s.brands);
    const rate = perBrandWeek(brands);
    run.calm = { falseAlarms: brands.reduce((n, b) => n + b.falseAlarms, 0), brandDays: brands.reduce((n, b) => n + b.calmDays, 0), perBrandWeek: rate ?? null };
  }
  return runs;
}

/**
 * A first alert that came late, or never: says beside it what the wave had produced by the
 * deadline, so that a rule that waited can be told from a wave that had not spoken yet.
 */
async function explainLateAlerts(run: ScenarioRun, s: SuiteScenario, config: VigieConfig): Promise<void> {
  const late = run.brands.filter((v) => {
    const b = s.expectation.brands[v.brand];
    return b !== undefined && firstAlertLate(v, b);
  });
  if (late.length === 0) return;
  // A crisis is told by its serious posts; a slow burn or a big account's post by negative ones.
  const kind = s.expectation.kind === 'crisis' ? 'crisis' : 'negative';
  const asks: EvidenceAsk[] = late.map((v) => {
    const b = s.expectation.brands[v.brand] as Expectation['brands'][string];
    const from = Date.parse(b.waveStart as string);
    return { brand: v.brand, kind, from, to: from + (b.alertWithin as number) };
  });
  const found = await waveEvidence(s.posts, { brands: config.brands, languages: config.languages }, asks);
  for (const [i, v] of late.entries()) {
    const e = found[i];
    if (!e) continue;
    const what = describeEvidence(e, kind);
    v.byDeadline = { ...e, what };
    v.failures = v.failures.map((f) => (f.startsWith('first alert') || f.startsWith('no alert') ? f.replace(/\)$/, `; by then ${what} collected)`) : f));
  }
}

/** The replay's alerts file, as notifications in event-time order (none when it was never written). */
async function readNotified(file: string): Promise<Notified[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const out: Notified[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const n = JSON.parse(line) as { at: string; kind: string; incident: { id: string; brand: string; rule: string; severity: Notified['severity'] } };
    out.push({ at: Date.parse(n.at), kind: n.kind, incident: n.incident.id, brand: n.incident.brand, rule: n.incident.rule, severity: n.incident.severity });
  }
  return out.sort((a, b) => a.at - b.at);
}
