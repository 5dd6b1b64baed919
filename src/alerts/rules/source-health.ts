import { z } from 'zod';
import { duration } from '../../config/schema.js';
import type { Figure, Severity, SourceHealthView } from '../../types.js';
import { cleanText } from '../format.js';
import type { Firing, Rule, RuleSpec } from './rule.js';

const options = z.strictObject({
  /** Which states fire. @default [failing, silent] */
  states: z
    .array(z.enum(['failing', 'silent'], { error: 'expected failing or silent' }), { error: 'expected a list: [failing, silent]' })
    .min(1, 'name at least one state')
    .default(['failing', 'silent']),
  /** Sources watched (defaults to every configured source). */
  sources: z.array(z.string().min(1)).optional(),
  /** How long a source must stay failing or silent before it fires. @default 0s */
  for: duration.default(0),
  /** From this long in the state it fires as critical (optional). */
  criticalAfter: duration.optional(),
});
type Options = z.output<typeof options>;

/** `09:40 UTC`, or the date too when it is not the day of `now`. */
function clockTime(iso: string, now: number): string {
  const sameDay = iso.slice(0, 10) === new Date(now).toISOString().slice(0, 10);
  return `${sameDay ? '' : `${iso.slice(0, 10)} `}${iso.slice(11, 16)} UTC`;
}

/**
 * A collector failing or silent (from the records of src/sources/health.ts). One incident per
 * source: the firing's subject is the source id, so two failing sources are two incidents.
 */
export const sourceHealthRule: RuleSpec<Options> = {
  type: 'source-health',
  description: 'Fires for each collector that is failing (errors, blocked) or silent (no new post for too long).',
  options,
  create(id, o, ctx): Rule {
    return {
      id,
      type: 'source-health',
      severity: ctx.severity,
      scope: 'global',
      async evaluate({ now, sourceHealth }) {
        const firings: Firing[] = [];
        for (const h of await sourceHealth()) {
          if (h.state === 'ok' || !o.states.includes(h.state)) continue;
          if (o.sources && !o.sources.includes(h.sourceId)) continue;
          const since = h.since ? Date.parse(h.since) : now;
          const lasted = Math.max(0, now - since);
          if (lasted < o.for) continue;
          const severity: Severity = o.criticalAfter !== undefined && lasted >= o.criticalAfter ? 'critical' : ctx.severity;
          firings.push({ severity, subject: h.sourceId, summary: summary(h, now), figures: figures(h, lasted), windowMs: 0 });
        }
        return firings;
      },
    };
  },
};

/** `weibo-search failing: HTTP 432 since 09:40 UTC` */
function summary(h: SourceHealthView, now: number): string {
  const since = h.since ? ` since ${clockTime(h.since, now)}` : '';
  if (h.state === 'silent') return `${h.sourceId} silent: no new post${since}`;
  const why = h.lastError ? `: ${cleanText(h.lastError, 160)}` : '';
  return `${h.sourceId} failing${why}${since}`;
}

function figures(h: SourceHealthView, lasted: number): Figure[] {
  const out: Figure[] = [{ name: `time ${h.state}`, value: Math.round(lasted / 60_000), unit: 'min' }];
  if (h.state === 'failing') out.push({ name: 'consecutive failed polls', value: h.consecutiveFailures });
  return out;
}
