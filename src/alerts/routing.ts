import type { VigieConfig } from '../config/load.js';
import type { Severity } from '../types.js';

export interface RouteMatch {
  channels: string[];
  escalation?: string;
}

/**
 * Alertmanager-style routing: routes are tried in order; a matching route adds its channels and
 * stops the search unless it says `stop: false`.
 */
export function route(config: Pick<VigieConfig, 'routes'>, severity: Severity, brand: string, rule: string): RouteMatch {
  const channels = new Set<string>();
  let escalation: string | undefined;
  for (const r of config.routes) {
    if (r.severity && !r.severity.includes(severity)) continue;
    if (r.brands && !r.brands.includes(brand)) continue;
    if (r.rules && !r.rules.includes(rule)) continue;
    r.channels.forEach((c) => channels.add(c));
    escalation ??= r.escalation;
    if (r.stop) break;
  }
  return { channels: [...channels], escalation };
}
