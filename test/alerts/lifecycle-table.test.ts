import { describe, expect, it } from 'vitest';
import type { PendingNotification, StoredIncident } from '../../src/alerts/incident-record.js';
import { applyFiring, applySilence, close, escalateDue, newIncident, resolveIfQuiet, takeDue, type Hold } from '../../src/alerts/lifecycle.js';
import type { Firing } from '../../src/alerts/rules/rule.js';
import { MINUTE } from '../../src/clock.js';
import type { Severity } from '../../src/types.js';
import { testConfig } from '../helpers/config.js';

/**
 * The incident lifecycle's rules, called directly: pure functions over the stored record, no
 * Redis, no clock. Each row is a story in event time (minutes after opening) and the
 * notifications it must produce, written `minute kind rRevision → channels`.
 */

const jsonl = (name: string) => ({ type: 'jsonl', path: `/tmp/vigie-lifecycle-${name}.jsonl` });
const config = testConfig({
  prefix: 'lifecycle-table',
  channels: { file: jsonl('file'), pager: jsonl('pager'), lead: jsonl('lead'), head: jsonl('head') },
  routes: [{ severity: ['critical'], channels: ['pager'], escalation: 'lead' }, { channels: ['file'] }],
  escalation: { lead: { steps: [{ after: '10m', channels: ['lead'] }, { after: '20m', channels: ['head'] }] } },
  alerting: { groupWait: '1m', repeatInterval: '4h', resolveAfter: '30m' },
});

const T0 = Date.parse('2026-04-14T08:00:00Z');
const SILENCE: Hold = { kind: 'silence', id: 's1', until: '2026-04-14T10:00:00Z', by: 'pr-lead', reason: 'known, statement out' };
const INHIBITED: Hold = { kind: 'inhibited', by: 'inc-2', severity: 'critical' };

type Step =
  | { at: number; fire: Severity }
  | { at: number; due: true; hold?: Hold }
  | { at: number; escalate: true }
  | { at: number; sweep: true }
  | { at: number; silence: Hold | undefined }
  | { at: number; close: string };

interface Story {
  name: string;
  opens: Severity;
  /** Minute the incident opens at; 0 unless said. */
  openedAt?: number;
  steps: Step[];
  sent: string[];
  /** Checked on the record after the last step. */
  after?: Partial<Pick<StoredIncident, 'status' | 'severity' | 'revision' | 'escalationStep' | 'silenced'>> & { timeline?: string[] };
}

