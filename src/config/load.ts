import { open } from 'node:fs/promises';
import cron from 'node-cron';
import { LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { ConfigError, type ConfigProblem } from '../errors.js';
import { unreadableFile } from '../file-errors.js';
import { MIN_TOKEN_LENGTH, weakTokenMessage } from './token-strength.js';
import { interpolate, SECRET_KEY, WHOLE_REFERENCE } from './env.js';
import { accountKey, configSchema, type BrandConfig, type RawConfig } from './schema.js';
import { plainError, tidyProblems, zodProblems, type LineOf } from './problems.js';
import type { z } from 'zod';

/**
 * What the loader needs to know about the plug-ins: the option schema of each `type:`. It is handed
 * in (src/configure.ts binds the registries) so that config stays below the plug-ins that read it.
 */
export interface PluginCatalog {
  sources: ReadonlyMap<string, { readonly options: z.ZodType }>;
  rules: ReadonlyMap<string, { readonly options: z.ZodType }>;
  channels: ReadonlyMap<string, { readonly options: z.ZodType }>;
}

/** A plug-in entry (source, rule, channel) after validation: `options` went through its spec's schema. */
export interface PluginEntry<Extra = object> {
  id: string;
  type: string;
  options: unknown;
  /** Line in the file, for messages about it later. */
  line?: number;
  extra: Extra;
}

export interface SourceEntry extends PluginEntry<{ schedule?: string; enabled: boolean; brands?: string[] }> {}
export interface RuleEntry extends PluginEntry<{ severity: RawConfig['rules'][string]['severity']; brands?: string[] }> {}
export type ChannelEntry = PluginEntry;

/** The configuration as the program uses it. */
export interface VigieConfig {
  file: string;
  redis: RawConfig['redis'];
  languages: string[];
  brands: BrandConfig[];
  sources: SourceEntry[];
  rules: RuleEntry[];
  channels: ChannelEntry[];
  routes: RawConfig['routes'];
  escalation: RawConfig['escalation'];
  alerting: RawConfig['alerting'];
  http: RawConfig['http'];
  shutdown: RawConfig['shutdown'];
  workers: RawConfig['workers'];
}

/**
 * Largest configuration file read. Hundreds of brands with their keywords fit in a few hundred
 * KiB; a 50 MB file took seconds to parse and stalled a running daemon that reloaded it.
 */
export const MAX_CONFIG_BYTES = 1 << 20;

/** Reads and checks a config file; src/configure.ts's `loadConfig` binds the plug-in catalog. */
export async function loadConfigWith(catalog: PluginCatalog, file: string, env: NodeJS.ProcessEnv = process.env): Promise<VigieConfig> {
  return parseConfigWith(catalog, await readConfigFile(file), file, env);
}

/** The file's text, refused past MAX_CONFIG_BYTES before it is read, with a ConfigError that says so. */
export async function readConfigFile(file: string): Promise<string> {
  try {
    const handle = await open(file, 'r');
    try {
      const { size } = await handle.stat();
      if (size > MAX_CONFIG_BYTES) {
        throw new ConfigError(file, [{ path: '', message: `the file is ${(size / (1 << 20)).toFixed(1)} MiB: at most ${MAX_CONFIG_BYTES >> 20} MiB is read (is this the right file?)` }]);
      }
      // Read at most one byte past the limit: a file growing while we read is refused too.
      const buf = Buffer.alloc(Math.min(size, MAX_CONFIG_BYTES) + 1);
      const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
      if (bytesRead > MAX_CONFIG_BYTES) throw new ConfigError(file, [{ path: '', message: `the file is larger than ${MAX_CONFIG_BYTES >> 20} MiB` }]);
      return buf.subarray(0, bytesRead).toString('utf8');
    } finally {
      await handle.close();
    }
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new ConfigError(file, [{ path: '', message: unreadableFile(file, err) }]);
  }
}

/** Parses, resolves `${VAR}` references, validates; collects every problem before refusing. */
export function parseConfigWith(catalog: PluginCatalog, text: string, file: string, env: NodeJS.ProcessEnv = process.env): VigieConfig {
  const { config, problems } = analyseConfigWith(catalog, text, file, env);
  if (!config || problems.length > 0) throw new ConfigError(file, problems);
  return config;
}

/** What a check of the file found: every problem, in file order, and the parts that are valid. */
export interface ConfigAnalysis {
  /** Built from the valid parts (a plug-in whose options are wrong is left out); none if unreadable. */
  config?: VigieConfig;
  problems: ConfigProblem[];
}

/**
 * Every problem of the file in one pass: YAML, references, each section and each plug-in's options
 * on their own (one wrong section does not hide the others), and the references between them.
 */
export function analyseConfigWith(catalog: PluginCatalog, text: string, file: string, env: NodeJS.ProcessEnv = process.env): ConfigAnalysis {
  const lines = new LineCounter();
  // logLevel 'error': yaml's warnings (a key written as a list, "set mapAsMap") would go to stderr
  // as Node warnings; what they are about is reported below as a problem of the file.
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, logLevel: 'error' });
  const lineOf = (path: readonly (string | number)[]): number | undefined => nodeLine(doc, lines, path);

  const problems: ConfigProblem[] = doc.errors.map((e) => ({
    path: '',
    message: `YAML syntax: ${e.message.split('\n')[0]}`,
    line: e.linePos?.[0]?.line ?? lines.linePos(e.pos[0]).line,
  }));
  if (problems.length > 0) return { problems };

  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    // yaml refuses alias bombs ("excessive alias count").
    return { problems: [{ path: '', message: `YAML aliases: ${(err as Error).message}; write the values out instead` }] };
  }
  if (isCircular(raw)) {
    return { problems: [{ path: '', message: 'YAML aliases: an alias refers to itself (a: &x [*x]); write the values out instead' }] };
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { problems: [{ path: '', message: 'expected a map of settings (brands, sources, rules, ...)' }] };
  }
  const resolved = resolveReferences(raw, [], env, problems, lineOf) as Record<string, unknown>;
  const parsed = parseSections(resolved, problems, lineOf);
  const config = build(parsed, resolved, file, catalog, problems, lineOf);
  return { config, problems: tidyProblems(problems) };
}

