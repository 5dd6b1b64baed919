/** The shape of one category's terms, and a helper to write many phrasings at once. */

export interface CrisisTermsByLanguage {
  zh: string[];
  en: string[];
  fr: string[];
}

/** Every join of one part from each list, in order: the many ways one complaint is put together. */
export function joins(...lists: string[][]): string[] {
  return lists.reduce<string[]>((acc, list) => acc.flatMap((head) => list.map((part) => head + part)), ['']);
}
