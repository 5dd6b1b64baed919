import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { StoredIncident } from '../../src/alerts/incident-record.js';
import type { ManualClock } from '../../src/clock.js';
import { loadConfig } from '../../src/configure.js';
import type { VigieConfig } from '../../src/config/load.js';
import type { Daemon } from '../../src/daemon.js';
import { BOYCOTT_MOMENTS } from '../../tools/demo/scenario.js';
import { silentLogger } from '../../src/log.js';
import { runReplay } from '../../src/replay.js';
import { cleanPrefix, testRedis, uniquePrefix } from '../helpers/redis.js';

const SCENARIO = 'config/demo/boycott.jsonl';
const redis = testRedis();
const base = uniquePrefix('alerts-replay');
const dir = mkdtempSync(join(tmpdir(), 'vigie-alerts-replay-'));
const MIN = 60_000;

afterAll(async () => {
  await cleanPrefix(redis, base);
  await redis.quit();
});

/** The bundled config, with the terminal turned into a file so the test prints nothing. */
async function demoConfig(name: string): Promise<VigieConfig> {
  const config = await loadConfig('config/vigie.yaml', { ...process.env, VIGIE_ALERTS_FILE: join(dir, `${name}-log.jsonl`) });
  config.channels = config.channels.map((c) => (c.type === 'console' ? { ...c, type: 'jsonl', options: { path: join(dir, `${name}-terminal.jsonl`) } } : c));
  return config;
}

interface Line {
  kind: string;
  channel: string;
  incident: StoredIncident;
}

function lines(file: string): Line[] {
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line) : [];
}

