/**
 * How accounts are compared, apart from the configuration's schema: the classify threads need it
 * (brands.ts) but not zod, whose import costs each thread a few MB.
 */

/** How accounts are compared: case and a leading @ do not matter (`@Balenciaga` is `balenciaga`). */
export function accountKey(handle: string): string {
  return handle.trim().replace(/^@+/, '').normalize('NFKC').toLowerCase();
}
