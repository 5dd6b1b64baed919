import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SlackStandIn } from '../alerts/slack-standin.js';
import { SmtpStandIn } from '../alerts/smtp-standin.js';
import { cleanPrefix, REDIS_URL, testRedis, uniquePrefix } from '../helpers/redis.js';
import { writeSmallScenario } from '../helpers/scenario.js';

const redis = testRedis();
const prefix = uniquePrefix('replay-channels');
const dir = mkdtempSync(join(tmpdir(), 'vigie-replay-channels-'));
const slack = new SlackStandIn();
const smtp = new SmtpStandIn();
const alertsLog = join(dir, 'production-alerts.jsonl');
const configFile = join(dir, 'vigie.yaml');
const scenario = writeSmallScenario();

/** A team's real config: Slack, email to the PR lead, the production alerts file, a terminal. */
const config = (smtpPort: number) => `
redis:
  url: ${REDIS_URL}
  prefix: ${prefix}
brands:
  balenciaga:
    names: [Balenciaga, 巴黎世家]
rules:
  negative-surge:
    type: threshold
    metric: neg
    window: 15m
    above: 20
    severity: critical
channels:
  comms-slack:
    type: slack
    webhookUrl: \${SLACK_WEBHOOK_URL}
  pr-lead-email:
    type: email
    host: 127.0.0.1
    port: ${smtpPort}
    from: "Vigie <vigie@example.test>"
    to: [pr-lead@example.test]
  alerts-log:
    type: jsonl
    path: ${alertsLog}
routes:
  - severity: [critical]
    channels: [comms-slack, pr-lead-email, alerts-log]
    escalation: pr-lead
  - channels: [alerts-log]
escalation:
  pr-lead:
    steps:
      - after: 10m
        channels: [pr-lead-email]
alerting:
  groupWait: 1m
  resolveAfter: 30m
`;

function replay(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['dist/cli.js', 'replay', scenario.file, '--config', configFile, ...args], {
      env: { ...process.env, SLACK_WEBHOOK_URL: slack.url(), LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stdout.resume();
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

const kinds = (file: string) => readFileSync(file, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { kind: string }).kind);

beforeAll(async () => {
  await slack.start();
  writeFileSync(configFile, config(await smtp.start()));
});

afterAll(async () => {
  await slack.stop();
  await smtp.stop();
  await cleanPrefix(redis, prefix);
  await redis.quit();
});

describe('vigie replay and the configured channels', () => {
  it('reaches no configured channel by default, and says where its alerts went', async () => {
    const out = join(dir, 'isolated.jsonl');
    const r = await replay(['--alerts-out', out, '--prefix', `${prefix}:isolated`]);
    expect(r.code, r.stderr).toBe(0);
    // The wave was there and was alerted on: into the replay's own file only.
    expect(kinds(out)).toEqual(expect.arrayContaining(['firing', 'escalated', 'resolved']));
    expect(slack.received).toHaveLength(0);
    expect(smtp.received).toHaveLength(0);
    expect(existsSync(alertsLog)).toBe(false);
    expect(r.stderr).toContain(`alerts went to alerts-out (${out})`);
    expect(r.stderr).toContain('not sent to the configured comms-slack (slack), pr-lead-email (email), alerts-log (jsonl)');
    expect(r.stderr).toContain('--live-channels');
  }, 180_000);

  it('uses them with --live-channels', async () => {
    const out = join(dir, 'live.jsonl');
    const r = await replay(['--alerts-out', out, '--prefix', `${prefix}:live`, '--live-channels']);
    expect(r.code, r.stderr).toBe(0);
    expect(slack.received.length).toBeGreaterThanOrEqual(2); // the page and its resolution
    expect(smtp.received.length).toBeGreaterThanOrEqual(3); // the page, the escalation, the resolution
    expect(kinds(alertsLog)).toEqual(['firing', 'resolved']); // the escalation step pages email only
    expect(r.stderr).toContain('alerts went to the configured channels (--live-channels)');
  }, 180_000);
});
