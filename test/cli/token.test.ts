import { describe, expect, it } from 'vitest';
import { newToken } from '../../src/cli/token.js';
import { MIN_TOKEN_LENGTH } from '../../src/config/token-strength.js';
import { TokenAuth } from '../../src/http/auth.js';

describe('vigie token', () => {
  it('makes URL-safe tokens long enough for http.token, never the same twice', () => {
    const tokens = Array.from({ length: 200 }, () => newToken());
    expect(new Set(tokens).size).toBe(200);
    for (const t of tokens) {
      expect(t.length).toBeGreaterThanOrEqual(MIN_TOKEN_LENGTH);
      expect(t).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(() => new TokenAuth(t)).not.toThrow();
    }
    expect(() => new TokenAuth(tokens[0]?.slice(0, MIN_TOKEN_LENGTH - 1))).toThrow(/use at least 32/);
  });
});
