/**
 * natural's sentiment vocabularies and stemmers, loaded from the submodules that hold them.
 * natural's index would also load its storage back-ends (pg, mongoose, redis, memjs) and
 * WordNet; these paths load none of them and print nothing (test/classifiers/natural-load.test.ts).
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface NaturalAnalyzer {
  /** Word → polarity, already reduced to a number by natural. */
  vocabulary: Record<string, number>;
  negations: string[];
}
type AnalyzerClass = new (language: string, stemmer: null, type: string) => NaturalAnalyzer;

export interface Stemmer {
  stem(word: string): string;
}

/** Which natural vocabulary each language uses, and how to bring its scores to AFINN's -5..5. */
interface VocabularyChoice {
  language: string;
  type: 'afinn' | 'pattern' | 'senticon';
  scale: number;
  stemmer?: string;
  /** Further vocabularies that fill in words the first one lacks. */
  more?: { type: 'afinn' | 'pattern' | 'senticon'; scale: number }[];
}

const VOCABULARIES: Record<string, VocabularyChoice> = {
  eng: {
    language: 'English',
    type: 'afinn',
    scale: 1,
    stemmer: 'porter_stemmer',
    // SentiWordNet-derived senticon fills the words AFINN lacks, at a fraction of AFINN's
    // weight: broad but noisier, it mostly settles posts AFINN says nothing about.
    more: [{ type: 'senticon', scale: 0.3 }],
  },
  fra: { language: 'French', type: 'pattern', scale: 4, stemmer: 'porter_stemmer_fr' },
  spa: { language: 'Spanish', type: 'afinn', scale: 1, stemmer: 'porter_stemmer_es' },
  por: { language: 'Portuguese', type: 'afinn', scale: 1, stemmer: 'porter_stemmer_pt' },
  deu: { language: 'German', type: 'pattern', scale: 4, stemmer: 'porter_stemmer_de' },
  ita: { language: 'Italian', type: 'pattern', scale: 4, stemmer: 'porter_stemmer_it' },
  nld: { language: 'Dutch', type: 'pattern', scale: 4, stemmer: 'porter_stemmer_nl' },
  cat: { language: 'Catalan', type: 'senticon', scale: 4 },
  glg: { language: 'Galician', type: 'senticon', scale: 4 },
  eus: { language: 'Basque', type: 'senticon', scale: 4 },
};

/** Languages natural has a sentiment vocabulary for (ISO 639-3). */
export const NATURAL_LANGUAGES: readonly string[] = Object.keys(VOCABULARIES);

export interface NaturalVocabulary {
  /** Word → score on AFINN's scale. */
  words: Map<string, number>;
  negations: string[];
  stemmer?: Stemmer;
}

let analyzerClass: AnalyzerClass | undefined;

/** natural's vocabulary for a language, or undefined when natural has none. */
export function naturalVocabulary(lang: string): NaturalVocabulary | undefined {
  const choice = VOCABULARIES[lang];
  if (!choice) return undefined;
  analyzerClass ??= require('natural/lib/natural/sentiment/SentimentAnalyzer.js') as AnalyzerClass;
  const analyzer = new analyzerClass(choice.language, null, choice.type);
  const words = new Map<string, number>();
  const fill = (vocabulary: Record<string, number>, scale: number) => {
    for (const [word, value] of Object.entries(vocabulary)) {
      const n = Number(value);
      if (Number.isFinite(n) && n !== 0 && !words.has(word)) words.set(word, n * scale);
    }
  };
  fill(analyzer.vocabulary, choice.scale);
  for (const more of choice.more ?? []) fill(new analyzerClass(choice.language, null, more.type).vocabulary, more.scale);
  const stemmer = choice.stemmer ? (require(`natural/lib/natural/stemmers/${choice.stemmer}.js`) as Stemmer) : undefined;
  return stemmer ? { words, negations: analyzer.negations, stemmer } : { words, negations: analyzer.negations };
}
