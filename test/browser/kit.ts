import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll } from 'vitest';
import type { Daemon } from '../../src/daemon.js';
import type { HttpServer } from '../../src/http/server.js';
import { cleanPrefix, testRedis, uniquePrefix } from '../helpers/redis.js';
import { writeSmallScenario } from '../helpers/scenario.js';

/** What the browser suites share: Debian's Chromium, a place for screenshots, a minute. */
export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = join(process.cwd(), 'test-artifacts');
export const MINUTE = 60_000;

/** A browser suite's prefix and directory, and what it started: all closed and cleaned after the suite. */
export interface BrowserSuite {
  prefix: string;
  dir: string;
  browser?: Browser;
  http?: HttpServer;
  daemon?: Daemon;
}

export function browserSuite(name: string): BrowserSuite {
  const suite: BrowserSuite = { prefix: uniquePrefix(name), dir: mkdtempSync(join(tmpdir(), `vigie-${name}-`)) };
  afterAll(async () => {
    await suite.browser?.close();
    await suite.http?.close();
    await suite.daemon?.close();
    const redis = testRedis();
    await cleanPrefix(redis, suite.prefix);
    await redis.quit();
  });
  return suite;
}

/** The scenario of test/helpers cut `minutes` into its wave, written as a replay file in `dir`. */
export function writeCutWave(dir: string, minutes: number): string {
  const scenario = writeSmallScenario();
  const cut = scenario.waveStart + minutes * MINUTE;
  const file = join(dir, 'wave.jsonl');
  writeFileSync(file, scenario.posts.filter((p) => Date.parse(p.publishedAt) < cut).map((p) => JSON.stringify(p)).join('\n') + '\n');
  return file;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
