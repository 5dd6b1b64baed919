import { randomBytes } from 'node:crypto';
import { MIN_TOKEN_LENGTH } from '../config/token-strength.js';
import { parseCommand, type Command } from './command.js';

const HELP = `usage: vigie token

Prints a new random API token (${MIN_TOKEN_LENGTH}+ characters, 192 bits) for http.token, e.g.
  export VIGIE_TOKEN=$(vigie token)
with \`token: \${VIGIE_TOKEN}\` under http: in the config.
`;

/** `vigie token`: a fresh token from the system's CSPRNG, URL-safe so it pastes anywhere. */
export const command: Command = async (argv) => {
  const parsed = parseCommand(argv, {}, HELP);
  if (!parsed) return 0;
  process.stdout.write(`${newToken()}\n`);
  return 0;
};

/** 24 random bytes as base64url: 32 characters. */
export function newToken(): string {
  return randomBytes(24).toString('base64url');
}
