import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { slackNotifier } from '../../src/alerts/notifiers/slack.js';
import { sampleNotification } from '../../src/alerts/sample.js';
import { PermanentError, RetryableError } from '../../src/errors.js';
import { silentLogger } from '../../src/log.js';
import { HOSTILE, hostileNotification } from './hostile.js';
import { SlackStandIn } from '../helpers/slack.js';

const standin = new SlackStandIn();
let url = '';
const ctx = () => ({ log: silentLogger, signal: new AbortController().signal });
const slack = (options: Record<string, unknown> = {}) =>
  slackNotifier.create('team-alerts', slackNotifier.options.parse({ webhookUrl: url, ...options }), { env: {}, log: silentLogger });

beforeAll(async () => {
  url = await standin.start();
});
afterAll(async () => {
  await standin.stop();
});
beforeEach(() => {
  standin.received.length = 0;
});

/** Every text object of a message, wherever it sits in the blocks. */
function texts(node: unknown, out: { type: string; text: string }[] = []): { type: string; text: string }[] {
  if (Array.isArray(node)) node.forEach((x) => texts(x, out));
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if ((o.type === 'mrkdwn' || o.type === 'plain_text') && typeof o.text === 'string') out.push({ type: o.type, text: o.text });
    Object.values(o).forEach((v) => texts(v, out));
  }
  return out;
}

