import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Rule } from '../../src/alerts/rules/rule.js';
import { ManualClock, MINUTE } from '../../src/clock.js';
import { parseConfig } from '../../src/configure.js';
import { Daemon } from '../../src/daemon.js';
import { silentLogger } from '../../src/log.js';
import { drain } from '../../src/replay.js';
import { cleanPrefix, REDIS_URL, testRedis, uniquePrefix } from '../helpers/redis.js';

const dir = mkdtempSync(join(tmpdir(), 'vigie-escalation-'));
const T0 = Date.parse('2026-03-02T10:00:00Z');
const rule: Rule = { id: 'crisis-wave', type: 'spike', severity: 'critical', scope: 'brand', evaluate: async () => null };
const firing = { severity: 'critical' as const, summary: '312 crisis posts in 15m', figures: [], windowMs: 15 * MINUTE };

let daemon: Daemon | undefined;
const redis = testRedis();
afterEach(async () => {
  const prefix = daemon?.prefix;
  await daemon?.close();
  daemon = undefined;
  if (prefix) await cleanPrefix(redis, prefix);
});

function start(name: string) {
  const prefix = uniquePrefix(`alerts-escalation-${name}`);
  const file = join(dir, `${name}.jsonl`);
  const config = parseConfig(
    `
redis: { url: "${REDIS_URL}", prefix: "${prefix}" }
brands: { acme: { names: [Acme] } }
channels:
  team: { type: jsonl, path: "${file}" }
  lead: { type: jsonl, path: "${file}" }
routes:
  - { severity: [critical], channels: [team], escalation: pr-lead }
escalation:
  pr-lead:
    steps:
      - { after: 10m, channels: [lead] }
alerting: { groupWait: 0s }
`,
    'escalation-test.yaml',
  );
  const clock = new ManualClock(T0);
  // A manual clock stands in for the wall clock here: escalation jobs are asked for explicitly.
  daemon = new Daemon({ config, roles: ['evaluate', 'notify'], clock, log: silentLogger, escalationJobs: true });
  const sent = () => (existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { kind: string; channel: string }).kind) : []);
  return { daemon, clock, sent };
}

describe('escalation as delayed jobs (live mode)', () => {
  it('queues a delayed check at the step time, which pages once when nobody acknowledged', async () => {
    const { daemon: d, clock, sent } = start('unacked');
    await d.start();
    await d.incidents.fired(rule, 'acme', firing, T0);
    const [inc] = await d.incidentStore.list();
    if (!inc) throw new Error('no incident');
    const job = await d.queues.evaluate.getJob(`escalate|${inc.id}|1`);
    expect(job?.data).toEqual({ kind: 'escalate', incidentId: inc.id, step: 1, dueAt: T0 + 10 * MINUTE });
    expect(job?.opts.delay).toBe(10 * MINUTE);
    expect(await job?.getState()).toBe('delayed');

    // Ten minutes later the job comes due (promoted here rather than waited for).
    clock.advanceTo(T0 + 10 * MINUTE);
    await job?.promote();
    await drain(d);
    // A sweep at the same time finds the step already taken.
    await d.incidents.sweep(T0 + 10 * MINUTE + 5_000);
    await drain(d);
    const after = await d.incidentStore.get(inc.id);
    expect(after?.escalationStep).toBe(1);
    expect(after?.timeline.filter((e) => e.kind === 'escalated')).toHaveLength(1);
    expect(sent()).toEqual(['firing', 'escalated']);
  });

  it('does nothing when the incident was acknowledged before the step came due', async () => {
    const { daemon: d, clock, sent } = start('acked');
    await d.start();
    await d.incidents.fired(rule, 'acme', firing, T0);
    const [inc] = await d.incidentStore.list();
    if (!inc) throw new Error('no incident');
    await d.incidents.act(inc.id, { kind: 'ack', by: 'ana' }, T0 + 3 * MINUTE);
    clock.advanceTo(T0 + 10 * MINUTE);
    await (await d.queues.evaluate.getJob(`escalate|${inc.id}|1`))?.promote();
    await drain(d);
    expect((await d.incidentStore.get(inc.id))?.escalationStep).toBe(0);
    // The channels were told who took it; no escalation page.
    expect(sent()).toEqual(['firing', 'acknowledged']);
  });
});
