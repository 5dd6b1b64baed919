import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';

type Section = Record<string, unknown>;

/** What a fault test's config says beyond its Redis, as plain data. */
export interface FaultConfigSections {
  http?: Section;
  brands?: Record<string, Section>;
  sources?: Record<string, Section>;
  rules?: Record<string, Section>;
  channels?: Record<string, Section>;
  routes?: Section[];
  alerting?: Section;
  shutdown?: Section;
}

/** The brand every fault test watches. */
export const AURORE = { aurore: { names: ['Maison Aurore', 'Aurore'] } };

/** Polls every second: the fault tests run in real time. */
export const EVERY_SECOND = '* * * * * *';

/**
 * Writes `<name>.yaml` in `dir` for a `vigie` process under fault, and returns its path: its Redis
 * and prefix, HTTP off and the brand Maison Aurore unless given, then every section given.
 */
export function writeFaultConfig(dir: string, name: string, o: { redisUrl: string; prefix: string } & FaultConfigSections): string {
  const { redisUrl, prefix, ...sections } = o;
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, stringify({ redis: { url: redisUrl, prefix }, http: { enabled: false }, brands: AURORE, ...sections }));
  return file;
}

/**
 * The rules given, every alert to every channel given at once (no group wait), an incident
 * resolved after `resolveAfter` of calm.
 */
export function alertAtOnce(rules: Record<string, Section>, channels: Record<string, Section>, resolveAfter = '1h'): FaultConfigSections {
  return { rules, channels, routes: [{ channels: Object.keys(channels) }], alerting: { groupWait: '0s', resolveAfter } };
}
