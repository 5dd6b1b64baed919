import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { ManualClock } from '../../src/clock.js';
import type { Daemon } from '../../src/daemon.js';
import { startHttpServer } from '../../src/http/server.js';
import { silentLogger } from '../../src/log.js';
import { Metrics } from '../../src/metrics.js';
import { drain, runReplay } from '../../src/replay.js';
import { prLeadEscalation, testConfig } from '../helpers/config.js';
import { ARTIFACTS, browserSuite, CHROMIUM, launchChromium, MINUTE, writeCutWave } from './kit.js';

const TOKEN = 'browser-token-0123456789abcdef-0123456789';

/**
 * The PR lead's path through a crisis, in a real browser: the page is open while a scenario is
 * replayed, the boycott incident appears by itself, its chart and posts show, the lead signs in
 * and acknowledges, and the escalation that was paging stops.
 */
describe('triage page in Chromium during a replay', () => {
  const suite = browserSuite('browser');
  const { prefix } = suite;
  const alertsFile = join(suite.dir, 'alerts.jsonl');

  it('shows the incident live, with chart and posts; acknowledging it there stops the escalation', { timeout: 180_000 }, async () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y chromium`).toBe(true);
    // The scenario of test/helpers, cut 20 minutes into the wave: the incident is still open at the end.
    const file = writeCutWave(suite.dir, 20);
    const config = testConfig({
      prefix,
      alertsFile,
      rules: { 'negative-surge': { type: 'threshold', metric: 'neg', window: '15m', above: 10, criticalAbove: 20, severity: 'warning' } },
      ...prLeadEscalation(Array.from({ length: 6 }, () => '10m')),
      alerting: { groupWait: '1m', resolveAfter: '3h' },
    });
    const metrics = new Metrics({ processMetrics: false });
    let clock: ManualClock | undefined;
    let page: Page | undefined;

    const result = await runReplay({
      config,
      file,
      speed: Infinity,
      prefix,
      // The test reads the configured alerts file: a replay uses it only when asked.
      liveChannels: true,
      log: silentLogger,
      hooks: metrics.hooks,
      keepRunning: true,
      async onStart(d, c) {
        suite.daemon = d;
        clock = c;
        metrics.watch(d);
        const http = await startHttpServer({ daemon: d, clock: c, log: silentLogger, port: 0, token: TOKEN, metrics });
        suite.http = http;
        const browser = await launchChromium();
        suite.browser = browser;
        page = await browser.newPage({ viewport: { width: 1360, height: 900 } });
        // Signed in by the link, as the demo prints it: with a token set, reads need it too.
        await page.goto(`${http.url}/?refresh=1#token=${TOKEN}`);
        // Opened before the first post: nothing yet.
        await page.getByText('No active incidents').waitFor({ timeout: 15_000 });
      },
    });
    expect(result.daemon).toBeDefined();
    const d = suite.daemon as Daemon;
    const p = page as Page;
    const c = clock as ManualClock;

    // The list picks the incident up by itself (live refresh).
    const row = p.locator('tr[data-id]').filter({ hasText: 'balenciaga' });
    await row.waitFor({ timeout: 30_000 });
    await expect(row.locator('.badge.sev-critical').textContent()).resolves.toBe('Critical');
    const id = (await row.getAttribute('data-id')) as string;
    const before = await d.incidentStore.get(id);
    expect(before).toMatchObject({ status: 'open', severity: 'critical' });
    expect(before?.escalateAt).toBeDefined();

    // The detail: chart with the threshold, evidence posts with language, sentiment and terms.
    await row.click();
    await p.waitForURL(`**/incidents/${id}`);
    await p.locator('.chart svg path.line-neg').waitFor();
    const points = (await p.locator('.chart svg path.line-neg').getAttribute('d'))?.split('L').length ?? 0;
    expect(points).toBeGreaterThan(60);
    await expect(p.locator('.chart svg line.threshold').count()).resolves.toBeGreaterThanOrEqual(1);
    await expect(p.locator('.chart svg path.line-watch').count()).resolves.toBe(1);
    const posts = p.locator('article.post');
    expect(await posts.count()).toBeGreaterThan(0);
    await expect(posts.first().locator('.chip.lang').textContent()).resolves.toMatch(/Chinese|English|French/);
    await expect(posts.first().locator('.badge.sent-neg').count()).resolves.toBe(1);
    await expect(p.locator('article.post .chip.term').count()).resolves.toBeGreaterThan(0);
    await expect(p.locator('.escalation.live').textContent()).resolves.toContain('next page in');
    mkdirSync(ARTIFACTS, { recursive: true });
    await p.screenshot({ path: join(ARTIFACTS, 'incident-page.png'), fullPage: true });

    // Escalation is live: ten more minutes unacknowledged pages the next step.
    const step = async () => (await d.incidentStore.get(id))?.escalationStep ?? -1;
    const sweep = async (ms: number) => {
      c.advanceBy(ms);
      await d.queues.evaluate.add('sweep', { kind: 'sweep', at: c.now() });
      await drain(d);
    };
    const stepBefore = await step();
    await sweep(11 * MINUTE);
    const paged = await step();
    expect(paged).toBe(stepBefore + 1);

    // Acknowledge on the page: the sign-in link brought the token, so one dialog asks the name and a note.
    await p.locator('button[data-action="ack"]').click();
    await p.locator('dialog input[name="name"]').fill('Ana (PR)');
    await p.locator('dialog textarea[name="text"]').fill('On it: statement drafted with legal');
    await p.locator('dialog button[type="submit"]', { hasText: 'Acknowledge' }).click();
    await p.locator('.escalation.stopped').waitFor({ timeout: 10_000 });
    await expect(p.locator('.badge.st-acknowledged').first().textContent()).resolves.toBe('Acknowledged');
    await expect(p.locator('.timeline li.k-acknowledged').textContent()).resolves.toContain('Ana (PR)');
    const acked = await d.incidentStore.get(id);
    expect(acked?.status).toBe('acknowledged');
    expect(acked?.timeline.at(-1)).toMatchObject({ kind: 'acknowledged', by: 'Ana (PR)', text: 'On it: statement drafted with legal', at: new Date(c.now()).toISOString() });

    // Forty more minutes of event time: without the ack that would be four more steps.
    for (let i = 0; i < 4; i++) await sweep(10 * MINUTE);
    const after = await d.incidentStore.get(id);
    expect(after?.escalationStep).toBe(paged);
    expect(after?.timeline.filter((e) => e.kind === 'escalated')).toHaveLength(paged);
    const escalations = readFileSync(alertsFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { kind: string });
    expect(escalations.filter((n) => n.kind === 'escalated')).toHaveLength(paged);

    await p.waitForTimeout(1200); // one live refresh, so the screenshot shows the later state
    await p.screenshot({ path: join(ARTIFACTS, 'incident-page-acknowledged.png'), fullPage: true });
    await p.setViewportSize({ width: 390, height: 844 });
    await p.waitForTimeout(500); // the chart redraws for the new width
    await p.screenshot({ path: join(ARTIFACTS, 'incident-page-phone.png'), fullPage: true });
  });
});
