import { isoUtc } from '../clock.js';
import type { ScoredPost, Severity } from '../types.js';
import type { AlertLocale } from './i18n.js';
import type { Notification, NotificationKind } from './notifiers/notifier.js';

/**
 * A realistic alert for `vigie notify test` and the channels' own tests: what a boycott wave looks
 * like when it reaches a channel, with made-up accounts and example.com links.
 */
export function sampleNotification(opts: { channel: string; brand?: string; severity?: Severity; kind?: NotificationKind; now?: number; link?: string; locale?: AlertLocale }): Notification {
  const now = opts.now ?? Date.now();
  const brand = opts.brand ?? 'example-brand';
  const severity = opts.severity ?? 'critical';
  const opened = now - 12 * 60_000;
  const id = `inc-${isoUtc(now).slice(0, 10).replace(/-/g, '')}-test`;
  const kind = opts.kind ?? 'test';
  return {
    key: `${id}:1:${opts.channel}:${kind}`,
    kind,
    channel: opts.channel,
    createdAt: isoUtc(now),
    link: opts.link,
    step: kind === 'escalated' ? 1 : undefined,
    ...(opts.locale ? { locale: opts.locale } : {}),
    incident: {
      id,
      fingerprint: `${brand}/crisis-wave`,
      brand,
      rule: 'crisis-wave',
      severity,
      status: 'open',
      silenced: false,
      openedAt: isoUtc(opened),
      updatedAt: isoUtc(now),
      revision: 1,
      summary: '312 crisis posts in 15m, 26× the usual 12 (baseline: 7d of history)',
      figures: [
        { name: 'crisis posts / 15m', value: 312, baseline: 12, threshold: 60 },
        { name: 'usual spread (σ) / 15m', value: 4.2 },
      ],
      explanation: { metric: 'crisis', count: 312, authors: 287, windowMs: 15 * 60_000, platforms: ['weibo', 'twitter'], categories: ['boycott', 'discrimination'], expected: 12, historyMs: 7 * 86_400_000, pValue: 3e-12 },
      terms: ['抵制', '歧视', 'boycott', 'racism'],
      languages: { cmn: 226, eng: 71, fra: 15 },
      platforms: { weibo: 204, twitter: 93, feed: 15 },
      evidence: SAMPLE_POSTS.map((p) => p.id),
      escalationStep: kind === 'escalated' ? 1 : 0,
      timeline: [
        { at: isoUtc(opened), kind: 'opened', by: 'rule crisis-wave', text: `${severity}: 312 crisis posts in 15m` },
        ...(kind === 'resolved' ? [{ at: isoUtc(now), kind: 'resolved' as const, by: 'vigie', text: 'quiet for 45m: resolved automatically' }] : []),
      ],
      ...(kind === 'resolved' ? { status: 'resolved' as const, resolvedAt: isoUtc(now) } : {}),
    },
    posts: SAMPLE_POSTS.map((p) => ({ ...p, brands: [brand], publishedAt: isoUtc(opened), collectedAt: isoUtc(opened + 60_000) })),
  };
}

const base = { sourceId: 'sample', brands: [] as string[], publishedAt: '', collectedAt: '' };

const SAMPLE_POSTS: ScoredPost[] = [
  {
    ...base,
    id: 'weibo:sample-1',
    platform: 'weibo',
    url: 'https://weibo.example.com/1000000001/sample1',
    author: { id: '1000000001', name: '时尚观察员', followers: 2_400_000 },
    text: '店员推搡排队的中国顾客，这是歧视！#抵制# 品牌必须道歉',
    lang: 'cmn',
    sentiment: { score: -0.8, label: 'neg' },
    crisis: { terms: ['抵制', '歧视'], categories: ['boycott', 'discrimination'], score: 0.9, matches: [] },
    reach: 2_530_000,
  },
  {
    ...base,
    id: 'twitter:sample-2',
    platform: 'twitter',
    url: 'https://x.example.com/styledesk/status/2',
    author: { id: '2', name: 'styledesk', followers: 310_000 },
    text: 'Customers pushed out of the queue in the Paris store. This is racism & it needs an answer. #boycott',
    lang: 'eng',
    sentiment: { score: -0.7, label: 'neg' },
    crisis: { terms: ['boycott', 'racism'], categories: ['boycott', 'discrimination'], score: 0.8, matches: [] },
    reach: 318_000,
  },
  {
    ...base,
    id: 'feed:sample-3',
    platform: 'feed',
    url: 'https://blog.example.com/2026/queue',
    author: { id: 'blog.example.com', name: 'Le carnet mode' },
    title: 'Ce qui s’est passé dans la file',
    text: 'Des clients bousculés dans la file d’attente : le récit d’un témoin et les réactions.',
    lang: 'fra',
    sentiment: { score: -0.4, label: 'neg' },
    crisis: { terms: [], categories: [], score: 0, matches: [] },
    reach: 1,
  },
];
