/**
 * The candidate languages when the configuration names none: Chinese, English, French. A module
 * of its own, without the schema's imports: a prestarted classify thread prepares these before
 * the configuration is read.
 */
export const DEFAULT_LANGUAGES: readonly string[] = ['cmn', 'eng', 'fra'];
