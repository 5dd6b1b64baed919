/**
 * The brands the demo and bench scenarios talk about, with every way people write their names, so
 * a config can watch for exactly the spellings the generated posts use.
 */
import type { Weighted } from './random.js';

/** The languages the scenarios are written in, as the platforms' two-letter codes. */
export type DemoLang = 'zh' | 'en' | 'fr';

export const DEMO_LANGS: readonly DemoLang[] = ['zh', 'en', 'fr'];

/** Picks the product and outfit vocabulary the chatter templates use. */
export type Sector = 'fashion' | 'beauty' | 'home';

/** Per language: how the brand's name is written, weighted by how often. */
export type Spellings = Record<DemoLang, readonly Weighted<string>[]>;

export interface DemoBrand {
  /** The config id (`brands.<id>` in config/vigie.yaml). */
  id: string;
  /** The name its own accounts sign with. */
  displayName: string;
  sector: Sector;
  /** Ways the name is written in running text, per language. */
  spellings: Spellings;
  /** The word inside hashtags: `#Boycott<tag>`, `#<zh>#`. */
  tag: string;
  /** The Chinese name used in `#抵制…#` topics. */
  zhName: string;
  /** Products people mention, per language. */
  products: Record<DemoLang, readonly string[]>;
  /** The brand's own accounts, which sign its statements. */
  official: { weibo: string; twitter: string; followers: number };
}

/** Every distinct spelling a brand's posts use: what its config names and aliases must cover. */
export function spellingsOf(brand: DemoBrand): string[] {
  const all = new Set<string>();
  for (const lang of DEMO_LANGS) for (const [s] of brand.spellings[lang]) all.add(s);
  all.add(`#${brand.tag}`);
  all.add(`#${brand.zhName}#`);
  return [...all];
}

export const BALENCIAGA: DemoBrand = {
  id: 'balenciaga',
  displayName: 'Balenciaga',
  sector: 'fashion',
  spellings: {
    zh: [['巴黎世家', 6], ['Balenciaga', 3], ['BALENCIAGA', 1], ['B家', 1]],
    en: [['Balenciaga', 8], ['BALENCIAGA', 2], ['#Balenciaga', 2]],
    fr: [['Balenciaga', 8], ['BALENCIAGA', 1], ['#Balenciaga', 1]],
  },
  tag: 'Balenciaga',
  zhName: '巴黎世家',
  products: {
    zh: ['老爹鞋', 'Triple S', '沙漏包', '机车包', '袜子鞋', '卫衣', '棒球帽', '小号City'],
    en: ['Triple S sneakers', 'Speed trainers', 'Hourglass bag', 'City bag', 'oversized hoodie', 'logo cap'],
    fr: ['la paire de Triple S', 'le sac Hourglass', 'la paire de Speed', 'le sweat oversize', 'le sac City', 'la casquette'],
  },
  official: { weibo: 'Balenciaga巴黎世家', twitter: 'Balenciaga', followers: 1_380_000 },
};

export const AURORE: DemoBrand = {
  id: 'aurore',
  displayName: 'Maison Aurore',
  sector: 'beauty',
  spellings: {
    zh: [['奥萝尔', 6], ['Maison Aurore', 2], ['奥萝尔之家', 1]],
    en: [['Maison Aurore', 6], ['Aurore', 2], ['#MaisonAurore', 1]],
    fr: [['Maison Aurore', 7], ['Aurore', 2], ['#MaisonAurore', 1]],
  },
  tag: 'MaisonAurore',
  zhName: '奥萝尔',
  products: {
    zh: ['玫瑰精华', '晨曦口红', '夜间修护面霜', '朝露香水', '卸妆油', '气垫粉底'],
    en: ['rose serum', 'Aube lipstick', 'night cream', 'Rosée perfume', 'cleansing oil', 'cushion foundation'],
    fr: ['le sérum à la rose', 'le rouge à lèvres Aube', 'la crème de nuit', 'le parfum Rosée', "l'huile démaquillante"],
  },
  official: { weibo: 'MaisonAurore奥萝尔', twitter: 'maisonaurore', followers: 240_000 },
};

