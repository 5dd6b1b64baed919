/** The backtest's output: a table for people, JSON for machines. */
import type { RulesRun } from './backtest-run.js';

// Notifications fall on the replay's minute steps or, after a group wait, between them (10.5m).
const min = (m: number | undefined) => (m === undefined ? '—' : `${Math.round(m * 10) / 10}m`);

function pad(cells: string[], widths: number[], right: Set<number>): string {
  return cells.map((c, i) => (right.has(i) ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number))).join('  ').trimEnd();
}

/**
 * One row per scenario and brand: volume, what was expected, minutes from the wave start to the
 * first alert and to critical, false alarms, verdict; the baseline's figures beside them.
 */
export function formatTable(runs: RulesRun[]): string {
  const [current, ...others] = runs;
  if (!current) return '';
  const baseline = others[0];
  const head = ['scenario', 'brand', 'posts/day', 'expected', 'first alert', 'critical', 'false', 'verdict'];
  if (baseline) head.push('│', `${baseline.label}: first`, 'critical', 'false', 'verdict');
  const rows: string[][] = [];
  for (const [i, s] of current.scenarios.entries()) {
    const b2 = baseline?.scenarios[i];
    for (const [j, b] of s.brands.entries()) {
      const row = [
        j === 0 ? s.scenario : '',
        b.brand,
        b.postsPerDay === undefined ? '' : b.postsPerDay.toLocaleString('en'),
        b.expected,
        min(b.firstAlertMin),
        min(b.criticalMin),
        String(b.falseAlarms),
        b.pass ? 'pass' : 'FAIL',
      ];
      const o = b2?.brands[j];
      if (baseline) row.push('│', min(o?.firstAlertMin), min(o?.criticalMin), o ? String(o.falseAlarms) : '', o ? (o.pass ? 'pass' : 'FAIL') : '');
      rows.push(row);
    }
    if (s.failures.length > 0 || (b2 && b2.failures.length > 0)) {
      const row = ['', '(all brands)', '', 'false alarms', '', '', '', s.failures.length > 0 ? 'FAIL' : 'pass'];
      if (baseline) row.push('│', '', '', '', b2 && b2.failures.length > 0 ? 'FAIL' : 'pass');
      rows.push(row);
    }
  }
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const right = new Set([2, 4, 5, 6, 9, 10, 11]);
  const lines = [pad(head, widths, right), pad(widths.map((w) => '─'.repeat(w)), widths, right)];
  for (const r of rows) lines.push(pad(r, widths, right));
  return lines.join('\n');
}

/** Why each failing row failed, then the calm figure and the counts. */
export function formatSummary(runs: RulesRun[], falseAlarmLimit: number): string {
  const lines: string[] = [];
  const [current] = runs;
  if (!current) return '';
  const failures = current.scenarios.flatMap((s) => [
    ...s.failures.map((f) => `  ${s.scenario}: ${f}`),
    ...s.brands.flatMap((b) => b.failures.map((f) => `  ${s.scenario} / ${b.brand}: ${f}`)),
  ]);
  if (failures.length > 0) lines.push(`Expectations not met (${current.label}):`, ...failures, '');
  lines.push('Times are minutes after the wave starts, to the replay step (one minute). False: incidents at warning or above during calm.');
  for (const r of runs) {
    const calm = r.calm.perBrandWeek === null ? 'no calm' : `${r.calm.perBrandWeek.toFixed(2)} false alarms per brand-week (${r.calm.falseAlarms} over ${r.calm.brandDays.toFixed(1)} brand-days of calm; at most ${falseAlarmLimit} expected)`;
    lines.push(`${r.label.padEnd(8)} ${r.config}: ${r.passed}/${r.passed + r.failed} scenarios pass · ${calm}`);
  }
  return lines.join('\n');
}

/** Whether the rules under test (the first run) met every expectation, including the calm figure. */
export function backtestPassed(runs: RulesRun[], falseAlarmLimit: number): boolean {
  const [current] = runs;
  if (!current) return false;
  return current.failed === 0 && (current.calm.perBrandWeek === null || current.calm.perBrandWeek <= falseAlarmLimit);
}
