/**
 * The brands of the scenario suite, from a shop with tens of posts a day to a household name with
 * tens of thousands, with every way people write their names (the demo's brand shape, so the demo's
 * text machinery fills their templates) and what their configs exclude.
 */
import { stringify } from 'yaml';
import type { VigieConfig } from '../../src/config/load.js';
import { parseConfig } from '../../src/configure.js';
import { AURORE, BALENCIAGA, BENCH_BRANDS, NORTHWIND, spellingsOf, type DemoBrand } from '../demo/scenario.js';

export interface SuiteBrand extends DemoBrand {
  /** Phrases whose posts are about something else (the config's `exclude`). */
  exclude?: string[];
}

const bench = (id: string): DemoBrand => {
  const b = BENCH_BRANDS.find((x) => x.id === id);
  if (!b) throw new Error(`scenario brands: no bench brand ${id}`);
  return b;
};

export const LUNE: SuiteBrand = {
  id: 'lune',
  displayName: 'Maison Lune',
  sector: 'fashion',
  spellings: {
    zh: [['月光之家', 6], ['Maison Lune', 2], ['月光家', 1]],
    en: [['Maison Lune', 7], ['#MaisonLune', 1]],
    fr: [['Maison Lune', 8], ['#MaisonLune', 1]],
  },
  tag: 'MaisonLune',
  zhName: '月光之家',
  products: {
    zh: ['丝巾', '托特包', '羊毛大衣', '小方包', '围巾'],
    en: ['silk scarf', 'tote bag', 'wool coat', 'mini bag', 'cashmere scarf'],
    fr: ['le carré de soie', 'le cabas', 'le manteau en laine', 'le petit sac', "l'écharpe en cachemire"],
  },
  official: { weibo: 'MaisonLune月光之家', twitter: 'maisonlune', followers: 38_000 },
};

export const ARCADIA: SuiteBrand = {
  id: 'arcadia',
  displayName: 'Arcadia',
  sector: 'home',
  spellings: {
    zh: [['雅卡迪', 6], ['雅卡迪电器', 2], ['Arcadia', 2]],
    en: [['Arcadia', 8], ['#Arcadia', 1]],
    fr: [['Arcadia', 9]],
  },
  tag: 'Arcadia',
  zhName: '雅卡迪',
  products: {
    zh: ['空气炸锅', '电饭煲', '电水壶', '吸尘器', '微波炉'],
    en: ['air fryer', 'rice cooker', 'electric kettle', 'stick vacuum', 'microwave'],
    fr: ['la friteuse à air', 'le cuiseur à riz', 'la bouilloire', "l'aspirateur balai", 'le micro-ondes'],
  },
  official: { weibo: 'Arcadia雅卡迪', twitter: 'arcadia_home', followers: 2_400_000 },
};

export const PIXEL: SuiteBrand = {
  id: 'pixel',
  displayName: 'Pixelmart',
  sector: 'home',
  spellings: {
    zh: [['像素商城', 6], ['Pixelmart', 2]],
    en: [['Pixelmart', 9], ['#Pixelmart', 1]],
    fr: [['Pixelmart', 9], ['#Pixelmart', 1]],
  },
  tag: 'Pixelmart',
  zhName: '像素商城',
  products: {
    zh: ['笔记本电脑', '显示器', '耳机', '路由器', '平板'],
    en: ['laptop', 'monitor', 'headphones', 'router', 'tablet'],
    fr: ["l'ordinateur portable", "l'écran", 'le casque', 'le routeur', 'la tablette'],
  },
  official: { weibo: 'Pixelmart像素商城', twitter: 'pixelmart', followers: 21_000 },
};

export const CAMELIA: SuiteBrand = {
  id: 'camelia',
  displayName: 'Camélia Cosmétiques',
  sector: 'beauty',
  spellings: {
    zh: [['山茶花护肤', 6], ['Camélia', 2]],
    en: [['Camelia Cosmetics', 5], ['Camélia', 3]],
    fr: [['Camélia Cosmétiques', 5], ['Camélia', 4]],
  },
  tag: 'CameliaCosmetiques',
  zhName: '山茶花护肤',
  products: {
    zh: ['保湿面霜', '洁面乳', '精华液', '防晒乳'],
    en: ['moisturiser', 'cleanser', 'face serum', 'sunscreen'],
    fr: ['la crème hydratante', 'le nettoyant', 'le sérum', 'la crème solaire'],
  },
  official: { weibo: 'Camélia山茶花护肤', twitter: 'cameliacosmetiques', followers: 9_000 },
};

export const ORBIS: SuiteBrand = {
  id: 'orbis',
  displayName: 'Orbis',
  sector: 'fashion',
  spellings: {
    zh: [['奥比斯', 6], ['Orbis', 3]],
    en: [['Orbis', 9], ['#Orbis', 1]],
    fr: [['Orbis', 9]],
  },
  tag: 'OrbisSport',
  zhName: '奥比斯',
  products: {
    zh: ['跑鞋', '运动外套', '瑜伽裤', '篮球鞋', '双肩包'],
    en: ['running shoes', 'track jacket', 'leggings', 'basketball shoes', 'backpack'],
    fr: ['la paire de running', 'la veste de survêtement', 'le legging', 'le sac à dos'],
  },
  official: { weibo: 'Orbis奥比斯', twitter: 'orbis', followers: 12_000_000 },
};

export const NORTHWIND_SUITE: SuiteBrand = { ...NORTHWIND, exclude: ['Northwind Traders', '北风贸易'] };

export const SUITE_BRANDS = {
  lune: LUNE,
  arcadia: ARCADIA,
  pixel: PIXEL,
  camelia: CAMELIA,
  orbis: ORBIS,
  aurore: AURORE as SuiteBrand,
  balenciaga: BALENCIAGA as SuiteBrand,
  northwind: NORTHWIND_SUITE,
  lumen: bench('lumen') as SuiteBrand,
  kestrel: bench('kestrel') as SuiteBrand,
  solene: bench('solene') as SuiteBrand,
} satisfies Record<string, SuiteBrand>;

/** The brand as a config entry: names, aliases and keywords that cover every spelling its posts use. */
export function brandConfig(b: SuiteBrand): Record<string, unknown> {
  const all = spellingsOf(b).filter((s) => !s.startsWith('#'));
  const names = [...new Set([b.displayName, b.zhName])];
  const aliases = all.filter((s) => !names.includes(s));
  return {
    names,
    ...(aliases.length > 0 ? { aliases } : {}),
    keywords: names,
    ...(b.exclude ? { exclude: b.exclude } : {}),
  };
}

/** Every brand of the suite as the scenarios' configs give it, read by the real configuration loader. */
export function suiteConfig(): VigieConfig {
  const brands = Object.values(SUITE_BRANDS);
  return parseConfig(
    stringify({ redis: { url: 'redis://127.0.0.1:6379', prefix: 'unused' }, brands: Object.fromEntries(brands.map((b) => [b.id, brandConfig(b)])) }),
    'suite brands',
  );
}
