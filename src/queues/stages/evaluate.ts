import type { Logger } from 'pino';
import type { IncidentManager } from '../../alerts/incidents.js';
import type { Firing, Rule, RuleContext } from '../../alerts/rules/rule.js';
import type { SourceHealthView } from '../../types.js';
import type { WindowReader } from '../../alerts/windows.js';
import type { EvaluateJob } from '../jobs.js';

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
  const evaluateBrand = async (brand: string, now: number): Promise<void> => {
    const rules = d.rules().filter((rule) => rule.scope === 'brand' && (!rule.brands || rule.brands.includes(brand)));
    // Rules only read the windows: their reads go out together (one wait for Redis instead of one
    // per rule), then their firings are handled one by one, in rule order.
    const results = await Promise.all(
      rules.map((rule) => rule.evaluate({ brand, now, windows: d.windows, sourceHealth: d.sourceHealth } satisfies RuleContext)),
    );
    for (const [i, rule] of rules.entries()) {
      for (const firing of asList(results[i] ?? null)) await d.incidents.fired(rule, firing.subject ?? brand, firing, now);
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
    for (const brand of d.brands()) await evaluateBrand(brand, data.at);
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
