/**
 * The naive baselines the eval compares Vigie with, so the gain shows: franc over every language
 * it knows, and natural's SentimentAnalyzer alone (its documented use: its tokenizer, its
 * vocabulary for the language, a Porter stemmer). natural has no Chinese vocabulary: its
 * baseline scores every Chinese post 0.
 */
import { createRequire } from 'node:module';
import { franc } from 'franc';

const require = createRequire(import.meta.url);

export const LANGUAGE_BASELINE = 'franc, all languages';
export const SENTIMENT_BASELINE = 'natural alone';

export function baselineLanguage(text: string): string {
  return franc(text);
}

interface Analyzer {
  getSentiment(words: string[]): number;
}
interface Tokenizer {
  tokenize(text: string): string[];
}
type AnalyzerClass = new (language: string, stemmer: unknown, type: string) => Analyzer;
type TokenizerClass = new () => Tokenizer;

const NATURAL: Record<string, { language: string; type: string; stemmer: string; tokenizer: string }> = {
  eng: { language: 'English', type: 'afinn', stemmer: 'porter_stemmer', tokenizer: 'aggressive_tokenizer' },
  fra: { language: 'French', type: 'pattern', stemmer: 'porter_stemmer_fr', tokenizer: 'aggressive_tokenizer_fr' },
  spa: { language: 'Spanish', type: 'afinn', stemmer: 'porter_stemmer_es', tokenizer: 'aggressive_tokenizer_es' },
  por: { language: 'Portuguese', type: 'afinn', stemmer: 'porter_stemmer_pt', tokenizer: 'aggressive_tokenizer_pt' },
  deu: { language: 'German', type: 'pattern', stemmer: 'porter_stemmer_de', tokenizer: 'aggressive_tokenizer_de' },
  ita: { language: 'Italian', type: 'pattern', stemmer: 'porter_stemmer_it', tokenizer: 'aggressive_tokenizer_it' },
  nld: { language: 'Dutch', type: 'pattern', stemmer: 'porter_stemmer_nl', tokenizer: 'aggressive_tokenizer_nl' },
};

/** natural's score for a text in a language: a number, 0 when natural has no vocabulary for it. */
export function naturalBaseline(lang: string): (text: string) => number {
  const choice = NATURAL[lang];
  if (!choice) return () => 0;
  const Analyzer = require('natural/lib/natural/sentiment/SentimentAnalyzer.js') as AnalyzerClass;
  const Tok = require(`natural/lib/natural/tokenizers/${choice.tokenizer}.js`) as TokenizerClass;
  const stemmer: unknown = require(`natural/lib/natural/stemmers/${choice.stemmer}.js`);
  const analyzer = new Analyzer(choice.language, stemmer, choice.type);
  const tokenizer = new Tok();
  return (text) => {
    const words = tokenizer.tokenize(text);
    if (words.length === 0) return 0;
    const score = analyzer.getSentiment(words);
    return Number.isFinite(score) ? score : 0;
  };
}