const STORIES: Story[] = [
  {
    name: 'a warning is notified once, after the group wait',
    opens: 'warning',
    steps: [{ at: 0, due: true }, { at: 1, due: true }, { at: 5, fire: 'warning' }, { at: 5, due: true }],
    sent: ['1 firing r1 → file'],
  },
  {
    name: 'a rise in severity inside the group wait joins the first notification',
    opens: 'warning',
    steps: [{ at: 0.5, fire: 'critical' }, { at: 1, due: true }],
    sent: ['1 firing r2 → file,pager'],
    after: { severity: 'critical', revision: 2 },
  },
  {
    name: 'a rise in severity after the first notification is sent at once',
    opens: 'warning',
    steps: [{ at: 1, due: true }, { at: 5, fire: 'critical' }, { at: 5, due: true }],
    sent: ['1 firing r1 → file', '5 firing r2 → file,pager'],
  },
  {
    name: 'an incident still firing is notified again after the repeat interval, not before',
    opens: 'warning',
    steps: [{ at: 1, due: true }, { at: 60, fire: 'warning' }, { at: 60, due: true }, { at: 241, fire: 'warning' }, { at: 241, due: true }],
    sent: ['1 firing r1 → file', '241 firing r2 → file'],
  },
  {
    name: 'an older evaluation finishing late changes nothing',
    opens: 'warning',
    openedAt: 10,
    steps: [{ at: 5, fire: 'critical' }, { at: 11, due: true }],
    sent: ['11 firing r1 → file'],
    after: { severity: 'warning' },
  },
  {
    name: 'an unacknowledged critical incident escalates step by step, each counted from the previous one',
    opens: 'critical',
    steps: [
      { at: 1, due: true },
      { at: 9, escalate: true },
      { at: 12, escalate: true },
      { at: 29, escalate: true },
      { at: 30, escalate: true },
      { at: 100, escalate: true },
    ],
    sent: ['1 firing r1 → pager', '12 escalated r2 → lead', '30 escalated r3 → head'],
    after: { escalationStep: 2 },
  },
  {
    name: 'quiet for the resolve period: resolved, and everyone told or paged hears it',
    opens: 'critical',
    steps: [{ at: 1, due: true }, { at: 10, escalate: true }, { at: 29, sweep: true }, { at: 30, sweep: true }, { at: 31, due: true }],
    sent: ['1 firing r1 → pager', '10 escalated r2 → lead', '30 resolved r3 → pager,lead'],
    after: { status: 'resolved' },
  },
  {
    name: 'resolved before anyone was told: nobody is told it is over',
    opens: 'warning',
    steps: [{ at: 0.5, close: 'pr-lead' }, { at: 1, due: true }],
    sent: [],
    after: { status: 'resolved' },
  },
  {
    name: 'a silence holds the notification back, says so once, and it goes out when the incident fires after',
    opens: 'warning',
    steps: [{ at: 1, due: true, hold: SILENCE }, { at: 2, fire: 'warning' }, { at: 2, due: true, hold: SILENCE }, { at: 5, fire: 'warning' }, { at: 5, due: true }],
    sent: ['5 firing r1 → file'],
    after: { timeline: ['opened', 'silenced', 'notified'] },
  },
  {
    name: 'an inhibited notification is held like a silenced one',
    opens: 'warning',
    steps: [{ at: 1, due: true, hold: INHIBITED }, { at: 3, fire: 'warning' }, { at: 3, due: true }],
    sent: ['3 firing r1 → file'],
    after: { timeline: ['opened', 'updated', 'notified'] },
  },
  {
    name: 'a silenced critical incident does not escalate; when the silence ends, the step gets its full time again',
    opens: 'critical',
    steps: [
      { at: 0.5, silence: SILENCE },
      { at: 15, escalate: true },
      { at: 20, silence: undefined },
      { at: 29, escalate: true },
      { at: 30, escalate: true },
    ],
    sent: ['30 escalated r2 → lead'],
    after: { silenced: false, timeline: ['opened', 'silenced', 'updated', 'escalated'] },
  },
];

function firing(severity: Severity): Firing {
  return { severity, summary: `${severity} firing`, figures: [], windowMs: 15 * MINUTE };
}

function tell(story: Story): { sent: string[]; inc: StoredIncident } {
  const facts = { evidence: [], languages: {}, platforms: {}, terms: [] };
  const ids = { id: 'inc-1', fingerprint: 'acme/surge', subject: 'acme', rule: 'surge' };
  const inc = newIncident(config, ids, firing(story.opens), facts, T0 + (story.openedAt ?? 0) * MINUTE);
  const sent: string[] = [];
  const record = (minute: number, out: PendingNotification[]) => {
    for (const n of out) sent.push(`${minute} ${n.kind} r${n.revision} → ${n.channels.join(',')}`);
  };
  for (const step of story.steps) {
    const at = T0 + step.at * MINUTE;
    if ('fire' in step) applyFiring(config, inc, firing(step.fire), facts, at);
    else if ('due' in step) record(step.at, takeDue(inc, at, step.hold));
    else if ('escalate' in step) record(step.at, escalateDue(config, inc, at));
    else if ('sweep' in step) record(step.at, resolveIfQuiet(config, inc, at));
    else if ('silence' in step) applySilence(config, inc, step.silence, at);
    else record(step.at, close(config, inc, at, step.close, 'resolved by hand'));
  }
  return { sent, inc };
}

describe('the incident lifecycle, story by story', () => {
  it.each(STORIES)('$name', (story) => {
    const { sent, inc } = tell(story);
    expect(sent).toEqual(story.sent);
    const { timeline, ...fields } = story.after ?? {};
    expect(inc).toMatchObject(fields);
    if (timeline) expect(inc.timeline.map((e) => e.kind)).toEqual(timeline);
  });
});
