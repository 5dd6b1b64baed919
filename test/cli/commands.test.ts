import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanPrefix, testRedis, uniquePrefix } from '../helpers/redis.js';

const dir = mkdtempSync(join(tmpdir(), 'vigie-cli-'));
const prefix = uniquePrefix('cli');

function vigie(args: string[], env: NodeJS.ProcessEnv = {}) {
  return spawnSync('node', ['dist/cli.js', ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { PATH: process.env.PATH, REDIS_URL: process.env.REDIS_URL, ...env },
  });
}

function config(extra = ''): string {
  const file = join(dir, `vigie-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(
    file,
    `redis:
  prefix: ${prefix}
brands:
  acme:
    names: [Acme]
channels:
  slack:
    type: slack
    webhookUrl: \${SLACK_WEBHOOK_URL}
  mail-log:
    type: jsonl
    path: ${join(dir, 'alerts.jsonl')}
${extra}`,
  );
  return file;
}

describe('vigie command line', () => {
  it('prints its version and the help of a command', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    const v = vigie(['--version']);
    expect(v.status).toBe(0);
    expect(v.stdout).toMatch(new RegExp(`^vigie ${pkg.version.replace(/\./g, '\\.')} `));
    const help = vigie(['help', 'replay']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^usage: vigie replay FILE/);
    expect(help.stdout).toMatch(/Required:\n {2}id .*\n {2}text .*\n {2}publishedAt /);
    for (const cmd of ['start', 'worker', 'config', 'classify', 'collect', 'incidents', 'notify', 'eval']) {
      const r = vigie([cmd, '--help']);
      expect(r.status, cmd).toBe(0);
      expect(r.stdout, cmd).toMatch(new RegExp(`^usage: vigie ${cmd}`));
    }
  }, 180_000);

  it('tests one channel without needing the secrets of the others, and answers in JSON', () => {
    const r = vigie(['notify', 'test', '--channel', 'mail-log', '--config', config(), '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, channel: 'mail-log', type: 'jsonl', severity: 'critical' });
    const slack = vigie(['notify', 'test', '--channel', 'slack', '--config', config()]);
    expect(slack.status).toBe(1);
    expect(slack.stderr).toMatch(/SLACK_WEBHOOK_URL is not set/);
  });

  it('refuses a scenario with bad lines, naming each line and field, before replaying anything', () => {
    const file = join(dir, 'bad.jsonl');
    writeFileSync(
      file,
      [
        '{"text":"no id","publishedAt":"2026-04-14T08:00:00Z"}',
        '{"id":"replay:1","text":"fine","publishedAt":"2026-04-14T08:01:00Z"}',
        '{"id":"replay:2","publishedAt":"2026-04-14T08:02:00Z"}',
        '{"id":"replay:3","text":"bad date","publishedAt":"soon"}',
        '{"id":',
      ].join('\n'),
    );
    const r = vigie(['replay', file, '--config', config()]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/4 of 5 lines cannot be replayed/);
    expect(r.stderr).toMatch(/line 1: "id" is missing\n {2}line 3: "text" is missing\n {2}line 4: "publishedAt" is not a date: soon\n {2}line 5: not JSON/);
    expect(r.stdout).toBe('');
  });

  describe('a port that is taken', () => {
    let holder: Server;
    let port: number;
    beforeAll(async () => {
      holder = createServer();
      await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
      port = (holder.address() as { port: number }).port;
    });
    afterAll(async () => {
      await new Promise((resolve) => holder.close(resolve));
      const redis = testRedis();
      await cleanPrefix(redis, prefix);
      await redis.quit();
    });

    it('stops start with one clear message and exit code 1, whether from the file or --port', () => {
      const env = { LOG_LEVEL: 'warn', SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T000/B000/XXXX' };
      const fromFile = vigie(['start', '--config', config(`http:\n  port: ${port}\n`)], env);
      const fromFlag = vigie(['start', '--config', config(), '--port', String(port)], env);
      for (const r of [fromFile, fromFlag]) {
        expect(r.status).toBe(1);
        expect(r.stderr.trim()).toBe(`vigie: port ${port} on 127.0.0.1 is in use: choose another with --port N or http.port in the config, or stop what holds it`);
      }
      const bad = vigie(['start', '--config', config(), '--port', 'eighty']);
      expect(bad.status).toBe(2);
      expect(bad.stderr).toMatch(/--port takes a port number/);
    }, 120_000);
  });
});
