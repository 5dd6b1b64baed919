/** A real incident manager on real Redis, with the notifications it queues collected in memory. */
import { expect } from 'vitest';
import { IncidentStore } from '../../src/alerts/incident-store.js';
import { IncidentManager } from '../../src/alerts/incidents.js';
import type { PendingNotification } from '../../src/alerts/incident-record.js';
import type { AlertingConfig } from '../../src/alerts/lifecycle.js';
import type { Firing, Rule } from '../../src/alerts/rules/rule.js';
import { SilenceStore } from '../../src/alerts/silences.js';
import { WindowReader } from '../../src/alerts/windows.js';
import { HOUR, MINUTE } from '../../src/clock.js';
import { silentLogger } from '../../src/log.js';
import type { Severity } from '../../src/types.js';
import { cleanPrefix, testRedis, uniquePrefix } from '../helpers/redis.js';

export const redis = testRedis();
const base = uniquePrefix('alerts-incidents');
let n = 0;

export const config: AlertingConfig = {
  alerting: { groupWait: 30_000, repeatInterval: 4 * HOUR, resolveAfter: 30 * MINUTE, inhibit: true, retention: 8 * 24 * HOUR, timezone: 'UTC', language: 'en', updates: { growth: 2, minInterval: 30 * 60_000, acknowledgements: true, enabled: true } },
  routes: [
    { severity: ['critical'], channels: ['slack', 'email'], escalation: 'pr-lead', stop: true },
    { channels: ['slack'], stop: true },
  ],
  escalation: { 'pr-lead': { steps: [{ after: 10 * MINUTE, channels: ['pager'] }, { after: 20 * MINUTE, channels: ['lead-email'] }] } },
};

export const T0 = Date.parse('2026-03-02T10:00:00Z');

/** A rule as the manager sees it: evaluation happens elsewhere (the evaluate stage). */
export const rule = (id: string, scope: Rule['scope'] = 'brand'): Rule => ({ id, type: 'threshold', severity: 'warning', scope, evaluate: async () => null });
export const firing = (severity: Severity, value = 30): Firing => ({
  severity,
  summary: `${value} negative posts in 15m (threshold 25)`,
  figures: [{ name: 'negative posts / 15m', value, threshold: 25 }],
  windowMs: 15 * MINUTE,
});

export interface Harness {
  prefix: string;
  manager: IncidentManager;
  store: IncidentStore;
  silences: SilenceStore;
  sent: PendingNotification[];
  scheduled: { id: string; step: number; dueAt: number }[];
}

export function harness(alerting: Partial<AlertingConfig['alerting']> = {}, failNotify = () => false): Harness {
  const prefix = `${base}:${++n}`;
  const store = new IncidentStore(redis, prefix);
  const silences = new SilenceStore(redis, prefix);
  const sent: PendingNotification[] = [];
  const scheduled: Harness['scheduled'] = [];
  const manager = new IncidentManager({
    store,
    silences,
    windows: new WindowReader(redis, prefix),
    config: { ...config, alerting: { ...config.alerting, ...alerting } },
    log: silentLogger,
    notify: async (p) => {
      if (failNotify()) throw new Error('Redis connection lost');
      sent.push(...p);
    },
    scheduleEscalation: async (id, step, dueAt) => {
      scheduled.push({ id, step, dueAt });
    },
  });
  return { prefix, manager, store, silences, sent, scheduled };
}

export async function only(h: Harness) {
  const all = await h.store.list();
  expect(all).toHaveLength(1);
  return all[0] as NonNullable<(typeof all)[number]>;
}

/** Removes every key the harnesses wrote and closes the connection. */
export async function cleanUp(): Promise<void> {
  await cleanPrefix(redis, base);
  await redis.quit();
}

