import { CRISIS_CATEGORIES, type CrisisCategory, type Explanation, type Severity } from '../types.js';
import { metricLabel } from './rules/metrics.js';

/**
 * The words of the alerts, in English and French: every channel (Slack, email, console) and the
 * page's alert-facing strings take them from here, so a Paris team reads one language everywhere.
 * Numbers, dates and language names come from Intl; the rest is two small tables. No framework:
 * two languages and a few dozen strings do not need one.
 */
export type AlertLanguage = 'en' | 'fr';

/** How a team reads its alerts: language, time zone, and the brand's name as people say it. */
export interface AlertLocale {
  language: AlertLanguage;
  /** IANA name (`Europe/Paris`); the JSON keeps UTC. */
  timeZone: string;
  /** The brand's display name (or the subject's id, for source-health incidents). */
  brandName: string;
}

export const DEFAULT_LOCALE: AlertLocale = { language: 'en', timeZone: 'UTC', brandName: '' };

/** The locale of a brand's alerts from the config: `displayName`, else its first name, else its id. */
export function localeFor(
  c: { alerting: { language: AlertLanguage; timezone: string }; brands: readonly { id: string; names: string[]; displayName?: string }[] },
  brand: string,
): AlertLocale {
  const b = c.brands.find((x) => x.id === brand);
  return { language: c.alerting.language, timeZone: c.alerting.timezone, brandName: b?.displayName ?? b?.names[0] ?? brand };
}

const INTL_LOCALE: Record<AlertLanguage, string> = { en: 'en-GB', fr: 'fr-FR' };

type Forms = readonly [one: string, many: string];

export interface Words {
  severity: Record<Severity, string>;
  tag: { resolved: string; escalated: string; test: string; update: string; acknowledged: string; possibleRepeat: string };
  title: { resolved: string; escalated: string; update: string; acknowledged: string; test: string; possibleRepeat: string };
  metric: Record<'posts' | 'neg' | 'pos' | 'crisis' | 'severe' | 'reachNeg', Forms>;
  /** `boycott posts`: a category's posts. */
  categoryPosts: Record<CrisisCategory, Forms>;
  category: Record<CrisisCategory, string>;
  sentiment: Record<'neg' | 'neu' | 'pos', string>;
  platform: Record<string, string>;
  and: string;
  /** `: ` in English, ` : ` in French typography. */
  colon: string;
  /** English words of the rules' figure names, in this language (longest first). */
  figureWords: readonly (readonly [string, string])[];
  label: {
    why: string;
    terms: string;
    platforms: string;
    languages: string;
    topPosts: string;
    openIncident: string;
    related: string;
    official: string;
    reach: string;
    threshold: string;
    baseline: string;
    minimum: string;
    rule: string;
    opened: string;
    open: string;
    acknowledged: string;
    resolved: string;
    silenced: string;
    for: string;
  };
  explain: {
    from: (authors: string) => string;
    in: (window: string) => string;
    on: (platforms: string) => string;
    expected: (n: string, history: string) => string;
    lastDays: (n: number) => string;
    lastHours: (n: number) => string;
  };
  escalatedNote: (step: number) => string;
  testNote: string;
  grew: (now: string, before: string, since: string) => string;
  /** An update whose headline counts something else than the last notice's (another metric or window). */
  nowCounts: (now: string, before: string, since: string) => string;
  acked: (who: string, at: string, note?: string) => string;
  over: (lasted: string) => string;
  quietResolved: (quiet: string) => string;
  resolvedBy: (who: string, text?: string) => string;
  peak: (what: string, at: string) => string;
  handledBy: (who: string) => string;
  nobodyAcked: string;
  officialBy: (who: string, where: string) => string;
}

