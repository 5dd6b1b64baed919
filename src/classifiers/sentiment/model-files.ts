/** Languages with a trained sentiment model (ISO 639-3) and the suffix of their data files. */
export const MODEL_FILES: Readonly<Record<string, string>> = { eng: 'en', fra: 'fr', cmn: 'zh', deu: 'de', spa: 'es', ita: 'it', por: 'pt' };
