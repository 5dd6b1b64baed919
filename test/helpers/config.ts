import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { VigieConfig } from '../../src/config/load.js';
import { parseConfig } from '../../src/configure.js';

/** Top-level sections of a config file, as plain data; `null` removes a section of the base. */
export interface ConfigSections {
  redis?: Record<string, unknown> | null;
  http?: Record<string, unknown> | null;
  languages?: string[] | null;
  brands?: Record<string, Record<string, unknown>> | null;
  sources?: Record<string, Record<string, unknown>> | null;
  rules?: Record<string, Record<string, unknown>> | null;
  channels?: Record<string, Record<string, unknown>> | null;
  routes?: Record<string, unknown>[] | null;
  escalation?: Record<string, unknown> | null;
  alerting?: Record<string, unknown> | null;
  workers?: Record<string, unknown> | null;
}

export interface TestConfigOptions extends ConfigSections {
  /** Redis key prefix: a `uniquePrefix()` per suite. */
  prefix: string;
  /** Where the base's `file` channel writes; a fresh temporary file when not given. */
  alertsFile?: string;
}

/** Brands the pipeline tests share: the scenario's boycott target and a calm one. */
export const TEST_BRANDS = {
  balenciaga: { names: ['Balenciaga', '巴黎世家'] },
  aurore: { names: ['Maison Aurore', 'Aurore', '奥萝尔'] },
};

/**
 * The one test config, as data: two brands, a threshold rule on negative posts, a JSONL channel
 * every alert is routed to, a one-minute group wait. Each section given replaces the base's.
 */
export function testConfigData(o: TestConfigOptions): Record<string, unknown> {
  const { prefix, alertsFile, ...sections } = o;
  const base: Record<string, unknown> = {
    redis: { url: '${REDIS_URL:-redis://127.0.0.1:6379}', prefix },
    brands: TEST_BRANDS,
    rules: { 'negative-surge': { type: 'threshold', metric: 'neg', window: '15m', above: 20, severity: 'critical' } },
    channels: { file: { type: 'jsonl', path: alertsFile ?? join(mkdtempSync(join(tmpdir(), 'vigie-test-')), 'alerts.jsonl') } },
    routes: [{ channels: ['file'] }],
    alerting: { groupWait: '1m', resolveAfter: '30m' },
  };
  for (const [key, value] of Object.entries(sections)) {
    if (value === null) delete base[key];
    else if (value !== undefined) base[key] = value;
  }
  return base;
}

/** The test config as the YAML file ops would write. */
export function configYaml(o: TestConfigOptions): string {
  return stringify(testConfigData(o));
}

/** The test config, loaded and checked as `vigie` loads it. */
export function testConfig(o: TestConfigOptions, env: NodeJS.ProcessEnv = process.env): VigieConfig {
  return parseConfig(configYaml(o), 'test.yaml', env);
}

/** Writes the test config to `vigie.yaml` in a fresh directory (or `dir`), for a `vigie` process; returns its path. */
export function writeTestConfig(o: TestConfigOptions, dir = mkdtempSync(join(tmpdir(), 'vigie-config-'))): string {
  const file = join(dir, 'vigie.yaml');
  writeFileSync(file, configYaml(o));
  return file;
}

/**
 * Every alert to the base's `file` channel; critical ones also escalate through `pr-lead`, one step
 * per delay given (each to `file` again).
 */
export function prLeadEscalation(delays: string[]): Pick<ConfigSections, 'routes' | 'escalation'> {
  return {
    routes: [{ severity: ['critical'], channels: ['file'], escalation: 'pr-lead' }, { channels: ['file'] }],
    escalation: { 'pr-lead': { steps: delays.map((after) => ({ after, channels: ['file'] })) } },
  };
}