const EN: Words = {
  severity: { critical: 'critical', warning: 'warning', info: 'info' },
  tag: { resolved: 'RESOLVED', escalated: 'ESCALATED', test: 'TEST', update: 'UPDATE', acknowledged: 'ACKNOWLEDGED', possibleRepeat: 'POSSIBLE REPEAT' },
  title: { resolved: 'Resolved', escalated: 'Escalated', update: 'Update', acknowledged: 'Acknowledged', test: 'Test', possibleRepeat: 'Possible repeat' },
  metric: {
    posts: ['post', 'posts'],
    neg: ['negative post', 'negative posts'],
    pos: ['positive post', 'positive posts'],
    crisis: ['crisis post', 'crisis posts'],
    severe: ['serious crisis post', 'serious crisis posts'],
    reachNeg: ['person reached by negative posts', 'people reached by negative posts'],
  },
  categoryPosts: {
    boycott: ['boycott post', 'boycott posts'],
    discrimination: ['discrimination post', 'discrimination posts'],
    violence: ['violence post', 'violence posts'],
    safety: ['safety post', 'safety posts'],
    // The category's terms are fraud and the law (scam, lawsuit, investigation, fined): said so.
    fraud: ['fraud or legal post', 'fraud or legal posts'],
    service: ['service complaint', 'service complaints'],
  },
  category: { boycott: 'boycott', discrimination: 'discrimination', violence: 'violence', safety: 'safety', fraud: 'fraud or legal', service: 'service' },
  sentiment: { neg: 'negative', neu: 'neutral', pos: 'positive' },
  platform: { weibo: 'Weibo', wechat: 'WeChat', twitter: 'X', feed: 'blogs & news', ingest: 'API', replay: 'replay' },
  and: 'and',
  colon: ': ',
  figureWords: [],
  label: {
    why: 'Why',
    terms: 'Terms',
    platforms: 'Platforms',
    languages: 'Languages',
    topPosts: 'Top posts',
    openIncident: 'Open incident',
    related: 'Related signals',
    official: 'Official response',
    reach: 'reach',
    threshold: 'threshold',
    baseline: 'usual',
    minimum: 'minimum',
    rule: 'rule',
    opened: 'opened',
    open: 'open',
    acknowledged: 'acknowledged',
    resolved: 'resolved',
    silenced: 'silenced',
    for: 'for',
  },
  explain: {
    from: (a) => `from ${a} ${a === '1' ? 'author' : 'authors'}`,
    in: (w) => `in ${w}`,
    on: (p) => `on ${p}`,
    expected: (n, h) => `expected ${n} at this hour from ${h}`,
    lastDays: (n) => (n === 1 ? 'the last day' : `the last ${n} days`),
    lastHours: (n) => (n === 1 ? 'the last hour' : `the last ${n} hours`),
  },
  escalatedNote: (step) => `Not acknowledged: escalation step ${step}.`,
  testNote: 'This is a test alert sent by `vigie notify test`.',
  grew: (now, before, since) => `Still growing: ${now}, up from ${before} at the last notice (${since} ago).`,
  nowCounts: (now, before, since) => `Now ${now}; the last notice (${since} ago) counted ${before}.`,
  acked: (who, at, note) => `Acknowledged by ${who} at ${at}${note ? `: ${note}` : ''}. Escalation stopped.`,
  over: (lasted) => `Over after ${lasted}`,
  quietResolved: (quiet) => `resolved automatically after ${quiet} of quiet`,
  resolvedBy: (who, text) => `resolved by ${who}${text ? `: ${text}` : ''}`,
  peak: (what, at) => `Peak: ${what} at ${at}`,
  handledBy: (who) => `Handled by ${who}`,
  nobodyAcked: 'Nobody acknowledged it',
  officialBy: (who, where) => `Official response by ${who} on ${where}`,
};

