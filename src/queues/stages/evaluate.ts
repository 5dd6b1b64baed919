import type { Logger } from 'pino';
import type { IncidentManager } from '../../alerts/incidents.js';
import type { Firing, Rule, RuleContext } from '../../alerts/rules/rule.js';
import type { SourceHealthView } from '../../types.js';
import type { WindowReader } from '../../alerts/windows.js';
import type { EvaluateJob } from '../jobs.js';

/** What the rules said about one brand, and the reader they read with. */
interface Verdicts {
  windows: WindowReader;
  results: (Firing | Firing[] | null)[];
}

/** Brands whose windows a sweep reads at the same time. */
export const SWEEP_READ_CONCURRENCY = 16;

export interface EvaluateStageDeps {
  rules: () => Rule[];
  brands: () => string[];
  windows: WindowReader;
  incidents: IncidentManager;
  sourceHealth(): Promise<SourceHealthView[]>;
  log: Logger;
  /** The clock, for escalate jobs that run late (a worker was down): the step is recorded when it happens. */
  now?(): number;
}

/**
 * Runs rules. A brand job evaluates one brand at its latest event time; a sweep evaluates every
 * brand and the global rules at the given time, then does the incident bookkeeping (group wait,
 * escalation, auto-resolution) that must happen even when no post arrives; an incidents job does
 * that bookkeeping alone; an escalate job (delayed,
 * live mode) checks one incident's next escalation step at its due time.
 */
export function evaluateStage(d: EvaluateStageDeps) {
  const rulesOf = (brand: string): Rule[] => d.rules().filter((rule) => rule.scope === 'brand' && (!rule.brands || rule.brands.includes(brand)));
  /** Every rule's verdict on one brand: rules only read the windows, so their reads go out together. */
  const read = async (brand: string, rules: Rule[], now: number): Promise<Verdicts> => {
    // One reader per brand evaluation: the rules share what they all read (the brand's hours), and
    // the incidents they open take their languages and platforms from the same totals.
    const windows = d.windows.forEvaluation();
    return { windows, results: await Promise.all(rules.map((rule) => rule.evaluate({ brand, now, windows, sourceHealth: d.sourceHealth } satisfies RuleContext))) };
  };
  /** The firings, one by one in rule order: incidents change only here. */
  const apply = async (brand: string, rules: Rule[], { windows, results }: Verdicts, now: number): Promise<void> => {
    for (const [i, rule] of rules.entries()) {
      for (const firing of asList(results[i] ?? null)) await d.incidents.fired(rule, firing.subject ?? brand, firing, now, windows);
    }
  };
  const evaluateBrand = async (brand: string, now: number): Promise<void> => {
    const rules = rulesOf(brand);
    await apply(brand, rules, await read(brand, rules, now), now);
  };
  /**
   * The sweep reads several brands at once (a brand's evaluation is mostly waiting for Redis, so
   * one after the other a thousand brands took longer than the 15 s between sweeps), then applies
   * their firings in brand order: the same incidents in the same order as one by one.
   */
  const evaluateBrands = async (brands: string[], now: number): Promise<void> => {
    for (let from = 0; from < brands.length; from += SWEEP_READ_CONCURRENCY) {
      const group = brands.slice(from, from + SWEEP_READ_CONCURRENCY).map((brand) => ({ brand, rules: rulesOf(brand) }));
      const verdicts = await Promise.all(group.map(({ brand, rules }) => read(brand, rules, now)));
      for (const [i, { brand, rules }] of group.entries()) {
        const v = verdicts[i];
        if (v) await apply(brand, rules, v, now);
      }
    }
  };

  return async (data: EvaluateJob): Promise<void> => {
    if (data.kind === 'brand') {
      const now = await d.windows.latest(data.brand);
      if (now > 0) await evaluateBrand(data.brand, now);
      return;
    }
    if (data.kind === 'incidents') {
      await d.incidents.sweep(data.at);
      return;
    }
    if (data.kind === 'escalate') {
      await d.incidents.escalationDue(data.incidentId, data.step, Math.max(data.dueAt, d.now?.() ?? 0));
      return;
    }
    await evaluateBrands(d.brands(), data.at);
    for (const rule of d.rules()) {
      if (rule.scope !== 'global') continue;
      const firings = asList(await rule.evaluate({ brand: '', now: data.at, windows: d.windows, sourceHealth: d.sourceHealth }));
      for (const firing of firings) await d.incidents.fired(rule, firing.subject ?? rule.id, firing, data.at);
    }
    await d.incidents.sweep(data.at);
  };
}

function asList(f: Firing | Firing[] | null): Firing[] {
  return f === null ? [] : Array.isArray(f) ? f : [f];
}
