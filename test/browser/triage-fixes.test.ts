import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { ManualClock } from '../../src/clock.js';
import type { Daemon } from '../../src/daemon.js';
import { startHttpServer, type HttpServer } from '../../src/http/server.js';
import { silentLogger } from '../../src/log.js';
import { Metrics } from '../../src/metrics.js';
import { drain, runReplay } from '../../src/replay.js';
import { healthKey } from '../../src/sources/health.js';
import { prLeadEscalation, TEST_BRANDS, testConfig } from '../helpers/config.js';
import { ARTIFACTS, browserSuite, CHROMIUM, launchChromium, MINUTE, writeCutWave } from './kit.js';

const TOKEN = 'browser-token-fixes-0123456789abcdef';
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

/** No element sticks out of the viewport sideways: the page never scrolls horizontally. */
async function noOverflow(p: Page, what: string): Promise<void> {
  const { scroll, inner } = (await p.evaluate('({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth })')) as { scroll: number; inner: number };
  // Name the widest elements, so a failure says what to fix.
  const wide = scroll > inner ? await p.evaluate(`[...document.querySelectorAll('*')].filter((e) => e.scrollWidth > e.clientWidth + 1 || e.getBoundingClientRect().right > ${inner} + 1).slice(-8).map((e) => e.tagName + '.' + (e.getAttribute('class') || '') + ' r' + Math.round(e.getBoundingClientRect().right) + ' s' + e.scrollWidth + '/' + e.clientWidth).join(', ')`) : '';
  expect(scroll, `${what}: page ${scroll} px wide in a ${inner} px viewport (${String(wide)})`).toBeLessThanOrEqual(inner);
}

/**
 * The fixes of issue 11 on the triage page, in Chromium at desktop and phone sizes: the crisis is
 * the first row with its warnings folded in, nothing overflows a phone, an unknown incident says so
 * (no red "Reconnecting…"), a source-health incident shows the source, silences can be listed and
 * expired, the demo's sign-in link acknowledges in one dialog, times are in the team's zone.
 */
