import { z } from 'zod';
import { DEFAULT_LANGUAGES } from './default-languages.js';
import { parseDuration } from '../duration.js';
import { CRISIS_CATEGORIES, PLATFORMS, SEVERITIES } from '../types.js';

/** `15m`, `4h`, `7d` in the file, milliseconds in the program. */
export const duration = z
  .string({ error: 'expected a duration such as 30s, 15m, 4h or 7d' })
  .transform((text, ctx) => {
    const ms = parseDuration(text);
    if (ms === undefined) {
      ctx.addIssue({ code: 'custom', message: `"${text}" is not a duration (use 30s, 15m, 4h, 7d)` });
      return z.NEVER;
    }
    return ms;
  });

const nonEmpty = z.string({ error: 'expected text' }).trim().min(1, 'must not be empty');
const list = (item: z.ZodType<string> = nonEmpty) => z.array(item, { error: 'expected a list' });
export const severity = z.enum(SEVERITIES as [string, ...string[]], {
  error: `expected one of ${SEVERITIES.join(', ')}`,
}) as z.ZodType<'info' | 'warning' | 'critical'>;

/** Ids are used in Redis keys, URLs and Slack text: keep them plain. */
export const id = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'expected lowercase letters, digits, - and _');

/** A crisis term: `*` only at its end, where it takes an ending ("boycott*"); anywhere else it would match nothing. */
const crisisTermList = list().refine((terms) => terms.every((t) => !t.slice(0, -1).includes('*')), {
  message: 'a term may end with * (it then takes an ending) but not hold one elsewhere: write each phrasing out',
});

const crisisTerms = z
  .partialRecord(z.enum(CRISIS_CATEGORIES as [string, ...string[]]), crisisTermList, {
    error: `expected a map from a category (${CRISIS_CATEGORIES.join(', ')}) to a list of terms`,
  })
  .default({});

/** A time zone the alert texts use, by its IANA name. */
const timeZone = z.string({ error: 'expected an IANA time zone such as Europe/Paris or UTC' }).refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'unknown time zone: use an IANA name such as Europe/Paris, Asia/Shanghai or UTC' },
);

export { accountKey } from './account-key.js';

/** The brand's own accounts per platform, by handle or numeric id (a leading @ is ignored). */
const accounts = z
  .partialRecord(z.enum(PLATFORMS as [string, ...string[]]), list(), {
    error: `expected a map from a platform (${PLATFORMS.join(', ')}) to a list of account handles or ids, e.g. { weibo: [Balenciaga巴黎世家], twitter: ["@balenciaga"] }`,
  })
  .optional();

export const brandSchema = z.strictObject({
  /** Display name first, then the other names and scripts it is written in. */
  names: list().min(1, 'name the brand at least once'),
  /** The name people read in alerts and on the page (defaults to the first of `names`). */
  displayName: nonEmpty.optional(),
  /**
   * The brand's own accounts: their posts are its official voice, shown as "official response"
   * and never counted as crisis or negative evidence.
   */
  accounts,
  /** Nicknames, hashtags, misspellings, stock tickers. */
  aliases: list().default([]),
  /** Words the collectors search for (defaults to the names). */
  keywords: list().default([]),
  /** A post that mentions one of these is not about the brand (a namesake, a museum). */
  exclude: list().default([]),
  /** Extra crisis terms for this brand, by category. */
  terms: crisisTerms,
});

/** Common to every source; the adapter validates the rest with its own schema. */
export const sourceSchema = z.looseObject({
  /** The kind of source: weibo, wechat, twitter, feed or replay (below). */
  type: nonEmpty,
  /** A cron expression (node-cron, 5 or 6 fields). */
  schedule: nonEmpty.optional(),
  /** `false` keeps the source in the file without polling it. */
  enabled: z.boolean().default(true),
  /** Brands this source watches for (defaults to every brand). */
  brands: list().optional(),
});

