import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkConfigFile } from '../../src/cli/config.js';

// A file with one problem of every kind `vigie start` refuses, spread over its sections.
const BROKEN = `redis:
  prefix: check
brands:
  acme:
    names: [Acme]
sources:
  x-search:
    type: twitter
    schedule: "*/2 * * * *"
    query: acme
  weibo-search:
    type: weibo
    schedule: "* * *"
    maxPages: -1
rules:
  surge:
    type: threshold
    metric: neg
    window: 15m
channels:
  slack:
    type: slack
    webhookUrl: \${SLACK_WEBHOOK_URL}
  slack-2:
    type: slack
    webhookUrl: \${SLACK_WEBHOOK_URL}
  mail:
    type: console
routes:
  - channels: [slack, pager]
http:
  port: 80800
`;

function write(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'vigie-check-')), 'vigie.yaml');
  writeFileSync(file, text);
  return file;
}

describe('vigie config check', () => {
  it('reports every problem start would refuse, once each, in file order and plain words', async () => {
    const { problems } = await checkConfigFile(write(BROKEN), {});
    expect(problems.map((p) => [p.line, p.path])).toEqual([
      [8, 'sources.x-search'],
      [13, 'sources.weibo-search.schedule'],
      [14, 'sources.weibo-search.maxPages'],
      [17, 'rules.surge.above'],
      [23, 'channels.slack.webhookUrl'],
      [30, 'routes.0.channels.1'],
      [32, 'http.port'],
    ]);
    const text = problems.map((p) => p.message).join('\n');
    expect(text).toMatch(/TWITTER_BEARER_TOKEN/);
    // SLACK_WEBHOOK_URL is unset and used twice: one problem, naming the other line.
    expect(text.match(/SLACK_WEBHOOK_URL is not set/g)).toHaveLength(1);
    expect(problems[4]?.message).toMatch(/also used on line 26$/);
    expect(problems[6]?.message).toBe('must be at most 65535');
    // None of zod's own wording.
    expect(text).not.toMatch(/Invalid input|Too big|Too small|expected number to be|received/);
  });

  it('passes a file once its variables are set, and the command says OK or prints the problems', async () => {
    const fixed = BROKEN.replace('    maxPages: -1\n', '').replace('"* * *"', '"*/5 * * * *"').replace('    window: 15m\n', '    window: 15m\n    above: 10\n')
      .replace('[slack, pager]', '[slack, mail]').replace('80800', '8080');
    const env = { ...process.env, TWITTER_BEARER_TOKEN: 'test-token', SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T0/B0/x' };
    expect((await checkConfigFile(write(fixed), env)).problems).toEqual([]);

    const cli = (file: string, e: NodeJS.ProcessEnv) => spawnSync('node', ['dist/cli.js', 'config', 'check', file], { encoding: 'utf8', env: e });
    const ok = cli(write(fixed), env);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/: OK/);
    const bad = cli(write(fixed), { PATH: process.env.PATH });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/2 problems\n  line 8: sources\.x-search: environment variable TWITTER_BEARER_TOKEN/);
  });
});