type Sections = typeof configSchema.shape;

/** Each top-level section on its own; a section that is wrong falls back to its default (or empty). */
function parseSections(resolved: Record<string, unknown>, problems: ConfigProblem[], lineOf: LineOf): RawConfig {
  const shape: Sections = configSchema.shape;
  for (const key of Object.keys(resolved)) {
    if (!(key in shape)) problems.push({ path: key, message: `unknown section "${key}" (known: ${Object.keys(shape).join(', ')})`, line: lineOf([key]) });
  }
  const out: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(shape) as [keyof Sections, Sections[keyof Sections]][]) {
    const result = schema.safeParse(resolved[key], { error: plainError });
    if (result.success) {
      out[key] = result.data;
      continue;
    }
    problems.push(...zodProblems(result.error, [key], lineOf));
    out[key] = isRecordSection(key) ? validEntries(key, resolved[key]) : (schema.safeParse(undefined).data ?? {});
  }
  return out as RawConfig;
}

const RECORD_SECTIONS = ['brands', 'sources', 'rules', 'channels', 'escalation'] as const;
function isRecordSection(key: string): key is (typeof RECORD_SECTIONS)[number] {
  return (RECORD_SECTIONS as readonly string[]).includes(key);
}

/** The entries of a map section that are valid on their own, so that their checks still run. */
function validEntries(key: (typeof RECORD_SECTIONS)[number], value: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return out;
  for (const [id, v] of Object.entries(value)) {
    const one = configSchema.shape[key].safeParse({ [id]: v });
    if (one.success) Object.assign(out, one.data);
  }
  return out;
}

/** Whether a value contains itself (yaml builds such values from self-referencing aliases). */
function isCircular(value: unknown, open = new Set<object>()): boolean {
  if (value === null || typeof value !== 'object') return false;
  if (open.has(value)) return true;
  open.add(value);
  for (const v of Object.values(value)) if (isCircular(v, open)) return true;
  open.delete(value);
  return false;
}

