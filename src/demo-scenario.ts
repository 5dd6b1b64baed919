import { join } from 'node:path';
import { packageRoot } from './package-root.js';

/** The bundled demo scenario `vigie start --demo` replays (written by tools/demo/write-scenario.ts). */
export const BOYCOTT_SCENARIO_PATH = join(packageRoot(import.meta.url), 'config', 'demo', 'boycott.jsonl');
