import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { IncidentStore } from '../../src/alerts/incident-store.js';
import { cleanPrefix, REDIS_URL, uniquePrefix } from '../helpers/redis.js';
import { startFeedServer } from './support/feed-server.js';
import { freePort } from './support/redis-server.js';
import { SmtpStandIn } from './support/stand-ins.js';
import { killLeftovers, spawnVigie, waitFor, type LogLine } from './support/vigie.js';

/**
 * `vigie start` at debug level with a secret in every place one can be (webhook URLs, a bearer
 * token, a cookie, an SMTP password, the HTTP token), each made to fail so it gets logged about.
 * Nothing the process writes may contain any of them.
 */
const SECRETS = {
  SLACK_WEBHOOK_URL: '', // set once the stand-in's port is known
  DOWN_WEBHOOK_URL: '',
  SMTP_PASSWORD: 'smtp-Pa55word-S3cret',
  TWITTER_BEARER_TOKEN: 'AAAAAAAAAAAAAAAAAAAAAbearerS3cretTokenValue',
  WEIBO_COOKIE: 'SUB=_2AkMweiboS3cretCookie; SUBP=0033WrSXqPxfM725Ws9jqgMF55529P9D9W',
  VIGIE_TOKEN: 'triage-S3cret-token-0123456789abcdef',
};
const HOOK_SECRET = 'xoxS3cretWebhookPart42';
const DOWN_HOOK_SECRET = 'anotherS3cretHookPart';

describe('secrets never reach the logs', () => {
  const redis = new Redis(REDIS_URL);
  const prefix = uniquePrefix('secrets');
  const dir = mkdtempSync(join(tmpdir(), 'vigie-secrets-'));

  afterAll(async () => {
    await killLeftovers();
    await cleanPrefix(redis, prefix);
    await redis.quit();
  });

  it('logs every failure without the secret that was involved', async () => {
    const platforms = await startFeedServer();
    const slackCalls: string[] = [];
    platforms.route(`/services/T0VIGIE/B0VIGIE/${HOOK_SECRET}`, (req, res) => {
      slackCalls.push(req.url ?? '');
      res.writeHead(404, { 'content-type': 'text/plain' }).end('no_service');
    });
    platforms.route('/x/2/tweets/search/recent', (_req, res) =>
      res.writeHead(401, { 'content-type': 'application/problem+json' }).end(JSON.stringify({ title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' })),
    );
    platforms.route('/weibo/api/container/getIndex', (_req, res) => res.writeHead(432).end(''));
    platforms.add('blog', [{ guid: 'p1', title: 'Aurore', text: 'Maison Aurore opened a shop' }]);
    const smtp = new SmtpStandIn({ rejectLogins: true });
    const smtpPort = await smtp.start();
    const env = {
      ...SECRETS,
      SLACK_WEBHOOK_URL: `${platforms.url}/services/T0VIGIE/B0VIGIE/${HOOK_SECRET}`,
      DOWN_WEBHOOK_URL: `http://127.0.0.1:${await freePort()}/services/T1/B1/${DOWN_HOOK_SECRET}`,
    };
    const file = join(dir, 'vigie.yaml');
    writeFileSync(
      file,
      `
redis: { url: "${REDIS_URL}", prefix: "${prefix}" }
http: { host: 127.0.0.1, port: 0, token: "\${VIGIE_TOKEN}" }
brands:
  aurore: { names: [Maison Aurore, Aurore] }
sources:
  blog: { type: feed, schedule: "* * * * * *", urls: ["${platforms.feedUrl('blog')}"] }
  x-search: { type: twitter, schedule: "* * * * * *", baseUrl: "${platforms.url}/x", retries: 0 }
  weibo-search: { type: weibo, schedule: "* * * * * *", baseUrl: "${platforms.url}/weibo", requestInterval: 0ms, blockedBackoff: 1s, retries: 0 }
rules:
  volume: { type: threshold, metric: posts, window: 1h, above: 1, severity: critical }
channels:
  ops-slack: { type: slack, webhookUrl: "\${SLACK_WEBHOOK_URL}" }
  down-slack: { type: slack, webhookUrl: "\${DOWN_WEBHOOK_URL}", timeout: 2s }
  email: { type: email, host: 127.0.0.1, port: ${smtpPort}, user: vigie, password: "\${SMTP_PASSWORD}", from: vigie@example.com, to: [pr@example.com], timeout: 5s }
routes:
  - channels: [ops-slack, down-slack, email]
alerting: { groupWait: 0s }
`,
    );
    const vigie = spawnVigie(['start', '--config', file], { ...env, LOG_LEVEL: 'debug' });
    try {
      const listening = await vigie.waitForLog((l) => l.msg === 'http server listening', 'the HTTP server');
      const api = String(listening.url);
      const failed = (channel: string) => (l: LogLine) => l.msg === 'notify job failed' && String(l.err).includes(`"${channel}"`);
      await vigie.waitForLog((l) => l.msg === 'Slack refused the alert', 'the refused Slack alert');
      await vigie.waitForLog(failed('down-slack'), 'the unreachable Slack webhook');
      await vigie.waitForLog((l) => failed('email')(l) && String(l.err).includes('EAUTH'), 'the refused SMTP login');
      await vigie.waitForLog((l) => l.source === 'x-search' && /source is failing: X refused the bearer token/.test(l.msg), 'the refused X token');
      await vigie.waitForLog((l) => l.source === 'weibo-search' && /source is failing/.test(l.msg), 'the Weibo refusal');
      expect(slackCalls.length).toBeGreaterThan(0);
      expect(smtp.logins).toContain('vigie');

      // The triage API: a wrong token, then the right one.
      const [incident] = await new IncidentStore(redis, prefix).list();
      const ack = (token: string) =>
        fetch(`${api}/api/incidents/${incident?.id}/ack`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ by: 'pr-lead' }),
        });
      expect((await ack('triage-wrong-S3cret-guess')).status).toBe(401);
      expect((await ack(SECRETS.VIGIE_TOKEN)).status).toBe(200);
      await vigie.waitForLog((l) => l.msg === 'incident ack by pr-lead', 'the acknowledgement');
      await waitFor(() => vigie.logs().length > 20, 'enough log lines');
      await vigie.stop();

      const output = vigie.stderr() + vigie.stdout();
      expect(vigie.logs().filter((l) => l.level >= 40).length).toBeGreaterThanOrEqual(5);
      if (process.env.VIGIE_SHOW_LOG) process.stdout.write(output);
      const leaked = [...Object.values(env), HOOK_SECRET, DOWN_HOOK_SECRET, 'triage-wrong-S3cret-guess', 'weiboS3cretCookie', 'bearerS3cretTokenValue', 'Pa55word'].filter((s) =>
        output.includes(s),
      );
      expect(leaked).toEqual([]);
    } finally {
      await vigie.stop();
      await Promise.all([platforms.close(), smtp.stop()]);
    }
  });
});