describe('triage page fixes in Chromium', () => {
  const suite = browserSuite('browser-fixes');
  const { prefix } = suite;

  it('orders and groups, fits a phone, and makes silences, unknown and source incidents readable', { timeout: 240_000 }, async () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} is missing`).toBe(true);
    const file = writeCutWave(suite.dir, 25);
    const config = testConfig({
      prefix,
      alertsFile: join(suite.dir, 'alerts.jsonl'),
      brands: { ...TEST_BRANDS, balenciaga: { ...TEST_BRANDS.balenciaga, displayName: 'Balenciaga (maison)' } },
      rules: {
        'crisis-surge': { type: 'threshold', metric: 'crisis', window: '15m', above: 12, severity: 'critical' },
        'negative-surge': { type: 'threshold', metric: 'neg', window: '15m', above: 10, severity: 'warning' },
        'negative-share': { type: 'ratio', metric: 'neg', of: 'posts', window: '15m', above: 0.4, minVolume: 10, severity: 'warning' },
        collectors: { type: 'source-health', severity: 'warning', states: ['failing'], for: '10m' },
      },
      ...prLeadEscalation(['10m', '10m']),
      alerting: { groupWait: '1m', resolveAfter: '3h', timezone: 'Europe/Paris' },
    });
    let clock: ManualClock | undefined;
    await runReplay({
      config,
      file,
      speed: Infinity,
      prefix,
      log: silentLogger,
      keepRunning: true,
      async onStart(d, c) {
        suite.daemon = d;
        clock = c;
        suite.http = await startHttpServer({ daemon: d, clock: c, log: silentLogger, port: 0, token: TOKEN, metrics: new Metrics({ processMetrics: false }) });
      },
    });
    const d = suite.daemon as Daemon;
    const c = clock as ManualClock;
    const server = suite.http as HttpServer;
    // The collector has been failing for 30 minutes: the source-health rule opens its incident at the sweep.
    const since = String(c.now() - 30 * MINUTE);
    const lastPoll = String(c.now() - MINUTE);
    await d.redis.hset(healthKey(prefix, 'replay'), {
      type: 'replay',
      successes: '41',
      failures: '6',
      consecutiveFailures: '6',
      lastError: 'HTTP 432: anti-scraping challenge from the mirror',
      lastErrorAt: lastPoll,
      streakStartedAt: since,
      lastSuccessAt: since,
      lastPollAt: lastPoll,
      failAfter: '3',
    });
    c.advanceBy(2 * MINUTE);
    await d.queues.evaluate.add('sweep', { kind: 'sweep', at: c.now() });
    await drain(d);
    const all = await d.incidentStore.list();
    const crisis = all.find((i) => i.rule === 'crisis-surge' && i.brand === 'balenciaga');
    const warnings = all.filter((i) => i.brand === 'balenciaga' && i.severity === 'warning');
    const source = all.find((i) => i.rule === 'collectors');
    expect(crisis?.status).toBe('open');
    expect(warnings.length).toBeGreaterThanOrEqual(1);
    expect(warnings.every((w) => w.parentId === crisis?.id)).toBe(true);
    expect(source?.brand).toBe('replay');

    // A silence to list and expire.
    const silenced = await fetch(`${server.url}/api/incidents/${encodeURIComponent(source?.id ?? '')}/silence`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ by: 'ops', for: '2h', reason: 'mirror maintenance', scope: 'incident' }),
    });
    expect(silenced.status).toBe(201);

    const browser = await launchChromium();
    suite.browser = browser;
    const p = await browser.newPage({ viewport: DESKTOP });
    mkdirSync(ARTIFACTS, { recursive: true });

    // The list: the critical crisis first, its warnings folded into it; no raw Prometheus link.
    await p.goto(`${server.url}/?refresh=2#token=${TOKEN}`);
    const rows = p.locator('#incident-list tr[data-id]');
    await rows.first().waitFor({ timeout: 20_000 });
    expect(await rows.first().getAttribute('data-id')).toBe(crisis?.id);
    expect(await rows.count()).toBe(2); // the crisis (with its warnings) and the collector
    await expect(rows.first().locator('.related-sub').textContent()).resolves.toMatch(/related signal/);
    await expect(rows.first().locator('.inc-title').textContent()).resolves.toMatch(/^Balenciaga \(maison\) — /);
    expect(await p.locator('a[href="/metrics"]').count()).toBe(0);
    await p.locator('#silences li[data-silence]').waitFor();
    await expect(p.locator('#silences').textContent()).resolves.toContain('mirror maintenance');
    await noOverflow(p, 'list, desktop');
    await p.screenshot({ path: join(ARTIFACTS, 'fixes-list-desktop.png'), fullPage: true });
    await p.setViewportSize(PHONE);
    await p.waitForTimeout(300);
    await noOverflow(p, 'list, phone');
    const allTab = p.locator('.seg button', { hasText: 'All' });
    const tabBox = await allTab.boundingBox();
    expect(tabBox && tabBox.x + tabBox.width).toBeLessThanOrEqual(PHONE.width);
    await p.screenshot({ path: join(ARTIFACTS, 'fixes-list-phone.png'), fullPage: true });

    // Expire the silence from the page.
    await p.locator('#silences button[data-action="expire"]').click();
    await p.getByText('No silence in force').waitFor({ timeout: 10_000 });
    expect((await d.silences.active(c.now())).length).toBe(0);

    // The crisis on a phone: the "Not acknowledged" banner fits; times in Paris time.
    await p.goto(`${server.url}/incidents/${encodeURIComponent(crisis?.id ?? '')}?refresh=2`);
    await p.locator('.escalation.live').waitFor();
    await p.waitForTimeout(500);
    await p.screenshot({ path: join(ARTIFACTS, 'fixes-detail-phone.png'), fullPage: true });
    await noOverflow(p, 'crisis detail, phone');
    await expect(p.locator('.detail-head .meta').textContent()).resolves.toMatch(/Opened .*(CET|CEST|GMT\+1|GMT\+2|UTC\+1|UTC\+2)/);
    await expect(p.locator('.o-related').textContent()).resolves.toMatch(/negative-/);

    // One dialog from the sign-in link to the acknowledgement: the token came with the link, the name is asked there.
    await p.setViewportSize(DESKTOP);
    await p.locator('button[data-action="ack"]').click();
    await p.locator('dialog input[name="name"]').fill('Ana (PR)');
    await p.locator('dialog button[type="submit"]', { hasText: 'Acknowledge' }).click();
    await p.locator('.escalation.stopped').waitFor({ timeout: 10_000 });
    expect((await d.incidentStore.get(crisis?.id ?? ''))?.timeline.at(-1)).toMatchObject({ kind: 'acknowledged', by: 'Ana (PR)' });
    await noOverflow(p, 'crisis detail, desktop');
    await p.screenshot({ path: join(ARTIFACTS, 'fixes-detail-desktop.png'), fullPage: true });

    // The collector's incident shows the source: polls and the last error, no empty brand panels.
    await p.goto(`${server.url}/incidents/${encodeURIComponent(source?.id ?? '')}`);
    await p.locator('.o-source').waitFor();
    await expect(p.locator('.o-source').textContent()).resolves.toContain('HTTP 432: anti-scraping challenge from the mirror');
    await expect(p.locator('.o-source').textContent()).resolves.toContain('41 ok, 6 failed');
    expect(await p.locator('.o-chart, .o-posts, .o-where').count()).toBe(0);
    await p.setViewportSize(PHONE);
    await noOverflow(p, 'source detail, phone');
    await p.screenshot({ path: join(ARTIFACTS, 'fixes-source-phone.png'), fullPage: true });

    // An unknown incident says so, and the daemon is not shown as unreachable.
    await p.goto(`${server.url}/incidents/inc-19990101-404?refresh=1`);
    await p.getByText('No incident inc-19990101-404').waitFor();
    await p.waitForTimeout(2500);
    expect(await p.locator('#live.down').count()).toBe(0);
    await noOverflow(p, 'unknown incident, phone');
  });
});
