import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/configure.js';
import { ConfigError } from '../../src/errors.js';
import { ruleSpecs } from '../../src/alerts/rules/registry.js';
import { SlackStandIn } from '../helpers/slack.js';

const run = promisify(execFile);
const YAML = readFileSync('config/vigie.yaml', 'utf8');
const ENV = { VIGIE_ALERTS_FILE: '/tmp/vigie-test-alerts.jsonl' };

/** The lines between `start:` and the next top-level key. */
function section(text: string, start: string): [number, number] {
  const lines = text.split('\n');
  const from = lines.findIndex((l) => l === `${start}:`);
  const to = lines.findIndex((l, i) => i > from && /^[a-z]/.test(l));
  return [from, to === -1 ? lines.length : to];
}

/** config/vigie.yaml with the commented option lines of the rules and the commented channels turned on. */
function uncommented(): string {
  const lines = YAML.split('\n');
  const [rf, rt] = section(YAML, 'rules');
  const [cf, ct] = section(YAML, 'channels');
  return lines
    .map((l, i) => {
      if (i > rf && i < rt)
        return l
          .replace(/^ {4}# ([a-zA-Z]+: \S.*)$/, '    $1')
          .replace(/^ {2}# ([a-z][\w-]*:)$/, '  $1')
          .replace(/^ {2}# {3}([a-zA-Z]+: .*)$/, '    $1');
      if (i > cf && i < ct) return l.replace(/^ {2}# ([a-z][\w-]*:)$/, '  $1').replace(/^ {2}# {3}([a-zA-Z]+: .*)$/, '    $1');
      return l;
    })
    .join('\n');
}

describe('config/vigie.yaml as the example of alerting', () => {
  it('is valid, enables the statistical rules, and shows every other kind as a commented example', () => {
    const c = parseConfig(YAML, 'config/vigie.yaml', ENV);
    expect(c.rules.map((r) => `${r.id}:${r.type}`)).toEqual(['crisis-wave:surge', 'negative-surge:surge', 'slow-burn:slow-burn', 'influencer:influencer', 'collectors:source-health']);
    const all = parseConfig(uncommented(), 'uncommented.yaml', { ...ENV, SLACK_WEBHOOK_URL: 'https://hooks.slack.example.com/services/T/B/X', SMTP_PASSWORD: 'pw' });
    expect(new Set(all.rules.map((r) => r.type))).toEqual(new Set(ruleSpecs.map((s) => s.type)));
    // Nothing pages by configuration alone: critical comes from the surge rule's evidence.
    expect(c.rules.filter((r) => r.extra.severity === 'critical').map((r) => r.id)).toEqual([]);
    expect(c.routes.some((r) => r.escalation === 'pr-lead')).toBe(true);
    expect(c.escalation['pr-lead']?.steps.length).toBe(2);
    expect(c.alerting).toMatchObject({ groupWait: 5_000, inhibit: true, resolveAfter: 45 * 60_000 });
  });

  it('has commented examples that are valid once turned on: every rule option, Slack and email channels', () => {
    const text = uncommented();
    expect(text).not.toBe(YAML);
    expect(() => parseConfig(text, 'uncommented.yaml', ENV)).toThrow(ConfigError); // secrets must come from the environment
    const c = parseConfig(text, 'uncommented.yaml', { ...ENV, SLACK_WEBHOOK_URL: 'https://hooks.slack.example.com/services/T/B/X', SMTP_PASSWORD: 'pw' });
    expect(c.channels.map((ch) => `${ch.id}:${ch.type}`)).toEqual(['terminal:console', 'alerts-log:jsonl', 'comms-slack:slack', 'pr-lead-email:email']);
    const options = Object.fromEntries(c.rules.map((r) => [r.id, r.options as Record<string, unknown>]));
    expect(options['crisis-wave']).toMatchObject({ pValue: 2.5e-4, criticalPValue: 1e-7, minAuthors: 3, criticalAuthors: 4, minCount: 3 });
    expect(options['negative-count']).toMatchObject({ above: 100 });
    expect(options['negative-share']).toMatchObject({ above: 0.6, minVolume: 60 });
    expect(options['crisis-spike']).toMatchObject({ factor: 5, minVolume: 30 });
    expect(options.influencer).toMatchObject({ criticalReach: 20_000_000 });
    expect(options.collectors).toMatchObject({ sources: ['weibo-search'], criticalAfter: 2 * 3_600_000 });
  });

  it('names the path and the fix for bad rule options', () => {
    const bad = `
brands: { acme: { names: [Acme] } }
rules:
  share: { type: ratio, above: 60 }
  wave: { type: spike, metric: angry }
  loud: { type: influencer }
`;
    const err = (() => {
      try {
        parseConfig(bad, 'bad.yaml', {});
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error('accepted a bad config');
    })();
    const messages = err.problems.map((p) => `${p.path}: ${p.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^rules\.share\.above: .*share between 0 and 1/),
        expect.stringMatching(/^rules\.wave\.metric: expected one of posts, neg, pos, crisis, severe, reachNeg/),
        expect.stringMatching(/^rules\.loud\.minReach: .*/),
      ]),
    );
  });
});

describe('vigie notify test', () => {
  const slack = new SlackStandIn();
  const dir = mkdtempSync(join(tmpdir(), 'vigie-notify-cli-'));
  const file = join(dir, 'vigie.yaml');
  beforeAll(async () => {
    await slack.start();
    writeFileSync(
      file,
      `brands: { acme: { names: [Acme] } }
channels:
  comms: { type: slack, webhookUrl: "\${SLACK_WEBHOOK_URL}" }
  gone: { type: slack, webhookUrl: "\${GONE_WEBHOOK_URL}" }
`,
    );
  });
  afterAll(async () => {
    await slack.stop();
  });
  const cli = (args: string[]) =>
    run(process.execPath, ['dist/cli.js', 'notify', ...args], {
      env: { ...process.env, SLACK_WEBHOOK_URL: slack.url(), GONE_WEBHOOK_URL: slack.url('/services/T000/B000/REVOKED'), LOG_LEVEL: 'silent' },
    }).then(
      (r) => ({ code: 0, ...r }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );

  it('sends a sample alert through the channel and says so', async () => {
    const r = await cli(['test', '--channel', 'comms', '--config', file]);
    expect(r.stderr).toMatch(/^sent a sample critical alert through "comms" \(slack\) in \d+ ms\n$/);
    expect(r.code).toBe(0);
    expect(slack.received.at(-1)?.body.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Test · Critical · Acme', emoji: true } });
  });

  it('reports a refused alert with the reason, and wrong arguments as usage errors', async () => {
    slack.answer({ status: 404, body: 'no_service' });
    const refused = await cli(['test', '--channel', 'gone', '--config', file, '--severity', 'warning']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('"gone" (slack) did not take the sample alert: Slack channel "gone" (no_service): HTTP 404, not retried');
    expect(refused.stderr).not.toContain('REVOKED');
    const unknown = await cli(['test', '--channel', 'pager', '--config', file]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(`vigie notify: no channel "pager" in ${file} (configured: comms, gone)\n`);
  });
});