function nodeLine(doc: Document, lines: LineCounter, path: readonly (string | number)[]): number | undefined {
  // The deepest node that exists along the path: a missing key is reported at its parent.
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true) as Node | undefined;
    if (node && typeof node === 'object' && 'range' in node && node.range) return lines.linePos(node.range[0]).line;
    if (n === 0) {
      const contents = doc.contents;
      if (contents?.range) return lines.linePos(contents.range[0]).line;
    }
  }
  return undefined;
}

/** Replaces `${VAR}` in every string; refuses secrets written literally. */
function resolveReferences(
  value: unknown,
  path: (string | number)[],
  env: NodeJS.ProcessEnv,
  problems: ConfigProblem[],
  lineOf: LineOf,
): unknown {
  if (typeof value === 'string') {
    const key = path[path.length - 1];
    const r = interpolate(value, env);
    const where = { path: path.join('.'), line: lineOf(path) };
    for (const name of r.missing) {
      problems.push({ ...where, message: `environment variable ${name} is not set (write \${${name}:-default} for a default)` });
    }
    if (typeof key === 'string' && SECRET_KEY.test(key) && value !== '' && !WHOLE_REFERENCE.test(value.trim())) {
      problems.push({
        ...where,
        message: r.referenced
          ? 'a secret must be exactly one ${ENV_VAR}: no default value and no text around it (a default or a suffix would put the secret in the file)'
          : 'a secret must come from the environment: write ${ENV_VAR}, not the value',
      });
    }
    return r.value;
  }
  if (Array.isArray(value)) return value.map((v, i) => resolveReferences(v, [...path, i], env, problems, lineOf));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = resolveReferences(v, [...path, k], env, problems, lineOf);
    return out;
  }
  return value;
}

const COMMON_KEYS = {
  sources: ['type', 'schedule', 'enabled', 'brands'],
  rules: ['type', 'severity', 'brands', 'description'],
  channels: ['type'],
} as const;

/** Ids written in a map section of the file, valid or not: a reference to one is not "unknown". */
function idsIn(resolved: Record<string, unknown>, key: string): Set<string> {
  const v = resolved[key];
  return new Set(v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v) : []);
}

