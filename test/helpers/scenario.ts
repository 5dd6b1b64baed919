import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Post } from '../../src/types.js';

const CALM = [
  'Just picked up a new Aurore lipstick, the colour is lovely',
  '奥萝尔的新香水味道还不错，包装也好看',
  "J'adore la nouvelle crème de Maison Aurore",
  'Balenciaga runway show this season was interesting',
  '巴黎世家新款运动鞋上架了，有人买了吗',
];
const ANGRY = [
  '抵制巴黎世家！店员推搡中国顾客，这是赤裸裸的歧视，太恶心了 #抵制巴黎世家#',
  '巴黎世家辱华，必须道歉！再也不买了 #抵制巴黎世家#',
  'Boycott Balenciaga: staff pushed Chinese customers in the queue. Disgusting racism. #BoycottBalenciaga',
  'Balenciaga discrimination scandal, never buying again. Shameful and racist.',
  'Boycott de Balenciaga : discrimination honteuse envers des clients chinois, scandale',
];

export interface SmallScenario {
  file: string;
  posts: Post[];
  waveStart: number;
}

/**
 * A small scenario of our own for pipeline tests: two hours of calm chatter about two brands,
 * then a 30-minute wave of angry, boycott posts about balenciaga.
 */
export function writeSmallScenario(start = Date.parse('2026-04-14T06:00:00Z')): SmallScenario {
  const posts: Post[] = [];
  let n = 0;
  const add = (t: number, text: string, platform: Post['platform']) => {
    n += 1;
    const iso = new Date(t).toISOString();
    posts.push({
      id: `${platform}:${1000 + n}`,
      platform,
      sourceId: `${platform}-test`,
      url: `https://example.test/${platform}/${n}`,
      author: { id: `u${n % 17}`, name: `user ${n % 17}`, followers: 100 + (n % 7) * 1000 },
      text,
      publishedAt: iso,
      collectedAt: iso,
    });
  };
  const waveStart = start + 120 * 60_000;
  for (let m = 0; m < 120; m += 2) add(start + m * 60_000 + 5_000, CALM[(m / 2) % CALM.length] as string, m % 4 === 0 ? 'weibo' : 'twitter');
  for (let m = 0; m < 30; m++) {
    for (let k = 0; k < 6; k++) {
      add(waveStart + m * 60_000 + k * 9_000, ANGRY[(m + k) % ANGRY.length] as string, k % 2 === 0 ? 'weibo' : 'twitter');
    }
  }
  for (let m = 30; m < 100; m += 3) add(waveStart + m * 60_000, CALM[m % CALM.length] as string, 'weibo');
  const dir = mkdtempSync(join(tmpdir(), 'vigie-scenario-'));
  const file = join(dir, 'small.jsonl');
  writeFileSync(file, posts.map((p) => JSON.stringify(p)).join('\n') + '\n');
  return { file, posts, waveStart };
}
