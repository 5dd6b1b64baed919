import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeEvidence, waveEvidence } from '../../src/cli/backtest-evidence.js';
import { brandSchema } from '../../src/config/schema.js';

/**
 * What a wave had produced by a deadline, as `vigie backtest` prints it beside a late first alert:
 * counted from a replay file like the generator's, classified with the scenario's brands.
 */
const brands = [
  { id: 'lune', ...brandSchema.parse({ names: ['Maison Lune', '月光之家'], accounts: { weibo: ['MaisonLune月光之家'] } }) },
  { id: 'aurore', ...brandSchema.parse({ names: ['Maison Aurore', '奥萝尔'] }) },
];
const WAVE = Date.parse('2026-03-10T11:00:00Z');
let n = 0;

function post(minute: number, collectedAfterMin: number, author: string, text: string, platform = 'weibo'): string {
  n += 1;
  const at = WAVE + minute * 60_000;
  return JSON.stringify({
    id: `${platform}:${5_001_000_000 + n}`,
    platform,
    sourceId: `${platform}-search`,
    url: `https://weibo.com/${author}/${n}`,
    author: { id: author, name: author, followers: 120 },
    text,
    publishedAt: new Date(at).toISOString(),
    collectedAt: new Date(at + collectedAfterMin * 60_000).toISOString(),
    metrics: { likes: 1, shares: 0, comments: 0 },
  });
}

async function replayFile(lines: string[]): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), 'vigie-evidence-')), 'wave.jsonl');
  await writeFile(file, `${lines.join('\n')}\n`);
  return file;
}

describe('what a wave had said by its deadline', () => {
  it('counts the brand’s serious crisis posts collected in time, and their authors', async () => {
    const file = await replayFile([
      post(-30, 1, '1001', '月光之家的新品还不错'), // before the wave, calm
      post(2, 1, '2001', '月光之家广告辱华，抵制月光之家！'),
      post(4, 1, '2001', '抵制月光之家，不买了 #抵制月光之家#'), // the same author again
      post(6, 1, '2002', '月光之家必须道歉！歧视中国人 #抵制月光之家#'),
      post(7, 12, '2003', '抵制月光之家，广告辱华', 'wechat'), // published in time, collected at 19 min
      post(8, 1, 'MaisonLune月光之家', '月光之家就广告引发的歧视争议致歉'), // the brand's own account
      post(5, 1, '2004', '抵制奥萝尔，辱华广告'), // another brand
      post(9, 0.5, '2005', '在月光之家买的包退货一个月了还不退款，客服电话永远没人接'), // a complaint, no serious category
      'not a post',
    ]);
    const [crisis, none] = await waveEvidence(file, { brands, languages: ['cmn', 'eng', 'fra'] }, [
      { brand: 'lune', kind: 'crisis', from: WAVE, to: WAVE + 10 * 60_000 },
      { brand: 'lune', kind: 'crisis', from: WAVE, to: WAVE + 60_000 },
    ]);
    expect(crisis).toEqual({ posts: 3, authors: 2 });
    expect(none).toEqual({ posts: 0, authors: 0 });
    expect(describeEvidence(crisis as { posts: number; authors: number }, 'crisis')).toBe('3 serious crisis posts from 2 authors');
    expect(describeEvidence({ posts: 0, authors: 0 }, 'negative')).toBe('no negative or complaint post');
    expect(describeEvidence({ posts: 1, authors: 1 }, 'negative')).toBe('1 negative or complaint post from 1 author');
  });

  it('counts a slow burn’s negative and complaint posts, not the calm ones', async () => {
    const file = await replayFile([
      post(20, 1, '3001', '在月光之家买的包退货一个月了还不退款，客服电话永远没人接'),
      post(50, 1, '3002', 'Still no refund from Maison Lune after five weeks. Customer service never answers.', 'twitter'),
      post(60, 1, '3003', '月光之家的新包真好看，已经下单了'),
      post(130, 1, '3004', '第7次打月光之家客服，还是没人回电话，钱到底什么时候退？'), // after the deadline
    ]);
    const [negative] = await waveEvidence(file, { brands, languages: ['cmn', 'eng', 'fra'] }, [{ brand: 'lune', kind: 'negative', from: WAVE, to: WAVE + 120 * 60_000 }]);
    expect(negative).toEqual({ posts: 2, authors: 2 });
  });
});
