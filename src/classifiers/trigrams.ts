/**
 * franc's language models and distance, computed the way franc computes them but only for the
 * candidate languages and without franc's per-call overhead (trigram-utils builds and sorts
 * tuples through several intermediate strings; this takes a third of the time). The answers are
 * franc's: test/classifiers/language.test.ts checks them against `francAll` itself.
 */
import { data } from 'franc/data.js';

/** franc's penalty for a trigram the language model does not have. */
const MAX_DIFFERENCE = 300;
/** franc reads at most this much of a text. */
const MAX_LENGTH = 2048;

export interface LanguageDistance {
  lang: string;
  distance: number;
  /** franc's normalised score: 1 for the best, lower for the others. */
  score: number;
}

/**
 * The candidates of one script group: every trigram any of their models holds, in an
 * open-addressing table keyed by the trigram's three UTF-16 code units (as one number, exact below
 * 2^48), with each model's rank of it (-1: not in that model).
 */
interface Group {
  langs: string[];
  keys: Float64Array;
  /** `ranks[slot * langs.length + m]`: model m's rank of the trigram at `slot`. */
  ranks: Int16Array;
  mask: number;
}

const EMPTY = -1;

const keyOf = (a: number, b: number, c: number): number => a * 4294967296 + b * 65536 + c;
/** A hash of the three code units: int arithmetic, no string made. */
const hashOf = (a: number, b: number, c: number): number => Math.imul(Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77) ^ c, 0xc2b2ae3d) >>> 0;

/** Slot of `key` in a table of `mask + 1` slots: its own, or the empty one where it would go. */
function slotOf(keys: Float64Array, mask: number, key: number, hash: number): number {
  let slot = hash & mask;
  while (keys[slot] !== EMPTY && keys[slot] !== key) slot = (slot + 1) & mask;
  return slot;
}

function buildGroup(models: [lang: string, model: string][]): Group {
  const langs = models.map(([lang]) => lang);
  let size = 1;
  while (size < models.length * 300 * 2) size *= 2;
  const keys = new Float64Array(size).fill(EMPTY);
  const ranks = new Int16Array(size * langs.length).fill(-1);
  models.forEach(([, model], m) => {
    model.split('|').forEach((trigram, rank) => {
      // A text's trigrams are three code units; a model's of another length could never match.
      if (trigram.length !== 3) return;
      const a = trigram.charCodeAt(0);
      const b = trigram.charCodeAt(1);
      const c = trigram.charCodeAt(2);
      const key = keyOf(a, b, c);
      const slot = slotOf(keys, size - 1, key, hashOf(a, b, c));
      keys[slot] = key;
      // franc's Map keeps a trigram's last rank when a model lists it twice.
      ranks[slot * langs.length + m] = rank;
    });
  });
  return { langs, keys, ranks, mask: size - 1 };
}

/**
 * A text's distinct trigrams and their counts, in tables made once and reused (a stamp per call
 * says which slots are this call's): counting them in a Map of three-character strings, walked
 * as fresh entry arrays by each candidate, was about a quarter of what the classifier chain
 * allocated a post (3.3 of 13.3 KB), which its thread's garbage collector paid for. Sized for
 * MAX_LENGTH code units, which lower-casing may double (İ is i and a dot above): at most twice
 * that many trigrams, the table at most half full.
 */
const TEXT_SLOTS = 8192;
const textKeys = new Float64Array(TEXT_SLOTS);
const textStamps = new Uint32Array(TEXT_SLOTS);
const textHashes = new Uint32Array(TEXT_SLOTS);
const textCounts = new Int32Array(TEXT_SLOTS);
const textUsed = new Int32Array(TEXT_SLOTS);
let stamp = 0;
/** Each candidate's distance of the call in progress. */
let distances = new Float64Array(8);

const PUNCTUATION_AND_DIGITS = /[\u0021-\u0040]+/g;
const WHITESPACE = /\s+/g;

/** trigram-utils' `clean`: ASCII punctuation and digits to spaces, collapsed, trimmed, lower case. */
export function cleanForTrigrams(text: string): string {
  return text.replace(PUNCTUATION_AND_DIGITS, ' ').replace(WHITESPACE, ' ').trim().toLowerCase();
}

