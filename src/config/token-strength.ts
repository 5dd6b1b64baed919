/** Shortest API token accepted: 32 characters of `vigie token` carry 160 bits, past any guessing. */
export const MIN_TOKEN_LENGTH = 32;

/** What to say about a token under the minimum (config check and HTTP start alike). */
export function weakTokenMessage(length: number): string {
  return `the token is ${length} character${length === 1 ? '' : 's'} long: use at least ${MIN_TOKEN_LENGTH} (run \`vigie token\` to make one)`;
}