const FR: Words = {
  severity: { critical: 'critique', warning: 'avertissement', info: 'info' },
  tag: { resolved: 'RÉSOLU', escalated: 'RELANCE', test: 'TEST', update: 'MISE À JOUR', acknowledged: 'PRIS EN CHARGE', possibleRepeat: 'DOUBLON POSSIBLE' },
  title: { resolved: 'Résolu', escalated: 'Relance', update: 'Mise à jour', acknowledged: 'Pris en charge', test: 'Test', possibleRepeat: 'Doublon possible' },
  metric: {
    posts: ['message', 'messages'],
    neg: ['message négatif', 'messages négatifs'],
    pos: ['message positif', 'messages positifs'],
    crisis: ['message de crise', 'messages de crise'],
    severe: ['message de crise grave', 'messages de crise grave'],
    reachNeg: ['personne atteinte par des messages négatifs', 'personnes atteintes par des messages négatifs'],
  },
  categoryPosts: {
    boycott: ['message de boycott', 'messages de boycott'],
    discrimination: ['message sur une discrimination', 'messages sur une discrimination'],
    violence: ['message sur des violences', 'messages sur des violences'],
    safety: ['message sur la sécurité', 'messages sur la sécurité'],
    fraud: ['message sur une fraude ou la justice', 'messages sur une fraude ou la justice'],
    service: ['plainte sur le service', 'plaintes sur le service'],
  },
  category: { boycott: 'boycott', discrimination: 'discrimination', violence: 'violence', safety: 'sécurité', fraud: 'fraude ou justice', service: 'service' },
  sentiment: { neg: 'négatif', neu: 'neutre', pos: 'positif' },
  platform: { weibo: 'Weibo', wechat: 'WeChat', twitter: 'X', feed: 'blogs et presse', ingest: 'API', replay: 'rejeu' },
  and: 'et',
  colon: ' : ',
  figureWords: [
    ['reach of negative posts', 'audience des messages négatifs'],
    ['large hurting posts', 'messages influents hostiles'],
    ['reach of the post', 'audience du message'],
    ['negative posts', 'messages négatifs'],
    ['positive posts', 'messages positifs'],
    ['serious crisis posts', 'messages de crise grave'],
    ['crisis posts', 'messages de crise'],
    ['usual spread', 'écart habituel'],
    ['consecutive failures', 'échecs consécutifs'],
    ['share of', 'part de'],
    ['posts', 'messages'],
    ['threshold', 'seuil'],
    ['baseline', 'niveau habituel'],
  ],
  label: {
    why: 'Pourquoi',
    terms: 'Termes',
    platforms: 'Plateformes',
    languages: 'Langues',
    topPosts: 'Messages principaux',
    openIncident: 'Ouvrir l’incident',
    related: 'Signaux liés',
    official: 'Réponse officielle',
    reach: 'audience',
    threshold: 'seuil',
    baseline: 'habituel',
    minimum: 'minimum',
    rule: 'règle',
    opened: 'ouvert le',
    open: 'en cours',
    acknowledged: 'pris en charge',
    resolved: 'résolu',
    silenced: 'en sourdine',
    for: 'depuis',
  },
  explain: {
    from: (a) => `de ${a} ${a === '1' ? 'auteur' : 'auteurs'}`,
    in: (w) => `en ${w}`,
    on: (p) => `sur ${p}`,
    expected: (n, h) => `${n} attendus à cette heure d’après ${h}`,
    lastDays: (n) => (n === 1 ? 'la dernière journée' : `les ${n} derniers jours`),
    lastHours: (n) => (n === 1 ? 'la dernière heure' : `les ${n} dernières heures`),
  },
  escalatedNote: (step) => `Personne n’a pris l’incident en charge : relance, étape ${step}.`,
  testNote: 'Ceci est une alerte de test envoyée par `vigie notify test`.',
  grew: (now, before, since) => `Toujours en hausse : ${now}, contre ${before} à la dernière alerte (il y a ${since}).`,
  nowCounts: (now, before, since) => `Désormais ${now} ; la dernière alerte (il y a ${since}) comptait ${before}.`,
  acked: (who, at, note) => `Pris en charge par ${who} à ${at}${note ? ` : ${note}` : ''}. Relances arrêtées.`,
  over: (lasted) => `Terminé après ${lasted}`,
  quietResolved: (quiet) => `résolu automatiquement après ${quiet} de calme`,
  resolvedBy: (who, text) => `résolu par ${who}${text ? ` : ${text}` : ''}`,
  peak: (what, at) => `Pic : ${what} à ${at}`,
  handledBy: (who) => `Pris en charge par ${who}`,
  nobodyAcked: 'Personne ne l’a pris en charge',
  officialBy: (who, where) => `Réponse officielle de ${who} sur ${where}`,
};

export function wordsFor(language: AlertLanguage): Words {
  return language === 'fr' ? FR : EN;
}

/** `2,140` / `2 140`, `0.2` / `0,2`, `2.4M` / `2,4 M`: one decimal under 10, whole numbers above. */
export function num(n: number, language: AlertLanguage): string {
  const loc = INTL_LOCALE[language];
  if (Math.abs(n) >= 1_000_000) {
    const v = new Intl.NumberFormat(loc, { maximumFractionDigits: Math.abs(n) >= 10_000_000 ? 0 : 1 }).format(n / 1_000_000);
    return language === 'fr' ? `${v} M` : `${v}M`;
  }
  return new Intl.NumberFormat(loc, { maximumFractionDigits: Math.abs(n) < 10 ? 1 : 0 }).format(n);
}

/**
 * An expected or usual level: like `num`, except that a small positive value reads `< 0.1` rather
 * than rounding to `0` (a model that has seen no boycott post still expects a little over nothing,
 * and "expected 0" reads as a certainty).
 */
export function level(n: number, language: AlertLanguage): string {
  return n > 0 && n < 0.05 ? `< ${num(0.1, language)}` : num(n, language);
}