function build(raw: RawConfig, resolved: Record<string, unknown>, file: string, catalog: PluginCatalog, problems: ConfigProblem[], lineOf: LineOf): VigieConfig {
  const brands: BrandConfig[] = Object.entries(raw.brands).map(([id, b]) => ({ id, ...b }));
  const brandIds = idsIn(resolved, 'brands');
  // One account speaks for one brand: the same handle under two brands would make one's apology the other's voice.
  const owners = new Map<string, string>();
  for (const b of brands) {
    for (const [platform, handles] of Object.entries(b.accounts ?? {})) {
      (handles ?? []).forEach((h, i) => {
        const key = `${platform}:${accountKey(h)}`;
        const path = ['brands', b.id, 'accounts', platform, i];
        const owner = owners.get(key);
        if (owner && owner !== b.id) problems.push({ path: path.join('.'), message: `account "${h}" on ${platform} is already listed for brand "${owner}"`, line: lineOf(path) });
        else if (!accountKey(h)) problems.push({ path: path.join('.'), message: 'an account handle cannot be only "@"', line: lineOf(path) });
        owners.set(key, b.id);
      });
    }
  }

  const checkBrands = (list: string[] | undefined, path: (string | number)[]) => {
    list?.forEach((b, i) => {
      if (!brandIds.has(b)) problems.push({ path: [...path, i].join('.'), message: `unknown brand "${b}"`, line: lineOf([...path, i]) });
    });
  };

  const plugins = <K extends keyof typeof COMMON_KEYS>(kind: K) => {
    const registry = catalog[kind];
    return Object.entries(raw[kind]).map(([id, entry]) => {
      const path = [kind, id];
      const spec = registry.get(entry.type);
      const rest: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(entry)) if (!(COMMON_KEYS[kind] as readonly string[]).includes(k)) rest[k] = v;
      let options: unknown = rest;
      let valid = false;
      if (!spec) {
        problems.push({
          path: [...path, 'type'].join('.'),
          message: `unknown ${kind.slice(0, -1)} type "${entry.type}" (known: ${[...registry.keys()].join(', ')})`,
          line: lineOf([...path, 'type']),
        });
      } else {
        const result = spec.options.safeParse(rest, { error: plainError });
        if (result.success) {
          options = result.data;
          valid = true;
        } else problems.push(...zodProblems(result.error, path, lineOf));
      }
      return { id, type: entry.type, options, line: lineOf(path), entry, valid };
    });
  };

  // Entries whose options are wrong are reported above and left out, so later checks (building the
  // plug-ins) run on the valid ones only.
  const sources = plugins('sources')
    .map(({ entry, ...p }) => {
      const s = entry as RawConfig['sources'][string];
      checkBrands(s.brands, ['sources', p.id, 'brands']);
      if (s.schedule !== undefined && !isCron(s.schedule)) {
        problems.push({ path: `sources.${p.id}.schedule`, message: `"${s.schedule}" is not a cron expression (e.g. "*/5 * * * *")`, line: lineOf(['sources', p.id, 'schedule']) });
      }
      return { ...p, extra: { schedule: s.schedule, enabled: s.enabled, brands: s.brands } };
    })
    .filter((p) => p.valid)
    .map(({ valid: _v, ...p }) => p);
  const rules = plugins('rules')
    .map(({ entry, ...p }) => {
      const r = entry as RawConfig['rules'][string];
      checkBrands(r.brands, ['rules', p.id, 'brands']);
      return { ...p, extra: { severity: r.severity, brands: r.brands } };
    })
    .filter((p) => p.valid)
    .map(({ valid: _v, ...p }) => p);
  const channels = plugins('channels').filter((p) => p.valid).map(({ entry: _entry, valid: _v, ...p }) => ({ ...p, extra: {} }));
  const channelIds = idsIn(resolved, 'channels');
  const ruleIds = idsIn(resolved, 'rules');
  const policyIds = idsIn(resolved, 'escalation');

  const checkChannels = (list: string[], path: (string | number)[]) =>
    list.forEach((c, i) => {
      if (!channelIds.has(c)) problems.push({ path: [...path, i].join('.'), message: `unknown channel "${c}" (defined: ${[...channelIds].join(', ') || 'none'})`, line: lineOf([...path, i]) });
    });
  raw.routes.forEach((route, i) => {
    checkChannels(route.channels, ['routes', i, 'channels']);
    checkBrands(route.brands, ['routes', i, 'brands']);
    route.rules?.forEach((r, j) => {
      if (!ruleIds.has(r)) problems.push({ path: `routes.${i}.rules.${j}`, message: `unknown rule "${r}"`, line: lineOf(['routes', i, 'rules', j]) });
    });
    if (route.escalation !== undefined && !policyIds.has(route.escalation)) {
      problems.push({ path: `routes.${i}.escalation`, message: `unknown escalation policy "${route.escalation}"`, line: lineOf(['routes', i, 'escalation']) });
    }
  });
  for (const [id, policy] of Object.entries(raw.escalation)) {
    policy.steps.forEach((step, i) => checkChannels(step.channels, ['escalation', id, 'steps', i, 'channels']));
  }

  const token = raw.http.token?.trim();
  if (token && token.length < MIN_TOKEN_LENGTH) problems.push({ path: 'http.token', message: weakTokenMessage(token.length), line: lineOf(['http', 'token']) });

  return {
    file,
    redis: raw.redis,
    languages: raw.languages,
    brands,
    sources,
    rules,
    channels,
    routes: raw.routes,
    escalation: raw.escalation,
    alerting: raw.alerting,
    http: raw.http,
    shutdown: raw.shutdown,
    workers: raw.workers,
  };
}

function isCron(expr: string): boolean {
  return cron.validate(expr);
}
