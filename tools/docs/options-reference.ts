import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { configSchema, sourceSchema } from '../../src/config/schema.js';
import { formatDuration } from '../../src/duration.js';
import { packageRoot } from '../../src/package-root.js';
import { sourceRegistry } from '../../src/sources/registry.js';

/**
 * The option tables of docs/sources.md, written from the zod schemas (names, types, whether
 * required, defaults) and the JSDoc comment above each option in the source files (meaning,
 * `@defaultValue`). `npm run docs` rewrites the generated part; a test fails when it is stale.
 */

const SRC = pathToFileURL(join(packageRoot(import.meta.url), 'src') + '/');

/** Comments above `name:` in a TypeScript file, by option name (first one wins). */
function optionComments(file: string): Map<string, string> {
  const text = readFileSync(new URL(file, SRC), 'utf8');
  const out = new Map<string, string>();
  for (const m of text.matchAll(/\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*\n\s*(?:\/\/[^\n]*\n\s*)*(\w+)\s*:/g)) {
    const name = m[2]!;
    if (out.has(name)) continue;
    const comment = m[1]!
      .split('\n')
      .map((l) => l.replace(/^\s*\*\s?/, '').trim())
      .join(' ')
      .replace(/\s+/g, ' ')
      .trim();
    out.set(name, comment);
  }
  return out;
}

interface JsonSchema {
  type?: string | string[];
  items?: JsonSchema;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  pattern?: string;
  format?: string;
}

const DURATION_OPTIONS = /(timeout|interval|backoff|after|backfill|retryBackoff)$/i;

function typeOf(s: JsonSchema, name: string): string {
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(' \\| ');
  if (s.anyOf) return [...new Set(s.anyOf.map((a) => typeOf(a, name)))].join(' or ');
  if (s.type === 'array') return `list of ${s.items ? typeOf(s.items, name) : 'values'}`;
  if (s.type === 'integer' || s.type === 'number') {
    // zod writes "no maximum" as the largest safe integer.
    const max = s.maximum !== undefined && s.maximum < Number.MAX_SAFE_INTEGER ? s.maximum : undefined;
    const min = s.minimum !== undefined && s.minimum > Number.MIN_SAFE_INTEGER ? s.minimum : undefined;
    const range = min !== undefined && max !== undefined ? ` ${min}–${max}` : min !== undefined ? ` ≥ ${min}` : '';
    return `${s.type === 'integer' ? 'whole number' : 'number'}${range}`;
  }
  if (s.type === 'string' && DURATION_OPTIONS.test(name)) return 'duration (`30s`, `15m`, `4h`, `7d`)';
  if (s.type === 'string' && s.format === 'uri') return 'URL';
  if (s.type === 'boolean') return '`true` / `false`';
  if (s.type === 'string') return 'text';
  return 'value';
}

function defaultOf(s: JsonSchema, name: string, comment: string | undefined): string | undefined {
  const written = comment?.match(/@default(?:Value)?\s+(.+?)\s*$/)?.[1];
  if (written) return written;
  if (s.default === undefined) return undefined;
  if (typeof s.default === 'number' && DURATION_OPTIONS.test(name)) return formatDuration(s.default);
  return typeof s.default === 'string' ? s.default : JSON.stringify(s.default);
}

/** Markdown-safe one line. */
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function table(schema: z.ZodType, comments: Map<string, string>, skip: readonly string[] = []): string {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const required = new Set(json.required ?? []);
  const rows = Object.entries(json.properties ?? {})
    .filter(([name]) => !skip.includes(name))
    .map(([name, s]) => {
      const comment = comments.get(name);
      const meaning = (comment ?? '').replace(/@default(?:Value)?\s+.+$/, '').trim();
      const dflt = defaultOf(s, name, comment);
      const when = required.has(name) && dflt === undefined ? '**required**' : dflt === undefined ? '—' : `\`${dflt}\``;
      return `| \`${name}\` | ${cell(typeOf(s, name))} | ${cell(when)} | ${cell(meaning || '—')} |`;
    });
  return ['| option | type | default | meaning |', '|---|---|---|---|', ...rows].join('\n');
}