describe('the bundled boycott scenario, replayed with config/vigie.yaml', () => {
  it('opens one critical incident for the wave, escalates it, stays quiet for the calm brands, and resolves after the wave', async () => {
    const prefix = `${base}:unacked`;
    const alertsOut = join(dir, 'unacked.jsonl');
    // The configured channels (files here) are checked too: a replay uses them only when asked.
    const result = await runReplay({ config: await demoConfig('unacked'), file: SCENARIO, speed: Infinity, alertsOut, liveChannels: true, prefix, log: silentLogger, keepRunning: true });
    const daemon = result.daemon;
    if (!daemon) throw new Error('the replay did not keep its daemon');
    try {
      const incidents = await daemon.incidentStore.list();
      const critical = incidents.filter((i) => i.severity === 'critical');
      expect(critical.map((i) => i.fingerprint)).toEqual(['balenciaga/crisis-wave']);
      const wave = critical[0] as StoredIncident;

      // Opened within 15 minutes of the wave's start, in event time.
      const waveStart = Date.parse(BOYCOTT_MOMENTS.waveStart);
      const opened = Date.parse(wave.openedAt) - waveStart;
      expect(opened).toBeGreaterThanOrEqual(0);
      expect(opened).toBeLessThanOrEqual(15 * MIN);
      // The incident opens at the time of the post that tipped it; its first page goes out once
      // that post is collected (the replay's minute step, as a poll every minute would) and the
      // group wait (5 s) is over, whichever comes last, as the live sweep would send it.
      const paged = wave.timeline.find((e) => e.kind === 'notified');
      const openedAt = Date.parse(wave.openedAt);
      expect(Date.parse(paged?.at ?? '')).toBe(Math.max(Math.ceil(openedAt / MIN) * MIN, openedAt + 5_000));

      // Nobody acknowledged: both steps of the pr-lead policy paged, in order, once each. A step
      // pages at the first sweep past its due time; the replay's per-minute sweeps may run a
      // minute or two out of order on a busy machine, hence the margin.
      const escalations = wave.timeline.filter((e) => e.kind === 'escalated');
      expect(escalations.map((e) => e.text?.slice(0, 11))).toEqual(['step 1 of 2', 'step 2 of 2']);
      const [first, second] = escalations.map((e) => Date.parse(e.at) - Date.parse(wave.openedAt));
      expect(first).toBeGreaterThanOrEqual(10 * MIN);
      expect(first).toBeLessThan(14 * MIN);
      expect(second).toBeGreaterThanOrEqual(30 * MIN);
      expect(second).toBeLessThan(34 * MIN);
      expect(wave.escalationStep).toBe(2);

      // Resolved by itself once the wave was over, with one resolved notice.
      expect(wave.status).toBe('resolved');
      expect(wave.timeline.at(-1)).toMatchObject({ kind: 'resolved', by: 'vigie' });
      expect(Date.parse(wave.resolvedAt ?? '')).toBeGreaterThan(Date.parse(BOYCOTT_MOMENTS.apologyAt));

      // Calm brands (the angry blog post included) open nothing; every incident is about the wave.
      expect(incidents.filter((i) => (BOYCOTT_MOMENTS.calmBrands as readonly string[]).includes(i.brand))).toEqual([]);
      expect(incidents.every((i) => !i.evidence.includes(BOYCOTT_MOMENTS.angryBlogPostId))).toBe(true);
      expect(incidents.every((i) => Date.parse(i.openedAt) >= waveStart)).toBe(true);

      // What reached the channels about the wave: one page, two escalations, one resolved notice, and
      // growth updates wherever the wave doubled again. (The warnings the wave also trips are
      // grouped under the critical incident and held back while it is open.)
      const sent = lines(alertsOut);
      expect(sent.every((l) => l.incident.brand === 'balenciaga')).toBe(true);
      const about = (ls: Line[]) => ls.filter((l) => l.incident.rule === 'crisis-wave');
      // How many growth updates, and where they fall between the escalations, depends on the wave's
      // shape: the pages and their order do not.
      for (const wave of [about(sent), about(lines(join(dir, 'unacked-terminal.jsonl')))]) {
        expect(wave.map((l) => l.kind).filter((k) => k !== 'update')).toEqual(['firing', 'escalated', 'escalated', 'resolved']);
        // An update's "up from N" is a figure this channel was given before, of the same kind.
        wave.forEach((l, i) => {
          if (l.kind !== 'update') return;
          const v = l.incident.volume;
          const given = wave.slice(0, i).map((e) => e.incident.volume);
          expect(given.some((g) => g?.told === v?.before && JSON.stringify(g?.toldMeasure) === JSON.stringify(v?.beforeMeasure))).toBe(true);
        });
      }
    } finally {
      await daemon.close();
    }
  }, 240_000);

  it('pages nobody again once someone acknowledges', async () => {
    const prefix = `${base}:acked`;
    const alertsOut = join(dir, 'acked.jsonl');
    const acks: Promise<unknown>[] = [];
    const seen = new Set<string>();
    let running: { daemon: Daemon; clock: ManualClock } | undefined;
    const result = await runReplay({
      config: await demoConfig('acked'),
      file: SCENARIO,
      speed: Infinity,
      alertsOut,
      prefix,
      log: silentLogger,
      keepRunning: true,
      onStart(daemon, clock) {
        running = { daemon, clock };
      },
      hooks: {
        // The PR lead acknowledges a critical incident as soon as its first page goes out.
        onNotified(job) {
          if (job.kind !== 'firing' || !running || seen.has(job.incidentId)) return;
          seen.add(job.incidentId); // one job per channel: acknowledge once
          const { daemon, clock } = running;
          const at = clock.now();
          acks.push(
            daemon.incidentStore.get(job.incidentId).then((inc) =>
              inc?.severity === 'critical' && inc.status === 'open'
                ? daemon.incidents.act(inc.id, { kind: 'ack', by: 'pr-lead', text: 'statement in preparation' }, at)
                : undefined,
            ),
          );
        },
      },
    });
    const daemon = result.daemon;
    if (!daemon) throw new Error('the replay did not keep its daemon');
    try {
      await Promise.all(acks);
      const wave = (await daemon.incidentStore.list()).find((i) => i.severity === 'critical');
      expect(wave?.timeline.filter((e) => e.kind === 'escalated')).toEqual([]);
      expect(wave?.timeline.find((e) => e.kind === 'acknowledged')).toMatchObject({ by: 'pr-lead' });
      const sent = lines(alertsOut).filter((l) => l.incident.rule === 'crisis-wave');
      // Nobody is paged again: the channels hear who acknowledged, that the wave grew, and that it ended.
      const kinds = sent.map((l) => l.kind);
      expect(kinds.filter((k) => k !== 'update')).toEqual(['firing', 'acknowledged', 'resolved']);
      expect(kinds.filter((k) => k === 'update').length).toBeGreaterThan(0);
      expect(kinds.indexOf('update')).toBeGreaterThan(kinds.indexOf('acknowledged'));
    } finally {
      await daemon.close();
    }
  }, 240_000);
});
