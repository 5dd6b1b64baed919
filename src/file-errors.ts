import { isAbsolute, resolve } from 'node:path';

/**
 * Why `file` could not be read, for a message that names it. A relative path is read from the
 * working directory, so a missing one says where it was looked for: `vigie backtest` run from
 * another folder finds no `config/vigie.yaml`, and "file not found" alone does not say why.
 */
export function unreadableFile(file: string, err: unknown): string {
  if ((err as NodeJS.ErrnoException | undefined)?.code !== 'ENOENT') return err instanceof Error ? err.message : String(err);
  return isAbsolute(file) ? 'file not found' : `file not found (looked for ${resolve(file)})`;
}