/** Options every HTTP source takes (src/sources/options.ts), documented once. */
const COMMON = ['timeout', 'maxBytes', 'userAgent', 'retries', 'retryBackoff', 'proxy', 'failAfter', 'silentAfter'] as const;

/** The generated part of docs/sources.md. */
export function sourcesReference(): string {
  const parts: string[] = [];
  const schemaComments = optionComments('config/schema.ts');
  parts.push('### Keys of every source\n');
  parts.push(table(sourceSchema, schemaComments));
  parts.push('\n### Options of every HTTP source (weibo, wechat, twitter, feed)\n');
  const weibo = sourceRegistry.get('weibo')!;
  parts.push(table(pickShape(weibo.options, COMMON), optionComments('sources/options.ts')));
  for (const [type, spec] of sourceRegistry) {
    parts.push(`\n### \`type: ${type}\`\n\n${spec.description}\n`);
    const own = type === 'replay' ? spec.options : omitShape(spec.options, COMMON);
    parts.push(table(own, optionComments(`sources/${type}.ts`)));
  }
  parts.push('\n### `workers:`\n\nJobs each process runs at once, per role (`classify`: per classify thread). Spare cores are used by `classifyThreads`.\n');
  parts.push(table(unwrapDefault(configSchema.shape.workers), new Map(WORKER_MEANINGS)));
  return `${parts.join('\n')}\n`;
}

const WORKER_MEANINGS: [string, string][] = [
  ['collect', 'Sources polled at once by this process (each source is polled by one process at a time).'],
  ['classify', 'Pages of up to 500 posts classified at once by each classify thread: a thread waits on Redis within each page (the window script, the next page), so a few at once keep its core busy.'],
  ['evaluate', 'Brand evaluations (rules over windows) at once.'],
  ['notify', 'Notifications sent at once (Slack, email, console, JSONL).'],
  ['classifyThreads', 'Worker threads that classify, each with its own classifier chain: `auto` is one per core beyond the first (none on one core), 0 classifies in the main thread. Posts are counted once whatever the number.'],
  ['hourCacheBrands', 'Brands whose hour buckets (the week-long baseline) this process keeps in memory between evaluations, about 0.3 MB a brand with a week of history; more brands are read from Redis at each evaluation, 0 keeps none. Read at start.'],
];

function asObject(schema: z.ZodType): z.ZodObject {
  if (!(schema instanceof z.ZodObject)) throw new Error('expected an object schema');
  return schema;
}

function pickShape(schema: z.ZodType, keys: readonly string[]): z.ZodType {
  const o = asObject(schema);
  return z.object(Object.fromEntries(Object.entries(o.shape).filter(([k]) => keys.includes(k))));
}

function omitShape(schema: z.ZodType, keys: readonly string[]): z.ZodType {
  const o = asObject(schema);
  return z.object(Object.fromEntries(Object.entries(o.shape).filter(([k]) => !keys.includes(k))));
}

function unwrapDefault(schema: z.ZodType): z.ZodType {
  return schema instanceof z.ZodDefault ? (schema.unwrap() as z.ZodType) : schema;
}

export const GENERATED_START = '<!-- generated by `npm run docs` from the option schemas: do not edit by hand -->';
export const GENERATED_END = '<!-- end of generated part -->';

/** The document with its generated part replaced. */
export function withReference(doc: string): string {
  const a = doc.indexOf(GENERATED_START);
  const b = doc.indexOf(GENERATED_END);
  if (a < 0 || b < a) throw new Error(`docs/sources.md must contain the markers ${GENERATED_START} and ${GENERATED_END}`);
  return `${doc.slice(0, a + GENERATED_START.length)}\n\n${sourcesReference()}\n${doc.slice(b)}`;
}