export const NORTHWIND: DemoBrand = {
  id: 'northwind',
  displayName: 'Northwind',
  sector: 'home',
  spellings: {
    zh: [['北风电器', 5], ['北风', 2], ['Northwind', 2]],
    en: [['Northwind', 8], ['NORTHWIND', 1], ['#Northwind', 1]],
    fr: [['Northwind', 9], ['#Northwind', 1]],
  },
  tag: 'Northwind',
  zhName: '北风电器',
  products: {
    zh: ['对开门冰箱', '洗碗机', '空气炸锅', '滚筒洗衣机', '干衣机', '净水器'],
    en: ['FreshLine fridge', 'dishwasher', 'air fryer', 'washing machine', 'tumble dryer', 'water filter'],
    fr: ['le frigo FreshLine', 'le lave-vaisselle', 'la friteuse à air', 'le lave-linge', 'le sèche-linge'],
  },
  official: { weibo: 'Northwind北风电器', twitter: 'northwind_home', followers: 96_000 },
};

/** The three brands of the bundled boycott demo. */
export const DEMO_BRANDS: readonly DemoBrand[] = [BALENCIAGA, AURORE, NORTHWIND];

const LUMEN: DemoBrand = {
  id: 'lumen',
  displayName: 'Lumen Optique',
  sector: 'fashion',
  spellings: {
    zh: [['流明眼镜', 5], ['Lumen', 2]],
    en: [['Lumen Optique', 5], ['Lumen', 3]],
    fr: [['Lumen Optique', 6], ['Lumen', 2]],
  },
  tag: 'LumenOptique',
  zhName: '流明眼镜',
  products: {
    zh: ['墨镜', '板材镜框', '防蓝光眼镜', '金属细框'],
    en: ['sunglasses', 'acetate frames', 'blue-light glasses', 'wire frames'],
    fr: ['la paire de solaires', 'la monture en acétate', 'la paire anti-lumière bleue'],
  },
  official: { weibo: 'Lumen流明眼镜', twitter: 'lumenoptique', followers: 120_000 },
};

const KESTREL: DemoBrand = {
  id: 'kestrel',
  displayName: 'Kestrel',
  sector: 'home',
  spellings: {
    zh: [['红隼厨具', 5], ['Kestrel', 2]],
    en: [['Kestrel', 7], ['#KestrelCookware', 1]],
    fr: [['Kestrel', 8]],
  },
  tag: 'Kestrel',
  zhName: '红隼厨具',
  products: {
    zh: ['铸铁锅', '不粘平底锅', '刀具套装', '电水壶'],
    en: ['cast-iron pot', 'non-stick pan', 'knife set', 'electric kettle'],
    fr: ['la cocotte en fonte', 'la poêle antiadhésive', 'le set de couteaux', 'la bouilloire'],
  },
  official: { weibo: 'Kestrel红隼厨具', twitter: 'kestrelcookware', followers: 64_000 },
};

const SOLENE: DemoBrand = {
  id: 'solene',
  displayName: 'Solène Paris',
  sector: 'beauty',
  spellings: {
    zh: [['索兰', 5], ['Solène', 2]],
    en: [['Solène Paris', 5], ['Solene', 2]],
    fr: [['Solène Paris', 6], ['Solène', 3]],
  },
  tag: 'SoleneParis',
  zhName: '索兰',
  products: {
    zh: ['防晒霜', '精华水', '身体乳', '眼霜'],
    en: ['sunscreen', 'essence toner', 'body lotion', 'eye cream'],
    fr: ['la crème solaire', "l'essence tonique", 'le lait corps', 'le contour des yeux'],
  },
  official: { weibo: 'Solène索兰', twitter: 'soleneparis', followers: 88_000 },
};

/** Six brands for the benchmark: the demo's three and three more fictional ones. */
export const BENCH_BRANDS: readonly DemoBrand[] = [...DEMO_BRANDS, LUMEN, KESTREL, SOLENE];
