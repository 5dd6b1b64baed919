/**
 * Compares what a replay notified with what its expectation file asks, brand by brand: time to the
 * first alert and to critical after the wave starts, the most severe notification, and false
 * alarms (warning or above before a brand's story starts, or at any time for a brand without one).
 */
import { formatDuration } from '../duration.js';
import { severityLevel, type BrandExpectation, type Expectation, type SeverityLevel } from './backtest-expect.js';

/** One notification a replay sent, as the backtest reads it from the replay's alerts file. */
export interface Notified {
  /** Event time (ms) at which it was sent. */
  at: number;
  kind: string;
  incident: string;
  brand: string;
  rule: string;
  severity: 'info' | 'warning' | 'critical';
}

export interface BrandVerdict {
  brand: string;
  role?: string;
  postsPerDay?: number;
  /** What was expected, in a few words. */
  expected: string;
  /** Minutes from the wave start to the first warning or critical notification, if any. */
  firstAlertMin?: number;
  /** Minutes from the wave start to the first critical notification, if any. */
  criticalMin?: number;
  /** The most severe notification the brand got, all scenario long. */
  maxSeverity: SeverityLevel;
  /** Incidents notified at warning or above during the brand's calm. */
  falseAlarms: number;
  /** Days of calm for the brand (before its story, or all of the scenario). */
  calmDays: number;
  /**
   * When the first alert was late or missing: what the wave had produced by its deadline (posts
   * with the signal, distinct authors), from the scenario's posts (src/cli/backtest-evidence.ts).
   */
  byDeadline?: { posts: number; authors: number; what: string };
  failures: string[];
  pass: boolean;
}

export interface ScenarioVerdict {
  scenario: string;
  kind: Expectation['kind'];
  brands: BrandVerdict[];
  /** Failures of the scenario as a whole (its false-alarm rate). */
  failures: string[];
  pass: boolean;
  /** Notifications about subjects that are not the scenario's brands (collectors...). */
  otherNotifications: number;
}

const ALERT = severityLevel('warning');
const DAY = 86_400_000;
const firing = (n: Notified) => n.kind === 'firing' || n.kind === 'escalated';

export function judgeScenario(e: Expectation, notified: readonly Notified[]): ScenarioVerdict {
  const from = Date.parse(e.from);
  const to = Date.parse(e.to);
  const brands = Object.entries(e.brands).map(([brand, b]) => judgeBrand(brand, b, from, to, notified.filter((n) => n.brand === brand && firing(n))));
  const failures: string[] = [];
  if (e.falseAlarmsPerBrandWeek !== undefined) {
    const rate = perBrandWeek(brands);
    if (rate !== undefined && rate > e.falseAlarmsPerBrandWeek) {
      failures.push(`${rate.toFixed(2)} false alarms per brand-week (at most ${e.falseAlarmsPerBrandWeek} expected)`);
    }
  }
  const known = new Set(Object.keys(e.brands));
  return {
    scenario: e.scenario,
    kind: e.kind,
    brands,
    failures,
    pass: failures.length === 0 && brands.every((b) => b.pass),
    otherNotifications: notified.filter((n) => !known.has(n.brand)).length,
  };
}

/** False alarms per seven brand-days of calm, pooled over brands; undefined without calm. */
export function perBrandWeek(brands: readonly Pick<BrandVerdict, 'falseAlarms' | 'calmDays'>[]): number | undefined {
  const days = brands.reduce((s, b) => s + b.calmDays, 0);
  if (days <= 0) return undefined;
  return brands.reduce((s, b) => s + b.falseAlarms, 0) / (days / 7);
}

function judgeBrand(brand: string, b: BrandExpectation, from: number, to: number, mine: Notified[]): BrandVerdict {
  const wave = b.waveStart ? Date.parse(b.waveStart) : undefined;
  const calmEnd = wave ?? to;
  const failures: string[] = [];
  const alerts = mine.filter((n) => severityLevel(n.severity) >= ALERT);

  // One false alarm per incident: its later updates are the same alarm.
  const falseIncidents = new Set(alerts.filter((n) => n.at < calmEnd).map((n) => n.incident));
  const afterWave = wave === undefined ? [] : alerts.filter((n) => n.at >= wave);
  const first = afterWave[0];
  const critical = afterWave.find((n) => n.severity === 'critical');
  const minutes = (n: Notified | undefined) => (n && wave !== undefined ? (n.at - wave) / 60_000 : undefined);
  const top = mine.reduce<SeverityLevel>((m, n) => (severityLevel(n.severity) > severityLevel(m) ? n.severity : m), 'none');

  if (b.alertWithin !== undefined && wave !== undefined) {
    if (!first) failures.push(`no alert after the wave (expected within ${within(b.alertWithin)})`);
    else if (first.at - wave > b.alertWithin) failures.push(`first alert ${formatDuration(first.at - wave)} after the wave (expected within ${within(b.alertWithin)})`);
  }
  if (b.criticalWithin !== undefined && wave !== undefined) {
    if (!critical) failures.push(`never critical (expected within ${within(b.criticalWithin)})`);
    else if (critical.at - wave > b.criticalWithin) failures.push(`critical ${formatDuration(critical.at - wave)} after the wave (expected within ${within(b.criticalWithin)})`);
  }
  if (severityLevel(top) > severityLevel(b.maxSeverity)) {
    const worst = mine.find((n) => n.severity === top) as Notified;
    failures.push(`${top} at ${new Date(worst.at).toISOString().slice(0, 16).replace('T', ' ')} (${worst.rule}); ${b.maxSeverity === 'info' ? 'no warning' : `${b.maxSeverity} at most`} expected`);
  }
  return {
    brand,
    role: b.role,
    postsPerDay: b.postsPerDay,
    expected: describeExpectation(b),
    firstAlertMin: minutes(first),
    criticalMin: minutes(critical),
    maxSeverity: top,
    falseAlarms: falseIncidents.size,
    calmDays: Math.max(0, calmEnd - from) / DAY,
    failures,
    pass: failures.length === 0,
  };
}

/** Whether the brand's first alert came later than asked, or never came. */
export function firstAlertLate(v: BrandVerdict, b: BrandExpectation): boolean {
  if (b.alertWithin === undefined || b.waveStart === undefined) return false;
  return v.firstAlertMin === undefined || v.firstAlertMin * 60_000 > b.alertWithin;
}

/** `10m`, `2h`, `30s`: how expectations are written. */
function within(ms: number): string {
  return ms < 60_000 ? `${Math.round(ms / 1000)}s` : formatDuration(ms);
}

function describeExpectation(b: BrandExpectation): string {
  const parts: string[] = [];
  if (b.alertWithin !== undefined) parts.push(`alert ≤${within(b.alertWithin)}`);
  if (b.criticalWithin !== undefined) parts.push(`critical ≤${within(b.criticalWithin)}`);
  if (b.maxSeverity === 'none') parts.push('silent');
  else if (b.maxSeverity === 'info') parts.push('quiet');
  else if (b.maxSeverity === 'warning') parts.push('never critical');
  return parts.join(', ') || 'anything';
}
