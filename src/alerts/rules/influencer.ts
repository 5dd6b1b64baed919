import { z } from 'zod';
import { duration } from '../../config/schema.js';
import { formatDuration } from '../../duration.js';
import type { ScoredPost, Severity } from '../../types.js';
import { cleanText, formatNumber, platformName } from '../format.js';
import type { Rule, RuleSpec } from './rule.js';

const reach = z.number({ error: 'expected a reach (followers plus engagement), e.g. 500000' }).positive();

const options = z
  .strictObject({
    /** A post reaching at least this many people fires. */
    minReach: reach,
    /** From this reach it fires as critical (optional, higher than `minReach`). */
    criticalReach: reach.optional(),
    /** What makes the post hurt: a negative sentiment, crisis terms, or either. @default either */
    when: z.enum(['negative', 'crisis', 'either'], { error: 'expected negative, crisis or either' }).default('either'),
    /** How long after its publication a post keeps the incident firing. @default 1h */
    window: duration.default(60 * 60_000),
  })
  .refine((o) => o.criticalReach === undefined || o.criticalReach > o.minReach, {
    message: 'criticalReach must be higher than minReach',
    path: ['criticalReach'],
  });
type Options = z.output<typeof options>;

/** Candidates read per evaluation: the heaviest evidence of the window, where large hurting posts rank first. */
const CANDIDATES = 30;

/** One post with a large audience that is negative or carries crisis terms: a journalist, a celebrity, official media. */
export const influencerRule: RuleSpec<Options> = {
  type: 'influencer',
  description: 'Fires when one post with a large reach is negative or carries crisis terms.',
  options,
  create(id, o, ctx): Rule {
    const hurts = (p: ScoredPost): boolean => {
      if (p.official) return false; // the brand's own account: its response, not an attack
      const negative = p.sentiment.label === 'neg';
      const crisis = p.crisis.categories.length > 0;
      return o.when === 'negative' ? negative : o.when === 'crisis' ? crisis : negative || crisis;
    };
    return {
      id,
      type: 'influencer',
      severity: ctx.severity,
      brands: ctx.brands,
      scope: 'brand',
      async evaluate({ brand, now, windows }) {
        const ids = await windows.topPosts(brand, now - o.window, now + 1, CANDIDATES);
        const loud = (await windows.posts(ids)).filter((p) => p.reach >= o.minReach && hurts(p)).sort((a, b) => b.reach - a.reach);
        const top = loud[0];
        if (!top) return null;
        const critical = o.criticalReach !== undefined && top.reach >= o.criticalReach;
        const severity: Severity = critical ? 'critical' : ctx.severity;
        const threshold = critical ? (o.criticalReach as number) : o.minReach;
        const what = [top.sentiment.label === 'neg' ? 'negative post' : 'post', top.crisis.terms.length > 0 ? `with crisis terms (${top.crisis.categories.join(', ')})` : top.crisis.categories.length > 0 ? `about ${top.crisis.categories.join(', ')}` : '']
          .filter(Boolean)
          .join(' ');
        const more = loud.length > 1 ? ` (+${loud.length - 1} more)` : '';
        return {
          severity,
          summary: `${what} by ${cleanText(top.author.name, 60)} on ${platformName(top.platform)} reaching ${formatNumber(top.reach)}${more} (threshold ${formatNumber(threshold)})`,
          figures: [
            { name: 'reach of the post', value: top.reach, threshold },
            { name: `large hurting posts / ${formatDuration(o.window)}`, value: loud.length },
          ],
          windowMs: o.window,
          evidence: loud.map((p) => p.id),
        };
      },
    };
  },
};