/** `3 h 37 min`, `15 min`, `2 d 4 h` (`2 j 4 h`): the same shape in both languages. */
export function span(ms: number, language: AlertLanguage): string {
  const min = Math.max(0, Math.round(ms / 60_000));
  if (min < 1) return `${Math.max(0, Math.round(ms / 1000))} s`;
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h${min % 60 ? ` ${min % 60} min` : ''}`;
  return `${Math.floor(h / 24)} ${language === 'fr' ? 'j' : 'd'}${h % 24 ? ` ${h % 24} h` : ''}`;
}

/** `30 Nov, 11:03 CET` / `30 nov., 11:03 UTC+1`, in the team's time zone. */
export function time(iso: string | number, locale: Pick<AlertLocale, 'language' | 'timeZone'>): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[locale.language], {
    timeZone: locale.timeZone,
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).format(new Date(iso));
}

/** A rule's English figure name in the team's language: `crisis posts / 15m` → `messages de crise / 15 min`. */
export function figureName(name: string, language: AlertLanguage): string {
  let out = name.replace(/\s*\(σ\)/g, '').replace(/σ/g, 'spread');
  out = out.replace(/(\d+)(m|h|d)\b/g, (_, n: string, u: string) => `${n} ${u === 'm' ? 'min' : u === 'h' ? 'h' : language === 'fr' ? 'j' : 'd'}`);
  // A category's posts as the rules name them (`boycott posts`), in the words the alert uses for them.
  if (language !== 'en') for (const c of CRISIS_CATEGORIES) out = out.split(metricLabel(`c:${c}`)).join(metricWords(`c:${c}`, 2, language));
  for (const [en, there] of wordsFor(language).figureWords) out = out.split(en).join(there);
  return out;
}

/** `Weibo and X`, `Weibo, WeChat et X`. */
export function listOf(items: readonly string[], language: AlertLanguage): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${wordsFor(language).and} ${items.at(-1)}`;
}

const LANGUAGE_NAMES: Record<AlertLanguage, Intl.DisplayNames> = {
  en: new Intl.DisplayNames(['en'], { type: 'language', fallback: 'code' }),
  fr: new Intl.DisplayNames(['fr'], { type: 'language', fallback: 'code' }),
};

/** `cmn` -> `Chinese` / `chinois`. */
export function languageLabel(code: string, language: AlertLanguage): string {
  if (code === 'und') return language === 'fr' ? 'indéterminée' : 'undetermined';
  try {
    return LANGUAGE_NAMES[language].of(code) ?? code;
  } catch {
    return code;
  }
}

export function platformLabel(p: string, language: AlertLanguage): string {
  return wordsFor(language).platform[p] ?? p;
}

/** `boycott posts`, `messages négatifs`: what a metric counts, agreeing with `count`. */
export function metricWords(metric: string, count: number, language: AlertLanguage): string {
  const w = wordsFor(language);
  const forms: Forms | undefined = metric.startsWith('c:') ? w.categoryPosts[metric.slice(2) as CrisisCategory] : w.metric[metric as keyof Words['metric']];
  if (!forms) return metric;
  const one = language === 'fr' ? Math.abs(count) < 2 : count === 1;
  return forms[one ? 0 : 1];
}

const SUPERSCRIPT: Record<string, string> = { '-': '⁻', 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹' };

/** `p < 10⁻⁹` for small probabilities, `p = 0.004` otherwise. */
export function pValue(p: number, language: AlertLanguage): string {
  if (p > 0 && p < 0.001) {
    const exp = String(-Math.floor(-Math.log10(p)));
    return `p < 10${[...exp].map((ch) => SUPERSCRIPT[ch] ?? ch).join('')}`;
  }
  return `p = ${new Intl.NumberFormat(INTL_LOCALE[language], { maximumSignificantDigits: 2 }).format(p)}`;
}

/** The categories an explanation names beside its count: those of an aggregate (`severe`, `crisis`); a category's own metric says it already. */
export function categoriesNamed(e: Explanation): readonly CrisisCategory[] {
  return e.metric.startsWith('c:') ? [] : (e.categories ?? []);
}

/**
 * The measurement in one sentence: `9 boycott posts from 8 authors in 15 min on Weibo and X;
 * expected 0.2 at this hour from the last 7 days (p < 10⁻⁹)`.
 */
export function explain(e: Explanation, language: AlertLanguage): string {
  const w = wordsFor(language);
  const what = [`${num(e.count, language)} ${metricWords(e.metric, e.count, language)}`];
  const kinds = categoriesNamed(e);
  if (kinds.length > 0) what.push(`(${kinds.map((c) => w.category[c]).join(', ')})`);
  if (e.authors !== undefined && e.metric !== 'reachNeg') what.push(w.explain.from(num(e.authors, language)));
  if (e.windowMs > 0) what.push(w.explain.in(span(e.windowMs, language)));
  if (e.platforms && e.platforms.length > 0) what.push(w.explain.on(listOf(e.platforms.map((p) => platformLabel(p, language)), language)));
  let sentence = what.join(' ');
  if (e.expected !== undefined) {
    const hours = Math.round((e.historyMs ?? 0) / 3_600_000);
    const history = hours >= 48 ? w.explain.lastDays(Math.round(hours / 24)) : w.explain.lastHours(Math.max(1, hours));
    sentence += `${language === 'fr' ? ' ; ' : '; '}${w.explain.expected(level(e.expected, language), history)}`;
  }
  if (e.pValue !== undefined) sentence += ` (${pValue(e.pValue, language)})`;
  return sentence;
}