export const ruleSchema = z.looseObject({
  type: nonEmpty,
  severity: severity.default('warning'),
  /** Brands the rule applies to (defaults to every brand). */
  brands: list().optional(),
  description: z.string().optional(),
});

export const channelSchema = z.looseObject({ type: nonEmpty });

export const routeSchema = z.strictObject({
  /** Severities this route takes; every one when left out. */
  severity: z.array(severity, { error: 'expected a list of severities' }).optional(),
  brands: list().optional(),
  rules: list().optional(),
  channels: list().min(1, 'a route needs at least one channel'),
  /** The escalation policy that pages when a critical incident is not acknowledged. */
  escalation: nonEmpty.optional(),
  /** Stop at this route when it matches (the default); false lets later routes match too. */
  stop: z.boolean().default(true),
});

export const escalationSchema = z.strictObject({
  steps: z
    .array(z.strictObject({ after: duration, channels: list().min(1, 'a step needs at least one channel') }), {
      error: 'expected a list of steps',
    })
    .min(1, 'a policy needs at least one step'),
});

export const configSchema = z.strictObject({
  redis: z
    .strictObject({
      url: z.string().default('redis://127.0.0.1:6379'),
      /** Key prefix for every queue and key; wrap it in {braces} for Redis Cluster. */
      // Unquoted, `{vigie}` is a YAML map: say how to write it.
      prefix: z.string({ error: 'expected text; quote a hash-tagged prefix: prefix: "{vigie}"' }).min(1).default('vigie'),
    })
    .default({ url: 'redis://127.0.0.1:6379', prefix: 'vigie' }),
  /** Candidate languages (ISO 639-3) the language classifier chooses from. */
  languages: list().default([...DEFAULT_LANGUAGES]),
  brands: z.record(id, brandSchema, { error: 'expected a map of brand ids to brands' }).refine(
    (b) => Object.keys(b).length > 0,
    'watch at least one brand',
  ),
  sources: z.record(id, sourceSchema, { error: 'expected a map of source ids to sources' }).default({}),
  rules: z.record(id, ruleSchema, { error: 'expected a map of rule ids to rules' }).default({}),
  channels: z.record(id, channelSchema, { error: 'expected a map of channel ids to channels' }).default({}),
  routes: z.array(routeSchema, { error: 'expected a list of routes' }).default([]),
  escalation: z.record(id, escalationSchema).default({}),
  alerting: z
    .strictObject({
      /**
       * Gather the first burst of an incident into one notification: a firing waits this long, in
       * the posts' time, before it is sent. Short, because posts are already seconds to minutes old
       * when collected: live, the sweep (every 15 s) sends what is due, so a poll's pages still make
       * one message, and every second of a longer wait is a second later for every first alert.
       */
      groupWait: duration.default(5_000),
      /** Do not notify again about an open incident before this, unless its severity rises. */
      repeatInterval: duration.default(4 * 3_600_000),
      /** Resolve an incident after this long without firing. */
      resolveAfter: duration.default(30 * 60_000),
      /**
       * Hold back the notifications of an incident while a more severe one is open for the same
       * brand (Alertmanager's inhibition): one crisis pages once, not once per rule it trips.
       */
      inhibit: z.boolean({ error: 'expected true or false' }).default(true),
      /** How long per-minute windows are kept (a week-long baseline needs 7d). */
      retention: duration.default(8 * 86_400_000),
      /** Link to the incident page in alerts. */
      publicUrl: z.string().optional(),
      /** The team's time zone for times in alerts and on the page (IANA name); the JSON stays in UTC. */
      timezone: timeZone.default('UTC'),
      /** The language of alert texts: en or fr. */
      language: z.enum(['en', 'fr'], { error: 'expected en or fr' }).default('en'),
      /** Updates while an open incident grows, so the first page is not followed by silence. */
      updates: z
        .strictObject({
          /** Send an update each time the headline count reaches this many times the last one told. */
          growth: z.number({ error: 'expected a factor such as 2 (each doubling)' }).gt(1, 'must be above 1').default(2),
          /** At most one update per incident this often. */
          minInterval: duration.default(30 * 60_000),
          /** Tell the channels that were paged who acknowledged, and when. */
          acknowledgements: z.boolean({ error: 'expected true or false' }).default(true),
          enabled: z.boolean({ error: 'expected true or false' }).default(true),
        })
        .default({ growth: 2, minInterval: 30 * 60_000, acknowledgements: true, enabled: true }),
    })
    .default({
      groupWait: 5_000,
      repeatInterval: 4 * 3_600_000,
      resolveAfter: 30 * 60_000,
      inhibit: true,
      retention: 8 * 86_400_000,
      timezone: 'UTC',
      language: 'en',
      updates: { growth: 2, minInterval: 30 * 60_000, acknowledgements: true, enabled: true },
    }),
  http: z
    .strictObject({
      enabled: z.boolean().default(true),
      host: z.string().default('127.0.0.1'),
      /** A number, or text of digits: \`port: \${VIGIE_HTTP_PORT:-8080}\` reads the environment. */
      port: z
        .preprocess((v) => (typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : v), z.number().int().min(0).max(65535))
        .default(8080),
      /**
       * Bearer token (at least 32 characters, `vigie token` makes one). Without it, routes that
       * change state are refused; with it, reads of incidents and posts need it too.
       */
      token: z.string().optional(),
      /**
       * Names people and proxies use to reach the daemon (the Host header). IP addresses,
       * `localhost`, `http.host` and the name in `alerting.publicUrl` are always accepted.
       */
      allowedHosts: z.array(z.string().min(1), { error: 'expected a list of host names, e.g. [vigie.example.com]' }).default([]),
      /** /metrics needs the token too (Prometheus: `authorization: {credentials: ...}`). */
      metricsNeedToken: z.boolean({ error: 'expected true or false' }).default(false),
    })
    .default({ enabled: true, host: '127.0.0.1', port: 8080, allowedHosts: [], metricsNeedToken: false }),
  /** Stopping (SIGTERM, SIGINT). */
  shutdown: z
    .strictObject({
      /**
       * The longest a stop takes, whatever Redis does: jobs in flight get this long to finish,
       * then the process exits (their jobs are picked up again by the next run). Docker waits
       * 10 s before SIGKILL, systemd 90 s.
       */
      timeout: duration.default(10_000),
    })
    .default({ timeout: 10_000 }),
  workers: z
    .strictObject({
      /**
       * Jobs each role works on at once, per process (per thread for classify). Classify takes 4:
       * a classify thread waits on Redis within each page (the window script, finishing the job and
       * fetching the next page), and with 2 pages at once its core sat idle in those waits.
       */
      collect: z.number().int().min(1).default(4),
      classify: z.number().int().min(1).default(4),
      evaluate: z.number().int().min(1).default(4),
      notify: z.number().int().min(1).default(4),
      /**
       * Worker threads that classify, each with its own classifier chain and classify worker:
       * `auto` is one per core beyond the first (none on a one-core machine), 0 classifies in the
       * main thread. Window counting stays exactly-once whatever the number (one SET NX per post).
       * @defaultValue 'auto'
       */
      classifyThreads: z
        .union([z.literal('auto'), z.number().int().min(0).max(64)], { error: 'expected auto or a whole number of threads (0 classifies in the main thread)' })
        .default('auto'),
      /**
       * Brands whose hour buckets the process keeps between evaluations (src/alerts/hour-cache.ts):
       * a statistical rule reads its brand's week of hours at every evaluation, and only the hours
       * posts came into since have changed. About 0.3 MB a brand with a week of history; brands
       * beyond it are read from Redis each time; 0 keeps none. Read at start.
       */
      hourCacheBrands: z.number().int().min(0).default(200),
    })
    .default({ collect: 4, classify: 4, evaluate: 4, notify: 4, classifyThreads: 'auto', hourCacheBrands: 200 }),
});

export type RawConfig = z.output<typeof configSchema>;
export type BrandConfig = z.output<typeof brandSchema> & { id: string };
