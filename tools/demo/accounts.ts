/**
 * Who writes the generated posts: pools of ordinary accounts per platform and language (so the same
 * people post more than once, as they do), and the few high-reach voices a wave brings in.
 */
import type { Author } from '../../src/types.js';
import type { DemoBrand, DemoLang } from './brands.js';
import { wechatBiz } from './ids.js';
import type { Random } from './random.js';

/** A blog or WeChat account: where an article is published, and by whom. */
export interface Outlet {
  author: Author;
  /** Blog host (`*.example`), for the post URL; WeChat accounts have none. */
  host?: string;
}

const ZH_HEADS = ['爱吃', '不想上班的', '深夜', '快乐', '柠檬', '橘子', '奶茶', '北京', '上海', '成都', '杭州', '广州', '巴黎', '留法', '熬夜', '佛系', '元气', '小', '大'];
const ZH_TAILS = ['的猫', '酱', '君', '同学', '小姐姐', '星人', '菌', '鱼', '阿姨', '少女', '打工人', '本人', '小王', '日记', '研究员', '小透明'];
const EN_FIRST = ['maya', 'jordan', 'chris', 'lena', 'sam', 'priya', 'tom', 'alex', 'nina', 'omar', 'kate', 'leo', 'zoe', 'dan', 'ruth', 'mei', 'jess', 'marcus'];
const EN_LAST = ['reyes', 'cooper', 'walsh', 'khan', 'park', 'hughes', 'bell', 'ortiz', 'liu', 'grant', 'fox', 'shaw', 'nolan', 'adams'];
const FR_FIRST = ['camille', 'julien', 'manon', 'lucas', 'chloe', 'hugo', 'ines', 'theo', 'lea', 'nicolas', 'sarah', 'antoine', 'margaux', 'karim', 'elodie', 'bastien'];
const FR_LAST = ['martin', 'bernard', 'dubois', 'moreau', 'laurent', 'girard', 'roux', 'fontaine', 'chevalier', 'benali', 'lefebvre', 'garnier'];
const ZH_HANDLES = ['xiaolu', 'mengmeng', 'ajie', 'lili', 'chenchen', 'dawei', 'xiaoyu', 'tiantian', 'kiki', 'momo', 'yuki_lin', 'amy_zhang', 'leo_wang', 'coco_chen'];
const HANDLE_TAILS = ['', '', '_', '88', '_paris', '92', 'x', '_off', '01', '.k', '_lyon', '_ldn'];

const BLOGS: Record<DemoLang, readonly [host: string, name: string, author: string][]> = {
  en: [
    ['runwayreceipts.example', 'Runway Receipts', 'Dana Whitfield'],
    ['kitchenlabnotes.example', 'Kitchen Lab Notes', 'Rob Ellison'],
    ['thebeautyledger.example', 'The Beauty Ledger', 'Amara Osei'],
    ['streetstyleweekly.example', 'Street Style Weekly', 'Josh Tan'],
    ['homeandhearth.example', 'Home & Hearth Reviews', 'Claire Boyd'],
    ['retailwatch.example', 'Retail Watch', 'Mark Devlin'],
  ],
  fr: [
    ['ledressingdejuliette.example', 'Le Dressing de Juliette', 'Juliette Morel'],
    ['carnetbeaute.example', 'Carnet Beauté', 'Sophie Aubert'],
    ['lamaisonpratique.example', 'La Maison pratique', 'Paul Renaud'],
    ['modeetsociete.example', 'Mode & Société', 'Nadia Haddad'],
    ['consommateurs-avertis.example', 'Consommateurs avertis', 'Éric Vasseur'],
  ],
  zh: [
    ['xiaozhongshishang.example', '小众时尚观察', '林一'],
    ['jiadianceping.example', '家电测评室', '老周'],
    ['bali-shenghuo.example', '巴黎生活笔记', 'Coco陈'],
  ],
};

const WECHAT_ACCOUNTS = ['时尚穿搭日报', '美妆情报局', '家居好物研究所', '巴黎生活指南', '留学生在法国', '奢侈品观察', '消费者之声', '职场穿搭课'];

/** Followers of an ordinary account: a few hundred, with a long tail. */
function ordinaryFollowers(random: Random): number {
  return Math.min(450_000, Math.max(3, Math.round(random.logNormal(320, 1.7))));
}

/** Ordinary accounts, created once per scenario and drawn from at random. */
export class AccountPool {
  private readonly pools = new Map<string, Author[]>();

  constructor(private readonly random: Random) {}

