/**
 * Turns templates into post text: fills the placeholders for one brand and language, decorates
 * short posts the way each platform's users write (Weibo faces and topics, t.co links), and strings
 * article sentences into a body.
 */
import { spellingsOf, type DemoBrand, type DemoLang, type Sector } from './brands.js';
import type { Random } from './random.js';
import { TEMPLATES, type ArticleKind, type PostKind, type Template } from './templates/index.js';

export interface TextContext {
  brand: DemoBrand;
  lang: DemoLang;
  kind: PostKind;
  /** The product this post is about: one per post, however often the text names it. */
  product: string;
  random: Random;
  /** Another account's name, for `//@user:` reposts. */
  otherUser: () => string;
}

type Mood = 'pos' | 'neg' | 'none';

function moodOf(kind: PostKind, random: Random): Mood {
  switch (kind) {
    case 'chatter':
      return 'pos';
    case 'complaint':
    case 'crisis':
      return 'neg';
    case 'reaction':
      return random.chance(0.7) ? 'neg' : 'pos';
    default:
      return 'none';
  }
}

const applicable = new Map<string, string[]>();

/** The templates of a list that suit a brand's sector (cached: this runs for every post). */
function forSector(key: string, list: readonly Template[], sector: Sector): string[] {
  const cacheKey = `${key}:${sector}`;
  let found = applicable.get(cacheKey);
  if (!found) {
    found = list.flatMap((t) => (typeof t === 'string' ? [t] : t[0] === sector ? [t[1]] : []));
    if (found.length === 0) throw new Error(`demo templates: none for ${key} and sector ${sector}`);
    applicable.set(cacheKey, found);
  }
  return found;
}

const BASE62 = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

function code(random: Random, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += BASE62[random.int(0, 61)];
  return out;
}

/** Replaces every `{placeholder}`; an unknown one is a template bug and throws. */
export function fill(template: string, ctx: TextContext, mood: Mood = moodOf(ctx.kind, ctx.random)): string {
  const { brand, lang, random } = ctx;
  const decorations = TEMPLATES[lang].decorations;
  const text = template.replace(/\{(\w+)\}/g, (_, key: string) => {
    switch (key) {
      case 'brand':
        return random.weighted(brand.spellings[lang]);
      case 'product':
        return ctx.product;
      case 'tag':
        return lang === 'zh' ? `#${brand.zhName}#` : `#${brand.tag}`;
      case 'boycott':
        return lang === 'zh' ? `#抵制${brand.zhName}#` : `#Boycott${brand.tag}`;
      case 'emoji':
        return mood === 'none' ? '' : random.pick(decorations.emoji[mood]);
      case 'face': {
        const faces = mood === 'none' ? [] : decorations.faces[mood];
        return faces.length > 0 ? random.pick(faces) : '';
      }
      case 'n':
        return String(random.int(2, 9));
      case 'user':
        return ctx.otherUser();
      default:
        throw new Error(`demo templates: unknown placeholder {${key}} in "${template}"`);
    }
  });
  let tidy = text.replace(/ {2,}/g, ' ').trim();
  // French elides "de" before a vowel: "la crème de nuit d’Aurore".
  if (lang === 'fr') tidy = tidy.replace(/\b([Dd])e (?=[AEIOUÉaeiouéè])/g, '$1’');
  // A template may open on a placeholder that is lowercase mid-sentence ("le sac ... vaut-il").
  return tidy.charAt(0).toUpperCase() + tidy.slice(1);
}

const lowerSpellings = new WeakMap<DemoBrand, string[]>();

/** Whether the text names the brand in any of the ways its config watches for. */
export function mentionsBrand(text: string, brand: DemoBrand): boolean {
  let spellings = lowerSpellings.get(brand);
  if (!spellings) {
    spellings = spellingsOf(brand).map((s) => s.toLowerCase());
    lowerSpellings.set(brand, spellings);
  }
  const lower = text.toLowerCase();
  return spellings.some((s) => lower.includes(s));
}

/** A Weibo post or a tweet. */
export function shortPost(ctx: TextContext, platform: 'weibo' | 'twitter'): string {
  const { random, kind, lang } = ctx;
  const list = forSector(`${lang}:post:${kind}`, TEMPLATES[lang].posts[kind], ctx.brand.sector);
  const mood = moodOf(kind, random);
  let text = fill(random.pick(list), ctx, mood);
  if (!mentionsBrand(text, ctx.brand)) text = fill(lang === 'zh' ? '{tag}' : '{tag} ', ctx, mood) + text;
  if (kind === 'apology') return text;
  const openers = mood === 'none' ? [] : TEMPLATES[lang].decorations.openers[mood];
  if (openers.length > 0 && random.chance(0.2)) text = random.pick(openers) + text;
  if (platform === 'weibo' && mood !== 'none' && random.chance(0.25)) {
    text += random.pick(TEMPLATES.zh.decorations.faces[mood]);
  }
  const linkChance = kind === 'news' ? 0.7 : 0.08;
  if (random.chance(linkChance)) {
    text += platform === 'weibo' ? ` http://t.cn/A6${code(random, 6)}` : ` https://t.co/${code(random, 10)}`;
  }
  return text;
}

/** A blog post or WeChat article: a title and a body of several sentences, one naming the brand. */
export function article(ctx: TextContext): { title: string; text: string } {
  const { random, lang, brand } = ctx;
  const kind: ArticleKind = ctx.kind === 'apology' ? 'news' : ctx.kind;
  const set = TEMPLATES[lang].articles;
  const mood = moodOf(kind, random);
  const title = fill(random.pick(forSector(`${lang}:title:${kind}`, set.titles[kind], brand.sector)), ctx, mood);
  const sentences = forSector(`${lang}:para:${kind}`, set.paragraphs[kind], brand.sector);
  const naming = sentences.filter((s) => s.includes('{brand}'));
  const first = naming.length > 0 ? random.pick(naming) : '{brand}';
  const rest = sentences.filter((s) => s !== first);
  const count = Math.min(rest.length, random.int(2, 4));
  const chosen = [first];
  while (chosen.length <= count) {
    const s = random.pick(rest);
    if (!chosen.includes(s)) chosen.push(s);
  }
  // Sentences are written in the order a story is told; keep it.
  chosen.sort((a, b) => sentences.indexOf(a) - sentences.indexOf(b));
  const body = chosen.map((s) => fill(s, ctx, mood)).join(TEMPLATES[lang].decorations.sentenceJoiner);
  return { title, text: body };
}
