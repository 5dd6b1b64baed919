import { z } from 'zod';
import { duration } from '../../config/schema.js';
import { PermanentError } from '../../errors.js';
import { isProxySetting } from '../../net/http.js';
import { failureForStatus, postJson } from './http.js';
import type { NotifierSpec } from './notifier.js';
import { slackMessage } from './slack-blocks.js';

const options = z.strictObject({
  /** The incoming webhook URL: a secret, so `${SLACK_WEBHOOK_URL}` from the environment. */
  webhookUrl: z
    .string({ error: 'give the incoming webhook URL as ${SLACK_WEBHOOK_URL}' })
    .min(1, 'the webhook URL is empty: set SLACK_WEBHOOK_URL in the environment')
    .refine((u) => URL.canParse(u) && /^https?:$/.test(new URL(u).protocol), 'expected an http(s) URL (https://hooks.slack.com/services/...)'),
  /** Per request. @default 10s */
  timeout: duration.default(10_000),
  /** Evidence posts shown in each alert. @default 3 */
  maxPosts: z.number().int().min(0).max(10).default(3),
  /** Characters of each post shown. @default 280 */
  postChars: z.number().int().min(40).max(1000).default(280),
  /**
   * An http(s) proxy URL for this channel (credentials in it: write `${SLACK_PROXY_URL}`), or
   * `none` to connect directly. Default: HTTPS_PROXY / NO_PROXY from the environment.
   */
  proxy: z.string().refine(isProxySetting, 'expected an http(s) proxy URL such as http://proxy.example.com:3128, or none').optional(),
  /** Who critical and escalated alerts notify: `<!here>`, `<!channel>`, `<!subteam^S0123>` or `<@U0123>`. */
  mention: z
    .string()
    .regex(/^<(!here|!channel|@[UW][A-Z0-9]+|!subteam\^[A-Z0-9]+)>$/, 'expected <!here>, <!channel>, <!subteam^ID> or <@USERID>')
    .optional(),
});

/**
 * Slack through an incoming webhook, with Block Kit. Slack answers 200 "ok", 429 with Retry-After
 * when rate limited, 4xx codes (invalid_payload, channel_not_found, no_service) that retrying will
 * not fix, and occasionally 5xx. The webhook URL is a secret: it is never logged nor put in errors.
 */
export const slackNotifier: NotifierSpec<z.output<typeof options>> = {
  type: 'slack',
  description: 'Posts alerts to a Slack channel through an incoming webhook, with Block Kit.',
  options,
  create(id, o) {
    const what = `Slack channel "${id}"`;
    return {
      id,
      type: 'slack',
      async send(n, ctx) {
        const message = slackMessage(n, { maxPosts: o.maxPosts, postChars: o.postChars, mention: o.mention });
        const res = await postJson(o.webhookUrl, message, { timeoutMs: o.timeout, signal: ctx.signal, what, proxy: o.proxy });
        if (res.status >= 200 && res.status < 300) return;
        const failure = failureForStatus(res.status, res.retryAfter, `${what}${res.body ? ` (${res.body.slice(0, 80)})` : ''}`);
        if (failure instanceof PermanentError) ctx.log.error({ status: res.status, answer: res.body.slice(0, 200) }, 'Slack refused the alert');
        throw failure;
      },
    };
  },
};
