/** Figures about a generated scenario, counted while it streams, formatted for people. */
import type { ScenarioItem } from './generate.js';

const MINUTE = 60_000;

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

export class ScenarioStats {
  posts = 0;
  readonly byPlatform = new Map<string, number>();
  readonly byLang = new Map<string, number>();
  readonly byBrand = new Map<string, number>();
  readonly byKind = new Map<string, number>();
  readonly byPhase = new Map<string, number>();
  first?: string;
  last?: string;
  /** The busiest minute, and how many posts it held. */
  peak = { minute: '', posts: 0 };
  private currentMinute = -1;
  private currentCount = 0;

  /** `phaseOf` names the phase a post belongs to, when the scenario has phases. */
  constructor(private readonly phaseOf?: (publishedAt: string) => string) {}

  add(item: ScenarioItem): void {
    const { post } = item;
    this.posts++;
    bump(this.byPlatform, post.platform);
    bump(this.byLang, item.lang);
    bump(this.byBrand, item.brand);
    bump(this.byKind, item.kind);
    if (this.phaseOf) bump(this.byPhase, this.phaseOf(post.publishedAt));
    this.first ??= post.publishedAt;
    this.last = post.publishedAt;
    const minute = Math.floor(Date.parse(post.publishedAt) / MINUTE);
    if (minute !== this.currentMinute) {
      this.currentMinute = minute;
      this.currentCount = 0;
    }
    if (++this.currentCount > this.peak.posts) {
      this.peak = { minute: new Date(minute * MINUTE).toISOString(), posts: this.currentCount };
    }
  }

  /** A short report: totals, then one line per breakdown. */
  format(): string {
    const line = (label: string, map: Map<string, number>) =>
      `  ${label.padEnd(10)} ${[...map].map(([k, v]) => `${k} ${v.toLocaleString('en')}`).join(', ')}`;
    const lines = [
      `${this.posts.toLocaleString('en')} posts from ${this.first ?? '-'} to ${this.last ?? '-'}`,
      line('platform', this.byPlatform),
      line('language', this.byLang),
      line('brand', this.byBrand),
      line('kind', this.byKind),
    ];
    if (this.byPhase.size > 0) lines.push(line('phase', this.byPhase));
    lines.push(`  ${'peak'.padEnd(10)} ${this.peak.posts} posts in the minute of ${this.peak.minute}`);
    return lines.join('\n');
  }
}