export class TrigramScorer {
  private readonly groups = new Map<string, Group>();

  /** @param languages candidate ISO 639-3 codes; those franc has no trigram model for are ignored. */
  constructor(languages: readonly string[]) {
    const wanted = new Set(languages);
    for (const [group, models] of Object.entries(data) as [string, Record<string, string>][]) {
      const chosen = Object.entries(models).filter(([lang]) => wanted.has(lang));
      if (chosen.length > 0) this.groups.set(group, buildGroup(chosen));
    }
  }

  /** Candidate languages written in a franc script group (`Latin`, `Cyrillic`, `Arabic`, ...). */
  languagesOf(group: string): string[] {
    return [...(this.groups.get(group)?.langs ?? [])];
  }

  /** Every candidate of the group, nearest first, as franc would rank them. */
  rank(text: string, group: string): LanguageDistance[] {
    const g = this.groups.get(group);
    if (!g) return [];
    const sample = text.length > MAX_LENGTH ? text.slice(0, MAX_LENGTH) : text;
    const distinct = countTrigrams(` ${cleanForTrigrams(sample)} `);
    const n = g.langs.length;
    if (distances.length < n) distances = new Float64Array(n);
    distances.fill(0, 0, n);
    for (let i = 0; i < distinct; i++) {
      const at = textUsed[i] as number;
      const slot = slotOf(g.keys, g.mask, textKeys[at] as number, textHashes[at] as number);
      const known = g.keys[slot] !== EMPTY;
      const count = textCounts[at] as number;
      for (let m = 0; m < n; m++) {
        const rank = known ? (g.ranks[slot * n + m] as number) : -1;
        if (rank < 0) distances[m] = (distances[m] as number) + MAX_DIFFERENCE;
        else {
          // franc compares a trigram's count in the text with its rank in the model.
          const difference = count - rank - 1;
          distances[m] = (distances[m] as number) + (difference < 0 ? -difference : difference);
        }
      }
    }
    const out: LanguageDistance[] = [];
    for (let m = 0; m < n; m++) insertByDistance(out, { lang: g.langs[m] as string, distance: distances[m] as number, score: 0 });
    const min = out[0]?.distance ?? 0;
    const max = sample.length * MAX_DIFFERENCE - min;
    for (const d of out) d.score = 1 - (d.distance - min) / max || 0;
    return out;
  }
}

/** Counts the trigrams of `padded` into the shared tables; returns how many distinct ones `textUsed` lists. */
function countTrigrams(padded: string): number {
  stamp = (stamp + 1) >>> 0;
  if (stamp === 0) {
    // Wrapped after 2^32 calls: no slot may look like this call's.
    textStamps.fill(0);
    stamp = 1;
  }
  let distinct = 0;
  // Never more distinct trigrams than slots (see TEXT_SLOTS): the guard only keeps a probe finite.
  for (let i = 0; i + 3 <= padded.length && distinct < TEXT_SLOTS - 1; i++) {
    const a = padded.charCodeAt(i);
    const b = padded.charCodeAt(i + 1);
    const c = padded.charCodeAt(i + 2);
    const key = keyOf(a, b, c);
    const hash = hashOf(a, b, c);
    let slot = hash & (TEXT_SLOTS - 1);
    while (textStamps[slot] === stamp && textKeys[slot] !== key) slot = (slot + 1) & (TEXT_SLOTS - 1);
    if (textStamps[slot] === stamp) textCounts[slot] = (textCounts[slot] as number) + 1;
    else {
      textStamps[slot] = stamp;
      textKeys[slot] = key;
      textHashes[slot] = hash;
      textCounts[slot] = 1;
      textUsed[distinct++] = slot;
    }
  }
  return distinct;
}

/** Inserts `d` after every distance not above its own (stable, as Array.prototype.sort; a few candidates, no sort's work array). */
function insertByDistance(out: LanguageDistance[], d: LanguageDistance): void {
  let i = out.length;
  out.push(d);
  while (i > 0 && (out[i - 1] as LanguageDistance).distance > d.distance) {
    out[i] = out[i - 1] as LanguageDistance;
    i--;
  }
  out[i] = d;
}