describe('Slack channel', () => {
  it('posts Block Kit: severity and brand, what happened, why, terms, platforms, languages, top posts, link', async () => {
    const n = sampleNotification({ channel: 'team-alerts', brand: 'acme', severity: 'critical', kind: 'firing', link: 'https://vigie.example.com/incidents/inc-1' });
    await slack().send(n, ctx());
    expect(standin.received).toHaveLength(1);
    const { body, contentType, path } = standin.received[0] as (typeof standin.received)[number];
    expect(path).toBe('/services/T000/B000/XXXXXXXX');
    expect(contentType).toMatch(/^application\/json/);
    expect(body.text).toBe('[CRITICAL] acme: 312 crisis posts (boycott, discrimination) from 287 authors in 15 min on Weibo and X; expected 12 at this hour from the last 7 days (p &lt; 10⁻¹¹)'); // Slack mrkdwn: < escaped
    const types = body.blocks.map((b) => b.type);
    expect(types).toEqual(['header', 'section', 'section', 'divider', 'section', 'section', 'section', 'section', 'actions', 'context']);
    expect(body.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Critical · acme', emoji: true } });
    expect((body.blocks[1] as { text: { text: string } }).text.text).toBe(':red_circle: *312 crisis posts (boycott, discrimination) from 287 authors in 15 min on Weibo and X; expected 12 at this hour from the last 7 days (p &lt; 10⁻¹¹)*');
    const fields = (body.blocks[2] as { fields: { text: string }[] }).fields.map((f) => f.text);
    expect(fields).toEqual([
      '*Why*\n• crisis posts / 15 min: 312 (threshold 60, usual 12)',
      '*Terms*\n抵制 (boycott), 歧视 (discrimination), boycott, racism',
      '*Platforms*\nWeibo 65%, X 30%, blogs &amp; news 5%',
      '*Languages*\nChinese 72%, English 23%, French 5%',
    ]);
    expect((body.blocks[5] as { text: { text: string } }).text.text).toBe(
      '<https://weibo.example.com/1000000001/sample1|时尚观察员> (Weibo, Chinese, reach 2.5M, negative, boycott/discrimination)\n店员推搡排队的中国顾客，这是歧视！#抵制# 品牌必须道歉',
    );
    expect(body.blocks[8]).toMatchObject({ elements: [{ type: 'button', url: 'https://vigie.example.com/incidents/inc-1' }] });
  });

  it('lets no hostile post text ping, link, format or script anything', async () => {
    await slack({ maxPosts: 10, postChars: 300 }).send(hostileNotification('team-alerts'), ctx());
    const [{ raw, body }] = standin.received as [(typeof standin.received)[number]];
    for (const bad of ['<!channel>', '<!here>', '<@U123ABC>', '<@U999>', '<!subteam', '<script>', '<img', '<b>', '*bold*', '_italic_', '~strike~', '`code`', 'javascript:', '\u001b', '\u202e']) {
      expect(raw, bad).not.toContain(bad);
    }
    const all = texts(body.blocks);
    for (const t of all.filter((x) => x.type === 'mrkdwn')) {
      // The only angle brackets left are our own links to http(s) URLs.
      expect(t.text.replace(/<https?:\/\/[^\s<>|]+\|[^<>]*>/g, '')).not.toMatch(/[<>]/);
      expect(t.text.length).toBeLessThanOrEqual(3000);
    }
    const joined = all.map((t) => t.text).join('\n');
    expect(joined).toContain('Fish &amp; Chips &lt; Burgers &gt; Salad');
    expect(joined).toContain('∗bold∗ ˍitalicˍ ∼strike∼ ˋcodeˋ &gt; quote');
    expect(joined).toContain('&lt;!channel&gt; everyone look at this');
    expect(joined).toContain('@\u2060channel @\u2060here @\u2060everyone');
    expect(joined).not.toContain('END-OF-LONG-TEXT');
    expect(joined).toMatch(/(抵制巴黎世家！){30,}抵制巴黎世家…\n/u);
    expect(body.text).not.toMatch(/<(?!https?:)/);
    // The link whose URL was javascript: shows the author without a link.
    expect(joined).toContain('\n∗author∗ 1 &lt;b&gt; (X, English');
  });

  it('says how a resolved incident ended, without the evidence', async () => {
    await slack().send(sampleNotification({ channel: 'team-alerts', brand: 'acme', kind: 'resolved' }), ctx());
    const { body } = standin.received[0] as (typeof standin.received)[number];
    expect(body.blocks.map((b) => b.type)).toEqual(['header', 'section', 'context']);
    expect(body.blocks[0]).toMatchObject({ text: { text: 'Resolved · acme' } });
    expect((body.blocks[1] as { text: { text: string } }).text.text).toBe(
      ':white_check_mark: *Over after 12 min (resolved automatically after 45 min of quiet). Nobody acknowledged it*',
    );
  });

  it('mentions the configured group on critical and escalated alerts only', async () => {
    const s = slack({ mention: '<!subteam^S0PRTEAM>' });
    await s.send(sampleNotification({ channel: 'team-alerts', severity: 'critical', kind: 'firing' }), ctx());
    await s.send(sampleNotification({ channel: 'team-alerts', severity: 'warning', kind: 'firing' }), ctx());
    await s.send(sampleNotification({ channel: 'team-alerts', severity: 'warning', kind: 'escalated' }), ctx());
    expect(standin.received.map((r) => r.body.text.startsWith('<!subteam^S0PRTEAM> '))).toEqual([true, false, true]);
    expect(() => slackNotifier.options.parse({ webhookUrl: url, mention: '@here' })).toThrow(/expected <!here>/);
  });

  it('turns 429 into a wait of Retry-After, 5xx into a retry, other 4xx into a permanent failure', async () => {
    standin.answer(
      { status: 429, headers: { 'retry-after': '7' }, body: 'rate_limited' },
      { status: 500, body: 'rollup_error' },
      { status: 404, body: 'no_service' },
      { status: 400, body: 'invalid_payload' },
    );
    const n = sampleNotification({ channel: 'team-alerts' });
    const s = slack();
    const limited = await s.send(n, ctx()).catch((e: unknown) => e);
    expect(limited).toBeInstanceOf(RetryableError);
    expect((limited as RetryableError).retryAfterMs).toBe(7000);
    const down = await s.send(n, ctx()).catch((e: unknown) => e);
    expect(down).toBeInstanceOf(RetryableError);
    expect((down as RetryableError).retryAfterMs).toBeUndefined();
    for (const answer of ['no_service', 'invalid_payload']) {
      const refused = await s.send(n, ctx()).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(PermanentError);
      expect((refused as Error).message).toContain(answer);
      // The webhook URL is a secret: errors name the channel, never the URL.
      expect((refused as Error).message).not.toContain('XXXXXXXX');
      expect((refused as Error).message).toContain('team-alerts');
    }
  });

  it('retries when Slack cannot be reached or does not answer in time, and stops when cancelled', async () => {
    const closed = new SlackStandIn();
    const closedUrl = await closed.start();
    await closed.stop();
    const unreachable = slackNotifier.create('x', slackNotifier.options.parse({ webhookUrl: closedUrl }), { env: {}, log: silentLogger });
    const refused = await unreachable.send(sampleNotification({ channel: 'x' }), ctx()).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(RetryableError);
    expect((refused as Error).message).toMatch(/cannot connect \(ECONNREFUSED\)/);

    standin.answer({ status: 200, hold: true });
    const slow = await slack({ timeout: '300ms' }).send(sampleNotification({ channel: 'team-alerts' }), ctx()).catch((e: unknown) => e);
    expect(slow).toBeInstanceOf(RetryableError);
    expect((slow as Error).message).toMatch(/no answer within 300ms/);
    standin.release();

    standin.answer({ status: 200, hold: true });
    const abort = new AbortController();
    const pending = slack().send(sampleNotification({ channel: 'team-alerts' }), { log: silentLogger, signal: abort.signal });
    await standin.waitFor(2);
    abort.abort(new Error('shutting down'));
    await expect(pending).rejects.toThrow('shutting down');
    standin.release();
  });

  it('refuses a missing or malformed webhook URL at config time', () => {
    expect(slackNotifier.options.safeParse({ webhookUrl: '' }).error?.issues[0]?.message).toBe('the webhook URL is empty: set SLACK_WEBHOOK_URL in the environment');
    expect(slackNotifier.options.safeParse({ webhookUrl: 'hooks.slack.com/x' }).error?.issues[0]?.message).toMatch(/expected an http\(s\) URL/);
  });
});
