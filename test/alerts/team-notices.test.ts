import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localeFor } from '../../src/alerts/i18n.js';
import { IncidentStore } from '../../src/alerts/incident-store.js';
import { IncidentManager } from '../../src/alerts/incidents.js';
import type { AlertingConfig } from '../../src/alerts/lifecycle.js';
import type { PendingNotification } from '../../src/alerts/incident-record.js';
import { emailNotifier } from '../../src/alerts/notifiers/email.js';
import type { Notifier } from '../../src/alerts/notifiers/notifier.js';
import { slackNotifier } from '../../src/alerts/notifiers/slack.js';
import type { Firing, Rule } from '../../src/alerts/rules/rule.js';
import { SilenceStore } from '../../src/alerts/silences.js';
import { WindowReader } from '../../src/alerts/windows.js';
import { MINUTE } from '../../src/clock.js';
import { silentLogger } from '../../src/log.js';
import { notifyStage } from '../../src/queues/stages/notify.js';
import type { Severity } from '../../src/types.js';
import { cleanPrefix, testRedis, uniquePrefix } from '../helpers/redis.js';
import { SlackStandIn } from '../helpers/slack.js';
import { SmtpStandIn } from '../helpers/smtp.js';

const redis = testRedis();
const base = uniquePrefix('team-notices');
const slack = new SlackStandIn();
const smtp = new SmtpStandIn();
let n = 0;

beforeAll(async () => {
  await slack.start();
  await smtp.start();
});
afterAll(async () => {
  await slack.stop();
  await smtp.stop();
  await cleanPrefix(redis, base);
  await redis.quit();
});

const T0 = Date.parse('2026-03-02T21:00:00Z'); // 22:00 in Paris

const BRANDS = [{ id: 'balenciaga', names: ['Balenciaga', '巴黎世家'], aliases: [], keywords: [], exclude: [], terms: {} }];

function setup(language: 'en' | 'fr') {
  const prefix = `${base}:${++n}`;
  const config: AlertingConfig = {
    alerting: {
      groupWait: 0,
      repeatInterval: 4 * 3_600_000,
      resolveAfter: 45 * MINUTE,
      inhibit: true,
      retention: 86_400_000,
      timezone: 'Europe/Paris',
      language,
      updates: { growth: 2, minInterval: 30 * MINUTE, acknowledgements: true, enabled: true },
    },
    routes: [{ severity: ['critical'], channels: ['slack', 'email'], stop: true }, { channels: ['slack'], stop: true }],
    escalation: {},
  };
  const store = new IncidentStore(redis, prefix);
  const notifiers = new Map<string, Notifier>([
    ['slack', slackNotifier.create('slack', slackNotifier.options.parse({ webhookUrl: slack.url() }), { env: {}, log: silentLogger })],
    [
      'email',
      emailNotifier.create('email', emailNotifier.options.parse({ host: '127.0.0.1', port: smtp.port, from: 'vigie@alerts.example.com', to: ['comms@example.com'] }), {
        env: {},
        log: silentLogger,
      }),
    ],
  ]);
  let clock = T0;
  const stage = notifyStage({
    redis,
    prefix,
    incidents: store,
    notifiers: () => notifiers,
    locale: (brand) => localeFor({ alerting: config.alerting, brands: BRANDS }, brand),
    log: silentLogger,
    now: () => clock,
  });
  const queued: PendingNotification[] = [];
  const manager = new IncidentManager({
    store,
    silences: new SilenceStore(redis, prefix),
    windows: new WindowReader(redis, prefix),
    config,
    log: silentLogger,
    // The notify stage for real, channel by channel, as the notify workers run it.
    notify: async (pending) => {
      queued.push(...pending);
      for (const p of pending) for (const channel of p.channels) await stage({ kind: p.kind, incidentId: p.incidentId, revision: p.revision, channel, step: p.step }, new AbortController().signal);
    },
  });
  const at = (t: number) => {
    clock = t;
    return t;
  };
  return { store, manager, queued, stage, at };
}

