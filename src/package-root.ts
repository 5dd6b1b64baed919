import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package's root: the nearest directory above `moduleUrl` that holds package.json. Files the
 * package ships beside its code (models/, config/) are found from there, whether the code runs
 * from src/ (tests), dist/ (the product) or dist-tools/src/ (tools compiled with what they use).
 */
export function packageRoot(moduleUrl: string | URL): string {
  const start = dirname(fileURLToPath(moduleUrl));
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${start}: where is the package installed?`);
  }
}
