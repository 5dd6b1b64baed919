import { existsSync, readFileSync } from 'node:fs';
import type { StoredIncident } from '../../../src/alerts/incident-record.js';

/** One line of a `jsonl` channel's file. */
export interface AlertLine {
  key: string;
  kind: string;
  incident: { id: string; brand: string; status: string };
}

export function readAlertLines(file: string): AlertLine[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as AlertLine);
}

/**
 * The notification keys the incidents' own timelines say were due on `channel`: one `firing` per
 * "notified" event, one `resolved` per resolved incident that had been notified. What a channel
 * received must be exactly this set, each key once.
 */
export function dueKeys(incidents: readonly StoredIncident[], channel: string): string[] {
  const keys: string[] = [];
  for (const inc of incidents) {
    let notified = false;
    for (const e of inc.timeline) {
      // `revision N to …` is a page; `update, revision N to …` a growth update (issue 11).
      const rev = e.kind === 'notified' ? /^(update, )?revision (\d+) to (.*)$/.exec(e.text ?? '') : null;
      if (!rev?.[2] || !(rev[3] ?? '').split(', ').includes(channel)) continue;
      notified = true;
      keys.push(`${inc.id}:${rev[2]}:${channel}:${rev[1] ? 'update' : 'firing'}`);
    }
    if (notified && inc.status === 'resolved') keys.push(`${inc.id}:${inc.revision}:${channel}:resolved`);
  }
  return keys.sort();
}

/** Keys that appear more than once. */
export function repeated(keys: readonly string[]): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const k of keys) (seen.has(k) ? twice : seen).add(k);
  return [...twice];
}
