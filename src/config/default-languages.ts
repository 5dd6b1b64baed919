/** The candidate languages when the configuration names none: Chinese, English, French. */
export const DEFAULT_LANGUAGES: readonly string[] = ['cmn', 'eng', 'fra'];
