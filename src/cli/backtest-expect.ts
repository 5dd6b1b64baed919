/**
 * The expectation file of a backtest scenario (`NAME.expect.yaml` next to `NAME.jsonl`): what the
 * rules under test must do with the scenario, brand by brand. Written by the suite generator, or by
 * hand for a recorded incident of your own (docs/backtest.md).
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { z } from 'zod';
import { duration } from '../config/schema.js';

/** From quiet to paging: the most severe notification a brand may get. */
export const SEVERITY_LEVELS = ['none', 'info', 'warning', 'critical'] as const;
export type SeverityLevel = (typeof SEVERITY_LEVELS)[number];

const isoTime = z.string().refine((s) => Number.isFinite(Date.parse(s)), 'expected an ISO time such as 2026-04-14T10:00:00Z');

const brandExpectation = z.strictObject({
  /** Posts a day about the brand in the scenario (for the table; the generator counts them). */
  postsPerDay: z.number().nonnegative().optional(),
  /** What the brand is in the story, for people: "boycott target", "bystander"... */
  role: z.string().optional(),
  /** When its story starts (the wave's first post). Alerts before it are false alarms. */
  waveStart: isoTime.optional(),
  /** A warning or critical notification at most this long after `waveStart`. */
  alertWithin: duration.optional(),
  /** A critical notification at most this long after `waveStart`. */
  criticalWithin: duration.optional(),
  /** The most severe notification allowed over the whole scenario. @default critical */
  maxSeverity: z.enum(SEVERITY_LEVELS).default('critical'),
});

export const expectationSchema = z
  .strictObject({
    /** The scenario's name; the files are NAME.jsonl, NAME.config.yaml, NAME.expect.yaml. */
    scenario: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lowercase letters, digits and dashes'),
    description: z.string().default(''),
    /** crisis, slow-burn, noise (must not page), calm (false alarms). */
    kind: z.enum(['crisis', 'slow-burn', 'noise', 'calm']),
    /** The replay file, relative to the expectation file. @default NAME.jsonl */
    posts: z.string().optional(),
    /** The config whose `brands` the scenario uses, relative to the expectation file. @default NAME.config.yaml */
    config: z.string().optional(),
    /** Event-time span of the scenario (the first and last minute of posts). */
    from: isoTime,
    to: isoTime,
    /** At most this many false alarms (warning or above) per seven brand-days of calm, all brands together. */
    falseAlarmsPerBrandWeek: z.number().nonnegative().optional(),
    brands: z.record(z.string(), brandExpectation).refine((b) => Object.keys(b).length > 0, 'name at least one brand'),
  })
  .superRefine((e, ctx) => {
    for (const [id, b] of Object.entries(e.brands)) {
      if ((b.alertWithin !== undefined || b.criticalWithin !== undefined) && !b.waveStart) {
        ctx.addIssue({ code: 'custom', path: ['brands', id, 'waveStart'], message: 'alertWithin and criticalWithin count from waveStart: give it' });
      }
      if (b.criticalWithin !== undefined && b.maxSeverity !== 'critical') {
        ctx.addIssue({ code: 'custom', path: ['brands', id, 'maxSeverity'], message: 'criticalWithin needs maxSeverity critical' });
      }
    }
  });

/** The file as written (durations as text): what the generator writes. */
export type ExpectationInput = z.input<typeof expectationSchema>;
/** The file as read (durations in ms). */
export type Expectation = z.output<typeof expectationSchema>;
export type BrandExpectation = Expectation['brands'][string];

export class ExpectationError extends Error {
  override name = 'ExpectationError';
}

/** Reads and checks one expectation file; problems name the file and the key. */
export async function loadExpectation(file: string): Promise<Expectation> {
  let raw: unknown;
  try {
    raw = parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new ExpectationError(`${file}: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
  }
  const parsed = expectationSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(file)'}: ${i.message}`);
    throw new ExpectationError(`${file}: ${parsed.error.issues.length} problem${parsed.error.issues.length === 1 ? '' : 's'}\n${lines.join('\n')}`);
  }
  return parsed.data;
}

export function severityLevel(s: string): number {
  const i = SEVERITY_LEVELS.indexOf(s as SeverityLevel);
  return i < 0 ? 0 : i;
}