const rule = (id: string): Rule => ({ id, type: 'threshold', severity: 'warning', scope: 'brand', evaluate: async () => null });
const boycott = (count: number, severity: Severity = 'critical'): Firing => ({
  severity,
  summary: `${count} crisis posts in 15m`,
  figures: [{ name: 'crisis posts / 15m', value: count, threshold: 30 }],
  explanation: { metric: 'c:boycott', count, authors: Math.round(count * 0.9), windowMs: 15 * MINUTE, platforms: ['weibo', 'twitter'], expected: 0.2, historyMs: 7 * 86_400_000, pValue: 4e-10 },
  windowMs: 15 * MINUTE,
});
const negative = (count: number): Firing => ({
  severity: 'warning',
  summary: `${count} negative posts in 15m (threshold 25)`,
  figures: [{ name: 'negative posts / 15m', value: count, threshold: 25 }],
  windowMs: 15 * MINUTE,
});

describe('notices after the first page, in the team language and time zone', () => {
  it('updates on each doubling (at most every 30 min), says who acknowledged, and how it ended, in French for Paris', async () => {
    const { manager, store, queued, stage, at } = setup('fr');
    const crisis = rule('crisis-wave');
    await manager.fired(crisis, 'balenciaga', boycott(40), at(T0));
    // A warning of the same brand during the crisis: grouped under it, not paged on its own.
    await manager.fired(rule('negative-surge'), 'balenciaga', negative(60), at(T0 + 2 * MINUTE));
    await manager.fired(crisis, 'balenciaga', boycott(70), at(T0 + 10 * MINUTE)); // not doubled yet
    await manager.fired(crisis, 'balenciaga', boycott(95), at(T0 + 25 * MINUTE)); // doubled, but 25 min after the page
    await manager.fired(crisis, 'balenciaga', boycott(110), at(T0 + 31 * MINUTE)); // doubled and 31 min: update
    await manager.fired(crisis, 'balenciaga', boycott(260), at(T0 + 40 * MINUTE)); // doubled again, 9 min later: wait
    await manager.fired(crisis, 'balenciaga', boycott(250), at(T0 + 61 * MINUTE)); // 30 min later and still ≥ 2 × 110: update
    const [inc, warning] = [...(await store.list())].sort((a, b) => a.openedAt.localeCompare(b.openedAt));
    if (!inc || !warning) throw new Error('expected two incidents');
    expect(warning.parentId).toBe(inc.id);
    await manager.act(inc.id, { kind: 'ack', by: 'Ana (PR)', text: 'communiqué en préparation' }, at(T0 + 65 * MINUTE));
    for (let t = T0 + 70 * MINUTE; t <= T0 + 130 * MINUTE; t += 5 * MINUTE) await manager.sweep(at(t));

    const crisisNotices = queued.filter((p) => p.incidentId === inc.id);
    expect(crisisNotices.map((p) => p.kind)).toEqual(['firing', 'update', 'update', 'acknowledged', 'resolved']);
    // The warning never paged: held while the crisis was open, and resolved quietly with it.
    expect(queued.filter((p) => p.incidentId === warning.id)).toEqual([]);
    const texts = slack.received.map((r) => r.body.text);
    expect(texts).toHaveLength(5);
    const [first, update1, update2, ack, resolved] = texts;
    expect(first).toBe(
      '[CRITIQUE] Balenciaga : 40 messages de boycott de 36 auteurs en 15 min sur Weibo et X ; 0,2 attendus à cette heure d’après les 7 derniers jours (p &lt; 10⁻⁹)',
    );
    expect(update1).toContain('[MISE À JOUR · CRITIQUE] Balenciaga : Toujours en hausse : 110 messages de boycott en 15 min, contre 40 à la dernière alerte (il y a 31 min).');
    expect(update2).toContain('Toujours en hausse : 250 messages de boycott en 15 min, contre 110 à la dernière alerte (il y a 30 min).');
    expect(ack).toBe('[PRIS EN CHARGE · CRITIQUE] Balenciaga : Pris en charge par Ana (PR) à 2 mars, 23:05 UTC+1 : communiqué en préparation. Relances arrêtées.');
    expect(resolved).toBe(
      '[RÉSOLU] Balenciaga : Terminé après 1 h 50 min (résolu automatiquement après 45 min de calme). Pic : 260 messages de boycott en 15 min à 2 mars, 22:40 UTC+1. Pris en charge par Ana (PR)',
    );
    // The first page goes out at once (group wait 0), before the warning exists; the next notice
    // lists the grouped warning as a related signal. No σ, no English figure names.
    const firstBlocks = JSON.stringify(slack.received[0]?.body.blocks);
    expect(firstBlocks).toContain('ouvert le 2 mars, 22:00 UTC+1');
    const updateBlocks = JSON.stringify(slack.received[1]?.body.blocks);
    expect(updateBlocks).toContain('*Signaux liés*');
    expect(updateBlocks).toContain('negative-surge (avertissement) : 60');
    expect(texts.join('\n')).not.toMatch(/σ|UTC ·|\d{2}:\d{2} UTC(?![+-])/);

    // Email: same words, the subjects a Paris inbox shows.
    const subjects = smtp.received.map((m) => m.mime.headers.get('subject'));
    expect(subjects).toHaveLength(5);
    expect(subjects[3]).toBe('[PRIS EN CHARGE · CRITIQUE] Balenciaga : Pris en charge par Ana (PR) à 2 mars, 23:05 UTC+1 : communiqué en préparation. Relances arrêtées.');
    expect(subjects[4]).toMatch(/^\[RÉSOLU\] Balenciaga : Terminé après 1 h 50 min/);

    // Idempotent per revision and channel: the same jobs again send nothing.
    for (const p of crisisNotices) {
      for (const channel of p.channels) expect(await stage({ kind: p.kind, incidentId: p.incidentId, revision: p.revision, channel }, new AbortController().signal)).toBe('duplicate');
    }
    expect(slack.received).toHaveLength(5);
  }, 60_000);

  it('says the same in English by default wording', async () => {
    slack.received.length = 0;
    const { manager, store, at } = setup('en');
    await manager.fired(rule('crisis-wave'), 'balenciaga', boycott(9), at(T0));
    const [inc] = await store.list();
    if (!inc) throw new Error('no incident');
    await manager.act(inc.id, { kind: 'ack', by: 'Ana (PR)' }, at(T0 + 4 * MINUTE));
    expect(slack.received.map((r) => r.body.text)).toEqual([
      '[CRITICAL] Balenciaga: 9 boycott posts from 8 authors in 15 min on Weibo and X; expected 0.2 at this hour from the last 7 days (p &lt; 10⁻⁹)',
      '[ACKNOWLEDGED · CRITICAL] Balenciaga: Acknowledged by Ana (PR) at 2 Mar, 22:04 CET. Escalation stopped.',
    ]);
  }, 60_000);

  it("compares an update only with a figure of the same kind when the rule's strongest finding moves to another metric or window", async () => {
    slack.received.length = 0;
    const { manager, store, at } = setup('en');
    const wave = rule('negative-surge');
    const finding = (metric: string, windowMs: number, count: number): Firing => ({
      severity: 'warning',
      summary: `${count} ${metric} in ${windowMs / MINUTE} min`,
      figures: [{ name: `${metric} / ${windowMs / MINUTE} min`, value: count }],
      explanation: { metric, count, authors: count, windowMs, platforms: ['weibo'], expected: 0.5, historyMs: 7 * 86_400_000, pValue: 1e-12 },
      windowMs,
    });
    await manager.fired(wave, 'balenciaga', finding('c:fraud', 60 * MINUTE, 36), at(T0));
    // The same metric over a longer window: 60 in 4 h is a slower rate than 36 in 1 h, not growth.
    await manager.fired(wave, 'balenciaga', finding('c:fraud', 240 * MINUTE, 80), at(T0 + 31 * MINUTE));
    // Another metric, much larger: reported, with what each figure counted.
    await manager.fired(wave, 'balenciaga', finding('neg', 240 * MINUTE, 900), at(T0 + 40 * MINUTE));
    // The same metric and window again: growth, worded as such.
    await manager.fired(wave, 'balenciaga', finding('neg', 240 * MINUTE, 1900), at(T0 + 75 * MINUTE));
    const [inc] = await store.list();
    if (!inc) throw new Error('no incident');
    await manager.act(inc.id, { kind: 'resolve', by: 'Ana (PR)' }, at(T0 + 80 * MINUTE));
    const texts = slack.received.map((r) => r.body.text);
    expect(texts.slice(1, 3)).toEqual([
      '[UPDATE · WARNING] Balenciaga: Now 900 negative posts in 4 h; the last notice (40 min ago) counted 36 fraud or legal posts in 1 h.',
      '[UPDATE · WARNING] Balenciaga: Still growing: 1,900 negative posts in 4 h, up from 900 at the last notice (35 min ago).',
    ]);
    expect(texts[3]).toContain('Peak: 1,900 negative posts in 4 h at 2 Mar, 23:15 CET.');
    expect(texts).toHaveLength(4);
  }, 60_000);
});