  /** A Weibo user, or a Twitter user writing in `lang`. */
  person(platform: 'weibo' | 'twitter', lang: DemoLang): Author {
    const key = `${platform}:${lang}`;
    let pool = this.pools.get(key);
    if (!pool) {
      const r = this.random.fork(key);
      pool = Array.from({ length: platform === 'weibo' ? 900 : 500 }, () =>
        platform === 'weibo' ? weiboUser(r) : twitterUser(r, lang),
      );
      this.pools.set(key, pool);
    }
    return this.random.pick(pool);
  }

  blog(lang: DemoLang): Outlet {
    const [host, name, author] = this.random.pick(BLOGS[lang]);
    return { host, author: { id: host, name: `${author} (${name})` } };
  }

  wechat(): Outlet {
    const index = this.random.int(0, WECHAT_ACCOUNTS.length - 1);
    return { author: { id: wechatBiz(3_000_000_000 + index * 7_919_777), name: WECHAT_ACCOUNTS[index] as string } };
  }
}

function weiboUser(r: Random): Author {
  const name = r.pick(ZH_HEADS) + r.pick(ZH_TAILS) + (r.chance(0.3) ? `_${r.int(1985, 2006)}` : '');
  return { id: String(r.int(1_600_000_000, 7_900_000_000)), name, followers: ordinaryFollowers(r) };
}

function twitterUser(r: Random, lang: DemoLang): Author {
  if (lang === 'zh') {
    // Twitter handles are ASCII, whatever language their owner writes in.
    const name = `${r.pick(ZH_HANDLES)}${r.chance(0.6) ? r.int(1, 2006) : ''}`;
    return { id: String(r.int(100_000_000, 1_999_999_999_999)), name, followers: ordinaryFollowers(r) };
  }
  const first = r.pick(lang === 'fr' ? FR_FIRST : EN_FIRST);
  const last = r.pick(lang === 'fr' ? FR_LAST : EN_LAST);
  const handle = r.chance(0.5) ? `${first}_${last}${r.pick(HANDLE_TAILS)}` : `${first}${last.slice(0, 1)}${r.pick(HANDLE_TAILS)}`;
  return {
    id: String(r.int(100_000_000, 1_999_999_999_999)),
    // The handle, which permalinks need (x.com/<handle>/status/<id>).
    name: handle.replace(/[^a-z0-9_]/g, '').slice(0, 15),
    followers: ordinaryFollowers(r),
  };
}

/** A high-reach account that joins a wave: official media, influencers, the brand itself. */
export interface Voice {
  platform: 'weibo' | 'twitter';
  lang: DemoLang;
  author: Author;
  /** What it posts: a news report, an angry post, the brand's statement. */
  kind: 'news' | 'crisis' | 'apology';
  /** Minutes after the wave starts. */
  at: number;
}

/** A stable numeric account id derived from a name, so one account keeps one id. */
function accountId(name: string, digits: number): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  const low = 10 ** (digits - 1);
  return String(low + ((h >>> 0) % (9 * low)));
}

/** The loud accounts of a wave at their minute, the brand's own accounts signing the apology. */
export function waveVoices(apologyAt: number, brand: DemoBrand): Voice[] {
  const { weibo, twitter, followers } = brand.official;
  const brandWeibo: Author = { id: accountId(weibo, 10), name: weibo, followers };
  const brandTwitter: Author = { id: accountId(twitter, 9), name: twitter, followers: Math.round(followers * 1.9) };
  return [
    { platform: 'weibo', lang: 'zh', kind: 'news', at: 11, author: { id: '2810373291', name: '环球时讯', followers: 31_200_000 } },
    { platform: 'weibo', lang: 'zh', kind: 'crisis', at: 16, author: { id: '1974576991', name: '穿搭研究所所长', followers: 6_800_000 } },
    { platform: 'weibo', lang: 'zh', kind: 'news', at: 23, author: { id: '2656274875', name: '华夏新闻眼', followers: 18_500_000 } },
    { platform: 'twitter', lang: 'en', kind: 'crisis', at: 27, author: { id: '3316724018', name: 'lenastyles', followers: 3_100_000 } },
    { platform: 'twitter', lang: 'en', kind: 'news', at: 34, author: { id: '1652541', name: 'GlobalWireNews', followers: 2_400_000 } },
    { platform: 'twitter', lang: 'fr', kind: 'news', at: 46, author: { id: '24744541', name: 'LeFilInfoMode', followers: 1_150_000 } },
    { platform: 'weibo', lang: 'zh', kind: 'apology', at: apologyAt, author: brandWeibo },
    { platform: 'twitter', lang: 'en', kind: 'apology', at: apologyAt + 4, author: brandTwitter },
    { platform: 'twitter', lang: 'fr', kind: 'apology', at: apologyAt + 6, author: brandTwitter },
  ];
}
