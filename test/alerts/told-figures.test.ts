import { describe, expect, it } from 'vitest';
import { whatHappened } from '../../src/alerts/format.js';
import type { PendingNotification, StoredIncident } from '../../src/alerts/incident-record.js';
import { applyFiring, escalateDue, newIncident, takeDue } from '../../src/alerts/lifecycle.js';
import type { Firing } from '../../src/alerts/rules/rule.js';
import { MINUTE } from '../../src/clock.js';
import { testConfig } from '../helpers/config.js';

/**
 * The figures an incident's notices quote: an update says "up from N at the last notice", the
 * resolved notice gives the peak. A surge rule reports its strongest finding, whose metric and
 * window change during a wave, and an escalation gives the figure of its moment: each quoted
 * figure must be one its readers were given, worded with what it counted.
 */

const jsonl = (name: string) => ({ type: 'jsonl', path: `/tmp/vigie-told-${name}.jsonl` });
const T0 = Date.parse('2026-04-14T08:00:00Z');
const facts = { evidence: [], languages: {}, platforms: {}, terms: [] };
const ids = { id: 'inc-1', fingerprint: 'acme/crisis-wave', subject: 'acme', rule: 'crisis-wave' };

function finding(metric: string, windowMinutes: number, count: number): Firing {
  const windowMs = windowMinutes * MINUTE;
  return {
    severity: 'critical',
    summary: `${count} ${metric} in ${windowMinutes} min`,
    figures: [{ name: `${metric} / ${windowMinutes} min`, value: count }],
    explanation: { metric, count, authors: count, windowMs, platforms: ['weibo'], expected: 0.1, historyMs: 7 * 86_400_000, pValue: 1e-20 },
    windowMs,
  };
}

/** Applies findings minute by minute, takes what is due, and returns each notification with the line it says. */
function tell(config: ReturnType<typeof testConfig>, story: [minute: number, action: Firing | 'escalate'][]): { inc: StoredIncident; said: string[] } {
  const [first, ...rest] = story;
  if (!first || first[1] === 'escalate') throw new Error('a story starts with a finding');
  const inc = newIncident(config, ids, first[1], facts, T0 + first[0] * MINUTE);
  const said: string[] = [];
  const say = (minute: number, out: PendingNotification[]) => {
    for (const n of out) {
      const notification = { key: `${inc.id}:${n.revision}`, kind: n.kind, channel: n.channels[0] ?? '', incident: inc, posts: [], createdAt: inc.updatedAt };
      said.push(`${minute} ${n.kind} → ${n.channels.join(',')}: ${whatHappened(notification)}`);
    }
  };
  say(first[0], takeDue(inc, T0 + first[0] * MINUTE, undefined));
  for (const [minute, action] of rest) {
    const at = T0 + minute * MINUTE;
    if (action === 'escalate') say(minute, escalateDue(config, inc, at));
    else applyFiring(config, inc, action, facts, at);
    say(minute, takeDue(inc, at, undefined));
  }
  return { inc, said };
}

describe('the figures a notice quotes', () => {
  it('compares a window with the same window, a longer one as a rate, and names both figures when the metric changes', () => {
    const config = testConfig({ prefix: 'told', channels: { file: jsonl('file') }, routes: [{ channels: ['file'] }], alerting: { groupWait: '0s' } });
    const { said, inc } = tell(config, [
      [0, finding('severe', 5, 9)],
      // 40 in 15 min is 2.7 a minute against 1.8: not a doubling, whatever the larger count says.
      [31, finding('severe', 15, 40)],
      // 300 in 1 h: 5 a minute, more than twice 1.8: an update, naming both windows.
      [40, finding('severe', 60, 300)],
      // The same measure doubled: "still growing".
      [75, finding('severe', 60, 700)],
      // Another metric: reported with its own words, never as growth of the other.
      [110, finding('neg', 240, 5000)],
    ]);
    expect(said.map((s) => s.replace(/^(\d+ \w+) → file: /, '$1: '))).toEqual([
      expect.stringMatching(/^0 firing: 9 serious crisis posts/),
      '40 update: Now 300 serious crisis posts in 1 h; the last notice (40 min ago) counted 9 serious crisis posts in 5 min.',
      '75 update: Still growing: 700 serious crisis posts in 1 h, up from 300 at the last notice (35 min ago).',
      '110 update: Now 5,000 negative posts in 4 h; the last notice (35 min ago) counted 700 serious crisis posts in 1 h.',
    ]);
    // The peak keeps what it counted.
    expect(inc.volume).toMatchObject({ peak: 5000, peakMeasure: { metric: 'neg', windowMs: 240 * MINUTE } });
  });

  it('takes an escalation that reached every channel of the incident as the last figure given, and one that reached some of them not', () => {
    const config = testConfig({
      prefix: 'told',
      channels: { slack: jsonl('slack'), lead: jsonl('lead') },
      routes: [{ channels: ['slack', 'lead'], escalation: 'pr' }],
      escalation: { pr: { steps: [{ after: '10m', channels: ['lead'] }, { after: '60m', channels: ['slack', 'lead'] }] } },
      alerting: { groupWait: '0s' },
    });
    const { said } = tell(config, [
      [0, finding('severe', 15, 10)],
      [5, finding('severe', 15, 30)],
      // Step 1 pages the lead alone, with 30: Slack was last given 10, so 10 stays the figure to compare with.
      [10, 'escalate'],
      [41, finding('severe', 15, 60)],
      [70, finding('severe', 15, 90)],
      // Step 2 pages both channels with 90: the next update compares with 90, not with 60.
      [70, 'escalate'],
      [101, finding('severe', 15, 150)],
      [105, finding('severe', 15, 200)],
    ]);
    expect(said.map((s) => s.split(': ')[0])).toEqual(['0 firing → slack,lead', '10 escalated → lead', '41 update → slack,lead', '70 escalated → slack,lead', '105 update → slack,lead']);
    expect(said[2]).toContain('Still growing: 60 serious crisis posts in 15 min, up from 10 at the last notice (41 min ago).');
    // 150 at minute 101 is not twice 90; 200 at minute 105 is.
    expect(said[4]).toContain('Still growing: 200 serious crisis posts in 15 min, up from 90 at the last notice (35 min ago).');
  });
});
