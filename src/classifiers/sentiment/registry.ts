/**
 * The shipped models (`models/<kind>-<lang>.bin`: sentiment, crisis), each read the first time a
 * post in its language is scored: start-up pays for none, a process that never sees German never
 * loads it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../package-root.js';
import type { SentimentLabel } from '../../types.js';
import { decodeModel, SENTIMENT_CLASSES, type LinearModel } from './model.js';

/** `models/` at the package's root, from src/ (tests), dist/ and dist-tools/ alike. */
export const MODELS_DIR = join(packageRoot(import.meta.url), 'models');

export function modelFile(dir: string, lang: string, kind = 'sentiment'): string {
  return join(dir, `${kind}-${lang}.bin`);
}

export class ModelRegistry<C extends string = SentimentLabel> {
  private readonly models = new Map<string, LinearModel<C> | null>();

  /**
   * @param dir where the model files are; @default the package's `models/`.
   * @param kind the file names' first part, `sentiment` or `crisis`; @param classes the classes its models may have.
   */
  constructor(
    private readonly dir: string = MODELS_DIR,
    private readonly kind: string = 'sentiment',
    private readonly classes: readonly C[] = SENTIMENT_CLASSES as readonly string[] as readonly C[],
  ) {}

  /** The model for a language, loaded on first call; undefined when none ships. */
  get(lang: string): LinearModel<C> | undefined {
    let model = this.models.get(lang);
    if (model === undefined) {
      model = this.load(lang);
      this.models.set(lang, model);
    }
    return model ?? undefined;
  }

  /** Languages whose model is in memory, and the bytes their weights take. */
  loaded(): { langs: string[]; bytes: number } {
    let bytes = 0;
    const langs: string[] = [];
    for (const [lang, model] of this.models) {
      if (!model) continue;
      langs.push(lang);
      bytes += model.bytes;
    }
    return { langs, bytes };
  }

  private load(lang: string): LinearModel<C> | null {
    if (!/^[a-z]{3}$/.test(lang)) return null;
    const file = modelFile(this.dir, lang, this.kind);
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    try {
      return decodeModel(bytes, file, this.classes);
    } catch (err) {
      throw new Error(`${file}: not a readable ${this.kind} model (${err instanceof Error ? err.message : String(err)})`, { cause: err });
    }
  }
}
