/**
 * Weights shared by the word-level scorers.
 *
 * Lexicon-based sentiment leans positive: people use more, and more varied, positive words, so
 * a lexicon sums to positive on mixed or plain text. SO-CAL (Taboada et al., 2011, "Lexicon-based
 * methods for sentiment analysis") counters it by weighing every negative expression 1.5 times;
 * Vigie does the same, in every language.
 */
export const NEGATIVE_WEIGHT = 1.5;
